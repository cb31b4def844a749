from __future__ import annotations

import datetime as dt

from ninja import Schema


class ReportIn(Schema):
    topic: str
    description: str
    lat: float | None = None
    lon: float | None = None
    subdistrict: str = ""
    address: str = ""
    hide_name: bool = False
    contact_phone: str = ""


class ReportOut(Schema):
    id: int
    number: str
    topic: str
    topic_label: str
    status: str
    status_label: str
    open311_status: str
    description: str
    lat: float | None
    lon: float | None
    subdistrict: str | None
    local_government: str | None
    candidates: list[str]
    created_at: dt.datetime
    accepted_at: dt.datetime | None
    closed_at: dt.datetime | None
    accept_due: dt.datetime | None
    close_due: dt.datetime | None
    url: str


class ErrorOut(Schema):
    detail: str

from __future__ import annotations

import datetime as dt

from ninja import Schema


class PhaseOut(Schema):
    id: int
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    actions: list[str]
    is_active: bool


class SpaceOut(Schema):
    slug: str
    title: str
    summary: str
    level: str
    participation_model: str
    local_government: str | None
    province: str | None
    url: str
    phases: list[PhaseOut]


class CommentOut(Schema):
    id: int
    parent: int | None
    author: str
    stance: str
    body: str | None
    is_hidden: bool
    created_at: dt.datetime


class CommentIn(Schema):
    body: str
    stance: str = "neutral"
    parent: int | None = None


class ErrorOut(Schema):
    detail: str

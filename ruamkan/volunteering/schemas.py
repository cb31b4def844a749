from __future__ import annotations

import datetime as dt

from ninja import Schema


class ShiftOut(Schema):
    id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    places_left: int


class OpportunityOut(Schema):
    id: int
    title: str
    description: str
    owner: str
    place: str
    skills: list[str]
    shifts: list[ShiftOut]
    url: str


class SignupOut(Schema):
    id: int
    shift: int
    status: str


class ErrorOut(Schema):
    detail: str

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class AnswerStateOut(Schema):
    key: str
    name: str
    effect: str


class ProposalOut(Schema):
    id: int
    space: str
    phase: int
    title: str
    body: str | None
    category: str | None
    area_code: str | None
    lat: float | None
    lon: float | None
    state: str
    published_at: dt.datetime | None
    support_count: int
    threshold_reached_at: dt.datetime | None
    answer_due_at: dt.datetime | None
    answer_state: AnswerStateOut | None
    answered_at: dt.datetime | None
    raised_at_forum: int | None
    author: str
    url: str
    supported_by_me: bool = False


class ProposalIn(Schema):
    title: str
    body: str
    category: int | None = None
    area_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    publish: bool = False


class ProposalPatch(Schema):
    title: str | None = None
    body: str | None = None
    category: int | None = None
    lat: float | None = None
    lon: float | None = None


class SupportOut(Schema):
    proposal: int
    support_count: int
    supported: bool


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


class AnswerOut(Schema):
    id: int
    proposal: int
    state: AnswerStateOut
    text: str
    cost_estimate: Decimal | None
    created_at: dt.datetime


class AnswerIn(Schema):
    state: str
    text: str
    cost_estimate: Decimal | None = None


class AmendmentOut(Schema):
    id: int
    proposal: int
    title: str
    body: str
    reason: str
    state: str
    author: str
    created_at: dt.datetime


class AmendmentIn(Schema):
    title: str
    body: str
    reason: str = ""


class MilestoneOut(Schema):
    id: int
    title: str
    description: str
    date: dt.date
    photo: str | None
    photo_alt: str


class ResultOut(Schema):
    id: int
    parent: int | None
    title: str
    description: str
    status: str
    progress: float
    weight: int
    plan_item: str | None
    year_be: int | None
    budget: Decimal | None
    proposals: list[int]
    forums: list[int]
    milestones: list[MilestoneOut]
    children: list[ResultOut] = []


class ResultIn(Schema):
    title: str
    description: str = ""
    parent: int | None = None
    weight: int = 1
    progress: int = 0
    status: str = "not_started"
    proposals: list[int] = []


class ResultPatch(Schema):
    status: str | None = None
    progress: int | None = None


ResultOut.model_rebuild()

from __future__ import annotations

from ninja import Schema


class ProjectOut(Schema):
    id: int
    title: str
    description: str
    cost: int
    category: str
    status: str
    review_reason: str
    subdistrict: str | None
    lat: float | None
    lon: float | None


class BudgetOut(Schema):
    id: int
    space: str
    title: str
    amount: int
    ballot_type: str
    min_projects: int
    max_projects: int | None
    points: int
    rule: str
    results_published: bool
    ballots_sha256: str


class BallotIn(Schema):
    #: project id -> 1 (approval), points (cumulative) or rank (ranked; 1 = first)
    choices: dict[int, int]


class BallotOut(Schema):
    receipt: str
    choices: dict[int, int]


class ResultRowOut(Schema):
    id: int
    title: str
    cost: int
    votes: int
    selected: bool


class ResultsOut(Schema):
    rule: str
    ballots: int
    spent: int
    selected: list[int]
    rows: list[ResultRowOut]


class ErrorOut(Schema):
    detail: str
    errors: list[str] = []

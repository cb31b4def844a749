"""The public, anonymised ballot file of a budget (Pabulib format), as Helios/Belenios publish a
ballot box: no user ids, no timestamps, a cryptographically random order. Each line starts with a
tracker only the voter can recognise (derived from their receipt), so a voter can find their own
ballot and anyone can recount the result with `pb_tally`."""

from __future__ import annotations

import hashlib
import random
from typing import Any

from ruamkan.budgeting.lib.pabulib import Election, Project, election_to_text
from ruamkan.budgeting.models import Ballot, BallotChoice, Budget, BudgetProject

VOTE_TYPES = {
    "approval": "approval",
    "k_approval": "approval",
    "cumulative": "cumulative",
    "ranked": "ordinal",
}


def ballot_tracker(ballot: Ballot) -> str:
    return hashlib.sha256(f"{ballot.budget_id}:{ballot.receipt}".encode()).hexdigest()[:12]


def budget_election(budget: Budget, *, shuffle: bool = False) -> Election:
    """The budget's feasible projects and its ballots as a Pabulib election."""
    projects = list(budget.projects.filter(status=BudgetProject.Status.FEASIBLE).order_by("pk"))
    index = {p.pk: i for i, p in enumerate(projects)}
    ballots = list(Ballot.objects.filter(budget=budget).only("pk", "receipt", "budget_id"))
    choices: dict[int, list[tuple[int, int]]] = {b.pk: [] for b in ballots}
    for ballot_id, project_id, value in BallotChoice.objects.filter(
        ballot__budget=budget
    ).values_list("ballot_id", "project_id", "value"):
        if project_id in index:
            choices[ballot_id].append((index[project_id], value))
    if shuffle:
        random.SystemRandom().shuffle(ballots)
    vote_type = VOTE_TYPES[budget.ballot_type]
    rows: list[tuple[int, ...]] = []
    points: list[tuple[Any, ...]] = []
    voter_ids: list[str] = []
    for ballot in ballots:
        picked = choices[ballot.pk]
        if not picked:
            continue
        if vote_type == "ordinal":
            picked.sort(key=lambda item: item[1])  # rank 1 first
        else:
            picked.sort()
        rows.append(tuple(i for i, _v in picked))
        points.append(tuple(v for _i, v in picked))
        voter_ids.append(ballot_tracker(ballot) if shuffle else str(ballot.pk))
    lg = budget.space.local_government
    meta = {
        "description": budget.title,
        "country": "Thailand",
        "unit": lg.name_th if lg is not None else budget.space.title,
        "instance": str(budget.created_at.year + 543),
        "currency": "THB",
        "budget": str(budget.amount),
        "vote_type": vote_type,
        "rule": budget.rule,
    }
    if budget.min_projects:
        meta["min_length"] = str(budget.min_projects)
    if budget.max_projects:
        meta["max_length"] = str(budget.max_projects)
    if vote_type == "cumulative":
        meta["max_sum_points"] = str(budget.points)
    return Election(
        meta=meta,
        projects=[Project(id=str(p.pk), cost=p.cost, meta={"name": p.title}) for p in projects],
        ballots=rows,
        points=points if vote_type == "cumulative" else None,
        voter_ids=voter_ids,
        project_columns=["project_id", "cost", "name"],
    )


def anonymised_ballot_file(budget: Budget) -> str:
    return election_to_text(budget_election(budget, shuffle=True))

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Router, Status
from ninja.security import django_auth

from ruamkan.budgeting import selectors, services
from ruamkan.budgeting.models import Budget
from ruamkan.budgeting.rules import can_review_projects
from ruamkan.budgeting.schemas import (
    BallotIn,
    BallotOut,
    BudgetOut,
    ErrorOut,
    ProjectOut,
    ResultRowOut,
    ResultsOut,
)

PREFIX = "/budgets/"
router = Router(tags=["participatory budgeting"])


def _budget_out(budget: Budget) -> BudgetOut:
    return BudgetOut(
        id=budget.pk,
        space=budget.space.slug,
        title=budget.title,
        amount=budget.amount,
        ballot_type=budget.ballot_type,
        min_projects=budget.min_projects,
        max_projects=budget.max_projects,
        points=budget.points,
        rule=budget.rule,
        results_published=budget.results_published_at is not None,
        ballots_sha256=budget.ballots_hash,
    )


@router.get("/{budget_id}", response={200: BudgetOut, 404: ErrorOut})
def get_budget(request: HttpRequest, budget_id: int) -> BudgetOut:
    return _budget_out(selectors.budget_get_for_user(user=request.user, pk=budget_id))


@router.get("/{budget_id}/projects", response={200: list[ProjectOut], 404: ErrorOut})
def list_projects(request: HttpRequest, budget_id: int) -> list[ProjectOut]:
    budget = selectors.budget_get_for_user(user=request.user, pk=budget_id)
    return [
        ProjectOut(
            id=p.pk,
            title=p.title,
            description=p.description,
            cost=p.cost,
            category=p.category,
            status=p.status,
            review_reason=p.review_reason,
            subdistrict=p.subdistrict_id,
            lat=p.lat,
            lon=p.lon,
        )
        for p in selectors.budget_projects(user=request.user, budget=budget)
    ]


@router.get("/{budget_id}/ballot", auth=django_auth, response={200: BallotOut, 404: ErrorOut})
def my_ballot(request: HttpRequest, budget_id: int) -> Status:
    budget = selectors.budget_get_for_user(user=request.user, pk=budget_id)
    ballot = selectors.ballot_for(user=request.user, budget=budget)
    if ballot is None:
        return Status(404, ErrorOut(detail="no ballot"))
    return Status(
        200,
        BallotOut(
            receipt=ballot.receipt, choices={c.project_id: c.value for c in ballot.choices.all()}
        ),
    )


@router.put(
    "/{budget_id}/ballot",
    auth=django_auth,
    response={200: BallotOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Cast or replace your ballot (the last one counts)",
)
def cast_ballot(request: HttpRequest, budget_id: int, payload: BallotIn) -> Status:
    budget = selectors.budget_get_for_user(user=request.user, pk=budget_id)
    try:
        ballot = services.ballot_submit(voter=request.user, budget=budget, choices=payload.choices)
    except PermissionDenied as exc:
        return Status(403, ErrorOut(detail=str(exc)))
    except ValidationError as exc:
        return Status(400, ErrorOut(detail=exc.messages[0], errors=exc.messages))
    return Status(
        200,
        BallotOut(
            receipt=ballot.receipt, choices={c.project_id: c.value for c in ballot.choices.all()}
        ),
    )


@router.get("/{budget_id}/results", response={200: ResultsOut, 404: ErrorOut})
def results(request: HttpRequest, budget_id: int) -> Status:
    from ruamkan.budgeting.tally import budget_outcome

    budget = selectors.budget_get_for_user(user=request.user, pk=budget_id)
    if budget.results_published_at is None and not can_review_projects(request.user, budget):
        return Status(404, ErrorOut(detail="results are not published yet"))
    outcome = budget_outcome(budget)
    return Status(
        200,
        ResultsOut(
            rule=outcome.rule,
            ballots=outcome.ballots,
            spent=outcome.spent,
            selected=outcome.selected_ids,
            rows=[
                ResultRowOut(**{k: r[k] for k in ("id", "title", "cost", "votes", "selected")})
                for r in outcome.rows
            ],
        ),
    )

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from ruamkan.budgeting.models import Ballot, BallotChoice, Budget, BudgetProject
from ruamkan.budgeting.rules import can_review_projects, can_view_budget


def budget_get_for_user(*, user: Any, pk: int) -> Budget:
    budget = Budget.objects.select_related("space", "space__local_government").filter(pk=pk).first()
    if budget is None or not can_view_budget(user, budget):
        raise Http404(_("No such budget."))
    return budget


def budget_projects(*, user: Any, budget: Budget) -> QuerySet[BudgetProject]:
    qs = budget.projects.select_related("subdistrict").order_by("title")
    if not can_review_projects(user, budget):
        # Everyone sees what is on the ballot and what was refused (with the reason);
        # proposals waiting for review are shown too, so people see their idea arrived.
        qs = qs.filter(is_hidden=False).exclude(status=BudgetProject.Status.WITHDRAWN)
    return qs


def ballot_for(*, user: Any, budget: Budget) -> Ballot | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Ballot.objects.filter(budget=budget, voter=user).prefetch_related("choices").first()


def votes_per_project(budget: Budget) -> dict[int, dict[str, int]]:
    rows = (
        BallotChoice.objects.filter(ballot__budget=budget)
        .values("project_id")
        .annotate(ballots=Count("id"), points=Sum("value"))
    )
    return {r["project_id"]: {"ballots": r["ballots"], "points": r["points"] or 0} for r in rows}


def receipt_lookup(*, code: str) -> Ballot | None:
    code = code.strip().upper().replace(" ", "")
    if len(code) == 10:
        code = f"{code[:5]}-{code[5:]}"
    return Ballot.objects.select_related("budget").filter(receipt=code).first()

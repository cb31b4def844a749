"""Ballot rules, checked when a ballot is submitted (pure: no ORM)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class BallotSpec:
    ballot_type: str  # approval | k_approval | cumulative | ranked
    amount: int
    costs: dict[int, int]  # project id -> cost, only projects on the ballot
    min_projects: int = 0
    max_projects: int | None = None
    points: int = 10


def ballot_errors(spec: BallotSpec, choices: dict[int, int]) -> list[str]:
    """Every problem with a ballot, in words a voter understands (empty list: valid)."""
    errors: list[str] = []
    unknown = [pid for pid in choices if pid not in spec.costs]
    if unknown:
        errors.append(_("Some chosen projects are not on this ballot."))
        return errors
    chosen = {pid: v for pid, v in choices.items() if v}
    n = len(chosen)
    if n == 0:
        errors.append(_("Choose at least one project."))
        return errors
    if spec.min_projects and n < spec.min_projects:
        errors.append(_("Choose at least %(n)d projects.") % {"n": spec.min_projects})
    if spec.max_projects and n > spec.max_projects:
        errors.append(_("Choose at most %(n)d projects.") % {"n": spec.max_projects})
    if spec.ballot_type == "approval":
        total = sum(spec.costs[pid] for pid in chosen)
        if total > spec.amount:
            errors.append(
                _("Your projects cost %(total)s baht, more than the budget of %(amount)s baht.")
                % {"total": f"{total:,}", "amount": f"{spec.amount:,}"}
            )
    elif spec.ballot_type == "cumulative":
        used = sum(chosen.values())
        if used > spec.points:
            errors.append(
                _("You used %(used)d points; you have %(points)d.")
                % {"used": used, "points": spec.points}
            )
    elif spec.ballot_type == "ranked":
        ranks = sorted(chosen.values())
        if ranks != list(range(1, n + 1)):
            errors.append(_("Rank the projects 1, 2, 3 … without gaps or repeats."))
    return errors

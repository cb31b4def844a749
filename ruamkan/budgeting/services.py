"""Writes for participatory budgeting. Ballots are safe under concurrency: one row per voter per
budget is enforced by the database, and a resubmission replaces the choices in one transaction."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruamkan.budgeting.models import Ballot, BallotChoice, Budget, BudgetProject
from ruamkan.budgeting.rules import can_manage_budget, can_review_projects
from ruamkan.budgeting.validation import BallotSpec, ballot_errors
from ruamkan.core.audit import audit_record
from ruamkan.core.html import plain_text
from ruamkan.spaces.models import Phase
from ruamkan.spaces.rules import can_manage_space
from ruamkan.spaces.selectors import phase_action_check

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


def _receipt() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    return f"{code[:5]}-{code[5:]}"


def active_phase(budget: Budget, kind: str) -> Phase | None:
    now = timezone.now()
    return next(
        (
            p
            for p in budget.space.phases.all()
            if p.content_key == f"budgeting.{kind}" and p.is_active(now)
        ),
        None,
    )


def _check(user: Any, budget: Budget, kind: str, action: str) -> Phase:
    phase = active_phase(budget, kind)
    if phase is None:
        raise PermissionDenied(
            _("Voting is not open for this budget.")
            if kind == "voting"
            else _("Project ideas are not being collected now.")
        )
    check = phase_action_check(user=user, phase=phase, action=action)
    if not check.allowed:
        raise PermissionDenied(check.reason)
    return phase


@transaction.atomic
def budget_create(*, by: Any, space: Any, title: str, amount: int, **fields: Any) -> Budget:
    if not can_manage_space(by, space):
        raise PermissionDenied(_("You cannot change this space."))
    subdistricts = fields.pop("subdistricts", None)
    budget = Budget(space=space, title=plain_text(title), amount=amount, **fields)
    budget.full_clean()
    budget.save()
    if subdistricts:
        budget.subdistricts.set(subdistricts)
    audit_record(
        actor=by, action="budget.create", obj=budget, local_government=space.local_government
    )
    return budget


@transaction.atomic
def project_submit(
    *,
    proposer: Any,
    budget: Budget,
    title: str,
    description: str,
    cost: int,
    category: str = "",
    subdistrict: Any = None,
    lat: float | None = None,
    lon: float | None = None,
    image: Any = None,
) -> BudgetProject:
    _check(proposer, budget, "submission", "create")
    title, description = plain_text(title).strip(), plain_text(description).strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Please give the project a title.")
    if not description:
        errors["description"] = _("Please describe the project.")
    if cost <= 0:
        errors["cost"] = _("The cost must be more than 0 baht.")
    elif cost > budget.amount:
        errors["cost"] = _("The cost is more than the whole budget.")
    if errors:
        raise ValidationError(errors)
    project = BudgetProject(
        budget=budget,
        title=title[:200],
        description=description[:5000],
        cost=cost,
        category=plain_text(category)[:80],
        subdistrict=subdistrict,
        lat=lat,
        lon=lon,
        proposer=proposer,
    )
    if image is not None:
        from ruamkan.core.images import reencode_image

        clean = reencode_image(image)
        project.image.save(clean.name or "photo.jpg", clean, save=False)
    project.save()
    _index_project(project)
    return project


@transaction.atomic
def project_review(
    *,
    official: Any,
    project: BudgetProject,
    feasible: bool,
    reason: str,
    cost: int | None = None,
) -> BudgetProject:
    if not can_review_projects(official, project.budget):
        raise PermissionDenied(_("Only the local government's officials review projects."))
    reason = plain_text(reason).strip()
    if not feasible and not reason:
        raise ValidationError({"reason": _("Say why the project is not feasible.")})
    if cost is not None:
        if cost <= 0:
            raise ValidationError({"cost": _("The cost must be more than 0 baht.")})
        project.cost = cost
    project.status = BudgetProject.Status.FEASIBLE if feasible else BudgetProject.Status.INFEASIBLE
    project.review_reason = reason
    project.reviewed_by = official
    project.save(update_fields=["status", "review_reason", "reviewed_by", "cost", "updated_at"])
    _index_project(project)
    audit_record(
        actor=official,
        action="budget.project_review",
        obj=project,
        local_government=project.budget.space.local_government,
        feasible=feasible,
        cost=project.cost,
    )
    if project.proposer_id:
        from ruamkan.spaces.services import notify

        notify(
            users=[project.proposer],
            verb="budget_review",
            text=_("Your project “%(t)s” was reviewed: %(s)s")
            % {"t": project.title[:60], "s": project.get_status_display()},
            url=project.budget.get_absolute_url(),
        )
    return project


def _index_project(project: BudgetProject) -> None:
    from ruamkan.budgeting.search_indexes import project_document
    from ruamkan.search.services import search_document_upsert

    search_document_upsert(**project_document(project))


def ballot_spec(budget: Budget) -> BallotSpec:
    costs = dict(
        budget.projects.filter(status=BudgetProject.Status.FEASIBLE).values_list("id", "cost")
    )
    return BallotSpec(
        ballot_type=budget.ballot_type,
        amount=budget.amount,
        costs=costs,
        min_projects=budget.min_projects,
        max_projects=budget.max_projects,
        points=budget.points,
    )


def _validate(budget: Budget, choices: dict[int, int]) -> dict[int, int]:
    clean = {int(k): int(v) for k, v in choices.items() if int(v) > 0}
    errors = ballot_errors(ballot_spec(budget), clean)
    if errors:
        raise ValidationError(errors)
    if budget.ballot_type in (Budget.BallotType.APPROVAL, Budget.BallotType.K_APPROVAL):
        clean = dict.fromkeys(clean, 1)
    return clean


def _lives_in_budget_area(user: Any, budget: Budget) -> bool:
    codes = set(budget.subdistricts.values_list("code", flat=True))
    return not codes or (user.home_subdistrict_id in codes)


def _store_choices(ballot: Ballot, choices: dict[int, int]) -> None:
    BallotChoice.objects.filter(ballot=ballot).delete()
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, project_id=pid, value=value) for pid, value in choices.items()
    )


def ballot_submit(*, voter: Any, budget: Budget, choices: dict[int, int]) -> Ballot:
    """Cast or replace a voter's ballot. Returns the ballot (its receipt stays the same)."""
    _check(voter, budget, "voting", "vote")
    if not _lives_in_budget_area(voter, budget):
        raise PermissionDenied(_("This budget is only for residents of its area."))
    clean = _validate(budget, choices)
    if budget.exclusive_group:
        other = (
            Ballot.objects.filter(
                voter=voter,
                budget__space=budget.space,
                budget__exclusive_group=budget.exclusive_group,
            )
            .exclude(budget=budget)
            .select_related("budget")
            .first()
        )
        if other is not None:
            raise ValidationError(
                _("You already voted in “%(title)s”; you can vote in only one of these budgets.")
                % {"title": other.budget.title}
            )
    identity = getattr(voter, "citizen_identity", None)
    id_hash = identity.id_hmac if identity is not None else None
    for _attempt in range(3):
        try:
            with transaction.atomic():
                ballot = (
                    Ballot.objects.select_for_update().filter(budget=budget, voter=voter).first()
                )
                if ballot is None:
                    ballot = Ballot.objects.create(
                        budget=budget,
                        voter=voter,
                        voter_id_hash=id_hash,
                        receipt=_receipt(),
                    )
                else:
                    ballot.save(update_fields=["submitted_at"])
                _store_choices(ballot, clean)
                return ballot
        except IntegrityError as exc:
            # Either a parallel request by the same voter created the row first (retry: it now
            # exists and is replaced), or this citizen ID already voted on paper.
            if (
                id_hash
                and Ballot.objects.filter(budget=budget, voter_id_hash=id_hash)
                .exclude(voter=voter)
                .exists()
            ):
                raise ValidationError(
                    _("A ballot for this citizen ID was already entered on paper.")
                ) from exc
    raise ValidationError(_("Please try again."))


@transaction.atomic
def ballot_enter_paper(
    *, official: Any, budget: Budget, citizen_id: str, choices: dict[int, int]
) -> Ballot:
    if not can_review_projects(official, budget):
        raise PermissionDenied(_("Only the local government's officials enter paper ballots."))
    if active_phase(budget, "voting") is None:
        raise PermissionDenied(_("Voting is not open for this budget."))
    from ruamkan.accounts.services import citizen_id_hash

    id_hash, _masked = citizen_id_hash(citizen_id)
    clean = _validate(budget, choices)
    if Ballot.objects.filter(budget=budget, voter_id_hash=id_hash).exists():
        raise ValidationError(_("This person has already voted (online or on paper)."))
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                budget=budget,
                voter_id_hash=id_hash,
                channel=Ballot.Channel.PAPER,
                receipt=_receipt(),
                entered_by=official,
            )
            _store_choices(ballot, clean)
    except IntegrityError as exc:
        raise ValidationError(_("This person has already voted (online or on paper).")) from exc
    audit_record(
        actor=official,
        action="budget.paper_ballot",
        obj=ballot,
        local_government=budget.space.local_government,
    )
    return ballot


@transaction.atomic
def budget_publish_results(*, by: Any, budget: Budget) -> Budget:
    if not can_manage_budget(by, budget):
        raise PermissionDenied(_("You cannot change this budget."))
    from ruamkan.budgeting.audit import anonymised_ballot_file

    content = anonymised_ballot_file(budget)
    budget.ballots_file = content
    budget.ballots_hash = hashlib.sha256(content.encode("utf-8")).hexdigest()
    budget.results_published_at = timezone.now()
    budget.save(
        update_fields=["ballots_file", "ballots_hash", "results_published_at", "updated_at"]
    )
    audit_record(
        actor=by,
        action="budget.publish_results",
        obj=budget,
        local_government=budget.space.local_government,
        sha256=budget.ballots_hash,
    )
    return budget

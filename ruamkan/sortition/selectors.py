"""Reads for citizens' assemblies, scoped to what the person may see."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ruamkan.sortition.models import Assembly, Member, Quota, Registration, SelectionRun
from ruamkan.sortition.rules import can_view_assembly
from ruamkan.spaces.models import Phase, Space
from ruamkan.spaces.selectors import phase_action_check

PHASE_KEY = "sortition.assembly"


def assembly_get_for_user(*, user: Any, pk: int) -> Assembly:
    assembly = (Assembly.objects.select_related("space", "space__local_government")
                .filter(pk=pk).first())
    if assembly is None or not can_view_assembly(user, assembly):
        raise Http404(_("No such assembly."))
    return assembly


def assembly_list_for_space(*, space: Space) -> QuerySet[Assembly]:
    return Assembly.objects.filter(space=space).select_related("space")


def features_of(assembly: Assembly) -> dict[str, list[Quota]]:
    """Quotas grouped by feature, in file order."""
    grouped: dict[str, list[Quota]] = {}
    for quota in assembly.quotas.all():
        grouped.setdefault(quota.feature, []).append(quota)
    return grouped


def features_csv(assembly: Assembly) -> str:
    """The quotas in the engine's features format (feature,value,min,max), in their order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["feature", "value", "min", "max"])
    for rows in features_of(assembly).values():
        for q in rows:
            writer.writerow([q.feature, q.value, q.min, q.max])
    return out.getvalue()


def pool_csv(assembly: Assembly) -> str:
    """The anonymised pool in the engine's people format: random id and feature values only,
    sorted by id so the order does not reveal who registered when."""
    names = list(features_of(assembly))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", *names])
    for reg in assembly.registrations.order_by("public_id").only("public_id", "values"):
        writer.writerow([reg.public_id, *(reg.values.get(n, "") for n in names)])
    return out.getvalue()


def run_latest(assembly: Assembly) -> SelectionRun | None:
    return assembly.runs.order_by("-created_at", "-pk").first()


def run_published(assembly: Assembly) -> SelectionRun | None:
    """The draw whose panel stands (there is at most one successful draw per assembly)."""
    return assembly.runs.filter(status=SelectionRun.Status.DONE).order_by("-pk").first()


def downloads_source(assembly: Assembly) -> tuple[str, str]:
    """(pool, features) CSV: the files the standing draw used, else the current ones."""
    run = run_published(assembly)
    if run is not None:
        return run.pool_csv, run.features_csv
    return pool_csv(assembly), features_csv(assembly)


def members_serving(assembly: Assembly) -> QuerySet[Member]:
    return (assembly.members.filter(status=Member.Status.SELECTED)
            .select_related("registration", "registration__person"))


def member_history(assembly: Assembly) -> QuerySet[Member]:
    return assembly.members.select_related(
        "registration", "registration__person", "replaces__registration"
    ).order_by("round", "registration__public_id")


def registration_of(*, user: Any, assembly: Assembly) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return assembly.registrations.filter(person=user).first()


def is_member(*, user: Any, assembly: Assembly) -> bool:
    return getattr(user, "is_authenticated", False) and assembly.members.filter(
        registration__person=user, status=Member.Status.SELECTED
    ).exists()


@dataclass
class Check:
    allowed: bool
    reason: str = ""
    needs_login: bool = False


def register_check(*, user: Any, assembly: Assembly, now: Any = None) -> Check:
    """May this person register interest now? If not, why (to show them)."""
    now = now or timezone.now()
    if run_published(assembly) is not None:
        return Check(False, _("Registration has closed: the panel has been drawn."))
    if assembly.seed_published_at is not None:
        return Check(False, _("Registration has closed: the lottery seed is published."))
    if not assembly.recruitment_open(now):
        if now < assembly.recruitment_opens_at:
            return Check(False, _("Registration has not opened yet."))
        return Check(False, _("Registration has closed."))
    phases = [p for p in Phase.objects.filter(space=assembly.space, content_key=PHASE_KEY)
              .select_related("space", "space__local_government") if p.is_active(now)]
    if not phases:
        return Check(False, _("Registration is not open in this space now."))
    check = phase_action_check(user=user, phase=phases[0], action="register", now=now)
    if not check.allowed:
        return Check(False, check.reason, needs_login=check.needs_login)
    if registration_of(user=user, assembly=assembly) is not None:
        return Check(False, _("You have registered your interest. Thank you."))
    return Check(True)


def histogram(probabilities: list[float], *, bins: int = 10) -> list[dict[str, float]]:
    """Counts of people per probability band, from 0 to the highest probability."""
    if not probabilities:
        return []
    top = max(probabilities) or 1.0
    width = top / bins
    counts = [0] * bins
    for p in probabilities:
        counts[min(int(p / width), bins - 1) if width else 0] += 1
    return [{"low": i * width, "high": (i + 1) * width, "count": c}
            for i, c in enumerate(counts)]


def histogram_svg_bars(hist: list[dict[str, float]], *, width: int = 300,
                       height: int = 120) -> list[dict[str, float]]:
    """Bar geometry for the SVG (no inline styles under the CSP)."""
    if not hist:
        return []
    top = max(h["count"] for h in hist) or 1
    bar = width / len(hist)
    bars = []
    for i, h in enumerate(hist):
        tall = (h["count"] / top) * (height - 20)
        bars.append({"x": round(i * bar + 1, 1), "y": round(height - 14 - tall, 1),
                     "w": round(bar - 2, 1), "h": round(tall, 1), "count": h["count"],
                     "low": h["low"], "high": h["high"], "label_x": round(i * bar + bar / 2, 1)})
    return bars

"""Reads for service requests: public lists, officers' queues (permission-scoped), statistics."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ruamkan.areas.models import LocalGovernment
from ruamkan.servicerequests.models import (
    CLOSED_STATUSES,
    Report,
    ResponseTemplate,
    ServiceCategory,
    Status,
    Topic,
)
from ruamkan.servicerequests.rules import can_handle_report, handled_body_ids


def report_public_qs() -> QuerySet[Report]:
    return Report.objects.select_related("local_government", "category", "subdistrict")


def report_get_public(*, pk: int) -> Report:
    report = report_public_qs().filter(pk=pk).first()
    if report is None:
        raise Http404(_("No such report."))
    return report


def report_get_for_officer(*, user: Any, pk: int) -> Report:
    report = report_get_public(pk=pk)
    if not can_handle_report(user, report):
        raise PermissionDenied(_("You do not handle this report."))
    return report


def report_public_events(*, report: Report) -> QuerySet[Any]:
    return report.events.filter(is_internal=False).select_related(
        "actor", "from_body", "to_body", "other_report")


def bodies_for_officer(*, user: Any) -> QuerySet[LocalGovernment]:
    ids = handled_body_ids(user)
    qs = LocalGovernment.objects.all()
    return qs if ids is None else qs.filter(pk__in=ids)


def body_for_officer(*, user: Any, code: str) -> LocalGovernment:
    body = bodies_for_officer(user=user).filter(code=code).first()
    if body is None:
        raise PermissionDenied(_("You do not work for this body."))
    return body


@dataclass
class QueueFilters:
    status: str = ""
    topic: str = ""
    overdue: bool = False
    q: str = ""
    triage: bool = False


def queue(*, user: Any, body: LocalGovernment, filters: QueueFilters,
          now: dt.datetime | None = None) -> QuerySet[Report]:
    """The body's reports (or its share of the triage queue) for an officer of it."""
    body_for_officer(user=user, code=body.code)
    now = now or timezone.now()
    qs = report_public_qs().prefetch_related("candidates")
    if filters.triage:
        qs = qs.filter(local_government__isnull=True, candidates=body).exclude(
            status__in=CLOSED_STATUSES)
    else:
        qs = qs.filter(local_government=body)
    if filters.status == "open":
        qs = qs.exclude(status__in=CLOSED_STATUSES)
    elif filters.status in Status.values:
        qs = qs.filter(status=filters.status)
    if filters.topic in Topic.values:
        qs = qs.filter(topic=filters.topic)
    if filters.overdue:
        qs = qs.exclude(status__in=CLOSED_STATUSES).filter(
            Q(close_due__lt=now)
            | Q(accept_due__lt=now, status__in=[Status.WAITING, Status.FORWARDED]))
    if filters.q:
        term = filters.q.strip().lstrip("#")
        if term.isdigit():
            qs = qs.filter(pk=int(term))
        else:
            qs = qs.filter(Q(description__icontains=term) | Q(address__icontains=term))
    return qs.distinct().order_by("accept_due", "created_at")


def templates_for(*, body: LocalGovernment) -> QuerySet[ResponseTemplate]:
    return ResponseTemplate.objects.filter(local_government=body)


def categories_open311(*, jurisdiction: str = "") -> QuerySet[ServiceCategory]:
    qs = ServiceCategory.objects.filter(is_active=True).select_related("local_government")
    if jurisdiction:
        qs = qs.filter(local_government__code=jurisdiction)
    return qs.prefetch_related("attributes").order_by("local_government__code", "position", "code")


# Statistics -----------------------------------------------------------------------------------

@dataclass
class TopicRow:
    topic: str
    label: str
    total: int
    open: int
    share: int = 0  # percent of the largest row, for the bar


@dataclass
class Stats:
    total: int = 0
    open: int = 0
    closed: int = 0
    by_status: list[tuple[str, str, int]] = field(default_factory=list)
    median_accept_hours: float | None = None
    median_close_hours: float | None = None
    within_accept_pct: int | None = None
    within_close_pct: int | None = None
    mean_rating: float | None = None
    by_topic: list[TopicRow] = field(default_factory=list)


def _hours(delta: dt.timedelta) -> float:
    return delta.total_seconds() / 3600


def stats_for(*, qs: QuerySet[Report]) -> Stats:
    rows = list(qs.values("status", "topic", "created_at", "accepted_at", "closed_at",
                          "accept_due", "close_due", "rating"))
    out = Stats(total=len(rows))
    counts: dict[str, int] = {}
    topics: dict[str, list[int]] = {}
    accept, close, ratings = [], [], []
    accept_in, accept_n, close_in, close_n = 0, 0, 0, 0
    for row in rows:
        closed = row["status"] in CLOSED_STATUSES
        counts[row["status"]] = counts.get(row["status"], 0) + 1
        bucket = topics.setdefault(row["topic"], [0, 0])
        bucket[0] += 1
        bucket[1] += 0 if closed else 1
        if row["accepted_at"]:
            accept.append(_hours(row["accepted_at"] - row["created_at"]))
            if row["accept_due"]:
                accept_n += 1
                accept_in += row["accepted_at"] <= row["accept_due"]
        if row["closed_at"] and row["status"] == Status.DONE:
            close.append(_hours(row["closed_at"] - row["created_at"]))
            if row["close_due"]:
                close_n += 1
                close_in += row["closed_at"] <= row["close_due"]
        if row["rating"]:
            ratings.append(row["rating"])
    out.closed = sum(n for s, n in counts.items() if s in CLOSED_STATUSES)
    out.open = out.total - out.closed
    out.by_status = [(s.value, str(s.label), counts.get(s.value, 0)) for s in Status]
    out.median_accept_hours = round(statistics.median(accept), 1) if accept else None
    out.median_close_hours = round(statistics.median(close), 1) if close else None
    out.within_accept_pct = round(100 * accept_in / accept_n) if accept_n else None
    out.within_close_pct = round(100 * close_in / close_n) if close_n else None
    out.mean_rating = round(statistics.mean(ratings), 2) if ratings else None
    biggest = max((v[0] for v in topics.values()), default=0)
    out.by_topic = sorted(
        (TopicRow(topic=t, label=str(Topic(t).label), total=v[0], open=v[1],
                  share=round(100 * v[0] / biggest) if biggest else 0)
         for t, v in topics.items()),
        key=lambda r: -r.total,
    )
    return out

"""Writes for service requests: filing, routing, officer actions, citizens' follow-up, service
levels, API keys. Each function is atomic and does its own side effects (history, notifications,
LINE pushes after commit)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import time
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruamkan.areas.models import LocalGovernment
from ruamkan.core.audit import audit_record
from ruamkan.core.html import plain_text
from ruamkan.core.images import reencode_image
from ruamkan.servicerequests import locating
from ruamkan.servicerequests.lib.workdays import add_working_days, previous_working_day_start
from ruamkan.servicerequests.models import (
    CLOSED_STATUSES,
    UNACCEPTED_STATUSES,
    ApiClient,
    Escalation,
    Holiday,
    Report,
    ReportEvent,
    ReportPhoto,
    ServiceCategory,
    Status,
    Topic,
)
from ruamkan.servicerequests.rules import can_handle_report, is_reporter

log = logging.getLogger(__name__)

MAX_PHOTOS = 5
MAX_DESCRIPTION = 4000
DEFAULT_ACCEPT_DAYS = 3
DEFAULT_CLOSE_DAYS = 15
# Working days overdue after which the province is told as well as the supervisor.
PROVINCE_AFTER_DAYS = 2
REOPEN_WITHIN_DAYS = 30

# Officers' moves. Forwarding has its own service; reopening is open to the reporter too.
TRANSITIONS: dict[str, set[str]] = {
    Status.WAITING: {Status.ACCEPTED, Status.IN_PROGRESS, Status.DONE, Status.NOT_RELEVANT,
                     Status.DUPLICATE},
    Status.FORWARDED: {Status.ACCEPTED, Status.IN_PROGRESS, Status.DONE, Status.NOT_RELEVANT,
                       Status.DUPLICATE},
    Status.REOPENED: {Status.ACCEPTED, Status.IN_PROGRESS, Status.DONE, Status.NOT_RELEVANT,
                      Status.DUPLICATE},
    Status.ACCEPTED: {Status.IN_PROGRESS, Status.DONE, Status.NOT_RELEVANT, Status.DUPLICATE},
    Status.IN_PROGRESS: {Status.ACCEPTED, Status.DONE, Status.NOT_RELEVANT, Status.DUPLICATE},
    Status.DONE: {Status.REOPENED},
    Status.NOT_RELEVANT: {Status.REOPENED},
    Status.DUPLICATE: {Status.REOPENED},
}


# Holidays and clocks --------------------------------------------------------------------------

# Holidays change a few times a year; each process re-reads them at most once a minute rather
# than on every report (they are a few dozen rows).
HOLIDAY_TTL = 60.0
_holiday_cache: dict[str, Any] = {"at": -HOLIDAY_TTL, "dates": frozenset()}


def holiday_dates() -> frozenset[dt.date]:
    now = time.monotonic()
    if now - _holiday_cache["at"] > HOLIDAY_TTL:
        _holiday_cache["dates"] = frozenset(Holiday.objects.values_list("date", flat=True))
        _holiday_cache["at"] = now
    return _holiday_cache["dates"]


def holiday_cache_clear() -> None:
    _holiday_cache["at"] = -HOLIDAY_TTL


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value)


def due_after(start: dt.datetime, working_days: int) -> dt.datetime:
    local = _local(start)
    return add_working_days(local, working_days, holiday_dates())


def _days(category: ServiceCategory | None, which: str) -> int:
    if category is None:
        return DEFAULT_ACCEPT_DAYS if which == "accept" else DEFAULT_CLOSE_DAYS
    return category.accept_days if which == "accept" else category.close_days


# Routing --------------------------------------------------------------------------------------

def route(*, topic: str, candidates: Sequence[LocalGovernment]
          ) -> tuple[LocalGovernment | None, ServiceCategory | None, list[LocalGovernment]]:
    """The one candidate body with an active category for the topic, or (None, None, shared)
    for the triage queue: several bodies handle it here, or none does."""
    categories = list(
        ServiceCategory.objects.filter(
            local_government__in=list(candidates), topic=topic, is_active=True
        ).select_related("local_government")
    )
    if len(categories) == 1:
        return categories[0].local_government, categories[0], list(candidates)
    if categories:
        return None, None, [c.local_government for c in categories]
    return None, None, list(candidates)


def category_for(*, local_government: LocalGovernment, topic: str) -> ServiceCategory | None:
    return ServiceCategory.objects.filter(
        local_government=local_government, topic=topic, is_active=True
    ).first()


# Filing ---------------------------------------------------------------------------------------

def _clean_photos(photos: Iterable[Any]) -> list[Any]:
    photos = [p for p in photos if p]
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(_("At most %(n)d photos.") % {"n": MAX_PHOTOS}, code="photos")
    # Re-encode everything before writing anything: one bad photo refuses the whole report.
    return [reencode_image(p) for p in photos]


def _clean_description(description: str) -> str:
    text = plain_text(description or "").strip()
    if not text:
        raise ValidationError(_("Please describe the problem."), code="description")
    if len(text) > MAX_DESCRIPTION:
        raise ValidationError(
            _("The description is too long (at most %(n)d characters).") % {"n": MAX_DESCRIPTION},
            code="description",
        )
    return text


def locate(*, lat: float | None, lon: float | None, subdistrict_code: str = "") -> locating.Located:
    if lat is not None and lon is not None:
        return locating.locate_point(lat=lat, lon=lon)
    if subdistrict_code:
        return locating.locate_subdistrict(code=subdistrict_code)
    raise locating.LocationError(
        _("Please give the location: a pin on the map, your phone's position or the subdistrict.")
    )


def report_create(
    *,
    description: str,
    topic: str | None = None,
    category: ServiceCategory | None = None,
    lat: float | None = None,
    lon: float | None = None,
    subdistrict_code: str = "",
    address: str = "",
    reporter: Any = None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    hide_name: bool = False,
    photos: Iterable[Any] = (),
    clean_photos: Iterable[Any] = (),
    channel: str = Report.Channel.WEB,
    api_client: ApiClient | None = None,
    line_user_id: str = "",
    attributes: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> Report:
    """File a report. Raises ValidationError (bad input, unknown topic, bad photo) or
    locating.LocationError (missing or foreign location); nothing is stored then.

    Checking, photo re-encoding, the place lookup and routing happen before the transaction:
    SQLite takes its write lock at BEGIN, so only the inserts hold it (the rest can take
    hundreds of milliseconds for a large photo)."""
    now = now or timezone.now()
    if category is not None:
        topic = category.topic
    if topic not in Topic.values:
        raise ValidationError(_("Unknown category."), code="category")
    text = _clean_description(description)
    files = _clean_photos(photos) + list(clean_photos)
    if (lat is None) != (lon is None):
        raise locating.LocationError(_("Both latitude and longitude are needed."))
    place = locate(lat=lat, lon=lon, subdistrict_code=subdistrict_code)

    body: LocalGovernment | None
    chosen: ServiceCategory | None
    if category is not None and category.local_government_id in {c.pk for c in place.candidates}:
        # The client chose a body's category and that body serves the place: trust it.
        body, chosen, shared = category.local_government, category, list(place.candidates)
    else:
        body, chosen, shared = route(topic=topic, candidates=place.candidates)
    user = reporter if getattr(reporter, "is_authenticated", False) else None
    officers = _officers([body] if body else shared)
    accept_due = due_after(now, _days(chosen, "accept"))
    close_due = due_after(now, _days(chosen, "close"))
    with transaction.atomic():
        report = Report.objects.create(
            topic=topic, category=chosen, local_government=body, description=text,
            lat=lat, lon=lon, address=plain_text(address or "")[:300],
            subdistrict=place.subdistrict,
            province_id=place.subdistrict.province_id if place.subdistrict else (
                body.province_id if body else None),
            boundary_id=place.boundary_id, reporter=user,
            contact_name=(contact_name or "")[:100], contact_email=contact_email or "",
            contact_phone=(contact_phone or "")[:20], hide_name=hide_name, channel=channel,
            api_client=api_client, line_user_id=line_user_id, token=secrets.token_hex(12),
            attributes=attributes or {}, created_at=now, updated_at=now,
            routed_at=now if body else None, accept_due=accept_due, close_due=close_due,
        )
        if body is None and shared:
            report.candidates.set(shared)
        for content in files:
            photo = ReportPhoto(report=report, kind=ReportPhoto.Kind.REPORT, uploaded_by=user,
                                created_at=now)
            photo.image.save(content.name, content, save=False)
            photo.save()
        events = [ReportEvent(report=report, kind=ReportEvent.Kind.CREATED, actor=user,
                              to_status=report.status, created_at=now)]
        if body is not None:
            events.append(ReportEvent(report=report, kind=ReportEvent.Kind.ROUTED, to_body=body,
                                      created_at=now))
        ReportEvent.objects.bulk_create(events)
        if user is not None:
            _follow(user, report)
        from ruamkan.spaces.services import notify

        notify(users=officers, verb="report_new", url=report.get_absolute_url(),
               text=_("New report #%(n)s: %(topic)s") % {
                   "n": report.number, "topic": report.get_topic_display()})
    return report


# Notifications --------------------------------------------------------------------------------

def _follow(user: Any, report: Report) -> None:
    from ruamkan.spaces.services import follow_add

    follow_add(user=user, target=report)


def _officers(bodies: Iterable[LocalGovernment | None], *, admins_only: bool = False) -> list[Any]:
    from ruamkan.accounts.models import Role, User

    ids = [b.pk for b in bodies if b is not None]
    wanted = [Role.LG_ADMIN] if admins_only else [Role.LG_ADMIN, Role.LG_OFFICER]
    return list(User.objects.filter(roles__local_government_id__in=ids, roles__role__in=wanted,
                                    is_active=True).distinct())


def _coordinators(province_id: str | None) -> list[Any]:
    from ruamkan.accounts.models import Role, User

    if not province_id:
        return []
    return list(User.objects.filter(roles__role=Role.PROVINCIAL_COORDINATOR,
                                    roles__province_id=province_id, is_active=True).distinct())


def _notify_officers(report: Report, *, bodies: Iterable[LocalGovernment | None], verb: str,
                     text: str) -> int:
    from ruamkan.spaces.services import notify

    return notify(users=_officers(bodies), verb=verb, text=text, url=report.get_absolute_url())


def _notify_citizens(report: Report, *, text: str, exclude: Iterable[Any] = ()) -> None:
    from ruamkan.spaces.services import notify_followers

    notify_followers(target=report, verb="report_status", text=text,
                     url=report.get_absolute_url(), exclude=exclude)
    if report.line_user_id:
        line_user_id, message = report.line_user_id, text

        def push() -> None:
            from ruamkan.servicerequests.line import get_messenger

            try:
                get_messenger().push(line_user_id, message)
            except Exception:  # a LINE outage must not undo the officer's work
                log.exception("LINE push failed for report %s", report.pk)

        transaction.on_commit(push)


def _status_text(report: Report, note: str = "") -> str:
    text = _("Report #%(n)s is now: %(status)s") % {
        "n": report.number, "status": report.get_status_display()}
    return f"{text}. {note}" if note else text


# Officer actions ------------------------------------------------------------------------------

def _require_handler(by: Any, report: Report) -> None:
    if not can_handle_report(by, report):
        raise PermissionDenied(_("You do not handle this report."))


def _save_photos(report: Report, photos: Iterable[Any], kind: str, by: Any) -> None:
    for content in _clean_photos(photos):
        photo = ReportPhoto(report=report, kind=kind,
                            uploaded_by=by if getattr(by, "is_authenticated", False) else None)
        photo.image.save(content.name, content, save=False)
        photo.save()


def _apply_status(report: Report, to: str, *, now: dt.datetime) -> str:
    previous = report.status
    report.status = to
    report.updated_at = now
    if to not in UNACCEPTED_STATUSES and report.accepted_at is None and to != Status.REOPENED:
        report.accepted_at = now
    if to in CLOSED_STATUSES:
        report.closed_at = now
    elif previous in CLOSED_STATUSES:
        report.closed_at = None
        report.close_due = due_after(now, _days(report.category, "close"))
    return previous


@transaction.atomic
def report_update_status(
    *, by: Any, report: Report, status: str, text: str = "", photos: Iterable[Any] = (),
    photo_kind: str = ReportPhoto.Kind.AFTER, now: dt.datetime | None = None,
) -> Report:
    now = now or timezone.now()
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_handler(by, report)
    if report.local_government_id is None:
        raise ValidationError(_("Assign the report to a body before changing its status."),
                              code="triage")
    if status not in TRANSITIONS.get(report.status, set()):
        raise ValidationError(
            _("A report that is “%(from)s” cannot become “%(to)s”.") % {
                "from": report.get_status_display(), "to": Status(status).label},
            code="transition",
        )
    if status == Status.DONE and photo_kind == ReportPhoto.Kind.AFTER and not text.strip():
        text = _("The problem has been fixed.")
    _save_photos(report, photos, photo_kind, by)
    previous = _apply_status(report, status, now=now)
    if status == Status.REOPENED:
        report.reopen_count += 1
    report.save()
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.STATUS, actor=by,
                               from_status=previous, to_status=status,
                               text=plain_text(text)[:2000], created_at=now)
    audit_record(actor=by, action="servicerequests.status", obj=report,
                 local_government=report.local_government, to=status)
    _notify_citizens(report, text=_status_text(report, plain_text(text)[:200]), exclude=[by])
    return report


@transaction.atomic
def report_assign(*, by: Any, report: Report, to: LocalGovernment,
                  now: dt.datetime | None = None) -> Report:
    """Take a report out of the triage queue and give it to one of its candidate bodies."""
    now = now or timezone.now()
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_handler(by, report)
    if report.local_government_id is not None:
        raise ValidationError(_("This report already has a responsible body."), code="assigned")
    if not report.candidates.filter(pk=to.pk).exists():
        raise ValidationError(_("Choose one of the candidate bodies or forward the report."),
                              code="candidate")
    report.local_government = to
    report.category = category_for(local_government=to, topic=report.topic)
    report.routed_at = now
    report.updated_at = now
    report.save()
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.ROUTED, actor=by, to_body=to,
                               created_at=now)
    audit_record(actor=by, action="servicerequests.assign", obj=report, local_government=to)
    _notify_officers(report, bodies=[to], verb="report_new",
                     text=_("Report #%(n)s was assigned to you") % {"n": report.number})
    return report


@transaction.atomic
def report_forward(*, by: Any, report: Report, to: LocalGovernment, reason: str,
                   now: dt.datetime | None = None) -> Report:
    """Send a report to another body (Traffy's ส่งต่อ, LAPOR's disposition). The reason is
    logged and the new body gets a fresh acceptance clock."""
    now = now or timezone.now()
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_handler(by, report)
    reason = plain_text(reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give the reason for forwarding."), code="reason")
    if report.is_closed:
        raise ValidationError(_("A closed report cannot be forwarded."), code="closed")
    if to.pk == report.local_government_id:
        raise ValidationError(_("The report is already with this body."), code="same")
    from_body = report.local_government
    previous = report.status
    report.local_government = to
    report.category = category_for(local_government=to, topic=report.topic)
    report.status = Status.FORWARDED
    report.accepted_at = None
    report.routed_at = now
    report.updated_at = now
    report.accept_due = due_after(now, _days(report.category, "accept"))
    report.save()
    report.candidates.clear()
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.FORWARDED, actor=by,
                               from_status=previous, to_status=Status.FORWARDED,
                               from_body=from_body, to_body=to, text=reason[:2000],
                               created_at=now)
    audit_record(actor=by, action="servicerequests.forward", obj=report,
                 local_government=from_body, to=to.code, reason=reason[:300])
    _notify_officers(report, bodies=[to], verb="report_new",
                     text=_("Report #%(n)s was forwarded to you: %(reason)s") % {
                         "n": report.number, "reason": reason[:150]})
    _notify_citizens(report, text=_("Report #%(n)s was forwarded to %(body)s") % {
        "n": report.number, "body": to.display_name_th}, exclude=[by])
    return report


@transaction.atomic
def report_merge(*, by: Any, report: Report, into: Report, now: dt.datetime | None = None) -> Report:
    """Close `report` as a duplicate of `into`; its followers follow `into` from now on."""
    from ruamkan.spaces.models import Follow

    now = now or timezone.now()
    if report.pk == into.pk:
        raise ValidationError(_("A report cannot duplicate itself."), code="self")
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_handler(by, report)
    _require_handler(by, into)
    if into.status == Status.DUPLICATE:
        raise ValidationError(_("Merge into the original report, not into a duplicate."),
                              code="chain")
    if report.is_closed:
        raise ValidationError(_("This report is already closed."), code="closed")
    previous = _apply_status(report, Status.DUPLICATE, now=now)
    report.duplicate_of = into
    report.save()
    ct = ContentType.objects.get_for_model(Report)
    for user_id in Follow.objects.filter(content_type=ct, object_id=report.pk).values_list(
            "user_id", flat=True):
        Follow.objects.get_or_create(user_id=user_id, content_type=ct, object_id=into.pk)
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.MERGED, actor=by,
                               from_status=previous, to_status=Status.DUPLICATE,
                               other_report=into, created_at=now)
    ReportEvent.objects.create(report=into, kind=ReportEvent.Kind.MERGED, actor=by,
                               other_report=report, created_at=now)
    audit_record(actor=by, action="servicerequests.merge", obj=report,
                 local_government=report.local_government, into=into.pk)
    _notify_citizens(report, text=_("Report #%(n)s is the same problem as #%(m)s; follow it there")
                     % {"n": report.number, "m": into.number}, exclude=[by])
    return report


@transaction.atomic
def report_split(*, by: Any, report: Report, topic: str, description: str,
                 now: dt.datetime | None = None) -> Report:
    """One report held two problems: file the second as its own report, same place and
    reporter, routed by its own topic."""
    now = now or timezone.now()
    _require_handler(by, report)
    if topic not in Topic.values:
        raise ValidationError(_("Unknown category."), code="category")
    text = _clean_description(description)
    if report.subdistrict is not None:
        candidates = locating.candidates_for_subdistrict(report.subdistrict)
    else:
        candidates = [b for b in [report.local_government] if b] + list(report.candidates.all())
    body, chosen, shared = route(topic=topic, candidates=candidates)
    new = Report.objects.create(
        topic=topic, category=chosen, local_government=body, description=text,
        lat=report.lat, lon=report.lon, address=report.address, subdistrict=report.subdistrict,
        province=report.province, boundary=report.boundary, reporter=report.reporter,
        contact_name=report.contact_name, contact_email=report.contact_email,
        contact_phone=report.contact_phone, hide_name=report.hide_name, channel=report.channel,
        line_user_id=report.line_user_id, token=secrets.token_hex(12), split_from=report,
        created_at=now, updated_at=now, routed_at=now if body else None,
        accept_due=due_after(now, _days(chosen, "accept")),
        close_due=due_after(now, _days(chosen, "close")),
    )
    if body is None and shared:
        new.candidates.set(shared)
    ReportEvent.objects.create(report=new, kind=ReportEvent.Kind.SPLIT, actor=by,
                               other_report=report, to_status=new.status, created_at=now)
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.SPLIT, actor=by,
                               other_report=new, created_at=now)
    if report.reporter_id:
        _follow(report.reporter, new)
    audit_record(actor=by, action="servicerequests.split", obj=report,
                 local_government=report.local_government, new=new.pk)
    return new


@transaction.atomic
def report_note(*, by: Any, report: Report, text: str) -> ReportEvent:
    _require_handler(by, report)
    text = plain_text(text or "").strip()
    if not text:
        raise ValidationError(_("The note is empty."), code="empty")
    return ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.NOTE, actor=by,
                                      text=text[:2000], is_internal=True)


def report_bulk_update(*, by: Any, reports: Iterable[Report], status: str, text: str = ""
                       ) -> tuple[int, list[tuple[Report, str]]]:
    """Apply one status to many reports; each is its own transaction, so one refusal does not
    undo the others. Returns (changed, [(report, why not)])."""
    changed, refused = 0, []
    for report in reports:
        try:
            report_update_status(by=by, report=report, status=status, text=text)
            changed += 1
        except (ValidationError, PermissionDenied) as exc:
            refused.append((report, " ".join(getattr(exc, "messages", [str(exc)]))))
    return changed, refused


# Citizens' follow-up --------------------------------------------------------------------------

@transaction.atomic
def report_confirm_fixed(*, by: Any, report: Report, now: dt.datetime | None = None) -> Report:
    now = now or timezone.now()
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not is_reporter(by, report):
        raise PermissionDenied(_("Only the person who reported it can confirm it."))
    if report.status != Status.DONE:
        raise ValidationError(_("Only a report marked done can be confirmed."), code="status")
    report.confirmed_fixed_at = now
    report.save(update_fields=["confirmed_fixed_at"])
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.CONFIRMED, actor=by,
                               created_at=now)
    return report


@transaction.atomic
def report_reopen(*, by: Any, report: Report, reason: str, now: dt.datetime | None = None) -> Report:
    now = now or timezone.now()
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not (is_reporter(by, report) or can_handle_report(by, report)):
        raise PermissionDenied(_("Only the person who reported it can reopen it."))
    if report.status != Status.DONE:
        raise ValidationError(_("Only a report marked done can be reopened."), code="status")
    if report.closed_at and now - report.closed_at > dt.timedelta(days=REOPEN_WITHIN_DAYS):
        raise ValidationError(_("This report was closed too long ago; please file a new one."),
                              code="too_late")
    reason = plain_text(reason or "").strip()
    if not reason:
        raise ValidationError(_("Please say what is still wrong."), code="reason")
    previous = _apply_status(report, Status.REOPENED, now=now)
    report.reopen_count += 1
    report.confirmed_fixed_at = None
    report.save()
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.REOPENED, actor=by,
                               from_status=previous, to_status=Status.REOPENED,
                               text=reason[:2000], created_at=now)
    _notify_officers(report, bodies=[report.local_government], verb="report_reopened",
                     text=_("Report #%(n)s was reopened: %(reason)s") % {
                         "n": report.number, "reason": reason[:150]})
    return report


@transaction.atomic
def report_rate(*, by: Any, report: Report, rating: int, comment: str = "") -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not is_reporter(by, report):
        raise PermissionDenied(_("Only the person who reported it can rate it."))
    if not report.is_closed:
        raise ValidationError(_("You can rate a report once it is closed."), code="status")
    if not 1 <= int(rating) <= 5:
        raise ValidationError(_("Give 1 to 5 stars."), code="rating")
    report.rating = int(rating)
    report.rating_comment = plain_text(comment or "")[:500]
    report.save(update_fields=["rating", "rating_comment"])
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.RATED, actor=by,
                               text=str(report.rating))
    return report


def report_follow_toggle(*, user: Any, report: Report) -> bool:
    from ruamkan.spaces.services import follow_toggle

    return follow_toggle(user=user, target=report)


# Service levels -------------------------------------------------------------------------------

def _clock_state(report: Report, clock: str) -> tuple[dt.datetime | None, bool]:
    if clock == Escalation.Clock.ACCEPT:
        return report.accept_due, report.status in UNACCEPTED_STATUSES
    return report.close_due, not report.is_closed


def sla_check(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Warn before a deadline, escalate after it: the supervisor (the body's admins) at the
    breach, the province's coordinators PROVINCE_AFTER_DAYS working days later. Each step is
    recorded once (Escalation is unique), so running this often is safe."""
    from ruamkan.spaces.services import notify

    now = now or timezone.now()
    counts = {"warning": 0, "supervisor": 0, "province": 0}
    holidays = holiday_dates()
    open_reports = (
        Report.objects.exclude(status__in=CLOSED_STATUSES)
        .select_related("local_government", "category")
        .prefetch_related("candidates")
    )
    for report in open_reports.iterator(chunk_size=500):
        for clock in (Escalation.Clock.ACCEPT, Escalation.Clock.CLOSE):
            due, running = _clock_state(report, clock)
            if due is None or not running:
                continue
            due_local = _local(due)
            bodies = [report.local_government] if report.local_government_id else list(
                report.candidates.all())
            steps: list[tuple[str, list[Any]]] = []
            if previous_working_day_start(due_local, holidays) <= now < due:
                steps.append((Escalation.Level.WARNING, _officers(bodies)))
            if now > due:
                steps.append((Escalation.Level.SUPERVISOR, _officers(bodies, admins_only=True)))
                province_at = add_working_days(due_local, PROVINCE_AFTER_DAYS, holidays)
                if now > province_at:
                    steps.append((Escalation.Level.PROVINCE, _coordinators(report.province_id)))
            for level, people in steps:
                with transaction.atomic():
                    escalation, created = Escalation.objects.get_or_create(
                        report=report, clock=clock, level=level, due=due,
                        defaults={"created_at": now},
                    )
                    if not created:
                        continue
                    label = Escalation.Clock(clock).label
                    if level == Escalation.Level.WARNING:
                        text = _("Report #%(n)s: %(clock)s deadline is near (%(due)s)")
                    else:
                        text = _("Report #%(n)s is overdue: %(clock)s deadline was %(due)s")
                    text = text % {"n": report.number, "clock": label,
                                   "due": due_local.strftime("%d/%m/%Y")}
                    escalation.notified = notify(users=people, verb=f"sla_{level}", text=text,
                                                 url=report.get_absolute_url())
                    escalation.save(update_fields=["notified"])
                    if level != Escalation.Level.WARNING:
                        ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.ESCALATED,
                                                   text=text, is_internal=True, created_at=now)
                    counts[level] += 1
    return counts


# Open311 API keys -----------------------------------------------------------------------------

def _key_hash(key: str) -> str:
    # Keys are 32 random bytes, so a plain SHA-256 cannot be brute-forced; no salt needed.
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_client_create(*, name: str) -> tuple[ApiClient, str]:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("A client needs a name."), code="name")
    if ApiClient.objects.filter(name=name).exists():
        raise ValidationError(_("A client with this name exists."), code="exists")
    key = "rk_" + secrets.token_urlsafe(32)
    client = ApiClient.objects.create(name=name, key_prefix=key[:10], key_hash=_key_hash(key))
    return client, key


def api_client_authenticate(*, key: str) -> ApiClient | None:
    if not key:
        return None
    return ApiClient.objects.filter(key_hash=_key_hash(key), is_active=True).first()


@transaction.atomic
def api_client_revoke(*, name: str) -> bool:
    return ApiClient.objects.filter(name=name).update(is_active=False) > 0

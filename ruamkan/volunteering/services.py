"""Writes for volunteering. Sign-ups never exceed a shift's capacity: places are taken with a
conditional UPDATE (taken < capacity) backed by a check constraint, so concurrent sign-ups cannot
over-book on SQLite or PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ruamkan.core.audit import audit_record
from ruamkan.core.html import plain_text
from ruamkan.volunteering.models import Opportunity, Shift, Signup
from ruamkan.volunteering.rules import can_manage_opportunity, owners_for

REMIND_BEFORE = dt.timedelta(hours=24)


def _require_manager(by: Any, opportunity: Opportunity) -> None:
    if not can_manage_opportunity(by, opportunity):
        raise PermissionDenied(_("You do not manage this opportunity."))


@transaction.atomic
def opportunity_create(*, by: Any, owner_key: str, title: str, description: str, place: str,
                       skills: str = "", lat: float | None = None, lon: float | None = None,
                       is_published: bool = True) -> Opportunity:
    owners = dict(owners_for(by))
    owner = owners.get(owner_key)
    if owner is None:
        raise PermissionDenied(_("You cannot post for this organisation."))
    from ruamkan.areas.models import LocalGovernment

    is_lg = isinstance(owner, LocalGovernment)
    opportunity = Opportunity.objects.create(
        title=plain_text(title)[:200], description=plain_text(description)[:5000],
        local_government=owner if is_lg else None, organisation=None if is_lg else owner,
        province_id=owner.province_id, place=plain_text(place)[:300],
        skills=plain_text(skills)[:300], lat=lat, lon=lon, is_published=is_published,
        created_by=by,
    )
    audit_record(actor=by, action="volunteering.create", obj=opportunity,
                 local_government=owner if is_lg else None)
    return opportunity


@transaction.atomic
def shift_add(*, by: Any, opportunity: Opportunity, starts_at: dt.datetime, ends_at: dt.datetime,
              capacity: int, title: str = "") -> Shift:
    _require_manager(by, opportunity)
    if ends_at <= starts_at:
        raise ValidationError(_("A shift must end after it starts."), code="times")
    if capacity < 1:
        raise ValidationError(_("A shift needs at least one place."), code="capacity")
    return Shift.objects.create(opportunity=opportunity, starts_at=starts_at, ends_at=ends_at,
                                capacity=capacity, title=plain_text(title)[:120])


def _take_place(shift: Shift) -> bool:
    try:
        with transaction.atomic():
            return Shift.objects.filter(pk=shift.pk, taken__lt=F("capacity")).update(
                taken=F("taken") + 1) == 1
    except IntegrityError:  # the check constraint caught a race the WHERE did not
        return False


@transaction.atomic
def signup_create(*, user: Any, shift: Shift, now: dt.datetime | None = None) -> Signup:
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Please sign in to volunteer."))
    if not shift.opportunity.is_published:
        raise PermissionDenied(_("This opportunity is not open."))
    if shift.starts_at <= now:
        raise ValidationError(_("This shift has already started."), code="past")
    existing = Signup.objects.filter(shift=shift, user=user).first()
    if existing is not None and existing.status == Signup.Status.SIGNED_UP:
        return existing  # signing up twice is the same sign-up
    if not _take_place(shift):
        raise ValidationError(_("Sorry, this shift is full."), code="full")
    if existing is not None:
        existing.status = Signup.Status.SIGNED_UP
        existing.created_at = now
        existing.reminded_at = None
        existing.save(update_fields=["status", "created_at", "reminded_at"])
        return existing
    return Signup.objects.create(shift=shift, user=user, created_at=now)


@transaction.atomic
def signup_cancel(*, user: Any, signup: Signup) -> Signup:
    if signup.user_id != getattr(user, "pk", None):
        raise PermissionDenied(_("This is not your sign-up."))
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if signup.status != Signup.Status.SIGNED_UP:
        return signup
    signup.status = Signup.Status.CANCELLED
    signup.save(update_fields=["status"])
    Shift.objects.filter(pk=signup.shift_id, taken__gt=0).update(taken=F("taken") - 1)
    return signup


@transaction.atomic
def attendance_confirm(*, by: Any, signup: Signup, attended: bool,
                       hours: Decimal | None = None) -> Signup:
    signup = Signup.objects.select_for_update().select_related("shift__opportunity").get(
        pk=signup.pk)
    _require_manager(by, signup.shift.opportunity)
    if signup.status == Signup.Status.CANCELLED:
        raise ValidationError(_("This person cancelled."), code="cancelled")
    if attended:
        if hours is None:
            length = signup.shift.ends_at - signup.shift.starts_at
            hours = Decimal(round(length.total_seconds() / 3600, 1))
        if not Decimal(0) <= hours <= Decimal(24):
            raise ValidationError(_("Hours must be between 0 and 24."), code="hours")
    signup.status = Signup.Status.ATTENDED if attended else Signup.Status.NO_SHOW
    signup.hours = hours if attended else None
    signup.confirmed_by = by
    signup.confirmed_at = timezone.now()
    signup.save(update_fields=["status", "hours", "confirmed_by", "confirmed_at"])
    audit_record(actor=by, action="volunteering.attendance", obj=signup,
                 local_government=signup.shift.opportunity.local_government,
                 attended=attended, hours=str(hours) if hours is not None else None)
    return signup


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Notify everyone signed up to a shift starting within REMIND_BEFORE, once."""
    from ruamkan.core.templatetags.thai import thaidatetime
    from ruamkan.spaces.services import notify

    now = now or timezone.now()
    due = Signup.objects.filter(
        status=Signup.Status.SIGNED_UP, reminded_at__isnull=True,
        shift__starts_at__gt=now, shift__starts_at__lte=now + REMIND_BEFORE,
    ).select_related("user", "shift__opportunity")
    sent = 0
    for signup in due:
        with transaction.atomic():
            claimed = Signup.objects.filter(pk=signup.pk, reminded_at__isnull=True).update(
                reminded_at=now)
            if not claimed:
                continue
            shift = signup.shift
            notify(users=[signup.user], verb="volunteer_reminder",
                   text=_("Reminder: %(what)s at %(place)s, %(when)s") % {
                       "what": shift.opportunity.title, "place": shift.opportunity.place,
                       "when": thaidatetime(shift.starts_at)},
                   url=shift.opportunity.get_absolute_url())
            sent += 1
    return sent

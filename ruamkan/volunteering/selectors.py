from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ruamkan.volunteering.models import Opportunity, Shift, Signup
from ruamkan.volunteering.rules import can_manage_opportunity


def opportunity_list_open() -> QuerySet[Opportunity]:
    upcoming = Shift.objects.filter(starts_at__gt=timezone.now())
    return (
        Opportunity.objects.filter(is_published=True, shifts__starts_at__gt=timezone.now())
        .distinct()
        .select_related("local_government", "organisation")
        .prefetch_related(Prefetch("shifts", queryset=upcoming))
    )


def opportunity_get(*, user: Any, pk: int) -> Opportunity:
    opportunity = Opportunity.objects.select_related("local_government", "organisation").filter(
        pk=pk).first()
    if opportunity is None or (not opportunity.is_published
                               and not can_manage_opportunity(user, opportunity)):
        raise Http404(_("No such opportunity."))
    return opportunity


def opportunity_get_for_manager(*, user: Any, pk: int) -> Opportunity:
    opportunity = opportunity_get(user=user, pk=pk)
    if not can_manage_opportunity(user, opportunity):
        raise PermissionDenied(_("You do not manage this opportunity."))
    return opportunity


def my_signups(*, user: Any) -> dict[int, Signup]:
    if not getattr(user, "is_authenticated", False):
        return {}
    return {s.shift_id: s for s in Signup.objects.filter(user=user)}


def history(*, user: Any) -> tuple[list[Signup], Decimal]:
    signups = list(
        Signup.objects.filter(user=user).exclude(status=Signup.Status.CANCELLED)
        .select_related("shift__opportunity__local_government", "shift__opportunity__organisation")
        .order_by("-shift__starts_at")
    )
    total = Signup.objects.filter(user=user, status=Signup.Status.ATTENDED).aggregate(
        h=Sum("hours"))["h"] or Decimal(0)
    return signups, total

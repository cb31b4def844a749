"""What volunteering holds about a person, for "download my data" and "delete my account"."""

from __future__ import annotations

from typing import Any

from django.db.models import F

from ruamkan.accounts.pdpa import register_eraser, register_exporter
from ruamkan.volunteering.models import Shift, Signup


def export_volunteering(user: Any) -> list[dict[str, Any]]:
    return [
        {"opportunity": s.shift.opportunity.title, "starts_at": s.shift.starts_at.isoformat(),
         "status": s.status, "hours": str(s.hours) if s.hours is not None else None}
        for s in Signup.objects.filter(user=user).select_related("shift__opportunity")
    ]


def erase_volunteering(user: Any) -> None:
    # Places held on future shifts are given back; the history goes with the account.
    for signup in Signup.objects.filter(user=user, status=Signup.Status.SIGNED_UP):
        Shift.objects.filter(pk=signup.shift_id, taken__gt=0).update(taken=F("taken") - 1)
    Signup.objects.filter(user=user).delete()


register_exporter("volunteering", export_volunteering)
register_eraser(erase_volunteering)

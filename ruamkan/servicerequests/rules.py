"""Who may do what with reports. Officers act for their own body; a report in the triage queue
may be handled by officers of any candidate body; the province's coordinators and national
admins may act everywhere in their reach (they receive escalations)."""

from __future__ import annotations

from typing import Any

import rules

from ruamkan.accounts import roles


def handles_body(user: Any, local_government: Any) -> bool:
    if local_government is None:
        return False
    return (
        roles.is_national_admin(user)
        or roles.serves_local_government(user, local_government.pk)
        or roles.coordinates_province(user, local_government.province_id)
    )


@rules.predicate
def can_handle_report(user: Any, report: Any) -> bool:
    if report is None or not getattr(user, "is_authenticated", False):
        return False
    if report.local_government_id:
        return handles_body(user, report.local_government)
    if roles.is_national_admin(user) or roles.coordinates_province(user, report.province_id):
        return True
    mine = roles.local_government_ids(user)
    return any(lg.pk in mine for lg in report.candidates.all())


@rules.predicate
def is_reporter(user: Any, report: Any) -> bool:
    return (
        report is not None
        and getattr(user, "is_authenticated", False)
        and report.reporter_id is not None
        and report.reporter_id == user.pk
    )


def handled_body_ids(user: Any) -> set[int] | None:
    """Bodies whose queues this person sees; None means all (national admins)."""
    if roles.is_national_admin(user):
        return None
    from ruamkan.areas.models import LocalGovernment

    ids = set(roles.local_government_ids(user))
    provinces = roles.province_ids(user)
    if provinces:
        ids |= set(
            LocalGovernment.objects.filter(province_id__in=provinces).values_list("pk", flat=True)
        )
    return ids


rules.add_perm("servicerequests.handle_report", can_handle_report)
rules.add_perm("servicerequests.confirm_report", is_reporter)

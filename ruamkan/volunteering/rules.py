from __future__ import annotations

from typing import Any

import rules

from ruamkan.accounts import roles


@rules.predicate
def can_manage_opportunity(user: Any, opportunity: Any) -> bool:
    if opportunity is None or not getattr(user, "is_authenticated", False):
        return False
    if roles.is_national_admin(user):
        return True
    if opportunity.local_government_id:
        lg = opportunity.local_government
        return roles.serves_local_government(user, lg.pk) or roles.coordinates_province(
            user, lg.province_id)
    return roles.member_of_organisation(user, opportunity.organisation_id)


def owners_for(user: Any) -> list[tuple[str, Any]]:
    """The bodies and organisations this person may post opportunities for, as (key, object)."""
    from ruamkan.areas.models import LocalGovernment
    from ruamkan.organisations.models import Organisation

    if not getattr(user, "is_authenticated", False):
        return []
    owners: list[tuple[str, Any]] = [
        (f"lg:{lg.code}", lg)
        for lg in LocalGovernment.objects.filter(pk__in=roles.local_government_ids(user))
    ]
    from ruamkan.accounts.models import Role, RoleAssignment

    org_ids = RoleAssignment.objects.filter(user=user, role=Role.CSO_MEMBER).values_list(
        "organisation_id", flat=True)
    owners += [(f"org:{o.slug}", o) for o in Organisation.objects.filter(pk__in=org_ids)]
    return owners


rules.add_perm("volunteering.manage_opportunity", can_manage_opportunity)

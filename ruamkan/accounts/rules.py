"""Named permissions for people and roles (django-rules), built on the predicates in roles.py.

    user.has_perm("accounts.grant_role", RoleGrant(role=..., local_government=lg))
    user.has_perm("accounts.verify_in_person", person)
    user.has_perm("accounts.view_duplicate_ids")
    user.has_perm("accounts.manage_officers", local_government)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rules

from ruamkan.accounts import roles
from ruamkan.accounts.models import Role


@dataclass(frozen=True)
class RoleGrant:
    """A role in a scope, as asked for (before any row exists)."""

    role: str
    province: Any = None
    local_government: Any = None
    organisation: Any = None


def may_grant(granter: Any, grant: RoleGrant) -> bool:
    """National admins grant anything; provincial coordinators grant LG admins and officers in
    their province; LG admins grant officers in their LG; CSO membership is granted by LG admins
    (for organisations of their province, or with no province) and national admins."""
    if not getattr(granter, "is_authenticated", False) or not granter.is_active:
        return False
    if roles.is_national_admin(granter):
        return True
    lg = grant.local_government
    if grant.role in (Role.LG_ADMIN, Role.LG_OFFICER) and lg is not None:
        if roles.coordinates_province(granter, lg.province_id):
            return True
        return grant.role == Role.LG_OFFICER and roles.administers_local_government(granter, lg.pk)
    if grant.role == Role.CSO_MEMBER and grant.organisation is not None:
        admin_lgs = roles.local_government_ids(granter, admin_only=True)
        if not admin_lgs:
            return False
        org_province = grant.organisation.province_id
        if org_province is None:
            return True
        from ruamkan.areas.models import LocalGovernment

        return LocalGovernment.objects.filter(pk__in=admin_lgs, province_id=org_province).exists()
    return False


@rules.predicate
def can_grant_role(user: Any, grant: RoleGrant | None = None) -> bool:
    if grant is None:
        # May this person grant anything at all (to show the pages)?
        return roles.is_national_admin(user) or bool(
            roles.province_ids(user) or roles.local_government_ids(user, admin_only=True)
        )
    return may_grant(user, grant)


@rules.predicate
def can_verify_in_person(official: Any, person: Any = None) -> bool:
    from ruamkan.accounts.selectors import official_covers_subdistrict

    if not getattr(official, "is_authenticated", False):
        return False
    if person is None:
        return roles.is_official(official)
    if person.pk == official.pk:
        return False  # nobody vouches for themselves
    return official_covers_subdistrict(official, person.home_subdistrict)


@rules.predicate
def can_view_duplicate_ids(user: Any) -> bool:
    return roles.is_official(user)


@rules.predicate
def can_manage_officers(user: Any, local_government: Any = None) -> bool:
    if local_government is None:
        return roles.is_national_admin(user) or bool(
            roles.province_ids(user) or roles.local_government_ids(user, admin_only=True)
        )
    return roles.manages_local_government(user, local_government)


rules.add_perm("accounts.grant_role", can_grant_role)
rules.add_perm("accounts.verify_in_person", can_verify_in_person)
rules.add_perm("accounts.view_duplicate_ids", can_view_duplicate_ids)
rules.add_perm("accounts.manage_officers", can_manage_officers)

"""Who holds which role where. Everything that asks "may this person manage X?" comes here.

Roles are read once per request and cached on the user object.
"""

from __future__ import annotations

from typing import Any

from ruamkan.accounts.models import Role, RoleAssignment


def _assignments(user: Any) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_ruamkan_roles", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user).select_related("local_government")
        )
        user._ruamkan_roles = cached
    return cached


def forget_roles(user: Any) -> None:
    if hasattr(user, "_ruamkan_roles"):
        del user._ruamkan_roles


def is_national_admin(user: Any) -> bool:
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    return any(a.role == Role.NATIONAL_ADMIN for a in _assignments(user))


def coordinates_province(user: Any, province_id: str | None) -> bool:
    if province_id is None:
        return False
    return any(
        a.role == Role.PROVINCIAL_COORDINATOR and a.province_id == province_id
        for a in _assignments(user)
    )


def administers_local_government(user: Any, local_government_id: int | None) -> bool:
    return local_government_id is not None and any(
        a.role == Role.LG_ADMIN and a.local_government_id == local_government_id
        for a in _assignments(user)
    )


def serves_local_government(user: Any, local_government_id: int | None) -> bool:
    """Admin or officer of this local government."""
    return local_government_id is not None and any(
        a.role in (Role.LG_ADMIN, Role.LG_OFFICER) and a.local_government_id == local_government_id
        for a in _assignments(user)
    )


def member_of_organisation(user: Any, organisation_id: int | None) -> bool:
    return organisation_id is not None and any(
        a.role == Role.CSO_MEMBER and a.organisation_id == organisation_id
        for a in _assignments(user)
    )


def local_government_ids(user: Any, *, admin_only: bool = False) -> set[int]:
    wanted = (Role.LG_ADMIN,) if admin_only else (Role.LG_ADMIN, Role.LG_OFFICER)
    return {
        a.local_government_id
        for a in _assignments(user)
        if a.role in wanted and a.local_government_id is not None
    }


def province_ids(user: Any) -> set[str]:
    return {
        a.province_id
        for a in _assignments(user)
        if a.role == Role.PROVINCIAL_COORDINATOR and a.province_id
    }


def is_official(user: Any) -> bool:
    return any(a.role != Role.CSO_MEMBER for a in _assignments(user)) or is_national_admin(user)


def manages_local_government(user: Any, local_government: Any) -> bool:
    """May set up spaces and settings for this local government: its admins, the coordinators
    of its province, national admins."""
    if local_government is None:
        return False
    return (
        is_national_admin(user)
        or administers_local_government(user, local_government.pk)
        or coordinates_province(user, local_government.province_id)
    )

"""Who may see, manage and moderate a space (django-rules). Views and endpoints check these."""

from __future__ import annotations

from typing import Any

import rules

from ruamkan.accounts import roles


def _owner_lg(space: Any) -> Any:
    return space.local_government if space.local_government_id else None


@rules.predicate
def can_manage_space(user: Any, space: Any) -> bool:
    if space is None or not getattr(user, "is_authenticated", False):
        return False
    if roles.is_national_admin(user):
        return True
    if space.level == "province":
        return roles.coordinates_province(user, space.province_id)
    if space.level == "local":
        lg = _owner_lg(space)
        return roles.administers_local_government(user, lg.pk) or roles.coordinates_province(
            user, lg.province_id
        )
    return False


@rules.predicate
def can_moderate_space(user: Any, space: Any) -> bool:
    if can_manage_space(user, space):
        return True
    return space is not None and space.level == "local" and roles.serves_local_government(
        user, space.local_government_id
    )


@rules.predicate
def can_view_space(user: Any, space: Any) -> bool:
    if space is None:
        return False
    if space.is_published and space.visibility != "private":
        return True
    if can_moderate_space(user, space):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return space.is_published and space.members.filter(pk=user.pk).exists()


@rules.predicate
def can_add_space(user: Any, owner: Any) -> bool:
    """owner: a LocalGovernment, a Province, or None for a national space."""
    if not getattr(user, "is_authenticated", False):
        return False
    if roles.is_national_admin(user):
        return True
    if owner is None:
        return False
    if hasattr(owner, "kind"):  # a local government
        return roles.manages_local_government(user, owner)
    return roles.coordinates_province(user, owner.pk)


rules.add_perm("spaces.view_space", can_view_space)
rules.add_perm("spaces.change_space", can_manage_space)
rules.add_perm("spaces.moderate_space", can_moderate_space)
rules.add_perm("spaces.add_space", can_add_space)

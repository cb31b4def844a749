"""Who may do what with a citizens' assembly."""

from __future__ import annotations

from typing import Any

import rules

from ruamkan.accounts import roles
from ruamkan.spaces.rules import can_manage_space, can_moderate_space, can_view_space


@rules.predicate
def can_view_assembly(user: Any, assembly: Any) -> bool:
    return assembly is not None and can_view_space(user, assembly.space)


@rules.predicate
def can_manage_assembly(user: Any, assembly: Any) -> bool:
    """Configure, import, publish the seed, draw, record meetings and recommendations."""
    return assembly is not None and can_manage_space(user, assembly.space)


@rules.predicate
def can_see_members(user: Any, assembly: Any) -> bool:
    """Who sits on the panel is known to officials only (the public sees counts, not names)."""
    return assembly is not None and can_moderate_space(user, assembly.space)


@rules.predicate
def can_answer_recommendations(user: Any, assembly: Any) -> bool:
    """The answer is the owning government's: its own officials give it, nobody else (not even
    the province or national admins, who may run the space)."""
    if assembly is None or not getattr(user, "is_authenticated", False):
        return False
    space = assembly.space
    if space.level == "local":
        return roles.serves_local_government(user, space.local_government_id)
    if space.level == "province":
        return roles.coordinates_province(user, space.province_id)
    return roles.is_national_admin(user)


rules.add_perm("sortition.view_assembly", can_view_assembly)
rules.add_perm("sortition.change_assembly", can_manage_assembly)
rules.add_perm("sortition.view_member", can_see_members)
rules.add_perm("sortition.answer_recommendation", can_answer_recommendations)

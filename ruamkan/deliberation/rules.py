"""Who may officiate in co-governance (django-rules). Citizens' actions go through the phase's
requirements (`phase_action_check`); these predicates cover what only officials do."""

from __future__ import annotations

from typing import Any

import rules

from ruamkan.accounts import roles


@rules.predicate
def can_answer(user: Any, space: Any) -> bool:
    """Official answers, debate conclusions, forums and attendance: officials of the space's
    local government (admin or officer), the province coordinator for a province space, and
    national admins. An official of another local government may not."""
    if space is None or not getattr(user, "is_authenticated", False):
        return False
    if roles.is_national_admin(user):
        return True
    if space.level == "local":
        return roles.serves_local_government(user, space.local_government_id)
    if space.level == "province":
        return roles.coordinates_province(user, space.province_id)
    return False


@rules.predicate
def can_track_results(user: Any, local_government: Any) -> bool:
    """Plan items, budget lines, results and milestones of one local government."""
    if local_government is None or not getattr(user, "is_authenticated", False):
        return False
    return roles.serves_local_government(user, local_government.pk) or roles.manages_local_government(
        user, local_government
    )


rules.add_perm("deliberation.answer_proposal", can_answer)
rules.add_perm("deliberation.track_results", can_track_results)

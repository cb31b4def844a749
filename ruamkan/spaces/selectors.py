"""Reads for spaces, always scoped to what the person may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ruamkan.accounts.models import VerificationLevel
from ruamkan.spaces.models import Comment, Follow, Phase, Space
from ruamkan.spaces.rules import can_moderate_space, can_view_space


def _visible(user: Any) -> QuerySet[Space]:
    qs = Space.objects.select_related("local_government", "province", "local_government__province")
    visible = Q(is_published=True) & ~Q(visibility=Space.Visibility.PRIVATE)
    if getattr(user, "is_authenticated", False):
        visible |= Q(is_published=True, members=user)
    return qs.filter(visible).distinct()


def space_list_visible(*, user: Any) -> QuerySet[Space]:
    return _visible(user)


def space_list_open(*, user: Any, now: Any = None) -> QuerySet[Space]:
    """Published spaces with a phase running now, newest first."""
    now = now or timezone.now()
    running = Phase.objects.filter(space=OuterRef("pk"), starts_at__lte=now, ends_at__gt=now)
    return _visible(user).filter(Exists(running)).prefetch_related("phases")


def space_list_for_province(*, user: Any, province: Any) -> QuerySet[Space]:
    return _visible(user).filter(
        Q(province=province) | Q(local_government__province=province)
    ).prefetch_related("phases")


def space_list_for_local_government(*, user: Any, local_government: Any) -> QuerySet[Space]:
    # A local government's people may also take part in its province's and the nation's spaces,
    # but this list is what the local government itself runs.
    return _visible(user).filter(local_government=local_government).prefetch_related("phases")


def space_get_for_user(*, user: Any, slug: str) -> Space:
    space = (
        Space.objects.select_related("local_government", "province")
        .prefetch_related("phases")
        .filter(slug=slug)
        .first()
    )
    # A space you may not see does not exist, as far as you can tell.
    if space is None or not can_view_space(user, space):
        raise Http404(_("No such space."))
    return space


def phase_get_for_user(*, user: Any, pk: int) -> Phase:
    phase = Phase.objects.select_related("space", "space__local_government").filter(pk=pk).first()
    if phase is None or not can_view_space(user, phase.space):
        raise Http404(_("No such phase."))
    return phase


def space_area_subdistrict_ids(space: Space) -> set[str] | None:
    """The subdistricts whose residents count as living in the space's area (None: anywhere)."""
    limited = set(space.subdistricts.values_list("code", flat=True))
    if limited:
        return limited
    lg = space.local_government
    if space.level == Space.Level.LOCAL and lg is not None:
        if lg.kind in ("pao", "bangkok"):
            return None  # checked by province below
        return set(lg.coverage.values_list("subdistrict_id", flat=True))
    return None


def _lives_in_area(user: Any, space: Space) -> bool:
    home = getattr(user, "home_subdistrict", None)
    if home is None:
        return False
    codes = space_area_subdistrict_ids(space)
    if codes is not None:
        return home.code in codes
    if space.level == Space.Level.PROVINCE:
        return home.province_id == space.province_id
    if space.level == Space.Level.LOCAL and space.local_government is not None:
        return bool(home.province_id == space.local_government.province_id)
    return True  # national space: any resident of Thailand


@dataclass
class ActionCheck:
    allowed: bool
    reason: str = ""
    needs_login: bool = False
    needs_level: int | None = None


def phase_action_check(*, user: Any, phase: Phase, action: str, now: Any = None) -> ActionCheck:
    """May this person do `action` in this phase now? If not, a reason to show them."""
    content = phase.content
    if content is None or action not in content.actions:
        return ActionCheck(False, _("This phase does not allow that."))
    if not can_view_space(user, phase.space):
        return ActionCheck(False, _("No such space."))
    now = now or timezone.now()
    if now < phase.starts_at:
        return ActionCheck(False, _("This phase has not started yet."))
    if now >= phase.ends_at:
        return ActionCheck(False, _("This phase has closed."))
    if action == "view":
        return ActionCheck(True)
    if not getattr(user, "is_authenticated", False):
        return ActionCheck(False, _("Please sign in to take part."), needs_login=True)
    space = phase.space
    if space.visibility == Space.Visibility.INVITE and not (
        space.members.filter(pk=user.pk).exists() or can_moderate_space(user, space)
    ):
        return ActionCheck(False, _("Only invited people can take part in this space."))
    requirement = content.requirement(action, phase)
    if user.verification_level < requirement.min_level:
        level = VerificationLevel(requirement.min_level).label
        return ActionCheck(
            False,
            _("You need to be at least “%(level)s” for this.") % {"level": level},
            needs_level=requirement.min_level,
        )
    if requirement.residency and not _lives_in_area(user, space):
        return ActionCheck(False, _("Only residents of this area can take part in this."))
    return ActionCheck(True)


@dataclass
class CommentNode:
    comment: Comment
    replies: list[CommentNode] = field(default_factory=list)


def comment_thread(*, target: Any, user: Any, limit: int | None = None) -> list[CommentNode]:
    """The whole thread in one query, nested in Python (large threads stay fast)."""
    ct = ContentType.objects.get_for_model(target)
    qs = (
        Comment.objects.filter(content_type=ct, object_id=target.pk)
        .select_related("author")
        .order_by("created_at", "id")
    )
    nodes: dict[int, CommentNode] = {}
    roots: list[CommentNode] = []
    for comment in qs:
        node = CommentNode(comment)
        nodes[comment.pk] = node
        parent = nodes.get(comment.parent_id) if comment.parent_id else None
        (parent.replies if parent else roots).append(node)
    return roots[:limit] if limit else roots


def is_following(*, user: Any, target: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    ct = ContentType.objects.get_for_model(target)
    return Follow.objects.filter(user=user, content_type=ct, object_id=target.pk).exists()


def moderation_queue(*, user: Any, space: Space) -> list[dict[str, Any]]:
    from ruamkan.spaces.models import ContentReport

    if not can_moderate_space(user, space):
        raise Http404(_("No such space."))
    reports = (
        ContentReport.objects.filter(space=space, resolved=False)
        .select_related("content_type", "reporter")
        .order_by("-created_at")
    )
    grouped: dict[tuple[int, int], dict[str, Any]] = {}
    for report in reports:
        key = (report.content_type_id, report.object_id)
        entry = grouped.setdefault(
            key, {"target": report.target, "content_type": report.content_type, "reports": []}
        )
        entry["reports"].append(report)
    return [e for e in grouped.values() if e["target"] is not None]

"""Spaces, their phases and their discussion comments as JSON."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.security import django_auth

from ruamkan.api.pagination import MAX_OFFSET
from ruamkan.spaces import selectors, services
from ruamkan.spaces.models import Comment, Phase, Space
from ruamkan.spaces.schemas import CommentIn, CommentOut, ErrorOut, PhaseOut, SpaceOut

PREFIX = "/spaces/"
router = Router(tags=["spaces"])


def _phase_out(phase: Phase, now: Any) -> PhaseOut:
    content = phase.content
    return PhaseOut(
        id=phase.pk, kind=phase.content_key, title=phase.display_title,
        starts_at=phase.starts_at, ends_at=phase.ends_at,
        actions=list(content.actions) if content else [], is_active=phase.is_active(now),
    )


def _space_out(space: Space, now: Any) -> SpaceOut:
    lg = space.local_government
    return SpaceOut(
        slug=space.slug, title=space.title, summary=space.summary, level=space.level,
        participation_model=space.participation_model,
        local_government=lg.code if lg is not None else None,
        province=space.province_id or (lg.province_id if lg is not None else None),
        url=space.get_absolute_url(),
        phases=[_phase_out(p, now) for p in space.phases.all()],
    )


@router.get("", response=list[SpaceOut], summary="List the spaces you can see")
def list_spaces(
    request: HttpRequest, open_now: bool = False, local_government: str | None = None,
    province: str | None = None, limit: int = 50,
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> list[SpaceOut]:
    qs = (selectors.space_list_open(user=request.user) if open_now
          else selectors.space_list_visible(user=request.user).prefetch_related("phases"))
    if local_government:
        qs = qs.filter(local_government__code=local_government)
    if province:
        qs = qs.filter(province_id=province) | qs.filter(local_government__province_id=province)
    now = timezone.now()
    limit = max(1, min(limit, 200))
    return [_space_out(s, now) for s in qs.order_by("-created_at")[offset:offset + limit]]


@router.get("/{slug}", response={200: SpaceOut, 404: ErrorOut})
def get_space(request: HttpRequest, slug: str) -> SpaceOut:
    return _space_out(selectors.space_get_for_user(user=request.user, slug=slug), timezone.now())


def _comment_out(comment: Comment) -> CommentOut:
    visible = not (comment.is_hidden or comment.is_removed)
    return CommentOut(
        id=comment.pk, parent=comment.parent_id, author=comment.author.public_name,
        stance=comment.stance, body=comment.body if visible else None,
        is_hidden=comment.is_hidden, created_at=comment.created_at,
    )


@router.get("/{slug}/comments", response={200: list[CommentOut], 404: ErrorOut})
def list_space_comments(request: HttpRequest, slug: str) -> list[CommentOut]:
    space = selectors.space_get_for_user(user=request.user, slug=slug)
    out: list[CommentOut] = []

    def walk(nodes: list[selectors.CommentNode]) -> None:
        for node in nodes:
            out.append(_comment_out(node.comment))
            walk(node.replies)

    walk(selectors.comment_thread(target=space, user=request.user))
    return out


@router.post(
    "/phases/{phase_id}/comments", auth=django_auth,
    response={201: CommentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Comment on a space in a discussion phase",
)
def create_comment(request: HttpRequest, phase_id: int, payload: CommentIn) -> Status:
    phase = selectors.phase_get_for_user(user=request.user, pk=phase_id)
    parent = None
    if payload.parent:
        parent = Comment.objects.filter(pk=payload.parent, space=phase.space).first()
        if parent is None:
            return Status(400, ErrorOut(detail=str(_("No such comment to reply to."))))
    try:
        comment = services.comment_create(
            author=request.user, phase=phase, target=phase.space, body=payload.body,
            stance=payload.stance, parent=parent,
        )
    except PermissionDenied as exc:
        return Status(403, ErrorOut(detail=str(exc)))
    except ValidationError as exc:
        return Status(400, ErrorOut(detail=" ".join(exc.messages)))
    return Status(201, _comment_out(comment))


"""Writes for spaces and for what every participation method shares: comments, reports and
moderation, follows and notifications. Each function is atomic and does its own side effects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ruamkan.core.audit import audit_record
from ruamkan.core.html import plain_text, sanitize_html
from ruamkan.spaces.models import (
    Comment,
    ContentReport,
    Follow,
    ModerationEvent,
    Notification,
    Phase,
    Space,
)
from ruamkan.spaces.registry import methods
from ruamkan.spaces.rules import can_add_space, can_manage_space, can_moderate_space
from ruamkan.spaces.selectors import phase_action_check

MAX_COMMENT_LENGTH = 4000


def _unique_slug(title: str) -> str:
    base = slugify(title, allow_unicode=True)[:60] or "space"
    slug, n = base, 2
    while Space.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def space_create(
    *,
    by: Any,
    title: str,
    level: str,
    local_government: Any = None,
    province: Any = None,
    summary: str = "",
    description: str = "",
    visibility: str = Space.Visibility.PUBLIC,
    participation_model: str = Space.Model.CO_GOVERNANCE,
    subdistricts: Iterable[Any] = (),
    is_published: bool = True,
    slug: str | None = None,
) -> Space:
    owner = local_government if level == Space.Level.LOCAL else province
    if not can_add_space(by, owner):
        raise PermissionDenied(_("You cannot create spaces here."))
    title = plain_text(title).strip()
    if not title:
        raise ValidationError({"title": _("Please give the space a title.")})
    if level == Space.Level.PROVINCE:
        local_government = None
    if level == Space.Level.NATION:
        local_government, province = None, None
    space = Space.objects.create(
        slug=slug or _unique_slug(title),
        title=title,
        summary=plain_text(summary)[:300],
        description_html=sanitize_html(description),
        level=level,
        local_government=local_government if level == Space.Level.LOCAL else None,
        province=province if level == Space.Level.PROVINCE else None,
        visibility=visibility,
        participation_model=participation_model,
        is_published=is_published,
        created_by=by,
    )
    subdistricts = list(subdistricts)
    if subdistricts:
        space.subdistricts.set(subdistricts)
    audit_record(actor=by, action="space.create", obj=space, local_government=local_government)
    _index_space(space)
    return space


@transaction.atomic
def space_update(*, by: Any, space: Space, **fields: Any) -> Space:
    if not can_manage_space(by, space):
        raise PermissionDenied(_("You cannot change this space."))
    if "description" in fields:
        space.description_html = sanitize_html(fields.pop("description"))
    for name in ("title", "summary"):
        if name in fields:
            setattr(space, name, plain_text(fields.pop(name)).strip())
    subdistricts = fields.pop("subdistricts", None)
    for name, value in fields.items():
        setattr(space, name, value)
    space.full_clean(exclude=["image"])
    space.save()
    if subdistricts is not None:
        space.subdistricts.set(subdistricts)
    audit_record(actor=by, action="space.update", obj=space,
                 local_government=space.local_government)
    _index_space(space)
    return space


def _index_space(space: Space) -> None:
    try:
        from ruamkan.search.services import search_document_upsert
    except ImportError:  # search app not installed
        return
    search_document_upsert(
        obj=space,
        title=space.title,
        body=f"{space.summary}\n{plain_text(space.description_html)}",
        url=space.get_absolute_url(),
        is_public=space.is_published and space.visibility != Space.Visibility.PRIVATE,
        local_government=space.local_government,
        province=space.province or (space.local_government.province if space.local_government else None),
    )


@transaction.atomic
def phase_create(
    *,
    by: Any,
    space: Space,
    content_key: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    title: str = "",
    description: str = "",
    requirements: dict[str, Any] | None = None,
    position: int | None = None,
) -> Phase:
    if not can_manage_space(by, space):
        raise PermissionDenied(_("You cannot change this space."))
    content = methods.get(content_key)
    if content is None:
        raise ValidationError({"content_key": _("Unknown kind of phase.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A phase must end after it starts.")})
    requirements = requirements or {}
    unknown = set(requirements) - set(content.actions)
    if unknown:
        raise ValidationError({"requirements": _("This phase does not allow: %(a)s")
                               % {"a": ", ".join(sorted(unknown))}})
    if position is None:
        position = space.phases.count()
    phase = Phase.objects.create(
        space=space, content_key=content_key, starts_at=starts_at, ends_at=ends_at,
        title=plain_text(title), description=plain_text(description),
        requirements=requirements, position=position,
    )
    audit_record(actor=by, action="phase.create", obj=phase,
                 local_government=space.local_government)
    return phase


# Comments ------------------------------------------------------------------------------------


def _space_of(target: Any) -> Space:
    if isinstance(target, Space):
        return target
    if isinstance(target, Phase):
        return target.space
    space = getattr(target, "space", None)
    if space is None:
        raise ValueError("target has no space")
    return space


@transaction.atomic
def comment_create(
    *,
    author: Any,
    phase: Phase,
    target: Any,
    body: str,
    stance: str = Comment.Stance.NEUTRAL,
    parent: Comment | None = None,
) -> Comment:
    check = phase_action_check(user=author, phase=phase, action="comment")
    if not check.allowed:
        raise PermissionDenied(check.reason)
    text = plain_text(body).strip()
    if not text:
        raise ValidationError({"body": _("Please write a comment.")})
    if len(text) > MAX_COMMENT_LENGTH:
        raise ValidationError(
            {"body": _("A comment can be at most %(n)d characters.") % {"n": MAX_COMMENT_LENGTH}}
        )
    if stance not in Comment.Stance.values:
        raise ValidationError({"stance": _("Choose for, against or neutral.")})
    ct = ContentType.objects.get_for_model(target)
    if parent is not None and (parent.content_type_id != ct.pk or parent.object_id != target.pk):
        raise ValidationError({"parent": _("You can only reply within the same thread.")})
    comment = Comment.objects.create(
        space=phase.space, content_type=ct, object_id=target.pk, parent=parent,
        author=author, body=text, stance=stance,
    )
    follow_add(user=author, target=target)
    notify_followers(
        target=target, exclude=[author], verb="comment",
        text=_("New comment on “%(title)s”") % {"title": str(target)[:80]},
        url=_url_of(target),
    )
    return comment


@transaction.atomic
def comment_remove(*, by: Any, comment: Comment) -> Comment:
    if comment.author_id != getattr(by, "pk", None):
        raise PermissionDenied(_("You can only remove your own comments."))
    comment.is_removed = True
    comment.save(update_fields=["is_removed", "updated_at"])
    return comment


# Reports and moderation ----------------------------------------------------------------------


def _moderatable(target: Any) -> bool:
    return hasattr(target, "is_hidden")


@transaction.atomic
def content_report(*, reporter: Any, target: Any, reason: str, details: str = "") -> ContentReport:
    if not getattr(reporter, "is_authenticated", False):
        raise PermissionDenied(_("Please sign in to report."))
    if not _moderatable(target):
        raise ValidationError(_("This cannot be reported."))
    if reason not in ContentReport.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    ct = ContentType.objects.get_for_model(target)
    space = _space_of(target)
    try:
        with transaction.atomic():
            report = ContentReport.objects.create(
                content_type=ct, object_id=target.pk, space=space, reporter=reporter,
                reason=reason, details=plain_text(details)[:500],
            )
    except IntegrityError:
        raise ValidationError(_("You have already reported this.")) from None
    count = ContentReport.objects.filter(
        content_type=ct, object_id=target.pk, resolved=False
    ).count()
    if count >= settings.RUAMKAN_HIDE_AFTER_REPORTS and not target.is_hidden:
        type(target).objects.filter(pk=target.pk).update(is_hidden=True)
        target.is_hidden = True
        ModerationEvent.objects.create(
            content_type=ct, object_id=target.pk, space=space,
            action=ModerationEvent.Action.AUTO_HIDE,
            reason=_("Hidden after %(n)d reports") % {"n": count},
        )
    return report


@transaction.atomic
def moderation_set_hidden(*, moderator: Any, target: Any, hidden: bool, reason: str = "") -> None:
    space = _space_of(target)
    if not can_moderate_space(moderator, space):
        raise PermissionDenied(_("You cannot moderate this space."))
    ct = ContentType.objects.get_for_model(target)
    type(target).objects.filter(pk=target.pk).update(is_hidden=hidden)
    target.is_hidden = hidden
    ModerationEvent.objects.create(
        content_type=ct, object_id=target.pk, space=space, moderator=moderator,
        action=ModerationEvent.Action.HIDE if hidden else ModerationEvent.Action.RESTORE,
        reason=plain_text(reason)[:500],
    )
    ContentReport.objects.filter(content_type=ct, object_id=target.pk).update(resolved=True)
    audit_record(actor=moderator, action="moderation.hide" if hidden else "moderation.restore",
                 obj=target, local_government=space.local_government, reason=reason or None)


# Follows and notifications -------------------------------------------------------------------


def follow_add(*, user: Any, target: Any) -> None:
    ct = ContentType.objects.get_for_model(target)
    Follow.objects.get_or_create(user=user, content_type=ct, object_id=target.pk)


@transaction.atomic
def follow_toggle(*, user: Any, target: Any) -> bool:
    """Returns True if the person now follows the target."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Please sign in to follow."))
    ct = ContentType.objects.get_for_model(target)
    deleted, _rows = Follow.objects.filter(
        user=user, content_type=ct, object_id=target.pk
    ).delete()
    if deleted:
        return False
    Follow.objects.create(user=user, content_type=ct, object_id=target.pk)
    return True


def _url_of(target: Any) -> str:
    try:
        return str(target.get_absolute_url())
    except (AttributeError, Exception):  # noqa: BLE001 - a target without a page has no link
        return ""


def notify(*, users: Iterable[Any], verb: str, text: str, url: str = "") -> int:
    now = timezone.now()
    rows = [
        Notification(user=u, verb=verb, text=text[:300], url=url[:300], created_at=now)
        for u in {u.pk: u for u in users if getattr(u, "is_active", True)}.values()
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def notify_followers(
    *, target: Any, verb: str, text: str, url: str = "", exclude: Iterable[Any] = ()
) -> int:
    ct = ContentType.objects.get_for_model(target)
    excluded = {u.pk for u in exclude}
    from ruamkan.accounts.models import User

    users = User.objects.filter(
        follows__content_type=ct, follows__object_id=target.pk, is_active=True
    ).exclude(pk__in=excluded)
    return notify(users=users, verb=verb, text=text, url=url)


@transaction.atomic
def notifications_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def notification_digests_send(*, now: dt.datetime | None = None) -> int:
    """One e-mail per person with everything not yet read or e-mailed (no notification floods:
    peers.md). Returns the number of e-mails sent."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    from ruamkan.accounts.models import User

    now = now or timezone.now()
    sent = 0
    pending = Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True)
    users = User.objects.filter(
        pk__in=pending.values("user_id"), is_active=True, email_digest=True, email__isnull=False
    )
    for user in users:
        items = list(pending.filter(user=user).order_by("created_at")[:50])
        if not items:
            continue
        with translation.override(user.preferred_language or "th"):
            subject = _("Ruamkan: %(n)d updates for you") % {"n": len(items)}
            body = render_to_string(
                "spaces/email/digest.txt",
                {"user": user, "items": items, "site_url": settings.SITE_URL},
            )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [str(user.email)])
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
        sent += 1
    return sent

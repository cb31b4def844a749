"""Writes for co-governance. Every function is atomic: it checks, validates, writes, notifies,
and either does all of it or nothing (a refused request leaves no half-saved rows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ruamkan.core.audit import audit_record
from ruamkan.core.html import plain_text, sanitize_html
from ruamkan.core.images import reencode_image
from ruamkan.deliberation.lib.similarity import tokens as text_tokens
from ruamkan.deliberation.models import (
    MAX_BODY,
    MAX_TITLE,
    Amendment,
    Answer,
    AnswerState,
    BudgetLine,
    Category,
    Debate,
    Forum,
    ForumAttendance,
    ForumRegistration,
    Milestone,
    PlanItem,
    Proposal,
    ProposalAttachment,
    ProposalImage,
    ProposalSettings,
    Result,
    Support,
)
from ruamkan.deliberation.rules import can_answer, can_track_results
from ruamkan.spaces import services as space_services
from ruamkan.spaces.models import Comment, Phase, Space
from ruamkan.spaces.rules import can_manage_space
from ruamkan.spaces.selectors import phase_action_check, space_area_subdistrict_ids

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_IMAGES = 5
MAX_ATTACHMENTS = 3

DEFAULT_ANSWER_STATES = [
    # key, Thai, English, effect
    ("under_review", "อยู่ระหว่างพิจารณา", "Under review", AnswerState.Effect.OPEN),
    ("accepted", "รับไว้ดำเนินการ", "Accepted", AnswerState.Effect.ACCEPTED),
    ("rejected", "ไม่สามารถดำเนินการได้", "Rejected", AnswerState.Effect.REJECTED),
    ("in_plan", "บรรจุในแผนพัฒนาท้องถิ่น", "In the plan", AnswerState.Effect.PLANNED),
    ("done", "ดำเนินการแล้วเสร็จ", "Done", AnswerState.Effect.DONE),
]


# Helpers -------------------------------------------------------------------------------------


def _text(value: Any, field: str, *, max_length: int, required: bool = True,
          label: str = "") -> str:
    text = plain_text(str(value or "")).strip()
    if required and not text:
        raise ValidationError({field: _("Please fill in %(f)s.") % {"f": label or field}})
    if len(text) > max_length:
        raise ValidationError(
            {field: _("%(f)s can be at most %(n)d characters.") % {"f": label or field,
                                                                   "n": max_length}}
        )
    return text


def _location(lat: Any, lon: Any) -> tuple[float | None, float | None]:
    if lat in (None, "") and lon in (None, ""):
        return None, None
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ValidationError({"lat": _("Choose a place on the map, or leave it empty.")}) from None
    if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180):
        raise ValidationError({"lat": _("This place is not on the map.")})
    return round(lat_f, 6), round(lon_f, 6)


def _money(value: Any, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Please give an amount in baht.")}) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise ValidationError({field: _("Please give an amount in baht.")})
    return amount.quantize(Decimal("0.01"))


def _require_phase(phase: Phase, key: str) -> None:
    if phase.content_key != key:
        raise ValidationError(_("This phase does not allow that."))


def _check(user: Any, phase: Phase, action: str) -> None:
    check = phase_action_check(user=user, phase=phase, action=action)
    if not check.allowed:
        raise PermissionDenied(check.reason)


def _official_error(space: Space) -> PermissionDenied:
    if space.local_government_id:
        return PermissionDenied(
            _("Only officials of %(lg)s can do this.") % {"lg": space.local_government}
        )
    return PermissionDenied(_("Only the officials responsible for this space can do this."))


def _require_official(user: Any, space: Space) -> None:
    if not can_answer(user, space):
        raise _official_error(space)


def _index(obj: Any) -> None:
    """Keep the site search current (proposals, debates, forums); drafts are never public."""
    try:
        from ruamkan.search.services import search_document_upsert
    except ImportError:  # search app not there yet
        return
    space = obj.space
    lg = space.local_government if space.local_government_id else None
    public = space.is_published and space.visibility != Space.Visibility.PRIVATE
    if isinstance(obj, Proposal):
        public = public and obj.state != Proposal.State.DRAFT and not obj.is_hidden
    search_document_upsert(
        obj=obj, title=obj.title,
        body=getattr(obj, "body", "") or getattr(obj, "description", ""),
        url=obj.get_absolute_url(), is_public=public, space=space, local_government=lg,
        province=space.province or (lg.province if lg else None),
    )


def _tell(target: Any, *, verb: str, text: str, actor: Any = None) -> int:
    """Followers of the target, and for a proposal its authors whether they follow or not."""
    exclude = [actor] if actor is not None and getattr(actor, "pk", None) else []
    sent = 0
    if isinstance(target, Proposal):
        authors = [a for a in [target.author, *target.coauthors.all()]
                   if not exclude or a.pk != exclude[0].pk]
        sent += space_services.notify(users=authors, verb=verb, text=text,
                                      url=target.get_absolute_url())
        exclude = [*exclude, *authors]
    return sent + space_services.notify_followers(
        target=target, verb=verb, text=text, url=space_services._url_of(target), exclude=exclude,
    )


# Settings and answer states ------------------------------------------------------------------


def proposal_settings_for(phase: Phase) -> ProposalSettings:
    found = ProposalSettings.objects.filter(phase=phase).first()
    return found or ProposalSettings(phase=phase)


@transaction.atomic
def proposal_settings_set(
    *, by: Any, phase: Phase, support_threshold: int, answer_days: int,
    support_limit: int | None = None,
) -> ProposalSettings:
    if not can_manage_space(by, phase.space):
        raise PermissionDenied(_("You cannot change this space."))
    _require_phase(phase, "deliberation.proposals")
    if support_threshold < 1 or answer_days < 1 or (support_limit is not None and support_limit < 1):
        raise ValidationError(_("Numbers must be at least 1."))
    obj, _created = ProposalSettings.objects.update_or_create(
        phase=phase, defaults={"support_threshold": support_threshold,
                               "answer_days": answer_days, "support_limit": support_limit},
    )
    return obj


@transaction.atomic
def answer_state_defaults_ensure(*, local_government: Any) -> list[AnswerState]:
    """The local government's answer states, seeding the defaults the first time."""
    existing = list(AnswerState.objects.filter(local_government=local_government))
    if existing:
        return existing
    for position, (key, th, en, effect) in enumerate(DEFAULT_ANSWER_STATES):
        AnswerState.objects.get_or_create(
            local_government=local_government, key=key,
            defaults={"name_th": th, "name_en": en, "effect": effect, "position": position},
        )
    return list(AnswerState.objects.filter(local_government=local_government))


@transaction.atomic
def answer_state_create(*, by: Any, local_government: Any, name_th: str, name_en: str = "",
                        effect: str, key: str) -> AnswerState:
    if not can_track_results(by, local_government):
        raise PermissionDenied(_("Only officials of %(lg)s can do this.") % {"lg": local_government})
    if effect not in AnswerState.Effect.values:
        raise ValidationError({"effect": _("Choose what the answer means.")})
    answer_state_defaults_ensure(local_government=local_government)
    state, _created = AnswerState.objects.get_or_create(
        local_government=local_government, key=key,
        defaults={"name_th": _text(name_th, "name_th", max_length=100),
                  "name_en": _text(name_en, "name_en", max_length=100, required=False),
                  "effect": effect, "position": 50},
    )
    return state


@transaction.atomic
def category_create(*, by: Any, space: Space, name: str) -> Category:
    if not can_manage_space(by, space):
        raise PermissionDenied(_("You cannot change this space."))
    category, _created = Category.objects.get_or_create(
        space=space, name=_text(name, "name", max_length=100)
    )
    return category


# Proposals -----------------------------------------------------------------------------------


def _clean_proposal_fields(space: Space, fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "title" in fields:
        out["title"] = _text(fields["title"], "title", max_length=MAX_TITLE, label=_("the title"))
    if "body" in fields:
        out["body"] = _text(fields["body"], "body", max_length=MAX_BODY, label=_("the proposal"))
    if "category" in fields:
        category = fields["category"]
        if category is not None and not isinstance(category, Category):
            category = Category.objects.filter(space=space, pk=category).first()
            if category is None:
                raise ValidationError({"category": _("Choose a category of this space.")})
        if category is not None and category.space_id != space.pk:
            raise ValidationError({"category": _("Choose a category of this space.")})
        out["category"] = category
    if "subdistrict" in fields:
        sub = fields["subdistrict"]
        if sub is not None:
            code = getattr(sub, "code", sub)
            allowed = space_area_subdistrict_ids(space)
            if allowed is not None and code not in allowed:
                raise ValidationError({"subdistrict": _("Choose an area of this space.")})
            from ruamkan.areas.models import Subdistrict

            sub = sub if isinstance(sub, Subdistrict) else Subdistrict.objects.filter(code=code).first()
            if sub is None:
                raise ValidationError({"subdistrict": _("Choose an area of this space.")})
        out["subdistrict"] = sub
    if "lat" in fields or "lon" in fields:
        out["lat"], out["lon"] = _location(fields.get("lat"), fields.get("lon"))
    return out


def _add_files(proposal: Proposal, images: Sequence[tuple[Any, str]],
               attachments: Sequence[tuple[Any, str]]) -> None:
    if proposal.images.count() + len(images) > MAX_IMAGES:
        raise ValidationError({"images": _("At most %(n)d photos.") % {"n": MAX_IMAGES}})
    if proposal.attachments.count() + len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("At most %(n)d files.") % {"n": MAX_ATTACHMENTS}})
    for upload, alt in images:
        alt = _text(alt, "alt", max_length=200, label=_("what the photo shows"))
        clean = reencode_image(upload)  # strips EXIF/GPS; refuses what it cannot read
        ProposalImage.objects.create(proposal=proposal, image=clean, alt=alt)
    for upload, title in attachments:
        title = _text(title or getattr(upload, "name", ""), "title", max_length=200) or _("File")
        size = getattr(upload, "size", 0) or 0
        if size > MAX_ATTACHMENT_BYTES:
            raise ValidationError({"attachments": _("A file can be at most %(mb)d MB.")
                                   % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)}})
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise ValidationError({"attachments": _("Only PDF files can be attached.")})
        ProposalAttachment.objects.create(proposal=proposal, file=upload, title=title, size=size)


@transaction.atomic
def proposal_create(
    *,
    author: Any,
    phase: Phase,
    title: str,
    body: str,
    category: Any = None,
    subdistrict: Any = None,
    lat: Any = None,
    lon: Any = None,
    publish: bool = False,
    coauthors: Iterable[Any] = (),
    images: Sequence[tuple[Any, str]] = (),
    attachments: Sequence[tuple[Any, str]] = (),
    forum: Forum | None = None,
    on_behalf_of: str = "",
) -> Proposal:
    """A citizen's proposal (a draft unless publish=True). With `forum`, an official enters it
    for the people who raised it at that forum: it is published at once and marked as such."""
    _require_phase(phase, "deliberation.proposals")
    space = phase.space
    if forum is not None:
        if forum.space_id != space.pk:
            raise ValidationError({"forum": _("That forum belongs to another space.")})
        _require_official(author, space)
        on_behalf_of = _text(on_behalf_of, "on_behalf_of", max_length=200,
                             label=_("who raised it"))
        if not (phase.starts_at <= timezone.now() < phase.ends_at):
            raise PermissionDenied(_("This phase has closed."))
        publish = True
    else:
        _check(author, phase, "create")
        on_behalf_of = ""
    fields = _clean_proposal_fields(space, {
        "title": title, "body": body, "category": category, "subdistrict": subdistrict,
        "lat": lat, "lon": lon,
    })
    proposal = Proposal.objects.create(
        space=space, phase=phase, author=author, forum=forum, on_behalf_of=on_behalf_of,
        tokens=" ".join(sorted(text_tokens(f"{fields['title']} {fields['body']}"))), **fields,
    )
    _set_coauthors(proposal, coauthors)
    _add_files(proposal, images, attachments)
    if publish:
        _publish(proposal, by=author)
    return proposal


def _set_coauthors(proposal: Proposal, coauthors: Iterable[Any]) -> None:
    people = [u for u in coauthors if u is not None and u.pk != proposal.author_id]
    if len(people) > 10:
        raise ValidationError({"coauthors": _("At most 10 co-authors.")})
    proposal.coauthors.set(people)


def _can_edit(user: Any, proposal: Proposal) -> bool:
    return getattr(user, "is_authenticated", False) and user.pk in proposal.author_ids()


@transaction.atomic
def proposal_update(
    *, by: Any, proposal: Proposal, coauthors: Iterable[Any] | None = None,
    images: Sequence[tuple[Any, str]] = (), attachments: Sequence[tuple[Any, str]] = (),
    **fields: Any,
) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not _can_edit(by, proposal):
        raise PermissionDenied(_("Only the authors can change this proposal."))
    if proposal.state != Proposal.State.DRAFT:
        raise ValidationError(
            _("A published proposal cannot be edited; others can propose amendments.")
        )
    unknown = set(fields) - {"title", "body", "category", "subdistrict", "lat", "lon"}
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in _clean_proposal_fields(proposal.space, fields).items():
        setattr(proposal, name, value)
    proposal.tokens = " ".join(sorted(text_tokens(f"{proposal.title} {proposal.body}")))
    proposal.save()
    if coauthors is not None:
        _set_coauthors(proposal, coauthors)
    _add_files(proposal, images, attachments)
    return proposal


def _publish(proposal: Proposal, *, by: Any) -> None:
    proposal.state = Proposal.State.PUBLISHED
    proposal.published_at = timezone.now()
    proposal.save(update_fields=["state", "published_at", "updated_at"])
    for person in [proposal.author, *proposal.coauthors.all()]:
        space_services.follow_add(user=person, target=proposal)
    _tell(proposal.space, verb="proposal", actor=by,
          text=_("New proposal in “%(space)s”: %(title)s")
          % {"space": proposal.space.title[:60], "title": proposal.title[:80]})
    space_services.notify(
        users=[u for u in proposal.coauthors.all() if u.pk != by.pk], verb="proposal",
        text=_("You are a co-author of “%(title)s”, now published.") % {"title": proposal.title[:80]},
        url=proposal.get_absolute_url(),
    )
    _index(proposal)


@transaction.atomic
def proposal_publish(*, by: Any, proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("space", "phase").get(
        pk=proposal.pk
    )
    if not _can_edit(by, proposal):
        raise PermissionDenied(_("Only the authors can publish this proposal."))
    if proposal.state != Proposal.State.DRAFT:
        raise ValidationError(_("This proposal is already published."))
    _check(by, proposal.phase, "create")
    _publish(proposal, by=by)
    return proposal


@transaction.atomic
def proposal_withdraw(*, by: Any, proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("space").get(pk=proposal.pk)
    if not _can_edit(by, proposal):
        raise PermissionDenied(_("Only the authors can withdraw this proposal."))
    if proposal.state != Proposal.State.PUBLISHED:
        raise ValidationError(_("Only a published proposal can be withdrawn."))
    proposal.state = Proposal.State.WITHDRAWN
    proposal.withdrawn_at = timezone.now()
    proposal.save(update_fields=["state", "withdrawn_at", "updated_at"])
    _tell(proposal, verb="proposal_withdrawn", actor=by,
          text=_("“%(title)s” was withdrawn by its author.") % {"title": proposal.title[:80]})
    _index(proposal)
    return proposal


@transaction.atomic
def proposal_delete_draft(*, by: Any, proposal: Proposal) -> None:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.author_id != getattr(by, "pk", None):
        raise PermissionDenied(_("Only the author can delete this draft."))
    if proposal.state != Proposal.State.DRAFT:
        raise ValidationError(_("Only drafts can be deleted; withdraw a published proposal."))
    proposal.delete()


# Supports ------------------------------------------------------------------------------------


@transaction.atomic
def support_add(*, user: Any, proposal: Proposal) -> Support:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Please sign in to take part."))
    from ruamkan.accounts.models import User

    # Serialise one person's supports (PostgreSQL row lock; SQLite takes the write lock at
    # BEGIN IMMEDIATE), so a per-person limit cannot be overrun by parallel requests.
    User.objects.select_for_update().filter(pk=user.pk).first()
    proposal = Proposal.objects.select_related("phase", "space").get(pk=proposal.pk)
    if proposal.state != Proposal.State.PUBLISHED or proposal.is_hidden:
        raise ValidationError(_("Only published proposals can be supported."))
    phase = proposal.phase
    _check(user, phase, "support")
    config = proposal_settings_for(phase)
    if Support.objects.filter(proposal=proposal, user=user).exists():
        raise ValidationError(_("You already support this proposal."))
    if config.support_limit is not None:
        used = Support.objects.filter(user=user, phase=phase).count()
        if used >= config.support_limit:
            raise ValidationError(
                _("You have used all %(n)d of your supports in this phase.")
                % {"n": config.support_limit}
            )
    try:
        with transaction.atomic():
            support = Support.objects.create(proposal=proposal, user=user, phase=phase)
    except IntegrityError:
        raise ValidationError(_("You already support this proposal.")) from None
    Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
    count = Proposal.objects.filter(pk=proposal.pk).values_list("support_count", flat=True)[0]
    if count >= config.support_threshold:
        now = timezone.now()
        reached = Proposal.objects.filter(pk=proposal.pk, threshold_reached_at__isnull=True).update(
            threshold_reached_at=now, answer_due_at=now + dt.timedelta(days=config.answer_days)
        )
        if reached:
            _tell(proposal, verb="threshold",
                  text=_("“%(title)s” reached %(n)d supports: the local government must answer "
                         "within %(d)d days.")
                  % {"title": proposal.title[:80], "n": config.support_threshold,
                     "d": config.answer_days})
    space_services.follow_add(user=user, target=proposal)
    return support


@transaction.atomic
def support_remove(*, user: Any, proposal: Proposal) -> None:
    proposal = Proposal.objects.select_related("phase", "space").get(pk=proposal.pk)
    check = phase_action_check(user=user, phase=proposal.phase, action="support")
    if not check.allowed:
        raise PermissionDenied(check.reason)
    deleted, _rows = Support.objects.filter(proposal=proposal, user=user).delete()
    if not deleted:
        raise ValidationError(_("You do not support this proposal."))
    # A reached threshold stays reached: the promise of an answer is not taken back.
    Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - 1)


# Official answers ----------------------------------------------------------------------------


@transaction.atomic
def answer_create(
    *, by: Any, proposal: Proposal, state: AnswerState | str, text: str,
    cost_estimate: Any = None,
) -> Answer:
    proposal = Proposal.objects.select_for_update().select_related("space").get(pk=proposal.pk)
    space = proposal.space
    _require_official(by, space)
    if proposal.state == Proposal.State.DRAFT:
        raise ValidationError(_("Drafts cannot be answered."))
    states = answer_state_defaults_ensure(local_government=space.local_government)
    chosen: AnswerState | None = state if isinstance(state, AnswerState) else next(
        (s for s in states if s.key == state or str(s.pk) == str(state)), None
    )
    if chosen is None or chosen.local_government_id != space.local_government_id:
        raise ValidationError({"state": _("Choose one of the local government's answer states.")})
    answer = Answer.objects.create(
        proposal=proposal, state=chosen, answered_by=by,
        text=_text(text, "text", max_length=MAX_BODY, label=_("the answer")),
        cost_estimate=_money(cost_estimate, "cost_estimate"),
    )
    proposal.answer_state = chosen
    proposal.answered_at = answer.created_at
    proposal.save(update_fields=["answer_state", "answered_at", "updated_at"])
    _tell(proposal, verb="answer", actor=by,
          text=_("Official answer to “%(title)s”: %(state)s")
          % {"title": proposal.title[:80], "state": chosen.name_th})
    audit_record(actor=by, action="deliberation.answer", obj=proposal,
                 local_government=space.local_government, state=chosen.key)
    return answer


# Comments ------------------------------------------------------------------------------------


def comment_phase_for(target: Any) -> Phase | None:
    """The phase under which people comment on a proposal, debate or forum now: its own phase
    while it runs, else another running co-governance phase of the space that allows comments."""
    own = getattr(target, "phase", None)
    now = timezone.now()
    if own is not None and own.is_active(now) and own.content and "comment" in own.content.actions:
        return own
    for phase in target.space.phases.all():
        if (phase.content_key.startswith("deliberation.") and phase.is_active(now)
                and phase.content and "comment" in phase.content.actions):
            return phase
    return own


@transaction.atomic
def target_comment_create(
    *, author: Any, target: Any, body: str, stance: str = Comment.Stance.NEUTRAL,
    parent: Comment | None = None,
) -> Comment:
    if isinstance(target, Proposal) and target.state == Proposal.State.DRAFT:
        raise ValidationError(_("Drafts cannot be commented on."))
    if isinstance(target, Debate) and target.closed_at:
        raise PermissionDenied(_("This debate is closed."))
    phase = comment_phase_for(target)
    if phase is None:
        raise PermissionDenied(_("This phase does not allow that."))
    return space_services.comment_create(
        author=author, phase=phase, target=target, body=body, stance=stance, parent=parent
    )


# Amendments ----------------------------------------------------------------------------------


@transaction.atomic
def amendment_create(*, author: Any, proposal: Proposal, title: str, body: str,
                     reason: str = "") -> Amendment:
    proposal = Proposal.objects.select_related("phase", "space").get(pk=proposal.pk)
    _check(author, proposal.phase, "amend")
    if proposal.state != Proposal.State.PUBLISHED:
        raise ValidationError(_("Only published proposals can be amended."))
    if author.pk in proposal.author_ids():
        raise ValidationError(_("You are an author of this proposal."))
    title = _text(title, "title", max_length=MAX_TITLE, label=_("the title"))
    body = _text(body, "body", max_length=MAX_BODY, label=_("the text"))
    if title == proposal.title and body == proposal.body:
        raise ValidationError(_("The amendment changes nothing."))
    amendment = Amendment.objects.create(
        proposal=proposal, author=author, title=title, body=body,
        reason=_text(reason, "reason", max_length=500, required=False),
    )
    space_services.notify(
        users=[proposal.author, *proposal.coauthors.all()], verb="amendment",
        text=_("%(who)s proposes a change to “%(title)s”.")
        % {"who": author.public_name, "title": proposal.title[:80]},
        url=proposal.get_absolute_url(),
    )
    space_services.follow_add(user=author, target=proposal)
    return amendment


@transaction.atomic
def amendment_decide(*, by: Any, amendment: Amendment, accept: bool) -> Amendment:
    amendment = Amendment.objects.select_for_update().select_related("proposal").get(
        pk=amendment.pk
    )
    proposal = Proposal.objects.select_for_update().get(pk=amendment.proposal_id)
    if not _can_edit(by, proposal):
        raise PermissionDenied(_("Only the authors can accept or reject amendments."))
    if amendment.state != Amendment.State.PENDING:
        raise ValidationError(_("This amendment has already been decided."))
    if proposal.state != Proposal.State.PUBLISHED:
        raise ValidationError(_("Only published proposals can be amended."))
    amendment.state = Amendment.State.ACCEPTED if accept else Amendment.State.REJECTED
    amendment.decided_at = timezone.now()
    amendment.save(update_fields=["state", "decided_at", "updated_at"])
    if accept:
        proposal.title, proposal.body = amendment.title, amendment.body
        proposal.tokens = " ".join(sorted(text_tokens(f"{proposal.title} {proposal.body}")))
        proposal.save(update_fields=["title", "body", "tokens", "updated_at"])
        _index(proposal)
        _tell(proposal, verb="amendment_accepted", actor=by,
              text=_("An amendment to “%(title)s” was accepted.") % {"title": proposal.title[:80]})
    else:
        space_services.notify(
            users=[amendment.author], verb="amendment_rejected",
            text=_("Your amendment to “%(title)s” was not accepted.")
            % {"title": proposal.title[:80]}, url=proposal.get_absolute_url(),
        )
    return amendment


# Debates -------------------------------------------------------------------------------------


@transaction.atomic
def debate_create(*, by: Any, phase: Phase, title: str, body: str = "") -> Debate:
    _require_phase(phase, "deliberation.debate")
    _require_official(by, phase.space)
    debate = Debate.objects.create(
        space=phase.space, phase=phase, created_by=by,
        title=_text(title, "title", max_length=MAX_TITLE, label=_("the question")),
        body=_text(body, "body", max_length=MAX_BODY, required=False),
    )
    _index(debate)
    _tell(phase.space, verb="debate", actor=by,
          text=_("New debate: %(title)s") % {"title": debate.title[:80]})
    return debate


@transaction.atomic
def debate_close(*, by: Any, debate: Debate, conclusion: str) -> Debate:
    debate = Debate.objects.select_for_update().select_related("space").get(pk=debate.pk)
    _require_official(by, debate.space)
    if debate.closed_at:
        raise ValidationError(_("This debate is already closed."))
    debate.conclusion = _text(conclusion, "conclusion", max_length=MAX_BODY,
                              label=_("the conclusion"))
    debate.closed_at, debate.closed_by = timezone.now(), by
    debate.save(update_fields=["conclusion", "closed_at", "closed_by", "updated_at"])
    _tell(debate, verb="debate_closed", actor=by,
          text=_("The debate “%(title)s” is closed with a conclusion.") % {"title": debate.title[:80]})
    audit_record(actor=by, action="deliberation.debate_close", obj=debate,
                 local_government=debate.space.local_government)
    return debate


# Forums --------------------------------------------------------------------------------------


@transaction.atomic
def forum_create(
    *, by: Any, phase: Phase, title: str, starts_at: dt.datetime, ends_at: dt.datetime,
    description: str = "", place: str = "", online_url: str = "", capacity: int | None = None,
    lat: Any = None, lon: Any = None,
) -> Forum:
    _require_phase(phase, "deliberation.forums")
    _require_official(by, phase.space)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A forum must end after it starts.")})
    place = _text(place, "place", max_length=300, required=False)
    online_url = (online_url or "").strip()
    if online_url and not online_url.startswith(("https://", "http://")):
        raise ValidationError({"online_url": _("Give a web link starting with https://")})
    if not place and not online_url:
        raise ValidationError({"place": _("Give a place or an online link.")})
    if capacity is not None and capacity < 1:
        raise ValidationError({"capacity": _("Places must be at least 1, or empty.")})
    lat_f, lon_f = _location(lat, lon)
    forum = Forum.objects.create(
        space=phase.space, phase=phase, created_by=by,
        title=_text(title, "title", max_length=MAX_TITLE, label=_("the title")),
        description=_text(description, "description", max_length=MAX_BODY, required=False),
        starts_at=starts_at, ends_at=ends_at, place=place, online_url=online_url[:200],
        capacity=capacity, lat=lat_f, lon=lon_f,
    )
    _index(forum)
    _tell(phase.space, verb="forum", actor=by,
          text=_("New public forum: %(title)s") % {"title": forum.title[:80]})
    return forum


@transaction.atomic
def forum_register(*, user: Any, forum: Forum) -> ForumRegistration:
    forum = Forum.objects.select_related("phase", "space").get(pk=forum.pk)
    _check(user, forum.phase, "register")
    if timezone.now() >= forum.starts_at:
        raise ValidationError(_("Registration for this forum has closed."))
    try:
        with transaction.atomic():
            registration = ForumRegistration.objects.create(forum=forum, user=user)
    except IntegrityError:
        raise ValidationError(_("You are already registered.")) from None
    # One conditional UPDATE takes a place: of two people racing for the last one, the second
    # updates no row and the whole transaction (with its registration) is rolled back.
    taken = Forum.objects.filter(
        Q(capacity__isnull=True) | Q(registered_count__lt=F("capacity")), pk=forum.pk
    ).update(registered_count=F("registered_count") + 1)
    if not taken:
        raise ValidationError(_("Sorry, this forum is full."))
    space_services.follow_add(user=user, target=forum)
    return registration


@transaction.atomic
def forum_unregister(*, user: Any, forum: Forum) -> None:
    deleted, _rows = ForumRegistration.objects.filter(forum=forum, user=user).delete()
    if not deleted:
        raise ValidationError(_("You are not registered."))
    Forum.objects.filter(pk=forum.pk, registered_count__gt=0).update(
        registered_count=F("registered_count") - 1
    )


@transaction.atomic
def forum_attendance_record(*, by: Any, forum: Forum, user: Any = None, name: str = "",
                            village: str = "") -> ForumAttendance:
    _require_official(by, forum.space)
    name = _text(name, "name", max_length=150, required=user is None, label=_("the name"))
    village = _text(village, "village", max_length=100, required=False)
    try:
        with transaction.atomic():
            return ForumAttendance.objects.create(
                forum=forum, user=user, name=name, village=village, recorded_by=by
            )
    except IntegrityError:
        raise ValidationError(_("This person's attendance is already recorded.")) from None


@transaction.atomic
def forum_minutes_publish(*, by: Any, forum: Forum, minutes: str, resolutions: str) -> Forum:
    forum = Forum.objects.select_for_update().select_related("space").get(pk=forum.pk)
    _require_official(by, forum.space)
    clean_minutes = sanitize_html(minutes or "").strip()
    if not plain_text(clean_minutes).strip():
        raise ValidationError({"minutes": _("Please write the minutes.")})
    if len(clean_minutes) > 50_000:
        raise ValidationError({"minutes": _("The minutes are too long.")})
    forum.minutes_html = clean_minutes
    forum.resolutions = _text(resolutions, "resolutions", max_length=MAX_BODY, required=False)
    first = forum.minutes_published_at is None
    forum.minutes_published_at = forum.minutes_published_at or timezone.now()
    forum.save(update_fields=["minutes_html", "resolutions", "minutes_published_at", "updated_at"])
    if first:
        _tell(forum, verb="forum_minutes", actor=by,
              text=_("Minutes of “%(title)s” are published.") % {"title": forum.title[:80]})
    audit_record(actor=by, action="deliberation.forum_minutes", obj=forum,
                 local_government=forum.space.local_government)
    return forum


# From voice to result ------------------------------------------------------------------------


def _require_tracker(by: Any, local_government: Any) -> None:
    if not can_track_results(by, local_government):
        raise PermissionDenied(_("Only officials of %(lg)s can do this.") % {"lg": local_government})


def year_from_input(value: Any) -> int:
    """Accepts a Buddhist-Era year (2570) or a Common-Era one (2027); returns CE."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Give a year, e.g. 2570.")}) from None
    if year > 2400:
        year -= 543
    if not 2000 <= year <= 2200:
        raise ValidationError({"year": _("Give a year, e.g. 2570.")})
    return year


@transaction.atomic
def plan_item_create(
    *, by: Any, local_government: Any, project: str, year: int, budget: Any,
    description: str = "", proposals: Iterable[Proposal] = (), forums: Iterable[Forum] = (),
    space: Space | None = None,
) -> PlanItem:
    _require_tracker(by, local_government)
    proposals, forums = list(proposals), list(forums)
    for proposal in proposals:
        if proposal.space.local_government_id != local_government.pk:
            raise ValidationError(_("That proposal belongs to another local government."))
        state = proposal.answer_state
        if state is None or state.effect not in (AnswerState.Effect.ACCEPTED,
                                                 AnswerState.Effect.PLANNED):
            raise ValidationError(_("Only accepted proposals can go into the plan."))
    for forum in forums:
        if forum.space.local_government_id != local_government.pk:
            raise ValidationError(_("That forum belongs to another local government."))
    amount = _money(budget, "budget")
    if amount is None:
        raise ValidationError({"budget": _("Please give an amount in baht.")})
    item = PlanItem.objects.create(
        local_government=local_government, space=space or (proposals[0].space if proposals else None),
        project=_text(project, "project", max_length=MAX_TITLE, label=_("the project")),
        description=_text(description, "description", max_length=MAX_BODY, required=False),
        year=year_from_input(year), budget=amount, created_by=by,
    )
    item.proposals.set(proposals)
    item.forums.set(forums)
    planned = next((s for s in answer_state_defaults_ensure(local_government=local_government)
                    if s.effect == AnswerState.Effect.PLANNED), None)
    for proposal in proposals:
        if planned is not None and proposal.answer_state_id != planned.pk:
            answer_create(
                by=by, proposal=proposal, state=planned, cost_estimate=amount,
                text=_("Added to the local development plan: %(project)s (year %(year)d).")
                % {"project": item.project, "year": item.year_be},
            )
    audit_record(actor=by, action="deliberation.plan_item", obj=item,
                 local_government=local_government)
    return item


@transaction.atomic
def budget_line_create(*, by: Any, plan_item: PlanItem, fiscal_year: Any, amount: Any,
                       reference: str = "") -> BudgetLine:
    _require_tracker(by, plan_item.local_government)
    value = _money(amount, "amount")
    if value is None:
        raise ValidationError({"amount": _("Please give an amount in baht.")})
    line = BudgetLine.objects.create(
        plan_item=plan_item, fiscal_year=year_from_input(fiscal_year), amount=value,
        reference=_text(reference, "reference", max_length=100, required=False),
    )
    for proposal in plan_item.proposals.all():
        _tell(proposal, verb="budget", actor=by,
              text=_("“%(project)s” now has a budget line for year %(year)d.")
              % {"project": plan_item.project[:80], "year": line.fiscal_year_be})
    return line


def _result_proposals(result: Result) -> list[Proposal]:
    seen = {p.pk: p for p in result.proposals.all()}
    node: Result | None = result.parent
    while node is not None and len(seen) < 200:
        seen.update({p.pk: p for p in node.proposals.all()})
        node = node.parent
    return list(seen.values())


@transaction.atomic
def result_create(
    *, by: Any, local_government: Any, title: str, description: str = "",
    parent: Result | None = None, plan_item: PlanItem | None = None,
    budget_line: BudgetLine | None = None, weight: int = 1, progress: int = 0,
    status: str = Result.Status.NOT_STARTED,
    proposals: Iterable[Proposal] | None = None, forums: Iterable[Forum] | None = None,
) -> Result:
    _require_tracker(by, local_government)
    for linked in (parent, plan_item):
        if linked is not None and linked.local_government_id != local_government.pk:
            raise ValidationError(_("Links must stay within one local government."))
    if budget_line is not None:
        plan_item = plan_item or budget_line.plan_item
        if budget_line.plan_item.local_government_id != local_government.pk:
            raise ValidationError(_("Links must stay within one local government."))
    if parent is not None and parent.progress:
        # The parent becomes computed; its old own progress would otherwise linger unseen.
        Result.objects.filter(pk=parent.pk).update(progress=0)
    if status not in Result.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    if not 0 <= int(progress) <= 100 or not 0 <= int(weight) <= 1000:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
    result = Result.objects.create(
        local_government=local_government, parent=parent, plan_item=plan_item,
        budget_line=budget_line, weight=weight, progress=progress, status=status,
        title=_text(title, "title", max_length=MAX_TITLE, label=_("the title")),
        description=_text(description, "description", max_length=MAX_BODY, required=False),
    )
    if proposals is None and plan_item is not None:
        proposals, forums = plan_item.proposals.all(), plan_item.forums.all()
    result.proposals.set(list(proposals or []))
    result.forums.set(list(forums or []))
    return result


@transaction.atomic
def result_update(*, by: Any, result: Result, status: str | None = None,
                  progress: int | None = None) -> Result:
    result = Result.objects.select_for_update().get(pk=result.pk)
    _require_tracker(by, result.local_government)
    changed = []
    if progress is not None:
        if result.children.exists():
            raise ValidationError(
                {"progress": _("This result's progress is computed from its parts.")}
            )
        if not 0 <= int(progress) <= 100:
            raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
        result.progress = int(progress)
        changed.append("progress")
    if status is not None:
        if status not in Result.Status.values:
            raise ValidationError({"status": _("Choose a status.")})
        result.status = status
        changed.append("status")
    if not changed:
        return result
    result.save(update_fields=[*changed, "updated_at"])
    for proposal in _result_proposals(result):
        _tell(proposal, verb="result", actor=by,
              text=_("Progress on “%(title)s”: %(status)s")
              % {"title": result.title[:80], "status": result.get_status_display()})
    audit_record(actor=by, action="deliberation.result_update", obj=result,
                 local_government=result.local_government, status=result.status,
                 progress=result.progress)
    return result


@transaction.atomic
def milestone_add(*, by: Any, result: Result, title: str, date: dt.date, description: str = "",
                  photo: Any = None, photo_alt: str = "") -> Milestone:
    _require_tracker(by, result.local_government)
    milestone = Milestone(
        result=result, date=date, created_by=by,
        title=_text(title, "title", max_length=MAX_TITLE, label=_("the title")),
        description=_text(description, "description", max_length=MAX_BODY, required=False),
    )
    if photo:
        milestone.photo_alt = _text(photo_alt, "photo_alt", max_length=200,
                                    label=_("what the photo shows"))
        milestone.photo = reencode_image(photo)
    milestone.save()
    for proposal in _result_proposals(result):
        _tell(proposal, verb="milestone", actor=by,
              text=_("New milestone for “%(title)s”: %(m)s")
              % {"title": result.title[:60], "m": milestone.title[:60]})
    return milestone


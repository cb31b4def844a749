"""Writes and tallies for decision polls; the counting itself is polls/lib (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruamkan.core.audit import audit_record
from ruamkan.core.html import plain_text
from ruamkan.polls import lib
from ruamkan.polls.models import Poll, PollOption, PollVote
from ruamkan.spaces.registry import methods
from ruamkan.spaces.rules import can_manage_space, can_moderate_space, can_view_space


@transaction.atomic
def poll_create(
    *, by: Any, space: Any, kind: str, question: str, options: Sequence[str],
    closes_at: dt.datetime, **settings: Any,
) -> Poll:
    if not can_manage_space(by, space):
        raise PermissionDenied(_("You cannot change this space."))
    question = plain_text(question).strip()
    labels = [plain_text(o).strip() for o in options if plain_text(o).strip()]
    errors: dict[str, str] = {}
    if not question:
        errors["question"] = _("Please write the question.")
    if kind not in Poll.Kind.values:
        errors["kind"] = _("Choose a kind of poll.")
    if kind != Poll.Kind.PROPOSAL and len(labels) < 2:
        errors["options"] = _("Give at least two options.")
    if len(set(labels)) != len(labels):
        errors["options"] = _("The options must be different.")
    if closes_at <= timezone.now():
        errors["closes_at"] = _("The closing time must be in the future.")
    if errors:
        raise ValidationError(errors)
    poll = Poll.objects.create(space=space, kind=kind, question=question[:300],
                               closes_at=closes_at, created_by=by, **settings)
    PollOption.objects.bulk_create(
        PollOption(poll=poll, label=label[:200], position=i) for i, label in enumerate(labels)
    )
    audit_record(actor=by, action="polls.create", obj=poll,
                 local_government=space.local_government)
    return poll


def vote_refusal(*, user: Any, poll: Poll) -> str | None:
    """Why this person may not vote now, or None."""
    if poll.is_closed:
        return _("This poll has closed.")
    if not can_view_space(user, poll.space):
        return _("No such poll.")
    if not getattr(user, "is_authenticated", False):
        return _("Please sign in to take part.")
    if poll.members_only and not (
        poll.space.members.filter(pk=user.pk).exists() or can_moderate_space(user, poll.space)
    ):
        return _("Only the members of this committee vote in this poll.")
    phase = poll.space.phases.filter(content_key="polls.decision").first()
    requirement = methods["polls.decision"].requirement("vote", phase)
    if user.verification_level < requirement.min_level:
        return _("Please verify your e-mail or phone number first.")
    return None


def _option_ids(poll: Poll) -> list[str]:
    return [str(pk) for pk in poll.options.values_list("pk", flat=True)]


def _tally(poll: Poll, ballots: list[Any], *, closed: bool) -> Any:
    quorum = None
    if poll.quorum_count or poll.quorum_share:
        eligible = poll.space.members.count() if poll.members_only else None
        quorum = lib.Quorum(count=poll.quorum_count, share=poll.quorum_share, eligible=eligible)
    options = _option_ids(poll)
    kind = poll.kind
    if kind == Poll.Kind.PROPOSAL:
        return lib.tally_proposal(ballots, closed=closed, quorum=quorum)
    if kind == Poll.Kind.SINGLE:
        return lib.tally_single_choice(options, ballots, closed=closed, quorum=quorum)
    if kind == Poll.Kind.MULTIPLE:
        return lib.tally_multiple_choice(options, ballots, min_choices=poll.min_choices,
                                         max_choices=poll.max_choices, closed=closed,
                                         quorum=quorum)
    if kind == Poll.Kind.SCORE:
        return lib.tally_score(options, ballots, max_score=poll.max_score, closed=closed,
                               quorum=quorum)
    if kind == Poll.Kind.RANKED:
        return lib.instant_runoff(options, ballots, closed=closed, quorum=quorum)
    if kind == Poll.Kind.STV:
        return lib.single_transferable_vote(options, ballots, seats=poll.seats, closed=closed,
                                            quorum=quorum)
    if kind == Poll.Kind.DOT:
        return lib.tally_dot_vote(options, ballots, dots=poll.dots, closed=closed, quorum=quorum)
    return lib.tally_meeting(options, ballots, closed=closed, quorum=quorum)


def vote_cast(*, voter: Any, poll: Poll, ballot: Any, reason: str = "") -> PollVote:
    refusal = vote_refusal(user=voter, poll=poll)
    if refusal:
        raise PermissionDenied(refusal)
    try:
        _tally(poll, [ballot], closed=False)  # the tally validates one ballot as it counts
    except lib.BallotError as exc:
        raise ValidationError(exc.message) from exc
    for _attempt in range(3):
        try:
            with transaction.atomic():
                vote, _created = PollVote.objects.update_or_create(
                    poll=poll, voter=voter,
                    defaults={"ballot": ballot, "reason": plain_text(reason)[:500]},
                )
                return vote
        except IntegrityError:
            continue
    raise ValidationError(_("Please try again."))


def poll_result(poll: Poll) -> Any:
    ballots = list(poll.votes.order_by("pk").values_list("ballot", flat=True))
    return _tally(poll, ballots, closed=poll.is_closed)

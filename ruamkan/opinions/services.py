"""Writes for opinion mapping. The analysis itself runs in a background task, never in a request."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ruamkan.core.audit import audit_record
from ruamkan.core.html import plain_text
from ruamkan.opinions.models import MAX_STATEMENT_LENGTH, Conversation, Statement, StatementVote
from ruamkan.opinions.rules import can_moderate_conversation
from ruamkan.spaces.models import Phase
from ruamkan.spaces.rules import can_manage_space
from ruamkan.spaces.selectors import phase_action_check

# Imported Polis participants get ids above every account id in the analysis.
EXTERNAL_OFFSET = 10**12


def conversation_phase(conversation: Conversation) -> Phase | None:
    now = timezone.now()
    phases = [p for p in conversation.space.phases.all() if p.content_key == "opinions.conversation"]
    return next((p for p in phases if p.is_active(now)), phases[-1] if phases else None)


def _check(user: Any, conversation: Conversation, action: str) -> None:
    phase = conversation_phase(conversation)
    if phase is None:
        raise PermissionDenied(_("This conversation is not open."))
    check = phase_action_check(user=user, phase=phase, action=action)
    if not check.allowed:
        raise PermissionDenied(check.reason)


def _clean_body(body: str) -> str:
    text = " ".join(plain_text(body).split())
    if not text:
        raise ValidationError({"body": _("Please write a statement.")})
    if len(text) > MAX_STATEMENT_LENGTH:
        raise ValidationError({"body": _("A statement can be at most %(n)d characters.")
                               % {"n": MAX_STATEMENT_LENGTH}})
    return text


@transaction.atomic
def conversation_create(
    *, by: Any, space: Any, topic: str, description: str = "", seeds: Sequence[str] = (),
    moderation: str = Conversation.Moderation.BEFORE, allow_statements: bool = True,
) -> Conversation:
    if not can_manage_space(by, space):
        raise PermissionDenied(_("You cannot change this space."))
    topic = plain_text(topic).strip()
    if not topic:
        raise ValidationError({"topic": _("Please give the conversation a topic.")})
    conversation = Conversation.objects.create(
        space=space, topic=topic[:200], description=plain_text(description),
        moderation=moderation, allow_statements=allow_statements,
    )
    for seed in seeds:
        if seed.strip():
            Statement.objects.create(conversation=conversation, body=_clean_body(seed),
                                     is_seed=True, status=Statement.Status.ACCEPTED, author=by)
    from ruamkan.opinions.search_indexes import conversation_document
    from ruamkan.search.services import search_document_upsert

    search_document_upsert(**conversation_document(conversation))
    audit_record(actor=by, action="opinions.conversation_create", obj=conversation,
                 local_government=space.local_government)
    return conversation


@transaction.atomic
def statement_submit(*, author: Any, conversation: Conversation, body: str) -> Statement:
    _check(author, conversation, "create")
    if not conversation.allow_statements:
        raise PermissionDenied(_("This conversation does not take new statements."))
    text = _clean_body(body)
    if conversation.statements.filter(body=text).exists():
        raise ValidationError({"body": _("This statement is already in the conversation.")})
    status = (Statement.Status.PENDING if conversation.moderation == Conversation.Moderation.BEFORE
              else Statement.Status.ACCEPTED)
    return Statement.objects.create(conversation=conversation, author=author, body=text,
                                    status=status)


@transaction.atomic
def statement_moderate(*, moderator: Any, statement: Statement, accept: bool) -> Statement:
    if not can_moderate_conversation(moderator, statement.conversation):
        raise PermissionDenied(_("You cannot moderate this conversation."))
    statement.status = Statement.Status.ACCEPTED if accept else Statement.Status.REJECTED
    statement.save(update_fields=["status", "updated_at"])
    audit_record(actor=moderator, action="opinions.statement_moderate", obj=statement,
                 local_government=statement.conversation.space.local_government, accept=accept)
    return statement


def _refresh_counts(statement_id: int) -> None:
    counts = StatementVote.objects.filter(statement_id=statement_id).aggregate(
        agree=Count("pk", filter=Q(value=1)), disagree=Count("pk", filter=Q(value=-1)),
        passed=Count("pk", filter=Q(value=0)),
    )
    Statement.objects.filter(pk=statement_id).update(
        agree_count=counts["agree"], disagree_count=counts["disagree"],
        pass_count=counts["passed"],
    )


def vote_cast(*, participant: Any, statement: Statement, value: int) -> StatementVote:
    """Agree (1), disagree (-1) or pass (0). Voting again replaces the earlier vote."""
    if value not in (-1, 0, 1):
        raise ValidationError({"value": _("Choose agree, disagree or pass.")})
    conversation = statement.conversation
    _check(participant, conversation, "vote")
    if statement.status != Statement.Status.ACCEPTED or statement.is_hidden:
        raise ValidationError(_("This statement is not open for votes."))
    for _attempt in range(3):
        try:
            with transaction.atomic():
                vote, _created = StatementVote.objects.update_or_create(
                    statement=statement, participant=participant, defaults={"value": value},
                )
                _refresh_counts(statement.pk)
            break
        except IntegrityError:
            continue  # a parallel first vote won the insert; update it instead
    else:
        raise ValidationError(_("Please try again."))
    transaction.on_commit(lambda: analysis_schedule(conversation_id=conversation.pk))
    return vote


def analysis_schedule(*, conversation_id: int) -> None:
    from ruamkan.opinions.tasks import recompute_analysis

    recompute_analysis.enqueue(conversation_id)


def analysis_compute(*, conversation: Conversation) -> dict[str, Any]:
    """Run the Polis pipeline (opinions/lib) on the conversation's votes and store the result."""
    from ruamkan.opinions.lib.analysis import analyse
    from ruamkan.opinions.lib.polis_io import Vote

    started = time.perf_counter()
    rows = StatementVote.objects.filter(statement__conversation=conversation).values_list(
        "participant_id", "external_participant", "statement_id", "value"
    )
    votes = [
        Vote(participant_id=pid if pid is not None else EXTERNAL_OFFSET + (ext or 0),
             statement_id=sid, vote=value)
        for pid, ext, sid, value in rows
    ]
    statements = conversation.statements.filter(status=Statement.Status.ACCEPTED)
    hidden = list(conversation.statements.filter(
        Q(is_hidden=True) | ~Q(status=Statement.Status.ACCEPTED)).values_list("pk", flat=True))
    accepted_ids = list(statements.values_list("pk", flat=True))
    data: dict[str, Any] = {"participants": len({v.participant_id for v in votes}),
                            "votes": len(votes), "group_count": 0}
    if votes and accepted_ids:
        try:
            result = analyse(votes, statement_ids=accepted_ids, moderated_out=hidden, seed=0)
        except ValueError:
            result = None  # too few votes to analyse yet
        if result is not None:
            ids = result.matrix.participant_ids
            data.update({
                "group_count": int(result.group_count),
                "points": [
                    [float(x), float(y), int(g)]
                    for (x, y), g in zip(result.projections.tolist(), result.labels.tolist(),
                                         strict=True)
                ],
                "groups": {str(pid): int(g) for pid, g in result.groups.items()},
                "group_sizes": {str(g): int((result.labels == g).sum())
                                for g in range(result.group_count)},
                "representative": {
                    str(g): [{"statement": r.statement_id, "direction": r.direction,
                              "agree_share": round(float(r.p_success), 3)} for r in reps]
                    for g, reps in result.repness.items()
                },
                "consensus": [int(s) for s in result.consensus],
                "priority": {str(k): float(v) for k, v in result.priority.items()},
                "clustered_participants": int(result.clustered.sum()),
                "participant_count": len(ids),
            })
    data["seconds"] = round(time.perf_counter() - started, 3)
    Conversation.objects.filter(pk=conversation.pk).update(
        analysis=data, analysed_at=timezone.now(), analysed_votes=len(votes)
    )
    return data


def statement_report_hidden_update(*, statement: Statement) -> None:
    """Called after moderation hides or restores a statement: it leaves or rejoins the map."""
    analysis_schedule(conversation_id=statement.conversation_id)



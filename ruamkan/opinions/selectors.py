from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ruamkan.opinions.models import Conversation, Statement, StatementVote
from ruamkan.opinions.rules import can_view_conversation


def conversation_get_for_user(*, user: Any, pk: int) -> Conversation:
    conversation = (
        Conversation.objects.select_related("space", "space__local_government")
        .filter(pk=pk).first()
    )
    if conversation is None or not can_view_conversation(user, conversation):
        raise Http404(_("No such conversation."))
    return conversation


def visible_statements(conversation: Conversation) -> QuerySet[Statement]:
    return conversation.statements.filter(status=Statement.Status.ACCEPTED, is_hidden=False)


def statement_next(*, user: Any, conversation: Conversation) -> Statement | None:
    """The next statement to show: one not yet voted on, highest routing priority first (Polis),
    or, before the first analysis, the one with fewest votes."""
    candidates = visible_statements(conversation)
    if getattr(user, "is_authenticated", False):
        candidates = candidates.exclude(votes__participant=user)
    priority = (conversation.analysis or {}).get("priority") or {}
    rows = list(candidates.values_list("pk", "agree_count", "disagree_count", "pass_count"))
    if not rows:
        return None

    def key(row: tuple[int, int, int, int]) -> tuple[float, int, int]:
        pk, a, d, p = row
        return (-priority.get(str(pk), 0.0), a + d + p, pk)

    return candidates.get(pk=min(rows, key=key)[0])


def progress(*, user: Any, conversation: Conversation) -> tuple[int, int]:
    total = visible_statements(conversation).count()
    if not getattr(user, "is_authenticated", False):
        return 0, total
    done = StatementVote.objects.filter(
        participant=user, statement__in=visible_statements(conversation)
    ).count()
    return done, total


def report(conversation: Conversation) -> dict[str, Any]:
    """The latest analysis, joined with statement texts, ready for the report page."""
    data = conversation.analysis or {}
    statements = {s.pk: s for s in conversation.statements.all()}
    groups = []
    letters = "ABCDE"
    for g in range(int(data.get("group_count", 0))):
        reps = []
        for rep in data.get("representative", {}).get(str(g), []):
            statement = statements.get(rep["statement"])
            if statement is not None:
                reps.append({"statement": statement, "direction": rep["direction"],
                             "percent": round(100 * rep["agree_share"])})
        groups.append({"id": g, "letter": letters[g] if g < len(letters) else str(g + 1),
                       "size": data.get("group_sizes", {}).get(str(g), 0), "representative": reps})
    consensus = [statements[s] for s in data.get("consensus", []) if s in statements]
    points = data.get("points", [])
    xs = [p[0] for p in points] or [0.0]
    ys = [p[1] for p in points] or [0.0]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    dots = [
        {"x": round(10 + 280 * (p[0] - min(xs)) / span_x, 1),
         "y": round(10 + 180 * (p[1] - min(ys)) / span_y, 1), "group": p[2]}
        for p in points
    ]
    return {"groups": groups, "consensus": consensus, "dots": dots, "data": data}

"""Reads for co-governance, always scoped to what the person may see. Lists are paginated and
use the (space, state, ...) indexes, so a space with 100,000 proposals lists fast."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ruamkan.deliberation.lib.progress import tree_progress
from ruamkan.deliberation.lib.similarity import jaccard
from ruamkan.deliberation.lib.similarity import tokens as text_tokens
from ruamkan.deliberation.models import (
    Amendment,
    Answer,
    AnswerState,
    Debate,
    Forum,
    PlanItem,
    Proposal,
    Result,
    Support,
)
from ruamkan.deliberation.rules import can_answer
from ruamkan.spaces.models import Comment, Phase, Space
from ruamkan.spaces.rules import can_moderate_space, can_view_space
from ruamkan.spaces.selectors import space_list_visible

PAGE_SIZE = 20
COMMENTS_PAGE = 20
SORTS = ("newest", "supported", "random", "oldest")


def proposal_get_for_user(*, user: Any, pk: int) -> Proposal:
    proposal = (
        Proposal.objects.select_related(
            "space", "space__local_government", "phase", "author", "category", "answer_state",
            "subdistrict", "forum",
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is None or not can_view_space(user, proposal.space):
        raise Http404(_("No such proposal."))
    if proposal.state == Proposal.State.DRAFT and not (
        getattr(user, "is_authenticated", False) and user.pk in proposal.author_ids()
    ):
        raise Http404(_("No such proposal."))
    return proposal


def _visible_target(obj: Any, user: Any, message: str) -> Any:
    if obj is None or not can_view_space(user, obj.space):
        raise Http404(message)
    return obj


def debate_get_for_user(*, user: Any, pk: int) -> Debate:
    return _visible_target(
        Debate.objects.select_related("space", "space__local_government", "phase")
        .filter(pk=pk).first(), user, _("No such debate."))


def forum_get_for_user(*, user: Any, pk: int) -> Forum:
    return _visible_target(
        Forum.objects.select_related("space", "space__local_government", "phase")
        .filter(pk=pk).first(), user, _("No such forum."))


def amendment_get_for_user(*, user: Any, pk: int) -> Amendment:
    amendment = Amendment.objects.select_related("proposal", "proposal__space").filter(pk=pk).first()
    if amendment is None:
        raise Http404(_("No such amendment."))
    proposal_get_for_user(user=user, pk=amendment.proposal_id)
    return amendment


def answer_states_for(space: Space) -> list[AnswerState]:
    states = list(AnswerState.objects.filter(local_government=space.local_government))
    if states:
        return states
    # First use by this local government: seed the defaults (a write, done once).
    from ruamkan.deliberation.services import answer_state_defaults_ensure

    return answer_state_defaults_ensure(local_government=space.local_government)


@dataclass
class ProposalFilters:
    category: int | None = None
    state: str = ""
    area: str = ""
    q: str = ""
    sort: str = "newest"
    seed: int = 1


def proposal_list(*, user: Any, space: Space, filters: ProposalFilters | None = None,
                  phase: Phase | None = None) -> QuerySet[Proposal]:
    """Published proposals (and withdrawn ones on request), filtered and sorted."""
    if not can_view_space(user, space):
        raise Http404(_("No such space."))
    f = filters or ProposalFilters()
    qs = Proposal.objects.filter(space=space)
    if phase is not None:
        qs = qs.filter(phase=phase)
    if f.state == "withdrawn":
        qs = qs.filter(state=Proposal.State.WITHDRAWN)
    else:
        qs = qs.filter(state=Proposal.State.PUBLISHED)
        if f.state == "answered":
            qs = qs.filter(answered_at__isnull=False)
        elif f.state == "unanswered":
            qs = qs.filter(answered_at__isnull=True)
        elif f.state == "threshold":
            qs = qs.filter(threshold_reached_at__isnull=False)
        elif f.state == "forum":
            qs = qs.filter(forum__isnull=False)
        elif f.state:
            qs = qs.filter(answer_state__key=f.state)
    if f.category:
        qs = qs.filter(category_id=f.category)
    if f.area:
        qs = qs.filter(subdistrict_id=f.area)
    if f.q:
        # Thai has no spaces between words: segment the query and require every word.
        words = sorted(text_tokens(f.q), key=len, reverse=True)[:5] or [f.q.strip()[:50]]
        for word in words:
            qs = qs.filter(Q(title__icontains=word) | Q(body__icontains=word))
    if f.sort == "supported":
        qs = qs.order_by("-support_count", "-id")
    elif f.sort == "oldest":
        qs = qs.order_by("published_at", "id")
    elif f.sort == "random":
        qs = qs.order_by("shuffle", "id")  # proposal_page() starts at the session's point
    else:
        qs = qs.order_by("-published_at", "-id")
    # No joins here: on SQLite a join can make the planner give up the (space, state, ...)
    # index and sort 100,000 rows. Small related rows are attached per page instead.
    return qs


def _attach(rows: list[Proposal], space: Space, authors: bool = True) -> list[Proposal]:
    from ruamkan.accounts.models import User
    from ruamkan.deliberation.models import Category

    categories = Category.objects.in_bulk({p.category_id for p in rows if p.category_id})
    states = AnswerState.objects.in_bulk({p.answer_state_id for p in rows if p.answer_state_id})
    people = User.objects.in_bulk({p.author_id for p in rows}) if authors else {}
    for p in rows:
        p.space = space
        p.category = categories.get(p.category_id) if p.category_id else None
        p.answer_state = states.get(p.answer_state_id) if p.answer_state_id else None
        if authors:
            p.author = people[p.author_id]
    return rows


@dataclass
class Page:
    items: list[Any]
    number: int
    has_next: bool
    has_previous: bool

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


def paginate(qs: QuerySet[Any], page: Any, size: int = PAGE_SIZE) -> Page:
    """Limit/offset with one extra row instead of a COUNT(*) over the whole space."""
    try:
        number = max(1, min(int(page or 1), 5000))
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * size
    rows = list(qs[start:start + size + 1])
    return Page(rows[:size], number, len(rows) > size, number > 1)


def _shuffle_start(seed: int) -> int:
    return (int(seed) * 2654435761) % (2**31)


def proposal_page(*, user: Any, space: Space, filters: ProposalFilters | None = None,
                  phase: Phase | None = None, page: Any = 1,
                  size: int = PAGE_SIZE, authors: bool = True) -> Page:
    """One page of proposal_list(). A random order reads the shuffle index from the session's
    starting point to the end, then wraps around to the beginning."""
    f = filters or ProposalFilters()
    qs = proposal_list(user=user, space=space, filters=f, phase=phase)
    if f.sort != "random":
        result = paginate(qs, page, size)
        _attach(result.items, space, authors)
        return result
    start = _shuffle_start(f.seed)
    first = qs.filter(shuffle__gte=start)
    rest = qs.filter(shuffle__lt=start)
    number = paginate(qs.none(), page, size).number
    offset = (number - 1) * size
    rows = list(first[offset:offset + size + 1])
    if len(rows) <= size:
        # `first` ran out on this page: continue with `rest`.
        in_first = offset + len(rows) if rows else first.count()
        skip = max(0, offset - in_first)
        rows += list(rest[skip:skip + size + 1 - len(rows)])
    return Page(_attach(rows[:size], space, authors), number, len(rows) > size, number > 1)


def comment_counts(items: list[Any]) -> dict[int, int]:
    if not items:
        return {}
    ct = ContentType.objects.get_for_model(type(items[0]))
    rows = (
        Comment.objects.filter(content_type=ct, object_id__in=[i.pk for i in items],
                               is_hidden=False, is_removed=False)
        .values("object_id").annotate(n=Count("id")).values_list("object_id", "n")
    )
    return dict(rows)


def supported_ids(*, user: Any, proposals: list[Proposal]) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not proposals:
        return set()
    return set(
        Support.objects.filter(user=user, proposal_id__in=[p.pk for p in proposals])
        .values_list("proposal_id", flat=True)
    )


def supports_used(*, user: Any, phase: Phase) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Support.objects.filter(user=user, phase=phase).count()


def proposal_similar(*, space: Space, text: str, exclude: int | None = None,
                     limit: int = 5) -> list[tuple[Proposal, float]]:
    """Published proposals in the space that share words with `text` (Thai-segmented)."""
    words = text_tokens(text)
    if not words:
        return []
    longest = sorted(words, key=len, reverse=True)[:4]
    match = Q()
    for word in longest:
        match |= Q(title__icontains=word)
    candidates = (
        Proposal.objects.filter(match, space=space, state=Proposal.State.PUBLISHED)
        .exclude(pk=exclude or 0)
        .only("pk", "title", "tokens", "support_count", "space_id")
        .order_by("-support_count", "-id")[:300]
    )
    scored = []
    for proposal in candidates:
        # Rows written outside the services (imports) may lack tokens: segment the title.
        theirs = set(proposal.tokens.split()) or text_tokens(proposal.title)
        score = jaccard(words, theirs)
        if score >= 0.15:
            scored.append((proposal, score))
    scored.sort(key=lambda pair: (-pair[1], -pair[0].support_count))
    return scored[:limit]


@dataclass
class Node:
    comment: Comment
    replies: list[Node] = field(default_factory=list)


def comment_page(*, target: Any, page: Any = 1, size: int = COMMENTS_PAGE,
                 stance: str = "") -> tuple[list[Node], Page]:
    """A page of top-level comments with all their replies: a few queries whatever the size of
    the thread (threads of thousands of comments stay fast; peers.md: Decidim#12578)."""
    ct = ContentType.objects.get_for_model(target)
    base = Comment.objects.filter(content_type=ct, object_id=target.pk).select_related("author")
    roots_qs = base.filter(parent__isnull=True).order_by("created_at", "id")
    if stance in Comment.Stance.values:
        roots_qs = roots_qs.filter(stance=stance)
    pg = paginate(roots_qs, page, size)
    nodes = {c.pk: Node(c) for c in pg.items}
    roots = [nodes[c.pk] for c in pg.items]
    level = list(nodes)
    for _depth in range(6):
        if not level:
            break
        replies = list(base.filter(parent_id__in=level).order_by("created_at", "id"))
        level = []
        for reply in replies:
            node = Node(reply)
            nodes[reply.pk] = node
            nodes[reply.parent_id].replies.append(node)
            level.append(reply.pk)
    return roots, pg


def flatten(nodes: list[Node], depth: int = 0) -> list[tuple[Comment, int]]:
    """Thread order with depths: one flat loop renders much faster than nested includes."""
    out: list[tuple[Comment, int]] = []
    for node in nodes:
        out.append((node.comment, min(depth, 5)))
        out.extend(flatten(node.replies, depth + 1))
    return out


def stance_counts(*, target: Any) -> dict[str, int]:
    ct = ContentType.objects.get_for_model(target)
    rows = (
        Comment.objects.filter(content_type=ct, object_id=target.pk, is_hidden=False,
                               is_removed=False)
        .values("stance").annotate(n=Count("id")).values_list("stance", "n")
    )
    counts = dict.fromkeys(Comment.Stance.values, 0)
    counts.update(dict(rows))
    return counts


def answers_for(*, proposal: Proposal) -> list[Answer]:
    return list(proposal.answers.select_related("state", "answered_by"))


def proposals_awaiting_answer(*, user: Any) -> QuerySet[Proposal]:
    """Proposals past the support threshold and not yet answered, in the spaces this official
    answers for; soonest (or most overdue) first."""
    from ruamkan.accounts import roles

    qs = Proposal.objects.filter(
        state=Proposal.State.PUBLISHED, threshold_reached_at__isnull=False,
        answered_at__isnull=True,
    ).select_related("space", "space__local_government")
    if not roles.is_national_admin(user):
        scope = Q(space__level="local", space__local_government_id__in=roles.local_government_ids(user))
        scope |= Q(space__level="province", space__province_id__in=roles.province_ids(user))
        qs = qs.filter(scope)
    return qs.order_by("answer_due_at", "id")


# Forums -----------------------------------------------------------------------------------------


def forum_list(*, user: Any, space: Space, phase: Phase | None = None) -> QuerySet[Forum]:
    if not can_view_space(user, space):
        raise Http404(_("No such space."))
    qs = Forum.objects.filter(space=space)
    if phase is not None:
        qs = qs.filter(phase=phase)
    return qs.order_by("starts_at", "id")


def forum_is_registered(*, user: Any, forum: Forum) -> bool:
    return getattr(user, "is_authenticated", False) and forum.registrations.filter(
        user=user
    ).exists()


# Results -------------------------------------------------------------------------------------


@dataclass
class ResultNode:
    result: Result
    progress: float
    children: list[ResultNode] = field(default_factory=list)


def result_tree(*, local_government: Any) -> list[ResultNode]:
    """Every result of the local government as a tree, progress computed from the leaves."""
    results = list(
        Result.objects.filter(local_government=local_government)
        .select_related("plan_item", "budget_line")
        .prefetch_related("milestones", "proposals", "forums")
        .order_by("id")
    )
    progress = tree_progress((r.pk, r.parent_id, r.progress, r.weight) for r in results)
    nodes = {r.pk: ResultNode(r, round(progress[r.pk], 1)) for r in results}
    roots: list[ResultNode] = []
    for r in results:
        parent = nodes.get(r.parent_id) if r.parent_id else None
        (parent.children if parent else roots).append(nodes[r.pk])
    return roots


def result_progress(result: Result) -> float:
    rows = Result.objects.filter(local_government_id=result.local_government_id).values_list(
        "pk", "parent_id", "progress", "weight"
    )
    return round(tree_progress(rows).get(result.pk, 0.0), 1)


def plan_items_for(*, local_government: Any) -> QuerySet[PlanItem]:
    return (
        PlanItem.objects.filter(local_government=local_government)
        .prefetch_related("proposals", "forums", "budget_lines")
        .order_by("-year", "project")
    )


def public_spaces_of(*, user: Any, local_government: Any) -> QuerySet[Space]:
    return space_list_visible(user=user).filter(local_government=local_government)


# Open data ----------------------------------------------------------------------------------


EXPORT_FIELDS = [
    "id", "title", "body", "category", "area_code", "state", "published_at", "support_count",
    "threshold_reached_at", "answer_due_at", "answer_state", "answer_text", "answered_at",
    "cost_estimate", "raised_at_forum", "lat", "lon", "url",
]


def export_rows(*, user: Any, space: Space) -> list[dict[str, Any]]:
    """Published and withdrawn proposals with their latest answer; no personal data (no names,
    no accounts, and places rounded to about 100 m)."""
    if not can_view_space(user, space):
        raise Http404(_("No such space."))
    proposals = (
        Proposal.objects.filter(space=space, is_hidden=False)
        .exclude(state=Proposal.State.DRAFT)
        .select_related("category", "answer_state")
        .order_by("id")
    )
    latest: dict[int, Answer] = {}
    for each in Answer.objects.filter(proposal__space=space).order_by("created_at", "id"):
        latest[each.proposal_id] = each
    rows = []
    for p in proposals.iterator(chunk_size=2000):
        answer: Answer | None = latest.get(p.pk)
        rows.append({
            "id": p.pk, "title": p.title, "body": p.body,
            "category": p.category.name if p.category is not None else "",
            "area_code": p.subdistrict_id or "", "state": p.state,
            "published_at": p.published_at.isoformat() if p.published_at else "",
            "support_count": p.support_count,
            "threshold_reached_at": p.threshold_reached_at.isoformat() if p.threshold_reached_at else "",
            "answer_due_at": p.answer_due_at.isoformat() if p.answer_due_at else "",
            "answer_state": p.answer_state.key if p.answer_state is not None else "",
            "answer_text": answer.text if answer else "",
            "answered_at": p.answered_at.isoformat() if p.answered_at else "",
            "cost_estimate": str(answer.cost_estimate) if answer and answer.cost_estimate is not None else "",
            "raised_at_forum": p.forum_id or "",
            "lat": round(p.lat, 3) if p.lat is not None else "",
            "lon": round(p.lon, 3) if p.lon is not None else "",
            "url": p.get_absolute_url(),
        })
    return rows


def can_see_hidden(user: Any, space: Space) -> bool:
    return can_moderate_space(user, space)


def official_for(user: Any, space: Space) -> bool:
    return can_answer(user, space)


def now() -> Any:
    return timezone.now()

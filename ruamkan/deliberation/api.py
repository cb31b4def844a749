"""Co-governance as JSON: proposals, supports, comments, official answers, amendments and
results. Reads are public within what the person may see; writes use the session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.security import django_auth

from ruamkan.areas.models import LocalGovernment
from ruamkan.deliberation import selectors, services
from ruamkan.deliberation.models import Amendment, Answer, AnswerState, Proposal, Result
from ruamkan.deliberation.schemas import (
    AmendmentIn,
    AmendmentOut,
    AnswerIn,
    AnswerOut,
    AnswerStateOut,
    CommentIn,
    CommentOut,
    ErrorOut,
    MilestoneOut,
    ProposalIn,
    ProposalOut,
    ProposalPatch,
    ResultIn,
    ResultOut,
    ResultPatch,
    SupportOut,
)
from ruamkan.spaces.models import Comment
from ruamkan.spaces.selectors import phase_get_for_user, space_get_for_user

PREFIX = "/deliberation/"
router = Router(tags=["deliberation"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _error(exc: Exception) -> Status:
    if isinstance(exc, PermissionDenied):
        return Status(403, ErrorOut(detail=str(exc) or _("You cannot do this.")))
    if isinstance(exc, ValidationError):
        return Status(400, ErrorOut(detail=" ".join(exc.messages)))
    raise exc


def _state_out(state: AnswerState) -> AnswerStateOut:
    return AnswerStateOut(key=state.key, name=state.name, effect=state.effect)


def _proposal_out(p: Proposal, supported: set[int] | None = None) -> ProposalOut:
    hidden = p.is_hidden
    return ProposalOut(
        id=p.pk, space=p.space.slug, phase=p.phase_id, title=p.title if not hidden else "",
        body=None if hidden else p.body,
        category=p.category.name if p.category is not None else None, area_code=p.subdistrict_id,
        lat=p.lat, lon=p.lon, state=p.state, published_at=p.published_at,
        support_count=p.support_count, threshold_reached_at=p.threshold_reached_at,
        answer_due_at=p.answer_due_at, answer_state=_state_out(p.answer_state) if p.answer_state is not None else None,
        answered_at=p.answered_at, raised_at_forum=p.forum_id,
        author=p.on_behalf_of or p.author.public_name, url=p.get_absolute_url(),
        supported_by_me=p.pk in (supported or set()),
    )


def _comment_out(comment: Comment) -> CommentOut:
    visible = not (comment.is_hidden or comment.is_removed)
    return CommentOut(
        id=comment.pk, parent=comment.parent_id, author=comment.author.public_name,
        stance=comment.stance, body=comment.body if visible else None,
        is_hidden=comment.is_hidden, created_at=comment.created_at,
    )


def _answer_out(answer: Answer) -> AnswerOut:
    return AnswerOut(
        id=answer.pk, proposal=answer.proposal_id, state=_state_out(answer.state),
        text=answer.text, cost_estimate=answer.cost_estimate, created_at=answer.created_at,
    )


def _amendment_out(a: Amendment) -> AmendmentOut:
    return AmendmentOut(id=a.pk, proposal=a.proposal_id, title=a.title, body=a.body,
                        reason=a.reason, state=a.state, author=a.author.public_name,
                        created_at=a.created_at)


# Proposals -----------------------------------------------------------------------------------


@router.get("/spaces/{slug}/proposals", response={200: list[ProposalOut], 404: ErrorOut},
            summary="List a space's published proposals (filters, sort, 20 per page)")
def list_proposals(
    request: HttpRequest, slug: str, category: int | None = None, state: str = "",
    area: str = "", q: str = "", sort: str = "newest", seed: int = 1, page: int = 1,
) -> list[ProposalOut]:
    space = space_get_for_user(user=request.user, slug=slug)
    filters = selectors.ProposalFilters(category=category, state=state, area=area, q=q[:200],
                                        sort=sort if sort in selectors.SORTS else "newest",
                                        seed=seed)
    items = selectors.proposal_page(user=request.user, space=space, filters=filters,
                                    page=page).items
    supported = selectors.supported_ids(user=request.user, proposals=items)
    return [_proposal_out(p, supported) for p in items]


@router.get("/spaces/{slug}/answer-states", response={200: list[AnswerStateOut], 404: ErrorOut})
def list_answer_states(request: HttpRequest, slug: str) -> list[AnswerStateOut]:
    space = space_get_for_user(user=request.user, slug=slug)
    return [_state_out(s) for s in selectors.answer_states_for(space)]


@router.get("/proposals/{proposal_id}", response={200: ProposalOut, 404: ErrorOut})
def get_proposal(request: HttpRequest, proposal_id: int) -> ProposalOut:
    proposal = selectors.proposal_get_for_user(user=request.user, pk=proposal_id)
    return _proposal_out(proposal, selectors.supported_ids(user=request.user, proposals=[proposal]))


@router.post("/phases/{phase_id}/proposals", auth=django_auth,
             response={201: ProposalOut, **ERRORS}, summary="Write a proposal (draft or published)")
def create_proposal(request: HttpRequest, phase_id: int, payload: ProposalIn) -> Status:
    phase = phase_get_for_user(user=request.user, pk=phase_id)
    try:
        proposal = services.proposal_create(
            author=request.user, phase=phase, title=payload.title, body=payload.body,
            category=payload.category, subdistrict=payload.area_code, lat=payload.lat,
            lon=payload.lon, publish=payload.publish,
        )
    except (PermissionDenied, ValidationError) as exc:
        return _error(exc)
    return Status(201, _proposal_out(selectors.proposal_get_for_user(user=request.user,
                                                                     pk=proposal.pk)))


@router.patch("/proposals/{proposal_id}", auth=django_auth, response={200: ProposalOut, **ERRORS},
              summary="Edit a draft")
def update_proposal(request: HttpRequest, proposal_id: int, payload: ProposalPatch) -> Any:
    proposal = selectors.proposal_get_for_user(user=request.user, pk=proposal_id)
    fields = payload.model_dump(exclude_unset=True)
    try:
        services.proposal_update(by=request.user, proposal=proposal, **fields)
    except (PermissionDenied, ValidationError) as exc:
        return _error(exc)
    return _proposal_out(selectors.proposal_get_for_user(user=request.user, pk=proposal_id))


@router.post("/proposals/{proposal_id}/publish", auth=django_auth,
             response={200: ProposalOut, **ERRORS})
def publish_proposal(request: HttpRequest, proposal_id: int) -> Any:
    proposal = selectors.proposal_get_for_user(user=request.user, pk=proposal_id)
    try:
        services.proposal_publish(by=request.user, proposal=proposal)
    except (PermissionDenied, ValidationError) as exc:
        return _error(exc)
    return _proposal_out(selectors.proposal_get_for_user(user=request.user, pk=proposal_id))


@router.post("/proposals/{proposal_id}/withdraw", auth=django_auth,
             response={200: ProposalOut, **ERRORS})
def withdraw_proposal(request: HttpRequest, proposal_id: int) -> Any:
    proposal = selectors.proposal_get_for_user(user=request.user, pk=proposal_id)
    try:
        services.proposal_withdraw(by=request.user, proposal=proposal)
    except (PermissionDenied, ValidationError) as exc:
        return _error(exc)
    return _proposal_out(selectors.proposal_get_for_user(user=request.user, pk=proposal_id))


@router.get("/spaces/{slug}/similar", response={200: list[ProposalOut], 404: ErrorOut},
            summary="Published proposals similar to a text (Thai-aware)")
def similar_proposals(request: HttpRequest, slug: str, text: str = "") -> list[ProposalOut]:
    space = space_get_for_user(user=request.user, slug=slug)
    found = selectors.proposal_similar(space=space, text=text[:2000])
    full = {p.pk: p for p in Proposal.objects.filter(pk__in=[p.pk for p, _s in found])
            .select_related("space", "author", "category", "answer_state")}
    return [_proposal_out(full[p.pk]) for p, _score in found if p.pk in full]


# Supports ------------------------------------------------------------------------------------


def _support_out(proposal_id: int, supported: bool) -> SupportOut:
    count = Proposal.objects.filter(pk=proposal_id).values_list("support_count", flat=True)[0]
    return SupportOut(proposal=proposal_id, support_count=count, supported=supported)


@router.post("/proposals/{proposal_id}/supports", auth=django_auth,
             response={201: SupportOut, **ERRORS}, summary="Support a proposal (once)")
def add_support(request: HttpRequest, proposal_id: int) -> Status:
    proposal = selectors.proposal_get_for_user(user=request.user, pk=proposal_id)
    try:
        services.support_add(user=request.user, proposal=proposal)
    except (PermissionDenied, ValidationError) as exc:
        return _error(exc)
    return Status(201, _support_out(proposal.pk, True))


@router.delete("/proposals/{proposal_id}/supports", auth=django_auth,
               response={200: SupportOut, **ERRORS}, summary="Take back your support")
def remove_support(request: HttpRequest, proposal_id: int) -> Any:
    proposal = selectors.proposal_get_for_user(user=request.user, pk=proposal_id)
    try:
        services.support_remove(user=request.user, proposal=proposal)
    except (PermissionDenied, ValidationError) as exc:
        return _error(exc)
    return _support_out(proposal.pk, False)


# Comments ------------------------------------------------------------------------------------


@router.get("/proposals/{proposal_id}/comments", response={200: list[CommentOut], 404: ErrorOut},
            summary="A page of top-level comments (50) with their replies, in thread order")
def list_comments(request: HttpRequest, proposal_id: int, page: int = 1) -> list[CommentOut]:
    proposal = selectors.proposal_get_for_user(user=request.user, pk=proposal_id)
    roots, _page = selectors.comment_page(target=proposal, page=page)
    out: list[CommentOut] = []

    def walk(nodes: list[selectors.Node]) -> None:
        for node in nodes:
            out.append(_comment_out(node.comment))
            walk(node.replies)

    walk(roots)
    return out


@router.post("/proposals/{proposal_id}/comments", auth=django_auth,
             response={201: CommentOut, **ERRORS})
def create_comment(request: HttpRequest, proposal_id: int, payload: CommentIn) -> Status:
    proposal = selectors.proposal_get_for_user(user=request.user, pk=proposal_id)
    parent = None
    if payload.parent:
        parent = Comment.objects.filter(pk=payload.parent, space=proposal.space).first()
        if parent is None:
            return Status(400, ErrorOut(detail=_("No such comment to reply to.")))
    try:
        comment = services.target_comment_create(
            author=request.user, target=proposal, body=payload.body, stance=payload.stance,
            parent=parent,
        )
    except (PermissionDenied, ValidationError) as exc:
        return _error(exc)
    return Status(201, _comment_out(comment))


# Official answers ----------------------------------------------------------------------------


@router.get("/proposals/{proposal_id}/answers", response={200: list[AnswerOut], 404: ErrorOut})
def list_answers(request: HttpRequest, proposal_id: int) -> list[AnswerOut]:
    proposal = selectors.proposal_get_for_user(user=request.user, pk=proposal_id)
    return [_answer_out(a) for a in selectors.answers_for(proposal=proposal)]


@router.post("/proposals/{proposal_id}/answers", auth=django_auth,
             response={201: AnswerOut, **ERRORS},
             summary="Answer officially (officials of the space's local government only)")
def create_answer(request: HttpRequest, proposal_id: int, payload: AnswerIn) -> Status:
    proposal = selectors.proposal_get_for_user(user=request.user, pk=proposal_id)
    try:
        answer = services.answer_create(
            by=request.user, proposal=proposal, state=payload.state, text=payload.text,
            cost_estimate=payload.cost_estimate,
        )
    except (PermissionDenied, ValidationError) as exc:
        return _error(exc)
    return Status(201, _answer_out(answer))


# Amendments ----------------------------------------------------------------------------------


@router.get("/proposals/{proposal_id}/amendments",
            response={200: list[AmendmentOut], 404: ErrorOut})
def list_amendments(request: HttpRequest, proposal_id: int) -> list[AmendmentOut]:
    proposal = selectors.proposal_get_for_user(user=request.user, pk=proposal_id)
    return [_amendment_out(a) for a in proposal.amendments.select_related("author")]


@router.post("/proposals/{proposal_id}/amendments", auth=django_auth,
             response={201: AmendmentOut, **ERRORS})
def create_amendment(request: HttpRequest, proposal_id: int, payload: AmendmentIn) -> Status:
    proposal = selectors.proposal_get_for_user(user=request.user, pk=proposal_id)
    try:
        amendment = services.amendment_create(
            author=request.user, proposal=proposal, title=payload.title, body=payload.body,
            reason=payload.reason,
        )
    except (PermissionDenied, ValidationError) as exc:
        return _error(exc)
    return Status(201, _amendment_out(amendment))


@router.post("/amendments/{amendment_id}/{decision}", auth=django_auth,
             response={200: AmendmentOut, **ERRORS}, summary="The author accepts or rejects")
def decide_amendment(request: HttpRequest, amendment_id: int, decision: str) -> Any:
    if decision not in ("accept", "reject"):
        raise Http404
    amendment = selectors.amendment_get_for_user(user=request.user, pk=amendment_id)
    try:
        amendment = services.amendment_decide(by=request.user, amendment=amendment,
                                              accept=decision == "accept")
    except (PermissionDenied, ValidationError) as exc:
        return _error(exc)
    return _amendment_out(amendment)


# Results -------------------------------------------------------------------------------------


def _result_out(node: selectors.ResultNode | None) -> ResultOut:
    assert node is not None  # the result was just read from its own tree
    r = node.result
    plan, line = r.plan_item, r.budget_line
    budget = line.amount if line is not None else (plan.budget if plan is not None else None)
    return ResultOut(
        id=r.pk, parent=r.parent_id, title=r.title, description=r.description, status=r.status,
        progress=node.progress, weight=r.weight,
        plan_item=plan.project if plan is not None else None,
        year_be=plan.year_be if plan is not None else None, budget=budget,
        proposals=[p.pk for p in r.proposals.all() if p.state != Proposal.State.DRAFT],
        forums=[f.pk for f in r.forums.all()],
        milestones=[
            MilestoneOut(id=m.pk, title=m.title, description=m.description, date=m.date,
                         photo=m.photo.url if m.photo else None, photo_alt=m.photo_alt)
            for m in r.milestones.all()
        ],
        children=[_result_out(c) for c in node.children],
    )


@router.get("/lg/{code}/results", response={200: list[ResultOut], 404: ErrorOut},
            summary="A local government's result tree; a parent's progress is computed")
def list_results(request: HttpRequest, code: str) -> list[ResultOut]:
    lg = get_object_or_404(LocalGovernment, code=code)
    return [_result_out(n) for n in selectors.result_tree(local_government=lg)]


def _find_node(nodes: list[selectors.ResultNode], pk: int) -> selectors.ResultNode | None:
    for node in nodes:
        if node.result.pk == pk:
            return node
        found = _find_node(node.children, pk)
        if found:
            return found
    return None


@router.post("/lg/{code}/results", auth=django_auth, response={201: ResultOut, **ERRORS})
def create_result(request: HttpRequest, code: str, payload: ResultIn) -> Status:
    lg = get_object_or_404(LocalGovernment, code=code)
    parent = None
    if payload.parent:
        parent = Result.objects.filter(pk=payload.parent, local_government=lg).first()
        if parent is None:
            return Status(400, ErrorOut(detail=_("No such result.")))
    proposals = list(Proposal.objects.filter(pk__in=payload.proposals,
                                             space__local_government=lg)
                     .exclude(state=Proposal.State.DRAFT))
    try:
        result = services.result_create(
            by=request.user, local_government=lg, title=payload.title,
            description=payload.description, parent=parent, weight=payload.weight,
            progress=payload.progress, status=payload.status, proposals=proposals,
        )
    except (PermissionDenied, ValidationError) as exc:
        return _error(exc)
    node = _find_node(selectors.result_tree(local_government=lg), result.pk)
    return Status(201, _result_out(node))


@router.patch("/results/{result_id}", auth=django_auth, response={200: ResultOut, **ERRORS})
def update_result(request: HttpRequest, result_id: int, payload: ResultPatch) -> Any:
    result = get_object_or_404(Result.objects.select_related("local_government"), pk=result_id)
    try:
        with transaction.atomic():
            services.result_update(by=request.user, result=result, status=payload.status,
                                   progress=payload.progress)
    except (PermissionDenied, ValidationError) as exc:
        return _error(exc)
    return _result_out(_find_node(selectors.result_tree(local_government=result.local_government),
                                  result.pk))

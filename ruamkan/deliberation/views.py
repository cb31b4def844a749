"""Pages for co-governance. Thin: parse, call a selector or service, render or redirect with a
message. Every refusal from a service reaches the person as a translated message."""

from __future__ import annotations

import csv
import json
import secrets
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruamkan.accounts.models import User
from ruamkan.areas.models import LocalGovernment, Subdistrict
from ruamkan.deliberation import forms, selectors, services
from ruamkan.deliberation.models import (
    Debate,
    Forum,
    PlanItem,
    Proposal,
    ProposalAttachment,
    Result,
)
from ruamkan.deliberation.rules import can_answer, can_track_results
from ruamkan.spaces.models import Comment, Space
from ruamkan.spaces.rules import can_manage_space, can_moderate_space, can_view_space
from ruamkan.spaces.selectors import (
    is_following,
    phase_action_check,
    phase_get_for_user,
    space_area_subdistrict_ids,
    space_get_for_user,
)


def _attempt(request, action: Callable[[], Any], success: str | None = None) -> Any:
    """Run a service; on refusal, show its reason. Returns the result or None."""
    try:
        result = action()
    except (PermissionDenied, ValidationError) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text or _("You cannot do this."))
        return None
    if success:
        messages.success(request, success)
    return result if result is not None else True


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _areas(space: Space) -> list[Subdistrict]:
    codes = space_area_subdistrict_ids(space)
    if codes is None:
        return []
    return list(Subdistrict.objects.filter(code__in=codes).order_by("name_th"))


def _ct(model) -> int:
    return ContentType.objects.get_for_model(model).pk


def _comments_context(request, target, phase_check_action: str = "comment") -> dict[str, Any]:
    roots, page = selectors.comment_page(target=target, page=request.GET.get("cpage"),
                                         stance=request.GET.get("stance", ""))
    phase = services.comment_phase_for(target)
    check = (phase_action_check(user=request.user, phase=phase, action=phase_check_action)
             if phase else None)
    reply_to = None
    if request.GET.get("reply", "").isdigit():
        reply_to = Comment.objects.filter(
            pk=int(request.GET["reply"]), content_type_id=_ct(type(target)), object_id=target.pk,
            is_hidden=False, is_removed=False,
        ).select_related("author").first()
    return {
        "reply_to": reply_to,
        "thread": _labelled(selectors.flatten(roots)), "comment_page": page, "comment_check": check,
        "comment_form": forms.CommentForm(), "comment_ct": _ct(Comment),
        # Reversed once, not once per comment.
        "report_base": reverse("spaces:report", args=[_ct(Comment), 1])[:-2],
        "comment_url": _comment_url(target),
        "stance_counts": selectors.stance_counts(target=target),
    }


def _labelled(thread):
    # Translate each stance once per page, not once per comment.
    labels = {value: str(label) for value, label in Comment.Stance.choices}
    for comment, _depth in thread:
        comment.stance_label = labels.get(comment.stance, comment.stance)
    return thread


def _comment_url(target) -> str:
    kind = {Proposal: "proposal", Debate: "debate", Forum: "forum"}[type(target)]
    return reverse("deliberation:comment", args=[kind, target.pk])


# Phase pages ---------------------------------------------------------------------------------


def phase(request, pk):
    phase = phase_get_for_user(user=request.user, pk=pk)
    if not phase.content_key.startswith("deliberation."):
        raise Http404
    kind = phase.content_key.split(".", 1)[1]
    return {"proposals": _proposal_list, "debate": _debate_list, "forums": _forum_list,
            "results": _results_phase}[kind](request, phase)


def _filters(request) -> selectors.ProposalFilters:
    sort = request.GET.get("sort", "newest")
    if sort not in selectors.SORTS:
        sort = "newest"
    seed = 1
    if sort == "random":
        seed = request.session.get("deliberation_seed")
        if not seed:
            seed = request.session["deliberation_seed"] = secrets.randbelow(99_000) + 1
    try:
        category = int(request.GET.get("category") or 0) or None
    except ValueError:
        category = None
    return selectors.ProposalFilters(
        category=category, state=request.GET.get("state", "")[:30],
        area=request.GET.get("area", "")[:6], q=request.GET.get("q", "").strip()[:200],
        sort=sort, seed=seed,
    )


def _proposal_list(request, phase):
    space = phase.space
    filters = _filters(request)
    page = selectors.proposal_page(user=request.user, space=space, filters=filters, phase=phase,
                                   page=request.GET.get("page"), authors=False)
    settings_ = services.proposal_settings_for(phase)
    counts = selectors.comment_counts(page.items)
    for item in page.items:
        item.comment_count = counts.get(item.pk, 0)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "deliberation/proposal_list.html", {
        "space": space, "phase": phase, "page": page, "proposals": page.items,
        "filters": filters, "query": query.urlencode(),
        "categories": space.categories.all(), "areas": _areas(space),
        "answer_states": selectors.answer_states_for(space),
        "supported": selectors.supported_ids(user=request.user, proposals=page.items),
        "create_check": phase_action_check(user=request.user, phase=phase, action="create"),
        "support_check": phase_action_check(user=request.user, phase=phase, action="support"),
        "settings": settings_,
        "supports_used": (selectors.supports_used(user=request.user, phase=phase)
                          if settings_.support_limit else 0),
        "is_official": can_answer(request.user, space),
        "can_manage": can_manage_space(request.user, space),
        "sorts": [("newest", _("Newest")), ("supported", _("Most supported")),
                  ("random", _("Random")), ("oldest", _("Oldest"))],
        "states": [("", _("All published")), ("threshold", _("Reached the threshold")),
                   ("answered", _("Answered")), ("unanswered", _("Not yet answered")),
                   ("forum", _("Raised at a forum")), ("withdrawn", _("Withdrawn"))],
    })


def proposal_map(request, pk):
    phase = phase_get_for_user(user=request.user, pk=pk)
    return render(request, "deliberation/proposal_map.html", {
        "phase": phase, "space": phase.space,
    })


def proposal_map_data(request, pk):
    phase = phase_get_for_user(user=request.user, pk=pk)
    qs = (
        selectors.proposal_list(user=request.user, space=phase.space, phase=phase,
                                filters=_filters(request))
        .filter(lat__isnull=False, is_hidden=False)
        .values("pk", "title", "lat", "lon", "support_count")[:2000]
    )
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
         "properties": {"title": p["title"], "supports": p["support_count"],
                        "url": reverse("deliberation:proposal", args=[p["pk"]])}}
        for p in qs
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def proposal_similar(request, pk):
    """htmx: similar published proposals while someone types a new one."""
    phase = phase_get_for_user(user=request.user, pk=pk)
    text = f"{request.GET.get('title', '')} {request.GET.get('body', '')[:500]}"
    found = selectors.proposal_similar(space=phase.space, text=text[:1000])
    return render(request, "deliberation/includes/similar.html", {"similar": found})


# Proposals -----------------------------------------------------------------------------------


def _coauthors(raw: str) -> list[Any]:
    emails = [e.strip().lower() for e in (raw or "").replace(";", ",").split(",") if e.strip()]
    if not emails:
        return []
    found = list(User.objects.filter(email__in=emails, is_active=True))
    if len(found) != len(set(emails)):
        raise ValidationError(_("Some co-authors have no account with that e-mail address."))
    return found


def _files(data: dict[str, Any]) -> tuple[list, list]:
    images = [(data["image"], data.get("image_alt", ""))] if data.get("image") else []
    attachments = ([(data["attachment"], data.get("attachment_title", ""))]
                   if data.get("attachment") else [])
    return images, attachments


@login_required
def proposal_create(request, pk):
    phase = phase_get_for_user(user=request.user, pk=pk)
    if phase.content_key != "deliberation.proposals":
        raise Http404
    space = phase.space
    check = phase_action_check(user=request.user, phase=phase, action="create")
    form = forms.ProposalForm(request.POST or None, request.FILES or None, space=space,
                              categories=space.categories.all(), areas=_areas(space))
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            images, attachments = _files(data)
            proposal = _attempt(request, lambda: services.proposal_create(
                author=request.user, phase=phase, title=data["title"], body=data["body"],
                category=data["category"], subdistrict=data["area"] or None, lat=data["lat"],
                lon=data["lon"], publish="publish" in request.POST,
                coauthors=_coauthors(data["coauthors"]), images=images, attachments=attachments,
            ))
            if proposal:
                messages.success(request, _("Your proposal is published.") if proposal.is_published
                                 else _("Your draft is saved. Only you and your co-authors see it."))
                return redirect(proposal.get_absolute_url())
        else:
            _form_errors(request, form)
    return render(request, "deliberation/proposal_form.html", {
        "form": form, "phase": phase, "space": space, "check": check, "proposal": None,
    })


@login_required
def proposal_edit(request, pk):
    proposal = selectors.proposal_get_for_user(user=request.user, pk=pk)
    space = proposal.space
    initial = {"title": proposal.title, "body": proposal.body,
               "category": proposal.category_id, "area": proposal.subdistrict_id or "",
               "lat": proposal.lat, "lon": proposal.lon,
               "coauthors": ", ".join(u.email for u in proposal.coauthors.all() if u.email)}
    form = forms.ProposalForm(request.POST or None, request.FILES or None, initial=initial,
                              space=space, categories=space.categories.all(), areas=_areas(space))
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            images, attachments = _files(data)
            done = _attempt(request, lambda: services.proposal_update(
                by=request.user, proposal=proposal, title=data["title"], body=data["body"],
                category=data["category"], subdistrict=data["area"] or None, lat=data["lat"],
                lon=data["lon"], coauthors=_coauthors(data["coauthors"]), images=images,
                attachments=attachments,
            ), _("Saved."))
            if done:
                if "publish" in request.POST:
                    _attempt(request, lambda: services.proposal_publish(
                        by=request.user, proposal=proposal), _("Your proposal is published."))
                return redirect(proposal.get_absolute_url())
        else:
            _form_errors(request, form)
    return render(request, "deliberation/proposal_form.html", {
        "form": form, "phase": proposal.phase, "space": space, "proposal": proposal,
        "check": phase_action_check(user=request.user, phase=proposal.phase, action="create"),
    })


def proposal_detail(request, pk, template="deliberation/proposal_detail.html"):
    proposal = selectors.proposal_get_for_user(user=request.user, pk=pk)
    space = proposal.space
    official = can_answer(request.user, space)
    context = {
        "proposal": proposal, "space": space, "phase": proposal.phase,
        "images": proposal.images.all(), "attachments": proposal.attachments.all(),
        "coauthors": proposal.coauthors.all(),
        "answers": selectors.answers_for(proposal=proposal),
        "amendments": proposal.amendments.select_related("author"),
        "is_author": request.user.is_authenticated and request.user.pk in proposal.author_ids(),
        "supported": bool(selectors.supported_ids(user=request.user, proposals=[proposal])),
        "support_check": phase_action_check(user=request.user, phase=proposal.phase,
                                            action="support"),
        "amend_check": phase_action_check(user=request.user, phase=proposal.phase,
                                          action="amend"),
        "settings": services.proposal_settings_for(proposal.phase),
        "is_official": official,
        "can_moderate": can_moderate_space(request.user, space),
        "following": is_following(user=request.user, target=proposal),
        "proposal_ct": _ct(Proposal),
        "plan_items": proposal.plan_items.all(),
        "results": proposal.results.all(),
    }
    if official:
        context["answer_form"] = forms.AnswerForm(states=selectors.answer_states_for(space))
        if space.local_government_id and proposal.answer_state and \
                proposal.answer_state.effect in ("accepted", "planned"):
            context["plan_form"] = forms.PlanItemForm(initial={
                "project": proposal.title, "year": timezone.localdate().year + 544,
            })
    context.update(_comments_context(request, proposal))
    return render(request, template, context)


def proposal_print(request, pk):
    return proposal_detail(request, pk, template="deliberation/proposal_print.html")


@login_required
@require_POST
def proposal_publish(request, pk):
    proposal = selectors.proposal_get_for_user(user=request.user, pk=pk)
    _attempt(request, lambda: services.proposal_publish(by=request.user, proposal=proposal),
             _("Your proposal is published."))
    return redirect(proposal.get_absolute_url())


@login_required
@require_POST
def proposal_withdraw(request, pk):
    proposal = selectors.proposal_get_for_user(user=request.user, pk=pk)
    _attempt(request, lambda: services.proposal_withdraw(by=request.user, proposal=proposal),
             _("Your proposal is withdrawn."))
    return redirect(proposal.get_absolute_url())


@login_required
@require_POST
def proposal_delete(request, pk):
    proposal = selectors.proposal_get_for_user(user=request.user, pk=pk)
    phase_pk = proposal.phase_id
    if _attempt(request, lambda: services.proposal_delete_draft(by=request.user, proposal=proposal),
                _("Draft deleted.")):
        return redirect("deliberation:phase", pk=phase_pk)
    return redirect(proposal.get_absolute_url())


@require_POST
def proposal_support(request, pk):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={reverse_proposal(pk)}")
    proposal = selectors.proposal_get_for_user(user=request.user, pk=pk)
    if request.POST.get("action") == "remove":
        _attempt(request, lambda: services.support_remove(user=request.user, proposal=proposal),
                 _("Your support is withdrawn."))
    else:
        _attempt(request, lambda: services.support_add(user=request.user, proposal=proposal),
                 _("Thank you for your support."))
    if request.htmx:
        proposal.refresh_from_db()
        return render(request, "deliberation/includes/support.html", {
            "proposal": proposal,
            "supported": bool(selectors.supported_ids(user=request.user, proposals=[proposal])),
            "support_check": phase_action_check(user=request.user, phase=proposal.phase,
                                                action="support"),
        })
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = proposal.get_absolute_url()
    return redirect(next_url)


@login_required
@require_POST
def proposal_answer(request, pk):
    proposal = selectors.proposal_get_for_user(user=request.user, pk=pk)
    if not can_answer(request.user, proposal.space):
        # A clear refusal, not a silent redirect: the official is in the wrong place.
        raise services._official_error(proposal.space)
    form = forms.AnswerForm(request.POST, states=selectors.answer_states_for(proposal.space))
    if form.is_valid():
        data = form.cleaned_data
        _attempt(request, lambda: services.answer_create(
            by=request.user, proposal=proposal, state=data["state"], text=data["text"],
            cost_estimate=data["cost_estimate"],
        ), _("The answer is published and the authors are notified."))
    else:
        _form_errors(request, form)
    return redirect(proposal.get_absolute_url() + "#answers")


@login_required
@require_POST
def proposal_plan(request, pk):
    proposal = selectors.proposal_get_for_user(user=request.user, pk=pk)
    lg = proposal.space.local_government
    if lg is None or not can_track_results(request.user, lg):
        raise services._official_error(proposal.space)
    form = forms.PlanItemForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        item = _attempt(request, lambda: services.plan_item_create(
            by=request.user, local_government=lg, project=data["project"], year=data["year"],
            budget=data["budget"], description=data["description"], proposals=[proposal],
            forums=[proposal.forum] if proposal.forum_id else [], space=proposal.space,
        ), _("Added to the local development plan."))
        if item:
            return redirect("deliberation:progress", code=lg.code)
    else:
        _form_errors(request, form)
    return redirect(proposal.get_absolute_url())


@login_required
def proposal_amend(request, pk):
    proposal = selectors.proposal_get_for_user(user=request.user, pk=pk)
    form = forms.AmendmentForm(request.POST or None,
                               initial={"title": proposal.title, "body": proposal.body})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if _attempt(request, lambda: services.amendment_create(
                author=request.user, proposal=proposal, title=data["title"], body=data["body"],
                reason=data["reason"],
            ), _("Your amendment is sent to the authors.")):
                return redirect(proposal.get_absolute_url() + "#amendments")
        else:
            _form_errors(request, form)
    return render(request, "deliberation/amendment_form.html", {
        "form": form, "proposal": proposal, "space": proposal.space,
        "check": phase_action_check(user=request.user, phase=proposal.phase, action="amend"),
    })


@login_required
@require_POST
def amendment_decide(request, pk, decision):
    if decision not in ("accept", "reject"):
        raise Http404
    amendment = selectors.amendment_get_for_user(user=request.user, pk=pk)
    _attempt(request, lambda: services.amendment_decide(
        by=request.user, amendment=amendment, accept=decision == "accept"),
        _("Amendment accepted: the proposal is updated.") if decision == "accept"
        else _("Amendment rejected."))
    return redirect(reverse_proposal(amendment.proposal_id) + "#amendments")


def reverse_proposal(pk: int) -> str:
    return reverse("deliberation:proposal", args=[pk])


def attachment(request, key):
    item = get_object_or_404(ProposalAttachment.objects.select_related("proposal"), key=key)
    selectors.proposal_get_for_user(user=request.user, pk=item.proposal_id)
    response = FileResponse(item.file.open("rb"), content_type="application/pdf",
                            as_attachment=True, filename=f"ruamkan-{item.key[:12]}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Comments on proposals, debates and forums ---------------------------------------------------


@require_POST
def comment(request, kind, pk):
    if not request.user.is_authenticated:
        return redirect("account_login")
    getter = {"proposal": selectors.proposal_get_for_user, "debate": selectors.debate_get_for_user,
              "forum": selectors.forum_get_for_user}.get(kind)
    if getter is None:
        raise Http404
    target = getter(user=request.user, pk=pk)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = get_object_or_404(Comment, pk=form.cleaned_data["parent"], space=target.space)
        _attempt(request, lambda: services.target_comment_create(
            author=request.user, target=target, body=form.cleaned_data["body"],
            stance=form.cleaned_data["stance"], parent=parent,
        ), _("Thank you, your comment is published."))
    else:
        _form_errors(request, form)
    return redirect(target.get_absolute_url() + "#comments")


# Officials: proposals awaiting an answer -----------------------------------------------------


@login_required
def awaiting(request):
    from ruamkan.accounts import roles

    if not roles.is_official(request.user):
        raise PermissionDenied(_("Only officials can see this list."))
    qs = selectors.proposals_awaiting_answer(user=request.user)
    page = selectors.paginate(qs, request.GET.get("page"), size=50)
    return render(request, "deliberation/awaiting.html", {"page": page, "now": timezone.now()})


# Open data -----------------------------------------------------------------------------------


def export(request, slug, fmt):
    space = space_get_for_user(user=request.user, slug=slug)
    rows = selectors.export_rows(user=request.user, space=space)
    name = f"ruamkan-{space.pk}-proposals"
    if fmt == "json":
        response = HttpResponse(
            json.dumps({"space": space.slug, "title": space.title,
                        "licence": "CC-BY-4.0", "proposals": rows}, ensure_ascii=False),
            content_type="application/json; charset=utf-8")
    elif fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # Excel opens UTF-8 Thai correctly only with a BOM
        writer = csv.DictWriter(response, fieldnames=selectors.EXPORT_FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_safe(v) for k, v in row.items()})
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _csv_safe(value: Any) -> Any:
    # Spreadsheet formula injection: a cell starting with = + - @ is shown as text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


# Debates -------------------------------------------------------------------------------------


def _debate_list(request, phase):
    space = phase.space
    official = can_answer(request.user, space)
    form = forms.DebateForm(request.POST or None) if official else None
    if request.method == "POST":
        if not official:
            raise services._official_error(space)
        if form.is_valid():
            debate = _attempt(request, lambda: services.debate_create(
                by=request.user, phase=phase, **form.cleaned_data), _("The debate is open."))
            if debate:
                return redirect(debate.get_absolute_url())
        else:
            _form_errors(request, form)
    return render(request, "deliberation/debate_list.html", {
        "phase": phase, "space": space, "debates": phase.debates.all(), "form": form,
    })


def debate_detail(request, pk):
    debate = selectors.debate_get_for_user(user=request.user, pk=pk)
    official = can_answer(request.user, debate.space)
    context = {
        "debate": debate, "space": debate.space, "phase": debate.phase,
        "is_official": official,
        "conclusion_form": forms.ConclusionForm() if official and not debate.closed_at else None,
        "following": is_following(user=request.user, target=debate),
        "debate_ct": _ct(Debate),
    }
    context.update(_comments_context(request, debate))
    return render(request, "deliberation/debate_detail.html", context)


@login_required
@require_POST
def debate_close(request, pk):
    debate = selectors.debate_get_for_user(user=request.user, pk=pk)
    if not can_answer(request.user, debate.space):
        raise services._official_error(debate.space)
    form = forms.ConclusionForm(request.POST)
    if form.is_valid():
        _attempt(request, lambda: services.debate_close(
            by=request.user, debate=debate, conclusion=form.cleaned_data["conclusion"]),
            _("The debate is closed with your conclusion."))
    else:
        _form_errors(request, form)
    return redirect(debate.get_absolute_url())


# Forums --------------------------------------------------------------------------------------


def _forum_list(request, phase):
    space = phase.space
    official = can_answer(request.user, space)
    form = forms.ForumForm(request.POST or None) if official else None
    if request.method == "POST":
        if not official:
            raise services._official_error(space)
        if form.is_valid():
            forum = _attempt(request, lambda: services.forum_create(
                by=request.user, phase=phase, **form.cleaned_data), _("The forum is announced."))
            if forum:
                return redirect(forum.get_absolute_url())
        else:
            _form_errors(request, form)
    now = timezone.now()
    forums = list(selectors.forum_list(user=request.user, space=space, phase=phase))
    return render(request, "deliberation/forum_list.html", {
        "phase": phase, "space": space, "form": form,
        "upcoming": [f for f in forums if f.ends_at > now],
        "past": [f for f in reversed(forums) if f.ends_at <= now],
    })


def forum_detail(request, pk):
    forum = selectors.forum_get_for_user(user=request.user, pk=pk)
    official = can_answer(request.user, forum.space)
    proposals_phase = next((p for p in forum.space.phases.all()
                            if p.content_key == "deliberation.proposals"
                            and p.is_active()), None)
    context = {
        "forum": forum, "space": forum.space, "phase": forum.phase, "is_official": official,
        "registered": selectors.forum_is_registered(user=request.user, forum=forum),
        "register_check": phase_action_check(user=request.user, phase=forum.phase,
                                             action="register"),
        "now": timezone.now(),
        "raised": forum.proposals.filter(state=Proposal.State.PUBLISHED),
        "following": is_following(user=request.user, target=forum), "forum_ct": _ct(Forum),
    }
    if official:
        context.update({
            "attendance": forum.attendance.select_related("user"),
            "registrations": forum.registrations.select_related("user"),
            "attendance_form": forms.AttendanceForm(),
            "minutes_form": forms.MinutesForm(initial={"minutes": forum.minutes_html,
                                                       "resolutions": forum.resolutions}),
            "behalf_form": forms.OnBehalfForm() if proposals_phase else None,
        })
    context.update(_comments_context(request, forum))
    return render(request, "deliberation/forum_detail.html", context)


@login_required
@require_POST
def forum_register(request, pk):
    forum = selectors.forum_get_for_user(user=request.user, pk=pk)
    if request.POST.get("action") == "cancel":
        _attempt(request, lambda: services.forum_unregister(user=request.user, forum=forum),
                 _("Your registration is cancelled."))
    else:
        _attempt(request, lambda: services.forum_register(user=request.user, forum=forum),
                 _("You are registered. See you there."))
    return redirect(forum.get_absolute_url())


def _official_forum(request, pk) -> Forum:
    forum = selectors.forum_get_for_user(user=request.user, pk=pk)
    if not can_answer(request.user, forum.space):
        raise services._official_error(forum.space)
    return forum


@login_required
@require_POST
def forum_attendance(request, pk):
    forum = _official_forum(request, pk)
    form = forms.AttendanceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        person = None
        if data["email"]:
            person = User.objects.filter(email__iexact=data["email"].strip()).first()
            if person is None:
                messages.error(request, _("No account with that e-mail address; record a name "
                                          "and village instead."))
                return redirect(forum.get_absolute_url() + "#attendance")
        _attempt(request, lambda: services.forum_attendance_record(
            by=request.user, forum=forum, user=person, name=data["name"], village=data["village"]),
            _("Attendance recorded."))
    else:
        _form_errors(request, form)
    return redirect(forum.get_absolute_url() + "#attendance")


@login_required
@require_POST
def forum_minutes(request, pk):
    forum = _official_forum(request, pk)
    form = forms.MinutesForm(request.POST)
    if form.is_valid():
        _attempt(request, lambda: services.forum_minutes_publish(
            by=request.user, forum=forum, **form.cleaned_data), _("Minutes published."))
    else:
        _form_errors(request, form)
    return redirect(forum.get_absolute_url() + "#minutes")


@login_required
@require_POST
def forum_proposal(request, pk):
    forum = _official_forum(request, pk)
    phase = next((p for p in forum.space.phases.all()
                  if p.content_key == "deliberation.proposals" and p.is_active()), None)
    if phase is None:
        messages.error(request, _("There is no open proposals phase in this space."))
        return redirect(forum.get_absolute_url())
    form = forms.OnBehalfForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        _attempt(request, lambda: services.proposal_create(
            author=request.user, phase=phase, title=data["title"], body=data["body"],
            forum=forum, on_behalf_of=data["on_behalf_of"]),
            _("The proposal is published, marked as raised at this forum."))
    else:
        _form_errors(request, form)
    return redirect(forum.get_absolute_url() + "#raised")


# Results and progress ------------------------------------------------------------------------


def _results_phase(request, phase):
    space = phase.space
    if not space.local_government_id:
        return render(request, "deliberation/results_phase.html", {
            "phase": phase, "space": space, "tree": [], "lg": None})
    return render(request, "deliberation/results_phase.html", {
        "phase": phase, "space": space, "lg": space.local_government,
        "tree": selectors.result_tree(local_government=space.local_government),
        "plan_items": selectors.plan_items_for(local_government=space.local_government)
        .filter(space=space),
    })


def progress(request, code):
    lg = get_object_or_404(LocalGovernment.objects.select_related("province"), code=code)
    official = can_track_results(request.user, lg)
    tree = selectors.result_tree(local_government=lg)
    flat: list[Result] = []

    def walk(nodes):
        for node in nodes:
            flat.append(node.result)
            walk(node.children)

    walk(tree)
    plan_items = list(selectors.plan_items_for(local_government=lg))
    context = {
        "lg": lg, "tree": tree, "plan_items": plan_items, "is_official": official,
        "spaces": selectors.public_spaces_of(user=request.user, local_government=lg),
        "status_choices": Result.Status.choices,
    }
    if official:
        context.update({
            "result_form": forms.ResultForm(results=flat, plan_items=plan_items),
            "update_form": forms.ResultUpdateForm(),
            "milestone_form": forms.MilestoneForm(),
            "budget_form": forms.BudgetLineForm(),
        })
    return render(request, "deliberation/progress.html", context)


def _tracked_lg(request, code) -> LocalGovernment:
    lg = get_object_or_404(LocalGovernment, code=code)
    if not can_track_results(request.user, lg):
        raise PermissionDenied(_("Only officials of %(lg)s can do this.") % {"lg": lg})
    return lg


@login_required
@require_POST
def result_create(request, code):
    lg = _tracked_lg(request, code)
    results = Result.objects.filter(local_government=lg)
    plan_items = PlanItem.objects.filter(local_government=lg)
    form = forms.ResultForm(request.POST, results=results, plan_items=plan_items)
    if form.is_valid():
        data = form.cleaned_data
        _attempt(request, lambda: services.result_create(
            by=request.user, local_government=lg, title=data["title"],
            description=data["description"], weight=data["weight"] if data["weight"] is not None else 1,
            parent=results.filter(pk=data["parent"]).first() if data["parent"] else None,
            plan_item=plan_items.filter(pk=data["plan_item"]).first() if data["plan_item"] else None,
        ), _("Result added."))
    else:
        _form_errors(request, form)
    return redirect("deliberation:progress", code=lg.code)


@login_required
@require_POST
def result_update(request, pk):
    result = get_object_or_404(Result.objects.select_related("local_government"), pk=pk)
    lg = _tracked_lg(request, result.local_government.code)
    form = forms.ResultUpdateForm(request.POST)
    if form.is_valid():
        _attempt(request, lambda: services.result_update(
            by=request.user, result=result, status=form.cleaned_data["status"],
            progress=form.cleaned_data["progress"]), _("Progress saved."))
    else:
        _form_errors(request, form)
    return redirect(f"/lg/{lg.code}/progress/#result-{result.pk}")


@login_required
@require_POST
def milestone_add(request, pk):
    result = get_object_or_404(Result.objects.select_related("local_government"), pk=pk)
    lg = _tracked_lg(request, result.local_government.code)
    form = forms.MilestoneForm(request.POST, request.FILES)
    if form.is_valid():
        _attempt(request, lambda: services.milestone_add(by=request.user, result=result,
                                                         **form.cleaned_data),
                 _("Milestone added."))
    else:
        _form_errors(request, form)
    return redirect(f"/lg/{lg.code}/progress/#result-{result.pk}")


@login_required
@require_POST
def budget_line_add(request, pk):
    item = get_object_or_404(PlanItem.objects.select_related("local_government"), pk=pk)
    lg = _tracked_lg(request, item.local_government.code)
    form = forms.BudgetLineForm(request.POST)
    if form.is_valid():
        _attempt(request, lambda: services.budget_line_create(by=request.user, plan_item=item,
                                                              **form.cleaned_data),
                 _("Budget line added."))
    else:
        _form_errors(request, form)
    return redirect(f"/lg/{lg.code}/progress/#plan-{item.pk}")


def space_visible(user, space) -> bool:
    return can_view_space(user, space)


@login_required
def phase_manage(request, pk):
    """Space managers: the support threshold, answer deadline, per-person limit, categories."""
    phase = phase_get_for_user(user=request.user, pk=pk)
    if phase.content_key != "deliberation.proposals":
        raise Http404
    if not can_manage_space(request.user, phase.space):
        raise PermissionDenied(_("You cannot change this space."))
    current = services.proposal_settings_for(phase)
    settings_form = forms.ProposalSettingsForm(
        request.POST if "settings" in request.POST else None,
        initial={"support_threshold": current.support_threshold,
                 "answer_days": current.answer_days, "support_limit": current.support_limit})
    category_form = forms.CategoryForm(request.POST if "category" in request.POST else None)
    lg = phase.space.local_government
    state_form = (forms.AnswerStateForm(request.POST if "answer_state" in request.POST else None)
                  if lg is not None and can_track_results(request.user, lg) else None)
    if request.method == "POST":
        form = (settings_form if "settings" in request.POST
                else state_form if "answer_state" in request.POST and state_form else category_form)
        if form.is_valid():
            if form is state_form:
                data = form.cleaned_data
                _attempt(request, lambda: services.answer_state_create(
                    by=request.user, local_government=lg, name_th=data["name_th"],
                    name_en=data["name_en"], effect=data["effect"],
                    key=f"custom-{secrets.token_hex(4)}"), _("Answer state added."))
            elif form is settings_form:
                _attempt(request, lambda: services.proposal_settings_set(
                    by=request.user, phase=phase, **form.cleaned_data), _("Saved."))
            else:
                _attempt(request, lambda: services.category_create(
                    by=request.user, space=phase.space, name=form.cleaned_data["name"]),
                    _("Category added."))
            return redirect("deliberation:phase_manage", pk=phase.pk)
        _form_errors(request, form)
    return render(request, "deliberation/phase_manage.html", {
        "phase": phase, "space": phase.space, "settings_form": settings_form,
        "category_form": category_form, "categories": phase.space.categories.all(),
        "state_form": state_form, "answer_states": selectors.answer_states_for(phase.space),
    })

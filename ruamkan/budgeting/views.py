from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruamkan.budgeting import selectors, services
from ruamkan.budgeting.forms import PaperBallotForm, ProjectForm, ReceiptForm, ReviewForm
from ruamkan.budgeting.models import Budget, BudgetProject
from ruamkan.budgeting.rules import can_manage_budget, can_review_projects
from ruamkan.spaces.selectors import phase_action_check, phase_get_for_user


def _choices_from(post) -> dict[int, int]:
    choices: dict[int, int] = {}
    for key, value in post.items():
        if key.startswith("p_") and key[2:].isdigit():
            try:
                number = int(value or 0)
            except ValueError:
                number = 0
            if number > 0:
                choices[int(key[2:])] = number
    return choices


def phase(request, pk):
    phase = phase_get_for_user(user=request.user, pk=pk)
    budget = Budget.objects.filter(space=phase.space).order_by("pk").first()
    if budget is None:
        raise Http404(_("No budget in this space yet."))
    return redirect(budget.get_absolute_url())


def budget_detail(request, pk):
    budget = selectors.budget_get_for_user(user=request.user, pk=pk)
    voting = services.active_phase(budget, "voting")
    submission = services.active_phase(budget, "submission")
    ballot = selectors.ballot_for(user=request.user, budget=budget)
    current = {c.project_id: c.value for c in ballot.choices.all()} if ballot else {}
    if request.method == "POST":
        current = _choices_from(request.POST)
        try:
            ballot = services.ballot_submit(voter=request.user, budget=budget, choices=current)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(
                request,
                _("Your ballot is saved. Receipt code: %(code)s") % {"code": ballot.receipt},
            )
            return redirect(reverse("budgeting:budget", args=[budget.pk]) + "#ballot")
    projects = list(selectors.budget_projects(user=request.user, budget=budget))
    for project in projects:
        project.chosen = current.get(project.pk, 0)
    vote_check = (
        phase_action_check(user=request.user, phase=voting, action="vote") if voting else None
    )
    return render(
        request,
        "budgeting/budget_detail.html",
        {
            "budget": budget,
            "space": budget.space,
            "projects": projects,
            "on_ballot": [p for p in projects if p.status == BudgetProject.Status.FEASIBLE],
            "voting": voting,
            "submission": submission,
            "vote_check": vote_check,
            "ballot": ballot,
            "can_review": can_review_projects(request.user, budget),
            "can_manage": can_manage_budget(request.user, budget),
            "spent": sum(p.cost for p in projects if p.chosen and budget.ballot_type == "approval"),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def project_create(request, pk):
    budget = selectors.budget_get_for_user(user=request.user, pk=pk)
    form = ProjectForm(request.POST or None, request.FILES or None, budget=budget)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_submit(proposer=request.user, budget=budget, **form.cleaned_data)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(
                request, _("Thank you! Officials will check the cost and feasibility.")
            )
            return redirect(budget.get_absolute_url())
    return render(request, "budgeting/project_form.html", {"budget": budget, "form": form})


@login_required
def review(request, pk):
    budget = selectors.budget_get_for_user(user=request.user, pk=pk)
    if not can_review_projects(request.user, budget):
        return HttpResponseForbidden(_("Only the local government's officials review projects."))
    if request.method == "POST":
        project = get_object_or_404(BudgetProject, pk=request.POST.get("project"), budget=budget)
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                services.project_review(official=request.user, project=project, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Review saved."))
        else:
            messages.error(request, _("Choose feasible or not feasible."))
        return redirect("budgeting:review", pk=budget.pk)
    projects = selectors.budget_projects(user=request.user, budget=budget)
    return render(
        request,
        "budgeting/review.html",
        {"budget": budget, "projects": projects, "form": ReviewForm()},
    )


@login_required
def paper_ballot(request, pk):
    budget = selectors.budget_get_for_user(user=request.user, pk=pk)
    if not can_review_projects(request.user, budget):
        return HttpResponseForbidden(
            _("Only the local government's officials enter paper ballots.")
        )
    form = PaperBallotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ballot = services.ballot_enter_paper(
                official=request.user,
                budget=budget,
                citizen_id=form.cleaned_data["citizen_id"],
                choices=_choices_from(request.POST),
            )
        except (PermissionDenied, ValidationError) as exc:
            for error in getattr(exc, "messages", [str(exc)]):
                messages.error(request, error)
        else:
            messages.success(
                request,
                _("Paper ballot entered. Receipt code: %(code)s") % {"code": ballot.receipt},
            )
            return redirect("budgeting:paper", pk=budget.pk)
    projects = selectors.budget_projects(user=request.user, budget=budget).filter(
        status=BudgetProject.Status.FEASIBLE
    )
    return render(
        request,
        "budgeting/paper_ballot.html",
        {"budget": budget, "form": form, "projects": projects},
    )


def results(request, pk):
    from ruamkan.budgeting.tally import budget_outcome, compare_rules

    budget = selectors.budget_get_for_user(user=request.user, pk=pk)
    officials = can_review_projects(request.user, budget)
    if not budget.results_published_at and not officials:
        raise Http404(_("Results are not published yet."))
    outcome = budget_outcome(budget)
    selected = set(outcome.selected_ids)
    map_points = [
        {"title": p.title, "lat": p.lat, "lon": p.lon, "selected": p.pk in selected}
        for p in budget.projects.filter(status=BudgetProject.Status.FEASIBLE, lat__isnull=False,
                                        lon__isnull=False)
    ]
    return render(
        request,
        "budgeting/results.html",
        {
            "budget": budget,
            "outcome": outcome,
            "comparison": compare_rules(budget) if officials else None,
        "map_points": map_points,
            "can_manage": can_manage_budget(request.user, budget),
        },
    )


@login_required
@require_POST
def publish(request, pk):
    budget = selectors.budget_get_for_user(user=request.user, pk=pk)
    try:
        services.budget_publish_results(by=request.user, budget=budget)
    except PermissionDenied as exc:
        return HttpResponseForbidden(str(exc))
    messages.success(request, _("Results and the anonymised ballot file are published."))
    return redirect("budgeting:results", pk=budget.pk)


def ballot_file(request, pk):
    budget = selectors.budget_get_for_user(user=request.user, pk=pk)
    if not budget.results_published_at:
        raise Http404(_("Results are not published yet."))
    response = HttpResponse(budget.ballots_file, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budget-{budget.pk}.pb"'
    response["X-Content-SHA256"] = budget.ballots_hash
    return response


def receipt(request):
    from ruamkan.budgeting.audit import ballot_tracker

    form = ReceiptForm(request.GET or None)
    ballot = None
    if form.is_valid():
        ballot = selectors.receipt_lookup(code=form.cleaned_data["code"])
        if ballot is None:
            form.add_error("code", _("No ballot has this receipt code."))
    return render(
        request,
        "budgeting/receipt.html",
        {
            "form": form,
            "ballot": ballot,
            "tracker": ballot_tracker(ballot) if ballot else None,
            "choices": ballot.choices.select_related("project") if ballot else [],
        },
    )


@login_required
def budget_create(request, slug):
    from ruamkan.budgeting.forms import BudgetForm
    from ruamkan.spaces.rules import can_manage_space
    from ruamkan.spaces.selectors import space_get_for_user

    space = space_get_for_user(user=request.user, slug=slug)
    if not can_manage_space(request.user, space):
        return HttpResponseForbidden(_("You cannot change this space."))
    form = BudgetForm(request.POST or None, space=space)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            budget = services.budget_create(by=request.user, space=space, **data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The budget is created. Add phases for ideas, review and voting."))
            return redirect(budget.get_absolute_url())
    return render(request, "budgeting/budget_form.html", {"form": form, "space": space})

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruamkan.volunteering import forms, selectors, services
from ruamkan.volunteering.models import Shift, Signup
from ruamkan.volunteering.rules import can_manage_opportunity, owners_for


def opportunity_list(request: HttpRequest) -> HttpResponse:
    return render(request, "volunteering/opportunity_list.html", {
        "opportunities": selectors.opportunity_list_open()[:100],
        "can_post": bool(owners_for(request.user)),
    })


@login_required
def opportunity_create(request: HttpRequest) -> HttpResponse:
    owners = owners_for(request.user)
    if not owners:
        raise PermissionDenied(_("Only officials and organisation members can post."))
    form = forms.OpportunityForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        opportunity = services.opportunity_create(
            by=request.user, owner_key=data["owner"], title=data["title"],
            description=data["description"], place=data["place"], skills=data["skills"])
        messages.success(request, _("Posted. Now add its shifts."))
        return redirect("volunteering:manage", pk=opportunity.pk)
    return render(request, "volunteering/opportunity_form.html", {"form": form})


def _detail(request: HttpRequest, opportunity, status: int = 200) -> HttpResponse:
    mine = selectors.my_signups(user=request.user)
    now = timezone.now()
    shifts = list(opportunity.shifts.all())
    for shift in shifts:
        row = mine.get(shift.pk)
        shift.my_signup = row if row is not None and row.status == Signup.Status.SIGNED_UP else None
        shift.my_attendance = row if row is not None and row.status == Signup.Status.ATTENDED else None
        # A shift that has started takes no more sign-ups (the service refuses them too).
        shift.has_started = shift.starts_at <= now
    return render(request, "volunteering/opportunity_detail.html", {
        "opportunity": opportunity, "shifts": shifts,
        "can_manage": can_manage_opportunity(request.user, opportunity),
    }, status=status)


def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.opportunity_get(user=request.user, pk=pk))


@login_required
@require_POST
def signup(request: HttpRequest, shift_pk: int) -> HttpResponse:
    shift = get_object_or_404(Shift.objects.select_related("opportunity"), pk=shift_pk)
    try:
        services.signup_create(user=request.user, shift=shift)
        messages.success(request, _("You are signed up. We will remind you the day before."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _detail(request, shift.opportunity, status=409)
    return redirect(shift.opportunity.get_absolute_url())


@login_required
@require_POST
def cancel(request: HttpRequest, signup_pk: int) -> HttpResponse:
    signup_row = get_object_or_404(Signup.objects.select_related("shift__opportunity"),
                                   pk=signup_pk)
    services.signup_cancel(user=request.user, signup=signup_row)
    messages.success(request, _("Your sign-up is cancelled."))
    return redirect(signup_row.shift.opportunity.get_absolute_url())


@login_required
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = selectors.opportunity_get_for_manager(user=request.user, pk=pk)
    shift_form = forms.ShiftForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "shift":
            shift_form = forms.ShiftForm(request.POST)
            if shift_form.is_valid():
                data = shift_form.cleaned_data
                try:
                    services.shift_add(by=request.user, opportunity=opportunity,
                                       starts_at=data["starts_at"], ends_at=data["ends_at"],
                                       capacity=data["capacity"], title=data["title"])
                    messages.success(request, _("Shift added."))
                    return redirect("volunteering:manage", pk=pk)
                except ValidationError as exc:
                    shift_form.add_error(None, " ".join(exc.messages))
            status = 400
        elif action == "attendance":
            row = get_object_or_404(Signup, pk=request.POST.get("signup"),
                                    shift__opportunity=opportunity)
            form = forms.AttendanceForm(request.POST)
            if form.is_valid():
                try:
                    services.attendance_confirm(by=request.user, signup=row,
                                                attended=form.cleaned_data["attended"],
                                                hours=form.cleaned_data["hours"])
                    messages.success(request, _("Attendance saved."))
                    return redirect("volunteering:manage", pk=pk)
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
            else:
                messages.error(request, _("Check the hours."))
            status = 400
    shifts = opportunity.shifts.prefetch_related("signups__user")
    return render(request, "volunteering/manage.html", {
        "opportunity": opportunity, "shifts": shifts, "shift_form": shift_form,
    }, status=status)


@login_required
def my_history(request: HttpRequest) -> HttpResponse:
    signups, total = selectors.history(user=request.user)
    return render(request, "volunteering/history.html", {"signups": signups, "total": total})

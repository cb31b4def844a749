from __future__ import annotations

import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruamkan.accounts import selectors, services
from ruamkan.accounts.forms import AddOfficerForm, CitizenIdForm, DeleteAccountForm, InPersonForm
from ruamkan.accounts.models import (
    CitizenIdentity,
    ConsentRecord,
    DuplicateIdentityAttempt,
    Role,
    RoleAssignment,
    User,
    VerificationLevel,
)
from ruamkan.accounts.pdpa import NOTICE_VERSION
from ruamkan.accounts.pdpa import registry as pdpa_registry
from ruamkan.areas.models import LocalGovernment, Subdistrict

NEXT_STEP = {
    VerificationLevel.UNVERIFIED: "confirm_contact",
    VerificationLevel.CONTACT: "verify_resident",
    VerificationLevel.RESIDENT: "in_person",
    VerificationLevel.IN_PERSON: None,
}


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def me(request):
    user = request.user
    identity = CitizenIdentity.objects.filter(user=user).first()
    notifications = selectors.notifications_for(user=user)
    return render(request, "accounts/me.html", {
        "identity": identity,
        "level": user.verification_level,
        "next_step": NEXT_STEP.get(user.verification_level),
        "role_assignments": selectors.role_assignments_for(user=user),
        "notifications": notifications,
        "unread_count": sum(1 for n in notifications if n.read_at is None),
        "managed_lgs": selectors.local_governments_administered(user=user)[:50],
        "is_official": request.user.has_perm("accounts.view_duplicate_ids"),
    })


@login_required
@require_POST
def notifications_read(request):
    raw = request.POST.get("notification")
    services.notifications_mark_read(
        user=request.user, notification_id=int(raw) if raw and raw.isdigit() else None
    )
    return redirect("accounts:me")


@login_required
def verify(request):
    user = request.user
    identity = CitizenIdentity.objects.filter(user=user).first()
    home = user.home_subdistrict
    province = request.GET.get("province", "")
    district = request.GET.get("district", "")
    if not province and not district and home is not None:
        province, district = home.province_id, home.district_id
    if district and not province:
        province = district[:2]
    if district and not district.startswith(province):
        district = ""  # the province was changed: pick a district again
    areas = selectors.area_choices(province=province, district=district)
    subdistricts = areas["subdistricts"]
    with_id = identity is None
    form = CitizenIdForm(
        request.POST or None, subdistricts=subdistricts, with_id=with_id,
        initial={"subdistrict": home.code if home else "", "village": user.village},
    )
    if request.method == "POST" and form.is_valid():
        subdistrict = Subdistrict.objects.filter(code=form.cleaned_data["subdistrict"]).first()
        try:
            if with_id:
                if not ratelimit.consume(request, action="verify_citizen_id", user=user):
                    raise ValidationError(
                        _("Too many attempts. Please try again in an hour or ask your local "
                          "government office.")
                    )
                services.identity_verify_resident(
                    user=user, citizen_id=form.cleaned_data["citizen_id"],
                    home_subdistrict=subdistrict, village=form.cleaned_data["village"],
                )
            else:
                services.identity_set_home(
                    user=user, home_subdistrict=subdistrict, village=form.cleaned_data["village"]
                )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Thank you. You are now verified as a resident."))
            return redirect("accounts:me")
    return render(request, "accounts/verify.html", {
        "form": form,
        "identity": identity,
        "province": province,
        "district": district,
        **areas,
    })


@login_required
def privacy(request):
    user = request.user
    records = list(ConsentRecord.objects.filter(user=user).order_by("-given_at", "-pk"))
    purposes = []
    for value, label in ConsentRecord.Purpose.choices:
        active = next((r for r in records if r.purpose == value and r.withdrawn_at is None), None)
        purposes.append({
            "value": value, "label": label, "active": active,
            "optional": value in services.OPTIONAL_PURPOSES,
        })
    return render(request, "accounts/privacy.html", {
        "purposes": purposes, "records": records, "notice_version": NOTICE_VERSION,
    })


@login_required
@require_POST
def consent_change(request):
    purpose = request.POST.get("purpose", "")
    action = request.POST.get("action", "")
    try:
        if action == "give":
            services.consent_give(user=request.user, purpose=purpose, channel="web")
            messages.success(request, _("Your consent has been recorded."))
        elif action == "withdraw":
            services.consent_withdraw(user=request.user, purpose=purpose)
            messages.success(request, _("Your consent has been withdrawn."))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accounts:privacy")


@login_required
def export(request):
    data = {
        "exported_at": timezone.now().isoformat(),
        "notice_version": NOTICE_VERSION,
        "data": pdpa_registry.export(request.user),
    }
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ruamkan-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        services.user_erase(user=user, actor=user)
        logout(request)
        messages.success(request, _("Your account has been deleted. Thank you for taking part."))
        return redirect("/")
    return render(request, "accounts/delete.html", {"form": form})


# Officials ----------------------------------------------------------------------------------


@login_required
def duplicate_ids(request):
    if not request.user.has_perm("accounts.view_duplicate_ids"):
        raise PermissionDenied
    if request.method == "POST":
        try:
            attempt = selectors.duplicate_attempt_get_for_official(
                official=request.user, pk=int(request.POST.get("attempt", "0"))
            )
        except (DuplicateIdentityAttempt.DoesNotExist, ValueError):
            raise Http404 from None
        services.duplicate_attempt_review(official=request.user, attempt=attempt)
        messages.success(request, _("Marked as reviewed."))
        return redirect("accounts:duplicate_ids")
    attempts = selectors.duplicate_attempts_for_official(official=request.user)[:200]
    return render(request, "accounts/duplicate_ids.html", {"attempts": attempts})


@login_required
def verify_in_person(request):
    if not request.user.has_perm("accounts.verify_in_person"):
        raise PermissionDenied
    login = (request.GET.get("login") or request.POST.get("login") or "").strip()
    person = selectors.person_find_for_official(official=request.user, login=login) if login else None
    form = InPersonForm(request.POST or None)
    if request.method == "POST":
        if person is None:
            raise Http404
        if form.is_valid():
            try:
                services.identity_verify_in_person(
                    official=request.user, user=person, citizen_id=form.cleaned_data["citizen_id"]
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(
                    request, _("%(name)s is now verified in person.") % {"name": person.internal_name}
                )
                return redirect(f"{request.path}?login={login}")
    return render(request, "accounts/verify_in_person.html", {
        "login": login, "person": person, "form": form,
        "identity": CitizenIdentity.objects.filter(user=person).first() if person else None,
    })


@login_required
def lg_officers(request, code):
    lg = get_object_or_404(LocalGovernment.objects.select_related("province"), code=code)
    if not request.user.has_perm("accounts.manage_officers", lg):
        raise PermissionDenied
    form = AddOfficerForm(request.POST or None)
    if request.method == "POST" and request.POST.get("revoke"):
        assignment = get_object_or_404(
            RoleAssignment, pk=request.POST["revoke"], local_government=lg
        )
        try:
            services.role_revoke(revoked_by=request.user, assignment=assignment)
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("The role has been removed."))
        return redirect("accounts:lg_officers", code=lg.code)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        person = User.objects.filter(
            Q(email__iexact=email) | Q(emailaddress__email__iexact=email), is_erased=False
        ).first()
        if person is None:
            form.add_error("email", _("Nobody has signed up with this e-mail yet. Ask them to "
                                      "sign up first, then add them here."))
        else:
            try:
                services.role_grant(
                    granted_by=request.user, user=person, role=Role.LG_OFFICER,
                    local_government=lg,
                )
            except (PermissionDenied, ValidationError) as exc:
                form.add_error(None, getattr(exc, "messages", [str(exc)]))
            else:
                messages.success(
                    request, _("%(name)s is now an officer.") % {"name": person.internal_name}
                )
                return redirect("accounts:lg_officers", code=lg.code)
    return render(request, "accounts/lg_officers.html", {
        "lg": lg, "form": form,
        "assignments": selectors.officers_of_local_government(local_government=lg),
    })

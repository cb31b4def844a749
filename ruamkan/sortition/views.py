from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruamkan.sortition import selectors, services
from ruamkan.sortition.forms import (
    DEFAULT_CONSENT,
    AnswerForm,
    AssemblyForm,
    CsvUploadForm,
    MeetingForm,
    QuotaForm,
    RecommendationForm,
    RegistrationForm,
    SeedForm,
)
from ruamkan.sortition.models import Member, Quota, Recommendation
from ruamkan.sortition.rules import (
    can_answer_recommendations,
    can_manage_assembly,
    can_see_members,
)
from ruamkan.spaces.rules import can_manage_space
from ruamkan.spaces.selectors import phase_get_for_user, space_get_for_user


def _errors(request, exc: ValidationError) -> None:
    for error in exc.messages:
        messages.error(request, error)


def _form_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _manager_assembly(request, pk):
    assembly = selectors.assembly_get_for_user(user=request.user, pk=pk)
    if not can_manage_assembly(request.user, assembly):
        raise PermissionDenied(_("Only the organisers of this space can do that."))
    return assembly


def phase(request, pk):
    phase = phase_get_for_user(user=request.user, pk=pk)
    return render(request, "sortition/assembly_list.html", {
        "space": phase.space, "phase": phase,
        "assemblies": selectors.assembly_list_for_space(space=phase.space),
        "can_manage": can_manage_space(request.user, phase.space),
    })


@login_required
def assembly_create(request, slug):
    space = space_get_for_user(user=request.user, slug=slug)
    if not can_manage_space(request.user, space):
        raise PermissionDenied(_("You cannot change this space."))
    form = AssemblyForm(request.POST or None, initial={"consent_text": DEFAULT_CONSENT})
    if request.method == "POST" and form.is_valid():
        try:
            assembly = services.assembly_create(by=request.user, space=space, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return redirect(assembly.get_absolute_url())
    return render(request, "sortition/assembly_form.html", {"form": form, "space": space})


def assembly_edit(request, pk):
    assembly = _manager_assembly(request, pk)
    fields = list(AssemblyForm.base_fields)
    form = AssemblyForm(request.POST or None,
                        initial={name: getattr(assembly, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.assembly_update(by=request.user, assembly=assembly, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return redirect(assembly.get_absolute_url())
    return render(request, "sortition/assembly_form.html",
                  {"form": form, "space": assembly.space, "assembly": assembly})


def assembly_detail(request, pk):
    assembly = selectors.assembly_get_for_user(user=request.user, pk=pk)
    user = request.user
    manager = can_manage_assembly(user, assembly)
    features = selectors.features_of(assembly)
    run = selectors.run_published(assembly)
    latest = selectors.run_latest(assembly)
    check = selectors.register_check(user=user, assembly=assembly)
    context = {
        "assembly": assembly, "space": assembly.space, "features": features,
        "can_manage": manager, "can_see_members": can_see_members(user, assembly),
        "can_answer": can_answer_recommendations(user, assembly),
        "run": run, "latest": latest, "register_check": check,
        "my_registration": selectors.registration_of(user=user, assembly=assembly),
        "is_member": selectors.is_member(user=user, assembly=assembly),
        "pool_size": assembly.registrations.count(),
        "meetings": assembly.meetings.all(),
        "recommendations": assembly.recommendations.select_related("meeting"),
        "failed_runs": assembly.runs.filter(status="failed").order_by("-pk"),
    }
    if check.allowed and features:
        context["registration_form"] = RegistrationForm(
            features=features, consent_text=assembly.consent_text or DEFAULT_CONSENT)
    if run is not None:
        hist = selectors.histogram(run.probabilities)
        context["histogram"] = selectors.histogram_svg_bars(hist)
    if context["can_see_members"] and run is not None:
        context["members"] = selectors.member_history(assembly)
    if manager:
        context.update({
            "quota_form": QuotaForm(size=assembly.size), "upload_form": CsvUploadForm(),
            "seed_form": SeedForm(), "meeting_form": MeetingForm(),
            "recommendation_form": RecommendationForm(assembly=assembly),
            "registrations": assembly.registrations.select_related("person")[:500],
        })
    return render(request, "sortition/assembly_detail.html", context)


@require_POST
def quota_add(request, pk):
    assembly = _manager_assembly(request, pk)
    form = QuotaForm(request.POST, size=assembly.size)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.quota_set(by=request.user, assembly=assembly, feature=data["feature"],
                               value=data["value"], minimum=data["minimum"],
                               maximum=data["maximum"])
        except ValidationError as exc:
            _errors(request, exc)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(assembly.get_absolute_url() + "#quotas")


@require_POST
def quota_delete(request, pk, quota_pk):
    assembly = _manager_assembly(request, pk)
    quota = get_object_or_404(Quota, pk=quota_pk, assembly=assembly)
    try:
        services.quota_delete(by=request.user, quota=quota)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(assembly.get_absolute_url() + "#quotas")


def _upload(request, pk, service, done_message):
    assembly = _manager_assembly(request, pk)
    form = CsvUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            count = service(by=request.user, assembly=assembly, text=form.cleaned_data["file"])
        except ValidationError as exc:
            messages.error(request, _("Nothing was imported. Fix these lines and upload again:"))
            _errors(request, exc)
        else:
            messages.success(request, done_message % {"n": count})
    return assembly


@require_POST
def features_upload(request, pk):
    assembly = _upload(request, pk, services.features_import, _("%(n)d quotas imported."))
    return redirect(assembly.get_absolute_url() + "#quotas")


@require_POST
def invitations_upload(request, pk):
    assembly = _upload(request, pk, services.invitations_import,
                       _("%(n)d people added to the pool."))
    return redirect(assembly.get_absolute_url() + "#pool")


@login_required
@require_POST
def register(request, pk):
    assembly = selectors.assembly_get_for_user(user=request.user, pk=pk)
    features = selectors.features_of(assembly)
    form = RegistrationForm(request.POST, features=features,
                            consent_text=assembly.consent_text or DEFAULT_CONSENT)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(assembly.get_absolute_url() + "#register")
    try:
        services.registration_create(person=request.user, assembly=assembly,
                                     values=form.feature_values(),
                                     consent=form.cleaned_data["consent"])
    except (PermissionDenied, ValidationError) as exc:
        for error in getattr(exc, "messages", [str(exc)]):
            messages.error(request, error)
    else:
        messages.success(request, _("Thank you: you are in the pool for the draw."))
    return redirect(assembly.get_absolute_url() + "#register")


@login_required
@require_POST
def withdraw(request, pk):
    assembly = selectors.assembly_get_for_user(user=request.user, pk=pk)
    try:
        if services.registration_withdraw(person=request.user, assembly=assembly):
            messages.success(request, _("You have left the pool; your answers are deleted."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(assembly.get_absolute_url() + "#register")


@require_POST
def seed_publish(request, pk):
    assembly = _manager_assembly(request, pk)
    form = SeedForm(request.POST)
    if form.is_valid():
        try:
            services.seed_publish(by=request.user, assembly=assembly,
                                  seed=form.cleaned_data["seed"])
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The seed is published. You can start the draw."))
    else:
        messages.error(request, _("The seed must be a whole number, 0 or more."))
    return redirect(assembly.get_absolute_url() + "#draw")


@require_POST
def draw(request, pk):
    assembly = _manager_assembly(request, pk)
    try:
        services.selection_start(by=request.user, assembly=assembly)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(assembly.get_absolute_url() + "#draw")


def run_status(request, pk, run_pk):
    """The progress fragment the page polls (htmx, every 2 s) while a draw runs."""
    assembly = selectors.assembly_get_for_user(user=request.user, pk=pk)
    run = assembly.runs.filter(pk=run_pk).first()
    if run is None:
        raise Http404(_("No such draw."))
    response = render(request, "sortition/includes/run_status.html",
                      {"assembly": assembly, "latest": run})
    if not run.is_active and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # show the result (or the error) on the full page
    return response


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def download_pool(request, pk):
    assembly = selectors.assembly_get_for_user(user=request.user, pk=pk)
    pool, _features = selectors.downloads_source(assembly)
    return _csv_response(pool, f"assembly-{assembly.pk}-pool.csv")


def download_features(request, pk):
    assembly = selectors.assembly_get_for_user(user=request.user, pk=pk)
    _pool, features = selectors.downloads_source(assembly)
    return _csv_response(features, f"assembly-{assembly.pk}-features.csv")


@require_POST
def member_decline(request, pk, member_pk):
    assembly = _manager_assembly(request, pk)
    member = get_object_or_404(Member, pk=member_pk, assembly=assembly)
    try:
        replacements = services.member_decline(by=request.user, member=member)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Recorded. Replacement: %(ids)s")
                         % {"ids": ", ".join(m.registration.public_id for m in replacements)})
    return redirect(assembly.get_absolute_url() + "#members")


def meeting_edit(request, pk, meeting_pk=None):
    assembly = _manager_assembly(request, pk)
    meeting = get_object_or_404(assembly.meetings, pk=meeting_pk) if meeting_pk else None
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.meeting_save(by=request.user, assembly=assembly, meeting=meeting,
                              **form.cleaned_data)
        messages.success(request, _("Meeting saved."))
        return redirect(assembly.get_absolute_url() + "#meetings")
    return render(request, "sortition/meeting_form.html",
                  {"form": form, "assembly": assembly, "meeting": meeting})


@require_POST
def recommendation_add(request, pk):
    assembly = _manager_assembly(request, pk)
    form = RecommendationForm(request.POST, assembly=assembly)
    if form.is_valid():
        try:
            services.recommendation_create(by=request.user, assembly=assembly, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(assembly.get_absolute_url() + "#recommendations")


def recommendation_answer(request, pk, rec_pk):
    assembly = selectors.assembly_get_for_user(user=request.user, pk=pk)
    recommendation = get_object_or_404(Recommendation, pk=rec_pk, assembly=assembly)
    if not can_answer_recommendations(request.user, assembly):
        raise PermissionDenied(_("Only officials of the local government that owns this "
                                 "assembly can answer."))
    initial = {"answer": recommendation.answer, "answer_text": recommendation.answer_text}
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_answer(by=request.user, recommendation=recommendation,
                                           answer=form.cleaned_data["answer"],
                                           text=form.cleaned_data["answer_text"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The answer is published."))
            return redirect(assembly.get_absolute_url() + "#recommendations")
    return render(request, "sortition/answer_form.html",
                  {"form": form, "assembly": assembly, "recommendation": recommendation})

"""Pages: report a problem, follow it, the public map and dashboards, the officers' queue."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ruamkan.areas.models import LocalGovernment, Province
from ruamkan.servicerequests import forms, idempotency, locating, selectors, services
from ruamkan.servicerequests.models import CLOSED_STATUSES, Report, ResponseTemplate, Status, Topic
from ruamkan.servicerequests.rules import can_handle_report, is_reporter


def _errors(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


# Citizens -------------------------------------------------------------------------------------

def _over_quota(request: HttpRequest) -> bool:
    """Anyone may report without an account, so reports are capped per address per hour
    (security.md: spam gets 429, not a flood of tickets for officers)."""
    from django.core.cache import cache

    limit = int(getattr(settings, "RUAMKAN_REPORTS_PER_HOUR", 20))
    who = f"user:{request.user.pk}" if request.user.is_authenticated else (
        f"ip:{request.META.get('REMOTE_ADDR', '')}")
    key = f"servicerequests:quota:{who}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > limit


def report_create(request: HttpRequest) -> HttpResponse:
    province = request.GET.get("province") or forms.default_province()
    if request.method != "POST":
        form = forms.ReportForm(province=province, initial={
            "topic": request.GET.get("topic", ""), "lat": request.GET.get("lat"),
            "lon": request.GET.get("lon")})
        return _form_page(request, form)
    form = forms.ReportForm(request.POST, request.FILES, province=province)
    key = request.headers.get("Idempotency-Key") or request.POST.get("idempotency_key") or ""

    def handle() -> HttpResponse:
        if not form.is_valid():
            return _form_page(request, form, status=400)
        if _over_quota(request):
            form.add_error(None, _("Too many reports from here in the last hour. Please try "
                                   "again later or call your local government."))
            return _form_page(request, form, status=429)
        data = form.cleaned_data
        try:
            report = services.report_create(
                topic=data["topic"], description=data["description"], photos=data["photos"],
                lat=data["lat"], lon=data["lon"],
                subdistrict_code=data["subdistrict"].code if data["subdistrict"] else "",
                address=data["address"], reporter=request.user,
                contact_name=data["contact_name"], contact_email=data["contact_email"],
                contact_phone=data["contact_phone"], hide_name=data["hide_name"],
            )
        except (ValidationError, locating.LocationError) as exc:
            field = "photos" if getattr(exc, "code", "") in {
                "too_large", "format", "pixels", "invalid", "photos"} else None
            form.add_error(field, _errors(exc))
            return _form_page(request, form, status=400)
        messages.success(request, _("Thank you. Your report number is %(n)s.") % {
            "n": report.number})
        return redirect(report.get_absolute_url())

    if not key:
        return handle()
    scope = f"web:{request.user.pk}" if request.user.is_authenticated else "web:anonymous"
    return idempotency.run_once(
        scope=scope, key=key, fingerprint_value=idempotency.fingerprint(request), handler=handle,
        conflict=lambda status, message: HttpResponse(
            _("This report is already being sent, or the form was changed after sending. "
              "Reload the page to see your report."), status=status,
            content_type="text/plain; charset=utf-8"),
    )


def _form_page(request: HttpRequest, form: forms.ReportForm, status: int = 200) -> HttpResponse:
    return render(request, "servicerequests/report_form.html", {
        "form": form, "leaflet": settings.LEAFLET_CONFIG,
        "tile_url": settings.RUAMKAN_TILE_URL,
    }, status=status)


def report_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.report_public_qs()
    lg_code = request.GET.get("lg", "")
    province = request.GET.get("province", "")
    status = request.GET.get("status", "")
    topic = request.GET.get("topic", "")
    if lg_code:
        qs = qs.filter(local_government__code=lg_code)
    if province:
        qs = qs.filter(province_id=province)
    if status == "open":
        qs = qs.exclude(status__in=CLOSED_STATUSES)
    elif status == "closed":
        qs = qs.filter(status__in=CLOSED_STATUSES)
    if topic in Topic.values:
        qs = qs.filter(topic=topic)
    page = Paginator(qs.prefetch_related("photos"), 20).get_page(request.GET.get("page"))
    return render(request, "servicerequests/report_list.html", {
        "page": page, "topics": Topic.choices, "status": status, "topic": topic,
        "lg": lg_code, "province": province, "tile_url": settings.RUAMKAN_TILE_URL,
    })


@require_GET
def report_map_data(request: HttpRequest) -> JsonResponse:
    """GeoJSON of recent reports with a point, for the map (progressive enhancement)."""
    qs = selectors.report_public_qs().filter(lat__isnull=False)
    if request.GET.get("lg"):
        qs = qs.filter(local_government__code=request.GET["lg"])
    if request.GET.get("province"):
        qs = qs.filter(province_id=request.GET["province"])
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
         "properties": {"id": r.pk, "url": r.get_absolute_url(), "topic": r.get_topic_display(),
                        "status": r.status, "status_label": r.get_status_display()}}
        for r in qs[:500]
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_public(pk=pk)
    handler = can_handle_report(request.user, report)
    reporter = is_reporter(request.user, report)
    following = False
    if request.user.is_authenticated:
        from django.contrib.contenttypes.models import ContentType

        from ruamkan.spaces.models import Follow

        following = Follow.objects.filter(
            user=request.user, content_type=ContentType.objects.get_for_model(Report),
            object_id=report.pk).exists()
    return render(request, "servicerequests/report_detail.html", {
        "report": report, "events": selectors.report_public_events(report=report),
        "photos": report.photos.all(), "is_handler": handler, "is_reporter": reporter,
        "following": following, "reopen_form": forms.ReopenForm(), "rate_form": forms.RateForm(),
    })


@login_required
@require_POST
def report_follow(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_public(pk=pk)
    now_following = services.report_follow_toggle(user=request.user, report=report)
    messages.success(request, _("You follow this report.") if now_following
                     else _("You no longer follow this report."))
    return redirect(report.get_absolute_url())


@login_required
@require_POST
def report_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_public(pk=pk)
    try:
        services.report_confirm_fixed(by=request.user, report=report)
        messages.success(request, _("Thank you for confirming."))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect(report.get_absolute_url())


@login_required
@require_POST
def report_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_public(pk=pk)
    form = forms.ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.report_reopen(by=request.user, report=report,
                                   reason=form.cleaned_data["reason"])
            messages.success(request, _("The report was reopened."))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
    else:
        messages.error(request, _("Please say what is still wrong."))
    return redirect(report.get_absolute_url())


@login_required
@require_POST
def report_rate(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_public(pk=pk)
    form = forms.RateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give 1 to 5 stars."))
        return redirect(report.get_absolute_url())
    try:
        services.report_rate(by=request.user, report=report, rating=form.cleaned_data["rating"],
                             comment=form.cleaned_data["comment"])
        messages.success(request, _("Thank you for your rating."))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect(report.get_absolute_url())


# Officers -------------------------------------------------------------------------------------

@login_required
def queue(request: HttpRequest) -> HttpResponse:
    bodies = list(selectors.bodies_for_officer(user=request.user).order_by("kind", "name_th")[:200])
    if not bodies:
        raise PermissionDenied(_("Only officers of a local government have a queue."))
    code = request.GET.get("body") or bodies[0].code
    body = selectors.body_for_officer(user=request.user, code=code)
    filters = selectors.QueueFilters(
        status=request.GET.get("status", "open"), topic=request.GET.get("topic", ""),
        overdue=request.GET.get("overdue") == "1", q=request.GET.get("q", ""),
        triage=request.GET.get("triage") == "1",
    )
    qs = selectors.queue(user=request.user, body=body, filters=filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    triage_count = selectors.queue(user=request.user, body=body,
                                   filters=selectors.QueueFilters(triage=True)).count()
    return render(request, "servicerequests/queue.html", {
        "bodies": bodies, "body": body, "filters": filters, "page": page,
        "statuses": Status.choices, "topics": Topic.choices, "triage_count": triage_count,
        "bulk_form": forms.BulkForm(ids=[r.pk for r in page]), "now": timezone.now(),
    })


@login_required
@require_POST
def queue_bulk(request: HttpRequest) -> HttpResponse:
    if not selectors.bodies_for_officer(user=request.user).exists():
        raise PermissionDenied(_("Only officers of a local government have a queue."))
    ids = [int(i) for i in request.POST.getlist("reports") if i.isdigit()]
    form = forms.BulkForm(request.POST, ids=ids)
    back = request.POST.get("next") or reverse("servicerequests:queue")
    if not back.startswith("/"):
        back = reverse("servicerequests:queue")
    if not form.is_valid():
        messages.error(request, _("Choose reports and a status."))
        return redirect(back)
    reports = list(Report.objects.filter(pk__in=form.cleaned_data["reports"]))
    changed, refused = services.report_bulk_update(
        by=request.user, reports=reports, status=form.cleaned_data["status"],
        text=form.cleaned_data["text"])
    messages.success(request, _("%(n)d reports updated.") % {"n": changed})
    for report, why in refused:
        messages.error(request, f"#{report.number}: {why}")
    return redirect(back)


def _manage_context(request: HttpRequest, report: Report, **forms_: Any) -> dict[str, Any]:
    return {
        "report": report,
        "events": report.events.select_related("actor", "from_body", "to_body", "other_report"),
        "photos": report.photos.all(),
        "status_form": forms_.get("status_form") or forms.StatusForm(
            body=report.local_government, prefix="status"),
        "forward_form": forms_.get("forward_form") or forms.ForwardForm(report=report,
                                                                          prefix="forward"),
        "assign_form": forms_.get("assign_form") or forms.AssignForm(report=report,
                                                                       prefix="assign"),
        "merge_form": forms_.get("merge_form") or forms.MergeForm(prefix="merge"),
        "split_form": forms_.get("split_form") or forms.SplitForm(prefix="split"),
        "note_form": forms_.get("note_form") or forms.NoteForm(prefix="note"),
        "templates": ResponseTemplate.objects.filter(local_government=report.local_government)
        if report.local_government_id else [],
    }


@login_required
def report_manage(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_officer(user=request.user, pk=pk)
    if request.method != "POST":
        return render(request, "servicerequests/report_manage.html",
                      _manage_context(request, report))
    action = request.POST.get("action", "")
    bound: dict[str, Any] = {}
    try:
        if action == "status":
            form = forms.StatusForm(request.POST, request.FILES, body=report.local_government,
                                    prefix="status")
            bound["status_form"] = form
            if form.is_valid():
                services.report_update_status(
                    by=request.user, report=report, status=form.cleaned_data["status"],
                    text=form.cleaned_data["text"], photos=form.cleaned_data["photos"],
                    photo_kind=form.cleaned_data["photo_kind"])
                messages.success(request, _("Status updated."))
                return redirect("servicerequests:manage", pk=report.pk)
        elif action == "forward":
            form = forms.ForwardForm(request.POST, report=report, prefix="forward")
            bound["forward_form"] = form
            if form.is_valid():
                services.report_forward(by=request.user, report=report,
                                        to=form.cleaned_data["to"],
                                        reason=form.cleaned_data["reason"])
                messages.success(request, _("Forwarded."))
                if can_handle_report(request.user, Report.objects.get(pk=report.pk)):
                    return redirect("servicerequests:manage", pk=report.pk)
                return redirect(report.get_absolute_url())
        elif action == "assign":
            form = forms.AssignForm(request.POST, report=report, prefix="assign")
            bound["assign_form"] = form
            if form.is_valid():
                services.report_assign(by=request.user, report=report, to=form.cleaned_data["to"])
                messages.success(request, _("Assigned."))
                return redirect("servicerequests:manage", pk=report.pk)
        elif action == "merge":
            form = forms.MergeForm(request.POST, prefix="merge")
            bound["merge_form"] = form
            if form.is_valid():
                into = get_object_or_404(Report, pk=form.cleaned_data["into"])
                services.report_merge(by=request.user, report=report, into=into)
                messages.success(request, _("Merged into #%(n)s.") % {"n": into.number})
                return redirect("servicerequests:manage", pk=report.pk)
        elif action == "split":
            form = forms.SplitForm(request.POST, prefix="split")
            bound["split_form"] = form
            if form.is_valid():
                new = services.report_split(by=request.user, report=report,
                                            topic=form.cleaned_data["topic"],
                                            description=form.cleaned_data["description"])
                messages.success(request, _("Filed as new report #%(n)s.") % {"n": new.number})
                return redirect("servicerequests:manage", pk=report.pk)
        elif action == "note":
            form = forms.NoteForm(request.POST, prefix="note")
            bound["note_form"] = form
            if form.is_valid():
                services.report_note(by=request.user, report=report,
                                     text=form.cleaned_data["text"])
                messages.success(request, _("Note added."))
                return redirect("servicerequests:manage", pk=report.pk)
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    report.refresh_from_db()
    return render(request, "servicerequests/report_manage.html",
                  _manage_context(request, report, **bound), status=400)


@login_required
def templates_manage(request: HttpRequest, code: str) -> HttpResponse:
    body = selectors.body_for_officer(user=request.user, code=code)
    form = forms.TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        template = form.save(commit=False)
        template.local_government = body
        template.save()
        messages.success(request, _("Template saved."))
        return redirect("servicerequests:templates", code=body.code)
    return render(request, "servicerequests/templates.html", {
        "body": body, "form": form, "templates": selectors.templates_for(body=body)})


# Dashboards -----------------------------------------------------------------------------------

def _chart(stats: selectors.Stats) -> dict[str, Any]:
    biggest = max((n for _v, _l, n in stats.by_status), default=0) or 1
    bars = []
    for i, (value, label, n) in enumerate(stats.by_status):
        bars.append({"value": value, "label": label, "n": n, "y": i * 28,
                     "width": round(300 * n / biggest)})
    return {"bars": bars, "height": len(bars) * 28}


def dashboard(request: HttpRequest, code: str = "") -> HttpResponse:
    province_code = request.GET.get("province", "")
    body = None
    if code:
        body = get_object_or_404(LocalGovernment, code=code)
        qs = selectors.report_public_qs().filter(local_government=body)
        title = body.display_name_th
    else:
        province = get_object_or_404(Province, code=province_code or forms.default_province())
        qs = selectors.report_public_qs().filter(province=province)
        title = _("Province of %(name)s") % {"name": province.name_th}
        province_code = province.code
    stats = selectors.stats_for(qs=qs)
    bodies = []
    if body is None:
        bodies = list(LocalGovernment.objects.filter(
            province_id=province_code, service_reports__isnull=False).distinct().order_by("name_th"))
    return render(request, "servicerequests/dashboard.html", {
        "title": title, "body": body, "stats": stats, "chart": _chart(stats),
        "bodies": bodies, "province_code": province_code,
        "map_query": f"lg={body.code}" if body else f"province={province_code}",
        "tile_url": settings.RUAMKAN_TILE_URL,
    })


"""Open311 GeoReport v2 at /open311/v2/ (service-requests.md A1): discovery, services, service
definitions, requests (GET with the spec's filters, POST with an API key), one request (as a
one-element list) and tokens, in JSON and XML by extension. Errors are Open311 error lists.

One endpoint serves every local government: `jurisdiction_id` (a local government code) narrows
answers when given; empty behaves as absent.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from ruamkan.areas.models import LocalGovernment
from ruamkan.servicerequests import idempotency, locating, selectors, services
from ruamkan.servicerequests.lib.xmlout import to_xml
from ruamkan.servicerequests.models import CLOSED_STATUSES, Report, ServiceCategory, Status

SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
MAX_RESULTS = 1000
DEFAULT_WINDOW = dt.timedelta(days=90)
ATTRIBUTE_RE = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def render(fmt: str, root: str, data: Any, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        body = to_xml(root, data)
    else:
        body = json.dumps(data, ensure_ascii=False).encode()
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return render(fmt, "errors", [{"code": status, "description": description}], status)


def _w3c(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _jurisdiction(request: HttpRequest) -> str:
    code = (request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or "").strip()
    if code and not LocalGovernment.objects.filter(code=code).exists():
        raise Open311Error(404, f"Unknown jurisdiction_id: {code}")
    return code


def _handled(view):
    def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return error(fmt, exc.status, exc.description)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


# Discovery and services -----------------------------------------------------------------------

@require_GET
@_handled
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    changed = ServiceCategory.objects.aggregate(n=Max("pk"))["n"] or 0
    changeset = _w3c(timezone.now().replace(hour=0, minute=0, second=0, microsecond=0))
    base = request.build_absolute_uri("/open311/v2/").rstrip("/")
    data = {
        "changeset": changeset,
        "contact": getattr(settings, "DEFAULT_FROM_EMAIL", ""),
        "key_service": request.build_absolute_uri("/open311/v2/") + " (ask the operator: "
                       "manage.py open311_key create NAME)",
        "endpoints": [
            {
                "specification": SPEC_URL,
                "url": base,
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
        "services_version": changed,
    }
    return render(fmt, "discovery", data)


def _service(category: ServiceCategory) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name_th,
        "description": category.description or category.get_topic_display(),
        "metadata": bool(category.attributes.all()),
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.local_government.display_name_th,
    }


@require_GET
@_handled
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    categories = selectors.categories_open311(jurisdiction=_jurisdiction(request))
    return render(fmt, "services", [_service(c) for c in categories])


# Posting clients send the same few service codes all day: each process keeps a category (with
# its questions) for a short while instead of two queries per request. Edits show within the TTL.
CATEGORY_TTL = 30.0
_category_cache: dict[str, tuple[float, ServiceCategory]] = {}


def _category(code: str, jurisdiction: str = "", *, cached: bool = False) -> ServiceCategory:
    now = time.monotonic()
    hit = _category_cache.get(code) if cached else None
    if hit is not None and now - hit[0] < CATEGORY_TTL:
        category = hit[1]
    else:
        category = (ServiceCategory.objects.filter(code=code, is_active=True)
                    .select_related("local_government").prefetch_related("attributes").first())
        if category is not None and cached:
            _category_cache[code] = (now, category)
    if category is None or (jurisdiction and category.local_government.code != jurisdiction):
        raise Open311Error(404, f"Unknown service_code: {code}")
    return category


@require_GET
@_handled
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    category = _category(code, _jurisdiction(request))
    data = {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": a.code,
                "datatype": a.datatype,
                "required": a.required,
                "datatype_description": a.datatype_description,
                "order": a.position,
                "description": a.description,
                "values": [{"key": k, "name": n} for k, n in a.values],
            }
            for a in category.attributes.all()
        ],
    }
    return render(fmt, "service_definition", data)


# Requests -------------------------------------------------------------------------------------

def _media_url(request: HttpRequest, report: Report) -> str:
    photos = list(report.photos.all())
    if not photos:
        return ""
    return request.build_absolute_uri(photos[-1].image.url)


def _status_notes(report: Report) -> str:
    notes = [e.text for e in report.events.all() if not e.is_internal and e.text]
    return notes[-1][:500] if notes else ""


def request_out(request: HttpRequest, report: Report) -> dict[str, Any]:
    category = report.category
    body = report.local_government
    return {
        "service_request_id": str(report.pk),
        "status": report.open311_status,
        "status_notes": _status_notes(report),
        "service_name": category.name_th if category else report.get_topic_display(),
        "service_code": category.code if category else "",
        "description": report.description,
        "agency_responsible": body.display_name_th if body else "",
        "service_notice": str(report.get_status_display()),
        "requested_datetime": _w3c(report.created_at),
        "updated_datetime": _w3c(report.closed_at if report.is_closed and report.closed_at
                                 else report.updated_at),
        "expected_datetime": _w3c(report.close_due),
        "address": report.address,
        "address_id": report.subdistrict_id or "",
        "zipcode": (report.subdistrict.postal_codes.split() or [""])[0]
        if report.subdistrict_id else "",
        "lat": report.lat,
        "long": report.lon,
        "media_url": _media_url(request, report),
    }


def _parse_when(value: str, name: str) -> dt.datetime:
    value = value.strip().replace(" ", "+")  # an unescaped '+' in a query arrives as a space
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is not None:
            parsed = dt.datetime.combine(day, dt.time.min)
    if parsed is None:
        raise Open311Error(400, f"{name} must be a W3C datetime, e.g. 2026-01-01T00:00:00Z")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _request_qs():
    return Report.objects.select_related(
        "category", "local_government", "subdistrict"
    ).prefetch_related("photos", "events")


def _get_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    jurisdiction = _jurisdiction(request)
    qs = _request_qs()
    if jurisdiction:
        qs = qs.filter(Q(local_government__code=jurisdiction) | Q(candidates__code=jurisdiction))
    ids = (request.GET.get("service_request_id") or "").strip()
    if ids:
        wanted = [part.strip() for part in ids.split(",") if part.strip()]
        if not all(part.isdigit() for part in wanted):
            raise Open311Error(400, "service_request_id must be a comma-separated list of ids")
        qs = qs.filter(pk__in=[int(p) for p in wanted])
    else:
        codes = [c.strip() for c in (request.GET.get("service_code") or "").split(",") if c.strip()]
        if codes:
            qs = qs.filter(category__code__in=codes)
        start_raw = (request.GET.get("start_date") or "").strip()
        end_raw = (request.GET.get("end_date") or "").strip()
        end = _parse_when(end_raw, "end_date") if end_raw else timezone.now()
        start = _parse_when(start_raw, "start_date") if start_raw else end - DEFAULT_WINDOW
        if start > end:
            raise Open311Error(400, "start_date is after end_date")
        if end - start > DEFAULT_WINDOW:
            raise Open311Error(400, "start_date and end_date may not span more than 90 days")
        qs = qs.filter(created_at__gte=start, created_at__lte=end)
        statuses = {s.strip() for s in (request.GET.get("status") or "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, "status must be open, closed or both")
        if statuses == {"open"}:
            qs = qs.exclude(status__in=CLOSED_STATUSES)
        elif statuses == {"closed"}:
            qs = qs.filter(status__in=CLOSED_STATUSES)
    # De-facto extension (Extensions.md): page / page_size, within the 1,000 cap.
    try:
        page_size = int(request.GET.get("page_size") or MAX_RESULTS)
        page = int(request.GET.get("page") or 1)
    except ValueError as exc:
        raise Open311Error(400, "page and page_size must be whole numbers") from exc
    if not (1 <= page_size <= MAX_RESULTS and page >= 1):
        raise Open311Error(400, f"page_size must be 1 to {MAX_RESULTS}; page starts at 1")
    start_at = (page - 1) * page_size
    reports = list(qs.distinct().order_by("-created_at", "-pk")[start_at:start_at + page_size])
    return render(fmt, "service_requests", [request_out(request, r) for r in reports])


def _attributes(request: HttpRequest, category: ServiceCategory) -> dict[str, Any]:
    given: dict[str, Any] = {}
    for key in request.POST:
        match = ATTRIBUTE_RE.match(key)
        if not match:
            continue
        code, many = match.group(1), bool(match.group(2))
        values = [v for v in request.POST.getlist(key) if v != ""]
        given[code] = values if many else (values[-1] if values else "")
    answers: dict[str, Any] = {}
    for attribute in category.attributes.all():
        value = given.get(attribute.code)
        if value in (None, "", []):
            if attribute.required:
                raise Open311Error(400, f"attribute[{attribute.code}] is required")
            continue
        keys = {str(k) for k, _name in attribute.values}
        if attribute.datatype == "singlevaluelist":
            if isinstance(value, list):
                value = value[-1]
            if value not in keys:
                raise Open311Error(400, f"attribute[{attribute.code}]: unknown value {value}")
        elif attribute.datatype == "multivaluelist":
            value = value if isinstance(value, list) else [value]
            if any(v not in keys for v in value):
                raise Open311Error(400, f"attribute[{attribute.code}]: unknown value")
        elif attribute.datatype == "number":
            try:
                float(value if not isinstance(value, list) else value[-1])
            except ValueError as exc:
                raise Open311Error(400, f"attribute[{attribute.code}] must be a number") from exc
        answers[attribute.code] = value
    return answers


def _float(request: HttpRequest, name: str) -> float | None:
    raw = (request.POST.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError as exc:
        raise Open311Error(400, f"{name} must be a number") from exc
    if value != value or value in (float("inf"), float("-inf")):
        raise Open311Error(400, f"{name} must be a number")
    return value


def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    key = request.POST.get("api_key") or request.GET.get("api_key") or ""
    client = services.api_client_authenticate(key=key)
    if client is None:
        raise Open311Error(403, "api_key is missing or not valid")

    def handle() -> HttpResponse:
        try:
            return _create(request, fmt, client)
        except Open311Error as exc:
            return error(fmt, exc.status, exc.description)

    idem_key = request.headers.get("Idempotency-Key", "").strip()
    if not idem_key:
        return handle()
    return idempotency.run_once(
        scope=f"open311:{client.pk}", key=idem_key,
        fingerprint_value=idempotency.fingerprint(request, ignore=("api_key",)),
        handler=handle, conflict=lambda status, message: error(fmt, status, message),
        single_transaction=True,  # no uploads on Open311 (media_url only): the work is quick
    )


def _create(request: HttpRequest, fmt: str, client: Any) -> HttpResponse:
    jurisdiction = _jurisdiction(request)
    code = (request.POST.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, "service_code is required")
    category = _category(code, jurisdiction, cached=True)
    lat, lon = _float(request, "lat"), _float(request, "long")
    address_id = (request.POST.get("address_id") or "").strip()
    address = (request.POST.get("address_string") or "").strip()
    if (lat is None) != (lon is None):
        raise Open311Error(400, "lat and long must be given together")
    if lat is None and not address_id:
        if address:
            raise Open311Error(400, "address_string alone cannot be located here; send lat and "
                                    "long, or address_id (the 6-digit subdistrict code)")
        raise Open311Error(400, "A location is required: lat and long, or address_id")
    description = request.POST.get("description") or ""
    if len(description) > 4000:
        raise Open311Error(400, "description is longer than 4,000 characters")
    name = " ".join(p for p in (request.POST.get("first_name", ""),
                                request.POST.get("last_name", "")) if p).strip()
    attributes = _attributes(request, category)
    for extra in ("device_id", "account_id", "media_url"):
        if request.POST.get(extra):
            attributes[f"_{extra}"] = request.POST[extra][:300]
    try:
        report = services.report_create(
            category=category, description=description or category.name_th,
            lat=lat, lon=lon, subdistrict_code=address_id, address=address,
            contact_name=name, contact_email=(request.POST.get("email") or "")[:254],
            contact_phone=request.POST.get("phone") or "", hide_name=True,
            channel=Report.Channel.OPEN311, api_client=client, attributes=attributes,
        )
    except locating.LocationError as exc:
        raise Open311Error(400, str(exc)) from exc
    except ValidationError as exc:
        raise Open311Error(400, " ".join(exc.messages)) from exc
    data = [{
        "service_request_id": str(report.pk),
        "service_notice": str(Status(report.status).label),
        "account_id": request.POST.get("account_id") or "",
    }]
    response = render(fmt, "service_requests", data, status=201)
    response["Location"] = request.build_absolute_uri(f"/open311/v2/requests/{report.pk}.{fmt}")
    return response


@csrf_exempt  # API-key authenticated; no cookies are read on this endpoint.
@require_http_methods(["GET", "POST"])
@_handled
def requests_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post_request(request, fmt)
    return _get_requests(request, fmt)


@require_GET
@_handled
def request_detail(request: HttpRequest, pk: str, fmt: str) -> HttpResponse:
    jurisdiction = _jurisdiction(request)
    report = _request_qs().filter(pk=int(pk)).first() if pk.isdigit() else None
    if report is None or (jurisdiction and report.local_government
                          and report.local_government.code != jurisdiction):
        raise Open311Error(404, f"Unknown service_request_id: {pk}")
    return render(fmt, "service_requests", [request_out(request, report)])


@require_GET
@_handled
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    _jurisdiction(request)
    report = Report.objects.filter(token=token).only("pk", "token").first()
    if report is None:
        raise Open311Error(404, f"Unknown token: {token}")
    return render(fmt, "service_requests",
                  [{"service_request_id": str(report.pk), "token": report.token}])

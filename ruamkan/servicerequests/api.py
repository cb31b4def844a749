"""Reports as JSON under /api/v1/reports/ (Open311 lives at /open311/v2/)."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja.security import django_auth

from ruamkan.api.pagination import MAX_OFFSET
from ruamkan.servicerequests import idempotency, locating, selectors, services
from ruamkan.servicerequests.models import CLOSED_STATUSES, Report
from ruamkan.servicerequests.schemas import ErrorOut, ReportIn, ReportOut

PREFIX = "/reports/"
router = Router(tags=["reports"])


def report_out(report: Report) -> ReportOut:
    return ReportOut(
        id=report.pk, number=report.number, topic=report.topic,
        topic_label=str(report.get_topic_display()), status=report.status,
        status_label=str(report.get_status_display()), open311_status=report.open311_status,
        description=report.description, lat=report.lat, lon=report.lon,
        subdistrict=report.subdistrict_id,
        local_government=report.local_government.code if report.local_government else None,
        candidates=[lg.code for lg in report.candidates.all()],
        created_at=report.created_at, accepted_at=report.accepted_at,
        closed_at=report.closed_at, accept_due=report.accept_due, close_due=report.close_due,
        url=report.get_absolute_url(),
    )


@router.get("", response=list[ReportOut], summary="List reports (public)")
def list_reports(request: HttpRequest, local_government: str | None = None,
                 province: str | None = None, status: str | None = None,
                 topic: str | None = None, limit: int = 50,
                 offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> list[ReportOut]:
    qs = selectors.report_public_qs().prefetch_related("candidates")
    if local_government:
        qs = qs.filter(local_government__code=local_government)
    if province:
        qs = qs.filter(province_id=province)
    if status == "open":
        qs = qs.exclude(status__in=CLOSED_STATUSES)
    elif status == "closed":
        qs = qs.filter(status__in=CLOSED_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if topic:
        qs = qs.filter(topic=topic)
    limit = max(1, min(limit, 200))
    return [report_out(r) for r in qs[offset:offset + limit]]


@router.get("/{report_id}", response={200: ReportOut, 404: ErrorOut})
def get_report(request: HttpRequest, report_id: int) -> ReportOut:
    return report_out(selectors.report_get_public(pk=report_id))


@router.post("", auth=django_auth, response={201: ReportOut, 400: ErrorOut, 409: ErrorOut,
                                             422: ErrorOut},
             summary="File a report (honours the Idempotency-Key header)")
def create_report(request: HttpRequest, payload: ReportIn) -> HttpResponse:
    def handle() -> HttpResponse:
        try:
            report = services.report_create(
                topic=payload.topic, description=payload.description, lat=payload.lat,
                lon=payload.lon, subdistrict_code=payload.subdistrict, address=payload.address,
                reporter=request.user, hide_name=payload.hide_name,
                contact_phone=payload.contact_phone, channel=Report.Channel.API,
            )
        except (ValidationError, locating.LocationError) as exc:
            detail = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            return _json(400, {"detail": detail})
        return _json(201, report_out(report).dict())

    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return handle()
    return idempotency.run_once(
        scope=f"api:{request.user.pk}", key=key,
        fingerprint_value=idempotency.fingerprint(request), handler=handle,
        conflict=lambda status, message: _json(status, {"detail": message}),
        single_transaction=True,  # JSON body, no photos: the work is quick
    )


def _json(status: int, data: dict) -> HttpResponse:
    return HttpResponse(json.dumps(data, ensure_ascii=False, default=str), status=status,
                        content_type="application/json; charset=utf-8")

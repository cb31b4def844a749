"""What service requests hold about a person, for "download my data" and "delete my account"."""

from __future__ import annotations

from typing import Any

from ruamkan.accounts.pdpa import register_eraser, register_exporter
from ruamkan.servicerequests.models import Report, ReportPhoto


def export_reports(user: Any) -> list[dict[str, Any]]:
    return [
        {"id": r.pk, "topic": r.topic, "status": r.status, "description": r.description,
         "lat": r.lat, "lon": r.lon, "address": r.address, "contact_name": r.contact_name,
         "contact_email": r.contact_email, "contact_phone": r.contact_phone,
         "hide_name": r.hide_name, "rating": r.rating, "created_at": r.created_at.isoformat(),
         "photos": [p.image.name for p in r.photos.all() if p.kind == ReportPhoto.Kind.REPORT]}
        for r in Report.objects.filter(reporter=user).prefetch_related("photos")
    ]


def erase_reports(user: Any) -> None:
    # The problem and its handling stay on the public record (others follow them and the counts
    # must stay true); what identifies the reporter goes.
    Report.objects.filter(reporter=user).update(
        reporter=None, contact_name="", contact_email="", contact_phone="", hide_name=True,
        line_user_id="",
    )


register_exporter("service_requests", export_reports)
register_eraser(erase_reports)

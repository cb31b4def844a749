"""One place to record what officials do (called from services, never from signals)."""

from __future__ import annotations

from typing import Any

from django.db import models

from ruamkan.core.models import AuditEvent


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    local_government: Any = None,
    **detail: Any,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        local_government=local_government,
        detail={k: v for k, v in detail.items() if v is not None},
    )

"""What spaces hold about a person, for "download my data" and "delete my account"."""

from __future__ import annotations

from typing import Any

from ruamkan.accounts.pdpa import register_eraser, register_exporter
from ruamkan.spaces.models import Comment, ContentReport, Follow, Notification


def export_spaces(user: Any) -> dict[str, Any]:
    return {
        "comments": [
            {"space": c.space.slug, "body": c.body, "stance": c.stance,
             "created_at": c.created_at.isoformat(), "hidden": c.is_hidden}
            for c in Comment.objects.filter(author=user).select_related("space")
        ],
        "follows": [
            {"type": f.content_type.model, "id": f.object_id}
            for f in Follow.objects.filter(user=user).select_related("content_type")
        ],
        "reports_made": [
            {"type": r.content_type.model, "id": r.object_id, "reason": r.reason,
             "created_at": r.created_at.isoformat()}
            for r in ContentReport.objects.filter(reporter=user).select_related("content_type")
        ],
        "notifications": [
            {"text": n.text, "url": n.url, "created_at": n.created_at.isoformat()}
            for n in Notification.objects.filter(user=user)
        ],
    }


def erase_spaces(user: Any) -> None:
    # Comments stay (threads and counts remain true) but shown as by a former participant;
    # the text is kept because replies answer it. Personal traces that serve only the person go.
    Follow.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()


register_exporter("spaces", export_spaces)
register_eraser(erase_spaces)

"""What co-governance holds about a person, for "download my data" and "delete my account"."""

from __future__ import annotations

from typing import Any

from django.db.models import F

from ruamkan.accounts.pdpa import register_eraser, register_exporter
from ruamkan.deliberation.models import (
    Amendment,
    Forum,
    ForumAttendance,
    ForumRegistration,
    Proposal,
    Support,
)


def export_deliberation(user: Any) -> dict[str, Any]:
    return {
        "proposals": [
            {"id": p.pk, "space": p.space.slug, "title": p.title, "body": p.body,
             "state": p.state, "created_at": p.created_at.isoformat(),
             "lat": p.lat, "lon": p.lon}
            for p in Proposal.objects.filter(author=user).select_related("space")
        ],
        "co_authored": list(user.coauthored_proposals.values_list("pk", flat=True)),
        "supports": [
            {"proposal": s.proposal_id, "created_at": s.created_at.isoformat()}
            for s in Support.objects.filter(user=user)
        ],
        "amendments": [
            {"proposal": a.proposal_id, "title": a.title, "body": a.body, "state": a.state}
            for a in Amendment.objects.filter(author=user)
        ],
        "forum_registrations": list(
            ForumRegistration.objects.filter(user=user).values_list("forum_id", flat=True)
        ),
        "forum_attendance": list(
            ForumAttendance.objects.filter(user=user).values_list("forum_id", flat=True)
        ),
    }


def erase_deliberation(user: Any) -> None:
    # Published proposals and amendments stay (others supported and answered them) and show a
    # former participant as author. Drafts, which nobody else saw, go. Supports go and counts
    # follow; attendance stays as a count, without the link to the person.
    Proposal.objects.filter(author=user, state=Proposal.State.DRAFT).delete()
    for proposal_id in Support.objects.filter(user=user).values_list("proposal_id", flat=True):
        Proposal.objects.filter(pk=proposal_id, support_count__gt=0).update(
            support_count=F("support_count") - 1
        )
    Support.objects.filter(user=user).delete()
    for forum_id in ForumRegistration.objects.filter(user=user).values_list("forum_id", flat=True):
        Forum.objects.filter(pk=forum_id, registered_count__gt=0).update(
            registered_count=F("registered_count") - 1
        )
    ForumRegistration.objects.filter(user=user).delete()
    ForumAttendance.objects.filter(user=user).update(user=None, name="", village="")
    user.coauthored_proposals.clear()


register_exporter("deliberation", export_deliberation)
register_eraser(erase_deliberation)

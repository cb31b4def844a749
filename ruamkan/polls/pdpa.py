"""What polls hold about a person, for "download my data" and "delete my account"."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ruamkan.accounts.pdpa import register_eraser, register_exporter
from ruamkan.polls.models import PollVote


def export_polls(user: Any) -> dict[str, Any]:
    return {
        "poll_votes": [
            {"poll": v.poll_id, "question": v.poll.question, "ballot": v.ballot,
             "reason": v.reason, "updated_at": v.updated_at.isoformat()}
            for v in PollVote.objects.filter(voter=user).select_related("poll").order_by("pk")
        ],
    }


def erase_polls(user: Any) -> None:
    # A vote in a poll still open is withdrawn: the account's citizen ID is forgotten on
    # erasure, so the same person could verify a new account and vote again; withdrawn, they
    # count once. A closed poll's result stays as it was, shown as by a former participant.
    PollVote.objects.filter(voter=user, poll__closes_at__gt=timezone.now()).delete()


register_exporter("polls", export_polls)
register_eraser(erase_polls)

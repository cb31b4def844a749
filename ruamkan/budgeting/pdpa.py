"""What participatory budgeting holds about a person, for "download my data" and "delete my
account"."""

from __future__ import annotations

from typing import Any

from ruamkan.accounts.pdpa import register_eraser, register_exporter
from ruamkan.budgeting.models import Ballot
from ruamkan.budgeting.services import active_phase


def export_budgeting(user: Any) -> dict[str, Any]:
    ballots = (Ballot.objects.filter(voter=user).select_related("budget")
               .prefetch_related("choices__project").order_by("pk"))
    return {
        "ballots": [
            {"budget": b.budget.title, "receipt": b.receipt, "channel": b.channel,
             "submitted_at": b.submitted_at.isoformat(),
             "choices": [{"project": c.project.title, "value": c.value} for c in b.choices.all()]}
            for b in ballots
        ],
    }


def erase_budgeting(user: Any) -> None:
    # While voting is open the ballot is withdrawn (the person may come back with the same
    # citizen ID and vote once). After it closes the ballot stays, so the published count
    # stays true, but loses the ID hash that tied it to the person.
    for ballot in Ballot.objects.filter(voter=user).select_related("budget__space"):
        if active_phase(ballot.budget, "voting") is not None:
            ballot.delete()
        elif ballot.voter_id_hash:
            Ballot.objects.filter(pk=ballot.pk).update(voter_id_hash=None)


register_exporter("budgeting", export_budgeting)
register_eraser(erase_budgeting)

"""Meeting-time poll: yes / if need be / no per time slot.

Best slot: most "yes"; among those, most "yes" + "if need be"; then the earliest slot in the
poll's order. A slot a participant did not answer counts as no answer, not as "no".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _

from .common import BallotError, PollResult, Quorum, check_options, check_quorum, unknown_option


class Availability(StrEnum):
    YES = "yes"
    IF_NEED_BE = "if_need_be"
    NO = "no"


@dataclass(frozen=True)
class SlotCount:
    slot: str
    yes: int
    if_need_be: int
    no: int

    @property
    def can_attend(self) -> int:
        return self.yes + self.if_need_be


@dataclass
class MeetingResult(PollResult):
    slots: list[SlotCount] = field(default_factory=list)
    best: str | None = None


def tally_meeting(
    slots: Sequence[str],
    ballots: Iterable[Mapping[str, str]],
    *,
    closed: bool = True,
    quorum: Quorum | None = None,
) -> MeetingResult:
    check_options(slots)
    counts = {s: dict.fromkeys(Availability, 0) for s in slots}
    participants = 0
    for i, ballot in enumerate(ballots):
        for slot, raw in ballot.items():
            if slot not in counts:
                raise unknown_option(slot, i)
            try:
                answer = Availability(raw)
            except ValueError:
                raise BallotError(
                    _("%(answer)r is not one of yes, if_need_be, no") % {"answer": raw}, ballot=i
                ) from None
            counts[slot][answer] += 1
        participants += 1
    rows = [
        SlotCount(
            s,
            counts[s][Availability.YES],
            counts[s][Availability.IF_NEED_BE],
            counts[s][Availability.NO],
        )
        for s in slots
    ]
    ranked = sorted(range(len(rows)), key=lambda i: (-rows[i].yes, -rows[i].can_attend, i))
    best = rows[ranked[0]].slot if rows[ranked[0]].can_attend > 0 else None
    return MeetingResult(
        closed=closed,
        participants=participants,
        quorum=check_quorum(quorum, participants),
        slots=rows,
        best=best,
    )

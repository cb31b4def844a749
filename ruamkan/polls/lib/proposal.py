"""Proposal / consent: agree, abstain, disagree, block.

Outcome rule (in this order):
1. any block -> ``blocked`` (a block stops the proposal, whatever the counts);
2. quorum set and not met -> ``no_quorum``;
3. agree > threshold x (agree + disagree) -> ``passed`` (abstentions count towards the quorum
   but not the majority; the default threshold 1/2 means more agree than disagree, and a tie
   does not pass);
4. otherwise ``rejected``.
While the poll is open the outcome is provisional (``closed`` is False).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from django.utils.translation import gettext as _

from .common import BallotError, PollResult, Quorum, check_quorum


class Stance(StrEnum):
    AGREE = "agree"
    ABSTAIN = "abstain"
    DISAGREE = "disagree"
    BLOCK = "block"


class Outcome(StrEnum):
    PASSED = "passed"
    REJECTED = "rejected"
    BLOCKED = "blocked"
    NO_QUORUM = "no_quorum"


@dataclass
class ProposalResult(PollResult):
    counts: dict[Stance, int] = field(default_factory=dict)
    outcome: Outcome = Outcome.REJECTED

    @property
    def blocks(self) -> int:
        return self.counts[Stance.BLOCK]


def tally_proposal(
    stances: Iterable[str],
    *,
    closed: bool = True,
    quorum: Quorum | None = None,
    threshold: Fraction = Fraction(1, 2),
) -> ProposalResult:
    counts = dict.fromkeys(Stance, 0)
    participants = 0
    for i, raw in enumerate(stances):
        try:
            stance = Stance(raw)
        except ValueError:
            raise BallotError(
                _("%(stance)r is not one of agree, abstain, disagree, block") % {"stance": raw},
                ballot=i,
            ) from None
        counts[stance] += 1
        participants += 1
    quorum_result = check_quorum(quorum, participants)
    if counts[Stance.BLOCK]:
        outcome = Outcome.BLOCKED
    elif quorum_result is not None and not quorum_result.met:
        outcome = Outcome.NO_QUORUM
    elif counts[Stance.AGREE] > threshold * (counts[Stance.AGREE] + counts[Stance.DISAGREE]):
        outcome = Outcome.PASSED
    else:
        outcome = Outcome.REJECTED
    return ProposalResult(
        closed=closed,
        participants=participants,
        quorum=quorum_result,
        counts=counts,
        outcome=outcome,
    )

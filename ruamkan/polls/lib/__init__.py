"""Pure tallies for decision polls (no ORM): proposal/consent, choice, score, dot vote,
ranked choice (instant runoff and STV) and meeting-time polls. Every result carries ``closed``
(views hide results until the poll closes) and the quorum check."""

from .choice import (
    ChoiceResult,
    DotResult,
    ScoreResult,
    tally_dot_vote,
    tally_multiple_choice,
    tally_score,
    tally_single_choice,
)
from .common import BallotError, PollResult, Quorum, QuorumResult, check_quorum
from .meeting import Availability, MeetingResult, SlotCount, tally_meeting
from .proposal import Outcome, ProposalResult, Stance, tally_proposal
from .ranked import IRVResult, Round, STVResult, instant_runoff, single_transferable_vote

__all__ = [
    "Availability",
    "BallotError",
    "ChoiceResult",
    "DotResult",
    "IRVResult",
    "MeetingResult",
    "Outcome",
    "PollResult",
    "ProposalResult",
    "Quorum",
    "QuorumResult",
    "Round",
    "STVResult",
    "ScoreResult",
    "SlotCount",
    "Stance",
    "check_quorum",
    "instant_runoff",
    "single_transferable_vote",
    "tally_dot_vote",
    "tally_meeting",
    "tally_multiple_choice",
    "tally_proposal",
    "tally_score",
    "tally_single_choice",
]

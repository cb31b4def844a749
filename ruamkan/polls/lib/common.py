"""Shared pieces of every poll tally: ballot validation errors, quorum, the result base."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _


class BallotError(ValueError):
    """A ballot does not fit the poll (unknown option, too many dots, a rank twice...)."""

    def __init__(self, message: str, *, ballot: int | None = None) -> None:
        self.ballot = ballot
        self.message = message
        text = (
            _("ballot %(n)d: %(message)s") % {"n": ballot + 1, "message": message}
            if ballot is not None
            else message
        )
        super().__init__(text)


@dataclass(frozen=True)
class Quorum:
    """Quorum rule: at least ``count`` participants and at least ``share`` of ``eligible``."""

    count: int = 0
    share: float = 0.0
    eligible: int | None = None

    def required(self) -> int:
        by_share = math.ceil(self.share * self.eligible - 1e-9) if self.eligible else 0
        return max(self.count, by_share)


@dataclass(frozen=True)
class QuorumResult:
    required: int
    participants: int

    @property
    def met(self) -> bool:
        return self.participants >= self.required


def check_quorum(quorum: Quorum | None, participants: int) -> QuorumResult | None:
    if quorum is None:
        return None
    return QuorumResult(required=quorum.required(), participants=participants)


@dataclass
class PollResult:
    """Every tally carries these. ``closed`` lets views hide results until the poll closes."""

    closed: bool
    participants: int
    quorum: QuorumResult | None

    @property
    def quorum_met(self) -> bool:
        return self.quorum is None or self.quorum.met


def check_options(options: Sequence[str]) -> None:
    if not options:
        raise BallotError(_("the poll has no options"))
    if len(set(options)) != len(options):
        raise BallotError(_("the options must be distinct"))


def unknown_option(option: object, ballot: int) -> BallotError:
    return BallotError(
        _("%(option)r is not an option of this poll") % {"option": option}, ballot=ballot
    )

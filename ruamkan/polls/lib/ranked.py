"""Ranked choice: instant-runoff voting (one winner) and STV (several seats), round by round.

Ballots list options in order of preference; a ballot may rank only some options (it is
"exhausted" once every option it ranks is out). A ballot ranking nobody counts as a participant
but not as a valid vote.

Instant runoff: each round counts every ballot for its highest-ranked option still in the race.
An option with more than half of the votes that are not exhausted wins; otherwise the option
with the fewest votes is eliminated. With one option left, it wins.

STV: Droop quota = floor(valid ballots / (seats + 1)) + 1. Surpluses are transferred by the
weighted inclusive Gregory method (as in Scottish local elections): *all* ballots held by an
elected candidate move on to their next continuing preference, each at its current value
multiplied by surplus / candidate's total. We compute with exact fractions (no truncation to
five decimals as the Scottish rules do), so results are exact and do not depend on the order
of ballots. Each stage either elects everyone at or above the quota, transfers one surplus
(largest first), or eliminates the lowest candidate; surpluses are transferred before any
elimination. When the continuing candidates are no more than the seats left, they are all
elected.

Ties (deterministic, recorded in the round's ``tie_break``): to eliminate, the tied option with
fewer votes in the most recent earlier round in which they differed goes out ("backwards"
tie-breaking); if they were equal in every round, the option listed *last* in the poll goes
out. To order candidates elected in the same stage the same rule is used the other way round.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from .common import BallotError, PollResult, Quorum, check_options, check_quorum, unknown_option


@dataclass(frozen=True)
class Round:
    number: int
    votes: dict[str, Fraction]  # options still in the race (STV: and those elected), poll order
    exhausted: Fraction
    elected: list[str] = field(default_factory=list)
    eliminated: list[str] = field(default_factory=list)
    surplus_from: str | None = None
    transfer_value: Fraction | None = None
    tie_break: str | None = None


@dataclass
class IRVResult(PollResult):
    options: list[str] = field(default_factory=list)
    valid_ballots: int = 0
    rounds: list[Round] = field(default_factory=list)
    winner: str | None = None


@dataclass
class STVResult(PollResult):
    options: list[str] = field(default_factory=list)
    seats: int = 1
    valid_ballots: int = 0
    quota: int = 0
    rounds: list[Round] = field(default_factory=list)
    elected: list[str] = field(default_factory=list)  # in order of election


def _validate(
    options: Sequence[str], ballots: Iterable[Sequence[str]]
) -> tuple[Counter[tuple[str, ...]], int]:
    check_options(options)
    known = set(options)
    groups: Counter[tuple[str, ...]] = Counter()
    participants = 0
    for i, ballot in enumerate(ballots):
        ranking = tuple(ballot)
        for option in ranking:
            if option not in known:
                raise unknown_option(option, i)
        if len(set(ranking)) != len(ranking):
            raise BallotError(_("an option is ranked twice"), ballot=i)
        participants += 1
        if ranking:
            groups[ranking] += 1
    return groups, participants


def _order(
    tied: list[str], history: list[dict[str, Fraction]], options: Sequence[str], *, lowest: bool
) -> tuple[list[str], str | None]:
    """Tied options ordered from the one to eliminate first (lowest=True) or elect first."""
    if len(tied) == 1:
        return tied, None
    position = {o: i for i, o in enumerate(options)}

    def key(option: str) -> tuple[object, ...]:
        past = tuple(h.get(option, Fraction(0)) for h in reversed(history))
        if lowest:
            return (past, -position[option])
        return (tuple(-v for v in past), position[option])

    ordered = sorted(tied, key=key)
    decided_by_history = any(len({h.get(o) for o in tied}) > 1 for h in history)
    note = _("tie between %(names)s broken by %(rule)s") % {
        "names": ", ".join(sorted(tied, key=position.__getitem__)),
        "rule": _("earlier rounds")
        if decided_by_history
        else _("the order of options in the poll"),
    }
    return ordered, note


def _order_by_votes(
    candidates: list[str],
    votes: dict[str, Fraction],
    history: list[dict[str, Fraction]],
    options: Sequence[str],
) -> tuple[list[str], str | None]:
    """Highest votes first; equal votes ordered by the tie rule (for electing)."""
    ordered: list[str] = []
    note: str | None = None
    for level in sorted({votes[o] for o in candidates}, reverse=True):
        tied, n = _order(
            [o for o in candidates if votes[o] == level], history, options, lowest=False
        )
        ordered += tied
        note = note or n
    return ordered, note


def instant_runoff(
    options: Sequence[str],
    ballots: Iterable[Sequence[str]],
    *,
    closed: bool = True,
    quorum: Quorum | None = None,
) -> IRVResult:
    groups, participants = _validate(options, ballots)
    continuing = list(options)
    rounds: list[Round] = []
    history: list[dict[str, Fraction]] = []
    winner: str | None = None
    while True:
        votes = {o: Fraction(0) for o in continuing}
        exhausted = Fraction(0)
        alive = set(continuing)
        for ranking, n in groups.items():
            top = next((o for o in ranking if o in alive), None)
            if top is None:
                exhausted += n
            else:
                votes[top] += n
        active = sum(votes.values(), Fraction(0))
        number = len(rounds) + 1
        leader = max(votes.values(), default=Fraction(0))
        if active and (leader * 2 > active or len(continuing) == 1):
            leaders, note = _order(
                [o for o in continuing if votes[o] == leader], history, options, lowest=False
            )
            winner = leaders[0]
            rounds.append(Round(number, votes, exhausted, elected=[winner], tie_break=note))
            break
        if not active:
            rounds.append(Round(number, votes, exhausted))
            break
        low = min(votes.values())
        ordered, note = _order(
            [o for o in continuing if votes[o] == low], history, options, lowest=True
        )
        loser = ordered[0]
        rounds.append(Round(number, votes, exhausted, eliminated=[loser], tie_break=note))
        history.append(votes)
        continuing.remove(loser)
    return IRVResult(
        closed=closed,
        participants=participants,
        quorum=check_quorum(quorum, participants),
        options=list(options),
        valid_ballots=sum(groups.values()),
        rounds=rounds,
        winner=winner,
    )


@dataclass
class _Parcel:
    ranking: tuple[str, ...]
    papers: int
    value: Fraction  # value of each paper

    @property
    def votes(self) -> Fraction:
        return self.value * self.papers


def single_transferable_vote(
    options: Sequence[str],
    ballots: Iterable[Sequence[str]],
    *,
    seats: int,
    closed: bool = True,
    quorum: Quorum | None = None,
) -> STVResult:
    if seats < 1:
        raise BallotError(_("there must be at least one seat"))
    groups, participants = _validate(options, ballots)
    valid = sum(groups.values())
    quota = valid // (seats + 1) + 1
    hopeful = list(options)
    elected: list[str] = []
    piles: dict[str, list[_Parcel]] = {o: [] for o in options}
    held: dict[str, Fraction] = {}  # elected candidates whose surplus has been transferred
    pending: list[str] = []  # elected, surplus not transferred yet
    exhausted = Fraction(0)

    def place(parcel: _Parcel) -> None:
        nonlocal exhausted
        alive = set(hopeful)
        target = next((o for o in parcel.ranking if o in alive), None)
        if target is None:
            exhausted += parcel.votes
        else:
            piles[target].append(parcel)

    for ranking, n in sorted(groups.items()):
        place(_Parcel(ranking, n, Fraction(1)))

    rounds: list[Round] = []
    history: list[dict[str, Fraction]] = []

    def totals() -> dict[str, Fraction]:
        shown = set(hopeful) | set(elected)
        return {
            o: held[o] if o in held else sum((p.votes for p in piles[o]), Fraction(0))
            for o in options
            if o in shown
        }

    def record(votes: dict[str, Fraction], **action: Any) -> None:
        """One stage: the votes at its start and what it did."""
        rounds.append(Round(len(rounds) + 1, votes, exhausted, **action))
        history.append(votes)

    while len(elected) < seats and valid:
        votes = totals()
        reached = [o for o in hopeful if votes[o] >= quota]
        if reached:
            ordered, note = _order_by_votes(reached, votes, history, options)
            record(votes, elected=ordered, tie_break=note)
            for o in ordered:
                hopeful.remove(o)
                elected.append(o)
                pending.append(o)
            continue
        if len(hopeful) <= seats - len(elected):
            ordered, note = _order_by_votes(hopeful, votes, history, options)
            record(votes, elected=ordered, tie_break=note)
            elected += ordered
            hopeful.clear()
            break
        if pending:
            largest = max(votes[o] for o in pending)
            source = next(o for o in pending if votes[o] == largest)
            pending.remove(source)
            surplus = votes[source] - quota
            held[source] = Fraction(quota) if surplus > 0 else votes[source]
            moving, piles[source] = piles[source], []
            if surplus > 0:
                factor = surplus / votes[source]
                record(votes, surplus_from=source, transfer_value=factor)
                for parcel in moving:
                    place(_Parcel(parcel.ranking, parcel.papers, parcel.value * factor))
            continue
        low = min(votes[o] for o in hopeful)
        ordered, note = _order(
            [o for o in hopeful if votes[o] == low], history, options, lowest=True
        )
        loser = ordered[0]
        record(votes, eliminated=[loser], tie_break=note)
        hopeful.remove(loser)
        moving, piles[loser] = piles[loser], []
        for parcel in moving:
            place(parcel)
    return STVResult(
        closed=closed,
        participants=participants,
        quorum=check_quorum(quorum, participants),
        options=list(options),
        seats=seats,
        valid_ballots=valid,
        quota=quota,
        rounds=rounds,
        elected=elected,
    )

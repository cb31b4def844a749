"""Single choice, multiple choice, dot vote and score polls.

Winners are every option with the top total (a tie gives several winners; these polls do not
break ties, the group decides). Options keep the order in which the poll lists them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _

from .common import BallotError, PollResult, Quorum, check_options, check_quorum, unknown_option


@dataclass
class ChoiceResult(PollResult):
    options: list[str] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    winners: list[str] = field(default_factory=list)

    def share(self, option: str) -> float:
        """Share of participants who chose ``option`` (dot votes: share of all dots)."""
        denominator = self.participants if not isinstance(self, DotResult) else self.dots_cast
        return self.totals[option] / denominator if denominator else 0.0


@dataclass
class DotResult(ChoiceResult):
    dots_cast: int = 0


def _winners(options: Sequence[str], totals: Mapping[str, int | Fraction]) -> list[str]:
    top = max(totals.values(), default=0)
    return [o for o in options if top > 0 and totals[o] == top]


def tally_single_choice(
    options: Sequence[str],
    ballots: Iterable[str],
    *,
    closed: bool = True,
    quorum: Quorum | None = None,
) -> ChoiceResult:
    check_options(options)
    totals = dict.fromkeys(options, 0)
    participants = 0
    for i, choice in enumerate(ballots):
        if choice not in totals:
            raise unknown_option(choice, i)
        totals[choice] += 1
        participants += 1
    return ChoiceResult(
        closed=closed,
        participants=participants,
        quorum=check_quorum(quorum, participants),
        options=list(options),
        totals=totals,
        winners=_winners(options, totals),
    )


def tally_multiple_choice(
    options: Sequence[str],
    ballots: Iterable[Iterable[str]],
    *,
    min_choices: int = 1,
    max_choices: int | None = None,
    closed: bool = True,
    quorum: Quorum | None = None,
) -> ChoiceResult:
    check_options(options)
    totals = dict.fromkeys(options, 0)
    participants = 0
    most = len(options) if max_choices is None else max_choices
    for i, ballot in enumerate(ballots):
        chosen = list(ballot)
        if len(set(chosen)) != len(chosen):
            raise BallotError(_("an option is chosen twice"), ballot=i)
        if not min_choices <= len(chosen) <= most:
            raise BallotError(
                _("choose between %(lo)d and %(hi)d options, not %(n)d")
                % {"lo": min_choices, "hi": most, "n": len(chosen)},
                ballot=i,
            )
        for choice in chosen:
            if choice not in totals:
                raise unknown_option(choice, i)
            totals[choice] += 1
        participants += 1
    return ChoiceResult(
        closed=closed,
        participants=participants,
        quorum=check_quorum(quorum, participants),
        options=list(options),
        totals=totals,
        winners=_winners(options, totals),
    )


def tally_dot_vote(
    options: Sequence[str],
    ballots: Iterable[Mapping[str, int]],
    *,
    dots: int,
    closed: bool = True,
    quorum: Quorum | None = None,
) -> DotResult:
    """Each participant spreads up to ``dots`` dots over the options (several on one is fine)."""
    check_options(options)
    totals = dict.fromkeys(options, 0)
    participants = 0
    cast = 0
    for i, ballot in enumerate(ballots):
        used = 0
        for option, n in ballot.items():
            if option not in totals:
                raise unknown_option(option, i)
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                raise BallotError(_("dots must be whole numbers, 0 or more"), ballot=i)
            used += n
        if used > dots:
            raise BallotError(
                _("%(used)d dots used but each person has %(dots)d") % {"used": used, "dots": dots},
                ballot=i,
            )
        for option, n in ballot.items():
            totals[option] += n
        cast += used
        participants += 1
    return DotResult(
        closed=closed,
        participants=participants,
        quorum=check_quorum(quorum, participants),
        options=list(options),
        totals=totals,
        winners=_winners(options, totals),
        dots_cast=cast,
    )


@dataclass
class ScoreResult(PollResult):
    options: list[str] = field(default_factory=list)
    max_score: int = 0
    # distribution[option][s] = how many people gave score s (0..max_score)
    distribution: dict[str, list[int]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    means: dict[str, float | None] = field(default_factory=dict)  # None: nobody scored it
    winners: list[str] = field(default_factory=list)  # highest mean (exact comparison)


def tally_score(
    options: Sequence[str],
    ballots: Iterable[Mapping[str, int]],
    *,
    max_score: int,
    closed: bool = True,
    quorum: Quorum | None = None,
) -> ScoreResult:
    """Each participant scores options 0..max_score; an option left unscored is not a 0."""
    check_options(options)
    distribution = {o: [0] * (max_score + 1) for o in options}
    participants = 0
    for i, ballot in enumerate(ballots):
        for option, score in ballot.items():
            if option not in distribution:
                raise unknown_option(option, i)
            if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= max_score:
                raise BallotError(
                    _("scores go from 0 to %(max)d, not %(score)r")
                    % {"max": max_score, "score": score},
                    ballot=i,
                )
            distribution[option][score] += 1
        participants += 1
    totals = {o: sum(s * n for s, n in enumerate(d)) for o, d in distribution.items()}
    exact = {o: Fraction(totals[o], sum(d)) for o, d in distribution.items() if sum(d)}
    top = max(exact.values(), default=None)
    return ScoreResult(
        closed=closed,
        participants=participants,
        quorum=check_quorum(quorum, participants),
        options=list(options),
        max_score=max_score,
        distribution=distribution,
        totals=totals,
        means={o: float(exact[o]) if o in exact else None for o in options},
        winners=[o for o in options if top is not None and exact.get(o) == top],
    )

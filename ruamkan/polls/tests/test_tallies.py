"""Proposal, choice, score, dot and meeting polls: worked examples and validation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ruamkan.polls.lib import (
    BallotError,
    Outcome,
    Quorum,
    Stance,
    instant_runoff,
    tally_dot_vote,
    tally_meeting,
    tally_multiple_choice,
    tally_proposal,
    tally_score,
    tally_single_choice,
)


def test_consent_passes_with_more_agree_than_disagree_abstentions_aside():
    result = tally_proposal(["agree"] * 5 + ["abstain"] * 4 + ["disagree"] * 3, closed=False)
    assert result.counts == {
        Stance.AGREE: 5,
        Stance.ABSTAIN: 4,
        Stance.DISAGREE: 3,
        Stance.BLOCK: 0,
    }
    assert result.outcome == Outcome.PASSED
    assert result.closed is False and result.participants == 12


def test_a_single_block_stops_the_proposal():
    result = tally_proposal(["agree"] * 20 + ["block"])
    assert result.outcome == Outcome.BLOCKED and result.blocks == 1


def test_tie_does_not_pass_and_quorum_is_checked():
    assert tally_proposal(["agree", "disagree"]).outcome == Outcome.REJECTED
    low = tally_proposal(["agree"] * 3, quorum=Quorum(share=0.5, eligible=10))
    assert low.outcome == Outcome.NO_QUORUM
    assert (low.quorum.required, low.quorum.participants, low.quorum.met) == (5, 3, False)
    ok = tally_proposal(["agree"] * 3 + ["abstain"] * 2, quorum=Quorum(share=0.5, eligible=10))
    assert ok.outcome == Outcome.PASSED and ok.quorum_met


def test_unknown_stance_names_the_ballot():
    with pytest.raises(BallotError, match="ballot 2: 'maybe' is not one of"):
        tally_proposal(["agree", "maybe"])


def test_single_choice_counts_ties_and_unknown_options():
    result = tally_single_choice(
        ["park", "library", "market"], ["park", "library", "park", "library"]
    )
    assert result.totals == {"park": 2, "library": 2, "market": 0}
    assert result.winners == ["park", "library"]
    assert result.share("park") == 0.5
    with pytest.raises(BallotError, match="ballot 1: 'pool' is not an option"):
        tally_single_choice(["park"], ["pool"])


def test_multiple_choice_respects_limits():
    result = tally_multiple_choice(
        ["a", "b", "c"], [["a", "b"], ["b"], ["b", "c"]], min_choices=1, max_choices=2
    )
    assert result.totals == {"a": 1, "b": 3, "c": 1} and result.winners == ["b"]
    assert result.share("b") == 1.0
    with pytest.raises(BallotError, match="choose between 1 and 2 options, not 3"):
        tally_multiple_choice(["a", "b", "c"], [["a", "b", "c"]], max_choices=2)
    with pytest.raises(BallotError, match="chosen twice"):
        tally_multiple_choice(["a", "b"], [["a", "a"]])


def test_score_means_and_distribution_leave_unscored_options_out():
    result = tally_score(["x", "y"], [{"x": 5, "y": 1}, {"x": 3}, {"x": 4, "y": 5}], max_score=5)
    assert result.distribution["x"] == [0, 0, 0, 1, 1, 1]
    assert result.means == {"x": 4.0, "y": 3.0}
    assert result.winners == ["x"]
    with pytest.raises(BallotError, match="scores go from 0 to 5, not 6"):
        tally_score(["x"], [{"x": 6}], max_score=5)


def test_dot_vote_totals_and_budget():
    result = tally_dot_vote(["a", "b", "c"], [{"a": 3, "b": 2}, {"c": 5}, {"a": 1}], dots=5)
    assert result.totals == {"a": 4, "b": 2, "c": 5}
    assert result.dots_cast == 11 and result.winners == ["c"]
    assert result.share("c") == pytest.approx(5 / 11)
    with pytest.raises(BallotError, match="6 dots used but each person has 5"):
        tally_dot_vote(["a", "b"], [{"a": 4, "b": 2}], dots=5)


def test_meeting_poll_prefers_yes_then_if_need_be_then_the_earlier_slot():
    slots = ["mon 18:00", "tue 18:00", "wed 09:00"]
    ballots = [
        {"mon 18:00": "yes", "tue 18:00": "yes", "wed 09:00": "no"},
        {"mon 18:00": "no", "tue 18:00": "if_need_be", "wed 09:00": "yes"},
        {"mon 18:00": "if_need_be", "tue 18:00": "no", "wed 09:00": "yes"},
    ]
    result = tally_meeting(slots, ballots)
    # mon: 1 yes + 1 if need be; tue: 1 + 1; wed: 2 yes -> wed
    assert result.best == "wed 09:00"
    assert [(s.yes, s.if_need_be, s.no) for s in result.slots] == [(1, 1, 1), (1, 1, 1), (2, 0, 1)]
    tie = tally_meeting(slots[:2], [{"mon 18:00": "yes", "tue 18:00": "yes"}])
    assert tie.best == "mon 18:00"  # equal: the earlier slot
    with pytest.raises(BallotError, match="'sometimes' is not one of"):
        tally_meeting(slots, [{"mon 18:00": "sometimes"}])


def test_ranked_ballot_validation():
    with pytest.raises(BallotError, match="ranked twice"):
        instant_runoff(["a", "b"], [["a", "a"]])
    blank = instant_runoff(["a", "b"], [[], ["b"]])
    assert blank.participants == 2 and blank.valid_ballots == 1 and blank.winner == "b"


@settings(database=None)
@given(st.lists(st.dictionaries(st.sampled_from("abc"), st.integers(0, 3)), max_size=30))
def test_dot_totals_add_up(ballots):
    ballots = [b for b in ballots if sum(b.values()) <= 5]
    result = tally_dot_vote(["a", "b", "c"], ballots, dots=5)
    assert sum(result.totals.values()) == result.dots_cast
    assert result.participants == len(ballots)

"""Instant runoff and STV: hand-checked elections, then properties over random ballots."""

from __future__ import annotations

import random
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ruamkan.polls.lib import instant_runoff, single_transferable_vote, tally_single_choice

CITIES = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]
TENNESSEE = (
    [["Memphis", "Nashville", "Chattanooga", "Knoxville"]] * 42
    + [["Nashville", "Chattanooga", "Knoxville", "Memphis"]] * 26
    + [["Chattanooga", "Knoxville", "Nashville", "Memphis"]] * 15
    + [["Knoxville", "Chattanooga", "Nashville", "Memphis"]] * 17
)


def test_tennessee_capital_plurality_winner_loses_the_runoff():
    # The classic example (Wikipedia, "Instant-runoff voting"): Memphis leads on first
    # preferences, Knoxville wins after Chattanooga and Nashville are eliminated.
    plurality = tally_single_choice(CITIES, [b[0] for b in TENNESSEE])
    assert plurality.winners == ["Memphis"]
    result = instant_runoff(CITIES, TENNESSEE)
    assert result.winner == "Knoxville"
    r1, r2, r3 = result.rounds
    assert r1.votes == {"Memphis": 42, "Nashville": 26, "Chattanooga": 15, "Knoxville": 17}
    assert r1.eliminated == ["Chattanooga"]
    assert r2.votes == {"Memphis": 42, "Nashville": 26, "Knoxville": 32}
    assert r2.eliminated == ["Nashville"]
    assert r3.votes == {"Memphis": 42, "Knoxville": 58}
    assert r3.elected == ["Knoxville"]
    assert result.valid_ballots == result.participants == 100


def test_majority_on_first_preferences_wins_in_round_one():
    result = instant_runoff(["A", "B", "C"], [["A"]] * 6 + [["B", "C"]] * 3 + [["C"]] * 2)
    assert result.winner == "A" and len(result.rounds) == 1


def test_tie_for_last_broken_by_earlier_rounds_and_exhausted_ballots_counted():
    ballots = [["A"]] * 7 + [["B"]] * 4 + [["C"]] * 3 + [["D", "C"]]
    result = instant_runoff(["A", "B", "C", "D"], ballots)
    assert result.rounds[0].eliminated == ["D"]
    assert result.rounds[1].votes == {"A": 7, "B": 4, "C": 4}
    # B and C tie at 4; C had fewer in round 1, so C goes
    assert result.rounds[1].eliminated == ["C"]
    assert result.rounds[1].tie_break == "tie between B, C broken by earlier rounds"
    assert result.rounds[2].exhausted == 4
    assert result.winner == "A"


def test_tie_never_broken_by_history_eliminates_the_option_listed_last():
    result = instant_runoff(["A", "B", "C"], [["A"]] * 2 + [["B"]] * 2 + [["C"]] * 3)
    assert result.rounds[0].eliminated == ["B"]
    assert "order of options" in result.rounds[0].tie_break
    assert result.winner == "C"


def test_stv_food_election_with_weighted_inclusive_gregory():
    # Wikipedia, "Single transferable vote": 20 voters, 3 seats, Droop quota 6.
    options = ["Oranges", "Pears", "Chocolate", "Strawberries", "Hamburgers"]
    ballots = (
        [["Oranges"]] * 4
        + [["Pears", "Oranges"]] * 2
        + [["Chocolate", "Strawberries"]] * 8
        + [["Chocolate", "Hamburgers"]] * 4
        + [["Strawberries"]]
        + [["Hamburgers"]]
    )
    result = single_transferable_vote(options, ballots, seats=3)
    assert result.quota == 6
    assert result.elected == ["Chocolate", "Oranges", "Strawberries"]
    stages = result.rounds
    assert stages[0].elected == ["Chocolate"]
    assert stages[1].surplus_from == "Chocolate" and stages[1].transfer_value == Fraction(1, 2)
    # 8 papers at 1/2 to Strawberries, 4 at 1/2 to Hamburgers
    assert stages[2].votes == {
        "Oranges": 4, "Pears": 2, "Chocolate": 6, "Strawberries": 5, "Hamburgers": 3,
    }  # fmt: skip
    assert stages[2].eliminated == ["Pears"]
    assert stages[3].votes["Oranges"] == 6 and stages[3].elected == ["Oranges"]
    assert stages[4].eliminated == ["Hamburgers"]
    assert stages[5].elected == ["Strawberries"]
    assert stages[5].exhausted == 3  # 4 papers at 1/2 plus the lone Hamburgers ballot


def test_stv_fractional_surplus_is_exact():
    # 10 ballots, 2 seats, quota 4: A has 7, surplus 3 moves at 3/7 per paper
    ballots = [["A", "B"]] * 5 + [["A", "C"]] * 2 + [["C"]] * 2 + [["B"]]
    result = single_transferable_vote(["A", "B", "C"], ballots, seats=2)
    transfer = next(r for r in result.rounds if r.surplus_from == "A")
    assert transfer.transfer_value == Fraction(3, 7)
    after = result.rounds[transfer.number]  # the stage after the transfer
    assert after.votes["B"] == 1 + Fraction(15, 7)
    assert after.votes["C"] == 2 + Fraction(6, 7)
    assert result.elected == ["A", "B"]


rankings = st.lists(
    st.permutations(["A", "B", "C", "D", "E"]).flatmap(
        lambda p: st.integers(min_value=0, max_value=5).map(lambda k: list(p[:k]))
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=150, deadline=None, database=None)
@given(rankings)
def test_irv_rounds_conserve_ballots_and_the_winner_has_a_majority(ballots):
    result = instant_runoff(["A", "B", "C", "D", "E"], ballots)
    valid = sum(1 for b in ballots if b)
    for r in result.rounds:
        assert sum(r.votes.values()) + r.exhausted == valid
    if result.winner is not None:
        last = result.rounds[-1]
        active = sum(last.votes.values())
        assert last.votes[result.winner] * 2 > active or len(last.votes) == 1
    first = {o: sum(1 for b in ballots if b and b[0] == o) for o in "ABCDE"}
    majority = [o for o, n in first.items() if n * 2 > valid]
    if majority:
        assert result.winner == majority[0]


@settings(max_examples=100, deadline=None, database=None)
@given(rankings, st.integers(min_value=1, max_value=4), st.randoms(use_true_random=False))
def test_stv_conserves_votes_fills_the_seats_and_ignores_ballot_order(ballots, seats, rnd):
    options = ["A", "B", "C", "D", "E"]
    result = single_transferable_vote(options, ballots, seats=seats)
    valid = sum(1 for b in ballots if b)
    for r in result.rounds:
        assert sum(r.votes.values()) + r.exhausted == valid
    if valid:
        assert len(result.elected) == seats == len(set(result.elected))
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert single_transferable_vote(options, shuffled, seats=seats).elected == result.elected


@settings(max_examples=100, deadline=None, database=None)
@given(st.lists(st.permutations(["A", "B", "C", "D"]), min_size=1, max_size=30))
def test_stv_for_one_seat_is_instant_runoff_when_every_ballot_ranks_everyone(ballots):
    options = ["A", "B", "C", "D"]
    assert single_transferable_vote(options, ballots, seats=1).elected == [
        instant_runoff(options, ballots).winner
    ]


def test_irv_result_does_not_depend_on_ballot_order():
    shuffled = list(TENNESSEE)
    random.Random(4).shuffle(shuffled)
    assert instant_runoff(CITIES, shuffled).rounds == instant_runoff(CITIES, TENNESSEE).rounds

"""The Polis pipeline on small synthetic conversations whose answers are known."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from ruamkan.opinions.lib.analysis import Options, analyse, build_matrix, clusterable, project
from ruamkan.opinions.lib.polis_io import Vote


def two_camps(n_per_camp: int = 30, n_statements: int = 20, seed: int = 7) -> list[Vote]:
    """Camp A agrees with the first half of the statements and disagrees with the rest; camp B
    the opposite; 10% of answers flipped to pass, 20% left unseen. Statement 99 everyone agrees
    with. Participants 0.. are camp A, 1000.. camp B."""
    rng = random.Random(seed)
    votes = []
    t = 0
    for camp, offset in ((1, 0), (-1, 1000)):
        for i in range(n_per_camp):
            pid = offset + i
            for s in range(n_statements):
                if rng.random() < 0.2 and s > 8:
                    continue
                value = camp if s < n_statements // 2 else -camp
                if rng.random() < 0.1:
                    value = 0
                t += 1
                votes.append(Vote(pid, s, value, t))
            t += 1
            votes.append(Vote(pid, 99, 1, t))
    return votes


def test_two_camps_are_found_exactly() -> None:
    result = analyse(two_camps())
    assert result.group_count == 2
    groups = result.groups
    camp_a = {groups[p] for p in groups if p < 1000}
    camp_b = {groups[p] for p in groups if p >= 1000}
    assert len(camp_a) == 1 and len(camp_b) == 1 and camp_a != camp_b
    assert len(groups) == 60


def test_same_seed_same_answer() -> None:
    votes = two_camps(seed=3)
    first, second = analyse(votes, seed=5), analyse(list(reversed(votes)), seed=5)
    assert first.groups == second.groups
    assert first.representative == second.representative
    assert np.allclose(first.projections, second.projections)


def test_last_vote_wins_in_the_matrix() -> None:
    votes = [Vote(1, 1, 1, 10), Vote(1, 1, -1, 20), Vote(2, 1, 0, 15), Vote(1, 2, 1, 5)]
    matrix = build_matrix(list(reversed(votes)))
    assert matrix.participant_ids == [1, 2]  # order of first vote
    assert matrix.values[0, 0] == -1
    assert matrix.values[1, 0] == 0
    assert math.isnan(matrix.values[1, 1])


def test_participants_need_seven_votes_or_every_statement() -> None:
    votes = two_camps()
    votes += [Vote(5000, s, 1, 10_000 + s) for s in range(6)]  # 6 of 21 statements
    result = analyse(votes)
    assert 5000 not in result.groups
    assert 5000 in result.matrix.participant_ids

    # With only 5 statements, voting on all 5 is enough; 4 is not.
    few = [Vote(p, s, 1 if p % 2 else -1, p * 10 + s) for p in range(20) for s in range(5)]
    few += [Vote(99, s, 1, 10_000 + s) for s in range(4)]
    mask = clusterable(build_matrix(few))
    ids = build_matrix(few).participant_ids
    assert mask[ids.index(0)] and not mask[ids.index(99)]


def test_fewer_than_fifteen_take_the_most_active() -> None:
    votes = [Vote(p, s, 1, p * 100 + s) for p in range(10) for s in range(p + 1)]
    mask = clusterable(build_matrix(votes), Options())
    assert mask.all()  # all 10 (fewer than 15), although most have < 7 votes


def test_projection_scaled_for_statements_seen() -> None:
    data = np.array([[1.0, np.nan, np.nan, np.nan], [1.0, 1.0, 1.0, 1.0]])
    center = np.zeros(4)
    comps = np.array([[1.0, 0, 0, 0], [0, 1.0, 0, 0]])
    proj = project(data, center, comps)
    assert proj[0, 0] == pytest.approx(2.0)  # sqrt(4 / 1)
    assert proj[1, 0] == pytest.approx(1.0)


def test_repness_consensus_and_priority_follow_the_formulas() -> None:
    votes = two_camps()
    result = analyse(votes)
    values = result.matrix.values
    sids = result.matrix.statement_ids
    labels = result.labels
    g = result.groups[0]  # camp A's group
    rep = result.repness[g][0]
    j = sids.index(rep.statement_id)
    col = values[:, j]
    in_g = (labels == g) & ~np.isnan(col)
    rest = (labels >= 0) & (labels != g) & ~np.isnan(col)
    target = 1 if rep.direction == "agree" else -1
    n_s, n_t = (col[in_g] == target).sum(), in_g.sum()
    o_s, o_t = (col[rest] == target).sum(), rest.sum()
    p = (n_s + 1) / (n_t + 2)
    ra = p / ((o_s + 1) / (o_t + 2))
    pat = 2 * math.sqrt(n_t + 1) * ((n_s + 1) / (n_t + 1) - 0.5)
    p1, p2 = (n_s + 1) / (n_t + 1), (o_s + 1) / (o_t + 1)
    pooled = (n_s + o_s + 2) / (n_t + o_t + 2)
    rat = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / (n_t + 1) + 1 / (o_t + 1)))
    assert rep.p_success == pytest.approx(p)
    assert rep.repness == pytest.approx(ra)
    assert rep.p_test == pytest.approx(pat)
    assert rep.repness_test == pytest.approx(rat)
    assert rep.metric == pytest.approx(ra * rat * p * pat)
    assert rat > 1.2816 and pat > 1.2816
    for g_reps in result.repness.values():
        assert 1 <= len(g_reps) <= 5
        assert 99 not in [r.statement_id for r in g_reps]  # nobody differs on it

    # Everyone agrees with 99: it is consensus, and its score is the product over groups.
    assert result.consensus[0] == 99
    j99 = sids.index(99)
    expected = 1.0
    for group in range(result.group_count):
        seen = (labels == group) & ~np.isnan(values[:, j99])
        expected *= ((values[seen, j99] == 1).sum() + 1) / (seen.sum() + 2)
    assert result.consensus_agree[99] == pytest.approx(expected)

    col = values[:, j99]
    n = (~np.isnan(col)).sum()
    pa, pp = ((col == 1).sum() + 1) / (n + 2), ((col == 0).sum() + 1) / (n + 2)
    ext = result.extremity[99]
    assert result.priority[99] == pytest.approx(
        (pa * (1 - pp) * (1 + ext) * (1 + 8 * 2 ** (-n / 5))) ** 2
    )


def test_new_statements_are_routed_first() -> None:
    votes = two_camps()
    votes += [Vote(0, 500, 1, 10**6), Vote(1000, 500, 1, 10**6 + 1)]
    result = analyse(votes)
    assert max(result.priority, key=lambda s: result.priority[s]) == 500


def test_moderated_out_statements_are_left_out() -> None:
    result = analyse(two_camps(), moderated_out=[0, 99])
    assert result.group_count == 2
    for reps in result.repness.values():
        assert not {0, 99} & {r.statement_id for r in reps}
    assert 99 not in result.consensus and 0 not in result.consensus
    assert result.priority[0] == 0 and result.priority[99] == 0


@pytest.mark.parametrize("votes", [[], [Vote(1, 1, 1, 0)], [Vote(1, 1, 1, 0), Vote(2, 1, -1, 1)]])
def test_tiny_conversations_do_not_break(votes: list[Vote]) -> None:
    result = analyse(votes)
    n_people = len({v.participant_id for v in votes})
    assert result.group_count == n_people  # 0, 1, or two opposite people in two groups
    assert set(result.groups) == {v.participant_id for v in votes}
    if result.group_count < 2:
        assert result.repness == {}


def test_two_unanimous_camps_make_two_groups() -> None:
    # Only two distinct opinion profiles: still two groups (Polis clusters 2 base clusters).
    votes = [Vote(p, s, 1 if (p < 12) == (s % 2 == 0) else -1, 0)
             for p in range(24) for s in range(9)]
    result = analyse(votes)
    assert result.group_count == 2
    assert len({result.groups[p] for p in range(12)}) == 1
    assert result.groups[0] != result.groups[23]

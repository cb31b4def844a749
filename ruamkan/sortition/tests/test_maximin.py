"""Fair selection: optimal against two oracles, quotas always hold, the lottery is reproducible."""

from __future__ import annotations

import itertools
import logging

import numpy as np
import pytest
from scipy.optimize import linprog

from ruamkan.sortition.lib import (
    Features,
    Pool,
    Quota,
    build_types,
    draw_panel,
    find_maximin,
    select_panel,
)
from ruamkan.sortition.lib.gen import make_features, make_pool
from ruamkan.sortition.lib.selection import count_quotas


def _brute_force_maximin(pool: Pool, features: Features, size: int) -> float:
    """Maximin LP over *every* quota-feasible panel of people (only for tiny pools)."""
    pos = {name: i for i, name in enumerate(features.names)}
    panels = []
    for combo in itertools.combinations(range(len(pool)), size):
        ok = all(
            q.min <= sum(1 for i in combo if pool.values[i][pos[q.feature]] == q.value) <= q.max
            for q in features.all_quotas()
        )
        if ok:
            panels.append(combo)
    covered = sorted({i for p in panels for i in p})
    # variables: one per panel, then z; maximise z
    n = len(panels)
    a_ub = np.zeros((len(covered), n + 1))
    for j, p in enumerate(panels):
        for i in p:
            a_ub[covered.index(i), j] = -1.0
    a_ub[:, n] = 1.0
    res = linprog(
        c=[0.0] * n + [-1.0],
        A_ub=a_ub,
        b_ub=np.zeros(len(covered)),
        A_eq=[[1.0] * n + [0.0]],
        b_eq=[1.0],
        bounds=[(0, None)] * (n + 1),
        method="highs",
    )
    return float(-res.fun)


def _tiny() -> tuple[Pool, Features]:
    values = [
        ("f", "young", "north"), ("f", "young", "south"), ("f", "old", "north"),
        ("m", "young", "north"), ("m", "old", "north"), ("m", "old", "north"),
        ("m", "old", "south"), ("m", "old", "south"), ("f", "old", "south"), ("m", "young", "south"),
        ("m", "old", "north"), ("m", "old", "north"),
    ]  # fmt: skip
    pool = Pool(["g", "a", "r"], [f"x{i}" for i in range(len(values))], values, list(range(2, 14)))
    features = Features()
    for feature, value, lo, hi in [
        ("g", "f", 2, 3), ("g", "m", 2, 3), ("a", "young", 2, 3), ("a", "old", 2, 3),
        ("r", "north", 1, 3), ("r", "south", 2, 4),
    ]:  # fmt: skip
        features.quotas.setdefault(feature, {})[value] = Quota(feature, value, lo, hi)
    return pool, features


def test_equals_brute_force_optimum_on_a_tiny_pool():
    pool, features = _tiny()
    optimum = _brute_force_maximin(pool, features, 5)
    result = select_panel(pool, features, 5, seed=3)
    assert result.spread()["min"] == pytest.approx(optimum, abs=1e-7)
    # probabilities are marginals of a distribution over panels of 5
    assert sum(result.probabilities.values()) == pytest.approx(5.0, abs=1e-7)


@pytest.mark.parametrize(
    ("people", "size", "n_features", "pool_seed"),
    [(60, 10, 3, 1), (100, 10, 4, 7), (150, 10, 4, 3)],
)
def test_lowest_probability_at_least_the_librarys_maximin(people, size, n_features, pool_seed):
    pytest.importorskip("sortition_algorithms")
    logging.getLogger("sortition_algorithms").setLevel(logging.WARNING)
    pool = make_pool(people, seed=pool_seed, features=n_features)
    features = make_features(size, features=n_features)
    ours = select_panel(pool, features, size, seed=11)
    library = select_panel(pool, features, size, seed=11, algorithm="library-maximin")
    assert ours.spread()["min"] >= library.spread()["min"] - 1e-6
    assert ours.quotas_met and library.quotas_met
    # nobody the library can place is left out by us, and vice versa
    assert ours.never_selectable == library.never_selectable


def test_quotas_hold_and_probabilities_add_up_over_many_pools_and_seeds():
    for pool_seed in range(6):
        pool = make_pool(120, seed=pool_seed, features=4)
        features = make_features(12, features=4)
        result = select_panel(pool, features, 12, seed=pool_seed * 101)
        assert len(result.panel) == 12 == len(set(result.panel))
        assert all(q.met for q in count_quotas(pool, features, result.panel))
        assert sum(result.probabilities.values()) == pytest.approx(12.0, abs=1e-6)
        spread = result.spread()
        assert 0 < spread["min"] <= spread["median"] <= spread["max"] <= 1 + 1e-9
        assert sum(p for _profile, p in result.distribution) == pytest.approx(1.0)


def test_same_seed_same_panel_and_seeds_vary_the_panel():
    pool = make_pool(200, seed=5)
    features = make_features(20)
    first = select_panel(pool, features, 20, seed=2026)
    again = select_panel(pool, features, 20, seed=2026)
    assert first.panel == again.panel
    assert first.distribution == again.distribution
    types = build_types(pool, features)
    profiles = [list(p) for p, _pr in first.distribution]
    probs = [pr for _p, pr in first.distribution]
    _j, chosen = draw_panel(profiles, probs, types.members, 2026)
    assert sorted(pool.ids[i] for i in chosen) == first.panel  # the documented procedure
    panels = {tuple(draw_panel(profiles, probs, types.members, s)[1]) for s in range(5)}
    assert len(panels) > 1


def test_panel_does_not_depend_on_the_order_of_rows_in_the_people_file():
    pool = make_pool(150, seed=9)
    features = make_features(15)
    order = list(reversed(range(len(pool))))
    shuffled = Pool(
        pool.feature_names,
        [pool.ids[i] for i in order],
        [pool.values[i] for i in order],
        [pool.lines[i] for i in order],
    )
    assert (
        select_panel(pool, features, 15, seed=4).panel
        == select_panel(shuffled, features, 15, seed=4).panel
    )


def test_lottery_frequencies_match_the_published_probabilities():
    pool = make_pool(80, seed=2, features=3)
    features = make_features(8, features=3)
    types = build_types(pool, features)
    dist = find_maximin(types, features, 8)
    draws = 3000
    hits = np.zeros(len(pool))
    for seed in range(draws):
        _j, chosen = draw_panel(dist.profiles, dist.probabilities, types.members, seed)
        hits[chosen] += 1
    expected = np.zeros(len(pool))
    for t, members in enumerate(types.members):
        expected[members] = dist.type_probability[t]
    # binomial standard error is at most 0.5/sqrt(3000) ≈ 0.009; allow 5 of them
    assert np.max(np.abs(hits / draws - expected)) < 0.05


def test_progress_is_reported_from_zero_to_one():
    seen: list[tuple[float, str]] = []
    pool = make_pool(300, seed=1)
    select_panel(pool, make_features(30), 30, seed=1, progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _m in seen]
    assert fractions[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in fractions)
    assert all(isinstance(m, str) and m for _f, m in seen)


def test_people_in_no_feasible_panel_are_reported():
    pool, features = _tiny()
    # an extra person whose type every panel must exclude: region "east" has max 0
    features.quotas["r"]["east"] = Quota("r", "east", 0, 0)
    pool.ids.append("lonely")
    pool.values.append(("f", "young", "east"))
    pool.lines.append(14)
    result = select_panel(pool, features, 5, seed=1)
    assert result.never_selectable == ["lonely"]
    assert result.probabilities["lonely"] == 0.0
    assert "lonely" not in result.panel

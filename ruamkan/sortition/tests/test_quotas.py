"""Infeasible quotas are reported by name, with the reason."""

from __future__ import annotations

import pytest

from ruamkan.sortition.lib import (
    QuotaError,
    build_types,
    check_quotas,
    parse_features,
    parse_people,
)


def _pool(rows: list[tuple[str, str]]) -> str:
    return "id,gender,age\n" + "".join(f"p{i},{g},{a}\n" for i, (g, a) in enumerate(rows))


def _check(features_text: str, people_text: str, size: int) -> QuotaError:
    features = parse_features(features_text)
    pool = parse_people(people_text, features)
    with pytest.raises(QuotaError) as info:
        check_quotas(build_types(pool, features), features, size)
    return info.value


def test_a_minimum_the_pool_cannot_reach_is_named_with_the_counts():
    people = _pool([("female", "young")] * 18 + [("male", "old")] * 60)
    error = _check(
        "feature,value,min,max\ngender,female,25,30\ngender,male,20,25\nage,young,0,50\nage,old,0,50\n",
        people,
        50,
    )
    assert (
        str(error.problems[0])
        == "gender=female needs at least 25 but only 18 people in the pool have it"
    )
    assert (error.problems[0].feature, error.problems[0].value) == ("gender", "female")


def test_minimums_adding_up_to_more_than_the_panel():
    people = _pool([("female", "young"), ("male", "old")] * 10)
    error = _check(
        "feature,value,min,max\ngender,female,4,6\ngender,male,4,6\nage,young,0,10\nage,old,0,10\n",
        people,
        6,
    )
    assert "the minimums for gender add up to 8, more than the panel size 6" in str(error)


def test_maximums_too_small_for_the_panel():
    people = _pool([("female", "young"), ("male", "old")] * 10)
    error = _check(
        "feature,value,min,max\ngender,female,0,2\ngender,male,0,2\nage,young,0,10\nage,old,0,10\n",
        people,
        6,
    )
    assert "the maximums for gender" in str(error) and "at most 4" in str(error)


def test_panel_larger_than_pool():
    people = _pool([("female", "young")] * 3)
    error = _check(
        "feature,value,min,max\ngender,female,0,9\ngender,male,0,9\nage,young,0,9\nage,old,0,9\n",
        people,
        5,
    )
    assert "needs 5 people but only 3 are available" in str(error)


def test_combination_only_the_solver_can_see_is_named():
    # Every woman is young and every man old. Each quota alone can be met, but at least 3 women
    # means at least 3 young people, while young allows at most 2.
    people = _pool([("female", "young")] * 10 + [("male", "old")] * 10)
    error = _check(
        "feature,value,min,max\ngender,female,3,5\ngender,male,1,5\nage,young,0,2\nage,old,0,6\n",
        people,
        6,
    )
    text = str(error)
    assert "infeasible combination found by the solver" in text
    named = {(p.feature, p.value) for p in error.problems}
    assert named & {("gender", "female"), ("age", "young")}

"""Replacing people who decline keeps every quota and is reproducible from the seed."""

from __future__ import annotations

import pytest

from ruamkan.sortition.lib import QuotaError, choose_replacements, select_panel
from ruamkan.sortition.lib.gen import make_features, make_pool
from ruamkan.sortition.lib.selection import count_quotas


@pytest.fixture
def selection():
    pool = make_pool(300, seed=8)
    features = make_features(30)
    return pool, features, select_panel(pool, features, 30, seed=77)


def test_replacements_keep_the_quotas_and_are_reproducible(selection):
    pool, features, result = selection
    declined = result.panel[::4]
    kept = [p for p in result.panel if p not in declined]
    new = choose_replacements(pool, features, kept=kept, declined=declined, seed=5)
    assert len(new) == len(declined)
    assert not set(new) & set(result.panel)
    assert all(q.met for q in count_quotas(pool, features, kept + new))
    assert new == choose_replacements(pool, features, kept=kept, declined=declined, seed=5)


def test_replacements_are_like_for_like_when_the_pool_allows(selection):
    pool, features, result = selection
    index = pool.index()
    outside = [v for pid, v in zip(pool.ids, pool.values, strict=True) if pid not in result.panel]
    # three panel members of different types that still have people left in the pool
    declined: list[str] = []
    for pid in result.panel:
        value = pool.values[index[pid]]
        if outside.count(value) >= 1 and value not in [pool.values[index[d]] for d in declined]:
            declined.append(pid)
    declined = declined[:3]
    assert len(declined) == 3
    kept = [p for p in result.panel if p not in declined]
    new = choose_replacements(pool, features, kept=kept, declined=declined, seed=1)
    assert sorted(pool.values[index[p]] for p in new) == sorted(
        pool.values[index[p]] for p in declined
    )


def test_people_already_asked_are_not_asked_again(selection):
    pool, features, result = selection
    declined, kept = result.panel[:2], result.panel[2:]
    first = choose_replacements(pool, features, kept=kept, declined=declined, seed=3)
    second = choose_replacements(
        pool, features, kept=kept, declined=declined, excluded=first, seed=3
    )
    assert not set(first) & set(second)


def test_impossible_replacement_names_the_quota():
    from ruamkan.sortition.lib import Features, Pool, Quota

    values = [("female",)] * 3 + [("male",)] * 6
    pool = Pool(["gender"], [f"p{i}" for i in range(9)], values, list(range(2, 11)))
    features = Features()
    features.quotas["gender"] = {
        "female": Quota("gender", "female", 2, 3),
        "male": Quota("gender", "male", 2, 3),
    }
    # panel p0,p1 (women) + p3,p4 (men); both women decline and only one woman is left
    with pytest.raises(QuotaError) as info:
        choose_replacements(pool, features, kept=["p3", "p4"], declined=["p0", "p1"], seed=1)
    assert "gender=female needs at least 2 but the members kept have 0 and only 1 more" in str(
        info.value
    )

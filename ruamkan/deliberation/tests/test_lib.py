"""The pure parts: result-tree progress and Thai similarity."""

import pytest

from ruamkan.deliberation.lib.progress import tree_progress
from ruamkan.deliberation.lib.similarity import jaccard, tokens


def test_parent_progress_is_the_weighted_average_of_its_children_at_every_level():
    rows = [
        (1, None, 99, 1),  # a parent's own stored value is ignored
        (2, 1, 0, 1),
        (3, 1, 0, 3),
        (4, 3, 100, 1),
        (5, 3, 50, 1),
        (6, None, 40, 1),
        (7, 6, 10, 0),  # weight 0: does not count, so the parent has no weighted children
    ]
    got = tree_progress(rows)
    assert got[3] == pytest.approx(75.0)
    assert got[1] == pytest.approx((0 * 1 + 75 * 3) / 4)
    assert got[6] == 0.0
    assert got[4] == 100.0


def test_broken_cycle_does_not_loop():
    got = tree_progress([(1, 2, 30, 1), (2, 1, 60, 1)])
    assert set(got) == {1, 2}


def test_thai_tokens_find_shared_words_without_spaces():
    a = tokens("ขอติดไฟส่องสว่างหน้าโรงเรียนบ้านบางนาค")
    b = tokens("ไฟส่องสว่างที่โรงเรียนบางนาคเสีย")
    c = tokens("ซ่อมถนนเลียบชายหาด")
    assert {"ส่องสว่าง", "โรงเรียน"} <= a & b
    assert jaccard(a, b) > jaccard(a, c) == 0.0
    assert "ที่" not in b  # stop words carry no subject

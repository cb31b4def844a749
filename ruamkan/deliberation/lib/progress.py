"""Progress of a result tree: leaves carry their own %, a parent is the weighted average of its
children (Decidim accountability). Pure: works on plain tuples, no ORM."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def tree_progress(rows: Iterable[tuple[int, int | None, int, int]]) -> dict[int, float]:
    """rows: (id, parent_id, progress, weight). Returns id -> progress (0..100) for every node.

    A child with weight 0 does not count; a parent whose children all weigh 0 keeps 0.
    Cycles cannot come from the database (parent is set once, checked in the service), but a
    broken row is treated as a leaf rather than looping.
    """
    rows = list(rows)
    children: dict[int | None, list[int]] = defaultdict(list)
    own: dict[int, tuple[int, int]] = {}
    for pk, parent, progress, weight in rows:
        own[pk] = (progress, weight)
        children[parent].append(pk)
    result: dict[int, float] = {}

    def compute(pk: int, seen: frozenset[int]) -> float:
        if pk in result:
            return result[pk]
        kids = [k for k in children.get(pk, []) if k not in seen]
        if not kids:
            value = float(min(100, max(0, own[pk][0])))
        else:
            total = sum(own[k][1] for k in kids)
            value = (
                sum(compute(k, seen | {pk}) * own[k][1] for k in kids) / total if total else 0.0
            )
        result[pk] = value
        return value

    for pk in own:
        compute(pk, frozenset())
    return result

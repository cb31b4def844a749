"""The public lottery: draw one panel from a distribution, reproducibly from a published seed.

Procedure (anyone with the pool, the distribution and the seed can repeat it; numpy >= 1.17):
1. ``rng = numpy.random.Generator(numpy.random.PCG64(seed))``.
2. Profiles are in canonical order (sorted as tuples of counts per type, types in canonical
   order: see model.build_types). ``u = rng.random()``; the profile drawn is the first whose
   cumulative probability exceeds ``u`` times the total.
3. For each type in canonical order with n_t > 0: its members sorted by person id,
   ``perm = rng.permutation(len(members))``, and the members at positions ``perm[:n_t]`` sit on
   the panel.
Replacements for people who decline use the same generator, seeded again from the seed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

import highspy
import numpy as np
from django.utils.translation import gettext as _

from .data import Features, Pool, Problem, QuotaError
from .model import PanelMip, build_types, check_quotas


def rng_for(seed: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(seed))


def draw_index(probabilities: Sequence[float], rng: np.random.Generator) -> int:
    cumulative = list(accumulate(probabilities))
    u = float(rng.random()) * cumulative[-1]
    return min(bisect_right(cumulative, u), len(cumulative) - 1)


def members_for_profile(
    profile: Sequence[int], members: Sequence[Sequence[int]], rng: np.random.Generator
) -> list[int]:
    chosen: list[int] = []
    for count, people in zip(profile, members, strict=True):
        if count:
            perm = rng.permutation(len(people))
            chosen.extend(people[int(i)] for i in perm[:count])
    return chosen


def draw_panel(
    profiles: Sequence[Sequence[int]],
    probabilities: Sequence[float],
    members: Sequence[Sequence[int]],
    seed: int,
) -> tuple[int, list[int]]:
    """Index of the profile drawn and the pool indices of the panel."""
    rng = rng_for(seed)
    j = draw_index(probabilities, rng)
    return j, members_for_profile(profiles[j], members, rng)


def choose_replacements(
    pool: Pool,
    features: Features,
    *,
    kept: Sequence[str],
    declined: Sequence[str],
    excluded: Sequence[str] = (),
    seed: int,
) -> list[str]:
    """Replacements for the people who declined, so the whole panel still meets the quotas.

    Replacements come from the pool minus the panel (kept and declined) and minus ``excluded``
    (people already asked before). A small MIP on type counts chooses how many of each type:
    it keeps as many replacements as it can "like for like" (same type as someone who declined),
    and among equally good choices prefers types by weights drawn from the seed; members inside
    each type are then drawn as in the lottery. The panel size is len(kept) + len(declined).
    """
    index = pool.index()
    problems = [
        Problem(_("%(id)r is not in the pool") % {"id": pid})
        for pid in (*kept, *declined, *excluded)
        if pid not in index
    ]
    overlap = set(kept) & set(declined)
    problems += [
        Problem(_("%(id)r is listed both as kept and as declined") % {"id": pid})
        for pid in sorted(overlap)
    ]
    if problems:
        raise QuotaError(problems)
    need = len(declined)
    if need == 0:
        return []
    kept_idx = [index[p] for p in kept]
    unavailable = {index[p] for p in (*kept, *declined, *excluded)}
    types = build_types(pool, features, exclude=unavailable)
    quotas = features.all_quotas()
    feature_pos = {name: i for i, name in enumerate(features.names)}
    offsets = [
        sum(1 for i in kept_idx if pool.values[i][feature_pos[q.feature]] == q.value)
        for q in quotas
    ]
    check_quotas(types, features, need, offsets=offsets)

    rng = rng_for(seed)
    declined_types: dict[tuple[str, ...], int] = {}
    for pid in declined:
        key = pool.values[index[pid]]
        declined_types[key] = declined_types.get(key, 0) + 1
    n = len(types)
    mip = PanelMip(types, quotas, need, offsets=offsets)
    # like-for-like matches: u_t <= n_t and u_t <= declined of type t, weight 1 each
    like = [t for t, key in enumerate(types.keys) if key in declined_types]
    h = mip.h
    for j, t in enumerate(like):
        h.addVar(0.0, float(declined_types[types.keys[t]]))
        col = n + j
        h.addRow(
            -highspy.kHighsInf, 0.0, 2, np.array([col, t], dtype=np.int32), np.array([1.0, -1.0])
        )
    tie_break = rng.random(n) * (0.5 / max(need, 1))  # strictly below one match in total
    weights = np.concatenate([tie_break, np.ones(len(like))])
    h.changeColsCost(n + len(like), np.arange(n + len(like), dtype=np.int32), weights)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise QuotaError([Problem(_("no replacements meet the quotas"))])
    counts = np.rint(np.asarray(h.getSolution().col_value[:n])).astype(int)
    chosen = members_for_profile([int(c) for c in counts], types.members, rng)
    return sorted(pool.ids[i] for i in chosen)

"""People grouped into types, the panel MIP on HiGHS, and quota diagnostics.

People with the same value for every feature are interchangeable for the quotas, so every model
here works on *types* (distinct feature-value combinations) with an integer count per type,
not on one binary per person. A pool of 2,000 with four features has at most a few hundred
types, which is what makes the fair selection fast. Choosing *which* members of a type sit on
the panel is a uniform draw inside the type (see lottery.py), which gives each member of a type
the same selection probability, as any maximin optimum can be assumed to do by symmetry.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import highspy
import numpy as np
from django.utils.translation import gettext as _

from .data import Features, Pool, Problem, Quota, QuotaError

INF = highspy.kHighsInf

_banner_lock = threading.Lock()
_banner_done = False


def new_highs() -> highspy.Highs:
    """A silent HiGHS instance.

    HiGHS prints a copyright banner from C++ on the first instance of a process, before any
    option can switch output off; it would corrupt ``--json`` output, so that first construction
    runs with file descriptor 1 pointed at /dev/null.
    """
    global _banner_done
    with _banner_lock:
        if _banner_done:
            h = highspy.Highs()
        else:
            sys.stdout.flush()
            saved = os.dup(1)
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, 1)
                h = highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
                os.close(devnull)
            _banner_done = True
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    return h


@dataclass
class TypeTable:
    """Distinct feature-value combinations of the people available, in canonical order.

    Canonical order: by the position of each value in the features file, feature by feature.
    ``members[t]`` lists pool indices sorted by person id, so that draws do not depend on the
    order of rows in the people file.
    """

    keys: list[tuple[str, ...]]
    members: list[list[int]]
    counts: np.ndarray  # people per type
    quota_types: list[list[int]]  # for each quota (Features.all_quotas order): its types

    def __len__(self) -> int:
        return len(self.keys)


def build_types(pool: Pool, features: Features, exclude: Iterable[int] = ()) -> TypeTable:
    excluded = set(exclude)
    position = {
        name: {value: i for i, value in enumerate(features.quotas[name])} for name in features.names
    }
    groups: dict[tuple[str, ...], list[int]] = {}
    for idx, values in enumerate(pool.values):
        if idx not in excluded:
            groups.setdefault(values, []).append(idx)
    keys = sorted(
        groups,
        key=lambda key: tuple(position[n][v] for n, v in zip(features.names, key, strict=True)),
    )
    members = [sorted(groups[key], key=lambda i: pool.ids[i]) for key in keys]
    feature_pos = {name: i for i, name in enumerate(features.names)}
    quota_types = [
        [t for t, key in enumerate(keys) if key[feature_pos[q.feature]] == q.value]
        for q in features.all_quotas()
    ]
    return TypeTable(
        keys=keys,
        members=members,
        counts=np.array([len(m) for m in members], dtype=float),
        quota_types=quota_types,
    )


class PanelMip:
    """Integer counts per type: sum = size, every quota within [min, max] after ``offsets``.

    ``offsets[q]`` counts people already on the panel with quota q's value (kept members when
    replacing people who declined); the rows then ask the new people for the rest.
    """

    def __init__(
        self,
        types: TypeTable,
        quotas: Sequence[Quota],
        size: int,
        *,
        offsets: Sequence[int] | None = None,
        rel_gap: float = 1e-9,
    ) -> None:
        self.types = types
        n = len(types)
        self.n = n
        h = new_highs()
        h.setOptionValue("mip_rel_gap", rel_gap)
        h.setOptionValue("mip_abs_gap", 1e-12)
        h.addVars(n, np.zeros(n), types.counts.copy())
        h.changeColsIntegrality(
            n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
        )
        # the panel size row first, then one row per quota
        h.addRow(float(size), float(size), n, np.arange(n, dtype=np.int32), np.ones(n))
        offsets = list(offsets) if offsets is not None else [0] * len(quotas)
        for q, idx, off in zip(quotas, types.quota_types, offsets, strict=True):
            h.addRow(
                float(q.min - off),
                float(q.max - off),
                len(idx),
                np.array(idx, dtype=np.int32),
                np.ones(len(idx)),
            )
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.h = h

    def solve(self, weights: np.ndarray) -> np.ndarray | None:
        """Counts per type maximising ``weights @ counts``; None when no panel meets the quotas."""
        self.h.changeColsCost(self.n, np.arange(self.n, dtype=np.int32), weights.astype(float))
        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            return None
        values = np.asarray(self.h.getSolution().col_value, dtype=float)
        return np.rint(values).astype(np.int64)


def _fv(q: Quota) -> str:
    return q.label


def check_quotas(
    types: TypeTable,
    features: Features,
    size: int,
    *,
    offsets: Sequence[int] | None = None,
) -> None:
    """Raise QuotaError naming each quota that no panel can meet, and why.

    Counting arguments come first (they give the clearest reasons); if they all pass but the
    solver still finds no panel, an elastic MIP finds the smallest change to the quotas that
    would make a panel possible and names the quotas it had to bend.
    """
    quotas = features.all_quotas()
    offs = list(offsets) if offsets is not None else [0] * len(quotas)
    problems: list[Problem] = []
    available = int(types.counts.sum())
    if size <= 0:
        problems.append(Problem(_("the panel size must be at least 1")))
    if size > available:
        problems.append(
            Problem(
                _("the panel needs %(size)d people but only %(available)d are available")
                % {"size": size, "available": available}
            )
        )
    have = [int(types.counts[idx].sum()) for idx in types.quota_types]
    for q, n, off in zip(quotas, have, offs, strict=True):
        if off > q.max:
            problems.append(
                Problem(
                    _("%(fv)s allows at most %(max)d but the members kept already have %(off)d")
                    % {"fv": _fv(q), "max": q.max, "off": off},
                    feature=q.feature,
                    value=q.value,
                )
            )
        elif n + off < q.min:
            if offsets is not None:
                msg = _(
                    "%(fv)s needs at least %(min)d but the members kept have %(off)d and only "
                    "%(n)d more people available have it"
                ) % {"fv": _fv(q), "min": q.min, "off": off, "n": n}
            else:
                msg = _(
                    "%(fv)s needs at least %(min)d but only %(n)d people in the pool have it"
                ) % {"fv": _fv(q), "min": q.min, "n": n}
            problems.append(Problem(msg, feature=q.feature, value=q.value))
    qi = 0
    for feature, values in features.quotas.items():
        block = list(range(qi, qi + len(values)))
        qi += len(values)
        # every member kept has exactly one value of each feature
        panel_total = size + sum(offs[i] for i in block)
        min_sum = sum(quotas[i].min for i in block)
        max_sum = sum(min(quotas[i].max, have[i] + offs[i]) for i in block)
        if min_sum > panel_total:
            problems.append(
                Problem(
                    _(
                        "the minimums for %(feature)s add up to %(sum)d, more than the panel "
                        "size %(size)d"
                    )
                    % {"feature": feature, "sum": min_sum, "size": panel_total},
                    feature=feature,
                )
            )
        elif max_sum < panel_total:
            problems.append(
                Problem(
                    _(
                        "the maximums for %(feature)s (capped by the people available) allow "
                        "at most %(sum)d, fewer than the panel size %(size)d"
                    )
                    % {"feature": feature, "sum": max_sum, "size": panel_total},
                    feature=feature,
                )
            )
    if problems:
        raise QuotaError(problems)
    mip = PanelMip(types, quotas, size, offsets=offs)
    if mip.solve(np.zeros(len(types))) is None:
        raise QuotaError(_diagnose(types, quotas, size, offs))


def _diagnose(
    types: TypeTable, quotas: Sequence[Quota], size: int, offsets: Sequence[int]
) -> list[Problem]:
    """Smallest total change to the quotas that admits a panel, as readable problems."""
    n, m = len(types), len(quotas)
    h = new_highs()
    # columns: n type counts (integer), then m "below min" and m "above max" slacks
    h.addVars(n + 2 * m, np.zeros(n + 2 * m), np.concatenate([types.counts, np.full(2 * m, INF)]))
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
    )
    h.changeColsCost(2 * m, np.arange(n, n + 2 * m, dtype=np.int32), np.ones(2 * m))
    h.addRow(float(size), float(size), n, np.arange(n, dtype=np.int32), np.ones(n))
    for i, (q, idx, off) in enumerate(zip(quotas, types.quota_types, offsets, strict=True)):
        cols = np.array([*idx, n + i], dtype=np.int32)
        # count + below >= min
        h.addRow(float(q.min - off), INF, len(cols), cols, np.ones(len(cols)))
        cols = np.array([*idx, n + m + i], dtype=np.int32)
        # count - above <= max
        vals = np.concatenate([np.ones(len(idx)), [-1.0]])
        h.addRow(-INF, float(q.max - off), len(cols), cols, vals)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return [Problem(_("no panel of %(size)d meets the quotas") % {"size": size})]
    x = np.asarray(h.getSolution().col_value)
    problems: list[Problem] = []
    for i, q in enumerate(quotas):
        below, above = round(x[n + i]), round(x[n + m + i])
        if below > 0:
            problems.append(
                Problem(
                    _(
                        "%(fv)s needs at least %(min)d, but together with the other quotas no "
                        "panel reaches it: the closest panel has %(got)d (infeasible "
                        "combination found by the solver)"
                    )
                    % {"fv": q.label, "min": q.min, "got": q.min - below},
                    feature=q.feature,
                    value=q.value,
                )
            )
        if above > 0:
            problems.append(
                Problem(
                    _(
                        "%(fv)s allows at most %(max)d, but together with the other quotas "
                        "every panel exceeds it: the closest panel has %(got)d (infeasible "
                        "combination found by the solver)"
                    )
                    % {"fv": q.label, "max": q.max, "got": q.max + above},
                    feature=q.feature,
                    value=q.value,
                )
            )
    return problems or [Problem(_("no panel of %(size)d meets the quotas") % {"size": size})]

"""Maximin fair selection by column generation over panels (Flanigan et al., Nature 596, 2021).

The problem: among all probability distributions over quota-feasible panels, find one that
maximises the lowest selection probability of any person who can be on some panel.

Panels are described by their *profile* (how many people of each type, model.py); a person of
type t is selected with probability E[n_t] / c_t, where c_t is the number of people of type t.

Master LP over the profiles found so far (λ_j = probability of profile j):
    maximise z  subject to  Σ_j λ_j n_jt / c_t ≥ z  for every coverable type t,  Σ_j λ_j = 1.
Its dual gives a weight y_t ≥ 0 per type with Σ y_t = 1. Pricing: the MIP finds the feasible
profile maximising Σ_t (y_t / c_t) n_t. If that value exceeds z, the profile improves the master
and is added; otherwise no panel can improve it (weak duality: the optimum lies between z and
the pricing value), and the distribution is optimal to within ``tolerance``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import highspy
import numpy as np
from django.utils.translation import gettext as _

from .data import Features
from .model import INF, PanelMip, TypeTable, check_quotas, new_highs

Progress = Callable[[float, str], None]


@dataclass
class Distribution:
    """A lottery over panel profiles, in canonical order (profiles sorted as tuples)."""

    profiles: list[tuple[int, ...]]
    probabilities: list[float]
    type_probability: np.ndarray  # selection probability of each member of each type
    coverable: np.ndarray  # bool per type: some quota-feasible panel includes this type
    iterations: int = 0
    columns: int = 0
    gap: float = 0.0
    seconds: float = 0.0
    log: list[str] = field(default_factory=list)


def _no_progress(fraction: float, message: str) -> None:
    return None


def find_maximin(
    types: TypeTable,
    features: Features,
    size: int,
    *,
    progress: Progress | None = None,
    tolerance: float = 1e-9,
    max_iterations: int = 20_000,
) -> Distribution:
    report = progress or _no_progress
    start = time.perf_counter()
    check_quotas(types, features, size)
    quotas = features.all_quotas()
    n_types = len(types)
    counts = types.counts
    mip = PanelMip(types, quotas, size)
    report(0.02, _("Checking which people can be on some panel"))

    # Phase 1: find panels covering every type that can be on a panel at all. Weight size + 1
    # on the target type outweighs any other choice, and small weights on the types not yet
    # covered make each panel cover as many new types as possible.
    covered = np.zeros(n_types, dtype=bool)
    coverable = np.ones(n_types, dtype=bool)
    profiles: list[np.ndarray] = []
    seen: set[tuple[int, ...]] = set()
    for t in range(n_types):
        if covered[t]:
            continue
        weights = np.where(covered, 0.0, 1.0 / counts)
        weights[t] = size + 1.0
        found = mip.solve(weights)
        assert found is not None  # check_quotas proved a panel exists
        if found[t] == 0:
            coverable[t] = False
            continue
        covered |= found > 0
        key = tuple(int(v) for v in found)
        if key not in seen:
            seen.add(key)
            profiles.append(found)
        report(0.02 + 0.18 * (t + 1) / n_types, _("Finding initial panels"))

    rows = np.flatnonzero(coverable)  # master rows: coverable types only
    row_of = {int(t): i for i, t in enumerate(rows)}
    h = new_highs()
    h.setOptionValue("dual_feasibility_tolerance", 1e-9)
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    m = len(rows)
    # column 0 is z (free); rows 0..m-1: Σ λ_j a_jt - z ≥ 0; row m: Σ λ_j = 1
    h.addVar(-INF, INF)
    h.changeColCost(0, 1.0)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    for _i in range(m):
        h.addRow(0.0, INF, 1, np.array([0], dtype=np.int32), np.array([-1.0]))
    h.addRow(1.0, 1.0, 0, np.array([], dtype=np.int32), np.array([]))

    def add_column(profile: np.ndarray) -> None:
        idx = [row_of[int(t)] for t in np.flatnonzero(profile) if coverable[t]]
        vals = [float(profile[rows[i]]) / counts[rows[i]] for i in idx]
        h.addCol(
            0.0, 0.0, INF, len(idx) + 1, np.array([*idx, m], dtype=np.int32), np.array([*vals, 1.0])
        )

    for p in profiles:
        add_column(p)

    # Phase 2: column generation.
    iterations = 0
    gap = float("inf")
    first_gap: float | None = None
    log: list[str] = []
    z = 0.0
    while True:
        iterations += 1
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"master LP not optimal: {h.getModelStatus()}")
        sol = h.getSolution()
        z = float(sol.col_value[0])
        y = -np.asarray(sol.row_dual[:m], dtype=float)
        y = np.clip(y, 0.0, None)
        total = y.sum()
        y = y / total if total > 0 else np.full(m, 1.0 / m)
        weights = np.zeros(n_types)
        weights[rows] = y / counts[rows]
        found = mip.solve(weights)
        assert found is not None
        value = float(weights @ found)
        gap = value - z
        if first_gap is None:
            first_gap = max(gap, 1e-12)
        if iterations % 10 == 1:
            log.append(
                f"iteration {iterations}: {len(profiles)} panels, min ≥ {z:.6f}, ≤ {value:.6f}"
            )
        if gap <= tolerance:
            break
        key = tuple(int(v) for v in found)
        if key in seen:
            # Numerically the LP already contains this panel: nothing more to gain.
            log.append(f"iteration {iterations}: pricing returned a known panel (gap {gap:.2e})")
            break
        seen.add(key)
        profiles.append(found)
        add_column(found)
        if iterations >= max_iterations:
            log.append(f"stopped after {iterations} iterations (gap {gap:.2e})")
            break
        done = 1.0 - np.log10(max(gap, tolerance) / tolerance) / max(
            np.log10(first_gap / tolerance), 1e-9
        )
        report(
            0.2 + 0.75 * float(np.clip(done, 0.0, 1.0)),
            _("Improving fairness: %(panels)d panels, lowest probability %(z).4f")
            % {"panels": len(profiles), "z": z},
        )

    lam = np.clip(np.asarray(h.getSolution().col_value[1:], dtype=float), 0.0, None)
    keep = lam > 1e-10
    chosen = [tuple(int(v) for v in profiles[j]) for j in np.flatnonzero(keep)]
    probs = lam[keep] / lam[keep].sum()
    order = sorted(range(len(chosen)), key=lambda j: chosen[j])
    sorted_profiles = [chosen[j] for j in order]
    sorted_probs = [float(probs[j]) for j in order]
    expected = np.zeros(n_types)
    for prof, pr in zip(sorted_profiles, sorted_probs, strict=True):
        expected += pr * np.asarray(prof, dtype=float)
    report(1.0, _("Fair distribution found"))
    return Distribution(
        profiles=sorted_profiles,
        probabilities=sorted_probs,
        type_probability=expected / counts,
        coverable=coverable,
        iterations=iterations,
        columns=len(profiles),
        gap=gap,
        seconds=time.perf_counter() - start,
        log=log,
    )

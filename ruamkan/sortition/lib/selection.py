"""Select a citizens' assembly: fair distribution, public lottery, and the audit report."""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import gettext as _

from .data import Features, Pool
from .lottery import draw_index, draw_panel, rng_for
from .maximin import Progress, find_maximin
from .model import build_types, check_quotas

Algorithm = Literal["maximin", "legacy", "library-maximin"]
ALGORITHMS: tuple[str, ...] = ("maximin", "legacy", "library-maximin")


@dataclass(frozen=True)
class QuotaCount:
    feature: str
    value: str
    min: int
    max: int
    selected: int

    @property
    def met(self) -> bool:
        return self.min <= self.selected <= self.max


@dataclass
class SelectionResult:
    algorithm: str
    seed: int
    size: int
    pool_size: int
    panel: list[str]  # person ids, sorted
    quotas: list[QuotaCount]
    # per person id, for audit; None for ``legacy`` (a greedy draw has no computed distribution)
    probabilities: dict[str, float] | None
    never_selectable: list[str]  # in no quota-feasible panel at all
    seconds: float
    # the distribution the lottery drew from: list of (profile or committee, probability)
    distribution: list[tuple[list[Any], float]] = field(default_factory=list)
    drawn: int | None = None  # index into distribution
    iterations: int = 0
    # maximin: the feature values of each type, the order of the counts in each profile
    type_keys: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def quotas_met(self) -> bool:
        return all(q.met for q in self.quotas)

    def spread(self) -> dict[str, float] | None:
        """Lowest, median and highest selection probability, and the equal share size/pool."""
        if self.probabilities is None:
            return None
        values = sorted(self.probabilities.values())
        return {
            "min": values[0],
            "median": float(statistics.median(values)),
            "max": values[-1],
            "equal_share": self.size / self.pool_size,
        }

    def anonymous_probabilities(self) -> list[float]:
        """Probabilities sorted, without ids: what a public report shows."""
        return sorted(self.probabilities.values()) if self.probabilities else []


def count_quotas(pool: Pool, features: Features, panel: Sequence[str]) -> list[QuotaCount]:
    index = pool.index()
    pos = {name: i for i, name in enumerate(features.names)}
    rows = [pool.values[index[p]] for p in panel]
    return [
        QuotaCount(
            q.feature, q.value, q.min, q.max, sum(1 for r in rows if r[pos[q.feature]] == q.value)
        )
        for q in features.all_quotas()
    ]


def select_panel(
    pool: Pool,
    features: Features,
    size: int,
    *,
    seed: int,
    algorithm: str = "maximin",
    progress: Progress | None = None,
) -> SelectionResult:
    """Run the selection; raises QuotaError (naming the quotas) when no panel is possible."""
    if algorithm not in ALGORITHMS:
        raise ValueError(_("unknown algorithm %(name)r") % {"name": algorithm})
    if seed < 0:
        raise ValueError(_("the seed must be a whole number, 0 or more"))
    start = time.perf_counter()
    types = build_types(pool, features)
    check_quotas(types, features, size)
    probabilities: dict[str, float] | None = None
    never: list[str] = []
    distribution: list[tuple[list[Any], float]] = []
    drawn: int | None = None
    iterations = 0
    if algorithm == "maximin":
        dist = find_maximin(types, features, size, progress=progress)
        drawn, chosen = draw_panel(dist.profiles, dist.probabilities, types.members, seed)
        panel = sorted(pool.ids[i] for i in chosen)
        probabilities = {}
        for t, people in enumerate(types.members):
            for i in people:
                probabilities[pool.ids[i]] = float(dist.type_probability[t])
            if not dist.coverable[t]:
                never.extend(pool.ids[i] for i in people)
        distribution = [
            (list(p), pr) for p, pr in zip(dist.profiles, dist.probabilities, strict=True)
        ]
        iterations = dist.iterations
    elif algorithm == "library-maximin":
        from .reference import library_maximin

        if progress:
            progress(0.0, _("Running sortition-algorithms maximin"))
        committees, probs = library_maximin(pool, features, size, seed=seed)
        ordered = sorted(zip((sorted(c) for c in committees), probs, strict=True))
        distribution = [(c, p) for c, p in ordered]
        drawn = draw_index([p for _c, p in ordered], rng_for(seed))
        panel = sorted(ordered[drawn][0])
        probabilities = dict.fromkeys(pool.ids, 0.0)
        for c, p in ordered:
            for pid in c:
                probabilities[pid] += p
        never = [pid for pid, p in probabilities.items() if p <= 1e-12]
    else:
        from .reference import library_legacy

        if progress:
            progress(0.0, _("Running the legacy greedy selection"))
        panel = sorted(library_legacy(pool, features, size, seed=seed))
    if progress:
        progress(1.0, _("Panel drawn"))
    quotas = count_quotas(pool, features, panel)
    if len(panel) != size or not all(q.met for q in quotas):
        raise RuntimeError("selected panel violates the quotas")  # a bug, never user input
    return SelectionResult(
        algorithm=algorithm,
        seed=seed,
        size=size,
        pool_size=len(pool),
        panel=panel,
        quotas=quotas,
        probabilities=probabilities,
        never_selectable=sorted(never),
        seconds=time.perf_counter() - start,
        distribution=distribution,
        drawn=drawn,
        iterations=iterations,
        type_keys=types.keys if algorithm == "maximin" else [],
    )

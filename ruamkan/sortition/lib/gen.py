"""Deterministic synthetic pools for tests and benchmarks (self-selected-looking, skewed)."""

from __future__ import annotations

import numpy as np

from .data import Features, Pool, Quota

# Four features; volunteer pools over-represent older, educated, urban people, as
# Flanigan et al. observed in real self-selected pools.
FEATURES: dict[str, list[tuple[str, float, float]]] = {
    # value, share in the population, share in the (skewed) volunteer pool
    "gender": [("female", 0.51, 0.42), ("male", 0.49, 0.58)],
    "age": [
        ("18-29", 0.22, 0.08),
        ("30-44", 0.27, 0.20),
        ("45-59", 0.27, 0.32),
        ("60+", 0.24, 0.40),
    ],
    "education": [("primary", 0.40, 0.15), ("secondary", 0.40, 0.40), ("degree", 0.20, 0.45)],
    "district": [
        ("mueang", 0.35, 0.55),
        ("tak-bai", 0.25, 0.20),
        ("rangae", 0.22, 0.15),
        ("sungai-kolok", 0.18, 0.10),
    ],
}


def make_pool(n: int, *, seed: int, features: int = 4) -> Pool:
    rng = np.random.Generator(np.random.PCG64(seed))
    names = list(FEATURES)[:features]
    columns = []
    for name in names:
        shares = np.array([p for _v, _pop, p in FEATURES[name]])
        columns.append(rng.choice(len(shares), size=n, p=shares / shares.sum()))
    ids = [f"p{i:05d}" for i in range(n)]
    rows: list[tuple[str, ...]] = [
        tuple(FEATURES[name][int(col[i])][0] for name, col in zip(names, columns, strict=True))
        for i in range(n)
    ]
    return Pool(feature_names=names, ids=ids, values=rows, lines=list(range(2, n + 2)))


def make_features(size: int, *, features: int = 4, slack: float = 0.1) -> Features:
    """Quotas around each value's population share of the panel, ± slack·size (at least ±1)."""
    out = Features()
    line = 2
    for name in list(FEATURES)[:features]:
        for value, pop, _pool in FEATURES[name]:
            target = pop * size
            width = max(1.0, slack * size * 0.5)
            lo = max(0, int(np.floor(target - width)))
            hi = min(size, int(np.ceil(target + width)))
            out.quotas.setdefault(name, {})[value] = Quota(name, value, lo, hi, line)
            line += 1
    return out

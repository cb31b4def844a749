"""Sortition: our maximin (column generation over type profiles, HiGHS) against sortition-algorithms.

Pools are synthetic, deterministic and skewed like self-selected volunteer pools
(ruamkan/sortition/lib/gen.py: older, more educated, more urban than the population), with
quotas around population shares. The library runs in a subprocess with a time limit, because
its maximin on HiGHS can take more than 20 minutes on 2,000 people
(shared/reference/algorithms.md).

Measured once without a time limit (2 cores shared with other jobs, 2026-11-30): the library's
maximin on the 1,000-person pool took 1,195 s (490 panels), min probability 0.028953229398663;
ours 2.8 s, 0.028953229398663 (equal to 1e-16).

Run: .venv/bin/python bench/bench_sortition.py  (about 5 minutes when the library times out)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIBRARY_TIME_LIMIT = 120  # seconds per library run
# (pool size, panel size); the last one is small enough for the library to finish
SIZES = [(2000, 50), (1000, 50), (300, 20)]
POOL_SEED = 2021
LOTTERY_SEED = 20261130
# Quoted from shared/reference/algorithms.md (sortition-algorithms maximin, `mip` backend on CBC,
# 2,000-person self-selected pool, 4 features, panel of 50 — a different pool from ours).
QUOTED = {2000: "251 s with CBC, min probability 0.0136", 1000: "28 s with CBC"}


def _setup() -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _library_child(people: int, size: int) -> None:
    """Runs in the subprocess: the library's maximin, result as one JSON line."""
    import logging

    logging.disable(logging.INFO)
    _setup()
    from ruamkan.sortition.lib import select_panel
    from ruamkan.sortition.lib.gen import make_features, make_pool

    pool = make_pool(people, seed=POOL_SEED)
    features = make_features(size)
    start = time.perf_counter()
    result = select_panel(pool, features, size, seed=LOTTERY_SEED, algorithm="library-maximin")
    spread = result.spread() or {}
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - start,
                "min": spread.get("min"),
                "panels": len(result.distribution),
            }
        )
    )


def _run_library(people: int, size: int) -> dict[str, float] | None:
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--library", str(people), str(size)],
            capture_output=True,
            text=True,
            timeout=LIBRARY_TIME_LIMIT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        print(f"    library failed: {done.stderr.strip()[-300:]}")
        return None
    data: dict[str, float] = json.loads(lines[-1])
    return data


def main() -> None:
    _setup()
    from ruamkan.sortition.lib import build_types, draw_panel, select_panel
    from ruamkan.sortition.lib.gen import make_features, make_pool

    print("Sortition: maximin selection, ours vs sortition-algorithms maximin (HiGHS)")
    print(f"  library time limit {LIBRARY_TIME_LIMIT} s per run, in a subprocess")
    for people, size in SIZES:
        pool = make_pool(people, seed=POOL_SEED)
        features = make_features(size)
        n_types = len(build_types(pool, features))
        start = time.perf_counter()
        ours = select_panel(pool, features, size, seed=LOTTERY_SEED)
        seconds = time.perf_counter() - start
        spread = ours.spread() or {}
        print(f"\n  {size} of {people} people, 4 features, {n_types} types")
        print(
            f"    ours:    {seconds:7.2f} s   min probability {spread['min']:.4f}"
            f"  (median {spread['median']:.4f}, max {spread['max']:.4f}, equal share"
            f" {spread['equal_share']:.4f}; {ours.iterations} iterations,"
            f" {len(ours.distribution)} panels; quotas met: {ours.quotas_met})"
        )
        library = _run_library(people, size)
        if library is None:
            print(f"    library: did not finish in {LIBRARY_TIME_LIMIT} s")
            if people in QUOTED:
                print(
                    f"    library (quoted reference, algorithms.md, other pool): {QUOTED[people]}"
                )
        else:
            verdict = "ours ≥ library" if spread["min"] >= library["min"] - 1e-6 else "OURS LOWER"
            print(
                f"    library: {library['seconds']:7.2f} s   min probability {library['min']:.4f}"
                f"  ({int(library['panels'])} panels)  -> {verdict}"
            )

    # What the greedy legacy algorithm does to the lowest chances (the fairness problem).
    try:
        from ruamkan.sortition.lib.reference import library_legacy
    except ImportError:  # pragma: no cover
        return
    people, size, draws = 2000, 50, 200
    pool = make_pool(people, seed=POOL_SEED)
    features = make_features(size)
    picked: set[str] = set()
    start = time.perf_counter()
    for seed in range(1, draws + 1):
        picked |= library_legacy(pool, features, size, seed=seed)
    legacy_seconds = (time.perf_counter() - start) / draws
    types = build_types(pool, features)
    ours = select_panel(pool, features, size, seed=LOTTERY_SEED)
    profiles = [list(p) for p, _pr in ours.distribution]
    probs = [pr for _p, pr in ours.distribution]
    ours_picked: set[int] = set()
    for seed in range(1, draws + 1):
        ours_picked |= set(draw_panel(profiles, probs, types.members, seed)[1])
    print(f"\n  {draws} lotteries of {size} from {people} (seeds 1..{draws}): people never picked")
    print(
        f"    legacy (library greedy): {people - len(picked)}"
        f"  ({legacy_seconds:.3f} s per draw, including loading the data)"
    )
    print(f"    ours (maximin lottery):  {people - len(ours_picked)}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--library":
        _library_child(int(sys.argv[2]), int(sys.argv[3]))
    else:
        main()

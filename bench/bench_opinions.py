"""Opinion mapping: our Polis pipeline (ruamkan.opinions.lib.analysis) against red-dwarf on the
largest shared Polis conversation (most votes), both fed the same current votes and both with
BLAS/OpenMP pinned to one thread. Prints each one's median analysis time (reading the files is
not counted), the speed ratio, and each one's group count and adjusted Rand index against the
groups Polis itself assigned.

Run: .venv/bin/python bench/bench_opinions.py  (under a minute)
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data" / "polis"
RUNS = 7


def _ari(ours: dict[int, int], polis: dict[int, int | None]) -> tuple[float, int]:
    from sklearn.metrics import adjusted_rand_score

    common = sorted(p for p in ours if polis.get(p) is not None)
    return float(adjusted_rand_score([polis[p] for p in common], [ours[p] for p in common])), len(
        common
    )


def main() -> None:
    sys.path.insert(0, str(REPO))
    from threadpoolctl import threadpool_limits

    from ruamkan.opinions.lib.analysis import analyse
    from ruamkan.opinions.lib.polis_io import read_export, reddwarf_votes

    if not SHARED.is_dir():
        print(f"bench_opinions: skipped, {SHARED} is absent")
        return
    folders = [p for p in SHARED.iterdir() if (p / "votes.csv").is_file()]
    exports = {p.name: read_export(p) for p in folders}
    name = max(exports, key=lambda n: len(exports[n].votes))
    export = exports[name]
    statement_ids = [c.id for c in export.comments]
    print(f"conversation: {name} ({len({v.participant_id for v in export.votes})} participants, "
          f"{len(statement_ids)} statements, {len(export.votes)} current votes; "
          f"Polis found {export.polis_group_count} groups)")

    ours_times = []
    result = None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = analyse(export.votes, statement_ids=statement_ids,
                         moderated_out=export.moderated_out, seed=0)
        ours_times.append(time.perf_counter() - started)
    assert result is not None
    ours_ari, ours_n = _ari(result.groups, export.polis_groups)

    try:
        from reddwarf.implementations.polis import run_pipeline
    except ImportError:
        print(f"ours: {statistics.median(ours_times):.3f} s, {result.group_count} groups, "
              f"ARI {ours_ari:.3f}; red-dwarf not installed (pip install -e .[dev])")
        return
    rd_votes = reddwarf_votes(export)
    rd_times = []
    rd_groups: dict[int, int] = {}
    for _ in range(max(3, RUNS // 2)):
        with threadpool_limits(limits=1), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            started = time.perf_counter()
            rd = run_pipeline(votes=rd_votes, mod_out_statement_ids=sorted(export.moderated_out),
                              random_state=0)
            rd_times.append(time.perf_counter() - started)
        rd_groups = {int(p): int(g) for p, g in rd.participants_df["cluster_id"].dropna().items()}
    rd_ari, rd_n = _ari(rd_groups, export.polis_groups)

    t_ours, t_rd = statistics.median(ours_times), statistics.median(rd_times)
    print(f"ours:      {t_ours:.3f} s median of {len(ours_times)}, {result.group_count} groups, "
          f"ARI vs Polis {ours_ari:.3f} over {ours_n} participants")
    print(f"red-dwarf: {t_rd:.3f} s median of {len(rd_times)}, {len(set(rd_groups.values()))} "
          f"groups, ARI vs Polis {rd_ari:.3f} over {rd_n} participants")
    print(f"speed ratio (red-dwarf / ours): {t_rd / t_ours:.1f}x (goal >= 3x)")


if __name__ == "__main__":
    main()

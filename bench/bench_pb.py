"""Participatory-budgeting tallies: ours (ruamkan.budgeting.lib) against pabutools, side by side.

Every run is a fresh subprocess (after imports and, for ours, loading the compiled MES core) that
reports the wall time of read + tally, its CPU time, and the peak resident memory of the process
(ru_maxrss, so it includes the interpreter and numpy). pabutools runs are capped at CAP seconds;
pabutools' MES with add-one completion on Mokotów takes minutes, so the figure measured for
shared/reference/algorithms.md is printed instead, marked "reference".
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "pabulib"
CAP = 60.0

MOKOTOW = "Poland_Warszawa_2023_Mokotow.pb"
KATOWICE = "Poland_Katowice_2023.pb"
URSYNOW = "Poland_Warszawa_2026_Ursynow.pb"

# (file, rule, pabutools arithmetic); pabutools "mes" on Mokotów is not run (see REFERENCE)
CASES = [
    (MOKOTOW, "greedy", "float"),
    (MOKOTOW, "mes-plain", "float"),
    (MOKOTOW, "mes-plain", "exact"),
    (MOKOTOW, "phragmen", "float"),
    (MOKOTOW, "mes", None),
    (KATOWICE, "greedy", "exact"),
    (KATOWICE, "mes-plain", "exact"),
    (KATOWICE, "mes", "float"),
    (URSYNOW, "mes-plain", "exact"),
    (URSYNOW, "mes", "float"),
]
REFERENCE = {
    (MOKOTOW, "mes"): "256 s, 4.9 GB peak (pabutools 1.2.3 float, algorithms.md; not run here)",
}


def _child(impl: str, rule: str, path: str, mode: str) -> None:
    if impl == "ours":
        from ruamkan.budgeting.lib.pabulib import read_pabulib
        from ruamkan.budgeting.lib.rules import tally, warm_up

        warm_up()
        wall, cpu = time.perf_counter(), time.process_time()
        election = read_pabulib(path)
        parsed = time.perf_counter()
        outcome = tally(election, rule)
        selected = [election.projects[j].id for j in outcome.selected]
        spent = float(outcome.spent)
    else:
        sys.path.insert(0, str(REPO / "ruamkan" / "budgeting" / "tests"))
        import pabutools.fractions

        if mode == "float":
            pabutools.fractions.FRACTION = pabutools.fractions.FLOAT_FRAC
        from make_oracle import run_one  # the exact SOURCES.md calls
        from pabutools.election import parse_pabulib

        wall, cpu = time.perf_counter(), time.process_time()
        parse_pabulib(path)
        parsed = time.perf_counter()
        cpu = time.process_time()  # run_one parses again: count that parse, not this one
        result = run_one(path, rule, mode)  # parses again inside; subtract the parse below
        selected = list(result["selected"])  # type: ignore[arg-type]
        spent = float(str(result["spent"]))
    end = time.perf_counter()
    parse_s = parsed - wall
    total = end - wall if impl == "ours" else end - parsed  # pabutools: one parse + the rule
    print(
        json.dumps(
            {
                "seconds": total,
                "parse": parse_s,
                "cpu": time.process_time() - cpu,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "n": len(selected),
                "spent": spent,
            }
        )
    )


def _run(impl: str, rule: str, name: str, mode: str) -> dict[str, float] | None:
    cmd = [sys.executable, __file__, "--child", impl, rule, str(DATA / name), mode]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=CAP, env=env, cwd=REPO)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    if not DATA.exists():
        print(f"bench_pb: shared data not found at {DATA}; skipped")
        return
    load = os.getloadavg()[0]
    print(f"PB tallies, ours vs pabutools (cap {CAP:.0f} s per pabutools run); load avg {load:.1f}")
    head = f"{'file':<30} {'rule':<10} {'ours s':>8} {'cpu':>6} {'MB':>6}  "
    print(
        head
        + f"{'pabutools':<18} {'s':>8} {'cpu':>7} {'MB':>6} {'ratio':>7} {'cpu ratio':>9}  same"
    )
    for name, rule, mode in CASES:
        ours = _run("ours", rule, name, "exact")
        assert ours is not None, f"our {rule} on {name} exceeded {CAP} s"
        left = (
            f"{name[:-3][:30]:<30} {rule:<10} {ours['seconds']:8.3f} {ours['cpu']:6.2f} "
            f"{ours['peak_mb']:6.0f}  "
        )
        if mode is None:
            print(left + f"pabutools: {REFERENCE[(name, rule)]}")
            continue
        theirs = _run("pabutools", rule, name, mode)
        label = f"pabutools {mode}"
        if theirs is None:
            print(left + f"{label:<18} {'>' + str(int(CAP)):>8}   (stopped at the cap)")
            continue
        same = "yes" if (theirs["n"], theirs["spent"]) == (ours["n"], ours["spent"]) else "NO"
        print(
            left
            + f"{label:<18} {theirs['seconds']:8.3f} {theirs['cpu']:7.2f} {theirs['peak_mb']:6.0f} "
            + f"{theirs['seconds'] / ours['seconds']:6.1f}x {theirs['cpu'] / ours['cpu']:8.1f}x  {same}"
        )
    print(
        "seconds = read + tally wall time in a fresh process (ours after loading the compiled core)"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(*sys.argv[2:6])
    else:
        main()

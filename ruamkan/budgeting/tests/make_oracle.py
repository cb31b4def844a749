"""Precompute pabutools' selections for every shared Pabulib file (the oracle the PB tests compare with).

Run from the repository root:  .venv/bin/python ruamkan/budgeting/tests/make_oracle.py [--jobs 1]

Each rule × file runs in its own subprocess with a memory cap. Exact arithmetic (pabutools' default,
gmpy2 fractions) is tried first; when it does not finish in EXACT_TIMEOUT seconds the rule is re-run
with `pabutools.fractions.FRACTION = "float"` and the entry is marked "float". The result is written to
oracle/pabutools_results.json after every run, so the script resumes where it stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
DATA = REPO.parent / "shared" / "data" / "pabulib"
OUT = HERE / "oracle" / "pabutools_results.json"
RULES = ("greedy", "mes-plain", "mes", "phragmen")
EXACT_TIMEOUT = 240
FLOAT_TIMEOUT = 420
MEMORY_CAP = int(os.environ.get("ORACLE_MEMORY_GB", "8")) * 1024**3


def run_one(path: str, rule: str, mode: str) -> dict[str, object]:
    """Run one pabutools rule (the calls of shared/data/pabulib/SOURCES.md) and return its selection."""
    import pabutools.fractions

    if mode == "float":
        pabutools.fractions.FRACTION = pabutools.fractions.FLOAT_FRAC
    from pabutools.election import (
        Additive_Borda_Sat,
        Additive_Cardinal_Sat,
        Cost_Sat,
        parse_pabulib,
    )
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

    instance, profile = parse_pabulib(path)
    vote_type = instance.meta["vote_type"]
    sat_class = {
        "approval": Cost_Sat,
        "choose-1": Cost_Sat,
        "cumulative": Additive_Cardinal_Sat,
        "scoring": Additive_Cardinal_Sat,
        "ordinal": Additive_Borda_Sat,
    }[vote_type]
    start = time.perf_counter()
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=sat_class)
    elif rule == "mes-plain":
        outcome = method_of_equal_shares(instance, profile, sat_class=sat_class)
    elif rule == "mes":
        outcome = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": sat_class, "voter_budget_increment": 1}, {"sat_class": sat_class}],
        )
    elif rule == "phragmen":
        outcome = sequential_phragmen(instance, profile)
    else:
        raise ValueError(rule)
    seconds = time.perf_counter() - start
    return {
        "selected": sorted(str(p.name) for p in outcome),
        "spent": str(sum(p.cost for p in outcome)),
        "arithmetic": mode,
        "pabutools_seconds": round(seconds, 3),
    }


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_in_subprocess(path: Path, rule: str, mode: str, timeout: float) -> dict[str, object] | None:
    cmd = [sys.executable, __file__, "--one", str(path), rule, mode]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, preexec_fn=_limit_memory
        )
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def applicable(path: Path, rule: str) -> bool:
    if rule != "phragmen":
        return True
    with path.open(encoding="utf-8-sig") as fh:
        for line in fh:
            if line.lower().startswith("vote_type;"):
                return line.split(";")[1].strip() in ("approval", "choose-1")
    return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", nargs=3, metavar=("FILE", "RULE", "MODE"))
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--only", default="", help="substring of the file names to (re)compute")
    parser.add_argument("--rules", default=",".join(RULES))
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument(
        "--float-only",
        action="store_true",
        help="skip the exact attempt (for files where exact pabutools is known not to finish)",
    )
    parser.add_argument("--float-timeout", type=float, default=FLOAT_TIMEOUT)
    parser.add_argument("--merge", nargs="*", default=[], help="JSON files to merge into --out")
    args = parser.parse_args()
    out = Path(args.out)
    if args.merge:
        merged = json.loads(out.read_text()) if out.exists() else {}
        for extra in args.merge:
            for name, res in json.loads(Path(extra).read_text()).items():
                merged.setdefault(name, {}).update(res)
        out.write_text(json.dumps(merged, indent=1, sort_keys=True) + "\n")
        return
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return

    results: dict[str, dict[str, object]] = json.loads(out.read_text()) if out.exists() else {}
    files = sorted(DATA.glob("*.pb"), key=lambda p: p.stat().st_size)
    tasks = [
        (f, r)
        for r in args.rules.split(",")
        for f in files
        if applicable(f, r) and args.only in f.name and r not in results.get(f.name, {})
    ]

    def work(task: tuple[Path, str]) -> None:
        path, rule = task
        res = None if args.float_only else run_in_subprocess(path, rule, "exact", EXACT_TIMEOUT)
        if res is None:
            res = run_in_subprocess(path, rule, "float", args.float_timeout)
        if res is None:
            res = {"selected": None, "arithmetic": "unfinished"}
        results.setdefault(path.name, {})[rule] = res
        out.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
        print(path.name, rule, res.get("arithmetic"), res.get("pabutools_seconds"), flush=True)

    with ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(work, tasks))


if __name__ == "__main__":
    main()

"""Runs every bench/bench_*.py (each has main()) and prints its figures. Not timed tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    only = sys.argv[1:]
    scripts = sorted(HERE.glob("bench_*.py"))
    if only:
        scripts = [s for s in scripts if any(name in s.stem for name in only)]
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        started = time.perf_counter()
        # Each benchmark runs in its own process: they configure Django differently.
        env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
        code = (
            f"import runpy, sys; sys.argv=[{str(script)!r}]; "
            f"m = runpy.run_path({str(script)!r}); m['main']()"
        )
        result = subprocess.run([sys.executable, "-c", code], env=env, cwd=HERE.parent)
        status = "ok" if result.returncode == 0 else f"FAILED ({result.returncode})"
        print(f"--- {script.stem}: {status} in {time.perf_counter() - started:.1f} s", flush=True)


if __name__ == "__main__":
    main()

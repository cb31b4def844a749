"""Red-dwarf's groups for every shared Polis conversation, cached in fixtures/reddwarf_groups.json
(red-dwarf takes seconds per conversation; the agreement test re-runs it live on the two smallest
conversations and checks the cache still matches).

Regenerate: .venv/bin/python -m ruamkan.opinions.tests.reddwarf_fixture
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

from ruamkan.opinions.lib.polis_io import PolisExport, read_export, reddwarf_votes

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "reddwarf_groups.json"
SEED = 0


def run_reddwarf(export: PolisExport) -> dict[int, int]:
    """Red-dwarf's group per clustered participant (threads pinned, seeded)."""
    from reddwarf.implementations.polis import run_pipeline
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = run_pipeline(
            votes=reddwarf_votes(export),
            mod_out_statement_ids=sorted(export.moderated_out),
            random_state=SEED,
        )
    labels = result.participants_df["cluster_id"].dropna()
    return {int(pid): int(g) for pid, g in labels.items()}


def main() -> None:
    from importlib.metadata import version

    import reddwarf  # noqa: F401  (fail early when the dev extra is missing)

    from ruamkan.core.testing import shared_path

    base = shared_path("data/polis")
    data: dict[str, Any] = {"red_dwarf_version": version("red-dwarf"), "seed": SEED,
                            "conversations": {}}
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        groups = run_reddwarf(read_export(folder))
        data["conversations"][folder.name] = {str(p): g for p, g in sorted(groups.items())}
        print(folder.name, len(groups), "participants,", len(set(groups.values())), "groups")
    FIXTURE.parent.mkdir(exist_ok=True)
    FIXTURE.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

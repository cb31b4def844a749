from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
PABULIB = REPO.parent / "shared" / "data" / "pabulib"
ORACLE = Path(__file__).resolve().parent / "oracle" / "pabutools_results.json"


def pabulib_file(name: str) -> Path:
    path = PABULIB / name
    if not path.exists():
        pytest.skip(f"shared Pabulib data not available ({path})")
    return path


def oracle() -> dict[str, dict[str, dict[str, object]]]:
    return json.loads(ORACLE.read_text())

"""Helpers for tests and benchmarks that read the shared data sets (never needed by the product)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def shared_path(relative: str = "") -> Path:
    base = Path(os.environ.get("RUAMKAN_SHARED_DIR", REPO.parent / "shared"))
    return base / relative


def require_shared(relative: str) -> Path:
    """The path under ../shared/, or skip the test saying what is missing."""
    path = shared_path(relative)
    if not path.exists():
        pytest.skip(f"shared data not found: {path} (tests that compare with real data need ../shared/)")
    return path

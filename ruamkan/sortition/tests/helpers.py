"""Deterministic pools written as the two CSV files the command reads."""

from __future__ import annotations

from pathlib import Path

from ruamkan.sortition.lib import Features, Pool
from ruamkan.sortition.lib.reference import to_csv


def write_csvs(tmp_path: Path, pool: Pool, features: Features) -> tuple[Path, Path]:
    features_csv, people_csv = to_csv(pool, features)
    people = tmp_path / "people.csv"
    feats = tmp_path / "features.csv"
    people.write_text(people_csv, encoding="utf-8")
    feats.write_text(features_csv, encoding="utf-8")
    return people, feats

"""Our opinion groups against the groups Polis itself assigned, on the eight shared openData
conversations, and against red-dwarf (the Python reproduction of Polis math).

Requirements: the same group count as Polis on at least 7 of 8 conversations, median adjusted
Rand index (over participants both cluster) >= 0.8, and on every conversation an ARI no more
than 0.05 below red-dwarf's. Red-dwarf's groups come from fixtures/reddwarf_groups.json
(see reddwarf_fixture.py); it is run live on the two smallest conversations to prove the cache.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from sklearn.metrics import adjusted_rand_score

from ruamkan.core.testing import require_shared
from ruamkan.opinions.lib.analysis import OpinionResult, analyse
from ruamkan.opinions.lib.polis_io import PolisExport, read_export
from ruamkan.opinions.tests.reddwarf_fixture import FIXTURE, run_reddwarf

pytestmark = pytest.mark.slow


def _ari(ours: dict[int, int], polis: dict[int, int | None]) -> float:
    common = sorted(p for p in ours if polis.get(p) is not None)
    assert len(common) >= 10, "too few participants clustered by both to compare"
    return float(adjusted_rand_score([polis[p] for p in common], [ours[p] for p in common]))


@pytest.fixture(scope="module")
def conversations() -> dict[str, tuple[PolisExport, OpinionResult]]:
    base = require_shared("data/polis")
    out = {}
    for folder in sorted(p for p in Path(base).iterdir() if p.is_dir()):
        export = read_export(folder)
        result = analyse(export.votes, statement_ids=[c.id for c in export.comments],
                         moderated_out=export.moderated_out, seed=0)
        out[folder.name] = (export, result)
    return out


def test_reddwarf_cache_matches_a_live_run(conversations) -> None:
    pytest.importorskip("reddwarf", reason="red-dwarf is a dev extra: pip install -e .[dev]")
    cached = json.loads(FIXTURE.read_text(encoding="utf-8"))["conversations"]
    smallest = sorted(conversations, key=lambda n: len(conversations[n][0].votes))[:2]
    for name in smallest:
        live = run_reddwarf(conversations[name][0])
        assert {str(p): g for p, g in live.items()} == cached[name], name


def test_groups_agree_with_polis_and_red_dwarf(conversations) -> None:
    cached = json.loads(FIXTURE.read_text(encoding="utf-8"))["conversations"]
    assert set(cached) == set(conversations), "regenerate the red-dwarf fixture"
    rows = []
    same_k = 0
    aris = []
    for name, (export, result) in conversations.items():
        polis = export.polis_groups
        ours_ari = _ari(result.groups, polis)
        rd = {int(p): g for p, g in cached[name].items()}
        rd_ari = _ari(rd, polis)
        polis_k = export.polis_group_count
        same_k += result.group_count == polis_k
        aris.append(ours_ari)
        rows.append((name, polis_k, result.group_count, len(set(rd.values())), ours_ari, rd_ari))
    print()
    print(f"{'conversation':30} {'Polis k':>7} {'ours k':>6} {'rd k':>4} {'ours ARI':>8} "
          f"{'rd ARI':>6}")
    for name, pk, ok, rk, oa, ra in rows:
        print(f"{name:30} {pk:>7} {ok:>6} {rk:>4} {oa:>8.3f} {ra:>6.3f}")
    print(f"same group count as Polis: {same_k}/{len(rows)}; median ARI "
          f"{statistics.median(aris):.3f}")

    assert same_k >= 7
    assert statistics.median(aris) >= 0.8
    for name, _pk, _ok, _rk, ours_ari, rd_ari in rows:
        assert ours_ari >= rd_ari - 0.05, f"{name}: ARI {ours_ari:.3f} vs red-dwarf {rd_ari:.3f}"


def test_only_participants_with_enough_votes_are_grouped(conversations) -> None:
    for name, (_export, result) in conversations.items():
        counts = dict(zip(result.matrix.participant_ids, result.matrix.vote_counts, strict=True))
        n_statements = len(result.matrix.statement_ids)
        grouped = result.groups
        assert grouped, name
        assert all(counts[p] >= min(7, n_statements) for p in grouped), name
        # Everyone with 7+ votes is grouped (each conversation has more than 15 of them).
        assert {p for p, c in counts.items() if c >= 7} == set(grouped), name

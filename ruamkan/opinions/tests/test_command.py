"""manage.py opinion_groups on export folders."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ruamkan.core.testing import require_shared
from ruamkan.opinions.lib.polis_io import Comment, write_export
from ruamkan.opinions.tests.test_analysis import two_camps


def _run(*args: str) -> str:
    out = StringIO()
    call_command("opinion_groups", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def camps_folder(tmp_path: Path) -> Path:
    votes = two_camps()
    statements = sorted({v.statement_id for v in votes})
    comments = [Comment(s, 1, f"ข้อเสนอที่ {s}", 1, 1000 + s) for s in statements]
    write_export(tmp_path / "camps", comments=comments, votes=votes,
                 summary={"topic": "ถนนเลียบคลอง"})
    return tmp_path / "camps"


def test_json_output(camps_folder: Path) -> None:
    data = json.loads(_run(str(camps_folder), "--json"))
    assert set(data) == {"groups", "group_count", "representative", "consensus", "seconds"}
    assert data["group_count"] == 2
    assert len(data["groups"]) == 60
    groups = {int(p): g for p, g in data["groups"].items()}
    assert len({groups[p] for p in groups if p < 1000}) == 1
    assert {groups[0], groups[1000]} == {0, 1}
    assert set(data["representative"]) == {"0", "1"}
    assert all(1 <= len(ids) <= 5 for ids in data["representative"].values())
    assert data["consensus"][0] == 99
    assert 0 < data["seconds"] < 30


def test_json_leaves_out_participants_not_clustered(tmp_path: Path) -> None:
    folder = require_shared("data/polis/15-per-hour-seattle")
    data = json.loads(_run(str(folder), "--json"))
    assert data["group_count"] == 2
    assert len(data["groups"]) == 138  # of 339 voters, those with 7+ votes


def test_readable_summary(camps_folder: Path) -> None:
    text = _run(str(camps_folder))
    assert "ถนนเลียบคลอง" in text
    assert "กลุ่มความคิดเห็น: 2" in text
    assert "Group A (30 people)" in text and "Group B (30 people)" in text
    assert "#99" in text


def test_bad_folders(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="is not a folder"):
        _run(str(tmp_path / "missing"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match="comments.csv: file is missing"):
        _run(str(tmp_path / "empty"))
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "comments.csv").write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        "1,x,0,1,0,0,1,hello\n", encoding="utf-8")
    (broken / "votes.csv").write_text(
        "timestamp,datetime,comment-id,voter-id,vote\n1,x,0,1,yes\n", encoding="utf-8")
    with pytest.raises(CommandError, match="votes.csv: line 2"):
        _run(str(broken))

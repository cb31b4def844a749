"""Reading and writing the Polis openData export format."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ruamkan.core.testing import require_shared
from ruamkan.opinions.lib.polis_io import (
    Comment,
    PolisFormatError,
    Vote,
    read_export,
    write_export,
)

COMMENTS = (
    "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    '1000,x,0,1,1,0,1,"ควรมีไฟส่องสว่าง, ทางเดิน"\n'
    "1001,x,1,2,0,1,-1,Hidden one\n"
)
SUMMARY = "topic,Test\nurl,https://example.org\ngroups,2\n"


def _folder(tmp_path: Path, votes: str, comments: str = COMMENTS) -> Path:
    folder = tmp_path / "conv"
    folder.mkdir()
    (folder / "comments.csv").write_text(comments, encoding="utf-8")
    (folder / "votes.csv").write_text(votes, encoding="utf-8")
    (folder / "summary.csv").write_text(SUMMARY, encoding="utf-8")
    return folder


def test_last_vote_per_statement_wins(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        "timestamp,datetime,comment-id,voter-id,vote\n"
        "3000,x,0,7,-1\n"
        "1000,x,0,7,1\n"
        "2000,x,1,7,0\n"
        "1500,x,0,8,1\n",
    )
    export = read_export(folder)
    current = {(v.participant_id, v.statement_id): v.vote for v in export.votes}
    assert current == {(7, 0): -1, (7, 1): 0, (8, 0): 1}
    assert export.superseded_votes == 1
    assert export.moderated_out == {1}
    assert export.polis_group_count == 2
    assert export.comments[0].body == "ควรมีไฟส่องสว่าง, ทางเดิน"


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        ("timestamp,datetime,comment-id,voter-id,vote\n1,x,0,7,1\n2,x,0,7,2\n",
         "votes.csv: line 3: vote must be 1, -1 or 0"),
        ("timestamp,datetime,comment-id,voter-id,vote\n1,x,0,seven,1\n",
         "votes.csv: line 2: column 'voter-id' must be an integer"),
        ("timestamp,datetime,comment-id,vote\n1,x,0,1\n", "votes.csv: line 1: missing column"),
        ("timestamp,datetime,comment-id,voter-id,vote\n1,x,0\n", "votes.csv: line 2: too few"),
        ("", "votes.csv: line 1: empty file"),
    ],
)
def test_malformed_votes_name_file_and_line(tmp_path: Path, votes: str, message: str) -> None:
    with pytest.raises(PolisFormatError, match=message):
        read_export(_folder(tmp_path, votes))


def test_malformed_comments_and_missing_files(tmp_path: Path) -> None:
    bad = COMMENTS + "1002,x,2,3,0,0,5,Bad moderation\n"
    folder = _folder(tmp_path, "timestamp,datetime,comment-id,voter-id,vote\n", comments=bad)
    with pytest.raises(PolisFormatError, match=r"comments.csv: line 4: moderated"):
        read_export(folder)
    (folder / "comments.csv").unlink()
    with pytest.raises(PolisFormatError, match="comments.csv: file is missing"):
        read_export(folder)
    with pytest.raises(PolisFormatError, match="not a folder"):
        read_export(tmp_path / "nowhere")


def test_write_then_read_round_trip(tmp_path: Path) -> None:
    comments = [Comment(0, 1, "ถนนชำรุด", 1, 1_700_000_000_000),
                Comment(1, 2, 'Quote "this", please', -1, 1_700_000_001_000)]
    votes = [Vote(1, 0, 1, 1_700_000_002_000), Vote(1, 0, -1, 1_700_000_003_000),
             Vote(2, 0, 0, 1_700_000_004_000), Vote(2, 1, 1, 1_700_000_005_000)]
    write_export(tmp_path / "out", comments=comments, votes=votes, groups={1: 0, 2: 1},
                 summary={"topic": "ทดสอบ"})
    back = read_export(tmp_path / "out")
    assert [(c.id, c.author_id, c.body, c.moderated, c.timestamp) for c in back.comments] == [
        (c.id, c.author_id, c.body, c.moderated, c.timestamp) for c in comments]
    assert set(back.votes) == {votes[1], votes[2], votes[3]}
    assert back.superseded_votes == 1
    assert back.polis_groups == {1: 0, 2: 1}
    assert back.summary["topic"] == "ทดสอบ"
    assert back.polis_group_count == 2
    with (tmp_path / "out" / "participants-votes.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["n-votes"] == "1" and rows[0]["0"] == "-1" and rows[0]["1"] == ""
    with (tmp_path / "out" / "comments.csv").open(encoding="utf-8") as fh:
        agrees = {r["comment-id"]: (r["agrees"], r["disagrees"]) for r in csv.DictReader(fh)}
    assert agrees == {"0": ("0", "1"), "1": ("1", "0")}


def test_shared_export_matches_its_participants_matrix() -> None:
    """votes.csv (last vote per statement) must equal the participants-votes.csv matrix."""
    from ruamkan.opinions.lib.polis_io import read_participants_votes

    folder = require_shared("data/polis/brexit-consensus")
    export = read_export(folder)
    groups, matrix_votes = read_participants_votes(Path(folder) / "participants-votes.csv")
    assert {(v.participant_id, v.statement_id, v.vote) for v in export.votes} == {
        (v.participant_id, v.statement_id, v.vote) for v in matrix_votes}
    assert export.superseded_votes == 9
    assert len(export.comments) == 50
    assert sum(g is not None for g in groups.values()) == 197

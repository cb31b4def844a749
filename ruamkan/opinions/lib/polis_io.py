"""Read and write the Polis openData export format (one folder of CSV files per conversation).

The format is the one published in compdemocracy/openData: comments.csv, votes.csv,
participants-votes.csv, summary.csv (and stats-history.csv, which we only write).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

AGREE = 1
DISAGREE = -1
PASS = 0
_VOTE_VALUES = frozenset({AGREE, DISAGREE, PASS})

# Polis moderation states in comments.csv.
MODERATED_OUT = -1
UNMODERATED = 0
ACCEPTED = 1


class PolisFormatError(ValueError):
    """A file of the export is missing or malformed; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    author_id: int
    body: str
    moderated: int = ACCEPTED
    timestamp: int = 0  # milliseconds since the epoch, as Polis writes them
    agrees: int = 0
    disagrees: int = 0


class Vote(NamedTuple):
    # A named tuple rather than a dataclass: exports hold tens of thousands of votes.
    participant_id: int
    statement_id: int
    vote: int  # 1 agree, -1 disagree, 0 pass
    timestamp: int = 0  # milliseconds since the epoch


@dataclass
class PolisExport:
    """One conversation as read from (or to be written to) an export folder."""

    comments: list[Comment]
    votes: list[Vote]  # the current vote of each participant on each statement
    summary: dict[str, str] = field(default_factory=dict)
    # Polis's own group per participant (None = not clustered), from participants-votes.csv.
    polis_groups: dict[int, int | None] = field(default_factory=dict)
    superseded_votes: int = 0

    @property
    def moderated_out(self) -> set[int]:
        return {c.id for c in self.comments if c.moderated == MODERATED_OUT}

    @property
    def polis_group_count(self) -> int | None:
        value = self.summary.get("groups", "").strip()
        return int(value) if value.isdigit() else None


def _open_csv(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    if not path.is_file():
        raise PolisFormatError(f"{path.name}: file is missing in {path.parent}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PolisFormatError(f"{path.name}: not UTF-8 text ({exc})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise PolisFormatError(f"{path.name}: line 1: empty file, expected a header") from None
    except csv.Error as exc:
        raise PolisFormatError(f"{path.name}: line 1: {exc}") from exc

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for row in reader:
                if row:
                    # reader.line_num is the physical line where the row ends (bodies may span lines).
                    yield reader.line_num, row
        except csv.Error as exc:
            raise PolisFormatError(f"{path.name}: line {reader.line_num}: {exc}") from exc

    return [h.strip() for h in header], rows()


def _columns(path: Path, header: list[str], required: Sequence[str]) -> dict[str, int]:
    index = {name: i for i, name in enumerate(header)}
    missing = [name for name in required if name not in index]
    if missing:
        raise PolisFormatError(f"{path.name}: line 1: missing column(s) {', '.join(missing)}")
    return index


def _int(path: Path, line: int, column: str, value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise PolisFormatError(
            f"{path.name}: line {line}: column {column!r} must be an integer, got {value!r}"
        ) from None


def _cell(path: Path, line: int, row: list[str], index: dict[str, int], column: str) -> str:
    i = index[column]
    if i >= len(row):
        raise PolisFormatError(f"{path.name}: line {line}: too few fields (no {column!r})")
    return row[i]


def read_comments(path: Path) -> list[Comment]:
    header, rows = _open_csv(path)
    required = ("comment-id", "author-id", "moderated", "comment-body")
    idx = _columns(path, header, required)
    comments: list[Comment] = []
    seen: set[int] = set()
    for line, row in rows:
        cid = _int(path, line, "comment-id", _cell(path, line, row, idx, "comment-id"))
        if cid in seen:
            raise PolisFormatError(f"{path.name}: line {line}: comment-id {cid} appears twice")
        seen.add(cid)
        moderated = _int(path, line, "moderated", _cell(path, line, row, idx, "moderated"))
        if moderated not in (MODERATED_OUT, UNMODERATED, ACCEPTED):
            raise PolisFormatError(f"{path.name}: line {line}: moderated must be -1, 0 or 1")

        def optional(column: str, line: int = line, row: list[str] = row) -> int:
            if column not in idx or idx[column] >= len(row) or not row[idx[column]].strip():
                return 0
            return _int(path, line, column, row[idx[column]])

        comments.append(
            Comment(
                id=cid,
                author_id=_int(path, line, "author-id", _cell(path, line, row, idx, "author-id")),
                body=_cell(path, line, row, idx, "comment-body"),
                moderated=moderated,
                timestamp=optional("timestamp"),
                agrees=optional("agrees"),
                disagrees=optional("disagrees"),
            )
        )
    comments.sort(key=lambda c: c.id)
    return comments


def read_votes(path: Path) -> tuple[list[Vote], int]:
    """Return each voter's last vote per statement (votes.csv keeps superseded votes)."""
    header, rows = _open_csv(path)
    idx = _columns(path, header, ("timestamp", "comment-id", "voter-id", "vote"))
    latest: dict[tuple[int, int], tuple[int, int, int]] = {}
    i_ts, i_cid, i_pid, i_vote = idx["timestamp"], idx["comment-id"], idx["voter-id"], idx["vote"]
    width = max(i_ts, i_cid, i_pid, i_vote) + 1
    total = 0
    for line, row in rows:
        total += 1
        try:  # fast path; on any problem, re-parse the row cell by cell for a precise error
            ts, cid, pid, vote = int(row[i_ts]), int(row[i_cid]), int(row[i_pid]), int(row[i_vote])
        except (ValueError, IndexError):
            if len(row) < width:
                raise PolisFormatError(f"{path.name}: line {line}: too few fields") from None
            ts = _int(path, line, "timestamp", row[i_ts])
            cid = _int(path, line, "comment-id", row[i_cid])
            pid = _int(path, line, "voter-id", row[i_pid])
            vote = _int(path, line, "vote", row[i_vote])
        if vote not in _VOTE_VALUES:
            raise PolisFormatError(f"{path.name}: line {line}: vote must be 1, -1 or 0, got {vote}")
        key = (pid, cid)
        # Latest timestamp wins; on equal timestamps the later line wins.
        previous = latest.get(key)
        if previous is None or (ts, line) >= previous[:2]:
            latest[key] = (ts, line, vote)
    votes = sorted(
        (Vote(pid, cid, vote, ts) for (pid, cid), (ts, _line, vote) in latest.items()),
        key=_vote_order,
    )
    return votes, total - len(votes)


def _vote_order(v: Vote) -> tuple[int, int, int]:
    return (v.timestamp, v.participant_id, v.statement_id)


def read_participants_votes(
    path: Path, *, with_votes: bool = True
) -> tuple[dict[int, int | None], list[Vote]]:
    """Polis's group per participant, and the vote matrix as votes (without timestamps)."""
    header, rows = _open_csv(path)
    idx = _columns(path, header, ("participant", "group-id"))
    statement_columns: list[tuple[int, int]] = []
    for i, name in enumerate(header):
        if name.lstrip("-").isdigit():
            statement_columns.append((i, int(name)))
    groups: dict[int, int | None] = {}
    votes: list[Vote] = []
    for line, row in rows:
        pid = _int(path, line, "participant", _cell(path, line, row, idx, "participant"))
        raw_group = _cell(path, line, row, idx, "group-id").strip()
        groups[pid] = _int(path, line, "group-id", raw_group) if raw_group else None
        if not with_votes:
            continue
        for i, sid in statement_columns:
            if i < len(row) and row[i].strip():
                value = _int(path, line, str(sid), row[i])
                if value not in _VOTE_VALUES:
                    raise PolisFormatError(
                        f"{path.name}: line {line}: vote on {sid} must be 1, -1 or 0"
                    )
                votes.append(Vote(pid, sid, value, 0))
    return groups, votes


def read_summary(path: Path) -> dict[str, str]:
    if not path.is_file():
        raise PolisFormatError(f"{path.name}: file is missing in {path.parent}")
    summary: dict[str, str] = {}
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            if not row:
                continue
            if len(row) > 2:
                raise PolisFormatError(
                    f"{path.name}: line {reader.line_num}: expected 'key,value', got {len(row)} fields"
                )
            summary[row[0].strip()] = row[1] if len(row) > 1 else ""
    except csv.Error as exc:
        raise PolisFormatError(f"{path.name}: line {reader.line_num}: {exc}") from exc
    return summary


def read_export(folder: str | Path) -> PolisExport:
    """Read an openData export folder. votes.csv is preferred; without it the matrix in
    participants-votes.csv is used (it holds current votes but no times)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PolisFormatError(f"{folder}: not a folder")
    comments = read_comments(folder / "comments.csv")
    summary = read_summary(folder / "summary.csv") if (folder / "summary.csv").exists() else {}
    groups: dict[int, int | None] = {}
    pv_votes: list[Vote] = []
    has_votes = (folder / "votes.csv").exists()
    if (folder / "participants-votes.csv").exists():
        groups, pv_votes = read_participants_votes(
            folder / "participants-votes.csv", with_votes=not has_votes
        )
    if has_votes:
        votes, superseded = read_votes(folder / "votes.csv")
    elif pv_votes:
        votes, superseded = pv_votes, 0
    else:
        raise PolisFormatError(f"votes.csv: file is missing in {folder}")
    return PolisExport(
        comments=comments,
        votes=votes,
        summary=summary,
        polis_groups=groups,
        superseded_votes=superseded,
    )


# --- writing -------------------------------------------------------------------------------


def _polis_datetime(ms: int) -> str:
    # Polis writes e.g. "Wed Jun 18 08:16:54 UTC 2014"; we always write UTC.
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%a %b %d %H:%M:%S UTC %Y")


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_export(
    folder: str | Path,
    *,
    comments: Sequence[Comment],
    votes: Sequence[Vote],
    groups: dict[int, int] | None = None,
    summary: dict[str, str] | None = None,
) -> None:
    """Write a conversation in the openData format. `votes` may include superseded votes
    (all are written to votes.csv; participants-votes.csv holds the last one); `groups` maps
    clustered participants to their group."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    groups = groups or {}
    ordered = sorted(votes, key=_vote_order)
    latest: dict[tuple[int, int], Vote] = {}
    for v in ordered:
        latest[(v.participant_id, v.statement_id)] = v
    agrees: dict[int, int] = {}
    disagrees: dict[int, int] = {}
    for v in latest.values():
        if v.vote == AGREE:
            agrees[v.statement_id] = agrees.get(v.statement_id, 0) + 1
        elif v.vote == DISAGREE:
            disagrees[v.statement_id] = disagrees.get(v.statement_id, 0) + 1

    _write_csv(
        folder / "comments.csv",
        ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated",
         "comment-body"],
        (
            [c.timestamp, _polis_datetime(c.timestamp), c.id, c.author_id, agrees.get(c.id, 0),
             disagrees.get(c.id, 0), c.moderated, c.body]
            for c in sorted(comments, key=lambda c: c.timestamp, reverse=True)
        ),
    )
    _write_csv(
        folder / "votes.csv",
        ["timestamp", "datetime", "comment-id", "voter-id", "vote"],
        ([v.timestamp, _polis_datetime(v.timestamp), v.statement_id, v.participant_id, v.vote]
         for v in ordered),
    )

    statement_ids = sorted(c.id for c in comments)
    authored: dict[int, int] = {}
    for c in comments:
        authored[c.author_id] = authored.get(c.author_id, 0) + 1
    by_participant: dict[int, dict[int, int]] = {}
    for (pid, sid), v in latest.items():
        by_participant.setdefault(pid, {})[sid] = v.vote
    participants = sorted(set(by_participant) | set(authored))
    pv_rows = []
    for pid in participants:
        mine = by_participant.get(pid, {})
        pv_rows.append(
            [pid, groups.get(pid, ""), authored.get(pid, 0), len(mine),
             sum(1 for x in mine.values() if x == AGREE),
             sum(1 for x in mine.values() if x == DISAGREE)]
            + [mine.get(sid, "") for sid in statement_ids]
        )
    _write_csv(
        folder / "participants-votes.csv",
        ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree",
         *map(str, statement_ids)],
        pv_rows,
    )

    info = dict(summary or {})
    info.setdefault("topic", "")
    info.setdefault("url", "")
    info.setdefault("views", str(len(participants)))
    info["voters"] = str(len(by_participant))
    info["voters-in-conv"] = str(len(by_participant))
    info["commenters"] = str(len(authored))
    info["comments"] = str(len(comments))
    info["groups"] = str(len(set(groups.values())))
    info.setdefault("conversation-description", "")
    order = ["topic", "url", "views", "voters", "voters-in-conv", "commenters", "comments",
             "groups", "conversation-description"]
    keys = order + [k for k in info if k not in order]
    with (folder / "summary.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        for key in keys:
            writer.writerow([key, info[key]])

    # stats-history.csv: cumulative activity after each vote or comment.
    events: list[tuple[int, str, int]] = [(v.timestamp, "vote", v.participant_id) for v in ordered]
    events += [(c.timestamp, "comment", c.author_id) for c in comments]
    events.sort(key=lambda e: e[0])
    voters: set[int] = set()
    commenters: set[int] = set()
    visitors: set[int] = set()
    n_votes = n_comments = 0
    history = []
    for _ts, kind, who in events:
        visitors.add(who)
        if kind == "vote":
            n_votes += 1
            voters.add(who)
        else:
            n_comments += 1
            commenters.add(who)
        history.append([n_votes, n_comments, len(visitors), len(voters), len(commenters)])
    _write_csv(
        folder / "stats-history.csv",
        ["n-votes", "n-comments", "n-visitors", "n-voters", "n-commenters"],
        history,
    )


def reddwarf_votes(export: PolisExport) -> list[dict[str, int]]:
    """The export's votes in the shape red-dwarf's run_pipeline takes (for comparisons)."""
    return [
        {"participant_id": v.participant_id, "statement_id": v.statement_id, "vote": v.vote,
         "modified": v.timestamp}
        for v in export.votes
    ]

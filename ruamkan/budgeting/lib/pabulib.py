"""Pabulib (.pb) reader and writer.

A .pb file has three `;`-separated sections: META (key;value), PROJECTS (project_id;cost;...) and VOTES
(voter_id;vote;... where `vote` is a comma-separated list of project ids, with `points` alongside for
cumulative and scoring ballots). See Faliszewski et al., "Participatory Budgeting: Data, Tools and
Analysis" (IJCAI 2023) and pabulib.org/format.

Values are read the way pabutools reads them, so that our tallies can be compared with it: the first
column of PROJECTS is the project id, "none" fields are treated as absent, commas in costs are decimal
points, `choose-1` ballots are approval ballots, an ordinal ballot keeps a project at its first position.
Unlike pabutools, malformed input raises `PabulibError` naming the line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")
Number = int | Fraction


class PabulibError(ValueError):
    """The file is not valid Pabulib; `line` is the 1-based line number (0 when not tied to a line)."""

    def __init__(self, message: str, line: int = 0) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class Project:
    id: str
    cost: Number
    #: every column of the PROJECTS row except the id, as read (absent for "none")
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Election:
    meta: dict[str, str]
    projects: list[Project]
    #: ballots[v] lists project indices (into `projects`) in the file's order (ranking for ordinal)
    ballots: list[tuple[int, ...]]
    #: points[v][k] belongs to ballots[v][k]; only for cumulative and scoring files
    points: list[tuple[Number, ...]] | None
    voter_ids: list[str]
    project_columns: list[str] = field(default_factory=list)
    vote_columns: list[str] = field(default_factory=list)
    #: the raw VOTES rows; `voter_meta` reads the other columns (age, sex, ...) from them lazily
    vote_rows: list[list[str]] = field(default_factory=list, repr=False)
    _voter_meta: list[dict[str, str]] | None = field(default=None, repr=False)

    @property
    def voter_meta(self) -> list[dict[str, str]]:
        """The VOTES columns other than voter_id, vote and points, per voter ("none" left out)."""
        if self._voter_meta is None:
            extra = [
                (i, name)
                for i, name in enumerate(self.vote_columns)
                if name not in ("voter_id", "vote", "points")
            ]
            self._voter_meta = [
                {
                    name: row[i].strip()
                    for i, name in extra
                    if row[i] and row[i].strip().lower() != "none"
                }
                for row in self.vote_rows
            ]
        return self._voter_meta

    @property
    def vote_type(self) -> str:
        return self.meta["vote_type"]

    @property
    def is_approval(self) -> bool:
        return self.vote_type in ("approval", "choose-1")

    @property
    def budget(self) -> Number:
        return parse_number(self.meta["budget"].replace(",", "."))

    def meta_number(self, key: str) -> Number | None:
        """A numeric META value (min_length, max_length, min_project_cost, max_sum_points, ...)."""
        value = self.meta.get(key)
        if value is None or value.strip().lower() in ("", "none"):
            return None
        return parse_number(value.replace(",", "."))

    @property
    def num_voters(self) -> int:
        return len(self.ballots)

    def project_index(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.projects)}


def parse_number(text: str) -> Number:
    """An exact number from a decimal or fraction string ("12", "12.5", "1/3", "1e3")."""
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        pass
    value = Fraction(text)
    return value.numerator if value.denominator == 1 else value


def _number(text: str, what: str, line: int) -> Number:
    try:
        return parse_number(text)
    except (ValueError, ZeroDivisionError):
        raise PabulibError(f"{what} is not a number: {text!r}", line) from None


def parse_pabulib_text(text: str) -> Election:
    """Parse the text of a .pb file."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    meta: dict[str, str] = {}
    projects: list[Project] = []
    index: dict[str, int] = {}
    project_columns: list[str] = []
    vote_columns: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    section = ""
    header: list[str] = []
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        head = row[0].strip().lower()
        if head in ("meta", "projects", "votes") and not any(c.strip() for c in row[1:]):
            if head in seen:
                raise PabulibError(f"section {head.upper()} appears twice", line)
            seen.add(head)
            section = head
            try:
                header = [h.strip() for h in next(reader)]
            except StopIteration:
                raise PabulibError(f"section {head.upper()} has no header row", line) from None
            if section == "projects":
                project_columns = header
                if "cost" not in header:
                    raise PabulibError("PROJECTS header has no 'cost' column", reader.line_num)
            elif section == "votes":
                vote_columns = header
                if "vote" not in header:
                    raise PabulibError("VOTES header has no 'vote' column", reader.line_num)
            continue
        if section == "meta":
            if len(row) < 2:
                raise PabulibError("META row needs key;value", line)
            meta[row[0].strip()] = row[1].strip()
        elif section == "projects":
            if len(row) != len(header):
                raise PabulibError(
                    f"PROJECTS row has {len(row)} fields, the header has {len(header)}", line
                )
            pid = row[0].strip()
            if not pid:
                raise PabulibError("empty project id", line)
            if pid in index:
                raise PabulibError(f"duplicate project id {pid!r}", line)
            values = {
                header[i]: row[i].strip()
                for i in range(1, len(row))
                if row[i].strip().lower() != "none"
            }
            if "cost" not in values:
                raise PabulibError(f"project {pid!r} has no cost", line)
            cost = _number(values["cost"].replace(",", "."), "cost", line)
            if cost < 0:
                raise PabulibError(f"project {pid!r} has a negative cost", line)
            index[pid] = len(projects)
            projects.append(Project(pid, cost, values))
        elif section == "votes":
            rows.append((line, row))
        else:
            raise PabulibError("data before the first section (META, PROJECTS or VOTES)", line)

    for required in ("meta", "projects", "votes"):
        if required not in seen:
            raise PabulibError(f"missing section {required.upper()}")
    if "budget" not in meta:
        raise PabulibError("META has no budget")
    try:
        budget = parse_number(meta["budget"].replace(",", "."))
    except (ValueError, ZeroDivisionError):
        raise PabulibError(f"budget is not a number: {meta['budget']!r}") from None
    if budget < 0:
        raise PabulibError("budget is negative")
    vote_type = meta.get("vote_type")
    if vote_type not in VOTE_TYPES:
        raise PabulibError(f"unsupported vote_type {vote_type!r}")

    return _parse_votes(meta, projects, index, project_columns, vote_columns, rows)


def _parse_votes(
    meta: dict[str, str],
    projects: list[Project],
    index: dict[str, int],
    project_columns: list[str],
    vote_columns: list[str],
    rows: list[tuple[int, list[str]]],
) -> Election:
    vote_type = meta["vote_type"]
    cardinal = vote_type in ("cumulative", "scoring")
    width = len(vote_columns)
    vote_col = vote_columns.index("vote")
    points_col = vote_columns.index("points") if "points" in vote_columns else -1
    if cardinal and points_col < 0:
        raise PabulibError(f"{vote_type} VOTES need a 'points' column")
    id_col = vote_columns.index("voter_id") if "voter_id" in vote_columns else 0
    ballots: list[tuple[int, ...]] = []
    points: list[tuple[Number, ...]] | None = [] if cardinal else None
    voter_ids: list[str] = []
    get = index.get
    for line, row in rows:
        if len(row) != width:
            raise PabulibError(f"VOTES row has {len(row)} fields, the header has {width}", line)
        vote = row[vote_col].strip()
        if not vote or vote in ("None", "none", "NONE"):
            ids: list[int] = []
        else:
            # fast path: ids written without spaces; the slow path strips and reports errors
            try:
                ids = [index[n] for n in vote.split(",")]
            except KeyError:
                ids = []
                for name in (n.strip() for n in vote.split(",")):
                    if not name and not cardinal:
                        continue
                    j = get(name)
                    if j is None:
                        raise PabulibError(f"vote for unknown project {name!r}", line) from None
                    ids.append(j)
        if cardinal:
            assert points is not None
            raw = row[points_col].strip()
            pts = [] if raw.lower() in ("", "none") else raw.split(",")
            if len(pts) != len(ids):
                raise PabulibError(f"{len(ids)} projects but {len(pts)} points in this vote", line)
            try:
                values: list[Number] = [int(x) for x in pts]
            except ValueError:
                values = [_number(x, "points", line) for x in pts]
            if len(set(ids)) == len(ids):
                ballots.append(tuple(ids))
                points.append(tuple(values))
            else:
                # a cardinal ballot is a mapping: a repeated project keeps its last score (as pabutools)
                scores = dict(zip(ids, values, strict=True))
                ballots.append(tuple(scores))
                points.append(tuple(scores.values()))
        elif len(set(ids)) == len(ids):
            ballots.append(tuple(ids))
        else:
            # approval ballots are sets and ordinal ballots keep a project's first position
            ballots.append(tuple(dict.fromkeys(ids)))
        voter_ids.append(row[id_col].strip())
    if len(set(voter_ids)) != len(voter_ids):
        seen_ids: set[str] = set()
        for (line, _), vid in zip(rows, voter_ids, strict=True):
            if vid in seen_ids:
                raise PabulibError(f"duplicate voter id {vid!r}", line)
            seen_ids.add(vid)
    return Election(
        meta=meta,
        projects=projects,
        ballots=ballots,
        points=points,
        voter_ids=voter_ids,
        project_columns=project_columns,
        vote_columns=vote_columns,
        vote_rows=[row for _, row in rows],
    )


def read_pabulib(path: str | Path) -> Election:
    """Parse a .pb file (UTF-8, with or without a byte-order mark)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PabulibError(f"not UTF-8 text: {exc}") from None
    return parse_pabulib_text(text)


def _fmt(value: Number) -> str:
    """Exact text for a number: an integer, a terminating decimal, or "a/b"."""
    if isinstance(value, int):
        return str(value)
    if value.denominator == 1:
        return str(value.numerator)
    denominator, twos, fives = value.denominator, 0, 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    places = max(twos, fives)
    scaled = abs(value.numerator) * 10**places // value.denominator
    digits = str(scaled).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def _rows(rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def election_to_text(election: Election) -> str:
    """Serialise an election as Pabulib text (which `read_pabulib` and pabutools read back)."""
    meta = dict(election.meta)
    meta["num_projects"] = str(len(election.projects))
    meta["num_votes"] = str(election.num_voters)
    parts = ["META\n", _rows([["key", "value"], *([k, v] for k, v in meta.items())])]

    columns = ["project_id", "cost"] + [
        c for c in election.project_columns[1:] if c not in ("project_id", "cost")
    ]
    for p in election.projects:
        columns += [k for k in p.meta if k not in columns]
    project_rows = [columns]
    for p in election.projects:
        values = {**p.meta, "cost": _fmt(p.cost)}
        project_rows.append([p.id] + [values.get(c, "None") for c in columns[1:]])
    parts += ["PROJECTS\n", _rows(project_rows)]

    cardinal = election.points is not None
    vote_columns = ["voter_id", "vote"] + (["points"] if cardinal else [])
    for c in election.vote_columns:
        if c not in vote_columns:
            vote_columns.append(c)
    for m in election.voter_meta:
        vote_columns += [k for k in m if k not in vote_columns]
    ids = [p.id for p in election.projects]
    vote_rows: list[list[str]] = [vote_columns]
    for v, ballot in enumerate(election.ballots):
        values = dict(election.voter_meta[v]) if election.voter_meta else {}
        values["voter_id"] = election.voter_ids[v]
        values["vote"] = ",".join(ids[j] for j in ballot)
        if cardinal:
            assert election.points is not None
            values["points"] = ",".join(_fmt(x) for x in election.points[v])
        vote_rows.append([values.get(c, "None") for c in vote_columns])
    parts += ["VOTES\n", _rows(vote_rows)]
    return "".join(parts)


def write_pabulib(election: Election, path: str | Path) -> None:
    Path(path).write_text(election_to_text(election), encoding="utf-8")

"""Reading the two sortition-algorithms CSV files: people and features (quotas).

Formats (the Sortition Foundation's, so files prepared for their tools work here):
- features: columns ``feature,value,min,max`` (extra columns such as ``min_flex`` are ignored);
- people: an id column plus one column per feature (extra columns are ignored).
Feature names and values match case-insensitively and without surrounding spaces, as in
sortition-algorithms. Every problem is reported with its line number; all problems in a file
are collected before raising so a clerk can fix the file in one pass.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    message: str
    line: int | None = None
    feature: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


class SortitionError(Exception):
    """Base error: carries one or more problems, each readable on its own."""

    def __init__(self, problems: Iterable[Problem], source: str = "") -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        return "\n".join(prefix + str(p) for p in self.problems)


class InputFileError(SortitionError):
    """A CSV file is malformed (each problem names its line)."""


class QuotaError(SortitionError):
    """The quotas cannot be met by any panel drawn from this pool (each problem names the quota)."""


@dataclass(frozen=True)
class Quota:
    feature: str
    value: str
    min: int
    max: int
    line: int | None = None

    @property
    def label(self) -> str:
        return f"{self.feature}={self.value}"


@dataclass
class Features:
    """Quotas in file order: feature -> value -> Quota. Names keep the spelling of the file."""

    quotas: dict[str, dict[str, Quota]] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return list(self.quotas)

    def all_quotas(self) -> list[Quota]:
        return [q for values in self.quotas.values() for q in values.values()]

    def canonical_value(self, feature: str, raw: str) -> str | None:
        wanted = raw.strip().casefold()
        for value in self.quotas[feature]:
            if value.casefold() == wanted:
                return value
        return None


@dataclass
class Pool:
    """The people who volunteered: ids in file order and each one's feature values."""

    feature_names: list[str]
    ids: list[str]
    values: list[tuple[str, ...]]
    lines: list[int]

    def __len__(self) -> int:
        return len(self.ids)

    def index(self) -> dict[str, int]:
        return {pid: i for i, pid in enumerate(self.ids)}


def _read_text(source: str | Path | io.TextIOBase) -> str:
    if isinstance(source, Path):
        return source.read_text(encoding="utf-8-sig")
    if isinstance(source, str):
        return source.removeprefix("\ufeff")
    return str(source.read()).removeprefix("\ufeff")


def _rows(text: str, source: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    try:
        for row in reader:
            if header is None:
                header = [cell.strip() for cell in row]
                continue
            if not any(cell.strip() for cell in row):
                continue  # blank lines (and trailing empty rows from spreadsheets) are not data
            rows.append((reader.line_num, row))
    except csv.Error as error:
        raise InputFileError(
            [Problem(_("not valid CSV (%(error)s)") % {"error": error}, line=reader.line_num)],
            source,
        ) from error
    if header is None:
        raise InputFileError([Problem(_("the file is empty"), line=1)], source)
    return header, rows


def parse_features(source: str | Path | io.TextIOBase, *, name: str = "features.csv") -> Features:
    header, rows = _rows(_read_text(source), name)
    lowered = [h.casefold() for h in header]
    missing = [col for col in ("feature", "value", "min", "max") if col not in lowered]
    if missing:
        raise InputFileError(
            [
                Problem(
                    _("the header must have the columns feature,value,min,max; missing: %(cols)s")
                    % {"cols": ", ".join(missing)},
                    line=1,
                )
            ],
            name,
        )
    col = {c: lowered.index(c) for c in ("feature", "value", "min", "max")}
    problems: list[Problem] = []
    features = Features()
    seen: dict[tuple[str, str], int] = {}
    canonical_feature: dict[str, str] = {}
    for line, row in rows:
        if len(row) != len(header):
            problems.append(
                Problem(
                    _("expected %(want)d columns but found %(got)d")
                    % {"want": len(header), "got": len(row)},
                    line=line,
                )
            )
            continue
        feature = row[col["feature"]].strip()
        value = row[col["value"]].strip()
        if not feature or not value:
            problems.append(Problem(_("feature and value must not be empty"), line=line))
            continue
        bounds: dict[str, int] = {}
        for key in ("min", "max"):
            raw = row[col[key]].strip()
            try:
                number = int(raw)
            except ValueError:
                problems.append(
                    Problem(
                        _("%(col)s for %(fv)s is %(raw)r, not a whole number")
                        % {"col": key, "fv": f"{feature}={value}", "raw": raw},
                        line=line,
                    )
                )
                continue
            if number < 0:
                problems.append(
                    Problem(
                        _("%(col)s for %(fv)s is negative")
                        % {"col": key, "fv": f"{feature}={value}"},
                        line=line,
                    )
                )
                continue
            bounds[key] = number
        if len(bounds) != 2:
            continue
        if bounds["min"] > bounds["max"]:
            problems.append(
                Problem(
                    _("min %(min)d is greater than max %(max)d for %(fv)s")
                    % {"min": bounds["min"], "max": bounds["max"], "fv": f"{feature}={value}"},
                    line=line,
                )
            )
            continue
        feature = canonical_feature.setdefault(feature.casefold(), feature)
        key_fv = (feature.casefold(), value.casefold())
        if key_fv in seen:
            problems.append(
                Problem(
                    _("%(fv)s is listed twice (first on line %(first)d)")
                    % {"fv": f"{feature}={value}", "first": seen[key_fv]},
                    line=line,
                )
            )
            continue
        seen[key_fv] = line
        features.quotas.setdefault(feature, {})[value] = Quota(
            feature, value, bounds["min"], bounds["max"], line
        )
    if not problems and not features.quotas:
        problems.append(Problem(_("no quotas found"), line=2))
    if problems:
        raise InputFileError(problems, name)
    return features


def parse_people(
    source: str | Path | io.TextIOBase,
    features: Features,
    *,
    id_column: str = "id",
    name: str = "people.csv",
) -> Pool:
    header, rows = _rows(_read_text(source), name)
    lowered = [h.casefold() for h in header]
    problems: list[Problem] = []
    if id_column.casefold() not in lowered:
        problems.append(
            Problem(_("there is no %(col)r column for the person id") % {"col": id_column}, line=1)
        )
    columns: list[int] = []
    for feature in features.names:
        if feature.casefold() not in lowered:
            problems.append(
                Problem(
                    _("there is no column for the feature %(feature)r listed in the features file")
                    % {"feature": feature},
                    line=1,
                )
            )
        else:
            columns.append(lowered.index(feature.casefold()))
    if len(set(lowered)) != len(lowered):
        dupes = sorted({h for h in header if lowered.count(h.casefold()) > 1})
        problems.append(
            Problem(_("duplicate column names: %(cols)s") % {"cols": ", ".join(dupes)}, line=1)
        )
    if problems:
        raise InputFileError(problems, name)
    id_idx = lowered.index(id_column.casefold())
    pool = Pool(feature_names=features.names, ids=[], values=[], lines=[])
    first_line: dict[str, int] = {}
    for line, row in rows:
        if len(row) != len(header):
            problems.append(
                Problem(
                    _("expected %(want)d columns but found %(got)d")
                    % {"want": len(header), "got": len(row)},
                    line=line,
                )
            )
            continue
        pid = row[id_idx].strip()
        if not pid:
            problems.append(Problem(_("the id is empty"), line=line))
            continue
        if pid in first_line:
            problems.append(
                Problem(
                    _("id %(id)r appears again (first on line %(first)d)")
                    % {"id": pid, "first": first_line[pid]},
                    line=line,
                )
            )
            continue
        first_line[pid] = line
        person: list[str] = []
        for feature, idx in zip(features.names, columns, strict=True):
            raw = row[idx]
            value = features.canonical_value(feature, raw)
            if value is None:
                problems.append(
                    Problem(
                        _(
                            "%(feature)s is %(raw)r, which is not a value in the features file (%(known)s)"
                        )
                        % {
                            "feature": feature,
                            "raw": raw.strip(),
                            "known": ", ".join(features.quotas[feature]),
                        },
                        line=line,
                    )
                )
                break
            person.append(value)
        else:
            pool.ids.append(pid)
            pool.values.append(tuple(person))
            pool.lines.append(line)
    if problems:
        raise InputFileError(problems, name)
    return pool

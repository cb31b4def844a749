"""Validation of local-government rows (the CSV format in docs/areas-import.md). Pure: the known
area codes come in as sets, and nothing is written here."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from ruamkan.areas.lib.lookup import in_thailand_bbox

COLUMNS = (
    "lao_type", "code", "name_th", "name_en", "province_code", "district_code", "covers",
    "lat", "long", "url", "wikidata",
)
REQUIRED_COLUMNS = ("lao_type", "code", "name_th", "province_code")

# lao_type in the file -> LocalGovernment.Kind value. "Mueang" is Pattaya City (เมืองพัทยา),
# the only body of its kind; TAO (อบต.) is what English texts call an SAO.
LAO_TYPES: dict[str, str] = {
    "Bangkok": "bangkok",
    "Mueang": "pattaya",
    "PAO": "pao",
    "ThesabanNakhon": "thesaban_nakhon",
    "ThesabanMueang": "thesaban_mueang",
    "ThesabanTambon": "thesaban_tambon",
    "TAO": "sao",
    "SAO": "sao",
}
CODE_RE = re.compile(r"^[0-9A-Za-z-]{2,12}$")
COVER_RE = re.compile(r"^(\d{6}):([cp])$")
WIKIDATA_RE = re.compile(r"^Q\d{1,18}$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@dataclass
class LocalGovernmentRecord:
    line: int
    code: str
    kind: str
    name_th: str
    name_en: str
    province_code: str
    district_code: str | None
    covers: list[tuple[str, bool]]  # (subdistrict code, complete)
    lat: float | None
    lon: float | None
    website: str
    wikidata: str


@dataclass
class ValidationResult:
    records: list[LocalGovernmentRecord] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)


def read_csv(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and (line number, row) pairs; line numbers count the header as line 1."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows: list[tuple[int, dict[str, str]]] = []
        start = reader.line_num + 1
        for row in reader:
            rows.append((start, {k: (v or "") for k, v in row.items() if k is not None}))
            start = reader.line_num + 1
        return header, rows


def missing_columns(header: Iterable[str]) -> list[str]:
    present = {h.strip() for h in header}
    return [c for c in REQUIRED_COLUMNS if c not in present]


def _coordinate(value: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    number = float(value)  # ValueError for text
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def validate_rows(
    rows: Iterable[tuple[int, Mapping[str, str]]],
    *,
    province_codes: set[str],
    district_codes: set[str],
    subdistrict_codes: set[str],
    abolished: Mapping[str, list[str]] | None = None,
    strict: bool = False,
) -> ValidationResult:
    """Check every row; collect every problem with its line number instead of stopping at one."""
    abolished = abolished or {}
    result = ValidationResult()
    seen: dict[str, int] = {}
    for line, raw in rows:
        row = {k.strip(): (v or "").strip() for k, v in raw.items()}
        problems: list[str] = []
        lao_type = row.get("lao_type", "")
        kind = LAO_TYPES.get(lao_type)
        if kind is None:
            problems.append(
                _("unknown lao_type %(value)r (expected one of %(choices)s)")
                % {"value": lao_type, "choices": ", ".join(sorted(set(LAO_TYPES)))}
            )
        code = row.get("code", "")
        if not CODE_RE.match(code):
            problems.append(_("bad code %(value)r") % {"value": code})
        elif code in seen:
            problems.append(
                _("code %(code)s already used on line %(line)d") % {"code": code, "line": seen[code]}
            )
        else:
            seen[code] = line
        name_th = row.get("name_th", "")
        if not name_th:
            problems.append(_("name_th is empty"))
        province = row.get("province_code", "")
        if province not in province_codes:
            problems.append(_("unknown province code %(value)r") % {"value": province})
        district: str | None = None
        # A body spanning two districts lists both; the first is where its office is.
        for value in row.get("district_code", "").split():
            if value not in district_codes:
                problems.append(_("unknown district code %(value)r") % {"value": value})
            elif province in province_codes and not value.startswith(province):
                problems.append(
                    _("district %(district)s is not in province %(province)s")
                    % {"district": value, "province": province}
                )
            elif district is None:
                district = value
        covers: list[tuple[str, bool]] = []
        for token in row.get("covers", "").split():
            match = COVER_RE.match(token)
            if not match:
                problems.append(
                    _("bad covers entry %(value)r (expected a subdistrict code, ':' and c or p)")
                    % {"value": token}
                )
                continue
            sub = match.group(1)
            if sub not in subdistrict_codes:
                if sub in abolished:
                    problems.append(
                        _("subdistrict %(code)s was abolished; use its successor(s): %(succ)s")
                        % {"code": sub, "succ": " ".join(abolished[sub]) or "?"}
                    )
                else:
                    problems.append(_("unknown subdistrict code %(value)r") % {"value": sub})
                continue
            if any(sub == known for known, _complete in covers):
                problems.append(_("subdistrict %(code)s listed twice") % {"code": sub})
                continue
            covers.append((sub, match.group(2) == "c"))
        lat = lon = None
        try:
            lat = _coordinate(row.get("lat", ""))
        except ValueError:
            problems.append(_("bad lat %(value)r") % {"value": row.get("lat", "")})
        try:
            lon = _coordinate(row.get("long", row.get("lon", "")))
        except ValueError:
            problems.append(_("bad long %(value)r") % {"value": row.get("long", "")})
        if (lat is None) != (lon is None):
            problems.append(_("lat and long must be given together"))
            lat = lon = None
        elif lat is not None and lon is not None and not in_thailand_bbox(lat, lon):
            message = _("office location %(lat)s, %(lon)s is outside Thailand") % {
                "lat": lat, "lon": lon,
            }
            if strict:
                problems.append(message)
            else:
                # Known in the 2022 gazetteer (lat copied into long): keep the body, drop the point.
                result.warnings.append((line, message + " " + _("(location left empty)")))
                lat = lon = None
        # Normalise two slips found in the 2022 gazetteer rather than refuse the row: a space in
        # a URL path, and a Wikidata id without its "Q".
        website = row.get("url", "").replace(" ", "%20")
        if website and (len(website) > 200 or not URL_RE.match(website)):
            problems.append(_("bad url %(value)r") % {"value": website})
        wikidata = row.get("wikidata", "")
        if wikidata.isdigit():
            wikidata = "Q" + wikidata
        if wikidata and not WIKIDATA_RE.match(wikidata):
            problems.append(_("bad wikidata id %(value)r") % {"value": wikidata})
        if problems:
            result.errors.extend((line, problem) for problem in problems)
            continue
        result.records.append(
            LocalGovernmentRecord(
                line=line, code=code, kind=kind or "", name_th=name_th[:200],
                name_en=row.get("name_en", "")[:200], province_code=province,
                district_code=district, covers=covers, lat=lat, lon=lon, website=website,
                wikidata=wikidata,
            )
        )
    return result


def read_json(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Rows from a JSON file {"local_governments": [{column: value, ...}, ...]}, numbered from 1."""
    import json

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    items = data["local_governments"] if isinstance(data, dict) else data
    return [
        (number, {k: "" if v is None else str(v) for k, v in item.items()})
        for number, item in enumerate(items, start=1)
    ]

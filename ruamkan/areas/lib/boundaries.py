"""Reading area boundaries from GeoJSON (pure: no ORM).

HDX common operational boundaries name a feature by `adm1_pcode` / `adm2_pcode` / `adm3_pcode`
("TH420803" for subdistrict 420803); the keys are upper-case in some releases. A plain `code`
property works too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from django.utils.translation import gettext as _
from shapely.geometry import shape

LEVEL_NUMBER = {"province": 1, "district": 2, "subdistrict": 3}
CODE_LENGTH = {"province": 2, "district": 4, "subdistrict": 6}


class BoundaryFileError(ValueError):
    pass


@dataclass(frozen=True)
class BoundaryFeature:
    code: str
    name_th: str
    name_en: str
    wkb: bytes
    bounds: tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


def _prop(props: Mapping[str, Any], key: str) -> str:
    for candidate in (key, key.upper()):
        value = props.get(candidate)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def feature_code(props: Mapping[str, Any], level: str) -> str:
    n = LEVEL_NUMBER[level]
    raw = _prop(props, f"adm{n}_pcode") or _prop(props, "code")
    code = raw[2:] if raw.upper().startswith("TH") else raw
    if not (code.isdigit() and len(code) == CODE_LENGTH[level]):
        raise BoundaryFileError(
            _("feature has no %(level)s code (adm%(n)d_pcode like TH%(example)s or code): %(raw)r")
            % {"level": level, "n": n, "example": "42" + "0803"[: CODE_LENGTH[level] - 2],
               "raw": raw}
        )
    return code


def read_features(path: Path, level: str, *, precision: float | None = None) -> list[BoundaryFeature]:
    """Every feature of a FeatureCollection as WKB; features sharing a code are merged."""
    if level not in LEVEL_NUMBER:
        raise BoundaryFileError(_("unknown level %(level)r") % {"level": level})
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BoundaryFileError(_("cannot read %(path)s: %(error)s") % {"path": path, "error": exc}) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BoundaryFileError(_("%(path)s is not a GeoJSON FeatureCollection") % {"path": path})
    n = LEVEL_NUMBER[level]
    merged: dict[str, tuple[str, str, list[Any]]] = {}
    for number, feature in enumerate(data.get("features") or [], start=1):
        props = feature.get("properties") or {}
        try:
            code = feature_code(props, level)
            geometry = shape(feature.get("geometry") or {})
        except (BoundaryFileError, ValueError, AttributeError, TypeError) as exc:
            raise BoundaryFileError(
                _("feature %(number)d: %(error)s") % {"number": number, "error": exc}
            ) from exc
        if geometry.is_empty or geometry.geom_type not in ("Polygon", "MultiPolygon"):
            raise BoundaryFileError(
                _("feature %(number)d (%(code)s): not a polygon") % {"number": number, "code": code}
            )
        if not geometry.is_valid:
            geometry = shapely.make_valid(geometry)
        name_th = _prop(props, f"adm{n}_th") or _prop(props, "name_th")
        name_en = _prop(props, f"adm{n}_en") or _prop(props, "name_en")
        entry = merged.setdefault(code, (name_th, name_en, []))
        entry[2].append(geometry)
    features = []
    for code, (name_th, name_en, parts) in merged.items():
        geometry = parts[0] if len(parts) == 1 else shapely.union_all(parts)
        if precision:
            geometry = shapely.set_precision(geometry, precision)
        features.append(
            BoundaryFeature(
                code=code, name_th=name_th[:150], name_en=name_en[:150],
                wkb=shapely.to_wkb(geometry), bounds=tuple(float(v) for v in geometry.bounds),  # type: ignore[arg-type]
            )
        )
    if not features:
        raise BoundaryFileError(_("%(path)s has no features") % {"path": path})
    return features

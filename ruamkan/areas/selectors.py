"""Reads for areas: the gazetteer, local governments, and "which local government serves this
point?". Areas are public facts, so nothing here is scoped by user."""

from __future__ import annotations

import json
import math
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal

import shapely
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ruamkan.areas.lib.lookup import PointIndex, in_thailand_bbox
from ruamkan.areas.models import (
    AbolishedAreaCode,
    Boundary,
    BoundarySet,
    Coverage,
    District,
    LocalGovernment,
    Province,
    Subdistrict,
)

Kind = LocalGovernment.Kind
# Bodies that serve a whole province and so have no coverage rows.
PROVINCE_WIDE = (Kind.PAO, Kind.BANGKOK)
KIND_ORDER: dict[str, int] = {
    Kind.BANGKOK: 0, Kind.PATTAYA: 1, Kind.THESABAN_NAKHON: 2, Kind.THESABAN_MUEANG: 3,
    Kind.THESABAN_TAMBON: 4, Kind.SAO: 5, Kind.PAO: 6,
}


# Errors -----------------------------------------------------------------------------------------
class AreaLookupError(Exception):
    code = "lookup_error"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message())

    def default_message(self) -> str:
        return _("The location could not be looked up.")

    @property
    def message(self) -> str:
        return str(self.args[0])


class NoBoundaries(AreaLookupError):
    """No subdistrict boundaries imported: pages offer province → district → subdistrict."""

    code = "no_boundaries"

    def default_message(self) -> str:
        return _(
            "Finding a place by location is not available yet (no subdistrict boundaries have "
            "been imported). Please choose your province, district and subdistrict instead."
        )


class OutsideThailand(AreaLookupError):
    code = "outside_thailand"

    def default_message(self) -> str:
        return _("This location is not in Thailand (or not inside any known subdistrict).")


class InvalidCoordinates(AreaLookupError):
    code = "invalid_coordinates"

    def default_message(self) -> str:
        return _("Latitude and longitude must be decimal numbers, e.g. 6.4255 and 101.8253.")


class AreasNotLoaded(AreaLookupError):
    code = "areas_not_loaded"

    def default_message(self) -> str:
        return _("The list of subdistricts is not loaded on this site (run load_areas).")


# Results ----------------------------------------------------------------------------------------
CoverageKind = Literal["complete", "partial", "province"]


@dataclass(frozen=True)
class Candidate:
    local_government: LocalGovernment
    coverage: CoverageKind


@dataclass(frozen=True)
class LookupResult:
    subdistrict: Subdistrict
    district: District
    province: Province
    # The polygon the point fell in: records filed from this lookup keep a FK to it.
    boundary_id: int
    boundary_set_id: int
    candidates: list[Candidate]
    # When the polygon is of an abolished subdistrict split in several, the other successors.
    other_subdistricts: list[Subdistrict] = field(default_factory=list)

    @property
    def boundary(self) -> Boundary:
        return Boundary.objects.get(pk=self.boundary_id)


# Gazetteer --------------------------------------------------------------------------------------
def province_list() -> QuerySet[Province]:
    return Province.objects.all()


def province_get(*, code: str) -> Province:
    province = Province.objects.filter(code=code).first()
    if province is None:
        raise Http404(_("No such province."))
    return province


def district_get(*, code: str) -> District:
    district = District.objects.select_related("province").filter(code=code).first()
    if district is None:
        raise Http404(_("No such district."))
    return district


def district_list(*, province_code: str) -> QuerySet[District]:
    return District.objects.filter(province_id=province_code).order_by("code")


def subdistrict_list(*, district_code: str) -> QuerySet[Subdistrict]:
    return Subdistrict.objects.filter(district_id=district_code).order_by("code")


def subdistrict_get(*, code: str) -> Subdistrict:
    sub = Subdistrict.objects.select_related("district", "province").filter(code=code).first()
    if sub is None:
        raise Http404(_("No such subdistrict."))
    return sub


def subdistrict_resolve(code: str) -> list[Subdistrict]:
    """The current subdistrict(s) for a code: itself, or what replaced it if DOPA abolished it
    (following chains of abolitions). Empty if the code is unknown or has no known successor."""
    sub = Subdistrict.objects.select_related("district", "province").filter(code=code).first()
    if sub is not None:  # the usual case: one query
        return [sub]
    found: list[str] = []
    pending = [code]
    seen: set[str] = set()
    while pending:
        current = pending.pop(0)
        if current in seen:
            continue
        seen.add(current)
        if current != code and Subdistrict.objects.filter(code=current).exists():
            found.append(current)
            continue
        abolished = AbolishedAreaCode.objects.filter(code=current).first()
        if abolished is not None:
            pending.extend(abolished.successors)
    by_code = Subdistrict.objects.select_related("district", "province").in_bulk(found)
    return [by_code[c] for c in found if c in by_code]


# Local governments ------------------------------------------------------------------------------
# What people type before a name: "เทศบาลเมืองนราธิวาส", "อบต.ตันหยงมัส", "Narathiwat Town
# Municipality". Stored names are bare place names, so the type words are taken off the query
# and used as a filter instead.
TYPE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("องค์การบริหารส่วนจังหวัด", (Kind.PAO,)),
    ("องค์การบริหารส่วนตำบล", (Kind.SAO,)),
    ("เทศบาลนคร", (Kind.THESABAN_NAKHON,)),
    ("เทศบาลเมือง", (Kind.THESABAN_MUEANG,)),
    ("เทศบาลตำบล", (Kind.THESABAN_TAMBON,)),
    ("เทศบาล", (Kind.THESABAN_NAKHON, Kind.THESABAN_MUEANG, Kind.THESABAN_TAMBON)),
    ("อบจ.", (Kind.PAO,)), ("อบจ", (Kind.PAO,)),
    ("อบต.", (Kind.SAO,)), ("อบต", (Kind.SAO,)),
    ("ทน.", (Kind.THESABAN_NAKHON,)), ("ทม.", (Kind.THESABAN_MUEANG,)),
    ("ทต.", (Kind.THESABAN_TAMBON,)),
    ("provincial administrative organization", (Kind.PAO,)),
    ("subdistrict administrative organization", (Kind.SAO,)),
    ("subdistrict municipality", (Kind.THESABAN_TAMBON,)),
    ("town municipality", (Kind.THESABAN_MUEANG,)),
    ("city municipality", (Kind.THESABAN_NAKHON,)),
    ("municipality", (Kind.THESABAN_NAKHON, Kind.THESABAN_MUEANG, Kind.THESABAN_TAMBON)),
]
POSTCODE_RE = re.compile(r"^\d{5}$")


def _split_type_words(query: str) -> tuple[str, tuple[str, ...] | None]:
    lowered = query.lower()
    for word, kinds in TYPE_WORDS:
        if word in lowered:
            index = lowered.index(word)
            rest = (query[:index] + " " + query[index + len(word):]).strip()
            return rest, kinds
    return query, None


def local_government_search(*, query: str) -> QuerySet[LocalGovernment]:
    """Bodies by Thai or English name (with or without the type words), by the postcode of a
    subdistrict they cover (plus that province's PAO), or by code. An empty query lists all."""
    qs = LocalGovernment.objects.select_related("province", "district")
    query = " ".join((query or "").split())
    if not query:
        return qs.all()
    if POSTCODE_RE.match(query):
        subs = Subdistrict.objects.filter(postal_codes__contains=query)
        covering = LocalGovernment.objects.filter(coverage__subdistrict__in=subs).values("pk")
        province_wide = Q(kind__in=PROVINCE_WIDE, province__in=subs.values("province_id"))
        return qs.filter(Q(pk__in=covering) | province_wide | Q(code=query))
    name, kinds = _split_type_words(query)
    if not name:
        return qs.filter(kind__in=kinds) if kinds else qs.none()
    match = Q(name_th__icontains=name) | Q(name_en__icontains=name)
    if kinds:
        match &= Q(kind__in=kinds)
    return qs.filter(match | Q(code=query))


def local_government_get(*, code: str) -> LocalGovernment:
    lg = LocalGovernment.objects.select_related("province", "district").filter(code=code).first()
    if lg is None:
        raise Http404(_("No such local government."))
    return lg


def local_governments_of_province(*, province: Province) -> list[tuple[str, list[LocalGovernment]]]:
    """The province's bodies grouped by type (label, bodies), province-wide bodies first."""
    groups: dict[str, list[LocalGovernment]] = {}
    for lg in LocalGovernment.objects.filter(province=province).order_by("name_th"):
        groups.setdefault(lg.kind, []).append(lg)
    labels = dict(Kind.choices)
    order = sorted(groups, key=lambda k: (k not in PROVINCE_WIDE, KIND_ORDER.get(k, 9)))
    return [(str(labels.get(kind, kind)), groups[kind]) for kind in order]


def local_government_coverage(*, local_government: LocalGovernment) -> list[tuple[Subdistrict, bool]]:
    rows = local_government.coverage.select_related("subdistrict__district").order_by(
        "subdistrict_id"
    )
    return [(row.subdistrict, row.complete) for row in rows]


def candidates_for_subdistrict(code: str) -> list[Candidate]:
    """Every body serving the subdistrict: each municipality or SAO with a coverage row (complete
    or partial: a shared subdistrict gives all of them, never a guess), then the province-wide
    body (the PAO; Bangkok for Bangkok). An abolished code counts as its successors."""
    subs = subdistrict_resolve(code)
    if not subs:
        return []
    return _candidates(subs)


def _candidates(subs: list[Subdistrict]) -> list[Candidate]:
    # Two indexed queries; one query with an OR across the join cannot use the indexes.
    complete_by_pk: dict[int, bool] = {}
    bodies: dict[int, LocalGovernment] = {}
    rows = Coverage.objects.filter(subdistrict__in=subs).select_related(
        "local_government__province", "local_government__district"
    )
    for row in rows:
        lg = row.local_government
        bodies[lg.pk] = lg
        complete_by_pk[lg.pk] = complete_by_pk.get(lg.pk, False) or row.complete
    ordered = sorted(
        (Candidate(bodies[pk], "complete" if complete else "partial")
         for pk, complete in complete_by_pk.items()),
        key=lambda c: (c.coverage != "complete", KIND_ORDER.get(c.local_government.kind, 9),
                       c.local_government.name_th),
    )
    provinces = {s.province_id for s in subs}
    wide = LocalGovernment.objects.filter(kind__in=PROVINCE_WIDE, province_id__in=provinces)
    ordered += [
        Candidate(lg, "province")
        for lg in wide.select_related("province", "district").order_by("kind", "code")
        if lg.pk not in bodies
    ]
    return ordered


# Point lookup -----------------------------------------------------------------------------------
_cache_lock = threading.Lock()
_cache: dict[str, object] = {}


# Subdistricts and candidate bodies per looked-up code, for a short while: report forms and
# Open311 POSTs ask the same few codes over and over, and this was a third of a POST's time.
# Coverage changes come from imports and show everywhere within PLACE_TTL seconds.
PLACE_TTL = 60.0
_places: dict[tuple[object, ...], tuple[float, list[Subdistrict], list[Candidate]]] = {}


def lookup_cache_clear() -> None:
    with _cache_lock:
        _cache.clear()
        _places.clear()


def _place(key: tuple[object, ...], code: str) -> tuple[list[Subdistrict], list[Candidate]]:
    now = time.monotonic()
    with _cache_lock:
        hit = _places.get(key)
    if hit is not None and hit[0] > now:
        return hit[1], hit[2]
    subs = subdistrict_resolve(code)
    candidates = _candidates(subs) if subs else []
    with _cache_lock:
        if len(_places) > 20_000:
            _places.clear()
        _places[key] = (now + PLACE_TTL, subs, candidates)
    return subs, candidates


def _index_for(boundary_set_id: int, stamp: object = None) -> tuple[PointIndex, dict[str, int]]:
    """The per-process index of the current subdistrict boundaries, rebuilt only when another
    boundary set becomes current (the cache is keyed by its id and import time: rolled-back
    transactions can hand an id out twice)."""
    key = (boundary_set_id, stamp)
    with _cache_lock:
        if _cache.get("key") == key:
            return _cache["index"], _cache["ids"]  # type: ignore[return-value]
        rows = list(
            Boundary.objects.filter(boundary_set_id=boundary_set_id).values_list(
                "pk", "code", "geometry_wkb"
            )
        )
        index = PointIndex((code, bytes(wkb)) for _pk, code, wkb in rows)
        ids = {code: pk for pk, code, _wkb in rows}
        _cache.update(key=key, index=index, ids=ids)
        return index, ids


def _current_set(level: str = BoundarySet.Level.SUBDISTRICT) -> tuple[int, object] | None:
    return (
        BoundarySet.objects.filter(level=level, is_current=True)
        .values_list("pk", "imported_at")
        .first()
    )


def current_boundary_set_id(level: str = BoundarySet.Level.SUBDISTRICT) -> int | None:
    current = _current_set(level)
    return current[0] if current else None


def parse_coordinates(lat: object, lon: object) -> tuple[float, float]:
    """Numbers from user input, or InvalidCoordinates."""
    try:
        lat_f, lon_f = float(str(lat).strip()), float(str(lon).strip())
    except (TypeError, ValueError):
        raise InvalidCoordinates() from None
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)) or abs(lat_f) > 90 or abs(lon_f) > 180:
        raise InvalidCoordinates()
    return lat_f, lon_f


def area_lookup(*, lat: float, lon: float) -> LookupResult:
    """The subdistrict at a point and every local government that may serve it.

    Raises NoBoundaries (nothing imported: offer the province → district → subdistrict picker),
    OutsideThailand, InvalidCoordinates or AreasNotLoaded."""
    lat, lon = parse_coordinates(lat, lon)
    current = _current_set()
    if current is None:
        raise NoBoundaries()
    if not in_thailand_bbox(lat, lon):
        raise OutsideThailand()
    set_id = current[0]
    index, ids = _index_for(set_id, current[1])
    code = index.locate(lat, lon)
    if code is None:
        raise OutsideThailand()
    subs, candidates = _place((set_id, current[1], code), code)
    if not subs:
        raise AreasNotLoaded()
    first = subs[0]
    return LookupResult(
        subdistrict=first, district=first.district, province=first.province,
        boundary_id=ids[code], boundary_set_id=set_id, candidates=list(candidates),
        other_subdistricts=subs[1:],
    )


def province_wide_body(*, province_id: str, exclude: LocalGovernment | None = None) -> LocalGovernment | None:
    """The PAO (or Bangkok) serving the whole province, if it is not `exclude` itself."""
    qs = LocalGovernment.objects.filter(kind__in=PROVINCE_WIDE, province_id=province_id)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("kind", "code").first()


def boundary_geojson(*, codes: list[str]) -> dict[str, Any] | None:
    """The current boundaries of these subdistricts as a GeoJSON FeatureCollection (coordinates
    rounded to about a metre), or None if none are imported."""
    set_id = current_boundary_set_id()
    if set_id is None or not codes:
        return None
    features = []
    for code, name_th, wkb in Boundary.objects.filter(
        boundary_set_id=set_id, code__in=codes
    ).values_list("code", "name_th", "geometry_wkb"):
        geometry = shapely.set_precision(shapely.from_wkb(bytes(wkb)), 0.00001)
        features.append({
            "type": "Feature",
            "properties": {"code": code, "name": name_th},
            "geometry": json.loads(shapely.to_geojson(geometry)),
        })
    return {"type": "FeatureCollection", "features": features} if features else None


def current_boundary_source() -> str:
    """Where the current subdistrict boundaries come from, for the map's attribution."""
    current = BoundarySet.objects.filter(level=BoundarySet.Level.SUBDISTRICT, is_current=True).first()
    return current.source if current else ""

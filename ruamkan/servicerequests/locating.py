"""Where is this report? A point (or a chosen subdistrict) becomes a subdistrict, the boundary it
was found in, and the local governments that may be responsible.

The areas app owns the lookup (`ruamkan.areas.selectors.area_lookup`); this module adapts its
answer to what routing needs and falls back to a direct bounding-box + polygon scan of the current
subdistrict boundaries while that selector is not installed.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ruamkan.areas.models import Boundary, BoundarySet, LocalGovernment, Subdistrict

THAILAND_BBOX = (97.2, 5.5, 105.75, 20.55)  # min_lon, min_lat, max_lon, max_lat


class LocationError(ValueError):
    code = "location"


class OutsideThailandError(LocationError):
    code = "outside_thailand"


class NoBoundariesError(LocationError):
    code = "no_boundaries"


@dataclass
class Located:
    subdistrict: Subdistrict | None
    boundary: Boundary | None = None
    candidates: list[LocalGovernment] = field(default_factory=list)
    boundary_id: int | None = None

    def __post_init__(self) -> None:
        if self.boundary_id is None and self.boundary is not None:
            self.boundary_id = self.boundary.pk


def _area_selectors() -> Any:
    for name in ("ruamkan.areas.selectors",):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        if hasattr(module, "area_lookup"):
            return module
    return None


def _pick(obj: Any, name: str) -> Any:
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def _as_local_government(item: Any) -> LocalGovernment | None:
    if isinstance(item, LocalGovernment):
        return item
    inner = _pick(item, "local_government")
    if isinstance(inner, LocalGovernment):
        return inner
    code = _pick(item, "code")
    return LocalGovernment.objects.filter(code=code).first() if code else None


def _ordered(lgs: Sequence[LocalGovernment | None]) -> list[LocalGovernment]:
    # The nearest body first (municipality or SAO), the PAO last; no duplicates.
    seen: dict[int, LocalGovernment] = {}
    for lg in lgs:
        if lg is not None:
            seen.setdefault(lg.pk, lg)
    return sorted(seen.values(), key=lambda lg: (lg.kind == LocalGovernment.Kind.PAO, lg.code))


def _outside() -> OutsideThailandError:
    return OutsideThailandError(_("This place is outside Thailand. Please check the pin."))


def _no_boundaries() -> NoBoundariesError:
    return NoBoundariesError(
        _("Area boundaries are not loaded yet, so the place cannot be found from the map. "
          "Please choose the subdistrict instead.")
    )


def candidates_for_subdistrict(subdistrict: Subdistrict) -> list[LocalGovernment]:
    module = _area_selectors()
    if module is not None and hasattr(module, "candidates_for_subdistrict"):
        found = module.candidates_for_subdistrict(subdistrict.code)
        return _ordered([_as_local_government(item) for item in found])
    local = list(LocalGovernment.objects.filter(coverage__subdistrict=subdistrict))
    pao = list(LocalGovernment.objects.filter(province_id=subdistrict.province_id,
                                              kind=LocalGovernment.Kind.PAO))
    return _ordered(local + pao)


def locate_point(*, lat: float, lon: float) -> Located:
    min_lon, min_lat, max_lon, max_lat = THAILAND_BBOX
    if not (min_lat <= lat <= max_lat and min_lon <= lon <= max_lon):
        raise _outside()
    module = _area_selectors()
    if module is not None:
        try:
            result = module.area_lookup(lat=lat, lon=lon)
        except Exception as exc:
            name = type(exc).__name__
            if name == "OutsideThailand":
                raise _outside() from exc
            if name == "NoBoundaries":
                raise _no_boundaries() from exc
            if any(k.__name__ == "AreaLookupError" for k in type(exc).__mro__):
                raise LocationError(str(exc)) from exc
            raise
        subdistrict = _pick(result, "subdistrict")
        if isinstance(subdistrict, str):
            subdistrict = Subdistrict.objects.filter(code=subdistrict).first()
        # Only the id is needed for the report's foreign key: no need to load the polygon.
        boundary_id = _pick(result, "boundary_id")
        boundary = None if boundary_id else _pick(result, "boundary")
        if boundary is not None and not isinstance(boundary, Boundary):
            boundary = None
        raw = _pick(result, "candidates") or []
        candidates = _ordered([_as_local_government(item) for item in raw])
        if not candidates and subdistrict is not None:
            candidates = candidates_for_subdistrict(subdistrict)
        return Located(subdistrict=subdistrict, boundary=boundary, candidates=candidates,
                       boundary_id=boundary_id or (boundary.pk if boundary else None))
    return _fallback(lat, lon)


def _fallback(lat: float, lon: float) -> Located:
    import shapely

    boundary_set = BoundarySet.objects.filter(
        level=BoundarySet.Level.SUBDISTRICT, is_current=True
    ).first()
    if boundary_set is None:
        raise _no_boundaries()
    rows = Boundary.objects.filter(
        boundary_set=boundary_set, min_lon__lte=lon, max_lon__gte=lon,
        min_lat__lte=lat, max_lat__gte=lat,
    ).order_by("code")
    point = shapely.Point(lon, lat)
    for row in rows:
        if shapely.from_wkb(bytes(row.geometry_wkb)).intersects(point):
            subdistrict = Subdistrict.objects.filter(code=row.code).first()
            candidates = candidates_for_subdistrict(subdistrict) if subdistrict else []
            return Located(subdistrict=subdistrict, boundary=row, candidates=candidates)
    # Inside the box but in no subdistrict: the sea or a neighbouring country.
    raise _outside()


def locate_subdistrict(*, code: str) -> Located:
    subdistrict = Subdistrict.objects.filter(code=code).select_related("province").first()
    if subdistrict is None:
        raise LocationError(_("Unknown subdistrict."))
    return Located(subdistrict=subdistrict, candidates=candidates_for_subdistrict(subdistrict))

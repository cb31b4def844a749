"""Areas as JSON: the gazetteer, local governments, and the point lookup.

Lookup errors are JSON {"detail", "code"}: 400 for bad numbers ("invalid_coordinates") or a point
outside Thailand ("outside_thailand"); 503 when no subdistrict boundaries are imported
("no_boundaries": the site can still be used by choosing province, district and subdistrict)
or the gazetteer is not loaded ("areas_not_loaded").
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from ruamkan.api.pagination import BoundedPageNumberPagination
from ruamkan.areas import selectors
from ruamkan.areas.models import Subdistrict
from ruamkan.areas.schemas import (
    AreaOut,
    CandidateOut,
    LocalGovernmentDetailOut,
    LocalGovernmentOut,
    LookupErrorOut,
    LookupOut,
    NotFoundOut,
    SubdistrictOut,
)

PREFIX = "/areas/"
router = Router(tags=["areas"])

ERROR_STATUS = {
    selectors.InvalidCoordinates: 400,
    selectors.OutsideThailand: 400,
    selectors.NoBoundaries: 503,
    selectors.AreasNotLoaded: 503,
}


def _area(area: Any) -> AreaOut:
    return AreaOut(code=area.code, name_th=area.name_th, name_en=area.name_en)


def _subdistrict(sub: Subdistrict) -> SubdistrictOut:
    return SubdistrictOut(code=sub.code, name_th=sub.name_th, name_en=sub.name_en,
                          postcodes=sub.postal_codes.split())


@router.get(
    "/lookup",
    response={200: LookupOut, 400: LookupErrorOut, 503: LookupErrorOut},
    summary="Which subdistrict and local governments serve a point",
    description=(
        "Every municipality or SAO covering the subdistrict is returned (complete or partial "
        "coverage), then the province-wide body (PAO; Bangkok for Bangkok). 400 with code "
        "invalid_coordinates or outside_thailand; 503 with code no_boundaries when no "
        "subdistrict boundaries are imported (choose province, district and subdistrict "
        "instead)."
    ),
)
def lookup(request: HttpRequest, lat: str, lon: str) -> Any:
    # lat/lon are read as text so that bad numbers get the same 400 JSON as other errors.
    try:
        result = selectors.area_lookup(lat=lat, lon=lon)  # type: ignore[arg-type]
    except selectors.AreaLookupError as exc:
        status = ERROR_STATUS.get(type(exc), 400)
        return Status(status, LookupErrorOut(detail=exc.message, code=exc.code))
    return LookupOut(
        subdistrict=_subdistrict(result.subdistrict),
        district=_area(result.district),
        province=_area(result.province),
        boundary_set=result.boundary_set_id,
        boundary=result.boundary_id,
        other_subdistricts=[_subdistrict(s) for s in result.other_subdistricts],
        candidates=[
            CandidateOut(
                code=c.local_government.code, kind=c.local_government.kind,
                name_th=c.local_government.display_name_th,
                name_en=c.local_government.display_name_en,
                url=c.local_government.get_absolute_url(), coverage=c.coverage,
            )
            for c in result.candidates
        ],
    )


@router.get("/provinces", response=list[AreaOut], summary="All 77 provinces")
def provinces(request: HttpRequest) -> list[AreaOut]:
    return [_area(p) for p in selectors.province_list().order_by("code")]


@router.get("/provinces/{code}/districts", response={200: list[AreaOut], 404: NotFoundOut})
def districts(request: HttpRequest, code: str) -> Any:
    try:
        province = selectors.province_get(code=code)
    except Http404:
        return Status(404, NotFoundOut(detail=_("No such province.")))
    return [_area(d) for d in selectors.district_list(province_code=province.code)]


@router.get("/districts/{code}/subdistricts", response={200: list[SubdistrictOut], 404: NotFoundOut})
def subdistricts(request: HttpRequest, code: str) -> Any:
    try:
        district = selectors.district_get(code=code)
    except Http404:
        return Status(404, NotFoundOut(detail=_("No such district.")))
    return [_subdistrict(s) for s in selectors.subdistrict_list(district_code=district.code)]


@router.get(
    "/local-governments", response=list[LocalGovernmentOut],
    summary="Search local governments by name, postcode or code",
)
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def local_governments(request: HttpRequest, q: str = "", province: str = "") -> Any:
    qs = selectors.local_government_search(query=q)
    if province:
        qs = qs.filter(province_id=province)
    return qs.order_by("province_id", "kind", "name_th", "code")


@router.get(
    "/local-governments/{code}", response={200: LocalGovernmentDetailOut, 404: NotFoundOut}
)
def local_government(request: HttpRequest, code: str) -> Any:
    try:
        return selectors.local_government_get(code=code)
    except Http404:
        return Status(404, NotFoundOut(detail=_("No such local government.")))

"""Pages: provinces, local governments, and "find your local government"."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ruamkan.areas import selectors
from ruamkan.areas.models import District, Province, Subdistrict


def _spaces_for(request: HttpRequest, **kwargs: Any) -> list[Any]:
    # Spaces belong to the spaces app; the areas pages work without it.
    try:
        from ruamkan.spaces.selectors import (
            space_list_for_local_government,
            space_list_for_province,
        )
    except ImportError:
        return []
    if "province" in kwargs:
        return list(space_list_for_province(user=request.user, province=kwargs["province"]))
    return list(
        space_list_for_local_government(user=request.user, local_government=kwargs["local_government"])
    )


def province_list(request: HttpRequest) -> HttpResponse:
    return render(request, "areas/province_list.html", {"provinces": selectors.province_list()})


def province_detail(request: HttpRequest, code: str) -> HttpResponse:
    province = selectors.province_get(code=code)
    return render(request, "areas/province_detail.html", {
        "province": province,
        "districts": selectors.district_list(province_code=province.code),
        "lg_groups": selectors.local_governments_of_province(province=province),
        "spaces": _spaces_for(request, province=province),
        "now": timezone.now(),
    })


def local_government_detail(request: HttpRequest, code: str) -> HttpResponse:
    lg = selectors.local_government_get(code=code)
    coverage = selectors.local_government_coverage(local_government=lg)
    return render(request, "areas/local_government_detail.html", {
        "lg": lg,
        "coverage": coverage,
        "province_body": selectors.province_wide_body(province_id=lg.province_id, exclude=lg),
        "boundaries": selectors.boundary_geojson(codes=[sub.code for sub, _c in coverage]),
        "boundary_source": selectors.current_boundary_source(),
        "spaces": _spaces_for(request, local_government=lg),
        "now": timezone.now(),
    })


def _picked(request: HttpRequest) -> dict[str, Any]:
    """The province → district → subdistrict choice from GET, each checked against its parent."""
    province = Province.objects.filter(code=request.GET.get("province", "")).first()
    district = subdistrict = None
    if province:
        district = District.objects.filter(
            code=request.GET.get("district", ""), province=province
        ).first()
    if district:
        subdistrict = Subdistrict.objects.filter(
            code=request.GET.get("subdistrict", ""), district=district
        ).first()
    return {
        "provinces": selectors.province_list(),
        "province": province,
        "districts": selectors.district_list(province_code=province.code) if province else [],
        "district": district,
        "subdistricts": selectors.subdistrict_list(district_code=district.code) if district else [],
        "subdistrict": subdistrict,
    }


def find(request: HttpRequest) -> HttpResponse:
    context = _picked(request)
    query = request.GET.get("q", "").strip()
    context["query"] = query
    if query:
        context["results"] = list(selectors.local_government_search(query=query)[:50])
    lat, lon = request.GET.get("lat", "").strip(), request.GET.get("lon", "").strip()
    context.update(lat=lat, lon=lon)
    if lat or lon:
        try:
            context["lookup"] = selectors.area_lookup(lat=lat, lon=lon)  # type: ignore[arg-type]
        except selectors.AreaLookupError as exc:
            context["lookup_error"] = exc
    if context["subdistrict"]:
        context["candidates"] = selectors.candidates_for_subdistrict(context["subdistrict"].code)
    context["has_boundaries"] = selectors.current_boundary_set_id() is not None
    return render(request, "areas/find.html", context)


def find_districts(request: HttpRequest) -> HttpResponse:
    """htmx: the district <select> for the chosen province (and an emptied subdistrict one)."""
    return render(request, "areas/includes/district_field.html", {**_picked(request), "oob": True})


def find_subdistricts(request: HttpRequest) -> HttpResponse:
    return render(request, "areas/includes/subdistrict_field.html", _picked(request))

"""JSON shapes of the areas API."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Schema

from ruamkan.areas import selectors


class AreaOut(Schema):
    code: str
    name_th: str
    name_en: str


class SubdistrictOut(AreaOut):
    postcodes: list[str]


class CandidateOut(Schema):
    code: str
    kind: str
    name_th: str
    name_en: str
    url: str
    coverage: Literal["complete", "partial", "province"]


class LookupOut(Schema):
    subdistrict: SubdistrictOut
    district: AreaOut
    province: AreaOut
    boundary_set: int
    boundary: int
    other_subdistricts: list[SubdistrictOut]
    candidates: list[CandidateOut]


class LookupErrorOut(Schema):
    detail: str
    code: str


class CoverageOut(Schema):
    subdistrict: SubdistrictOut
    complete: bool


class LocalGovernmentOut(Schema):
    code: str
    kind: str
    kind_label: str
    name_th: str
    name_en: str
    province: str
    district: str | None
    url: str
    website: str
    office_lat: float | None
    office_lon: float | None

    # Resolved from a LocalGovernment, so paginated querysets are read one page at a time.
    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_name_th(obj: Any) -> str:
        return str(obj.display_name_th)

    @staticmethod
    def resolve_name_en(obj: Any) -> str:
        return str(obj.display_name_en)

    @staticmethod
    def resolve_province(obj: Any) -> str:
        return str(obj.province_id)

    @staticmethod
    def resolve_district(obj: Any) -> str | None:
        return obj.district_id

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return str(obj.get_absolute_url())


class LocalGovernmentDetailOut(LocalGovernmentOut):
    province_name_th: str
    province_name_en: str
    coverage: list[CoverageOut]

    @staticmethod
    def resolve_province_name_th(obj: Any) -> str:
        return str(obj.province.name_th)

    @staticmethod
    def resolve_province_name_en(obj: Any) -> str:
        return str(obj.province.name_en)

    @staticmethod
    def resolve_coverage(obj: Any) -> list[dict[str, Any]]:
        return [
            {"subdistrict": {"code": sub.code, "name_th": sub.name_th, "name_en": sub.name_en,
                             "postcodes": sub.postal_codes.split()},
             "complete": complete}
            for sub, complete in selectors.local_government_coverage(local_government=obj)
        ]


class NotFoundOut(Schema):
    detail: str

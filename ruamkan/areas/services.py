"""Writes for areas: loading the DOPA gazetteer, importing local governments and boundaries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from ruamkan.areas.lib import lg_rows
from ruamkan.areas.lib.boundaries import read_features
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

BATCH = 1000


class AreasNotLoaded(RuntimeError):
    pass


class LocalGovernmentImportError(ValueError):
    """Every problem found, as (line, message); nothing was written."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = errors
        super().__init__(
            _("%(count)d problem(s); nothing was imported") % {"count": len(errors)}
        )


@dataclass
class AreasLoadReport:
    provinces: int
    districts: int
    subdistricts: int
    abolished: int


@dataclass
class LocalGovernmentImportReport:
    created: int = 0
    updated: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    coverage_created: int = 0
    coverage_updated: int = 0
    coverage_deleted: int = 0
    warnings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated


def _upsert(model: type, objects: list, fields: list[str], unique: list[str]) -> None:
    # One INSERT ... ON CONFLICT DO UPDATE per batch: the same on SQLite and PostgreSQL.
    model.objects.bulk_create(  # type: ignore[attr-defined]
        objects, batch_size=BATCH, update_conflicts=True, unique_fields=unique,
        update_fields=fields,
    )


@transaction.atomic
def areas_load() -> AreasLoadReport:
    """Provinces, districts and subdistricts from the installed `geothai` package, plus the codes
    DOPA abolished and what replaced them. Idempotent: rows are updated in place, never deleted
    (records elsewhere point at them)."""
    import geothai
    from geothai.abolished import abolished_areas

    provinces = [Province(code=p.code, name_th=p.name_th, name_en=p.name_en or "")
                 for p in geothai.provinces()]
    districts: list[District] = []
    subdistricts: list[Subdistrict] = []
    for p in provinces:
        for d in geothai.districts(p.code):
            districts.append(District(code=d.code, name_th=d.name_th, name_en=d.name_en or "",
                                      province_id=p.code))
            subdistricts.extend(
                Subdistrict(code=s.code, name_th=s.name_th, name_en=s.name_en or "",
                            district_id=d.code, province_id=p.code,
                            postal_codes=" ".join(s.postal_codes)[:40])
                for s in geothai.subdistricts(d.code)
            )
    abolished = [
        AbolishedAreaCode(code=a.code, level=a.level, name_th=a.name_th[:150],
                          name_en=(a.name_en or "")[:150],
                          abolished_on=dt.date.fromisoformat(a.abolished_on),
                          successor_codes=" ".join(a.successors)[:200])
        for a in abolished_areas()
    ]
    _upsert(Province, provinces, ["name_th", "name_en"], ["code"])
    _upsert(District, districts, ["name_th", "name_en", "province"], ["code"])
    _upsert(Subdistrict, subdistricts,
            ["name_th", "name_en", "district", "province", "postal_codes"], ["code"])
    _upsert(AbolishedAreaCode, abolished,
            ["level", "name_th", "name_en", "abolished_on", "successor_codes"], ["code"])
    return AreasLoadReport(len(provinces), len(districts), len(subdistricts), len(abolished))


def _known_codes() -> tuple[set[str], set[str], set[str], dict[str, list[str]]]:
    provinces = set(Province.objects.values_list("code", flat=True))
    if not provinces:
        raise AreasNotLoaded(
            _("No provinces in the database: run `manage.py load_areas` first.")
        )
    return (
        provinces,
        set(District.objects.values_list("code", flat=True)),
        set(Subdistrict.objects.values_list("code", flat=True)),
        {code: succ.split() for code, succ in
         AbolishedAreaCode.objects.values_list("code", "successor_codes")},
    )


@transaction.atomic
def local_governments_import(
    *, rows: Iterable[tuple[int, Mapping[str, str]]], strict: bool = False
) -> LocalGovernmentImportReport:
    """Validate every row first; if any is wrong raise LocalGovernmentImportError and write
    nothing. Otherwise create or update each body by its code and make its coverage match."""
    provinces, districts, subdistricts, abolished = _known_codes()
    checked = lg_rows.validate_rows(
        rows, province_codes=provinces, district_codes=districts,
        subdistrict_codes=subdistricts, abolished=abolished, strict=strict,
    )
    if checked.errors:
        raise LocalGovernmentImportError(checked.errors)
    report = LocalGovernmentImportReport(warnings=checked.warnings)
    records = checked.records
    existing = set(LocalGovernment.objects.values_list("code", flat=True))
    objects = [
        LocalGovernment(
            code=r.code, kind=r.kind, name_th=r.name_th, name_en=r.name_en,
            province_id=r.province_code, district_id=r.district_code, office_lat=r.lat,
            office_lon=r.lon, website=r.website, wikidata=r.wikidata,
        )
        for r in records
    ]
    _upsert(LocalGovernment, objects,
            ["kind", "name_th", "name_en", "province", "district", "office_lat", "office_lon",
             "website", "wikidata"], ["code"])
    for r in records:
        report.by_kind[r.kind] += 1
        if r.code in existing:
            report.updated += 1
        else:
            report.created += 1

    # Coverage: make the rows of the imported bodies equal to the file, touching only changes.
    codes = {r.code for r in records}
    ids = dict(LocalGovernment.objects.values_list("code", "pk"))
    wanted = {(ids[r.code], sub): complete for r in records for sub, complete in r.covers}
    imported_ids = {ids[c] for c in codes}
    have = {
        (lg_id, sub): (pk, complete)
        for pk, lg_id, sub, complete in Coverage.objects.values_list(
            "pk", "local_government_id", "subdistrict_id", "complete"
        )
        if lg_id in imported_ids
    }
    stale = [pk for key, (pk, _c) in have.items() if key not in wanted]
    changed = [
        Coverage(pk=pk, complete=wanted[key])
        for key, (pk, complete) in have.items()
        if key in wanted and wanted[key] != complete
    ]
    new = [
        Coverage(local_government_id=lg_id, subdistrict_id=sub, complete=complete)
        for (lg_id, sub), complete in wanted.items()
        if (lg_id, sub) not in have
    ]
    for start in range(0, len(stale), BATCH):
        Coverage.objects.filter(pk__in=stale[start:start + BATCH]).delete()
    Coverage.objects.bulk_update(changed, ["complete"], batch_size=BATCH)
    Coverage.objects.bulk_create(new, batch_size=BATCH)
    report.coverage_created, report.coverage_updated, report.coverage_deleted = (
        len(new), len(changed), len(stale)
    )
    return report


@transaction.atomic
def boundaries_import(
    *, path: Path, level: str, name: str = "", source: str = ""
) -> BoundarySet:
    """A new generation of boundaries for `level`, made current; the previous one stays (records
    filed under it keep pointing at it) but is no longer used for lookups."""
    features = read_features(Path(path), level)
    BoundarySet.objects.filter(level=level, is_current=True).update(is_current=False)
    boundary_set = BoundarySet.objects.create(
        level=level, name=(name or Path(path).stem)[:200], source=(source or Path(path).name)[:300],
        is_current=True,
    )
    Boundary.objects.bulk_create(
        [
            Boundary(
                boundary_set=boundary_set, code=f.code, name_th=f.name_th, name_en=f.name_en,
                geometry_wkb=f.wkb, min_lon=f.bounds[0], min_lat=f.bounds[1],
                max_lon=f.bounds[2], max_lat=f.bounds[3],
            )
            for f in features
        ],
        batch_size=500,
    )
    return boundary_set

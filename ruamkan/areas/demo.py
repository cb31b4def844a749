"""Demo areas: the whole gazetteer (from geothai), and for Narathiwat a small set of local
governments and simplified subdistrict boundaries shipped in ruamkan/areas/data/."""

from __future__ import annotations

from pathlib import Path

from ruamkan.areas import services
from ruamkan.areas.lib import lg_rows
from ruamkan.areas.models import BoundarySet, LocalGovernment, Province

ORDER = 10
DATA = Path(__file__).resolve().parent / "data"
LOCAL_GOVERNMENTS = DATA / "narathiwat.json"
BOUNDARIES = DATA / "narathiwat_subdistricts.geojson"
TOWN_CODE = "9699"  # เทศบาลเมืองนราธิวาส
PAO_CODE = "96"  # องค์การบริหารส่วนจังหวัดนราธิวาส
SAO_CODE = "960107"  # องค์การบริหารส่วนตำบลโคกเคียน


def load(ctx) -> None:
    report = services.areas_load()
    ctx.log(f"areas: {report.provinces} provinces, {report.districts} districts, "
            f"{report.subdistricts} subdistricts")
    rows = lg_rows.read_json(LOCAL_GOVERNMENTS)
    codes = {row["code"] for _line, row in rows}
    if LocalGovernment.objects.filter(code__in=codes).count() < len(codes):
        imported = services.local_governments_import(rows=rows)
        ctx.log(f"areas: {imported.total} Narathiwat local governments")
    if not BoundarySet.objects.filter(
        level=BoundarySet.Level.SUBDISTRICT, is_current=True
    ).exists():
        services.boundaries_import(
            path=BOUNDARIES, level=BoundarySet.Level.SUBDISTRICT,
            name="Narathiwat subdistricts (HDX 2019, simplified)",
            source="OCHA/RTSD via HDX, CC BY-IGO",
        )
        ctx.log("areas: Narathiwat subdistrict boundaries")
    ctx.objects["narathiwat"] = Province.objects.get(code="96")
    ctx.objects["lg_narathiwat_town"] = LocalGovernment.objects.get(code=TOWN_CODE)
    ctx.objects["pao"] = LocalGovernment.objects.get(code=PAO_CODE)
    ctx.objects["sao"] = LocalGovernment.objects.get(code=SAO_CODE)

"""load_areas against the geothai package it reads, and the abolished-code resolver."""

import geothai
import pytest
from django.core.management import CommandError, call_command
from geothai.abolished import abolished_areas

from ruamkan.areas.models import AbolishedAreaCode, District, Province, Subdistrict
from ruamkan.areas.selectors import subdistrict_resolve

pytestmark = pytest.mark.django_db


def test_load_areas_loads_every_area_once_and_is_idempotent(capsys):
    call_command("load_areas")
    assert (Province.objects.count(), District.objects.count(), Subdistrict.objects.count()) == (
        77, 928, 7436,
    )
    assert AbolishedAreaCode.objects.count() == len(abolished_areas())
    # A second run changes nothing and repairs an edited name.
    Province.objects.filter(code="96").update(name_th="x")
    call_command("load_areas")
    assert Subdistrict.objects.count() == 7436
    assert Province.objects.get(code="96").name_th == "นราธิวาส"
    out = capsys.readouterr().out
    assert "7436" in out


def test_loaded_rows_match_geothai():
    call_command("load_areas", verbosity=0)
    for gs in geothai.subdistricts("9601"):
        row = Subdistrict.objects.get(code=gs.code)
        assert (row.name_th, row.name_en, row.district_id, row.province_id) == (
            gs.name_th, gs.name_en, "9601", "96",
        )
        assert row.postal_codes.split() == list(gs.postal_codes)


def test_abolished_code_maps_to_its_successors():
    call_command("load_areas", verbosity=0)
    with_successors = [a for a in abolished_areas() if a.level == "subdistrict" and a.successors]
    assert with_successors
    current = {s.code for p in geothai.provinces() for d in geothai.districts(p.code)
               for s in geothai.subdistricts(d.code)}
    by_code = {a.code: a for a in abolished_areas()}

    def expected(code, depth=0):  # a successor may itself have been abolished later
        if code in current:
            return [code]
        if code in by_code and depth < 10:
            return [c for s in by_code[code].successors for c in expected(s, depth + 1)]
        return []

    import random

    sample = random.Random(7).sample(with_successors, 150)
    sample += [a for a in with_successors if len(a.successors) > 1][:10]
    for area in sample:
        assert [s.code for s in subdistrict_resolve(area.code)] == expected(area.code), area.code
    split = next(a for a in with_successors if len(a.successors) > 1)
    assert {s.code for s in subdistrict_resolve(split.code)} == set(split.successors)


def test_resolving_a_current_code_gives_itself_and_unknown_gives_nothing():
    call_command("load_areas", verbosity=0)
    assert [s.code for s in subdistrict_resolve("960101")] == ["960101"]
    assert subdistrict_resolve("999999") == []


def test_importing_local_governments_before_areas_says_to_load_areas(tmp_path):
    path = tmp_path / "lg.csv"
    path.write_text("lao_type,code,name_th,province_code\nPAO,96,นราธิวาส,96\n", encoding="utf-8")
    with pytest.raises(CommandError, match="load_areas"):
        call_command("import_local_governments", str(path))

"""Boundaries and the point lookup against the shared national files (skipped without ../shared)."""

import csv
import json
import random
from collections import defaultdict

import pytest
from django.core.management import call_command
from shapely.geometry import shape

from ruamkan.areas import selectors
from ruamkan.areas.models import Boundary, BoundarySet, Subdistrict
from ruamkan.areas.tests.conftest import module_data
from ruamkan.core.testing import shared_path

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
ADM3 = "data/areas/mapthai_hdx2019_adm3_simplified.geojson"
LGS = "data/areas/local_governments_2022.csv"


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    if not (shared_path(ADM3).exists() and shared_path(LGS).exists()):
        pytest.skip(f"shared data not found under {shared_path()} (national lookup tests need "
                    "../shared/data/areas/)")

    def load():
        call_command("load_areas", verbosity=0)
        call_command("import_local_governments", str(shared_path(LGS)), verbosity=0)
        call_command("import_boundaries", str(shared_path(ADM3)), "--level", "subdistrict",
                     verbosity=0)

    with module_data(django_db_blocker, load):
        yield


@pytest.fixture(scope="module")
def features():
    data = json.loads(shared_path(ADM3).read_text(encoding="utf-8"))
    return {f["properties"]["adm3_pcode"][2:]: shape(f["geometry"]) for f in data["features"]}


def test_boundary_import_made_one_current_set(national, features):
    current = BoundarySet.objects.get(level="subdistrict", is_current=True)
    assert current.boundaries.count() == len(features) == 7425
    b = current.boundaries.get(code="420803")
    assert (b.name_th, b.name_en) == ("อาฮี", "A Hi")
    minx, miny, maxx, maxy = features["420803"].bounds
    assert (b.min_lon, b.min_lat, b.max_lon, b.max_lat) == pytest.approx((minx, miny, maxx, maxy))


def test_a_thousand_interior_points_find_their_own_subdistrict(national, features):
    current_codes = set(Subdistrict.objects.values_list("code", flat=True))
    codes = sorted(c for c in features if c in current_codes)
    sample = random.Random(2569).sample(codes, 1000)
    boundary_ids = dict(Boundary.objects.filter(boundary_set__is_current=True)
                        .values_list("code", "pk"))
    wrong = []
    for code in sample:
        point = features[code].representative_point()
        result = selectors.area_lookup(lat=point.y, lon=point.x)
        if result.subdistrict.code != code or result.boundary_id != boundary_ids[code]:
            wrong.append((code, result.subdistrict.code))
        assert result.district.code == code[:4] and result.province.code == code[:2]
    assert wrong == []


def test_shared_subdistricts_return_every_body_and_the_pao(national, features, client):
    # Expected candidates from the CSV itself: who covers what, and each province's PAO.
    covers = defaultdict(dict)
    pao = {}
    with shared_path(LGS).open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["lao_type"] in ("PAO", "Bangkok"):
                pao[row["province_code"]] = row["code"]
            for token in row["covers"].split():
                sub, kind = token.split(":")
                covers[sub][row["code"]] = "complete" if kind == "c" else "partial"
    shared = sorted(
        sub for sub, bodies in covers.items()
        if len(bodies) > 1 and sub in features and not sub.startswith("10")
    )
    assert len(shared) > 500
    for sub in random.Random(96).sample(shared, 40):
        point = features[sub].representative_point()
        response = client.get("/api/v1/areas/lookup", {"lat": point.y, "lon": point.x})
        assert response.status_code == 200
        body = response.json()
        assert body["subdistrict"]["code"] == sub
        got = {c["code"]: c["coverage"] for c in body["candidates"]}
        assert got == {**covers[sub], pao[sub[:2]]: "province"}
        kinds = {c["kind"] for c in body["candidates"]}
        assert "pao" in kinds and kinds & {"sao", "thesaban_tambon", "thesaban_mueang",
                                           "thesaban_nakhon", "pattaya"}


def test_bangkok_alone_covers_bangkok(national, features):
    point = features["100101"].representative_point()
    result = selectors.area_lookup(lat=point.y, lon=point.x)
    assert [(c.local_government.code, c.coverage) for c in result.candidates] == [
        ("10", "province")
    ]


@pytest.mark.parametrize(
    ("place", "lat", "lon"),
    [("Singapore", 1.2903, 103.8519), ("Vientiane", 17.9757, 102.6331),
     ("Andaman Sea", 8.0, 97.5), ("Phnom Penh", 11.5564, 104.9282)],
)
def test_points_outside_thailand_are_a_clear_400(national, client, place, lat, lon):
    response = client.get("/api/v1/areas/lookup", {"lat": lat, "lon": lon})
    assert response.status_code == 400, place
    assert response.json()["code"] == "outside_thailand"
    assert "ประเทศไทย" in response.json()["detail"]  # Thai first


def test_a_new_generation_becomes_current_and_the_index_follows(national, tmp_path, features):
    old = BoundarySet.objects.get(level="subdistrict", is_current=True)
    point = features["960101"].representative_point()
    first = selectors.area_lookup(lat=point.y, lon=point.x)
    assert first.boundary_set_id == old.pk
    # A new generation holding only Narathiwat town's subdistrict.
    one = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"ADM3_PCODE": "TH960101", "ADM3_TH": "บางนาค"},
        "geometry": features["960101"].__geo_interface__}]}
    path = tmp_path / "one.geojson"
    path.write_text(json.dumps(one), encoding="utf-8")
    call_command("import_boundaries", str(path), "--level", "subdistrict", "--name", "one",
                 verbosity=0)
    new = BoundarySet.objects.get(level="subdistrict", is_current=True)
    assert new.pk != old.pk and new.name == "one"
    old.refresh_from_db()
    assert not old.is_current and old.boundaries.count() == 7425  # history kept
    second = selectors.area_lookup(lat=point.y, lon=point.x)
    assert second.boundary_set_id == new.pk and second.boundary_id != first.boundary_id
    elsewhere = features["420803"].representative_point()
    with pytest.raises(selectors.OutsideThailand):
        selectors.area_lookup(lat=elsewhere.y, lon=elsewhere.x)  # not in the new generation

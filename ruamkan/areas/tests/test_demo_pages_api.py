"""The app as shipped, on its own demo data (no ../shared needed): demo loader, pages, API,
search, and the errors people meet."""

import json
from io import StringIO
from pathlib import Path

import pytest
from shapely.geometry import shape

from ruamkan.areas import demo, selectors
from ruamkan.areas.models import BoundarySet, District, LocalGovernment, Province, Subdistrict
from ruamkan.core.demo import DemoContext

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def polygons():
    data = json.loads((DATA / "narathiwat_subdistricts.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["adm3_pcode"][2:]: shape(f["geometry"]) for f in data["features"]}


def _inside(polygons, code):
    point = polygons[code].representative_point()
    return {"lat": point.y, "lon": point.x}


# Demo ------------------------------------------------------------------------------------------
def test_demo_loads_the_gazetteer_narathiwat_bodies_and_boundaries(demo_areas):
    ctx = demo_areas
    assert (Province.objects.count(), District.objects.count(), Subdistrict.objects.count()) == (
        77, 928, 7436,
    )
    assert ctx.objects["narathiwat"].code == "96"
    assert ctx.objects["lg_narathiwat_town"].display_name_th == "เทศบาลเมืองนราธิวาส"
    assert ctx.objects["pao"].kind == "pao" and ctx.objects["pao"].province_id == "96"
    assert ctx.objects["sao"].kind == "sao"
    listed = json.loads((DATA / "narathiwat.json").read_text(encoding="utf-8"))
    assert LocalGovernment.objects.count() == len(listed["local_governments"])
    current = BoundarySet.objects.get(level="subdistrict", is_current=True)
    assert current.boundaries.count() == Subdistrict.objects.filter(province_id="96").count()


def test_demo_is_idempotent(demo_areas):
    before = (LocalGovernment.objects.count(), BoundarySet.objects.count())
    demo.load(DemoContext(out=StringIO()))
    assert (LocalGovernment.objects.count(), BoundarySet.objects.count()) == before


# Lookup ----------------------------------------------------------------------------------------
def test_lookup_in_narathiwat_town(demo_areas, polygons, client):
    response = client.get("/api/v1/areas/lookup", _inside(polygons, "960101"))
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"subdistrict", "district", "province", "boundary_set", "candidates"}
    assert body["subdistrict"] == {"code": "960101", "name_th": "บางนาค", "name_en": "Bang Nak",
                                   "postcodes": ["96000"]}
    assert body["district"]["code"] == "9601" and body["province"]["name_th"] == "นราธิวาส"
    assert body["boundary_set"] == selectors.current_boundary_set_id()
    assert [(c["code"], c["coverage"]) for c in body["candidates"]] == [
        ("9699", "complete"), ("96", "province"),
    ]
    town = body["candidates"][0]
    assert town == {
        "code": "9699", "kind": "thesaban_mueang", "name_th": "เทศบาลเมืองนราธิวาส",
        "name_en": "Narathiwat Town Municipality", "url": "/lg/9699/", "coverage": "complete",
    }


def test_a_shared_subdistrict_returns_the_municipality_the_sao_and_the_pao(demo_areas, polygons):
    # ตำบลเจ๊ะเห (960201) is split between เทศบาลเมืองตากใบ and อบต.พร่อน.
    result = selectors.area_lookup(**_inside(polygons, "960201"))
    got = [(c.local_government.code, c.coverage) for c in result.candidates]
    assert sorted(got[:2]) == [("960203", "partial"), ("9697", "partial")]
    assert got[2:] == [("96", "province")]
    assert result.boundary.code == "960201"
    assert [c.local_government.code for c in selectors.candidates_for_subdistrict("960201")] == [
        code for code, _c in got
    ]


@pytest.mark.parametrize(("lat", "lon"), [(1.2903, 103.8519), (17.9757, 102.6331)])
def test_outside_thailand_is_a_400_with_a_message(demo_areas, client, lat, lon):
    response = client.get("/api/v1/areas/lookup", {"lat": lat, "lon": lon})
    assert response.status_code == 400
    assert response.json()["code"] == "outside_thailand" and response.json()["detail"]


@pytest.mark.parametrize(("lat", "lon"), [("abc", "101.8"), ("6.4", ""), ("nan", "101"),
                                          ("95", "101")])
def test_bad_numbers_are_a_400(demo_areas, client, lat, lon):
    response = client.get("/api/v1/areas/lookup", {"lat": lat, "lon": lon})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_coordinates"


def test_without_boundaries_lookup_says_so_and_the_page_offers_the_picker(demo_areas, client):
    BoundarySet.objects.update(is_current=False)
    with pytest.raises(selectors.NoBoundaries):
        selectors.area_lookup(lat=6.42, lon=101.82)
    response = client.get("/api/v1/areas/lookup", {"lat": 6.42, "lon": 101.82})
    assert response.status_code == 503
    assert response.json()["code"] == "no_boundaries"
    assert "จังหวัด" in response.json()["detail"]  # Thai first: "choose province, district..."
    page = client.get("/find/", {"lat": 6.42, "lon": 101.82})
    html = page.content.decode()
    assert page.status_code == 200 and 'role="alert"' in html and 'name="province"' in html


def test_the_error_message_follows_the_requested_language(demo_areas, client):
    response = client.get("/api/v1/areas/lookup", {"lat": 1.29, "lon": 103.85},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert "Thailand" in response.json()["detail"]


# API -------------------------------------------------------------------------------------------
def test_gazetteer_api(demo_areas, client):
    provinces = client.get("/api/v1/areas/provinces").json()
    assert len(provinces) == 77 and {"code": "96", "name_th": "นราธิวาส",
                                      "name_en": "Narathiwat"} in provinces
    districts = client.get("/api/v1/areas/provinces/96/districts").json()
    assert len(districts) == District.objects.filter(province_id="96").count() == 13
    subs = client.get("/api/v1/areas/districts/9601/subdistricts").json()
    assert subs[0]["code"].startswith("9601") and subs[0]["postcodes"] == ["96000"]
    assert client.get("/api/v1/areas/provinces/00/districts").status_code == 404
    assert client.get("/api/v1/areas/districts/0000/subdistricts").status_code == 404


def test_local_government_api(demo_areas, client):
    page = client.get("/api/v1/areas/local-governments", {"province": "96", "page_size": 5}).json()
    assert page["count"] == LocalGovernment.objects.filter(province_id="96").count()
    assert len(page["items"]) == 5
    found = client.get("/api/v1/areas/local-governments", {"q": "เทศบาลเมืองนราธิวาส"}).json()
    assert [i["code"] for i in found["items"]] == ["9699"]
    detail = client.get("/api/v1/areas/local-governments/9699").json()
    assert detail["name_th"] == "เทศบาลเมืองนราธิวาส" and detail["province_name_th"] == "นราธิวาส"
    assert detail["coverage"] == [{"subdistrict": {"code": "960101", "name_th": "บางนาค",
                                                   "name_en": "Bang Nak", "postcodes": ["96000"]},
                                   "complete": True}]
    assert client.get("/api/v1/areas/local-governments/nope").status_code == 404


# Search ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("เทศบาลเมืองนราธิวาส", {"9699"}),
        ("อบต.โคกเคียน", {"960107"}),
        ("องค์การบริหารส่วนจังหวัดนราธิวาส", {"96"}),
        ("Narathiwat Town Municipality", {"9699"}),
        ("ตากใบ", {"9697"}),
        ("960107", {"960107"}),
    ],
)
def test_search_by_name_with_or_without_type_words_and_by_code(demo_areas, query, expected):
    assert set(selectors.local_government_search(query=query).values_list("code", flat=True)) == expected


def test_search_by_postcode_gives_covering_bodies_and_the_pao(demo_areas):
    codes = set(selectors.local_government_search(query="96000").values_list("code", flat=True))
    covering = set(LocalGovernment.objects.filter(
        coverage__subdistrict__postal_codes__contains="96000").values_list("code", flat=True))
    assert covering and codes == covering | {"96"}
    assert "9698" not in codes  # Su-ngai Kolok is 96120


def test_local_government_get_and_province_get_404(demo_areas):
    from django.http import Http404

    assert selectors.local_government_get(code="9699").name_th == "นราธิวาส"
    assert selectors.province_get(code="96").name_en == "Narathiwat"
    with pytest.raises(Http404):
        selectors.local_government_get(code="nope")
    with pytest.raises(Http404):
        selectors.province_get(code="00")


# Pages -----------------------------------------------------------------------------------------
def test_province_pages(demo_areas, client):
    listing = client.get("/provinces/")
    assert listing.status_code == 200 and "นราธิวาส" in listing.content.decode()
    page = client.get("/provinces/96/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "จังหวัดนราธิวาส" in html
    assert "เทศบาลเมืองสุไหงโกลก" in html and "องค์การบริหารส่วนตำบลโคกเคียน" in html
    assert "เมืองนราธิวาส" in html  # a district
    assert client.get("/provinces/00/").status_code == 404


def test_local_government_page(demo_areas, client):
    from ruamkan.spaces.tests.factories import PhaseFactory, SpaceFactory

    town = LocalGovernment.objects.get(code="9699")
    space = SpaceFactory(local_government=town, title="ร่วมออกแบบสวนสาธารณะริมแม่น้ำบางนรา")
    PhaseFactory(space=space)
    response = client.get("/lg/9699/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "เทศบาลเมืองนราธิวาส" in html and "Narathiwat Town Municipality" in html
    assert "บางนาค" in html and "http://www.naracity.go.th/" in html
    assert 'id="lg-map"' in html and 'data-lat="6.426200"' in html
    assert 'id="lg-boundaries"' in html and "areas/map.js" in html and "leaflet/leaflet.js" in html
    assert "ร่วมออกแบบสวนสาธารณะริมแม่น้ำบางนรา" in html
    assert "องค์การบริหารส่วนจังหวัดนราธิวาส" in html  # the PAO also serves it
    assert client.get("/lg/nope/").status_code == 404


def test_find_by_name_postcode_and_location(demo_areas, polygons, client):
    html = client.get("/find/", {"q": "96000"}).content.decode()
    assert "เทศบาลเมืองนราธิวาส" in html
    html = client.get("/find/", _inside(polygons, "960201")).content.decode()
    assert "เจ๊ะเห" in html and "เทศบาลเมืองตากใบ" in html and "องค์การบริหารส่วนตำบลพร่อน" in html
    assert 'data-geolocate="submit"' in html and 'for="id_lat"' in html


def test_the_picker_works_without_javascript(demo_areas, client):
    step1 = client.get("/find/").content.decode()
    assert "ค้นหาองค์กรปกครองส่วนท้องถิ่นของคุณ" in step1 and "เลือกจังหวัด" in step1
    assert '<select id="id_province" name="province"' in step1 and 'name="district"' not in step1
    step2 = client.get("/find/", {"province": "96"}).content.decode()
    assert 'name="district"' in step2 and "ตากใบ" in step2 and 'name="subdistrict"' not in step2
    step3 = client.get("/find/", {"province": "96", "district": "9602"}).content.decode()
    assert 'name="subdistrict"' in step3 and "เจ๊ะเห" in step3
    step4 = client.get(
        "/find/", {"province": "96", "district": "9602", "subdistrict": "960201"}
    ).content.decode()
    assert "เทศบาลเมืองตากใบ" in step4 and "องค์การบริหารส่วนตำบลพร่อน" in step4
    assert "องค์การบริหารส่วนจังหวัดนราธิวาส" in step4
    # A district from another province is ignored, not trusted.
    mixed = client.get("/find/", {"province": "96", "district": "1001"}).content.decode()
    assert 'name="subdistrict"' not in mixed


def test_htmx_partials_swap_the_next_select(demo_areas, client):
    districts = client.get("/find/districts/", {"province": "96"}, HTTP_HX_REQUEST="true")
    html = districts.content.decode()
    assert districts.status_code == 200 and "<html" not in html
    assert 'id="district-field"' in html and 'value="9601"' in html
    assert 'id="subdistrict-field"' in html and 'hx-swap-oob="true"' in html
    subs = client.get("/find/subdistricts/", {"province": "96", "district": "9601"}).content.decode()
    assert 'name="subdistrict"' in subs and 'value="960101"' in subs


def test_admin_lists_areas(demo_areas, admin_client):
    for url in ["/admin/areas/province/", "/admin/areas/subdistrict/?q=96000",
                "/admin/areas/localgovernment/", "/admin/areas/boundaryset/",
                f"/admin/areas/localgovernment/{LocalGovernment.objects.get(code='9699').pk}/change/"]:
        assert admin_client.get(url).status_code == 200, url

"""Citizens file reports through the web form: routing, photos, location and bad input."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ruamkan.servicerequests.models import Report, ReportEvent, Status
from ruamkan.servicerequests.tests.conftest import GULF, SHARED_POINT, TOKYO, TOWN_POINT
from ruamkan.servicerequests.tests.factories import jpeg

URL = "/reports/new/"


def _post(client, **fields):
    data = {"topic": "road", "description": "ถนนพิชิตบำรุงเป็นหลุมลึก รถจักรยานยนต์ล้มบ่อย",
            "lat": TOWN_POINT[0], "lon": TOWN_POINT[1]}
    data.update(fields)
    return client.post(URL, {k: v for k, v in data.items() if v is not None})


def test_form_page_is_small_labelled_and_has_stable_ids(client, place):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    for element_id in ('id="report-form"', 'id="id_topic"', 'id="id_description"',
                       'id="id_photos"', 'id="id_lat"', 'id="id_lon"', 'id="id_subdistrict"',
                       'id="report-submit"', 'for="id_description"', 'for="id_photos"'):
        assert element_id in html
    assert "<script>" not in html and ' style="' not in html  # CSP: no inline code or styles
    assert "leaflet/leaflet.js" in html and "servicerequests/report-map.js" in html
    assert len(response.content) < 30_000


def test_report_with_photo_is_routed_to_the_town_and_the_photo_loses_its_gps(client, place):
    citizen = place["people"]["citizen"]
    client.force_login(citizen)
    photo = SimpleUploadedFile("IMG_0001.jpg", jpeg(gps=True, size=(3000, 2000)),
                               content_type="image/jpeg")
    response = _post(client, photos=photo, hide_name="on", contact_phone="0812345678")
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    assert report.local_government == place["town"]
    assert report.category == place["categories"]["road"]
    assert report.status == Status.WAITING and report.open311_status == "open"
    assert report.subdistrict_id == "960101"
    assert report.boundary is not None and report.boundary.code == "960101"
    assert report.accept_due > report.created_at and report.close_due > report.accept_due
    stored = report.photos.get()
    assert stored.image.name.endswith(".jpg") and "IMG_0001" not in stored.image.name
    with Image.open(stored.image.path) as img:
        assert max(img.size) <= 1600
        assert not img.getexif().get_ifd(0x8825)
        assert 0x010F not in img.getexif()
    page = client.get(response["Location"]).content.decode()
    assert "ถนนพิชิตบำรุง" in page and citizen.display_name not in page  # name hidden
    assert "0812345678" not in page  # contact details are for officers only
    assert ReportEvent.objects.filter(report=report, kind="routed", to_body=place["town"]).exists()


def test_pao_road_goes_to_the_pao(client, place):
    _post(client, topic="pao_road", description="ถนนทางหลวงชนบท นธ.3012 ทรุดตัว")
    assert Report.objects.get().local_government == place["pao"]


def test_ambiguous_place_goes_to_the_triage_queue_of_the_candidates(client, place):
    _post(client, topic="streetlight", lat=SHARED_POINT[0], lon=SHARED_POINT[1],
          description="ไฟถนนดับทั้งซอย หน้ามัสยิด")
    report = Report.objects.get()
    assert report.local_government is None and report.in_triage
    assert set(report.candidates.all()) == {place["town"], place["sao"]}


def test_picking_the_subdistrict_works_without_a_map(client, place):
    response = _post(client, lat="", lon="", subdistrict="960101", topic="garbage",
                     description="ขยะไม่ได้เก็บมาหนึ่งสัปดาห์")
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.local_government == place["town"] and report.lat is None


# The interface is Thai first: messages are checked in Thai.
@pytest.mark.parametrize(("fields", "message"), [
    ({"lat": "", "lon": ""}, "กรุณาระบุตำแหน่ง"),
    ({"lat": TOKYO[0], "lon": TOKYO[1]}, "นอกประเทศไทย"),
    ({"lat": GULF[0], "lon": GULF[1]}, "นอกประเทศไทย"),
    ({"lat": TOWN_POINT[0], "lon": ""}, "ทั้งละติจูดและลองจิจูด"),
    ({"topic": "ufo"}, "ufo"),
    ({"description": ""}, 'id="id_description_error"'),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_stored(client, place, fields,
                                                                       message):
    response = _post(client, **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'class="errorlist' in html
    assert Report.objects.count() == 0


def test_unreadable_or_oversize_photos_are_refused_never_stored(client, place, settings):
    media = Path(settings.MEDIA_ROOT)
    fake = SimpleUploadedFile("x.jpg", b"<?php system($_GET['c']); ?>", content_type="image/jpeg")
    response = _post(client, photos=fake)
    # The refusal is shown on the photo field (its wording comes from ruamkan.core.images).
    assert response.status_code == 400 and 'id="id_photos_error"' in response.content.decode()
    settings.RUAMKAN_MAX_IMAGE_BYTES = 10_000
    big = SimpleUploadedFile("big.jpg", jpeg(size=(2000, 2000)), content_type="image/jpeg")
    response = _post(client, photos=big)
    assert response.status_code == 400 and 'id="id_photos_error"' in response.content.decode()
    assert Report.objects.count() == 0
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_flaky_phone_posting_five_times_files_one_report(client, place):
    key = "c9b1f1e0-5d7a-4a51-9a0b-3b1df7e2a111"
    answers = [_post(client, idempotency_key=key) for _ in range(5)]
    assert Report.objects.count() == 1
    assert {a.status_code for a in answers} == {302}
    assert len({a["Location"] for a in answers}) == 1
    assert answers[-1]["Idempotent-Replayed"] == "true"
    changed = _post(client, idempotency_key=key, description="อีกเรื่องหนึ่ง")
    assert changed.status_code == 422 and Report.objects.count() == 1


def test_public_list_and_map_data(client, place):
    _post(client)
    _post(client, topic="flooding", description="น้ำท่วมถนนพิชิตบำรุง สูง 30 ซม.")
    listing = client.get("/reports/?status=open&topic=flooding").content.decode()
    assert "น้ำท่วมถนนพิชิตบำรุง" in listing and "หลุมลึก" not in listing
    data = client.get("/reports/map.geojson?lg=T96A").json()
    assert len(data["features"]) == 2
    assert data["features"][0]["geometry"]["coordinates"] == [TOWN_POINT[1], TOWN_POINT[0]]


def test_png_photo_is_converted_to_jpeg(client, place):
    out = io.BytesIO()
    Image.new("RGBA", (40, 40), (0, 0, 255, 128)).save(out, format="PNG")
    _post(client, photos=SimpleUploadedFile("a.png", out.getvalue(), content_type="image/png"))
    with Image.open(Report.objects.get().photos.get().image.path) as img:
        assert img.format == "JPEG"


def test_anonymous_flooding_is_capped_per_address(client, place, settings):
    from django.core.cache import cache

    cache.clear()
    settings.RUAMKAN_REPORTS_PER_HOUR = 3
    codes = [_post(client, description=f"ขยะกองที่ {i}").status_code for i in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert Report.objects.count() == 3
    cache.clear()


def test_html_in_reports_is_never_executed(client, place):
    payload = '<script>alert(1)</script><img src=x onerror=alert(2)>ถนนพัง'
    _post(client, description=payload, address='"><svg onload=alert(3)>')
    report = Report.objects.get()
    for url in (f"/reports/{report.pk}/", "/reports/", f"/open311/v2/requests/{report.pk}.xml"):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "onerror=alert" not in body
        assert "<svg onload" not in body
    assert "ถนนพัง" in report.description

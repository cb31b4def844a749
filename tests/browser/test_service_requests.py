"""Co-production in a real browser: a citizen reports a problem with a photo on a phone; the
town's officer forwards it to the PAO, whose officer closes it; the citizen sees it done."""

import io

import pytest
from PIL import Image

from ruamkan.servicerequests.models import Report, ReportPhoto
from ruamkan.servicerequests.tests.conftest import TOWN_POINT, _fresh_quota  # noqa: F401
from ruamkan.servicerequests.tests.conftest import place as sr_place  # noqa: F401
from tests.browser.conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _photo_with_gps(path):
    image = Image.new("RGB", (1200, 900), (90, 90, 90))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (6.0, 25.0, 30.0), 3: "E", 4: (101.0, 49.0, 30.0)}
    image.save(path, format="JPEG", exif=exif.tobytes())
    return path


def test_report_forward_and_close(page, login, sr_place, screenshot, tmp_path):  # noqa: F811
    people = sr_place["people"]
    login(people["citizen"])
    page.goto("/reports/new/")
    page.locator("#id_lat").fill(str(TOWN_POINT[0]))
    page.locator("#id_lon").fill(str(TOWN_POINT[1]))
    page.locator("#id_topic").select_option("road")
    page.locator("#id_description").fill("ถนนหน้าตลาดเป็นหลุมลึก รถจักรยานยนต์ล้มสองคันแล้ว")
    page.locator("#id_photos").set_input_files(str(_photo_with_gps(tmp_path / "hole.jpg")))
    found = axe_serious(page)
    assert found == [], [n["html"] for v in found for n in v["nodes"]]
    screenshot("report-form")
    page.locator("#report-submit").click()
    page.wait_for_load_state()
    report = Report.objects.get()
    assert report.local_government == sr_place["town"]
    photo = ReportPhoto.objects.get(report=report)
    with Image.open(io.BytesIO(photo.image.read())) as stored:
        assert not stored.getexif().get_ifd(0x8825)  # GPS gone
    screenshot("report-sent")

    # The town's officer forwards it: a rural highway is the PAO's.
    page.context.clear_cookies()
    login(people["officer"])
    page.goto(f"/reports/{report.pk}/manage/")
    page.locator("#id_forward-to").select_option(sr_place["pao"].code)
    page.locator("#forward-form textarea").fill("ถนนสายนี้เป็นทางหลวงชนบท อยู่ในความรับผิดชอบของ อบจ.")
    page.locator("#forward-submit").click()
    page.wait_for_load_state()
    report.refresh_from_db()
    assert report.local_government == sr_place["pao"]

    # The PAO's officer closes it, with a message to the citizen.
    page.context.clear_cookies()
    login(people["pao_officer"])
    page.goto(f"/reports/{report.pk}/manage/")
    page.locator("#status-form select[name='status-status']").select_option("done")
    page.locator("#status-form textarea").fill("ซ่อมผิวถนนเรียบร้อยแล้ว")
    page.locator("#status-submit").click()
    page.wait_for_load_state()
    report.refresh_from_db()
    assert report.status == "done"
    screenshot("report-manage-done")

    page.context.clear_cookies()
    page.goto(report.get_absolute_url())
    assert page.locator("#report-status").count() == 1
    assert axe_serious(page) == []
    screenshot("report-public-done")


def test_the_form_map_loads_only_when_asked_and_a_tap_places_the_pin(page, login, sr_place):  # noqa: F811
    login(sr_place["people"]["citizen"])
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/reports/new/")
    page.wait_for_load_state("networkidle")
    assert not any("leaflet" in url for url in requested)  # light first load on a slow phone
    assert page.locator("#id_lat").input_value() == ""
    page.locator("#report-map-open").click()
    page.locator("#report-map.leaflet-container").wait_for()
    assert page.locator("#report-map-open").is_hidden()
    box = page.locator("#report-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.locator("#id_lat").input_value() != ""
    assert page.locator(".leaflet-marker-icon").count() == 1
    found = axe_serious(page)
    assert found == [], [n["html"] for v in found for n in v["nodes"]]

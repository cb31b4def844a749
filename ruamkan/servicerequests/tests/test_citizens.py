"""Citizens follow reports, get notified, confirm a fix or reopen it, and rate it."""

from ruamkan.servicerequests import services
from ruamkan.servicerequests.models import Status
from ruamkan.servicerequests.tests.conftest import TOWN_POINT
from ruamkan.spaces.models import Notification


def _done_report(place):
    report = services.report_create(topic="garbage", description="ขยะล้นถังหน้าโรงเรียน",
                                    lat=TOWN_POINT[0], lon=TOWN_POINT[1],
                                    reporter=place["people"]["citizen"])
    services.report_update_status(by=place["people"]["officer"], report=report, status="done",
                                  text="เก็บขยะแล้ว")
    report.refresh_from_db()
    return report


def test_a_neighbour_follows_and_is_notified(client, place):
    report = services.report_create(topic="stray_animals", description="สุนัขจรจัดไล่กัดเด็กนักเรียน",
                                    lat=TOWN_POINT[0], lon=TOWN_POINT[1])
    neighbour = place["people"]["neighbour"]
    client.force_login(neighbour)
    assert client.post(f"/reports/{report.pk}/follow/").status_code == 302
    services.report_update_status(by=place["people"]["officer"], report=report,
                                  status="in_progress", text="ประสานปศุสัตว์อำเภอแล้ว")
    note = Notification.objects.get(user=neighbour)
    assert report.number in note.text and note.url == f"/reports/{report.pk}/"
    client.post(f"/reports/{report.pk}/follow/")  # unfollow
    services.report_update_status(by=place["people"]["officer"], report=report, status="done")
    assert Notification.objects.filter(user=neighbour).count() == 1


def test_reporter_confirms_the_fix_and_rates_it(client, place):
    report = _done_report(place)
    client.force_login(place["people"]["citizen"])
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'id="report-confirm"' in page and 'id="report-rate-form"' in page
    client.post(f"/reports/{report.pk}/confirm/")
    client.post(f"/reports/{report.pk}/rate/", {"rating": "4", "comment": "รวดเร็วดี"})
    report.refresh_from_db()
    assert report.confirmed_fixed_at is not None and report.rating == 4


def test_rating_outside_one_to_five_is_refused(client, place):
    report = _done_report(place)
    client.force_login(place["people"]["citizen"])
    client.post(f"/reports/{report.pk}/rate/", {"rating": "6"})
    client.post(f"/reports/{report.pk}/rate/", {"rating": "0"})
    report.refresh_from_db()
    assert report.rating is None


def test_reporter_reopens_and_the_body_is_told(client, place):
    report = _done_report(place)
    client.force_login(place["people"]["citizen"])
    client.post(f"/reports/{report.pk}/reopen/", {"reason": "ยังมีขยะเหลืออีกสองกอง"})
    report.refresh_from_db()
    assert report.status == Status.REOPENED and report.reopen_count == 1
    assert report.closed_at is None and report.open311_status == "open"
    assert Notification.objects.filter(user=place["people"]["officer"],
                                       verb="report_reopened").exists()


def test_others_cannot_confirm_reopen_or_rate(client, place):
    report = _done_report(place)
    client.force_login(place["people"]["neighbour"])
    assert client.post(f"/reports/{report.pk}/confirm/").status_code == 403
    assert client.post(f"/reports/{report.pk}/reopen/", {"reason": "x"}).status_code == 403
    assert client.post(f"/reports/{report.pk}/rate/", {"rating": "1"}).status_code == 403
    report.refresh_from_db()
    assert report.status == Status.DONE and report.rating is None
    client.logout()
    assert client.post(f"/reports/{report.pk}/rate/", {"rating": "1"}).status_code == 302
    report.refresh_from_db()
    assert report.rating is None

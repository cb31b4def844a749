"""Download-my-data includes a person's reports; erasing the account keeps the reports but drops
what identifies the reporter."""

from ruamkan.accounts.services import user_erase
from ruamkan.servicerequests import services
from ruamkan.servicerequests.models import Report
from ruamkan.servicerequests.tests.conftest import TOWN_POINT


def test_export_and_erasure(client, place):
    citizen = place["people"]["citizen"]
    report = services.report_create(topic="garbage", description="ขยะล้นถังหน้าบ้านเลขที่ 12",
                                    lat=TOWN_POINT[0], lon=TOWN_POINT[1], reporter=citizen,
                                    contact_name="ซูไฮมี", contact_phone="0812345678")
    client.force_login(citizen)
    data = client.get("/me/export.json").json()["data"]["service_requests"]
    assert data[0]["id"] == report.pk and data[0]["contact_phone"] == "0812345678"
    user_erase(user=citizen)
    report.refresh_from_db()
    assert report.reporter is None and report.contact_phone == "" and report.contact_name == ""
    assert report.hide_name and Report.objects.count() == 1

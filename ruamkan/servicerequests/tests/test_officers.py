"""Officers work their queue through the pages: accept, progress, close with an after photo,
forward with a reason, assign from triage, merge, split, internal notes, bulk actions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ruamkan.core.models import AuditEvent
from ruamkan.servicerequests import services
from ruamkan.servicerequests.models import Report, ReportEvent, ResponseTemplate, Status
from ruamkan.servicerequests.tests.conftest import SHARED_POINT, TOWN_POINT
from ruamkan.servicerequests.tests.factories import jpeg
from ruamkan.spaces.models import Notification


def file_report(place, *, topic="streetlight", point=TOWN_POINT, reporter=None, text=None):
    return services.report_create(
        topic=topic, description=text or "ไฟถนนดับ ถนนพิชิตบำรุง ช่วงหน้าตลาด",
        lat=point[0], lon=point[1], reporter=reporter or place["people"]["citizen"])


def manage(client, report, action, **data):
    """Post one of the manage page's forms (each has its own field prefix)."""
    fields = {f"{action}-{key}": value for key, value in data.items()}
    return client.post(f"/reports/{report.pk}/manage/", {"action": action, **fields})


def test_queue_lists_the_bodys_reports_for_its_officers_only(client, place):
    report = file_report(place)
    officer = place["people"]["officer"]
    client.force_login(officer)
    page = client.get("/reports/queue/?body=T96A").content.decode()
    assert f'id="queue-row-{report.pk}"' in page and 'id="bulk-form"' in page
    client.force_login(place["people"]["sao_officer"])
    assert client.get("/reports/queue/?body=T96A").status_code == 403
    assert f"queue-row-{report.pk}" not in client.get("/reports/queue/").content.decode()
    assert client.get(f"/reports/{report.pk}/manage/").status_code == 403
    client.force_login(place["people"]["citizen"])
    assert client.get("/reports/queue/").status_code == 403


def test_accept_progress_and_close_with_an_after_photo_notifies_the_reporter(client, place):
    report = file_report(place)
    client.force_login(place["people"]["officer"])
    assert manage(client, report, "status", status="accepted").status_code == 302
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED and report.accepted_at is not None
    manage(client, report, "status", status="in_progress", text="ช่างไฟฟ้าออกตรวจแล้ว")
    photo = SimpleUploadedFile("after.jpg", jpeg(), content_type="image/jpeg")
    response = manage(client, report, "status", status="done",
                      text="เปลี่ยนหลอดไฟ LED แล้ว 3 ดวง", photos=photo, photo_kind="after")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.DONE and report.closed_at and report.open311_status == "closed"
    assert report.photos.filter(kind="after").count() == 1
    citizen_news = Notification.objects.filter(user=place["people"]["citizen"])
    assert citizen_news.count() == 3
    assert any("เปลี่ยนหลอดไฟ" in n.text for n in citizen_news)
    public = client.get(f"/reports/{report.pk}/").content.decode()
    assert "เปลี่ยนหลอดไฟ LED" in public and 'data-status="done"' in public


def test_an_impossible_move_is_refused(client, place):
    report = file_report(place)
    client.force_login(place["people"]["officer"])
    manage(client, report, "status", status="done")
    response = manage(client, report, "status", status="in_progress")
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == Status.DONE


def test_forward_needs_a_reason_keeps_history_and_moves_the_report(client, place):
    report = file_report(place, topic="road", text="ถนนสาย นธ.3012 ทรุดเป็นแนวยาว")
    client.force_login(place["people"]["officer"])
    refused = manage(client, report, "forward", to="P96", reason="")
    assert refused.status_code == 400
    response = manage(client, report, "forward", to="P96",
                      reason="เป็นถนนทางหลวงชนบทในความรับผิดชอบของ อบจ.")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.local_government == place["pao"] and report.status == Status.FORWARDED
    assert report.category == place["categories"]["pao_road"] or report.category is None
    event = ReportEvent.objects.get(report=report, kind="forwarded")
    assert event.from_body == place["town"] and event.to_body == place["pao"]
    assert "ทางหลวงชนบท" in event.text
    assert AuditEvent.objects.filter(action="servicerequests.forward").exists()
    # The town no longer handles it; the PAO does, and accepts it.
    assert client.get(f"/reports/{report.pk}/manage/").status_code == 403
    client.force_login(place["people"]["pao_officer"])
    assert f"queue-row-{report.pk}" in client.get("/reports/queue/?body=P96").content.decode()
    manage(client, report, "status", status="accepted")
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED
    history = client.get(f"/reports/{report.pk}/").content.decode()
    assert "ทางหลวงชนบทในความรับผิดชอบ" in history  # the reason is public


def test_triage_queue_is_shared_and_one_candidate_assigns_it(client, place):
    report = file_report(place, point=SHARED_POINT)
    for who in ("officer", "sao_officer"):
        client.force_login(place["people"][who])
        body = "T96A" if who == "officer" else "S96B"
        page = client.get(f"/reports/queue/?body={body}&triage=1").content.decode()
        assert f"queue-row-{report.pk}" in page
    client.force_login(place["people"]["pao_officer"])
    assert client.get(f"/reports/{report.pk}/manage/").status_code == 403
    client.force_login(place["people"]["sao_officer"])
    assert manage(client, report, "status", status="accepted").status_code == 400
    assert manage(client, report, "assign", to="S96B").status_code == 302
    report.refresh_from_db()
    assert report.local_government == place["sao"]
    assert report.category == place["categories"]["sao_streetlight"]


def test_merge_closes_the_duplicate_and_moves_followers(client, place):
    first = file_report(place)
    second = file_report(place, reporter=place["people"]["neighbour"], text="ไฟดับหน้าตลาดเหมือนกัน")
    client.force_login(place["people"]["officer"])
    assert manage(client, second, "merge", into=first.pk).status_code == 302
    second.refresh_from_db()
    assert second.status == Status.DUPLICATE and second.duplicate_of == first
    assert second.open311_status == "closed"
    services.report_update_status(by=place["people"]["officer"], report=first, status="done",
                                  text="ซ่อมแล้ว")
    assert Notification.objects.filter(user=place["people"]["neighbour"],
                                       text__contains=first.number).exists()


def test_split_files_the_second_problem_with_its_own_route(client, place):
    report = file_report(place, text="ไฟดับ และมีขยะกองใหญ่ข้างเสาไฟ")
    client.force_login(place["people"]["officer"])
    response = manage(client, report, "split", topic="garbage",
                      description="ขยะกองใหญ่ข้างเสาไฟ")
    assert response.status_code == 302
    new = Report.objects.exclude(pk=report.pk).get()
    assert new.split_from == report and new.topic == "garbage"
    assert new.local_government == place["town"] and new.reporter == report.reporter
    assert new.category == place["categories"]["garbage"]


def test_internal_notes_are_never_public(client, place):
    report = file_report(place)
    client.force_login(place["people"]["officer"])
    manage(client, report, "note", text="ผู้แจ้งเป็นญาติของนายก ระวังการสื่อสาร")
    assert "ระวังการสื่อสาร" in client.get(f"/reports/{report.pk}/manage/").content.decode()
    client.logout()
    assert "ระวังการสื่อสาร" not in client.get(f"/reports/{report.pk}/").content.decode()
    assert "ระวังการสื่อสาร" not in client.get(
        f"/open311/v2/requests/{report.pk}.json").content.decode()
    assert "ระวังการสื่อสาร" not in client.get(f"/api/v1/reports/{report.pk}").content.decode()


def test_bulk_action_with_a_response_template(client, place):
    reports = [file_report(place) for _ in range(3)]
    other = file_report(place, point=SHARED_POINT)  # triage: not this body's to change
    template = ResponseTemplate.objects.create(
        local_government=place["town"], title="รับเรื่อง", text="เทศบาลรับเรื่องแล้ว จะออกตรวจภายใน 3 วัน")
    client.force_login(place["people"]["officer"])
    response = client.post("/reports/queue/bulk/", {
        "reports": [r.pk for r in reports] + [other.pk], "status": "accepted",
        "text": template.text, "next": "/reports/queue/?body=T96A"})
    assert response.status_code == 302
    assert Report.objects.filter(status="accepted").count() == 3
    other.refresh_from_db()
    assert other.status == Status.WAITING
    page = client.get(f"/reports/{reports[0].pk}/").content.decode()
    assert "จะออกตรวจภายใน 3 วัน" in page


def test_status_form_uses_the_template_text_when_no_message_is_typed(client, place):
    report = file_report(place)
    template = ResponseTemplate.objects.create(local_government=place["town"], title="ส่งช่าง",
                                               text="ส่งช่างไฟฟ้าเข้าพื้นที่แล้ว")
    client.force_login(place["people"]["officer"])
    manage(client, report, "status", status="in_progress", template=template.pk, text="")
    assert ReportEvent.objects.filter(report=report, text="ส่งช่างไฟฟ้าเข้าพื้นที่แล้ว").exists()


def test_officers_manage_templates(client, place):
    client.force_login(place["people"]["officer"])
    response = client.post("/reports/templates/T96A/", {"title": "เสร็จสิ้น", "text": "ดำเนินการแล้ว",
                                                        "status": "done"})
    assert response.status_code == 302
    assert ResponseTemplate.objects.filter(local_government=place["town"]).count() == 1
    client.force_login(place["people"]["sao_officer"])
    assert client.get("/reports/templates/T96A/").status_code == 403


@pytest.mark.parametrize("who", ["coordinator"])
def test_the_province_can_act_on_any_report_in_it(client, place, who):
    report = file_report(place)
    client.force_login(place["people"][who])
    assert client.get(f"/reports/{report.pk}/manage/").status_code == 200


def test_manage_page_has_stable_unique_ids(client, place):
    import re

    report = file_report(place, point=SHARED_POINT)  # in triage: every form is on the page
    client.force_login(place["people"]["officer"])
    html = client.get(f"/reports/{report.pk}/manage/").content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for stable in ("forward-form", "id_forward-to", "id_forward-reason", "assign-form",
                   "id_assign-to", "merge-form", "split-form", "note-form", "id_note-text"):
        assert f'id="{stable}"' in html
    routed = file_report(place)
    html = client.get(f"/reports/{routed.pk}/manage/").content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for stable in ("status-form", "id_status-status", "id_status-text", "id_status-photos",
                   "status-submit", "forward-submit"):
        assert f'id="{stable}"' in html


@pytest.mark.parametrize("who", ["sao_officer", "pao_officer", "citizen", None])
def test_nobody_else_can_act_on_a_bodys_report(client, place, who):
    report = file_report(place)
    if who:
        client.force_login(place["people"][who])
    for action, data in (("status", {"status": "done"}), ("forward", {"to": "S96B", "reason": "x"}),
                         ("note", {"text": "x"}), ("merge", {"into": report.pk})):
        response = manage(client, report, action, **data)
        assert response.status_code in (302, 403)
        if who:
            assert response.status_code == 403
        else:
            assert response["Location"].startswith("/accounts/login/")
    report.refresh_from_db()
    assert report.status == Status.WAITING and report.local_government == place["town"]
    assert not ReportEvent.objects.filter(report=report, kind__in=["note", "forwarded"]).exists()

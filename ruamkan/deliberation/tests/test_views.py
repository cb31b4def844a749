"""The journeys through the pages: a citizen proposes and supports, an official answers, the
proposal goes into the plan and its result shows on the public progress page."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ruamkan.deliberation.models import (
    Answer,
    BudgetLine,
    Debate,
    Forum,
    ForumAttendance,
    ForumRegistration,
    Milestone,
    PlanItem,
    Proposal,
    Result,
    Support,
)
from ruamkan.deliberation.tests.conftest import make_phase
from ruamkan.deliberation.tests.factories import ProposalFactory
from ruamkan.spaces.models import Comment, Notification


def _jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (40, 30), (200, 10, 10))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (6.0, 25.0, 31.0)}  # GPSInfo
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


@pytest.mark.django_db
def test_citizen_writes_a_draft_with_photo_and_pdf_then_publishes(client, people, collect):
    client.force_login(people["citizen"])
    url = reverse("deliberation:proposal_create", args=[collect.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    for element_id in ('id="id_title"', 'id="id_body"', 'id="save-draft"', 'id="publish"', "data-pick-map"):
        assert element_id in body
    photo = SimpleUploadedFile("บ้านฉัน.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    pdf = SimpleUploadedFile("แผนที่ส่วนตัว.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF",
                             content_type="application/pdf")
    response = client.post(url, {
        "title": "ติดไฟส่องสว่างถนนพิชิตบำรุง", "body": "ช่วงหน้าตลาดมืดมาก", "lat": "6.4255",
        "lon": "101.8253", "image": photo, "image_alt": "ถนนมืดตอนกลางคืน", "attachment": pdf,
        "attachment_title": "ภาพถ่ายและแผนผัง", "draft": "1",
    })
    assert response.status_code == 302, _messages(response)
    proposal = Proposal.objects.get()
    assert proposal.state == "draft"
    image = proposal.images.get()
    assert image.image.name.endswith(".jpg") and "บ้าน" not in image.image.name
    with Image.open(image.image.path) as stored:
        assert not stored.getexif()
    attachment = proposal.attachments.get()
    assert "แผนที่" not in attachment.file.name
    download = client.get(attachment.get_absolute_url())
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    # The draft is private.
    client.logout()
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(people["citizen"])
    response = client.post(reverse("deliberation:proposal_edit", args=[proposal.pk]), {
        "title": "ติดไฟส่องสว่างถนนพิชิตบำรุงหน้าตลาด", "body": "ช่วงหน้าตลาดมืดมาก",
        "lat": "6.4255", "lon": "101.8253",
    })
    assert response.status_code == 302
    client.post(reverse("deliberation:proposal_publish", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.state == "published" and proposal.title.endswith("หน้าตลาด")
    client.logout()
    detail = client.get(proposal.get_absolute_url()).content.decode()
    assert "หน้าตลาด" in detail and 'id="proposal-map"' in detail
    listing = client.get(reverse("deliberation:phase", args=[collect.pk])).content.decode()
    assert f'id="proposal-{proposal.pk}"' in listing
    geo = client.get(reverse("deliberation:map_data", args=[collect.pk])).json()
    assert geo["features"][0]["geometry"]["coordinates"] == [101.8253, 6.4255]


@pytest.mark.django_db
def test_unreadable_photo_and_non_pdf_are_refused_and_nothing_saved(client, people, collect):
    client.force_login(people["citizen"])
    url = reverse("deliberation:proposal_create", args=[collect.pk])
    for extra in (
        {"image": SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg"),
         "image_alt": "ภาพ"},
        {"attachment": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 executable",
                                          content_type="application/pdf")},
    ):
        response = client.post(url, {"title": "ลอกคลอง", "body": "ก่อนมรสุม", "publish": "1",
                                     **extra}, follow=True)
        assert "message-error" in response.content.decode()
    assert Proposal.objects.count() == 0


@pytest.mark.django_db
def test_similar_proposals_suggested_while_typing(client, people, collect):
    ProposalFactory(phase=collect, title="ติดไฟส่องสว่างหน้าโรงเรียนบ้านบางนาค",
                    tokens="ติด ไฟ ส่องสว่าง หน้า โรงเรียน บ้าน บางนาค")
    ProposalFactory(phase=collect, title="ซ่อมถนนเลียบชายหาดนราทัศน์")
    client.force_login(people["citizen"])
    response = client.get(reverse("deliberation:similar", args=[collect.pk]),
                          {"title": "ไฟส่องสว่างโรงเรียนบางนาค"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "ติดไฟส่องสว่างหน้าโรงเรียนบ้านบางนาค" in body
    assert "ชายหาด" not in body
    empty = client.get(reverse("deliberation:similar", args=[collect.pk]), {"title": "ฟุตบอล"})
    assert "similar-list" not in empty.content.decode()


@pytest.mark.django_db
def test_resident_supports_once_through_the_page(client, people, collect):
    proposal = ProposalFactory(phase=collect, author=people["citizen"])
    client.force_login(people["resident"])
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'id="support-button"' in page
    url = reverse("deliberation:support", args=[proposal.pk])
    assert client.post(url).status_code == 302
    response = client.post(url, follow=True)
    assert "message-error" in response.content.decode()
    assert Support.objects.count() == 1
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    fragment = client.post(url, {"action": "remove"}, headers={"HX-Request": "true"})
    assert 'id="support-box"' in fragment.content.decode()
    assert Support.objects.count() == 0


@pytest.mark.django_db
def test_person_the_space_does_not_allow_sees_why(client, people, collect):
    proposal = ProposalFactory(phase=collect)
    client.force_login(people["citizen"])
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'id="support-reason"' in page and 'id="support-button"' not in page
    response = client.post(reverse("deliberation:support", args=[proposal.pk]), follow=True)
    assert "message-error" in response.content.decode()
    assert Support.objects.count() == 0


@pytest.mark.django_db
def test_official_answers_on_the_page_and_other_lg_official_is_refused(client, people, collect):
    proposal = ProposalFactory(phase=collect, author=people["citizen"])
    url = reverse("deliberation:answer", args=[proposal.pk])
    data = {"state": "accepted", "text": "รับไว้ดำเนินการในปีงบประมาณ 2570", "cost_estimate": "250000"}
    client.force_login(people["other_lg_admin"])
    assert 'id="answer-form"' not in client.get(proposal.get_absolute_url()).content.decode()
    response = client.post(url, data)
    assert response.status_code == 403
    assert Answer.objects.count() == 0
    client.force_login(people["lg_officer"])
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'id="answer-form"' in page
    assert client.post(url, data).status_code == 302
    proposal.refresh_from_db()
    assert proposal.answer_state.key == "accepted"
    assert Notification.objects.filter(user=people["citizen"], verb="answer").exists()
    public = client.get(proposal.get_absolute_url()).content.decode()
    assert "รับไว้ดำเนินการในปีงบประมาณ 2570" in public and "250,000.00" in public


@pytest.mark.django_db
def test_province_coordinator_answers_in_province_spaces_only(client, people, place):
    from ruamkan.spaces.tests.factories import SpaceFactory

    province_space = SpaceFactory(level="province", local_government=None,
                                  province=place["province"], slug="province-voice")
    phase = make_phase(province_space, "deliberation.proposals")
    proposal = ProposalFactory(phase=phase)
    url = reverse("deliberation:answer", args=[proposal.pk])
    data = {"state": "under_review", "text": "ส่งเรื่องให้คณะทำงานจังหวัดพิจารณา"}
    client.force_login(people["other_coordinator"])
    assert client.post(url, data).status_code == 403
    client.force_login(people["coordinator"])
    assert client.post(url, data).status_code == 302
    assert Answer.objects.get().state.local_government is None


@pytest.mark.django_db
def test_overdue_answers_on_the_officials_list(client, people, collect):
    due = ProposalFactory(phase=collect, title="ขยายเขตประปาหมู่ 3",
                          threshold_reached_at=timezone.now() - dt.timedelta(days=40),
                          answer_due_at=timezone.now() - dt.timedelta(days=10))
    ProposalFactory(phase=collect, title="ยังไม่ถึงเกณฑ์")
    client.force_login(people["lg_officer"])
    page = client.get(reverse("deliberation:awaiting")).content.decode()
    assert f'id="awaiting-{due.pk}"' in page and "ยังไม่ถึงเกณฑ์" not in page
    assert "tag-bad" in page
    client.force_login(people["other_lg_admin"])
    assert "ขยายเขตประปา" not in client.get(reverse("deliberation:awaiting")).content.decode()
    client.force_login(people["resident"])
    assert client.get(reverse("deliberation:awaiting")).status_code == 403


@pytest.mark.django_db
def test_amendment_through_the_pages(client, people, collect):
    proposal = ProposalFactory(phase=collect, author=people["citizen"], title="ลอกคลอง")
    client.force_login(people["resident"])
    response = client.post(reverse("deliberation:amend", args=[proposal.pk]), {
        "title": "ลอกคลองบางนรา", "body": "ก่อนเดือนตุลาคม", "reason": "ให้ชัดเจน"})
    assert response.status_code == 302
    amendment = proposal.amendments.get()
    client.force_login(people["citizen"])
    assert f'id="amendment-{amendment.pk}"' in client.get(proposal.get_absolute_url()).content.decode()
    client.post(reverse("deliberation:amendment_decide", args=[amendment.pk, "accept"]))
    proposal.refresh_from_db()
    assert proposal.title == "ลอกคลองบางนรา"


@pytest.mark.django_db
def test_filters_sorting_search_and_pages(client, people, collect):
    from ruamkan.deliberation.models import Category

    roads = Category.objects.create(space=collect.space, name="ถนน")
    for i in range(25):
        ProposalFactory(phase=collect, title=f"ซ่อมถนนซอย {i}", category=roads, support_count=i)
    ProposalFactory(phase=collect, title="ติดไฟส่องสว่างสนามเด็กเล่น", support_count=100)
    url = reverse("deliberation:phase", args=[collect.pk])
    first = client.get(url, {"sort": "supported"}).content.decode()
    assert first.index("สนามเด็กเล่น") < first.index("ซอย 24")
    assert 'rel="next"' in first
    by_category = client.get(url, {"category": roads.pk, "page": 2}).content.decode()
    assert "สนามเด็กเล่น" not in by_category and "ซ่อมถนนซอย" in by_category
    search = client.get(url, {"q": "ไฟสนามเด็กเล่น"}).content.decode()
    assert "สนามเด็กเล่น" in search and "ซ่อมถนนซอย" not in search
    order = [re.findall(r'id="proposal-(\d+)"', client.get(url, {"sort": "random", "page": n})
                        .content.decode()) for n in (1, 1, 2)]
    assert order[0] == order[1]  # the same seed for the whole session
    assert len(order[0]) == 20 and not set(order[0]) & set(order[2])
    newest = re.findall(r'id="proposal-(\d+)"', client.get(url).content.decode())
    assert order[0] != newest
    assert client.get(reverse("deliberation:map", args=[collect.pk])).status_code == 200
    printed = client.get(reverse("deliberation:proposal_print", args=[Proposal.objects.first().pk]))
    assert "no-print" in printed.content.decode()


@pytest.mark.django_db
def test_open_data_exports_have_no_personal_data(client, people, collect):
    proposal = ProposalFactory(phase=collect, author=people["citizen"], lat=6.425512, lon=101.825311,
                               title="=HYPERLINK(\"x\")")
    ProposalFactory(phase=collect, state="draft", title="ร่างลับ")
    slug = collect.space.slug
    data = json.loads(client.get(reverse("deliberation:export", args=[slug, "json"])).content)
    assert [p["id"] for p in data["proposals"]] == [proposal.pk]
    row = data["proposals"][0]
    assert row["lat"] == 6.426 and "author" not in row
    text = client.get(reverse("deliberation:export", args=[slug, "csv"])).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["title"].startswith("'=")
    assert people["citizen"].email not in text and people["citizen"].display_name not in text


@pytest.mark.django_db
def test_debate_for_and_against_then_conclusion(client, people, space):
    phase = make_phase(space, "deliberation.debate")
    url = reverse("deliberation:phase", args=[phase.pk])
    client.force_login(people["resident"])
    assert client.post(url, {"title": "ควรย้ายตลาดนัดไปริมแม่น้ำหรือไม่"}).status_code == 403
    client.force_login(people["lg_admin"])
    response = client.post(url, {"title": "ควรย้ายตลาดนัดไปริมแม่น้ำบางนราหรือไม่",
                                 "body": "ตลาดเดิมทำให้รถติด"})
    debate = Debate.objects.get()
    assert response.status_code == 302
    client.force_login(people["citizen"])
    comment_url = reverse("deliberation:comment", args=["debate", debate.pk])
    client.post(comment_url, {"body": "เห็นด้วย รถจะได้ไม่ติด", "stance": "for"})
    client.post(comment_url, {"body": "ไม่เห็นด้วย น้ำท่วมบ่อย", "stance": "against"})
    first = Comment.objects.get(stance="for")
    client.post(comment_url, {"body": "น้ำท่วมแค่เดือนเดียว", "stance": "neutral",
                              "parent": first.pk})
    replying = client.get(debate.get_absolute_url(), {"reply": first.pk}).content.decode()
    assert 'id="replying-to"' in replying and f'name="parent" value="{first.pk}"' in replying
    page = client.get(debate.get_absolute_url()).content.decode()
    assert page.count('class="comment for depth-0"') == 1 and page.count('class="comment against depth-0"') == 1
    assert "น้ำท่วมแค่เดือนเดียว" in page
    against = client.get(debate.get_absolute_url(), {"stance": "against"}).content.decode()
    assert "ไม่เห็นด้วย น้ำท่วมบ่อย" in against and "เห็นด้วย รถจะได้ไม่ติด" not in against
    client.force_login(people["other_lg_admin"])
    assert client.post(reverse("deliberation:debate_close", args=[debate.pk]),
                       {"conclusion": "x"}).status_code == 403
    client.force_login(people["lg_officer"])
    client.post(reverse("deliberation:debate_close", args=[debate.pk]),
                {"conclusion": "ย้ายตลาดเฉพาะวันเสาร์ ทดลอง 3 เดือน"})
    debate.refresh_from_db()
    assert debate.closed_at and "ทดลอง 3 เดือน" in debate.conclusion
    assert Notification.objects.filter(user=people["citizen"], verb="debate_closed").exists()
    client.force_login(people["citizen"])
    client.post(comment_url, {"body": "สายไปแล้ว", "stance": "for"})
    assert not Comment.objects.filter(body="สายไปแล้ว").exists()


@pytest.mark.django_db
def test_forum_registration_capacity_attendance_minutes_and_proposals(client, people, space):
    forums_phase = make_phase(space, "deliberation.forums")
    collect = make_phase(space, "deliberation.proposals")
    start = timezone.localtime() + dt.timedelta(days=3)
    client.force_login(people["lg_admin"])
    response = client.post(reverse("deliberation:phase", args=[forums_phase.pk]), {
        "title": "เวทีประชาคมชุมชนบางนาค", "description": "ทบทวนแผนพัฒนาท้องถิ่น",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "place": "ศาลาประชาคมชุมชนบางนาค", "capacity": 1,
    })
    assert response.status_code == 302, _messages(response)
    forum = Forum.objects.get()
    register = reverse("deliberation:forum_register", args=[forum.pk])
    client.force_login(people["citizen"])
    client.post(register)
    client.force_login(people["resident"])
    response = client.post(register, follow=True)
    assert "message-error" in response.content.decode()
    assert ForumRegistration.objects.count() == 1
    forum.refresh_from_db()
    assert forum.registered_count == 1
    # Attendance: an account, and a villager without one.
    client.force_login(people["lg_officer"])
    attendance = reverse("deliberation:forum_attendance", args=[forum.pk])
    client.post(attendance, {"email": people["citizen"].email})
    client.post(attendance, {"name": "นางแวมีเนาะ", "village": "หมู่ 4 บ้านบางนาค"})
    client.post(attendance, {"name": ""})  # refused: no name and no account
    assert ForumAttendance.objects.count() == 2
    client.force_login(people["other_lg_officer"])
    assert client.post(attendance, {"name": "คนนอก"}).status_code == 403
    client.force_login(people["lg_officer"])
    client.post(reverse("deliberation:forum_minutes", args=[forum.pk]), {
        "minutes": "<p>ผู้เข้าร่วม 42 คน</p><script>alert(1)</script>",
        "resolutions": "1. ขอไฟส่องสว่าง 2. ลอกคลอง"})
    forum.refresh_from_db()
    assert forum.minutes_published_at and "<script" not in forum.minutes_html
    assert Notification.objects.filter(user=people["citizen"], verb="forum_minutes").exists()
    client.post(reverse("deliberation:forum_proposal", args=[forum.pk]), {
        "on_behalf_of": "กลุ่มแม่บ้านหมู่ 4", "title": "ขอลานกีฬาชุมชน",
        "body": "เด็กในชุมชนไม่มีที่เล่นกีฬา"})
    raised = Proposal.objects.get(forum=forum)
    assert raised.state == "published" and raised.phase == collect
    assert raised.on_behalf_of == "กลุ่มแม่บ้านหมู่ 4"
    page = client.get(raised.get_absolute_url()).content.decode()
    assert "กลุ่มแม่บ้านหมู่ 4" in page and forum.title in page
    # Raised at the forum without naming a group: no dangling "by".
    Proposal.objects.filter(pk=raised.pk).update(on_behalf_of="")
    page = client.get(raised.get_absolute_url()).content.decode()
    assert "โดย  (" not in page and "บันทึกโดย" in page
    client.force_login(people["resident"])
    client.post(reverse("deliberation:forum_proposal", args=[forum.pk]), {
        "on_behalf_of": "x", "title": "y", "body": "z"})
    assert Proposal.objects.filter(forum=forum).count() == 1


@pytest.mark.django_db
def test_from_accepted_proposal_to_result_on_the_progress_page(client, people, place, collect):
    proposal = ProposalFactory(phase=collect, author=people["citizen"],
                               title="ติดไฟส่องสว่างถนนพิชิตบำรุง")
    client.force_login(people["lg_admin"])
    client.post(reverse("deliberation:answer", args=[proposal.pk]),
                {"state": "accepted", "text": "เห็นชอบ"})
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'id="plan-form"' in page
    response = client.post(reverse("deliberation:plan", args=[proposal.pk]), {
        "project": "โครงการติดตั้งไฟส่องสว่างถนนพิชิตบำรุง", "year": 2570, "budget": "480000"})
    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert item.year == 2027 and item.year_be == 2570
    proposal.refresh_from_db()
    assert proposal.answer_state.key == "in_plan"
    client.post(reverse("deliberation:budget_line_add", args=[item.pk]),
                {"fiscal_year": 2570, "amount": "450000", "reference": "ข้อบัญญัติ 2570 ข้อ 12"})
    line = BudgetLine.objects.get()
    progress_url = reverse("deliberation:progress", args=[place["town"].code])
    client.post(reverse("deliberation:result_create", args=[place["town"].code]),
                {"title": "ติดตั้งเสาไฟ 12 ต้น", "plan_item": item.pk, "weight": 1})
    result = Result.objects.get()
    assert list(result.proposals.all()) == [proposal]
    client.post(reverse("deliberation:result_update", args=[result.pk]),
                {"status": "in_progress", "progress": 60})
    photo = SimpleUploadedFile("site.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    client.post(reverse("deliberation:milestone_add", args=[result.pk]), {
        "title": "ติดตั้งเสาไฟแล้ว 7 ต้น", "date": "2027-02-01", "photo": photo,
        "photo_alt": "เสาไฟริมถนน"})
    assert Milestone.objects.get().photo
    client.logout()
    page = client.get(progress_url).content.decode()
    assert f'id="result-{result.pk}"' in page and "60%" in page
    assert "ติดตั้งเสาไฟแล้ว 7 ต้น" in page and "2570" in page and proposal.title in page
    assert line.reference in page
    assert Notification.objects.filter(user=people["citizen"], verb="result").exists()
    assert Notification.objects.filter(user=people["citizen"], verb="milestone").exists()
    client.force_login(people["other_lg_admin"])
    assert client.post(reverse("deliberation:result_update", args=[result.pk]),
                       {"status": "done", "progress": 100}).status_code == 403
    result.refresh_from_db()
    assert result.progress == 60


@pytest.mark.django_db
def test_only_accepted_proposals_go_into_the_plan(client, people, collect):
    proposal = ProposalFactory(phase=collect)
    client.force_login(people["lg_admin"])
    client.post(reverse("deliberation:plan", args=[proposal.pk]),
                {"project": "x", "year": 2570, "budget": "1"})
    assert PlanItem.objects.count() == 0


@pytest.mark.django_db
def test_comment_thread_is_paginated(client, people, collect):
    from django.contrib.contenttypes.models import ContentType

    proposal = ProposalFactory(phase=collect)
    ct = ContentType.objects.get_for_model(Proposal)
    Comment.objects.bulk_create([
        Comment(space=collect.space, content_type=ct, object_id=proposal.pk,
                author=people["citizen"], body=f"ความเห็นที่ {i:03d}") for i in range(120)
    ])
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "ความเห็นที่ 000" in page and "ความเห็นที่ 050" not in page
    last = client.get(proposal.get_absolute_url(), {"cpage": 6}).content.decode()
    assert "ความเห็นที่ 119" in last and "ความเห็นที่ 099" not in last
    assert 'rel="next"' not in last


@pytest.mark.django_db
def test_random_order_covers_every_proposal_once_across_pages(client, collect):
    ids = {str(ProposalFactory(phase=collect).pk) for _ in range(45)}
    url = reverse("deliberation:phase", args=[collect.pk])
    seen = []
    for n in (1, 2, 3):
        seen += re.findall(r'id="proposal-(\d+)"', client.get(url, {"sort": "random", "page": n})
                           .content.decode())
    assert len(seen) == 45 and set(seen) == ids
    api = [str(p["id"]) for n in (1, 2, 3) for p in client.get(
        f"/api/v1/deliberation/spaces/{collect.space.slug}/proposals",
        {"sort": "random", "seed": 7, "page": n}).json()]
    assert sorted(api) == sorted(ids)


@pytest.mark.django_db
def test_space_manager_sets_the_rules_and_categories(client, people, collect):
    url = reverse("deliberation:phase_manage", args=[collect.pk])
    client.force_login(people["resident"])
    assert client.get(url).status_code == 403
    client.force_login(people["lg_admin"])
    client.post(url, {"settings": "1", "support_threshold": 50, "answer_days": 30,
                      "support_limit": 3})
    client.post(url, {"category": "1", "name": "<b>น้ำท่วม</b>"})
    collect.proposal_settings.refresh_from_db()
    assert (collect.proposal_settings.support_threshold, collect.proposal_settings.support_limit) == (50, 3)
    assert list(collect.space.categories.values_list("name", flat=True)) == ["น้ำท่วม"]
    client.post(url, {"answer_state": "1", "name_th": "ส่งต่อหน่วยงานอื่น", "name_en": "Referred",
                      "effect": "open"})
    proposal = ProposalFactory(phase=collect)
    client.post(reverse("deliberation:answer", args=[proposal.pk]), {
        "state": next(s.key for s in collect.space.local_government.answer_states.all()
                      if s.name_th == "ส่งต่อหน่วยงานอื่น"),
        "text": "ส่งเรื่องถึงการไฟฟ้าส่วนภูมิภาค"})
    proposal.refresh_from_db()
    assert proposal.answer_state.name_th == "ส่งต่อหน่วยงานอื่น"
    page = client.get(url).content.decode()
    assert 'id="answer-state-form"' in page and "ส่งต่อหน่วยงานอื่น" in page
    assert "<title>" in page and "ส่งต่อหน่วยงานอื่น" not in page.split("</title>")[0]
    response = client.post(url, {"settings": "1", "support_threshold": 0, "answer_days": 30})
    assert response.status_code == 200
    collect.proposal_settings.refresh_from_db()
    assert collect.proposal_settings.support_threshold == 50


@pytest.mark.django_db
def test_published_proposal_is_found_by_site_search(client, people, collect):
    pytest.importorskip("ruamkan.search.services")
    client.force_login(people["citizen"])
    client.post(f"/api/v1/deliberation/phases/{collect.pk}/proposals", {
        "title": "สร้างสะพานข้ามคลองบางนรา", "body": "เด็กนักเรียนต้องอ้อมไกล", "publish": True},
        content_type="application/json")
    client.post(f"/api/v1/deliberation/phases/{collect.pk}/proposals", {
        "title": "สะพานลับในร่าง", "body": "ยังไม่เผยแพร่"}, content_type="application/json")
    hits = client.get("/api/v1/search/", {"q": "สะพาน"}).json()
    titles = [h["title"] for h in hits]
    assert "สร้างสะพานข้ามคลองบางนรา" in titles and "สะพานลับในร่าง" not in titles

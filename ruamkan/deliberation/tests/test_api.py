"""The JSON API: every write through HTTP, every refusal a 4xx with nothing half-saved."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from ruamkan.deliberation.models import (
    Amendment,
    Answer,
    Proposal,
    Result,
    Support,
)
from ruamkan.deliberation.tests.factories import ProposalFactory
from ruamkan.spaces.models import Comment, Notification

API = "/api/v1/deliberation"


def _login(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_citizen_drafts_edits_publishes_and_withdraws(client, people, collect):
    _login(client, people["citizen"])
    response = client.post(f"{API}/phases/{collect.pk}/proposals", {
        "title": "ติดไฟส่องสว่างถนนพิชิตบำรุง", "body": "ช่วงหน้าตลาดมืดมาก เด็กเดินกลับบ้านลำบาก",
        "lat": 6.4255, "lon": 101.8253,
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["state"] == "draft"
    pk = data["id"]
    # Drafts are private to their authors.
    assert Client().get(f"{API}/proposals/{pk}").status_code == 404
    response = client.patch(f"{API}/proposals/{pk}", {"title": "ติดไฟส่องสว่างถนนพิชิตบำรุงหน้าตลาด"},
                            content_type="application/json")
    assert response.status_code == 200
    assert response.json()["title"].endswith("หน้าตลาด")
    assert client.post(f"{API}/proposals/{pk}/publish").json()["state"] == "published"
    assert Client().get(f"{API}/proposals/{pk}").json()["title"].endswith("หน้าตลาด")
    # Once published, the text changes only through amendments.
    response = client.patch(f"{API}/proposals/{pk}", {"title": "อื่น"},
                            content_type="application/json")
    assert response.status_code == 400
    assert Proposal.objects.get(pk=pk).title.endswith("หน้าตลาด")
    assert client.post(f"{API}/proposals/{pk}/withdraw").json()["state"] == "withdrawn"
    listed = Client().get(f"{API}/spaces/{collect.space.slug}/proposals").json()
    assert pk not in [p["id"] for p in listed]
    withdrawn = Client().get(f"{API}/spaces/{collect.space.slug}/proposals?state=withdrawn").json()
    assert [p["id"] for p in withdrawn] == [pk]


@pytest.mark.django_db
def test_someone_else_cannot_edit_or_withdraw(client, people, collect):
    proposal = ProposalFactory(phase=collect, author=people["citizen"])
    _login(client, people["resident"])
    assert client.post(f"{API}/proposals/{proposal.pk}/withdraw").status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == "published"


@pytest.mark.django_db
@pytest.mark.parametrize("title,body", [
    ("", "เนื้อหา"), ("   ", "เนื้อหา"), ("หัวข้อ", ""), ("x" * 201, "เนื้อหา"),
    ("หัวข้อ", "ก" * 6001), ("<script>alert(1)</script>", "เนื้อหา"),
])
def test_bad_proposal_input_is_refused_with_a_message(client, people, collect, title, body):
    _login(client, people["citizen"])
    response = client.post(f"{API}/phases/{collect.pk}/proposals", {"title": title, "body": body},
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert Proposal.objects.count() == 0


@pytest.mark.django_db
def test_html_is_stripped_from_proposals(client, people, collect):
    _login(client, people["citizen"])
    response = client.post(f"{API}/phases/{collect.pk}/proposals", {
        "title": "<b>ลอกคลอง</b>บางนรา", "body": "<img src=x onerror=alert(1)>ก่อนหน้ามรสุม<script>x</script>",
        "publish": True,
    }, content_type="application/json")
    assert response.status_code == 201
    proposal = Proposal.objects.get()
    assert proposal.title == "ลอกคลองบางนรา"
    assert "<" not in proposal.body and "ก่อนหน้ามรสุม" in proposal.body


@pytest.mark.django_db
def test_unverified_person_cannot_propose(client, people, collect):
    _login(client, people["newcomer"])
    response = client.post(f"{API}/phases/{collect.pk}/proposals", {"title": "ก", "body": "ข"},
                           content_type="application/json")
    assert response.status_code == 403
    assert Proposal.objects.count() == 0


@pytest.mark.django_db
def test_writes_need_a_session_and_csrf(people, collect):
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post(f"{API}/phases/{collect.pk}/proposals", {"title": "ก", "body": "ข"},
                              content_type="application/json")
    assert response.status_code in (401, 403)
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(people["citizen"])
    response = signed_in.post(f"{API}/phases/{collect.pk}/proposals", {"title": "ก", "body": "ข"},
                              content_type="application/json")
    assert response.status_code == 403
    assert Proposal.objects.count() == 0
    signed_in.get("/")  # sets the CSRF cookie
    token = signed_in.cookies["csrftoken"].value
    response = signed_in.post(f"{API}/phases/{collect.pk}/proposals", {"title": "ก", "body": "ข"},
                              content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 201


@pytest.mark.django_db
def test_one_support_per_person_and_the_threshold_sets_a_deadline(client, people, collect):
    proposal = ProposalFactory(phase=collect, author=people["citizen"])
    _login(client, people["resident"])
    response = client.post(f"{API}/proposals/{proposal.pk}/supports")
    assert response.status_code == 201
    assert response.json() == {"proposal": proposal.pk, "support_count": 1, "supported": True}
    second = client.post(f"{API}/proposals/{proposal.pk}/supports")
    assert second.status_code == 400
    assert "already" in second.json()["detail"] or "แล้ว" in second.json()["detail"]
    assert Support.objects.count() == 1
    proposal.refresh_from_db()
    assert proposal.support_count == 1 and proposal.answer_due_at is None
    _login(client, people["neighbour"])
    assert client.post(f"{API}/proposals/{proposal.pk}/supports").json()["support_count"] == 2
    proposal.refresh_from_db()
    assert proposal.threshold_reached_at is not None
    assert proposal.answer_due_at - proposal.threshold_reached_at == dt.timedelta(days=30)
    assert Notification.objects.filter(user=people["citizen"], verb="threshold").exists()
    # Taking a support back lowers the count; the promised answer stays due.
    response = client.delete(f"{API}/proposals/{proposal.pk}/supports")
    assert response.json()["support_count"] == 1
    proposal.refresh_from_db()
    assert proposal.answer_due_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("who,status", [
    ("citizen", 403),  # contact-verified only: supports need verified residents
    ("outsider", 403),  # verified, but lives in another local government
    ("newcomer", 403),
])
def test_support_from_people_the_space_does_not_allow(client, people, collect, who, status):
    proposal = ProposalFactory(phase=collect, author=people["lg_officer"])
    _login(client, people[who])
    response = client.post(f"{API}/proposals/{proposal.pk}/supports")
    assert response.status_code == status
    assert response.json()["detail"]
    assert Support.objects.count() == 0
    proposal.refresh_from_db()
    assert proposal.support_count == 0


@pytest.mark.django_db
def test_support_after_the_phase_closed(client, people, collect):
    proposal = ProposalFactory(phase=collect)
    collect.starts_at = timezone.now() - dt.timedelta(days=10)
    collect.ends_at = timezone.now() - dt.timedelta(minutes=1)
    collect.save()
    _login(client, people["resident"])
    response = client.post(f"{API}/proposals/{proposal.pk}/supports")
    assert response.status_code == 403
    assert Support.objects.count() == 0


@pytest.mark.django_db
def test_per_person_support_limit(client, people, collect):
    collect.proposal_settings.support_limit = 2
    collect.proposal_settings.save()
    proposals = [ProposalFactory(phase=collect) for _ in range(3)]
    _login(client, people["resident"])
    assert client.post(f"{API}/proposals/{proposals[0].pk}/supports").status_code == 201
    assert client.post(f"{API}/proposals/{proposals[1].pk}/supports").status_code == 201
    third = client.post(f"{API}/proposals/{proposals[2].pk}/supports")
    assert third.status_code == 400
    assert Support.objects.filter(user=people["resident"]).count() == 2


@pytest.mark.django_db
def test_official_answers_and_officials_elsewhere_cannot(client, people, collect):
    proposal = ProposalFactory(phase=collect, author=people["citizen"])
    payload = {"state": "accepted", "text": "เทศบาลจะติดตั้งไฟ 12 จุด ภายในเดือนมีนาคม",
               "cost_estimate": "180000"}
    for who in ("other_lg_admin", "other_lg_officer", "resident"):
        _login(client, people[who])
        response = client.post(f"{API}/proposals/{proposal.pk}/answers", payload,
                               content_type="application/json")
        assert response.status_code == 403, who
        assert "นราธิวาส" in response.json()["detail"] or "Narathiwat" in response.json()["detail"]
    assert Answer.objects.count() == 0
    _login(client, people["lg_officer"])
    response = client.post(f"{API}/proposals/{proposal.pk}/answers", payload,
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["state"]["key"] == "accepted"
    assert response.json()["cost_estimate"] in ("180000.00", 180000.0, "180000")
    proposal.refresh_from_db()
    assert proposal.answer_state.key == "accepted" and proposal.answered_at
    assert Notification.objects.filter(user=people["citizen"], verb="answer").exists()
    answers = Client().get(f"{API}/proposals/{proposal.pk}/answers").json()
    assert [a["text"] for a in answers] == [payload["text"]]


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [
    {"state": "accepted", "text": ""},
    {"state": "nonsense", "text": "ตอบ"},
    {"state": "accepted", "text": "ตอบ", "cost_estimate": "-5"},
])
def test_bad_answers_are_refused(client, people, collect, payload):
    proposal = ProposalFactory(phase=collect)
    _login(client, people["lg_admin"])
    response = client.post(f"{API}/proposals/{proposal.pk}/answers", payload,
                           content_type="application/json")
    assert response.status_code in (400, 422)
    assert Answer.objects.count() == 0
    proposal.refresh_from_db()
    assert proposal.answer_state is None


@pytest.mark.django_db
def test_comments_through_the_api(client, people, collect):
    proposal = ProposalFactory(phase=collect)
    _login(client, people["citizen"])
    first = client.post(f"{API}/proposals/{proposal.pk}/comments",
                        {"body": "เห็นด้วย <script>x</script>", "stance": "for"},
                        content_type="application/json")
    assert first.status_code == 201
    reply = client.post(f"{API}/proposals/{proposal.pk}/comments",
                        {"body": "แต่ควรใช้ไฟโซลาร์เซลล์", "parent": first.json()["id"]},
                        content_type="application/json")
    assert reply.status_code == 201
    assert client.post(f"{API}/proposals/{proposal.pk}/comments", {"body": " "},
                       content_type="application/json").status_code == 400
    listed = Client().get(f"{API}/proposals/{proposal.pk}/comments").json()
    assert [c["parent"] for c in listed] == [None, first.json()["id"]]
    assert "<script" not in listed[0]["body"]
    assert Comment.objects.count() == 2


@pytest.mark.django_db
def test_amendment_accepted_by_the_author_changes_the_proposal(client, people, collect):
    proposal = ProposalFactory(phase=collect, author=people["citizen"], title="ลอกคลอง")
    _login(client, people["resident"])
    response = client.post(f"{API}/proposals/{proposal.pk}/amendments",
                           {"title": "ลอกคลองบางนราก่อนมรสุม", "body": "ทำก่อนเดือนตุลาคม",
                            "reason": "น้ำท่วมทุกปี"}, content_type="application/json")
    assert response.status_code == 201
    amendment_id = response.json()["id"]
    # Only the author decides.
    assert client.post(f"{API}/amendments/{amendment_id}/accept").status_code == 403
    _login(client, people["citizen"])
    assert client.post(f"{API}/amendments/{amendment_id}/accept").json()["state"] == "accepted"
    proposal.refresh_from_db()
    assert proposal.title == "ลอกคลองบางนราก่อนมรสุม"
    assert client.post(f"{API}/amendments/{amendment_id}/reject").status_code == 400
    assert Notification.objects.filter(user=people["citizen"], verb="amendment").exists()


@pytest.mark.django_db
def test_amendment_rejected_leaves_the_proposal(client, people, collect):
    proposal = ProposalFactory(phase=collect, author=people["citizen"], title="ลอกคลอง")
    amendment = Amendment.objects.create(proposal=proposal, author=people["resident"],
                                         title="ถมคลอง", body="ทำที่จอดรถ")
    _login(client, people["citizen"])
    assert client.post(f"{API}/amendments/{amendment.pk}/reject").json()["state"] == "rejected"
    proposal.refresh_from_db()
    assert proposal.title == "ลอกคลอง"
    assert Notification.objects.filter(user=people["resident"], verb="amendment_rejected").exists()


@pytest.mark.django_db
def test_result_tree_progress_is_the_weighted_average(client, people, place, collect):
    proposal = ProposalFactory(phase=collect)
    code = place["town"].code
    _login(client, people["other_lg_admin"])
    denied = client.post(f"{API}/lg/{code}/results", {"title": "x"}, content_type="application/json")
    assert denied.status_code == 403
    _login(client, people["lg_admin"])
    parent = client.post(f"{API}/lg/{code}/results",
                         {"title": "ไฟส่องสว่างทั้งเมือง", "proposals": [proposal.pk]},
                         content_type="application/json").json()
    a = client.post(f"{API}/lg/{code}/results", {"title": "ถนนพิชิตบำรุง", "parent": parent["id"],
                                                 "weight": 3, "progress": 100},
                    content_type="application/json").json()
    client.post(f"{API}/lg/{code}/results", {"title": "ถนนภูผาภักดี", "parent": parent["id"],
                                             "weight": 1, "progress": 20},
                content_type="application/json")
    tree = Client().get(f"{API}/lg/{code}/results").json()
    assert tree[0]["progress"] == pytest.approx((100 * 3 + 20) / 4)
    assert tree[0]["proposals"] == [proposal.pk]
    # A parent's progress cannot be set by hand: it is computed.
    response = client.patch(f"{API}/results/{parent['id']}", {"progress": 10},
                            content_type="application/json")
    assert response.status_code == 400
    client.patch(f"{API}/results/{a['id']}", {"progress": 0}, content_type="application/json")
    tree = Client().get(f"{API}/lg/{code}/results").json()
    assert tree[0]["progress"] == pytest.approx(5.0)
    assert Result.objects.get(pk=parent["id"]).progress == 0


@pytest.mark.django_db
def test_list_filters_sort_and_thai_search(client, people, collect):
    lamp = ProposalFactory(phase=collect, title="ติดไฟส่องสว่างหน้าโรงเรียน", support_count=5)
    road = ProposalFactory(phase=collect, title="ซ่อมถนนเลียบชายหาด", support_count=9)
    slug = collect.space.slug
    by_support = Client().get(f"{API}/spaces/{slug}/proposals?sort=supported").json()
    assert [p["id"] for p in by_support] == [road.pk, lamp.pk]
    found = Client().get(f"{API}/spaces/{slug}/proposals", {"q": "ไฟส่องสว่าง"}).json()
    assert [p["id"] for p in found] == [lamp.pk]
    shuffled = Client().get(f"{API}/spaces/{slug}/proposals?sort=random&seed=42").json()
    again = Client().get(f"{API}/spaces/{slug}/proposals?sort=random&seed=42").json()
    assert [p["id"] for p in shuffled] == [p["id"] for p in again]
    similar = Client().get(f"{API}/spaces/{slug}/similar", {"text": "ขอไฟส่องสว่างที่โรงเรียน"}).json()
    assert [p["id"] for p in similar] == [lamp.pk]

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

from ruamkan.core.models import AuditEvent
from ruamkan.spaces.models import (
    Comment,
    ContentReport,
    Follow,
    ModerationEvent,
    Notification,
    Space,
)
from ruamkan.spaces.services import notification_digests_send


def _post_comment(client, phase, space, body="เห็นด้วยกับการขยายไฟส่องสว่าง", stance="for", parent=""):
    return client.post(
        reverse("spaces:comment_create", args=[phase.pk]),
        {"body": body, "stance": stance, "parent": parent,
         "target_ct": ContentType.objects.get_for_model(Space).pk, "target_id": space.pk},
    )


@pytest.mark.django_db
def test_space_page_shows_phases_and_comment_form(client, place, space, discussion):
    client.force_login(place["people"]["citizen"])
    response = client.get(space.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "แผนพัฒนาเทศบาลเมืองนราธิวาส" in body
    assert 'name="body"' in body


@pytest.mark.django_db
def test_private_space_is_not_found_for_outsiders(client, place, space):
    space.visibility = Space.Visibility.PRIVATE
    space.save()
    client.force_login(place["people"]["citizen"])
    assert client.get(space.get_absolute_url()).status_code == 404
    client.force_login(place["people"]["lg_officer"])
    assert client.get(space.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_threaded_comment_with_stance(client, place, space, discussion):
    client.force_login(place["people"]["citizen"])
    assert _post_comment(client, discussion, space).status_code == 302
    first = Comment.objects.get()
    assert first.stance == "for"
    _post_comment(client, discussion, space, body="แต่ต้องดูงบประมาณด้วย", stance="neutral",
                  parent=first.pk)
    reply = Comment.objects.exclude(pk=first.pk).get()
    assert reply.parent == first
    page = client.get(space.get_absolute_url()).content.decode()
    assert "แต่ต้องดูงบประมาณด้วย" in page


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["", "   ", "x" * 4001])
def test_bad_comment_is_refused_and_nothing_saved(client, place, space, discussion, body):
    client.force_login(place["people"]["citizen"])
    response = _post_comment(client, discussion, space, body=body)
    assert response.status_code == 302
    assert Comment.objects.count() == 0
    follow = client.get(response["Location"]).content.decode()
    assert 'class="message message-error"' in follow


@pytest.mark.django_db
def test_script_in_comment_is_stripped(client, place, space, discussion):
    client.force_login(place["people"]["citizen"])
    _post_comment(client, discussion, space, body="<script>alert(1)</script>ถนนชำรุด")
    comment = Comment.objects.get()
    assert "<script" not in comment.body
    assert "ถนนชำรุด" in comment.body


@pytest.mark.django_db
def test_unverified_person_cannot_comment(client, place, space, discussion):
    client.force_login(place["people"]["newcomer"])
    _post_comment(client, discussion, space)
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_reports_hide_after_threshold_and_moderator_restores(client, place, space, discussion, settings):
    settings.RUAMKAN_HIDE_AFTER_REPORTS = 3
    people = place["people"]
    client.force_login(people["citizen"])
    _post_comment(client, discussion, space, body="ข้อความสแปม ขายของ")
    comment = Comment.objects.get()
    ct = ContentType.objects.get_for_model(Comment).pk
    url = reverse("spaces:report", args=[ct, comment.pk])
    for role in ("resident", "outsider", "cso_member"):
        client.force_login(people[role])
        assert client.post(url, {"reason": "spam"}).status_code == 302
    # A second report by the same person is refused by the database constraint.
    client.post(url, {"reason": "spam"})
    assert ContentReport.objects.filter(object_id=comment.pk).count() == 3
    comment.refresh_from_db()
    assert comment.is_hidden
    assert ModerationEvent.objects.filter(action="auto_hide").count() == 1
    assert "ข้อความสแปม" not in client.get(space.get_absolute_url()).content.decode()

    # A citizen cannot moderate; the local government's officer can, and it is logged.
    client.force_login(people["citizen"])
    mod_url = reverse("spaces:moderation", args=[space.slug])
    assert client.post(mod_url, {"ct": ct, "obj": comment.pk, "action": "restore"}).status_code == 403
    client.force_login(people["other_lg_admin"])
    assert client.get(mod_url).status_code in (403, 404)
    client.force_login(people["lg_officer"])
    assert "ข้อความสแปม" in client.get(mod_url).content.decode()
    client.post(mod_url, {"ct": ct, "obj": comment.pk, "action": "restore", "reason": "ไม่ใช่สแปม"})
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert ModerationEvent.objects.filter(action="restore", moderator=people["lg_officer"]).exists()
    assert AuditEvent.objects.filter(action="moderation.restore").exists()


@pytest.mark.django_db
def test_follow_notifications_and_digest(client, place, space, discussion):
    people = place["people"]
    follower = people["resident"]
    client.force_login(follower)
    ct = ContentType.objects.get_for_model(Space).pk
    client.post(reverse("spaces:follow", args=[ct, space.pk]))
    assert Follow.objects.filter(user=follower).count() == 1
    client.force_login(people["citizen"])
    _post_comment(client, discussion, space)
    _post_comment(client, discussion, space, body="อีกความเห็นหนึ่ง")
    notes = Notification.objects.filter(user=follower)
    assert notes.count() == 2
    assert not Notification.objects.filter(user=people["citizen"]).exists()
    # Two notifications become one e-mail, and are not sent twice.
    assert notification_digests_send() >= 1
    digest = [m for m in mail.outbox if m.to == [follower.email]]
    assert len(digest) == 1
    assert "2" in digest[0].subject
    assert notification_digests_send() == 0


@pytest.mark.django_db
def test_official_creates_space_and_phase(client, place):
    client.force_login(place["people"]["lg_admin"])
    url = reverse("spaces:create") + "?lg=T96A"
    response = client.post(url, {
        "title": "ออกแบบตลาดนัดชุมชน", "summary": "ชวนคิด", "description": "<p>ร่วมกัน</p><script>x</script>",
        "visibility": "public", "participation_model": "co_management",
    })
    space = Space.objects.get(title="ออกแบบตลาดนัดชุมชน")
    assert response.status_code == 302
    assert "<script" not in space.description_html
    manage = reverse("spaces:manage", args=[space.slug])
    bad = client.post(manage, {"content_key": "spaces.discussion", "starts_at": "2026-12-10T09:00",
                               "ends_at": "2026-12-01T09:00"})
    assert bad.status_code == 200 and space.phases.count() == 0
    client.post(manage, {"content_key": "spaces.discussion", "starts_at": "2026-12-01T09:00",
                         "ends_at": "2026-12-10T09:00"})
    assert space.phases.count() == 1
    assert AuditEvent.objects.filter(action="space.create", actor=place["people"]["lg_admin"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["citizen", "lg_officer", "other_lg_admin", "other_coordinator"])
def test_others_cannot_create_spaces_for_the_town(client, place, role):
    client.force_login(place["people"][role])
    response = client.post(reverse("spaces:create") + "?lg=T96A", {
        "title": "x", "visibility": "public", "participation_model": "co_governance"})
    assert response.status_code == 403
    assert not Space.objects.exists()

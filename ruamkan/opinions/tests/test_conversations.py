"""Opinion mapping through HTTP: votes, statements, moderation, the background analysis."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from ruamkan.opinions.models import Conversation, Statement, StatementVote
from ruamkan.spaces.models import Phase
from ruamkan.spaces.tests.factories import SpaceFactory


@pytest.fixture
def conversation(place):
    space = SpaceFactory(local_government=place["town"], slug="walking-street")
    now = timezone.now()
    Phase.objects.create(space=space, content_key="opinions.conversation",
                         starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=9))
    conversation = Conversation.objects.create(space=space, topic="ถนนคนเดิน")
    for i, body in enumerate(["ปิดถนนทุกเย็นวันเสาร์", "เพิ่มห้องน้ำสาธารณะ", "ย้ายไปจัดในสวน"]):
        Statement.objects.create(conversation=conversation, body=body, is_seed=True,
                                 status=Statement.Status.ACCEPTED, agree_count=i)
    return conversation


def _vote(client, conversation, statement, value):
    return client.post(reverse("opinions:vote", args=[conversation.pk]),
                       {"statement": statement.pk, "value": value})


@pytest.mark.django_db
def test_statements_come_fewest_votes_first_and_votes_replace(client, place, conversation):
    client.force_login(place["people"]["citizen"])
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "ปิดถนนทุกเย็นวันเสาร์" in page  # fewest votes first
    first = conversation.statements.get(body="ปิดถนนทุกเย็นวันเสาร์")
    assert _vote(client, conversation, first, 1).status_code == 302
    _vote(client, conversation, first, -1)
    vote = StatementVote.objects.get()
    assert vote.value == -1  # the last vote counts, one row
    first.refresh_from_db()
    assert (first.agree_count, first.disagree_count) == (0, 1)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "เพิ่มห้องน้ำสาธารณะ" in page and "1 of 3" in page or "1 จาก 3" in page


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["2", "", "agree"])
def test_bad_vote_values_are_refused(client, place, conversation, value):
    client.force_login(place["people"]["citizen"])
    _vote(client, conversation, conversation.statements.first(), value)
    assert not StatementVote.objects.exists()


@pytest.mark.django_db
def test_votes_on_hidden_pending_or_closed_are_refused(client, place, conversation):
    client.force_login(place["people"]["citizen"])
    pending = Statement.objects.create(conversation=conversation, body="รอตรวจ")
    hidden = conversation.statements.first()
    hidden.is_hidden = True
    hidden.save()
    _vote(client, conversation, pending, 1)
    _vote(client, conversation, hidden, 1)
    assert not StatementVote.objects.exists()
    Phase.objects.filter(space=conversation.space).update(ends_at=timezone.now())
    _vote(client, conversation, conversation.statements.last(), 1)
    assert not StatementVote.objects.exists()


@pytest.mark.django_db
def test_unverified_people_cannot_vote(client, place, conversation):
    client.force_login(place["people"]["newcomer"])
    _vote(client, conversation, conversation.statements.first(), 1)
    assert not StatementVote.objects.exists()


@pytest.mark.django_db
def test_statement_moderated_before_it_shows(client, place, conversation):
    url = reverse("opinions:statement_create", args=[conversation.pk])
    client.force_login(place["people"]["citizen"])
    client.post(url, {"body": "<b>ควรมี</b>ถังขยะแยกประเภท"})
    statement = conversation.statements.get(body="ควรมีถังขยะแยกประเภท")
    assert statement.status == "pending"
    for bad in ["", "ก" * 281, "ควรมีถังขยะแยกประเภท"]:  # empty, too long, duplicate
        client.post(url, {"body": bad})
    assert conversation.statements.count() == 4
    moderate = reverse("opinions:moderate", args=[conversation.pk])
    assert client.post(moderate, {"statement": statement.pk, "action": "accept"}).status_code == 403
    client.force_login(place["people"]["other_lg_admin"])
    assert client.post(moderate, {"statement": statement.pk, "action": "accept"}).status_code == 403
    client.force_login(place["people"]["lg_officer"])
    client.post(moderate, {"statement": statement.pk, "action": "accept"})
    statement.refresh_from_db()
    assert statement.status == "accepted"


@pytest.mark.django_db
def test_post_moderated_statement_shows_at_once(client, place, conversation):
    conversation.moderation = Conversation.Moderation.AFTER
    conversation.save()
    client.force_login(place["people"]["citizen"])
    client.post(reverse("opinions:statement_create", args=[conversation.pk]), {"body": "จัดเดือนละครั้งพอ"})
    assert conversation.statements.get(body="จัดเดือนละครั้งพอ").status == "accepted"


@pytest.mark.django_db(transaction=True)
def test_analysis_runs_in_the_background_not_in_the_request(client, place, conversation):
    from ruamkan.accounts.tests.factories import UserFactory

    statements = list(conversation.statements.all())
    for i in range(6):
        statements.append(Statement.objects.create(conversation=conversation, body=f"ข้อ {i}",
                                                   status=Statement.Status.ACCEPTED))
    db_backend = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=db_backend):
        for person in range(24):
            user = UserFactory()
            client.force_login(user)
            for j, statement in enumerate(statements):
                value = 1 if (person < 12) == (j % 2 == 0) else -1
                _vote(client, conversation, statement, value)
        conversation.refresh_from_db()
        assert conversation.analysed_at is None  # nothing computed inside the requests
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    conversation.refresh_from_db()
    assert conversation.analysed_votes == 24 * 9
    assert conversation.analysis["group_count"] >= 2
    report = client.get(reverse("opinions:report", args=[conversation.pk])).content.decode()
    assert "<circle" in report


@pytest.mark.django_db
def test_export_is_for_officials_only(client, place, conversation):
    url = reverse("opinions:export", args=[conversation.pk, "csv"])
    client.force_login(place["people"]["citizen"])
    assert client.get(url).status_code == 403
    client.force_login(place["people"]["lg_officer"])
    response = client.get(url)
    assert response.status_code == 200 and b"statement_id" in response.content

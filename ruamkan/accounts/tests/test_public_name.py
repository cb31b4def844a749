"""The "show my name publicly" consent decides what others see with a person's contributions:
their chosen name, or a number. An e-mail address never leaks into the public name."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from ruamkan.accounts.models import ConsentRecord, User
from ruamkan.spaces.models import Comment, Space
from ruamkan.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db

PASSWORD = "ร่วมกัน-นราธิวาส-2569"


def _signup(client, email, **extra):
    data = {"display_name": "กามารียะห์ สะมะแอ", "email": email, "password1": PASSWORD,
            "password2": PASSWORD, "accept_terms": "on", **extra}
    assert client.post(reverse("account_signup"), data).status_code == 302
    return User.objects.get(email=email)


def _authors(client, space) -> list[str]:
    response = client.get(f"/api/v1/spaces/{space.slug}/comments")
    assert response.status_code == 200
    return [c["author"] for c in response.json()]


def _comment(space, author):
    Comment.objects.create(space=space, content_type=ContentType.objects.get_for_model(Space),
                           object_id=space.pk, author=author, body="ขอไฟส่องสว่างหน้าตลาด")


def test_without_the_consent_others_see_a_number_not_the_name_nor_the_email(client):
    user = _signup(client, "kamariyah.samae@example.org")
    assert not ConsentRecord.objects.filter(user=user, purpose="public_name").exists()
    space = SpaceFactory()
    _comment(space, user)
    client.logout()
    assert _authors(client, space) == [f"ผู้เข้าร่วม {user.pk}"]
    html = client.get(reverse("account_signup")).content.decode()
    assert 'name="show_name"' in html and "checked" not in html.split('name="show_name"')[1][:40]


def test_ticking_show_my_name_records_consent_and_shows_it_until_withdrawn(client):
    user = _signup(client, "kamariyah@example.org", show_name="on")
    consent = ConsentRecord.objects.get(user=user, purpose="public_name")
    assert consent.withdrawn_at is None and consent.channel == "web"
    space = SpaceFactory()
    _comment(space, user)
    assert _authors(client, space) == ["กามารียะห์ สะมะแอ"]

    change = reverse("accounts:consent_change")
    client.post(change, {"purpose": "public_name", "action": "withdraw"})
    assert _authors(client, space) == [f"ผู้เข้าร่วม {user.pk}"]
    # Their own page still greets them by name.
    assert "กามารียะห์ สะมะแอ" in client.get(reverse("accounts:me")).content.decode()

    client.post(change, {"purpose": "public_name", "action": "give"})
    assert _authors(client, space) == ["กามารียะห์ สะมะแอ"]
    assert ConsentRecord.objects.filter(user=user, purpose="public_name").count() == 2

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from ruamkan.accounts.models import (
    CitizenIdentity,
    ConsentRecord,
    Role,
    RoleAssignment,
    User,
    VerificationLevel,
)
from ruamkan.accounts.pdpa import NOTICE_VERSION, registry
from ruamkan.accounts.services import consent_give, identity_verify_resident
from ruamkan.accounts.tests.factories import RoleAssignmentFactory, UserFactory, valid_citizen_id
from ruamkan.areas.tests.factories import LocalGovernmentFactory, SubdistrictFactory
from ruamkan.core.models import AuditEvent
from ruamkan.spaces.models import Comment, Notification, Space
from ruamkan.spaces.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def comment(space, author, body):
    return Comment.objects.create(
        space=space, content_type=ContentType.objects.get_for_model(Space), object_id=space.pk,
        author=author, body=body,
    )


@pytest.fixture
def people():
    home = SubdistrictFactory()
    alice = UserFactory(email="alice@example.org", display_name="อลิสา", phone="+66811110000")
    bob = UserFactory(email="bob@example.org", display_name="บุญมี")
    identity_verify_resident(user=alice, citizen_id=valid_citizen_id(11), home_subdistrict=home)
    identity_verify_resident(user=bob, citizen_id=valid_citizen_id(12), home_subdistrict=home)
    consent_give(user=alice, purpose=ConsentRecord.Purpose.TERMS)
    consent_give(user=bob, purpose=ConsentRecord.Purpose.TERMS)
    consent_give(user=alice, purpose=ConsentRecord.Purpose.PUBLIC_NAME)
    space = SpaceFactory()
    comment(space, alice, "ขอไฟส่องสว่างหน้าตลาด")
    comment(space, bob, "ขอทางเท้าหน้าโรงเรียน")
    Notification.objects.create(user=alice, verb="reply", text="มีคนตอบความเห็นของคุณ")
    Notification.objects.create(user=bob, verb="reply", text="ข้อความถึงบุญมี")
    return {"alice": alice, "bob": bob, "space": space}


def test_registry_autodiscovers_accounts_and_spaces_handlers():
    assert {"account", "spaces"} <= set(registry.exporters)
    assert any(fn.__module__ == "ruamkan.spaces.pdpa" for fn in registry.erasers)


def test_export_is_a_json_attachment_with_my_data_and_nobody_elses(client, people):
    alice, _bob = people["alice"], people["bob"]
    client.force_login(alice)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    data = json.loads(body)["data"]
    assert data["account"]["profile"]["email"] == "alice@example.org"
    assert data["account"]["profile"]["phone"] == "+66811110000"
    assert data["account"]["verification"]["level"] == VerificationLevel.RESIDENT
    assert data["account"]["verification"]["citizen_id_masked"].endswith(valid_citizen_id(11)[-1])
    assert {c["purpose"] for c in data["account"]["consents"]} == {"terms", "public_name"}
    assert [c["body"] for c in data["spaces"]["comments"]] == ["ขอไฟส่องสว่างหน้าตลาด"]
    assert "อลิสา" in body
    for foreign in ("bob@example.org", "บุญมี", "ขอทางเท้าหน้าโรงเรียน", "ข้อความถึงบุญมี"):
        assert foreign not in body
    assert valid_citizen_id(11) not in body
    assert CitizenIdentity.objects.get(user=alice).id_hmac not in body


def test_export_needs_login(client):
    assert client.get(reverse("accounts:export")).status_code == 302


def test_consent_give_and_withdraw_are_append_only(client, people):
    alice = people["alice"]
    client.force_login(alice)
    page = client.get(reverse("accounts:privacy"))
    assert page.status_code == 200
    url = reverse("accounts:consent_change")
    client.post(url, {"purpose": "email_digest", "action": "give"})
    alice.refresh_from_db()
    assert alice.email_digest is True
    first = ConsentRecord.objects.get(user=alice, purpose="email_digest")
    assert first.notice_version == NOTICE_VERSION and first.withdrawn_at is None
    client.post(url, {"purpose": "email_digest", "action": "withdraw"})
    first.refresh_from_db()
    alice.refresh_from_db()
    assert first.withdrawn_at is not None and alice.email_digest is False
    client.post(url, {"purpose": "email_digest", "action": "give"})
    rows = list(ConsentRecord.objects.filter(user=alice, purpose="email_digest").order_by("pk"))
    assert len(rows) == 2 and rows[0].withdrawn_at is not None and rows[1].withdrawn_at is None
    # The page offers withdrawal as a single button, like giving.
    html = client.get(reverse("accounts:privacy")).content.decode()
    assert 'value="withdraw"' in html and 'value="give"' in html


def test_terms_cannot_be_withdrawn_as_consent(client, people):
    alice = people["alice"]
    client.force_login(alice)
    client.post(reverse("accounts:consent_change"), {"purpose": "terms", "action": "withdraw"})
    assert ConsentRecord.objects.get(user=alice, purpose="terms").withdrawn_at is None


def test_delete_account_anonymises_and_keeps_counts(client, people):
    alice, bob, space = people["alice"], people["bob"], people["space"]
    RoleAssignmentFactory(user=alice, role=Role.LG_OFFICER, local_government=LocalGovernmentFactory())
    users_before, comments_before = User.objects.count(), Comment.objects.count()
    client.force_login(alice)
    page = client.get(reverse("accounts:delete"))
    assert page.status_code == 200
    wrong = client.post(reverse("accounts:delete"), {"password": "nope"})
    assert wrong.status_code == 200
    alice.refresh_from_db()
    assert not alice.is_erased
    response = client.post(reverse("accounts:delete"), {"password": "pass-1234-word"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.is_erased and not alice.is_active and not alice.has_usable_password()
    assert alice.email is None and alice.phone is None and alice.display_name == ""
    assert alice.home_subdistrict is None and alice.verification_level == 0
    assert str(alice) == "Former participant" or str(alice) == "อดีตผู้เข้าร่วม"
    assert not CitizenIdentity.objects.filter(user=alice).exists()
    assert not EmailAddress.objects.filter(user=alice).exists()
    assert not RoleAssignment.objects.filter(user=alice).exists()
    assert not Notification.objects.filter(user=alice).exists()
    # Counts unchanged, contributions kept under the anonymised account.
    assert User.objects.count() == users_before
    assert Comment.objects.count() == comments_before
    assert Comment.objects.filter(space=space, author=alice).count() == 1
    # Consent records stay as the legal record, closed.
    consents = ConsentRecord.objects.filter(user=alice)
    assert consents.count() == 2 and not consents.filter(withdrawn_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="accounts.user_erased", object_id=str(alice.pk)).exists()
    # Signed out, and cannot sign in again.
    assert client.get(reverse("accounts:me")).status_code == 302
    login = client.post(reverse("account_login"),
                        {"login": "alice@example.org", "password": "pass-1234-word"})
    assert login.status_code == 200
    # Bob is untouched.
    bob.refresh_from_db()
    assert bob.email == "bob@example.org" and CitizenIdentity.objects.filter(user=bob).exists()
    assert Notification.objects.filter(user=bob).count() == 1
    # The same ID may verify a new account later (the old link is gone).
    newcomer = UserFactory()
    identity_verify_resident(user=newcomer, citizen_id=valid_citizen_id(11),
                             home_subdistrict=bob.home_subdistrict)


def test_delete_without_password_needs_the_confirmation_word(client):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    client.post(reverse("accounts:delete"), {"confirmation": "maybe"})
    user.refresh_from_db()
    assert not user.is_erased
    client.post(reverse("accounts:delete"), {"confirmation": "ลบ"})
    user.refresh_from_db()
    assert user.is_erased

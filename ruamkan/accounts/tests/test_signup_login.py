import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from ruamkan.accounts import sms
from ruamkan.accounts.models import ConsentRecord, User, VerificationLevel
from ruamkan.accounts.pdpa import NOTICE_VERSION
from ruamkan.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "ร่วมกัน-นราธิวาส-2569"


def signup(client, **fields):
    data = {"display_name": "กามารียะห์", "password1": PASSWORD, "password2": PASSWORD,
            "accept_terms": "on"}
    data.update(fields)
    return client.post(reverse("account_signup"), data)


def test_signup_page_is_thai_labelled_and_asks_for_consent(client):
    page = client.get(reverse("account_signup"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'lang="th"' in html
    for name in ("display_name", "email", "phone", "password1", "password2", "accept_terms"):
        field_id = f'id="id_{name}"'
        assert field_id in html
        assert f'for="id_{name}"' in html, f"{name} has no label"
    assert reverse("core:privacy") in html
    assert 'name="viewport"' in html
    assert "สมัครสมาชิก" in html and "ประกาศความเป็นส่วนตัว" in html  # Thai first


def test_signup_with_email_records_terms_consent_and_logs_in(client):
    response = signup(client, email="kamariyah@example.org", email_digest="on")
    assert response.status_code == 302
    user = User.objects.get(email="kamariyah@example.org")
    assert user.display_name == "กามารียะห์"
    consents = {c.purpose: c for c in ConsentRecord.objects.filter(user=user)}
    assert consents["terms"].notice_version == NOTICE_VERSION
    assert consents["email_digest"].withdrawn_at is None
    assert user.email_digest is True
    me = client.get(reverse("accounts:me"))
    assert me.status_code == 200 and "กามารียะห์" in me.content.decode()
    assert user.verification_level == VerificationLevel.UNVERIFIED


def test_signup_without_consent_is_refused(client):
    response = signup(client, email="noconsent@example.org", accept_terms="")
    assert response.status_code == 200
    assert not User.objects.filter(email="noconsent@example.org").exists()
    assert "accept_terms" in response.context["form"].errors


def test_signup_needs_email_or_phone(client):
    response = signup(client)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert User.objects.count() == 0


def test_confirming_email_raises_level_to_contact(client):
    signup(client, email="confirm@example.org")
    user = User.objects.get(email="confirm@example.org")
    assert user.verification_level == VerificationLevel.UNVERIFIED
    link = re.search(r"https?://testserver(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    client.post(link.group(1))
    user.refresh_from_db()
    assert EmailAddress.objects.get(user=user).verified
    assert user.verification_level == VerificationLevel.CONTACT


def test_signup_with_thai_local_phone_then_sms_code(client):
    response = signup(client, phone="081-234-5678")
    assert response.status_code == 302
    user = User.objects.get(phone="+66812345678")
    assert user.email is None and not user.phone_verified
    assert sms.outbox and sms.outbox[-1].phone == "+66812345678"
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", sms.outbox[-1].text).group(0)
    verify = client.get(response["Location"])
    assert verify.status_code == 200
    done = client.post(response["Location"], {"code": code})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.phone_verified
    assert user.verification_level == VerificationLevel.CONTACT


def test_two_phone_only_accounts_do_not_collide_on_empty_email(client):
    signup(client, phone="0812345678")
    client.logout()
    signup(client, phone="0898765432")
    assert User.objects.filter(email__isnull=True).count() == 2


def test_login_with_email_and_with_local_phone_number(client):
    UserFactory(email="somchai@example.org", phone="+66811112222", phone_verified=True)
    response = client.post(reverse("account_login"),
                           {"login": "somchai@example.org", "password": "pass-1234-word"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:me")
    client.post(reverse("account_logout"))
    response = client.post(reverse("account_login"),
                           {"login": "081 111 2222", "password": "pass-1234-word"})
    assert response.status_code == 302
    assert client.get(reverse("accounts:me")).status_code == 200


def test_logout_needs_post(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("account_logout"))
    assert page.status_code == 200  # a confirmation page, not a logout
    assert client.get(reverse("accounts:me")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("accounts:me")).status_code == 302


def test_repeated_failed_logins_for_one_account_are_refused(client):
    UserFactory(email="target@example.org")
    url = reverse("account_login")
    statuses = []
    for _ in range(5):
        r = client.post(url, {"login": "target@example.org", "password": "wrong-guess"})
        statuses.append(r.status_code)
    assert statuses == [200] * 5
    # Now even the right password is refused for a while: the account key is throttled.
    r = client.post(url, {"login": "target@example.org", "password": "pass-1234-word"})
    assert r.status_code in (200, 429)
    assert r.status_code != 500
    assert "_auth_user_id" not in client.session
    if r.status_code == 200:
        assert r.context["form"].errors
    # Another account from the same address is not locked out by these five failures.
    UserFactory(email="other@example.org")
    ok = client.post(url, {"login": "other@example.org", "password": "pass-1234-word"})
    assert ok.status_code == 302


@pytest.mark.parametrize("name", ["account_reset_password", "account_login", "account_signup"])
def test_allauth_pages_use_the_site_layout(client, name):
    html = client.get(reverse(name)).content.decode()
    assert 'class="site-header"' in html and 'lang="th"' in html
    assert "<title>" in html and "Menu:" not in html  # allauth's bare layout is not used


@pytest.mark.parametrize(
    "name", ["account_email", "account_change_password", "socialaccount_connections"]
)
def test_allauth_manage_pages_use_the_site_layout(client, name):
    client.force_login(UserFactory())
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html and "Menu:" not in html

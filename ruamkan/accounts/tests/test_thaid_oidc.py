"""ThaiD (OpenID Connect) sign-in end to end against a local test double, and LINE's button."""

import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import override_settings
from django.urls import reverse

from ruamkan.accounts.models import (
    CitizenIdentity,
    DuplicateIdentityAttempt,
    User,
    VerificationLevel,
)
from ruamkan.accounts.tests.factories import valid_citizen_id
from ruamkan.accounts.tests.oidc_double import OidcDouble
from ruamkan.accounts.tests.test_verification import _grep_database
from ruamkan.areas.tests.factories import SubdistrictFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/oidc/thaid/login/"


@pytest.fixture
def idp():
    with OidcDouble(client_id="ruamkan-test", client_secret="s3cret-for-tests") as double:
        providers = {
            "openid_connect": {
                "APPS": [{
                    "provider_id": "thaid",
                    "name": "ThaiD",
                    "client_id": double.client_id,
                    "secret": double.client_secret,
                    "settings": {
                        "server_url": double.url,
                        "scope": ["openid", "pid", "ial", "name"],
                        "oauth_pkce_enabled": True,
                    },
                }]
            }
        }
        with override_settings(SOCIALACCOUNT_PROVIDERS=providers):
            yield double


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _authorize(url: str) -> str:
    """Calls the provider's authorize URL like a browser would and returns where it sends us."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(url, timeout=5)  # noqa: S310 - our own localhost double
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302
        return redirect.headers["Location"]
    raise AssertionError("the provider did not redirect back")


def thaid_login(client, idp, claims):
    idp.next_claims = claims
    start = client.post(LOGIN_URL)
    assert start.status_code == 302, start.content[:500]
    assert start["Location"].startswith(f"{idp.url}/authorize?")
    back = urlparse(_authorize(start["Location"]))
    assert back.path == "/accounts/oidc/thaid/login/callback/"
    return client.get(f"{back.path}?{back.query}")


def finish_signup(client, response, **extra):
    assert response.status_code == 302 and response["Location"] == reverse("socialaccount_signup")
    form = client.get(response["Location"])
    assert form.status_code == 200
    html = form.content.decode()
    assert 'for="id_accept_terms"' in html
    data = {"display_name": form.context["form"].initial.get("display_name") or "ผู้ใช้ทดสอบ",
            "accept_terms": "on", **extra}
    return client.post(response["Location"], data)


def test_thaid_login_creates_account_with_hashed_pid(client, idp):
    pid = valid_citizen_id(21)
    response = thaid_login(client, idp, {"sub": "thaid-sub-1", "pid": pid, "name": "สมหญิง ใจงาม",
                                         "ial": "2.3"})
    done = finish_signup(client, response)
    assert done.status_code == 302 and done["Location"] == reverse("accounts:me")
    user = User.objects.get(socialaccount__provider="thaid", socialaccount__uid="thaid-sub-1")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert user.display_name == "สมหญิง ใจงาม"
    account = SocialAccount.objects.get(user=user)
    assert "pid" not in str(account.extra_data).replace("pid_", "")
    identity = CitizenIdentity.objects.get(user=user)
    assert identity.source == "thaid" and identity.masked.endswith(pid[-1])
    assert _grep_database(pid) == []
    assert {"GET /.well-known/openid-configuration", "GET /authorize", "POST /token",
            "GET /userinfo"} <= set(idp.requests)

    # With the ID confirmed by ThaiD, choosing a home is the only step left to resident level.
    home = SubdistrictFactory()
    page = client.get(reverse("accounts:verify") + f"?district={home.district_id}")
    assert "citizen_id" not in page.context["form"].fields
    client.post(reverse("accounts:verify") + f"?district={home.district_id}",
                {"subdistrict": home.code})
    user.refresh_from_db()
    assert user.verification_level == VerificationLevel.RESIDENT and user.home_subdistrict == home

    # Signing in again goes straight in: no second sign-up.
    client.post(reverse("account_logout"))
    again = thaid_login(client, idp, {"sub": "thaid-sub-1", "pid": pid, "name": "สมหญิง ใจงาม"})
    assert again.status_code == 302 and again["Location"] == reverse("accounts:me")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert User.objects.count() == 1


def test_second_thaid_account_with_same_pid_is_recorded_as_duplicate(client, idp):
    pid = valid_citizen_id(22)
    finish_signup(client, thaid_login(client, idp, {"sub": "a", "pid": pid, "name": "คนแรก"}))
    client.post(reverse("account_logout"))
    finish_signup(client, thaid_login(client, idp, {"sub": "b", "pid": pid, "name": "คนที่สอง"}))
    second = User.objects.get(socialaccount__uid="b")
    assert not CitizenIdentity.objects.filter(user=second).exists()
    attempt = DuplicateIdentityAttempt.objects.get(user=second)
    assert attempt.existing_user == User.objects.get(socialaccount__uid="a")
    assert attempt.source == "thaid"
    assert _grep_database(pid) == []
    # Signing in again with the same ThaiD keeps one open case, not one per sign-in.
    client.post(reverse("account_logout"))
    again = thaid_login(client, idp, {"sub": "b", "pid": pid, "name": "คนที่สอง"})
    assert again.status_code == 302 and again["Location"] == reverse("accounts:me")
    assert DuplicateIdentityAttempt.objects.filter(user=second).count() == 1


def test_thaid_without_pid_or_with_invalid_pid_keeps_no_identity(client, idp):
    finish_signup(client, thaid_login(client, idp, {"sub": "x", "pid": "1103700012345"}))
    assert User.objects.count() == 1 and not CitizenIdentity.objects.exists()
    assert _grep_database("1103700012345") == []


def test_id_token_signature_is_checked_against_the_jwks(idp, rf):
    from allauth.socialaccount.adapter import get_adapter
    from allauth.socialaccount.providers.oauth2.client import OAuth2Error
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.core.exceptions import ValidationError

    request = rf.get("/")
    provider = get_adapter().get_provider(request, "thaid")
    good = idp.id_token({"sub": "jwks-1", "name": "ทดสอบ"})
    login = provider.verify_token(request, {"id_token": good})
    assert login.account.uid == "jwks-1"
    forged = idp.id_token({"sub": "jwks-1"}, key=rsa.generate_private_key(65537, 2048))
    with pytest.raises((ValidationError, OAuth2Error)):
        provider.verify_token(request, {"id_token": forged})
    assert "GET /jwks" in idp.requests


def test_thaid_button_only_when_configured(client, idp):
    html = client.get(reverse("account_login")).content.decode()
    assert "ThaiD" in html and LOGIN_URL in html


@override_settings(SOCIALACCOUNT_PROVIDERS={})
def test_no_provider_buttons_without_configuration(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "ThaiD" not in html and "LINE" not in html
    assert client.post(LOGIN_URL).status_code == 404


@override_settings(SOCIALACCOUNT_PROVIDERS={
    "line": {"APPS": [{"client_id": "1650000000", "secret": "line-secret"}],
             "SCOPE": ["profile", "openid"]}
})
def test_line_button_when_configured_and_login_redirects_to_line(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "LINE" in html and "/accounts/line/login/" in html
    start = client.post("/accounts/line/login/")
    assert start.status_code == 302
    target = urlparse(start["Location"])
    assert target.netloc == "access.line.me"
    assert "client_id=1650000000" in target.query and "state=" in target.query

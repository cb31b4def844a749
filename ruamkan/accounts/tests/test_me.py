import io

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from ruamkan.accounts.context_processors import notifications
from ruamkan.accounts.models import CitizenIdentity, Role, RoleAssignment, User, VerificationLevel
from ruamkan.accounts.tests.factories import UserFactory
from ruamkan.spaces.models import Notification

pytestmark = pytest.mark.django_db


def test_me_requires_login_and_is_the_login_redirect(client):
    response = client.get(reverse("accounts:me"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert reverse(settings.LOGIN_REDIRECT_URL) == "/me/"


@pytest.mark.parametrize(
    ("level", "link"),
    [(VerificationLevel.UNVERIFIED, "/accounts/email/"), (VerificationLevel.CONTACT, "/me/verify/")],
)
def test_me_shows_next_verification_step(client, level, link):
    client.force_login(UserFactory(verification_level=level))
    html = client.get(reverse("accounts:me")).content.decode()
    assert f'href="{link}"' in html
    for url in ("/me/privacy/", "/me/export.json", "/me/delete/"):
        assert f'href="{url}"' in html


def test_notifications_unread_count_and_mark_read(client):
    user = UserFactory()
    other = UserFactory()
    first = Notification.objects.create(user=user, verb="reply", text="มีคนตอบคุณ", url="/spaces/x/")
    Notification.objects.create(user=user, verb="phase", text="ขั้นตอนใหม่เริ่มแล้ว")
    Notification.objects.create(user=other, verb="reply", text="ของคนอื่น")
    client.force_login(user)
    page = client.get(reverse("accounts:me"))
    html = page.content.decode()
    assert "มีคนตอบคุณ" in html and "ของคนอื่น" not in html
    assert page.context["unread_count"] == 2
    client.post(reverse("accounts:notifications_read"), {"notification": first.pk})
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notification.objects.filter(user=user, read_at__isnull=True).count() == 1
    client.post(reverse("accounts:notifications_read"))
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=other, read_at__isnull=True).count() == 1


def test_context_processor_counts_unread_for_the_signed_in_person_only():
    user = UserFactory()
    Notification.objects.create(user=user, verb="reply", text="หนึ่ง")
    Notification.objects.create(user=UserFactory(), verb="reply", text="สอง")
    request = RequestFactory().get("/")
    request.user = user
    assert int(str(notifications(request)["unread_notifications"])) == 1
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert notifications(request)["unread_notifications"] == 0


def test_me_lists_roles(client):
    from ruamkan.areas.tests.factories import LocalGovernmentFactory

    user = UserFactory()
    lg = LocalGovernmentFactory(name_th="บางนาค")
    RoleAssignment.objects.create(user=user, role=Role.LG_ADMIN, local_government=lg)
    client.force_login(user)
    html = client.get(reverse("accounts:me")).content.decode()
    assert reverse("accounts:lg_officers", args=[lg.code]) in html


def test_demo_is_idempotent_and_gives_one_login_per_role():
    from ruamkan.accounts import demo
    from ruamkan.areas.models import LocalGovernment
    from ruamkan.areas.tests.factories import (
        CoverageFactory,
        LocalGovernmentFactory,
        SubdistrictFactory,
    )
    from ruamkan.core.demo import DemoContext

    town = LocalGovernmentFactory(code="NARA-TOWN", kind=LocalGovernment.Kind.THESABAN_MUEANG)
    CoverageFactory(local_government=town, subdistrict=SubdistrictFactory())
    for _ in range(2):
        ctx = DemoContext(out=io.StringIO(), objects={"lg_narathiwat_town": town})
        demo.load(ctx)
    assert len(ctx.logins) == 7
    assert User.objects.filter(email__endswith="@demo.ruamkan.th").count() == 7
    for _label, login, password in ctx.logins:
        assert password == settings.RUAMKAN_DEMO_PASSWORD
        assert User.objects.get(email=login).check_password(password)
    citizen = User.objects.get(email="citizen@demo.ruamkan.th")
    assert citizen.verification_level == VerificationLevel.RESIDENT
    assert citizen.home_subdistrict.province_id == "96"
    assert CitizenIdentity.objects.filter(user=citizen).count() == 1
    assert User.objects.get(email="newcomer@demo.ruamkan.th").verification_level == 0
    assert RoleAssignment.objects.filter(local_government=town).count() == 2
    assert RoleAssignment.objects.filter(role=Role.PROVINCIAL_COORDINATOR, province_id="96").exists()
    assert RoleAssignment.objects.filter(role=Role.CSO_MEMBER,
                                         organisation__name_th="เครือข่ายสตรีนราธิวาส").exists()

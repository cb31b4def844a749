import pytest
from django.urls import reverse

from ruamkan.accounts.models import CitizenIdentity, ConsentRecord, DuplicateIdentityAttempt
from ruamkan.accounts.services import consent_give, identity_verify_resident
from ruamkan.accounts.tests.factories import UserFactory, valid_citizen_id
from ruamkan.areas.tests.factories import SubdistrictFactory

pytestmark = pytest.mark.django_db


def test_admin_pages_show_only_the_masked_id(client):
    from django.core.exceptions import ValidationError

    home = SubdistrictFactory()
    number = valid_citizen_id(31)
    person = UserFactory()
    identity_verify_resident(user=person, citizen_id=number, home_subdistrict=home)
    consent_give(user=person, purpose=ConsentRecord.Purpose.TERMS)
    with pytest.raises(ValidationError):
        identity_verify_resident(user=UserFactory(), citizen_id=number, home_subdistrict=home)
    identity = CitizenIdentity.objects.get(user=person)
    attempt = DuplicateIdentityAttempt.objects.get()
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    pages = [
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[person.pk]),
        reverse("admin:accounts_citizenidentity_changelist"),
        reverse("admin:accounts_citizenidentity_change", args=[identity.pk]),
        reverse("admin:accounts_duplicateidentityattempt_change", args=[attempt.pk]),
        reverse("admin:accounts_roleassignment_changelist"),
        reverse("admin:accounts_consentrecord_changelist"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert number not in html and identity.id_hmac not in html, url
    assert identity.masked in client.get(pages[3]).content.decode()
    # No way to type an ID in through the admin, and consent records are append-only.
    assert client.get(reverse("admin:accounts_citizenidentity_add")).status_code == 403
    assert client.get(reverse("admin:accounts_consentrecord_add")).status_code == 403

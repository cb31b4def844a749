import re

import pytest
from django.db import connection
from django.urls import reverse

from ruamkan.accounts.models import (
    CitizenIdentity,
    DuplicateIdentityAttempt,
    Role,
    User,
    VerificationLevel,
)
from ruamkan.accounts.tests.factories import RoleAssignmentFactory, UserFactory, valid_citizen_id
from ruamkan.areas.models import LocalGovernment
from ruamkan.areas.tests.factories import (
    CoverageFactory,
    DistrictFactory,
    LocalGovernmentFactory,
    ProvinceFactory,
    SubdistrictFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    """Narathiwat: two districts, a subdistrict in each, an LG covering each, and a
    Yala subdistrict with its own LG (another province)."""
    narathiwat = ProvinceFactory(code="96", name_th="นราธิวาส")
    yala = ProvinceFactory(code="95", name_th="ยะลา", name_en="Yala")
    d1 = DistrictFactory(code="9601", province=narathiwat, name_th="เมืองนราธิวาส")
    d2 = DistrictFactory(code="9602", province=narathiwat, name_th="ตากใบ")
    dy = DistrictFactory(code="9501", province=yala, name_th="เมืองยะลา")
    s1 = SubdistrictFactory(code="960101", district=d1, province=narathiwat, name_th="บางนาค")
    s2 = SubdistrictFactory(code="960201", district=d2, province=narathiwat, name_th="เจ๊ะเห")
    sy = SubdistrictFactory(code="950101", district=dy, province=yala, name_th="สะเตง")
    town = LocalGovernmentFactory(code="L960101", province=narathiwat,
                                  kind=LocalGovernment.Kind.THESABAN_MUEANG, name_th="นราธิวาส")
    takbai = LocalGovernmentFactory(code="L960201", province=narathiwat, name_th="เจ๊ะเห")
    yala_lg = LocalGovernmentFactory(code="L950101", province=yala, name_th="ยะลา")
    CoverageFactory(local_government=town, subdistrict=s1)
    CoverageFactory(local_government=takbai, subdistrict=s2)
    CoverageFactory(local_government=yala_lg, subdistrict=sy)
    return {"s1": s1, "s2": s2, "sy": sy, "town": town, "takbai": takbai, "yala_lg": yala_lg,
            "narathiwat": narathiwat, "yala": yala}


def verify(client, citizen_id, subdistrict, village=""):
    url = reverse("accounts:verify") + f"?district={subdistrict.district_id}"
    return client.post(url, {"citizen_id": citizen_id, "subdistrict": subdistrict.code,
                             "village": village})


def test_verify_page_lists_subdistricts_of_chosen_district(client, area):
    client.force_login(UserFactory())
    page = client.get(reverse("accounts:verify"))
    assert "นราธิวาส" in page.content.decode() and "บางนาค" not in page.content.decode()
    page = client.get(reverse("accounts:verify") + "?province=96")
    assert "ตากใบ" in page.content.decode()
    page = client.get(reverse("accounts:verify") + "?province=96&district=9601")
    html = page.content.decode()
    assert 'value="960101"' in html and 'value="960201"' not in html
    assert 'for="id_citizen_id"' in html and 'for="id_subdistrict"' in html
    # Changing the province drops a district of another province.
    page = client.get(reverse("accounts:verify") + "?province=95&district=9601")
    assert page.context["district"] == "" and page.context["subdistricts"] == []
    assert "สะเตง" not in page.content.decode()


def test_resident_verification_with_thai_digits(client, area):
    user = UserFactory()
    client.force_login(user)
    number = valid_citizen_id(1)
    thai = number.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    response = verify(client, f"{thai[0]}-{thai[1:5]}-{thai[5:10]}-{thai[10:12]}-{thai[12]}",
                      area["s1"], "หมู่ 2")
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.verification_level == VerificationLevel.RESIDENT
    assert user.home_subdistrict == area["s1"] and user.village == "หมู่ 2"
    identity = CitizenIdentity.objects.get(user=user)
    assert identity.masked == f"{number[0]}-xxxx-xxxxx-xx-{number[12]}"
    me = client.get(reverse("accounts:me")).content.decode()
    assert identity.masked in me and number not in me


@pytest.mark.parametrize("bad", ["1103700012345", "12345", "abcdefghijklm", ""])
def test_invalid_ids_are_refused_with_a_message(client, area, bad):
    user = UserFactory()
    client.force_login(user)
    response = verify(client, bad, area["s1"])
    assert response.status_code == 200
    assert response.context["form"].errors["citizen_id"]
    user.refresh_from_db()
    assert user.verification_level == VerificationLevel.CONTACT
    assert not CitizenIdentity.objects.exists()


def test_id_attempts_are_rate_limited(client, area):
    client.force_login(UserFactory())
    for _ in range(10):
        verify(client, "1103700012345", area["s1"])
    response = verify(client, valid_citizen_id(7), area["s1"])
    assert response.status_code == 200
    assert not CitizenIdentity.objects.exists()


def test_one_id_one_account_and_attempt_shown_to_officials_of_that_area(client, area):
    number = valid_citizen_id(2)
    first, second = UserFactory(), UserFactory(display_name="บัญชีที่สอง")
    client.force_login(first)
    assert verify(client, number, area["s1"]).status_code == 302
    client.force_login(second)
    response = verify(client, number.replace("", " ").strip(), area["s2"])
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["citizen_id"])
    assert "หนึ่งคนยืนยันได้เพียงบัญชีเดียว" in errors  # the Thai message
    second.refresh_from_db()
    assert second.verification_level == VerificationLevel.CONTACT
    attempt = DuplicateIdentityAttempt.objects.get()
    assert attempt.user == second and attempt.existing_user == first
    assert attempt.home_subdistrict == area["s2"]

    url = reverse("accounts:duplicate_ids")
    takbai_officer = RoleAssignmentFactory(role=Role.LG_OFFICER,
                                           local_government=area["takbai"]).user
    town_admin = RoleAssignmentFactory(role=Role.LG_ADMIN, local_government=area["town"]).user
    coordinator = RoleAssignmentFactory(role=Role.PROVINCIAL_COORDINATOR,
                                        province=area["narathiwat"], local_government=None).user
    national = RoleAssignmentFactory(role=Role.NATIONAL_ADMIN, local_government=None).user
    yala_admin = RoleAssignmentFactory(role=Role.LG_ADMIN, local_government=area["yala_lg"]).user
    yala_coord = RoleAssignmentFactory(role=Role.PROVINCIAL_COORDINATOR, province=area["yala"],
                                       local_government=None).user
    for official in (takbai_officer, town_admin, coordinator, national):
        client.force_login(official)
        page = client.get(url)
        assert page.status_code == 200
        assert attempt.masked in page.content.decode(), official
        assert number not in page.content.decode()
    for outsider in (yala_admin, yala_coord):
        client.force_login(outsider)
        page = client.get(url)
        assert page.status_code == 200 and attempt.masked not in page.content.decode()
    client.force_login(second)
    assert client.get(url).status_code == 403
    client.force_login(RoleAssignmentFactory(role=Role.CSO_MEMBER, local_government=None,
                                             organisation=_org()).user)
    assert client.get(url).status_code == 403
    # Marking reviewed: only within one's area.
    client.force_login(yala_admin)
    assert client.post(url, {"attempt": attempt.pk}).status_code == 404
    client.force_login(takbai_officer)
    assert client.post(url, {"attempt": attempt.pk}).status_code == 302
    attempt.refresh_from_db()
    assert attempt.reviewed and attempt.reviewed_by == takbai_officer


def _org():
    from ruamkan.organisations.models import Organisation

    return Organisation.objects.get_or_create(slug="test-org", defaults={"name_th": "กลุ่มทดสอบ"})[0]


def test_no_plaintext_id_anywhere_in_the_database(client, area, caplog):
    number = valid_citizen_id(3)
    users = [UserFactory(), UserFactory()]
    client.force_login(users[0])
    verify(client, number, area["s1"])
    client.force_login(users[1])
    verify(client, number, area["s2"])  # the duplicate attempt is stored too
    assert CitizenIdentity.objects.count() == 1 and DuplicateIdentityAttempt.objects.count() == 1
    found = _grep_database(number)
    assert found == [], found
    # Positive control: the grep does find a value that is stored.
    assert _grep_database(users[0].email)
    assert number not in caplog.text


def _grep_database(needle: str) -> list[str]:
    """Every column of every table (SELECT *, so no introspection quirks), searched for the needle,
    also with separators stripped (digits only)."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            names = [col[0] for col in cursor.description]
            for row in cursor.fetchall():
                for name, value in zip(names, row, strict=True):
                    if value is None:
                        continue
                    if isinstance(value, memoryview):
                        value = value.tobytes()
                    text = value.decode("utf-8", "ignore") if isinstance(value, bytes) else str(value)
                    if needle in text or needle in re.sub(r"\D", "", text):
                        hits.append(f"{table}.{name}")
    return hits


def test_in_person_verification_permissions(client, area):
    number = valid_citizen_id(4)
    person = UserFactory(email="resident@example.org")
    client.force_login(person)
    verify(client, number, area["s1"])
    url = reverse("accounts:verify_in_person")
    town_officer = RoleAssignmentFactory(role=Role.LG_OFFICER, local_government=area["town"]).user
    takbai_admin = RoleAssignmentFactory(role=Role.LG_ADMIN, local_government=area["takbai"]).user
    yala_coord = RoleAssignmentFactory(role=Role.PROVINCIAL_COORDINATOR, province=area["yala"],
                                       local_government=None).user

    # Citizens have no access to the page at all.
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    # An official of another LG (same province) or of another province cannot find the person.
    for outsider in (takbai_admin, yala_coord):
        client.force_login(outsider)
        page = client.get(url, {"login": "resident@example.org"})
        assert page.status_code == 200 and page.context["person"] is None
        post = client.post(url, {"login": "resident@example.org", "citizen_id": number,
                                 "confirm": "on"})
        assert post.status_code == 404
    person.refresh_from_db()
    assert person.verification_level == VerificationLevel.RESIDENT
    # The town's officer can, but the number on the card must match.
    client.force_login(town_officer)
    page = client.get(url, {"login": "resident@example.org"})
    assert page.context["person"] == person
    wrong = client.post(url, {"login": "resident@example.org", "citizen_id": valid_citizen_id(5),
                              "confirm": "on"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    ok = client.post(url, {"login": "resident@example.org", "citizen_id": number, "confirm": "on"})
    assert ok.status_code == 302
    person.refresh_from_db()
    assert person.verification_level == VerificationLevel.IN_PERSON
    assert CitizenIdentity.objects.get(user=person).verified_by == town_officer


def test_in_person_allowed_for_coordinator_and_national_admin_not_self(area):
    from django.core.exceptions import PermissionDenied

    from ruamkan.accounts.services import identity_verify_in_person, identity_verify_resident

    person = UserFactory()
    identity_verify_resident(user=person, citizen_id=valid_citizen_id(6),
                             home_subdistrict=area["s2"])
    coordinator = RoleAssignmentFactory(role=Role.PROVINCIAL_COORDINATOR,
                                        province=area["narathiwat"], local_government=None).user
    national = RoleAssignmentFactory(role=Role.NATIONAL_ADMIN, local_government=None).user
    assert coordinator.has_perm("accounts.verify_in_person", person)
    assert national.has_perm("accounts.verify_in_person", person)
    assert not person.has_perm("accounts.verify_in_person", person)
    town_admin = RoleAssignmentFactory(role=Role.LG_ADMIN, local_government=area["town"]).user
    with pytest.raises(PermissionDenied):
        identity_verify_in_person(official=town_admin, user=person)
    identity_verify_in_person(official=coordinator, user=person)
    person.refresh_from_db()
    assert person.verification_level == VerificationLevel.IN_PERSON


def test_pao_officials_cover_their_whole_province(area):
    pao = LocalGovernmentFactory(code="P96", kind=LocalGovernment.Kind.PAO,
                                 province=area["narathiwat"])
    officer = RoleAssignmentFactory(role=Role.LG_OFFICER, local_government=pao).user
    person = UserFactory(home_subdistrict=area["s2"])
    assert officer.has_perm("accounts.verify_in_person", person)
    assert not officer.has_perm("accounts.verify_in_person", UserFactory(home_subdistrict=area["sy"]))


def test_level_never_goes_down_by_confirming_contact_later(area):
    from ruamkan.accounts.services import identity_verify_resident, user_contact_verified

    user = UserFactory(verification_level=VerificationLevel.UNVERIFIED)
    identity_verify_resident(user=user, citizen_id=valid_citizen_id(8), home_subdistrict=area["s1"])
    user_contact_verified(user=user)
    user.refresh_from_db()
    assert user.verification_level == VerificationLevel.RESIDENT
    assert User.objects.filter(verification_level=VerificationLevel.RESIDENT).count() == 1

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ruamkan.accounts.models import Role, RoleAssignment
from ruamkan.accounts.services import role_grant, role_revoke
from ruamkan.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from ruamkan.areas.tests.factories import LocalGovernmentFactory, ProvinceFactory
from ruamkan.core.models import AuditEvent
from ruamkan.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    nara = ProvinceFactory(code="96")
    yala = ProvinceFactory(code="95", name_th="ยะลา", name_en="Yala")
    lg_a = LocalGovernmentFactory(code="A96", province=nara)
    lg_b = LocalGovernmentFactory(code="B96", province=nara)
    lg_y = LocalGovernmentFactory(code="Y95", province=yala)
    org_n = Organisation.objects.create(slug="nara-women", name_th="เครือข่ายสตรี", province=nara)
    org_y = Organisation.objects.create(slug="yala-youth", name_th="เยาวชนยะลา", province=yala)

    def holder(role, **scope):
        return RoleAssignmentFactory(role=role, local_government=scope.pop("local_government", None),
                                     **scope).user

    granters = {
        "national": holder(Role.NATIONAL_ADMIN),
        "coord_96": holder(Role.PROVINCIAL_COORDINATOR, province=nara),
        "lgadmin_a": holder(Role.LG_ADMIN, local_government=lg_a),
        "officer_a": holder(Role.LG_OFFICER, local_government=lg_a),
        "cso_n": holder(Role.CSO_MEMBER, organisation=org_n),
        "citizen": UserFactory(),
    }
    targets = {
        "national": {"role": Role.NATIONAL_ADMIN},
        "coord_96": {"role": Role.PROVINCIAL_COORDINATOR, "province": nara},
        "coord_95": {"role": Role.PROVINCIAL_COORDINATOR, "province": yala},
        "lgadmin_a": {"role": Role.LG_ADMIN, "local_government": lg_a},
        "lgadmin_y": {"role": Role.LG_ADMIN, "local_government": lg_y},
        "officer_a": {"role": Role.LG_OFFICER, "local_government": lg_a},
        "officer_b": {"role": Role.LG_OFFICER, "local_government": lg_b},
        "officer_y": {"role": Role.LG_OFFICER, "local_government": lg_y},
        "cso_n": {"role": Role.CSO_MEMBER, "organisation": org_n},
        "cso_y": {"role": Role.CSO_MEMBER, "organisation": org_y},
    }
    return granters, targets


# Who may grant what: national admins anything; coordinators LG roles in their province; LG admins
# officers of their own LG and CSO membership of organisations in their province; nobody else.
ALLOWED = {
    "national": {"national", "coord_96", "coord_95", "lgadmin_a", "lgadmin_y", "officer_a",
                 "officer_b", "officer_y", "cso_n", "cso_y"},
    "coord_96": {"lgadmin_a", "officer_a", "officer_b"},
    "lgadmin_a": {"officer_a", "cso_n"},
    "officer_a": set(),
    "cso_n": set(),
    "citizen": set(),
}
GRANTERS = list(ALLOWED)
TARGETS = ["national", "coord_96", "coord_95", "lgadmin_a", "lgadmin_y", "officer_a",
           "officer_b", "officer_y", "cso_n", "cso_y"]


@pytest.mark.parametrize("granter", GRANTERS)
@pytest.mark.parametrize("target", TARGETS)
def test_role_grant_matrix(world, granter, target):
    granters, targets = world
    person = UserFactory()
    before = AuditEvent.objects.filter(action="accounts.role_granted").count()
    if target in ALLOWED[granter]:
        assignment = role_grant(granted_by=granters[granter], user=person, **targets[target])
        assert assignment.user == person and assignment.granted_by == granters[granter]
        assert AuditEvent.objects.filter(action="accounts.role_granted").count() == before + 1
        role_revoke(revoked_by=granters[granter], assignment=assignment)
        assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
        assert AuditEvent.objects.filter(action="accounts.role_revoked").exists()
    else:
        with pytest.raises(PermissionDenied):
            role_grant(granted_by=granters[granter], user=person, **targets[target])
        assert not RoleAssignment.objects.filter(user=person).exists()
        assert AuditEvent.objects.filter(action="accounts.role_granted").count() == before


def test_revoke_needs_the_same_right(world):
    granters, targets = world
    person = UserFactory()
    assignment = role_grant(granted_by=granters["national"], user=person, **targets["officer_b"])
    with pytest.raises(PermissionDenied):
        role_revoke(revoked_by=granters["lgadmin_a"], assignment=assignment)
    role_revoke(revoked_by=granters["coord_96"], assignment=assignment)


def test_rules_permission_names(world):
    from ruamkan.accounts.rules import RoleGrant

    granters, targets = world
    assert granters["lgadmin_a"].has_perm("accounts.grant_role")
    assert not granters["officer_a"].has_perm("accounts.grant_role")
    assert granters["lgadmin_a"].has_perm("accounts.grant_role", RoleGrant(**targets["officer_a"]))
    assert not granters["lgadmin_a"].has_perm("accounts.grant_role",
                                              RoleGrant(**targets["officer_b"]))
    assert granters["officer_a"].has_perm("accounts.view_duplicate_ids")
    assert not granters["cso_n"].has_perm("accounts.view_duplicate_ids")
    assert not granters["citizen"].has_perm("accounts.verify_in_person")


def test_wrong_scope_is_a_validation_error(world):
    from django.core.exceptions import ValidationError

    granters, targets = world
    with pytest.raises(ValidationError):
        role_grant(granted_by=granters["national"], user=UserFactory(), role=Role.LG_OFFICER,
                   province=targets["coord_96"]["province"])


def test_lg_admin_adds_and_removes_an_officer_by_email(client, world):
    granters, targets = world
    lg_a = targets["officer_a"]["local_government"]
    newcomer = UserFactory(email="new.officer@example.org")
    url = reverse("accounts:lg_officers", args=[lg_a.code])
    client.force_login(granters["lgadmin_a"])
    page = client.get(url)
    assert page.status_code == 200 and 'for="id_email"' in page.content.decode()
    response = client.post(url, {"email": "New.Officer@example.org"})
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=newcomer, local_government=lg_a)
    assert assignment.role == Role.LG_OFFICER
    assert newcomer.public_name in client.get(url).content.decode()
    unknown = client.post(url, {"email": "nobody@example.org"})
    assert unknown.status_code == 200 and unknown.context["form"].errors["email"]
    client.post(url, {"revoke": assignment.pk})
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.parametrize("who", ["officer_a", "cso_n", "citizen"])
def test_officers_page_refused_to_non_admins(client, world, who):
    granters, targets = world
    lg_a = targets["officer_a"]["local_government"]
    client.force_login(granters[who])
    url = reverse("accounts:lg_officers", args=[lg_a.code])
    assert client.get(url).status_code == 403
    assert client.post(url, {"email": granters["citizen"].email}).status_code == 403


def test_other_lg_admin_cannot_manage_officers(client, world):
    granters, targets = world
    lg_b = targets["officer_b"]["local_government"]
    client.force_login(granters["lgadmin_a"])
    assert client.get(reverse("accounts:lg_officers", args=[lg_b.code])).status_code == 403
    client.force_login(granters["coord_96"])
    assert client.get(reverse("accounts:lg_officers", args=[lg_b.code])).status_code == 200

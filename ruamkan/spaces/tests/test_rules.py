"""Every role × protected action on spaces, allowed and refused."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ruamkan.spaces.models import Space
from ruamkan.spaces.selectors import phase_action_check
from ruamkan.spaces.tests.factories import PhaseFactory

ROLES = ["anonymous", "newcomer", "citizen", "resident", "outsider", "national_admin",
         "coordinator", "other_coordinator", "lg_admin", "lg_officer", "other_lg_admin",
         "cso_member"]

# role -> (view private space, change space, moderate space, add space for the town)
EXPECTED = {
    "anonymous": (False, False, False, False),
    "newcomer": (False, False, False, False),
    "citizen": (False, False, False, False),
    "resident": (False, False, False, False),
    "outsider": (False, False, False, False),
    "national_admin": (True, True, True, True),
    "coordinator": (True, True, True, True),
    "other_coordinator": (False, False, False, False),
    "lg_admin": (True, True, True, True),
    "lg_officer": (True, False, True, False),
    "other_lg_admin": (False, False, False, False),
    "cso_member": (False, False, False, False),
}


def _user(place, role):
    return place["people"][role] or AnonymousUser()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_space_permissions_per_role(place, space, role):
    user = _user(place, role)
    space.visibility = Space.Visibility.PRIVATE
    space.save()
    view, change, moderate, add = EXPECTED[role]
    assert user.has_perm("spaces.view_space", space) is view
    assert user.has_perm("spaces.change_space", space) is change
    assert user.has_perm("spaces.moderate_space", space) is moderate
    assert user.has_perm("spaces.add_space", place["town"]) is add


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_a_public_space(place, space, role):
    assert _user(place, role).has_perm("spaces.view_space", space)


@pytest.mark.django_db
def test_only_national_admins_add_national_spaces(place):
    people = place["people"]
    assert people["national_admin"].has_perm("spaces.add_space", None)
    for role in ("coordinator", "lg_admin", "citizen"):
        assert not people[role].has_perm("spaces.add_space", None)


@pytest.mark.django_db
def test_province_space_is_managed_by_its_coordinator_only(place):
    from ruamkan.spaces.tests.factories import SpaceFactory

    space = SpaceFactory(level=Space.Level.PROVINCE, local_government=None,
                         province=place["province"])
    people = place["people"]
    assert people["coordinator"].has_perm("spaces.change_space", space)
    assert not people["other_coordinator"].has_perm("spaces.change_space", space)
    assert not people["lg_admin"].has_perm("spaces.change_space", space)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,requirement,allowed",
    [
        ("anonymous", {}, False),
        ("newcomer", {}, False),  # discussion needs a verified contact by default
        ("citizen", {}, True),
        ("citizen", {"comment": {"min_level": 2}}, False),
        ("resident", {"comment": {"min_level": 2}}, True),
        ("resident", {"comment": {"min_level": 2, "residency": True}}, True),
        ("outsider", {"comment": {"min_level": 2, "residency": True}}, False),
        ("lg_officer", {"comment": {"min_level": 2}}, False),  # officials need it too
    ],
)
def test_comment_action_requirements(place, space, role, requirement, allowed):
    phase = PhaseFactory(space=space, requirements=requirement)
    check = phase_action_check(user=_user(place, role), phase=phase, action="comment")
    assert check.allowed is allowed
    if not allowed:
        assert check.reason


@pytest.mark.django_db
def test_action_outside_phase_dates_or_kind_is_refused(place, space):
    import datetime as dt

    from django.utils import timezone

    citizen = place["people"]["citizen"]
    past = PhaseFactory(space=space, starts_at=timezone.now() - dt.timedelta(days=9),
                        ends_at=timezone.now() - dt.timedelta(days=2))
    future = PhaseFactory(space=space, starts_at=timezone.now() + dt.timedelta(days=2),
                          ends_at=timezone.now() + dt.timedelta(days=9))
    info = PhaseFactory(space=space, content_key="spaces.information")
    from django.utils import translation

    with translation.override("en"):
        assert "closed" in phase_action_check(user=citizen, phase=past, action="comment").reason
    assert not phase_action_check(user=citizen, phase=future, action="comment").allowed
    assert not phase_action_check(user=citizen, phase=info, action="comment").allowed


@pytest.mark.django_db
def test_invite_only_space_lets_members_act(place, space):
    space.visibility = Space.Visibility.INVITE
    space.save()
    phase = PhaseFactory(space=space)
    citizen = place["people"]["citizen"]
    assert not phase_action_check(user=citizen, phase=phase, action="comment").allowed
    space.members.add(citizen)
    assert phase_action_check(user=citizen, phase=phase, action="comment").allowed

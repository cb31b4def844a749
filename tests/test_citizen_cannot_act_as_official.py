"""Every officials-only POST endpoint, sent by a verified resident with no role, against the loaded
demo: refused (403, or 404 where the object is not visible), and nothing in the database changes.
The permission check comes before the form is read, so an empty form cannot slip past it."""

import pytest

from tests.test_anonymous_writes import (
    _counts,
    _fill,
    _our_patterns,
    _values,
    load_demo_with_small_ids,
)

# Path fragments of the endpoints only officials (or a space's managers) may use.
OFFICIAL = (
    "/draw/", "assemblies/<int:pk>/edit/", "/meetings/", "/pool/upload/", "/quotas", "/seed/",
    "/answer/", "/paper/", "budgets/<int:pk>/publish/", "/review/", "/moderate/", "/moderation/",
    "/close/", "/attendance/", "/minutes/", "/forums/<int:pk>/proposal/", "/plan/", "/manage/",
    "/milestone/", "/update/", "officials/", "/bulk/", "reports/templates/", "/assemblies/new/",
    "/budgets/new/", "/polls/new/", "spaces/new/", "volunteering/new/", "recommendations/",
)


def _post_each_refused(client, routes: list[str], values: dict[str, str]) -> list[int]:
    """POST an empty form to each route: each is refused and nothing in the database changes."""
    before = _counts()
    seen: list[int] = []
    for route in routes:
        url = "/" + _fill(route, values)
        response = client.post(url, {})
        assert response.status_code in (403, 404, 405), (url, response.status_code)
        assert _counts() == before, url
        seen.append(response.status_code)
    return seen


@pytest.mark.django_db
def test_a_resident_without_a_role_cannot_use_officials_endpoints(client):
    load_demo_with_small_ids()
    from ruamkan.accounts.models import User

    client.force_login(User.objects.get(email="citizen@demo.ruamkan.th"))
    values = _values()
    routes = [r for r in sorted(set(_our_patterns())) if any(f in "/" + r for f in OFFICIAL)]
    assert len(routes) > 30
    seen = _post_each_refused(client, routes, values)
    assert seen.count(403) > 25, seen  # refused for lack of a role, not merely not found


@pytest.mark.django_db
def test_another_local_governments_admin_cannot_act_on_the_towns_objects(client):
    """Cross-tenant: an administrator of another local government in the same province, on
    every officials-only endpoint that names an object of the demo (the town's spaces, budgets,
    polls, assemblies, proposals, reports, opportunities, the town's own code)."""
    load_demo_with_small_ids()
    from ruamkan.accounts.models import Role, RoleAssignment
    from ruamkan.accounts.tests.factories import UserFactory
    from ruamkan.areas.models import LocalGovernment

    values = _values()
    neighbour = (LocalGovernment.objects.filter(province_id="96").exclude(kind="pao")
                 .exclude(code=values["code"]).order_by("code").first())
    admin = UserFactory()
    RoleAssignment.objects.create(user=admin, role=Role.LG_ADMIN, local_government=neighbour)
    client.force_login(admin)
    routes = [r for r in sorted(set(_our_patterns()))
              if "<" in r and any(f in "/" + r for f in OFFICIAL)]
    assert len(routes) > 25
    seen = _post_each_refused(client, routes, values)
    assert seen.count(403) > 20, seen

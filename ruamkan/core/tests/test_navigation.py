"""The header links every page carries: what a citizen can do, and an officer's queue."""

import re

import pytest

from ruamkan.accounts.roles import forget_roles

CITIZEN_LINKS = ["/spaces/", "/reports/new/", "/reports/", "/volunteering/", "/search/"]


def _nav_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]+)"', nav)


@pytest.mark.django_db
def test_anonymous_header_links_the_citizen_journeys_in_thai(client, place):
    html = client.get("/").content.decode()
    links = _nav_links(html)
    assert all(link in links for link in CITIZEN_LINKS)
    assert "/reports/queue/" not in links
    for text in ("แจ้งปัญหา", "แผนที่เรื่องแจ้ง", "จิตอาสา", "ร่วมกำหนดนโยบาย"):
        assert text in html
    for target in CITIZEN_LINKS:
        assert client.get(target).status_code in (200, 302)  # the form asks to sign in first


@pytest.mark.django_db
@pytest.mark.parametrize("role, sees_queue", [
    ("citizen", False), ("cso_member", False), ("lg_officer", True), ("lg_admin", True),
    ("coordinator", True), ("national_admin", True),
])
def test_work_queue_link_only_for_officials_and_it_opens(client, place, role, sees_queue):
    user = place["people"][role]
    forget_roles(user)
    client.force_login(user)
    links = _nav_links(client.get("/").content.decode())
    assert ("/reports/queue/" in links) is sees_queue
    if sees_queue:
        assert client.get("/reports/queue/").status_code == 200

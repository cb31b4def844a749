"""Public pages in a real browser at 360 px: Thai first, accessible (axe-core), light."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def _public_urls():
    from ruamkan.areas.models import LocalGovernment
    from ruamkan.spaces.models import Space

    lg = LocalGovernment.objects.filter(province_id="96").exclude(kind="pao").first()
    space = Space.objects.filter(is_published=True, visibility="public").first()
    urls = ["/", "/?q=นราธิวาส", "/spaces/", "/provinces/96/", "/find/", "/search/?q=ไฟ",
            "/privacy/", "/accounts/login/", "/accounts/signup/"]
    if lg:
        urls.append(lg.get_absolute_url())
    if space:
        urls.append(space.get_absolute_url())
    return urls


def test_public_pages_have_no_serious_accessibility_violations(page, demo, screenshot):
    problems = {}
    for url in _public_urls():
        response = page.goto(url)
        assert response.status == 200, url
        assert page.locator("html").get_attribute("lang") == "th"
        found = axe_serious(page)
        if found:
            problems[url] = [(v["id"], v["impact"], len(v["nodes"])) for v in found]
        screenshot("page" + url.replace("/", "_").replace("?", "_"))
    assert problems == {}


def test_home_first_load_is_under_150_kb(page, demo):
    sizes = []
    page.on("response", lambda r: sizes.append(len(r.body()) if r.ok else 0))
    page.goto("/", wait_until="networkidle")
    total = sum(sizes)
    print(f"home first load: {total / 1024:.1f} KB in {len(sizes)} responses")
    assert total < 150 * 1024
    assert page.get_by_role("heading", level=1).inner_text().strip() != ""


def test_english_switch(page, demo):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="ภาษาไทย").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "th"

"""Browser tests: Playwright for Python driving Debian's chromium (no browser download).

Where no chromium is installed they skip and say why; with RUAMKAN_REQUIRE_BROWSER=1 (set by
.ci/run) a missing browser fails instead.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _chromium() -> str | None:
    configured = os.environ.get("RUAMKAN_CHROMIUM")
    if configured and Path(configured).exists():
        return configured
    for path in CHROMIUM_CANDIDATES:
        if Path(path).exists():
            return path
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_path():
    path = _chromium()
    if path is None:
        message = "no chromium installed (apt-get install chromium); browser tests need it"
        if os.environ.get("RUAMKAN_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        viewport={"width": 360, "height": 780}, locale="th-TH", base_url=live_server.url,
    )
    # Nothing may load from outside this machine (no CDNs; map tiles are blocked in tests).
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(live_server.url) or route.request.url.startswith("data:")
                  else route.abort())
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def axe_serious(page) -> list[dict]:
    """Serious and critical axe-core violations on the current page (axe runs offline)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]


@pytest.fixture
def login(page, live_server):
    """Sign a user in for the browser by giving it a real session cookie."""
    from django.test import Client

    def do(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.add_cookies([{
            "name": "sessionid", "value": cookie.value, "url": live_server.url,
        }])
        return user

    return do

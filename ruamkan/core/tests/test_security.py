import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_html_has_strict_content_security_policy(client):
    response = client.get("/privacy/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp  # inline scripts only with a per-response nonce
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_state_changes_need_the_csrf_token(place_free_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(place_free_user)
    response = client.post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403


@pytest.fixture
def place_free_user(db):
    from ruamkan.accounts.tests.factories import UserFactory

    return UserFactory()


def test_deploy_checks_pass_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-only-" + "y" * 30,
        "RUAMKAN_HTTPS": "1",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "ruamkan.example.go.th",
        "RUAMKAN_VAR_DIR": str(tmp_path),
    }
    # The browser tests' Playwright fixture sets this in the test process; a deployment never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr

"""Every POST endpoint of every Ruamkan app, sent by someone not signed in, against the loaded
demo (so the ids name real objects): nothing in the database changes and nothing fails with a
server error. (Read-only pages may answer a POST with the page, or redirect.)
Catches a write view that forgot its login or permission check."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

# Tables that legitimately change on any anonymous request.
IGNORED = {"sessions.session", "core.auditevent"}
# Endpoints open to anonymous writers by design, each refusing an empty request on its own.
OPEN_BY_DESIGN = {"line/webhook/", "open311/v2/requests.json", "open311/v2/requests.xml"}


def _our_patterns():
    modules = {module for _prefix, module in settings.RUAMKAN_URL_MODULES}
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and getattr(entry.urlconf_module, "__name__", "") in modules:
            for pattern in entry.url_patterns:
                if isinstance(pattern, URLPattern):
                    yield str(pattern.pattern)


def _fill(route: str, values: dict[str, str]) -> str:
    if route.startswith("^"):  # the Open311 regexes: one concrete URL each
        route = route.strip("^$").replace("\\.", ".")
        route = re.sub(r"\(\?P<fmt>[^)]*\)", "json", route)
        return re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values.get(m.group(1), "1"), route)
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), "1"), route)


def _counts() -> dict[str, int]:
    return {model._meta.label_lower: model._default_manager.count()
            for model in apps.get_models() if model._meta.label_lower not in IGNORED}


def load_demo_with_small_ids() -> None:
    """Load the demo so that its first objects have id 1, which the URLs use. SQLite restarts
    ids with each test's rolled-back transaction; PostgreSQL sequences are not transactional,
    so the sequences of tables still empty are restarted first (tables that migrations filled
    keep theirs)."""
    if connection.vendor == "postgresql":
        empty = [{"table": m._meta.db_table, "column": m._meta.pk.column}
                 for m in apps.get_models()
                 if m._meta.managed and not m._meta.proxy and m._meta.pk.get_internal_type()
                 in ("AutoField", "BigAutoField") and not m._default_manager.exists()]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_by_name_sql(no_style(), empty):
                cursor.execute(statement)
    call_command("load_demo", verbosity=0)


def _values() -> dict[str, str]:
    """Values for the URL parameters that are not plain ids, taken from the loaded demo."""
    from ruamkan.areas.models import LocalGovernment
    from ruamkan.spaces.models import Space

    space = Space.objects.order_by("pk").first()
    return {
        "slug": space.slug,
        "code": LocalGovernment.objects.filter(province_id="96").exclude(kind="pao")
        .order_by("code").first().code,
        "ct_id": str(ContentType.objects.get_for_model(Space).pk),
        "obj_id": str(space.pk),
    }


@pytest.mark.django_db
def test_no_anonymous_post_changes_anything(client):
    load_demo_with_small_ids()
    values = _values()
    routes = sorted(set(_our_patterns()))
    assert len(routes) > 60
    before = _counts()
    answers = {}
    for route in routes:
        url = "/" + _fill(route, values)
        response = client.post(url, {})
        answers[url] = response.status_code
        if any(url.endswith(p) for p in OPEN_BY_DESIGN):
            # 503: the LINE channel is not configured in the demo.
            assert response.status_code in (400, 403, 503), url
        else:
            assert response.status_code < 500, url
        assert _counts() == before, url
    assert sum(code in (302, 403) for code in answers.values()) > 40  # real refusals, not 404s

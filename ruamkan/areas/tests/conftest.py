"""Fixtures for the areas tests.

Loading the gazetteer (8,400 rows) or the shared files takes seconds, so modules that need them
load once per module (outside the per-test transaction) and delete everything at the end, so no
other module ever sees these rows.
"""

from __future__ import annotations

import contextlib

import pytest
from django.core.management import call_command

from ruamkan.areas import selectors
from ruamkan.areas.models import (
    AbolishedAreaCode,
    Boundary,
    BoundarySet,
    Coverage,
    District,
    LocalGovernment,
    Province,
    Subdistrict,
)


def wipe_areas() -> None:
    # Plain DELETEs, children first: Model.delete() would collect 8,000 rows' relations in Python.
    from django.db import connection

    with connection.cursor() as cursor:
        for model in (Boundary, BoundarySet, Coverage, LocalGovernment, Subdistrict, District,
                      Province, AbolishedAreaCode):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")


@contextlib.contextmanager
def module_data(django_db_blocker, loader):
    with django_db_blocker.unblock():
        wipe_areas()
        loader()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            wipe_areas()
        selectors.lookup_cache_clear()


@pytest.fixture(autouse=True)
def _fresh_lookup_cache():
    selectors.lookup_cache_clear()
    yield
    selectors.lookup_cache_clear()


@pytest.fixture(scope="module")
def gazetteer(django_db_setup, django_db_blocker):
    """Provinces, districts and subdistricts from geothai, for the whole module."""
    with module_data(django_db_blocker, lambda: call_command("load_areas", verbosity=0)):
        yield


@pytest.fixture(scope="module")
def demo_areas(django_db_setup, django_db_blocker):
    """What the demo loads: the gazetteer, 21 Narathiwat bodies and Narathiwat boundaries."""
    from io import StringIO

    from ruamkan.areas import demo
    from ruamkan.core.demo import DemoContext

    ctx = DemoContext(out=StringIO())
    with module_data(django_db_blocker, lambda: demo.load(ctx)):
        yield ctx

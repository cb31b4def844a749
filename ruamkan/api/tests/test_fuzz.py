"""Every /api/v1/ operation, fed schema-generated input by schemathesis (property-based, from the
published OpenAPI document): no answer is a server error, and every answer matches the schema
it promises. Runs in-process against the WSGI app with the test database."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def _keep_test_connection():
    # As django.test.Client does: the test's transaction lives on this connection.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_test_connection")
@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_never_fails_with_a_server_error(case, place):
    # Not checked: that every schema-valid request is accepted. Business rules (both lat and lon,
    # a known subdistrict) refuse some with a documented 400, as they should.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


@pytest.fixture
def resident_session(place, client):
    client.force_login(place["people"]["resident"])
    client.get("/")  # sets the CSRF cookie
    return {"cookies": {"sessionid": client.cookies["sessionid"].value,
                        "csrftoken": client.cookies["csrftoken"].value},
            "headers": {"X-CSRFToken": client.cookies["csrftoken"].value}}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_signed_in_never_fails_with_a_server_error(case, resident_session,
                                                       _keep_test_connection):
    # `_keep_test_connection` after `resident_session`: the Django test client reconnects the
    # signal when its own request ends.
    case.call_and_validate(**resident_session, excluded_checks=[positive_data_acceptance])

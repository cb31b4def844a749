"""Open311 is not in the OpenAPI document, so it gets its own property-based test: any value in
any of the spec's fields gives an Open311 answer (a list, or an error list with 400/403/404),
never a server error, in JSON and XML."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ruamkan.servicerequests import services

BASE = "/open311/v2"
# Whatever a client might send: empty, numbers, dates, Thai, control characters, long text.
values = st.one_of(
    st.none(), st.just(""), st.integers().map(str), st.floats(allow_nan=True).map(str),
    st.datetimes().map(lambda d: d.isoformat()), st.text(max_size=30),
    st.sampled_from(["open", "closed", "t96a-road", "T96A", "960101", "2026-13-45", "NaN",
                     "inf", "ถนนพิชิตบำรุง", "1e309", "-0", "\x00"]),
)
GET_FIELDS = ["jurisdiction_id", "service_request_id", "service_code", "start_date", "end_date",
              "status", "lat", "long", "radius", "page", "page_size"]
POST_FIELDS = ["jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id",
               "description", "email", "first_name", "last_name", "phone", "device_id",
               "account_id", "media_url", "attribute[how_many]"]
ALLOWED = {200, 201, 400, 403, 404, 409, 422}
FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))


def _params(draw_dict):
    return {k: v for k, v in draw_dict.items() if v is not None}


def _check(response, fmt):
    assert response.status_code in ALLOWED, response.content[:300]
    if fmt == "json":
        assert isinstance(json.loads(response.content), list)
    else:
        assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_any_query_gets_an_open311_answer(client, place, fmt):
    @FUZZ
    @given(st.fixed_dictionaries({}, optional=dict.fromkeys(GET_FIELDS, values)))
    def check(query):
        _check(client.get(f"{BASE}/requests.{fmt}", _params(query)), fmt)

    check()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_any_post_gets_an_open311_answer_and_bad_ones_store_nothing(client, place, fmt):
    from ruamkan.servicerequests.models import Report

    _app, key = services.api_client_create(name="fuzz")

    @FUZZ
    @given(st.fixed_dictionaries({}, optional=dict.fromkeys(POST_FIELDS, values)))
    def check(fields):
        before = Report.objects.count()
        response = client.post(f"{BASE}/requests.{fmt}", {"api_key": key, **_params(fields)})
        _check(response, fmt)
        assert Report.objects.count() == before + (1 if response.status_code == 201 else 0)

    check()

"""NUL characters are refused with a 400 in the endpoint's own format, before any view runs:
PostgreSQL cannot store them, so they used to surface as server errors."""

import json

import pytest

from ruamkan.servicerequests.models import Report


@pytest.mark.django_db
@pytest.mark.parametrize("method, url, kwargs, content_type", [
    ("get", "/search/", {"data": {"q": "ไฟ\x00ดับ"}}, "text/plain"),
    ("get", "/s/%00/", {}, "text/plain"),
    ("get", "/open311/v2/requests.json", {"data": {"status": "open\x00"}}, "application/json"),
    ("get", "/open311/v2/requests.xml", {"data": {"service_code": "\x00"}}, "text/xml"),
    ("post", "/api/v1/reports/", {"data": json.dumps({"topic": "road", "description": "a\u0000b"}),
                                  "content_type": "application/json"}, "application/json"),
    ("get", "/api/v1/spaces/", {"data": {"province": "9\x006"}}, "application/json"),
])
def test_nul_is_refused_in_the_endpoints_format(client, place, method, url, kwargs,
                                                 content_type):
    client.force_login(place["people"]["resident"])
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == 400
    assert response["Content-Type"].startswith(content_type)
    body = response.content.decode()
    assert "NUL" in body  # JSON answers carry it in "detail", like the API's other 400s
    if url.startswith("/open311/") and url.endswith(".json"):
        assert json.loads(body)[0]["code"] == 400


@pytest.mark.django_db
def test_a_form_post_with_nul_stores_nothing_and_says_why_in_thai(client, place):
    client.force_login(place["people"]["resident"])
    response = client.post("/reports/new/", {"topic": "road", "description": "ถนน\x00พัง",
                                             "subdistrict": place["home"].code},
                           HTTP_ACCEPT_LANGUAGE="th")
    assert response.status_code == 400 and "อักขระ NUL" in response.content.decode()
    assert not Report.objects.exists()

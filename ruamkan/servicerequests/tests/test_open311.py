"""Open311 GeoReport v2: the contract (service-requests.md A1), in JSON and XML, with the real
`georeport` client from PyPI against a live server."""

import datetime as dt
import threading
import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own answers

import pytest
from django.core.management import call_command
from django.utils import timezone
from georeport import GeoReport

from ruamkan.servicerequests import services
from ruamkan.servicerequests.models import (
    ApiClient,
    IdempotencyRecord,
    Report,
    ServiceAttribute,
)
from ruamkan.servicerequests.tests.conftest import SHARED_POINT, TOKYO, TOWN_POINT

BASE = "/open311/v2"


@pytest.fixture
def api_key(place):
    _client, key = services.api_client_create(name="traffy-bridge")
    return key


@pytest.fixture
def definition(place):
    cat = place["categories"]["streetlight"]
    ServiceAttribute.objects.create(
        category=cat, code="pole", datatype="string", required=False, position=2,
        description="หมายเลขเสาไฟ (ถ้ามี)")
    ServiceAttribute.objects.create(
        category=cat, code="how_many", datatype="singlevaluelist", required=True, position=1,
        description="ดับกี่ดวง", values=[["one", "ดวงเดียว"], ["several", "หลายดวง"]])
    return cat


def _post(client, key, fmt="json", headers=None, **fields):
    data = {"api_key": key, "service_code": "t96a-road", "lat": TOWN_POINT[0],
            "long": TOWN_POINT[1], "description": "ถนนพิชิตบำรุงเป็นหลุม", "first_name": "อาอีชะ",
            "email": "a@example.org"}
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"{BASE}/requests.{fmt}", data, headers=headers or {})


def _xml(response):
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_discovery_in_both_formats(client, place, fmt):
    response = client.get(f"{BASE}/discovery.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        endpoint = response.json()["endpoints"][0]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    else:
        root = _xml(response)
        assert root.tag == "discovery"
        assert [f.text for f in root.iter("format")] == ["text/xml", "application/json"]


def test_service_list_is_a_top_level_array_and_filters_by_jurisdiction(client, place):
    services_ = client.get(f"{BASE}/services.json").json()
    assert isinstance(services_, list) and len(services_) == 7
    pao = next(s for s in services_ if s["service_code"] == "p96-pao_road")
    assert pao["service_name"] == "ถนนทางหลวงชนบท/ถนน อบจ." and pao["type"] == "realtime"
    assert pao["group"] == "องค์การบริหารส่วนจังหวัดนราธิวาส" and pao["metadata"] is False
    only_pao = client.get(f"{BASE}/services.json?jurisdiction_id=P96").json()
    assert [s["service_code"] for s in only_pao] == ["p96-pao_road"]
    assert client.get(f"{BASE}/services.json?jurisdiction_id=").json() == services_
    unknown = client.get(f"{BASE}/services.xml?jurisdiction_id=X1")
    assert unknown.status_code == 404 and _xml(unknown).find("error/code").text == "404"


def test_service_definition_lists_attributes_in_order(client, place, definition):
    data = client.get(f"{BASE}/services/{definition.code}.json").json()
    assert data["service_code"] == definition.code
    assert [a["code"] for a in data["attributes"]] == ["how_many", "pole"]
    assert data["attributes"][0]["values"] == [{"key": "one", "name": "ดวงเดียว"},
                                               {"key": "several", "name": "หลายดวง"}]
    root = _xml(client.get(f"{BASE}/services/{definition.code}.xml"))
    assert root.find("attributes/attribute/required").text == "true"
    assert client.get(f"{BASE}/services/nope.json").status_code == 404


def test_post_without_or_with_a_bad_key_is_403_error_list(client, place):
    for key in (None, "rk_wrong"):
        response = _post(client, key, fmt="xml")
        assert response.status_code == 403
        root = _xml(response)
        assert root.tag == "errors" and root.find("error/code").text == "403"
        assert _post(client, key).json()[0]["code"] == 403
    assert Report.objects.count() == 0


def test_keys_are_created_by_command_and_stored_hashed(place, capsys):
    call_command("open311_key", "create", "fondue-bridge")
    key = capsys.readouterr().out.strip()
    client = ApiClient.objects.get(name="fondue-bridge")
    assert key.startswith("rk_") and len(key) > 40
    assert key not in (client.key_hash, client.key_prefix) and key[:10] == client.key_prefix
    assert services.api_client_authenticate(key=key) == client
    call_command("open311_key", "revoke", "fondue-bridge")
    assert services.api_client_authenticate(key=key) is None


def test_post_creates_a_routed_request_answered_as_a_list(client, place, api_key):
    response = _post(client, api_key)
    assert response.status_code == 201
    body = response.json()
    assert isinstance(body, list) and len(body) == 1 and "token" not in body[0]
    report = Report.objects.get(pk=int(body[0]["service_request_id"]))
    assert report.channel == "open311" and report.local_government == place["town"]
    assert report.contact_name == "อาอีชะ" and report.hide_name
    xml = _xml(_post(client, api_key, fmt="xml"))
    assert xml.tag == "service_requests" and xml.find("request/service_request_id").text


@pytest.mark.parametrize(("fields", "status", "words"), [
    ({"service_code": None}, 400, "service_code"),
    ({"service_code": "nope"}, 404, "service_code"),
    ({"lat": None, "long": None}, 400, "location"),
    ({"lat": None, "long": None, "address_string": "หน้าตลาด"}, 400, "address_id"),
    ({"lat": TOKYO[0], "long": TOKYO[1]}, 400, "นอกประเทศไทย"),
    ({"lat": "north"}, 400, "number"),
    ({"description": "x" * 4001}, 400, "4,000"),
    ({"jurisdiction_id": "ZZ"}, 404, "jurisdiction"),
])
def test_bad_posts_are_error_lists(client, place, api_key, fields, status, words):
    response = _post(client, api_key, **fields)
    assert response.status_code == status
    error = response.json()[0]
    assert error["code"] == status and words in error["description"].lower()
    assert Report.objects.count() == 0


def test_attributes_required_by_the_definition(client, place, api_key, definition):
    missing = _post(client, api_key, service_code=definition.code)
    assert missing.status_code == 400 and "how_many" in missing.json()[0]["description"]
    wrong = _post(client, api_key, service_code=definition.code, **{"attribute[how_many]": "ten"})
    assert wrong.status_code == 400
    ok = _post(client, api_key, service_code=definition.code,
               **{"attribute[how_many]": "several", "attribute[pole]": "NR-0113"})
    assert ok.status_code == 201
    assert Report.objects.get().attributes == {"how_many": "several", "pole": "NR-0113"}


def test_address_id_is_the_subdistrict_code(client, place, api_key):
    response = _post(client, api_key, lat=None, long=None, address_id="960101",
                     service_code="t96a-garbage")
    assert response.status_code == 201
    assert Report.objects.get().subdistrict_id == "960101"


def test_get_requests_with_the_spec_filters(client, place, api_key):
    ids = [int(_post(client, api_key).json()[0]["service_request_id"]) for _ in range(2)]
    light = int(_post(client, api_key, service_code="t96a-streetlight").json()[0][
        "service_request_id"])
    services.report_update_status(by=place["people"]["officer"], report=Report.objects.get(
        pk=ids[0]), status="done", text="ซ่อมแล้ว")
    old = Report.objects.get(pk=ids[1])
    old.created_at = timezone.now() - dt.timedelta(days=120)
    old.save()

    everything = client.get(f"{BASE}/requests.json").json()
    assert {int(r["service_request_id"]) for r in everything} == {ids[0], light}  # 90-day window
    closed = client.get(f"{BASE}/requests.json?status=closed").json()
    assert [r["service_request_id"] for r in closed] == [str(ids[0])]
    assert closed[0]["status"] == "closed" and closed[0]["status_notes"] == "ซ่อมแล้ว"
    assert closed[0]["updated_datetime"].endswith("+07:00")
    by_code = client.get(f"{BASE}/requests.json?service_code=t96a-streetlight").json()
    assert [r["service_request_id"] for r in by_code] == [str(light)]
    by_id = client.get(f"{BASE}/requests.json?service_request_id={ids[1]},{light}&status=closed")
    assert {r["service_request_id"] for r in by_id.json()} == {str(ids[1]), str(light)}
    start = (timezone.now() - dt.timedelta(days=130)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (timezone.now() - dt.timedelta(days=100)).strftime("%Y-%m-%dT%H:%M:%SZ")
    window = client.get(f"{BASE}/requests.json", {"start_date": start, "end_date": end}).json()
    assert [r["service_request_id"] for r in window] == [str(ids[1])]
    for bad in ({"start_date": "yesterday"}, {"status": "pending"},
                {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}):
        response = client.get(f"{BASE}/requests.xml", bad)
        assert response.status_code == 400 and _xml(response).find("error/code").text == "400"


def test_every_request_status_is_only_open_or_closed(client, place, api_key):
    for _ in range(3):
        _post(client, api_key)
    report = Report.objects.first()
    services.report_forward(by=place["people"]["officer"], report=report, to=place["pao"],
                            reason="ถนน อบจ.")
    statuses = {r["status"] for r in client.get(f"{BASE}/requests.json").json()}
    assert statuses <= {"open", "closed"}


def test_single_request_is_a_one_element_list_and_unknown_is_404(client, place, api_key):
    pk = _post(client, api_key).json()[0]["service_request_id"]
    data = client.get(f"{BASE}/requests/{pk}.json").json()
    assert isinstance(data, list) and len(data) == 1 and data[0]["service_request_id"] == pk
    assert data[0]["agency_responsible"] == "เทศบาลเมืองนราธิวาส"
    assert data[0]["requested_datetime"].endswith("+07:00") and data[0]["zipcode"] == "96000"
    root = _xml(client.get(f"{BASE}/requests/{pk}.xml"))
    assert len(root.findall("request")) == 1
    assert client.get(f"{BASE}/requests/999999.json").status_code == 404
    assert client.get(f"{BASE}/requests/abc.json").status_code == 404


def test_token_lookup(client, place, api_key):
    pk = _post(client, api_key).json()[0]["service_request_id"]
    token = Report.objects.get(pk=pk).token
    data = client.get(f"{BASE}/tokens/{token}.json").json()
    assert data == [{"service_request_id": pk, "token": token}]
    assert _xml(client.get(f"{BASE}/tokens/{token}.xml")).find("request/token").text == token
    assert client.get(f"{BASE}/tokens/nope.json").status_code == 404


def test_idempotency_key_five_retries_one_report_then_422_and_409(client, place, api_key):
    headers = {"Idempotency-Key": "phone-7f3a-0001"}
    answers = [_post(client, api_key, headers=headers) for _ in range(5)]
    assert Report.objects.count() == 1
    assert len({a.content for a in answers}) == 1 and {a.status_code for a in answers} == {201}
    assert answers[1]["Idempotent-Replayed"] == "true"
    other = _post(client, api_key, headers=headers, description="เรื่องอื่น")
    assert other.status_code == 422 and other.json()[0]["code"] == 422
    # A retry while the first attempt is still being handled.
    client_row = ApiClient.objects.get()
    IdempotencyRecord.objects.create(scope=f"open311:{client_row.pk}", key="in-flight",
                                     fingerprint="x", completed=False)
    busy = _post(client, api_key, headers={"Idempotency-Key": "in-flight"})
    assert busy.status_code == 409 and Report.objects.count() == 1
    # A key from another client is its own namespace.
    _c2, key2 = services.api_client_create(name="second-app")
    assert _post(client, key2, headers=headers).status_code == 201
    assert Report.objects.count() == 2


def test_error_answers_are_kept_so_a_retry_gets_the_same_error(client, place, api_key):
    headers = {"Idempotency-Key": "bad-1"}
    first = _post(client, api_key, headers=headers, service_code="nope")
    again = _post(client, api_key, headers=headers, service_code="nope")
    assert first.status_code == again.status_code == 404 and first.content == again.content


@pytest.mark.django_db(transaction=True)
def test_parallel_retries_create_exactly_one_report(live_server, place, api_key):
    import requests

    url = f"{live_server.url}{BASE}/requests.json"
    data = {"api_key": api_key, "service_code": "t96a-road", "lat": TOWN_POINT[0],
            "long": TOWN_POINT[1], "description": "หลุมบนถนน"}
    results = []

    def send():
        r = requests.post(url, data=data, headers={"Idempotency-Key": "parallel-1"}, timeout=30)
        results.append((r.status_code, r.content))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Report.objects.count() == 1
    # One transaction per POST: a parallel retry waits for the first and replays its answer.
    assert [code for code, _body in results] == [201] * 6
    assert len({body for _code, body in results}) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_client_against_a_live_server(live_server, place, definition, api_key, fmt):
    for point, code in ((TOWN_POINT, "t96a-road"), (SHARED_POINT, "t96a-streetlight"),
                        (TOWN_POINT, "p96-pao_road")):
        response = __import__("requests").post(
            f"{live_server.url}{BASE}/requests.{fmt}",
            data={"api_key": api_key, "service_code": code, "lat": point[0], "long": point[1],
                  "description": "ทดสอบผ่าน georeport", "attribute[how_many]": "one"}, timeout=30)
        assert response.status_code == 201, response.content
    services.report_update_status(by=place["people"]["officer"],
                                  report=Report.objects.order_by("pk").first(), status="done")
    client = GeoReport(f"{live_server.url}{BASE}/", output_format=fmt)

    service_list = client.get_service_list()
    assert isinstance(service_list, list) and len(service_list) == 7
    codes = {s["service_code"] for s in service_list}
    assert {"t96a-road", "p96-pao_road", definition.code} <= codes

    definition_out = client.get_service_definition(definition.code)
    attributes = definition_out["attributes"]
    if fmt == "xml":  # xmltodict: nested lists arrive as {"attribute": [...]}
        attributes = attributes["attribute"]
    assert [a["code"] for a in attributes] == ["how_many", "pole"]

    requests_out = client.get_service_requests()
    assert len(requests_out) == 3
    closed = client.get_service_requests(status="closed")
    if fmt == "xml" and isinstance(closed, dict):  # one element comes back as a dict
        closed = [closed]
    assert [r["status"] for r in closed] == ["closed"]
    by_code = client.get_service_requests(service_code="p96-pao_road")
    by_code = [by_code] if isinstance(by_code, dict) else by_code
    assert [r["service_code"] for r in by_code] == ["p96-pao_road"]
    assert by_code[0]["agency_responsible"] == "องค์การบริหารส่วนจังหวัดนราธิวาส"
    start = (timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (timezone.now() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert len(client.get_service_requests(start_date=start, end_date=end)) == 3

    first = Report.objects.order_by("pk").first()
    one = client.get_service_request(str(first.pk))
    assert one["service_request_id"] == str(first.pk) and one["status"] == "closed"
    ids = client.get_service_requests(service_request_id=",".join(
        str(r.pk) for r in Report.objects.all()[:2]))
    assert len(ids) == 2
    # A client that names a body's category at a place that body serves is routed there, even
    # where two bodies share the subdistrict.
    shared = Report.objects.get(category__code="t96a-streetlight")
    assert client.get_service_request(str(shared.pk))["agency_responsible"] == "เทศบาลเมืองนราธิวาส"


def test_page_and_page_size_extension(client, place, api_key):
    ids = [_post(client, api_key).json()[0]["service_request_id"] for _ in range(5)]
    first = client.get(f"{BASE}/requests.json?page_size=2").json()
    third = client.get(f"{BASE}/requests.json?page_size=2&page=3").json()
    assert [r["service_request_id"] for r in first] == ids[::-1][:2]
    assert [r["service_request_id"] for r in third] == [ids[0]]
    assert client.get(f"{BASE}/requests.json?page_size=0").status_code == 400
    assert client.get(f"{BASE}/requests.json?page=x").status_code == 400

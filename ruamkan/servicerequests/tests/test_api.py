"""Reports in the JSON API under /api/v1/reports/."""

from ruamkan.servicerequests.models import Report
from ruamkan.servicerequests.tests.conftest import SHARED_POINT, TOWN_POINT

URL = "/api/v1/reports/"


def _body(**changes):
    data = {"topic": "flooding", "description": "น้ำท่วมถนนพิชิตบำรุง รถเล็กผ่านไม่ได้",
            "lat": TOWN_POINT[0], "lon": TOWN_POINT[1]}
    data.update(changes)
    return data


def test_writing_needs_a_signed_in_person(client, place):
    assert client.post(URL, _body(), content_type="application/json").status_code == 401
    assert Report.objects.count() == 0


def test_create_list_and_get(client, place):
    client.force_login(place["people"]["citizen"])
    response = client.post(URL, _body(), content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    assert data["local_government"] == "T96A" and data["status"] == "waiting"
    assert data["open311_status"] == "open" and data["subdistrict"] == "960101"
    client.post(URL, _body(topic="streetlight", lat=SHARED_POINT[0], lon=SHARED_POINT[1]),
                content_type="application/json")
    triage = client.get(f"{URL}?status=waiting&topic=streetlight").json()
    assert len(triage) == 1 and triage[0]["local_government"] is None
    assert sorted(triage[0]["candidates"]) == ["S96B", "T96A"]
    one = client.get(f"{URL}{data['id']}").json()
    assert one["number"] == data["number"]
    assert client.get(f"{URL}999999").status_code == 404


def test_bad_input_is_400(client, place):
    client.force_login(place["people"]["citizen"])
    for body in (_body(topic="ufo"), _body(lat=None, lon=None), _body(lat=35.7, lon=139.7)):
        response = client.post(URL, body, content_type="application/json")
        assert response.status_code == 400 and response.json()["detail"]
    assert Report.objects.count() == 0


def test_idempotency_key_replay_and_conflict(client, place):
    client.force_login(place["people"]["citizen"])
    headers = {"Idempotency-Key": "api-1"}
    answers = [client.post(URL, _body(), content_type="application/json", headers=headers)
               for _ in range(5)]
    assert {a.status_code for a in answers} == {201} and len({a.content for a in answers}) == 1
    assert Report.objects.count() == 1
    other = client.post(URL, _body(description="อื่น"), content_type="application/json",
                        headers=headers)
    assert other.status_code == 422

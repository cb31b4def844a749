import json

import pytest

from ruamkan.spaces.models import Comment, Space


@pytest.mark.django_db
def test_space_list_and_detail(client, place, space, discussion):
    data = client.get("/api/v1/spaces/").json()
    assert [s["slug"] for s in data] == ["town-plan"]
    assert data[0]["phases"][0]["actions"] == ["view", "comment"]
    assert client.get("/api/v1/spaces/town-plan").json()["title"] == space.title


@pytest.mark.django_db
def test_private_space_is_404_on_the_api(client, place, space):
    space.visibility = Space.Visibility.PRIVATE
    space.save()
    assert client.get("/api/v1/spaces/").json() == []
    assert client.get("/api/v1/spaces/town-plan").status_code == 404


@pytest.mark.django_db
def test_comment_through_api(client, place, space, discussion):
    url = f"/api/v1/spaces/phases/{discussion.pk}/comments"
    payload = json.dumps({"body": "ควรเพิ่มทางเท้า", "stance": "for"})
    assert client.post(url, payload, content_type="application/json").status_code == 401
    client.force_login(place["people"]["citizen"])
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["stance"] == "for"
    assert client.post(url, json.dumps({"body": ""}), content_type="application/json").status_code == 400
    client.force_login(place["people"]["newcomer"])
    assert client.post(url, payload, content_type="application/json").status_code == 403
    assert Comment.objects.count() == 1
    listed = client.get("/api/v1/spaces/town-plan/comments").json()
    assert listed[0]["body"] == "ควรเพิ่มทางเท้า"

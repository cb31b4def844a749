"""The JSON API and the search page, through HTTP."""

from __future__ import annotations

import pytest

from ruamkan.areas.tests.factories import ProvinceFactory
from ruamkan.search.services import search_document_upsert


@pytest.fixture
def documents(db):
    docs = [
        ("96", "น้ำประปาไม่ไหล", "ชาวบ้านหมู่ ๕ ไม่มีน้ำใช้มาสามวัน"),
        ("95", "ท่อประปาแตก", "น้ำรั่วหน้าตลาด"),
        # What core.html.plain_text makes of text typed with markup in it: escaped. The index
        # stores the real characters, so the page and the snippet must escape them again.
        ("94", "&lt;script&gt;alert('x')&lt;/script&gt;ถนนชำรุด", "หลุมลึก &lt;b&gt;อันตราย&lt;/b&gt;"),
    ]
    for code, title, body in docs:
        province = ProvinceFactory(code=code, name_th=f"จังหวัด {code}")
        search_document_upsert(obj=province, title=title, body=body, url=f"/p/{code}/",
                               province=province)


@pytest.mark.django_db
def test_api_search(client, documents):
    response = client.get("/api/v1/search/", {"q": "ประปา"})
    assert response.status_code == 200
    hits = response.json()
    assert {h["title"] for h in hits} == {"น้ำประปาไม่ไหล", "ท่อประปาแตก"}
    assert set(hits[0]) == {"title", "url", "snippet", "content_type", "score"}
    # ท่อ|ประปา has ประปา as a word; น้ำประปา only contains it.
    assert hits[0]["title"] == "ท่อประปาแตก" and hits[0]["score"] > hits[1]["score"]
    assert len(client.get("/api/v1/search/", {"q": "ประปา", "limit": 1}).json()) == 1
    assert client.get("/api/v1/search/", {"q": "5"}).json()[0]["url"] == "/p/96/"
    assert client.get("/api/v1/search/", {"q": "ประปา", "province": "95"}).json()[0]["url"] == "/p/95/"
    assert client.get("/api/v1/search/", {"q": "ประปา", "local_government": "nope"}).json() == []
    assert client.get("/api/v1/search/", {"q": "  "}).json() == []


@pytest.mark.django_db
def test_api_snippet_is_escaped_html(client, documents):
    hit = client.get("/api/v1/search/", {"q": "อันตราย"}).json()[0]
    assert hit["snippet"] == "หลุมลึก &lt;b&gt;<mark>อันตราย</mark>&lt;/b&gt;"


@pytest.mark.django_db
def test_search_page(client, documents):
    response = client.get("/search/", {"q": "ชำรุด"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="search-q"' in html and 'id="search-q"' in html
    assert 'href="/p/94/"' in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert 'value="ชำรุด"' in html


@pytest.mark.django_db
def test_search_page_highlights_and_empty_state(client, documents):
    html = client.get("/search/", {"q": "อันตราย"}).content.decode()
    assert "<mark>อันตราย</mark>" in html and "&lt;b&gt;" in html
    empty = client.get("/search/", {"q": "ไม่มีคำนี้แน่นอน"})
    assert empty.status_code == 200
    assert "/p/9" not in empty.content.decode()
    assert client.get("/search/").status_code == 200

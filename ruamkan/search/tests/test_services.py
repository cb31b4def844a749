"""The index services as other apps use them, and the reindex command."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from ruamkan.areas.models import Province
from ruamkan.areas.tests.factories import ProvinceFactory
from ruamkan.search import registry
from ruamkan.search.models import SearchDocument
from ruamkan.search.selectors import search_documents
from ruamkan.search.services import (
    search_document_delete,
    search_document_upsert,
    search_documents_bulk_index,
    search_index_rebuild,
)


def titles(query, **kwargs):
    return [hit.title for hit in search_documents(query=query, user=None, **kwargs)]


def assert_fts_consistent():
    """FTS5's own check that its index matches the content table (SQLite only)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in ("search_word", "search_trigram"):
            cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")


@pytest.fixture
def province(db):
    return ProvinceFactory(code="96", name_th="นราธิวาส", name_en="Narathiwat")


@pytest.mark.django_db
def test_upsert_indexes_and_edit_replaces_the_old_text(province):
    search_document_upsert(obj=province, title="น้ำประปาไม่ไหล", body="ที่หมู่ ๓ ตำบลบางนาค",
                           url="/a/")
    assert titles("ประปา") == ["น้ำประปาไม่ไหล"]
    assert titles("3") == ["น้ำประปาไม่ไหล"]
    search_document_upsert(obj=province, title="ถนนชำรุด", body="หน้าโรงเรียน", url="/a/")
    assert titles("ประปา") == []
    assert titles("บางนาค") == []
    assert titles("ชำรุด") == ["ถนนชำรุด"]
    assert SearchDocument.objects.count() == 1
    assert_fts_consistent()


@pytest.mark.django_db
def test_delete_removes_and_hidden_content_is_not_found(province):
    yala = ProvinceFactory(code="95", name_th="ยะลา")
    search_document_upsert(obj=province, title="ไฟฟ้าดับ", body="ทั้งหมู่บ้าน", url="/a/")
    search_document_upsert(obj=yala, title="ไฟส่องสว่างเสีย", body="", url="/b/")
    assert sorted(titles("ไฟ")) == ["ไฟฟ้าดับ", "ไฟส่องสว่างเสีย"]
    assert search_document_delete(obj=province) is True
    assert search_document_delete(obj=province) is False
    assert titles("ไฟ") == ["ไฟส่องสว่างเสีย"]
    search_document_upsert(obj=yala, title="ไฟส่องสว่างเสีย", body="", url="/b/", is_public=False)
    assert titles("ไฟ") == []
    assert titles("ไฟส่องสว่าง") == []
    search_document_upsert(obj=yala, title="ไฟส่องสว่างเสีย", body="", url="/b/")
    assert titles("ไฟส่องสว่าง") == ["ไฟส่องสว่างเสีย"]
    assert_fts_consistent()


@pytest.mark.django_db
def test_bulk_index_replaces_existing_documents(province):
    search_document_upsert(obj=province, title="ขยะไม่ได้เก็บ", body="", url="/a/")
    count = search_documents_bulk_index([
        {"obj": province, "title": "ขยะล้นถัง", "body": "ซอย ๗", "url": "/a/"},
        {"obj": province, "title": "ท่อระบายน้ำอุดตัน", "body": "ซอย 7", "url": "/a/"},
    ])
    assert count == 1  # the same object twice: the last row wins
    assert SearchDocument.objects.count() == 1
    assert titles("ขยะ") == []
    assert titles("ซอย 7") == ["ท่อระบายน้ำอุดตัน"]
    assert_fts_consistent()


@pytest.mark.django_db
def test_filters_by_local_government_and_province(place):
    town, other = place["town"], place["other"]
    search_document_upsert(obj=town, title="ประชุมประชาคม เทศบาลเมือง", body="", url="/t/",
                           local_government=town, province=town.province)
    search_document_upsert(obj=other, title="ประชุมประชาคม อบต.", body="", url="/o/",
                           local_government=other, province=other.province)
    assert len(titles("ประชุม")) == 2
    assert titles("ประชุม", local_government=town) == ["ประชุมประชาคม เทศบาลเมือง"]
    assert titles("ประชุม", local_government=other.pk) == ["ประชุมประชาคม อบต."]
    assert len(titles("ประชุม", province="96")) == 2
    assert titles("ประชุม", province="95") == []


@pytest.mark.django_db
def test_reindex_command_runs_registered_indexers(province):
    ProvinceFactory(code="95", name_th="ยะลา", name_en="Yala")

    def provinces():
        for p in Province.objects.all():
            yield {"obj": p, "title": p.name_th, "body": p.name_en, "url": f"/p/{p.code}/"}

    registry.register_indexer(provinces)
    try:
        search_document_upsert(obj=ProvinceFactory(code="10", name_th="กรุงเทพ"), title="เก่า",
                               body="", url="/old/")
        call_command("search_reindex", "--clear")
    finally:
        registry._indexers.remove(provinces)
    assert titles("yala") == ["ยะลา"]
    assert titles("นราธิวาส") == ["นราธิวาส"]
    assert titles("เก่า") == []  # --clear dropped it; the indexer now gives the real name
    assert titles("กรุงเทพ") == ["กรุงเทพ"]
    assert_fts_consistent()


@pytest.mark.django_db
def test_rebuild_repairs_rows_changed_behind_the_services(province):
    search_document_upsert(obj=province, title="สุนัขจรจัด", body="", url="/a/")
    SearchDocument.objects.update(title="แมวจรจัด", text_norm="แมวจรจัด\n", title_tokens="แมว จรจัด")
    search_index_rebuild()
    assert titles("แมว") == ["แมวจรจัด"]
    assert titles("สุนัข") == []
    assert_fts_consistent()


@pytest.mark.django_db
def test_a_published_space_is_searchable_through_the_spaces_service(place):
    from ruamkan.spaces.services import space_create

    space_create(by=place["people"]["lg_admin"], title="แผนพัฒนาท้องถิ่น ๒๕๗๐",
                 level="local", local_government=place["town"],
                 summary="รับฟังความคิดเห็นเรื่องน้ำประปา")
    hits = search_documents(query="ประปา 2570", user=None)
    assert [hit.title for hit in hits] == ["แผนพัฒนาท้องถิ่น ๒๕๗๐"]
    assert titles("ประปา", local_government=place["other"]) == []


@pytest.mark.django_db
def test_html_and_escaped_text_are_indexed_as_what_a_reader_sees(province):
    search_document_upsert(obj=province, title="น้ำ &amp; ไฟ", url="/a/",
                           body="<p>ประปา &lt;ด่วน&gt;</p><p>ถนน</p>")
    hit = search_documents(query="ด่วน", user=None)[0]
    assert hit.title == "น้ำ & ไฟ"
    assert str(hit.snippet) == "ประปา &lt;<mark>ด่วน</mark>&gt;  ถนน"
    assert titles("p") == []  # the tags are gone

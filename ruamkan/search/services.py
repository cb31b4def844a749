"""Writes to the search index. Other apps call these from their own services whenever content is
created, edited, hidden or removed (not from signals: the caller knows what is public).

On SQLite the two FTS5 tables are external-content tables over search_searchdocument: FTS5 keeps
only its index, and removing a row's entries needs the exact values it was indexed with. So every
write here reads the old derived columns, deletes their entries, writes the row and indexes the new
values, in one transaction. PostgreSQL needs nothing extra (its indexes follow the table).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone

from ruamkan.search.lib.text import normalise, token_text
from ruamkan.search.models import SearchDocument

TITLE_MAX = SearchDocument._meta.get_field("title").max_length or 300
URL_MAX = SearchDocument._meta.get_field("url").max_length or 500
_DERIVED = ("text_norm", "title_tokens", "body_tokens")
_STORED = (
    "title", "body", "url", "is_public", "space_id", "local_government_id", "province_id",
    *_DERIVED,
)


def _uses_fts5() -> bool:
    return connection.vendor == "sqlite"


def _pk(value: Any) -> Any:
    if value is None or isinstance(value, int | str):
        return value
    return value.pk


_TAG = re.compile(r"<[^<>]+>")


def _plain(text: str) -> str:
    """Callers should pass plain text, but some pass HTML or nh3's escaped text (core.html's
    plain_text gives "&amp;"): drop tags and decode entities, so the index and the snippets (which
    escape again) show what a reader sees."""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text


@dataclass
class _Prepared:
    content_type_id: int
    object_id: str
    values: dict[str, Any]


def _prepare(
    *,
    content_type_id: int,
    object_id: Any,
    title: str,
    body: str,
    url: str,
    is_public: bool = True,
    space: Any = None,
    local_government: Any = None,
    province: Any = None,
) -> _Prepared:
    title = " ".join(_plain(title or "").split())[:TITLE_MAX]
    body = _plain(body or "").strip()
    title_norm, body_norm = normalise(title), normalise(body)
    return _Prepared(
        content_type_id=content_type_id,
        object_id=str(object_id),
        values={
            "title": title,
            "body": body,
            "url": (url or "")[:URL_MAX],
            "is_public": bool(is_public),
            "space_id": _pk(space),
            "local_government_id": _pk(local_government),
            "province_id": _pk(province),
            # Title first, then body, one line apart: a substring never spans the two.
            "text_norm": f"{title_norm}\n{body_norm}",
            "title_tokens": token_text(title_norm),
            "body_tokens": token_text(body_norm),
        },
    )


# FTS5 upkeep (SQLite only) ---------------------------------------------------------------------


def _fts_remove(cursor: Any, old_rows: Sequence[tuple[int, str, str, str]]) -> None:
    """Drop the FTS5 entries of rows, given the derived values they were indexed with."""
    if not old_rows:
        return
    cursor.executemany(
        "INSERT INTO search_word(search_word, rowid, title_tokens, body_tokens) "
        "VALUES ('delete', %s, %s, %s)",
        [(pk, title_tokens, body_tokens) for pk, _text, title_tokens, body_tokens in old_rows],
    )
    cursor.executemany(
        "INSERT INTO search_trigram(search_trigram, rowid, text_norm) VALUES ('delete', %s, %s)",
        [(pk, text) for pk, text, _t, _b in old_rows],
    )


def _fts_add(cursor: Any, ids: Sequence[int]) -> None:
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        marks = ", ".join(["%s"] * len(chunk))
        cursor.execute(
            "INSERT INTO search_word(rowid, title_tokens, body_tokens) "  # noqa: S608
            f"SELECT id, title_tokens, body_tokens FROM search_searchdocument WHERE id IN ({marks})",
            chunk,
        )
        cursor.execute(
            "INSERT INTO search_trigram(rowid, text_norm) "  # noqa: S608
            f"SELECT id, text_norm FROM search_searchdocument WHERE id IN ({marks})",
            chunk,
        )


def _old_derived(ids: Sequence[int]) -> list[tuple[int, str, str, str]]:
    return list(
        SearchDocument.objects.filter(pk__in=ids).values_list("pk", *_DERIVED)
    )


# Services ------------------------------------------------------------------------------------


@transaction.atomic
def search_document_upsert(
    *,
    obj: Model,
    title: str,
    body: str,
    url: str,
    is_public: bool = True,
    space: Any = None,
    local_government: Any = None,
    province: Any = None,
) -> SearchDocument:
    """Index (or re-index) one piece of content. `space`, `local_government` and `province` take a
    model instance, a primary key or None. Pass is_public=False when the content is hidden."""
    prepared = _prepare(
        content_type_id=ContentType.objects.get_for_model(obj).pk, object_id=obj.pk,
        title=title, body=body, url=url, is_public=is_public, space=space,
        local_government=local_government, province=province,
    )
    return _write_one(prepared)


def _write_one(prepared: _Prepared) -> SearchDocument:
    doc = (
        SearchDocument.objects.select_for_update()
        .filter(content_type_id=prepared.content_type_id, object_id=prepared.object_id)
        .first()
    )
    fts = _uses_fts5()
    with connection.cursor() as cursor:
        if doc is None:
            doc = SearchDocument(
                content_type_id=prepared.content_type_id, object_id=prepared.object_id,
                **prepared.values,
            )
            try:
                with transaction.atomic():
                    doc.save(force_insert=True)
            except IntegrityError:
                # Another request indexed the same object meanwhile (PostgreSQL; SQLite writers
                # queue): update that row instead.
                return _write_one(prepared)
        else:
            if fts:
                _fts_remove(cursor, [(doc.pk, *(getattr(doc, f) for f in _DERIVED))])
            for name, value in prepared.values.items():
                setattr(doc, name, value)
            doc.save(update_fields=[*_STORED, "updated_at"])
        if fts:
            _fts_add(cursor, [doc.pk])
    return doc


@transaction.atomic
def search_document_delete(*, obj: Model) -> bool:
    """Remove a piece of content from the index. True if it was there."""
    content_type = ContentType.objects.get_for_model(obj)
    rows = list(
        SearchDocument.objects.select_for_update()
        .filter(content_type=content_type, object_id=str(obj.pk))
        .values_list("pk", *_DERIVED)
    )
    if not rows:
        return False
    if _uses_fts5():
        with connection.cursor() as cursor:
            _fts_remove(cursor, rows)
    SearchDocument.objects.filter(pk__in=[row[0] for row in rows]).delete()
    return True


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _row_identity(row: Mapping[str, Any]) -> tuple[int, str]:
    if "obj" in row and row["obj"] is not None:
        obj = row["obj"]
        return ContentType.objects.get_for_model(obj).pk, str(obj.pk)
    content_type = row["content_type"]
    content_type_id = content_type if isinstance(content_type, int) else content_type.pk
    return content_type_id, str(row["object_id"])


def search_documents_bulk_index(rows: Iterable[Mapping[str, Any]], *, batch_size: int = 1000) -> int:
    """Index many documents at once (reindexing, imports, benchmarks). Each row is a dict with the
    keyword arguments of search_document_upsert; instead of `obj` a row may give `content_type`
    (a ContentType or its id) and `object_id`. Existing documents are replaced. Returns the count.

    Each batch is its own transaction, so a long reindex does not hold SQLite's write lock for
    minutes; readers keep working (WAL) and see whole batches only.
    """
    written = 0
    fields = ("title", "body", "url", "is_public", "space", "local_government", "province")
    for batch in _batched(rows, batch_size):
        prepared: dict[tuple[int, str], _Prepared] = {}
        for row in batch:
            content_type_id, object_id = _row_identity(row)
            prepared[(content_type_id, object_id)] = _prepare(
                content_type_id=content_type_id, object_id=object_id,
                **{name: row[name] for name in fields if name in row},
            )
        _write_batch(list(prepared.values()))
        written += len(prepared)
    return written


@transaction.atomic
def _write_batch(batch: list[_Prepared]) -> None:
    fts = _uses_fts5()
    existing: dict[tuple[int, str], SearchDocument] = {
        (doc.content_type_id, doc.object_id): doc
        for doc in SearchDocument.objects.select_for_update().filter(
            object_id__in={p.object_id for p in batch},
            content_type_id__in={p.content_type_id for p in batch},
        )
    }
    now = timezone.now()
    to_update: list[SearchDocument] = []
    to_create: list[SearchDocument] = []
    for item in batch:
        doc = existing.get((item.content_type_id, item.object_id))
        if doc is None:
            to_create.append(SearchDocument(
                content_type_id=item.content_type_id, object_id=item.object_id, **item.values
            ))
        else:
            for name, value in item.values.items():
                setattr(doc, name, value)
            doc.updated_at = now
            to_update.append(doc)
    with connection.cursor() as cursor:
        if fts and to_update:
            _fts_remove(cursor, _old_derived([doc.pk for doc in to_update]))
        if to_update:
            SearchDocument.objects.bulk_update(to_update, [*_STORED, "updated_at"])
        created = SearchDocument.objects.bulk_create(to_create)
        if fts:
            _fts_add(cursor, [doc.pk for doc in to_update] + [doc.pk for doc in created])


@transaction.atomic
def search_documents_clear() -> int:
    """Empty the whole index (reindex --clear)."""
    count = SearchDocument.objects.count()
    if _uses_fts5():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_word(search_word) VALUES ('delete-all')")
            cursor.execute("INSERT INTO search_trigram(search_trigram) VALUES ('delete-all')")
    SearchDocument.objects.all().delete()
    return count


@transaction.atomic
def search_index_rebuild() -> None:
    """SQLite: rebuild the FTS5 tables from search_searchdocument and re-optimise them, which
    repairs the index after rows were changed behind the services' back (a cascade, raw SQL).
    PostgreSQL: its indexes need no repair, but refresh the planner's statistics: before the
    first ANALYZE after a bulk load it walks the whole table for rare words."""
    if not _uses_fts5():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE search_searchdocument")
        return
    with connection.cursor() as cursor:
        for table in ("search_word", "search_trigram"):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")  # noqa: S608
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")  # noqa: S608

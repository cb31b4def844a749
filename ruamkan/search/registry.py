"""Indexers for `manage.py search_reindex`.

An app that wants its content rebuilt from scratch puts a `search_indexes.py` next to its models:

    from ruamkan.search.registry import register_indexer

    @register_indexer
    def proposals():
        for p in Proposal.objects.select_related("space"):
            yield {"obj": p, "title": p.title, "body": p.text, "url": p.get_absolute_url(),
                   "is_public": p.is_visible, "space": p.space_id,
                   "local_government": p.space.local_government_id}

Each dict holds the keyword arguments of services.search_document_upsert. The day-to-day index is
kept by the apps' services calling search_document_upsert/delete; indexers only serve reindexing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.module_loading import autodiscover_modules

Indexer = Callable[[], Iterable[Mapping[str, Any]]]

_indexers: list[Indexer] = []


def register_indexer(fn: Indexer) -> Indexer:
    """Register fn (also usable as a decorator). Registering the same function twice is harmless."""
    if fn not in _indexers:
        _indexers.append(fn)
    return fn


def autodiscover() -> None:
    autodiscover_modules("search_indexes")


def indexers() -> list[Indexer]:
    return list(_indexers)

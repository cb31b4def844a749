"""Demo: runs last, so the index also holds demo content that other apps' loaders created without
their services (and whatever their search_indexes.py modules produce)."""

from __future__ import annotations

from typing import Any

from ruamkan.search import registry
from ruamkan.search.models import SearchDocument
from ruamkan.search.services import search_documents_bulk_index

ORDER = 1000


def load(ctx: Any) -> None:
    registry.autodiscover()
    count = sum(search_documents_bulk_index(indexer()) for indexer in registry.indexers())
    ctx.log(f"search: {count} documents from indexers, {SearchDocument.objects.count()} in the index\n")

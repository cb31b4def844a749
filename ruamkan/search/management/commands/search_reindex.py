"""Rebuild the search index from every app's search_indexes.py (see ruamkan/search/registry.py)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ruamkan.search import registry
from ruamkan.search.services import (
    search_documents_bulk_index,
    search_documents_clear,
    search_index_rebuild,
)


class Command(BaseCommand):
    help = "Re-index all content registered through search_indexes.py modules."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--clear", action="store_true",
            help="Empty the index first (drops documents no indexer produces any more).",
        )
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        registry.autodiscover()
        if options["clear"]:
            removed = search_documents_clear()
            self.stdout.write(f"cleared {removed} documents")
        total = 0
        for indexer in registry.indexers():
            count = search_documents_bulk_index(indexer(), batch_size=options["batch_size"])
            total += count
            self.stdout.write(f"{indexer.__module__}.{indexer.__name__}: {count} documents")
        # Also repairs FTS5 entries left behind by rows changed outside the services.
        search_index_rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"indexed {total} documents in {time.perf_counter() - started:.1f} s")
        )

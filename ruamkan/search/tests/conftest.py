from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType

from ruamkan.search.lib.text import normalise
from ruamkan.search.models import SearchDocument
from ruamkan.search.services import search_documents_bulk_index, search_documents_clear
from ruamkan.search.tests.corpus import generate

CORPUS_SIZE = 3000


@dataclass
class Corpus:
    texts: list[tuple[str, str]]
    index_of: dict[int, int]  # SearchDocument id -> position in texts

    def expected(self, query: str) -> set[int]:
        """Exact substring matching, the ground truth: every term in the normalised text."""
        terms = normalise(query).split()
        return {
            i for i, (title, body) in enumerate(self.texts)
            if all(term in normalise(f"{title}\n{body}") for term in terms)
        }


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """A few thousand generated Thai civic texts, indexed once for the module (bulk path)."""
    with django_db_blocker.unblock():
        search_documents_clear()
        texts = generate(CORPUS_SIZE, seed=7)
        content_type = ContentType.objects.get_for_model(SearchDocument)
        search_documents_bulk_index(
            {"content_type": content_type, "object_id": i, "title": title, "body": body,
             "url": f"/reports/{i}/"}
            for i, (title, body) in enumerate(texts)
        )
        index_of = {
            pk: int(object_id)
            for pk, object_id in SearchDocument.objects.values_list("pk", "object_id")
        }
        yield Corpus(texts=texts, index_of=index_of)
        search_documents_clear()

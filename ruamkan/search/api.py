"""Search as JSON: GET /api/v1/search/?q=...&limit=..."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from ruamkan.areas.models import LocalGovernment
from ruamkan.search import selectors
from ruamkan.search.schemas import SearchHitOut

PREFIX = "/search/"
router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = ""
    limit: int = 20
    local_government: str | None = None  # local government code, as in /api/v1/spaces/
    province: str | None = None  # province code, e.g. "96"


@router.get("", response=list[SearchHitOut], summary="Search all public content")
def search(request: HttpRequest, params: Query[SearchParams]) -> list[SearchHitOut]:
    """Every space-separated word must match; Thai words are also found inside longer words.
    Word matches come first. `snippet` is HTML (escaped, matches in <mark>)."""
    local_government = None
    if params.local_government:
        local_government = (
            LocalGovernment.objects.filter(code=params.local_government).values_list("pk", flat=True).first()
        )
        if local_government is None:
            return []
    hits = selectors.search_documents(
        query=params.q, user=request.user, limit=max(1, min(params.limit, selectors.MAX_LIMIT)),
        local_government=local_government, province=params.province or None,
    )
    return [
        SearchHitOut(title=h.title, url=h.url, snippet=str(h.snippet),
                     content_type=h.content_type, score=h.score)
        for h in hits
    ]

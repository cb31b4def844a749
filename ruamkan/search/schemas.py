from __future__ import annotations

from ninja import Schema


class SearchHitOut(Schema):
    title: str
    url: str
    snippet: str  # HTML: escaped text, matches wrapped in <mark>
    content_type: str
    score: float

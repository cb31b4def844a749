"""Page-number pagination with bounds: a page number so large that its offset overflows a
64-bit integer made the database fail (found by schemathesis) instead of answering 422."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 1_000_000
MAX_OFFSET = 10_000_000  # for limit/offset lists; larger offsets overflow the database's integer


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=1000)

"""Requests carrying NUL characters are refused before any view runs.

PostgreSQL text cannot hold NUL: any raw query parameter, form field, JSON string or path segment
with one made the database raise (a 500) wherever it reached a query; SQLite took it silently.
No Thai or English text needs the character, so it is refused with a clear 400 in the format the
endpoint speaks (found by the Open311 property test on PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Callable
from xml.sax.saxutils import escape

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    queries = [request.GET]
    if request.method in ("POST", "PUT", "PATCH"):
        if request.content_type in FORM_TYPES:
            queries.append(request.POST)
        elif b"\x00" in request.body or b"\\u0000" in request.body:
            return True
    return any("\x00" in key or any("\x00" in value for value in values)
               for query in queries for key, values in query.lists())


def _refusal(request: HttpRequest) -> HttpResponse:
    message = _("The request contains a NUL character, which no text field accepts.")
    path = request.path.replace("\x00", "")
    if path.startswith("/open311/") and path.endswith(".xml"):
        body = ('<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>400</code>'
                f"<description>{escape(message)}</description></error></errors>")
        return HttpResponse(body, status=400, content_type="text/xml; charset=utf-8")
    if path.startswith("/open311/"):
        data: object = [{"code": 400, "description": message}]
    elif path.startswith("/api/"):
        data = {"detail": message}  # the shape of the API's other 400 answers
    else:
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    return HttpResponse(json.dumps(data, ensure_ascii=False), status=400,
                        content_type="application/json; charset=utf-8")


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return _refusal(request)
        return self.get_response(request)

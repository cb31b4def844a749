"""The JSON API under /api/v1/. Each domain app with an api.py exposing `router` (a ninja Router)
and `PREFIX` is mounted here; the OpenAPI document is snapshot-tested."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError as InvalidInput
from ninja.security import django_auth

INVALID_INPUT_SCHEMA = {
    "title": "InvalidInput",
    "type": "object",
    "properties": {
        "message": {"type": "string", "title": "Message (in the request's language)"},
        "detail": {"type": "array", "title": "Detail", "items": {"type": "object"}},
    },
    "required": ["message", "detail"],
}


BAD_REQUEST_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string", "title": "Detail"}},
    "required": ["detail"],
}


class RuamkanAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> Any:
        """Documents the answers every operation can give but ninja leaves out of the document:
        400 for input refused before the view, 422 on invalid input, 401 before signing in,
        403 for a write without permission or CSRF token, 404 for an object id that does not
        exist (or is not visible to the caller)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})[
            "InvalidInput"] = INVALID_INPUT_SCHEMA
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                responses = operation["responses"]
                parameters = operation.get("parameters", [])
                if parameters or operation.get("requestBody"):
                    # Refused before the view (ruamkan.core.middleware): NUL characters.
                    responses.setdefault("400", {
                        "description": "Input the server refuses (for example NUL characters)",
                        "content": {"application/json": {"schema": BAD_REQUEST_SCHEMA}},
                    })
                    responses.setdefault("422", {
                        "description": "Invalid input",
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/InvalidInput"}}},
                    })
                if operation.get("security"):
                    responses.setdefault("401", {"description": "Sign in first"})
                if method != "get":
                    responses.setdefault("403", {"description": "Not allowed, or no CSRF token"})
                if any(p.get("in") == "path" for p in parameters):
                    responses.setdefault("404", {"description": "No such object"})
        return schema


api = RuamkanAPI(
    title="Ruamkan API",
    version="1",
    description="Public services run together with citizens and civil society (Thai local government).",
    urls_namespace="api-1",
    auth=None,
)


def _mount() -> None:
    for config in sorted(apps.get_app_configs(), key=lambda c: c.name):
        if not config.name.startswith("ruamkan.") or config.name == "ruamkan.api":
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(getattr(module, "PREFIX", f"/{config.label}/"), router)


@api.exception_handler(InvalidInput)
def invalid_input(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return api.create_response(request, {
        "message": _("Some values are missing or not valid."), "detail": exc.errors,
    }, status=422)


_mount()

__all__ = ["api", "django_auth"]

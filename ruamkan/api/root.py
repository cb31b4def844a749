"""The JSON API under /api/v1/. Each domain app with an api.py exposing `router` (a ninja Router)
and `PREFIX` is mounted here; the OpenAPI document is snapshot-tested."""

from __future__ import annotations

import importlib

from django.apps import apps
from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
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


_mount()

__all__ = ["api", "django_auth"]

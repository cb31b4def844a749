"""The demo is assembled from each app's demo.py: `ORDER` (int) and `load(ctx)`.

Every loader must be idempotent (get_or_create on natural keys), so `make run` can run twice.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps


@dataclass
class DemoContext:
    out: Any
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, login, password)
    objects: dict[str, Any] = field(default_factory=dict)

    def log(self, text: str) -> None:
        self.out.write(text)


def demo_modules() -> list[Any]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("ruamkan."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "load"):
            found.append(module)
    return sorted(found, key=lambda m: getattr(m, "ORDER", 100))

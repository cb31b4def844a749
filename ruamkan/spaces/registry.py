"""The registry of participation methods.

A method app (proposals, budgeting, opinion mapping, ...) declares in its `phases.py` the kinds of
phase it brings and which actions each allows; spaces then offer those phases without knowing the
methods. Found by `autodiscover_modules("phases")` in SpacesConfig.ready().

    from ruamkan.spaces.registry import PhaseContent, Requirement, methods
    methods.register(PhaseContent(
        key="deliberation.collect", app_label="deliberation", name=_("Collect proposals"),
        actions=("create", "comment", "support"),
        default_requirements={"support": Requirement(min_level=1)},
        url_name="deliberation:proposal_list",
    ))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

# Every action a phase may allow, with the words shown to people.
ACTIONS: dict[str, Any] = {
    "view": _("view"),
    "create": _("add"),
    "comment": _("comment"),
    "support": _("support"),
    "vote": _("vote"),
    "rate": _("rate"),
    "register": _("register"),
    "amend": _("propose amendments"),
    "report": _("report a problem"),
    "volunteer": _("volunteer"),
}


@dataclass(frozen=True)
class Requirement:
    """What a person needs for an action: a verification level, and/or to live in the area."""

    min_level: int = 0
    residency: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"min_level": self.min_level, "residency": self.residency}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Requirement:
        data = data or {}
        return cls(min_level=int(data.get("min_level", 0)), residency=bool(data.get("residency")))


@dataclass(frozen=True)
class PhaseContent:
    key: str
    app_label: str
    name: Any
    actions: tuple[str, ...]
    description: Any = ""
    default_requirements: dict[str, Requirement] = field(default_factory=dict)
    # URL name taking the phase's pk: where the phase's content lives.
    url_name: str | None = None
    # Optional: count what the phase holds, for the space page (phase -> int).
    count: Callable[[Any], int] | None = None
    icon: str = "•"

    def requirement(self, action: str, phase: Any = None) -> Requirement:
        overrides = getattr(phase, "requirements", None) or {}
        if action in overrides:
            return Requirement.from_dict(overrides[action])
        return self.default_requirements.get(action, Requirement())


class MethodRegistry:
    def __init__(self) -> None:
        self._registry: dict[str, PhaseContent] = {}

    def register(self, content: PhaseContent) -> PhaseContent:
        unknown = set(content.actions) - set(ACTIONS)
        if unknown:
            raise ValueError(f"{content.key}: unknown actions {sorted(unknown)}")
        self._registry[content.key] = content
        return content

    def get(self, key: str) -> PhaseContent | None:
        return self._registry.get(key)

    def __getitem__(self, key: str) -> PhaseContent:
        return self._registry[key]

    def __contains__(self, key: str) -> bool:
        return key in self._registry

    def all(self) -> Iterable[PhaseContent]:
        return sorted(self._registry.values(), key=lambda c: c.key)

    def choices(self) -> list[tuple[str, Any]]:
        return [(c.key, c.name) for c in self.all()]


methods = MethodRegistry()

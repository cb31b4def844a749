"""Pure sortition engine (no ORM): CSV input, quota checks, maximin lottery, replacements."""

from .data import (
    Features,
    InputFileError,
    Pool,
    Problem,
    Quota,
    QuotaError,
    SortitionError,
    parse_features,
    parse_people,
)
from .lottery import choose_replacements, draw_panel
from .maximin import Distribution, find_maximin
from .model import build_types, check_quotas
from .selection import ALGORITHMS, QuotaCount, SelectionResult, select_panel

__all__ = [
    "ALGORITHMS",
    "Distribution",
    "Features",
    "InputFileError",
    "Pool",
    "Problem",
    "Quota",
    "QuotaCount",
    "QuotaError",
    "SelectionResult",
    "SortitionError",
    "build_types",
    "check_quotas",
    "choose_replacements",
    "draw_panel",
    "find_maximin",
    "parse_features",
    "parse_people",
    "select_panel",
]

"""Thai phone numbers to E.164, which allauth stores and compares. Pure."""

from __future__ import annotations

import re

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_SEPARATORS = re.compile(r"[\s\-().\u00a0]")


def to_e164(text: str) -> str:
    """'081-234-5678' and '+66 81 234 5678' both become '+66812345678'. Numbers that are not
    Thai local numbers are returned cleaned but otherwise untouched for the E.164 check."""
    value = _SEPARATORS.sub("", (text or "").translate(THAI_DIGITS))
    if value.startswith("00"):
        value = "+" + value[2:]
    if re.fullmatch(r"0[1-9]\d{7,8}", value):
        return "+66" + value[1:]
    if value.startswith("+660"):
        return "+66" + value[4:]
    return value

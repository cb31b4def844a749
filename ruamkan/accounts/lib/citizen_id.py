"""Thai citizen ID numbers (เลขประจำตัวประชาชน): normalise, validate, mask and hash. Pure.

We write our own validator: the published package rejects leading 0 (stateless residents) and
does not accept Thai digits or dashes (shared/reference/thai.md section 2).
"""

from __future__ import annotations

import hashlib
import hmac

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_SEPARATORS = str.maketrans("", "", " -\u2010\u2011\u2012\u2013\u2014\u00a0\t.")


class InvalidCitizenId(ValueError):
    """The text is not a valid 13-digit Thai citizen ID. `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def normalise(text: str) -> str:
    """Thai digits to ASCII, separators (dashes, spaces) removed. Does not validate."""
    return (text or "").translate(THAI_DIGITS).translate(_SEPARATORS).strip()


def check_digit(first12: str) -> int:
    """d13 = (11 − Σ d_i·(14−i) mod 11) mod 10, for i = 1..12."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return (11 - total % 11) % 10


def validate(text: str) -> str:
    """The normalised 13 digits, or InvalidCitizenId(code) with code in
    {"empty", "not_digits", "length", "check_digit"}."""
    digits = normalise(text)
    if not digits:
        raise InvalidCitizenId("empty")
    if not digits.isascii() or not digits.isdigit():
        raise InvalidCitizenId("not_digits")
    if len(digits) != 13:
        raise InvalidCitizenId("length")
    if check_digit(digits[:12]) != int(digits[12]):
        raise InvalidCitizenId("check_digit")
    return digits


def is_valid(text: str) -> bool:
    try:
        validate(text)
    except InvalidCitizenId:
        return False
    return True


def with_check_digit(first12: str) -> str:
    """Completes 12 digits with their check digit (for demo and test data)."""
    first12 = normalise(first12)
    if len(first12) != 12 or not first12.isdigit():
        raise InvalidCitizenId("length")
    return first12 + str(check_digit(first12))


def mask(digits: str) -> str:
    """Shows the first and last digit only, in the printed grouping: 1-xxxx-xxxxx-xx-3."""
    d = validate(digits)
    return f"{d[0]}-xxxx-xxxxx-xx-{d[12]}"


def keyed_hash(digits: str, key: str | bytes) -> str:
    """HMAC-SHA256 (hex) of the normalised ID. The key lives outside the database: with only
    10^12 possible IDs a plain hash could be reversed by enumeration."""
    d = validate(digits)
    key_bytes = key.encode() if isinstance(key, str) else key
    return hmac.new(key_bytes, d.encode("ascii"), hashlib.sha256).hexdigest()

"""Buddhist-Era dates with Thai month names (no ORM, no Django)."""

from __future__ import annotations

import datetime as dt

BE_OFFSET = 543
MONTHS_TH = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_TH_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def to_thai_digits(text: str) -> str:
    return text.translate(_THAI_DIGITS)


def to_arabic_digits(text: str) -> str:
    return text.translate(_ARABIC_DIGITS)


def format_date(value: dt.date, *, lang: str = "th", short: bool = False) -> str:
    """25 ตุลาคม 2568 (Thai, Buddhist Era) or 25 October 2025 (English, Common Era)."""
    if lang.startswith("th"):
        months = MONTHS_TH_SHORT if short else MONTHS_TH
        return f"{value.day} {months[value.month - 1]} {value.year + BE_OFFSET}"
    month = MONTHS_EN[value.month - 1]
    return f"{value.day} {month[:3] if short else month} {value.year}"


def format_datetime(value: dt.datetime, *, lang: str = "th", short: bool = False) -> str:
    suffix = " น." if lang.startswith("th") else ""
    return f"{format_date(value.date(), lang=lang, short=short)} {value:%H:%M}{suffix}"


def parse_date(text: str) -> dt.date:
    """Reads d/m/yyyy in either era: a year above 2400 is taken as Buddhist Era.

    Thai forms often receive 25/10/2568; Django's DateField would store the year 2568.
    """
    parts = to_arabic_digits(text.strip()).replace("-", "/").replace(".", "/").split("/")
    if len(parts) != 3:
        raise ValueError(text)
    day, month, year = (int(p) for p in parts)
    if year > 2400:
        year -= BE_OFFSET
    return dt.date(year, month, day)

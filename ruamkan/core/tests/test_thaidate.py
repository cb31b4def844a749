import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from ruamkan.core.lib import thaidate


def test_buddhist_era_with_thai_month():
    assert thaidate.format_date(dt.date(2025, 10, 25)) == "25 ตุลาคม 2568"
    assert thaidate.format_date(dt.date(2024, 3, 27), short=True) == "27 มี.ค. 2567"
    assert thaidate.format_date(dt.date(2025, 10, 25), lang="en") == "25 October 2025"


def test_thai_digits_both_ways():
    assert thaidate.to_thai_digits("2568") == "๒๕๖๘"
    assert thaidate.to_arabic_digits("๒๕๖๘") == "2568"


@pytest.mark.parametrize(
    "text,expected",
    [("25/10/2568", dt.date(2025, 10, 25)), ("๒๕/๑๐/๒๕๖๘", dt.date(2025, 10, 25)),
     ("1-1-2024", dt.date(2024, 1, 1))],
)
def test_parse_either_era(text, expected):
    assert thaidate.parse_date(text) == expected


def test_parse_rejects_garbage():
    with pytest.raises(ValueError):
        thaidate.parse_date("yesterday")


def test_template_filter_shows_bangkok_time_in_buddhist_era():
    # 2025-12-31 20:30 UTC is already 1 January 2569 in Bangkok.
    value = dt.datetime(2025, 12, 31, 20, 30, tzinfo=dt.UTC)
    with translation.override("th"), timezone.override("Asia/Bangkok"):
        out = Template("{{ v|thaidatetime }}").render(Context({"v": value}))
    assert out == "1 มกราคม 2569 03:30 น."

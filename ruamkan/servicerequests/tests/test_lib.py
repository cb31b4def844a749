import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ruamkan.servicerequests.lib.holidays_th import HOLIDAYS
from ruamkan.servicerequests.lib.workdays import (
    add_working_days,
    previous_working_day_start,
    working_days_between,
)
from ruamkan.servicerequests.lib.xmlout import to_xml

BKK = ZoneInfo("Asia/Bangkok")
HOLIDAY_DATES = {d for d, _th, _en in HOLIDAYS}


def test_three_working_days_skip_the_weekend():
    friday = dt.datetime(2026, 11, 27, 15, 0, tzinfo=BKK)
    due = add_working_days(friday, 3, set())
    assert due == dt.datetime(2026, 12, 2, 23, 59, 59, tzinfo=BKK)  # Mon, Tue, Wed


def test_songkran_and_chakri_day_do_not_count():
    # Friday 3 April 2569: Mon 6 Apr is Chakri Day, 13–15 Apr Songkran.
    friday = dt.datetime(2026, 4, 3, 10, 0, tzinfo=BKK)
    assert add_working_days(friday, 3, HOLIDAY_DATES).date() == dt.date(2026, 4, 9)
    assert add_working_days(friday, 6, HOLIDAY_DATES).date() == dt.date(2026, 4, 17)
    assert add_working_days(friday, 7, HOLIDAY_DATES).date() == dt.date(2026, 4, 20)


def test_working_days_between_and_warning_start():
    start = dt.datetime(2026, 4, 10, 9, 0, tzinfo=BKK)  # Friday before Songkran
    end = dt.datetime(2026, 4, 17, 9, 0, tzinfo=BKK)
    assert working_days_between(start, end, HOLIDAY_DATES) == 2  # Thu 16, Fri 17
    due = dt.datetime(2026, 4, 16, 23, 59, 59, tzinfo=BKK)
    assert previous_working_day_start(due, HOLIDAY_DATES) == dt.datetime(2026, 4, 10, tzinfo=BKK)


def test_naive_start_is_refused():
    with pytest.raises(ValueError):
        add_working_days(dt.datetime(2026, 1, 5), 1, set())  # noqa: DTZ001


def test_holiday_data_covers_three_years_without_weekends():
    years = {d.year for d in HOLIDAY_DATES}
    assert years == {2025, 2026, 2027}
    assert len(HOLIDAY_DATES) == len(HOLIDAYS)  # no date listed twice
    assert all(d.weekday() < 5 for d in HOLIDAY_DATES)  # weekend holidays appear as substitutes


def test_xml_lists_use_the_open311_child_names():
    xml = to_xml("service_requests", [{"service_request_id": "1", "lat": 6.4, "flag": True}])
    assert xml.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert b"<service_requests><request><service_request_id>1</service_request_id>" in xml
    assert b"<flag>true</flag>" in xml
    nested = to_xml("service_definition", {"attributes": [{"values": [{"key": "a"}]}]})
    assert b"<attributes><attribute><values><value><key>a</key></value></values>" in nested

"""Service-level clocks in working days: a warning before the deadline, the supervisor at the
breach, the province two working days later; each recorded once."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.management import call_command

from ruamkan.servicerequests import services
from ruamkan.servicerequests.models import Escalation, Holiday, ReportEvent
from ruamkan.servicerequests.tests.conftest import TOWN_POINT
from ruamkan.spaces.models import Notification

BKK = ZoneInfo("Asia/Bangkok")


def at(*args):
    return dt.datetime(*args, tzinfo=BKK)


def run(now, capsys):
    call_command("servicerequests_sla_check", now=now.isoformat())
    return capsys.readouterr().out.strip()


def _report(place, now):
    return services.report_create(topic="streetlight", description="ไฟดับทั้งซอย",
                                  lat=TOWN_POINT[0], lon=TOWN_POINT[1], now=now)


def test_holidays_are_seeded_for_three_years(db):
    assert Holiday.objects.filter(date__year=2026).count() >= 15
    assert Holiday.objects.filter(date=dt.date(2026, 4, 13), name_th="วันสงกรานต์").exists()


def test_deadlines_count_working_days_around_chakri_day_and_songkran(place):
    report = _report(place, at(2026, 4, 3, 10, 0))  # Friday; Monday 6 April is Chakri Day
    assert report.accept_due == at(2026, 4, 9, 23, 59, 59)
    assert report.close_due == at(2026, 4, 16, 23, 59, 59)  # 5 days for street lights


def test_warning_then_supervisor_then_province_each_once(place, capsys):
    report = _report(place, at(2026, 4, 3, 10, 0))
    people = place["people"]
    assert run(at(2026, 4, 7, 9, 0), capsys) == "warnings=0 supervisor=0 province=0"
    assert run(at(2026, 4, 8, 9, 0), capsys) == "warnings=1 supervisor=0 province=0"
    assert Notification.objects.filter(user=people["officer"], verb="sla_warning").count() == 1
    assert run(at(2026, 4, 8, 15, 0), capsys) == "warnings=0 supervisor=0 province=0"
    # Accept deadline passed; the close deadline is now a working day away.
    assert run(at(2026, 4, 10, 9, 0), capsys) == "warnings=1 supervisor=1 province=0"
    assert Notification.objects.filter(user=people["supervisor"], verb="sla_supervisor").exists()
    assert not Notification.objects.filter(user=people["coordinator"]).exists()
    assert run(at(2026, 4, 17, 9, 0), capsys) == "warnings=0 supervisor=1 province=1"
    assert Notification.objects.filter(user=people["coordinator"], verb="sla_province").exists()
    assert Escalation.objects.filter(report=report).count() == 5
    assert ReportEvent.objects.filter(report=report, kind="escalated", is_internal=True).count() == 3
    assert run(at(2026, 4, 20, 9, 0), capsys) == "warnings=0 supervisor=0 province=0"


def test_accepting_stops_the_acceptance_clock_and_closing_stops_both(place, capsys):
    report = _report(place, at(2026, 4, 3, 10, 0))
    services.report_update_status(by=place["people"]["officer"], report=report,
                                  status="accepted", now=at(2026, 4, 7, 9, 0))
    assert run(at(2026, 4, 10, 9, 0), capsys) == "warnings=1 supervisor=0 province=0"
    services.report_update_status(by=place["people"]["officer"], report=report, status="done",
                                  now=at(2026, 4, 10, 10, 0))
    assert run(at(2026, 4, 30, 9, 0), capsys) == "warnings=0 supervisor=0 province=0"


def test_forwarding_gives_the_new_body_a_fresh_acceptance_clock(place, capsys):
    report = _report(place, at(2026, 4, 3, 10, 0))
    report = services.report_forward(by=place["people"]["officer"], report=report,
                                     to=place["pao"], reason="ไฟทางหลวงชนบท อบจ. ดูแล",
                                     now=at(2026, 4, 8, 10, 0))
    assert report.accept_due == at(2026, 4, 16, 23, 59, 59)  # Thu 9, Fri 10, Thu 16
    run(at(2026, 4, 10, 9, 0), capsys)
    assert not Notification.objects.filter(user=place["people"]["supervisor"],
                                           verb="sla_supervisor").exists()
    assert not Escalation.objects.filter(report=report, clock="accept").exclude(
        level="warning").exists()

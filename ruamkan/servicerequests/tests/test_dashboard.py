"""Public dashboards per local government and province: counts, medians, share within the
service level, by category, drawn as SVG and CSS bars."""

import datetime as dt

from django.utils import timezone

from ruamkan.servicerequests import services
from ruamkan.servicerequests.tests.conftest import TOWN_POINT


def _filed(place, topic, start, accept_after=None, done_after=None):
    report = services.report_create(topic=topic, description="ทดสอบ", lat=TOWN_POINT[0],
                                    lon=TOWN_POINT[1], now=start)
    officer = place["people"]["officer"]
    if accept_after is not None:
        report = services.report_update_status(by=officer, report=report, status="accepted",
                                               now=start + accept_after)
    if done_after is not None:
        report = services.report_update_status(by=officer, report=report, status="done",
                                               now=start + done_after)
    return report


def test_body_dashboard_figures(client, place):
    start = timezone.now() - dt.timedelta(days=40)
    h = dt.timedelta(hours=1)
    _filed(place, "streetlight", start, 2 * h, 10 * h)
    _filed(place, "streetlight", start, 4 * h, 30 * h)
    _filed(place, "garbage", start, 200 * h, 400 * h)  # accepted and fixed far too late
    _filed(place, "flooding", start)
    page = client.get("/reports/dashboard/T96A/").content.decode()
    assert 'id="fig-total">4<' in page and 'id="fig-open">1<' in page
    assert 'id="fig-accept">4.0 ' in page  # median of 2, 4, 200 hours
    assert 'id="fig-close">30.0 ' in page  # median of 10, 30, 400 hours
    assert 'id="fig-within-accept">67%' in page and 'id="fig-within-close">67%' in page
    assert '<svg id="chart-status"' in page and "<script>" not in page
    assert "bar-fill w20" in page  # the biggest category fills the bar


def test_province_dashboard_links_bodies_and_counts_everything(client, place):
    _filed(place, "road", timezone.now())
    _filed(place, "pao_road", timezone.now())
    page = client.get("/reports/dashboard/?province=96").content.decode()
    assert 'id="fig-total">2<' in page
    assert "/reports/dashboard/P96/" in page and "/reports/dashboard/T96A/" in page
    assert client.get("/reports/dashboard/?province=10").status_code == 404

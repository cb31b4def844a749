"""`manage.py backup` on the engine the suite runs on (SQLite here, PostgreSQL in CI's second
run): a checked copy that holds the same rows, photos archived on request, old copies pruned."""

import datetime as dt
import io
import sqlite3
import subprocess
import tarfile

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from ruamkan.core.backup import backup_create
from ruamkan.servicerequests.models import Report
from ruamkan.servicerequests.services import report_create


@pytest.mark.django_db(transaction=True)
def test_backup_copies_the_rows_and_the_photos(place, tmp_path, settings):
    report_create(topic="road", description="ถนนพิชิตบำรุงเป็นหลุมลึก",
                  subdistrict_code=place["home"].code, reporter=place["people"]["resident"])
    (settings.MEDIA_ROOT / "reports").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "reports" / "a.jpg").write_bytes(b"\xff\xd8 not really a photo")
    out = io.StringIO()
    call_command("backup", dir=str(tmp_path), media=True, stdout=out)
    fields = dict(part.split("=", 1) for line in out.getvalue().split("\n") if line
                  for part in line.split())
    copy = tmp_path / fields["database"].rsplit("/", 1)[-1]
    assert copy.exists() and int(fields["bytes"]) > 0 and int(fields["tables"]) > 50
    if connection.vendor == "sqlite":
        with sqlite3.connect(copy) as db:
            assert db.execute("SELECT count(*) FROM servicerequests_report").fetchone()[0] == 1
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    else:
        listing = subprocess.run(["pg_restore", "--list", str(copy)], capture_output=True,
                                 text=True, check=True).stdout
        assert "TABLE DATA public servicerequests_report" in listing
    assert Report.objects.count() == 1
    with tarfile.open(tmp_path / fields["media"].rsplit("/", 1)[-1]) as archive:
        assert "media/reports/a.jpg" in archive.getnames()


@pytest.mark.django_db(transaction=True)
def test_only_the_newest_copies_are_kept(place, tmp_path):
    start = timezone.now()
    for hours in range(4):
        backup_create(directory=tmp_path, keep=2, now=start + dt.timedelta(hours=hours))
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert len(kept) == 2
    assert kept[-1].startswith("ruamkan-") and kept == sorted(kept)

"""import_local_governments: the shared 2022 file in full, and malformed files refused whole."""

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ruamkan.areas.lib.lg_rows import LAO_TYPES
from ruamkan.areas.models import Coverage, LocalGovernment
from ruamkan.core.testing import require_shared

pytestmark = pytest.mark.django_db
DEMO_JSON = Path(__file__).resolve().parents[1] / "data" / "narathiwat.json"
COLUMNS = ["lao_type", "code", "name_th", "name_en", "province_code", "district_code", "covers",
           "lat", "long", "url", "wikidata", "source_file"]


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})
    return path


def _good_rows():
    return json.loads(DEMO_JSON.read_text(encoding="utf-8"))["local_governments"]


@pytest.mark.slow
def test_the_shared_2022_file_imports_every_row_with_the_right_types(gazetteer, capsys):
    path = require_shared("data/areas/local_governments_2022.csv")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    expected = Counter(LAO_TYPES[r["lao_type"]] for r in rows)
    expected_coverage = sum(len(r["covers"].split()) for r in rows)

    call_command("import_local_governments", str(path))
    out = capsys.readouterr().out
    assert LocalGovernment.objects.count() == len(rows) == 7850
    assert Counter(LocalGovernment.objects.values_list("kind", flat=True)) == expected
    assert Coverage.objects.count() == expected_coverage
    for kind, count in expected.items():
        assert f"{kind}" in out and str(count) in out
    pattaya = LocalGovernment.objects.get(code="2096")
    assert pattaya.kind == "pattaya" and pattaya.display_name_th == "เมืองพัทยา"

    # Re-import: every body updated by code, nothing duplicated, coverage untouched.
    LocalGovernment.objects.filter(code="9699").update(name_th="แก้ไข", website="")
    call_command("import_local_governments", str(path))
    out = capsys.readouterr().out
    assert "0 new, 7850 updated" in out
    assert LocalGovernment.objects.count() == 7850
    assert Coverage.objects.count() == expected_coverage
    town = LocalGovernment.objects.get(code="9699")
    assert town.name_th == "นราธิวาส" and town.website


def test_good_rows_import_and_coverage_follows_the_file(gazetteer, tmp_path):
    rows = _good_rows()
    call_command("import_local_governments", str(_write(tmp_path / "a.csv", rows)), verbosity=0)
    assert LocalGovernment.objects.count() == len(rows)
    tak_bai = LocalGovernment.objects.get(code="9697")
    assert list(tak_bai.coverage.values_list("subdistrict_id", "complete")) == [("960201", False)]
    # The body now covers its subdistrict completely and one more: rows change in place.
    for row in rows:
        if row["code"] == "9697":
            row["covers"] = "960201:c 960202:p"
    call_command("import_local_governments", str(_write(tmp_path / "b.csv", rows)), verbosity=0)
    assert sorted(tak_bai.coverage.values_list("subdistrict_id", "complete")) == [
        ("960201", True), ("960202", False),
    ]
    assert LocalGovernment.objects.count() == len(rows)


@pytest.mark.parametrize(
    ("field", "value", "message"),  # messages in Thai, the default language
    [
        ("lao_type", "Kingdom", "ไม่รู้จักประเภท อปท."),
        ("province_code", "99", "ไม่รู้จักรหัสจังหวัด"),
        ("covers", "969999:c", "ไม่รู้จักรหัสตำบล"),
        ("covers", "960101:x", "ข้อมูลพื้นที่รับผิดชอบไม่ถูกต้อง"),
        ("lat", "six point four", "ละติจูดไม่ถูกต้อง"),
        ("district_code", "9501", "ไม่อยู่ในจังหวัด"),
    ],
)
def test_one_bad_row_is_reported_with_its_line_and_nothing_is_imported(
    gazetteer, tmp_path, capsys, field, value, message
):
    rows = _good_rows()
    bad_index = 7
    rows[bad_index][field] = value
    path = _write(tmp_path / "bad.csv", rows)
    with pytest.raises(CommandError, match="ไม่ได้นำเข้าข้อมูลใด"):  # Thai by default
        call_command("import_local_governments", str(path))
    err = capsys.readouterr().err
    line = bad_index + 2  # the header is line 1
    assert f"bad.csv:{line}: " in err and message in err
    assert err.count("bad.csv:") == err.count(f"bad.csv:{line}: ") >= 1
    assert LocalGovernment.objects.count() == 0 and Coverage.objects.count() == 0


def test_an_office_outside_thailand_is_a_warning_or_with_strict_an_error(gazetteer, tmp_path, capsys):
    rows = _good_rows()
    rows[0]["lat"], rows[0]["long"] = "103.0662", "103.0662"  # as in the 2022 file
    path = _write(tmp_path / "swap.csv", rows)
    with pytest.raises(CommandError):
        call_command("import_local_governments", str(path), "--strict")
    assert LocalGovernment.objects.count() == 0
    call_command("import_local_governments", str(path))
    assert "swap.csv:2: warning" in capsys.readouterr().err
    assert LocalGovernment.objects.get(code=rows[0]["code"]).office_lat is None
    assert LocalGovernment.objects.count() == len(rows)


def test_a_missing_column_is_refused(gazetteer, tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("type,code\nPAO,96\n", encoding="utf-8")
    with pytest.raises(CommandError, match="lao_type"):
        call_command("import_local_governments", str(path))

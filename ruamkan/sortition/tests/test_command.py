"""manage.py sortition_select, end to end through the command."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ruamkan.sortition.lib.gen import make_features, make_pool

from .helpers import write_csvs


def _run(*args: str) -> str:
    out = StringIO()
    call_command("sortition_select", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_prints_panel_quotas_and_spread(tmp_path):
    pool = make_pool(200, seed=4)
    people, features = write_csvs(tmp_path, pool, make_features(20))
    out = _run(str(people), str(features), "--size", "20", "--seed", "12345")
    assert "Selected 20 of 200 (maximin, seed 12345)" in out
    assert out.count("\n  p") == 20
    assert "NOT MET" not in out and "gender=female:" in out
    assert "Selection probability: min" in out
    assert out == _run(str(people), str(features), "--size", "20", "--seed", "12345")


def test_json_output_is_parseable_and_consistent(tmp_path):
    pool = make_pool(150, seed=6)
    people, features = write_csvs(tmp_path, pool, make_features(15))
    data = json.loads(_run(str(people), str(features), "--size", "15", "--seed", "9", "--json"))
    assert len(data["panel"]) == 15
    assert all(q["met"] for q in data["quotas"])
    assert data["probability"]["min"] == pytest.approx(min(data["probabilities"].values()))
    assert sum(data["probabilities"].values()) == pytest.approx(15.0, abs=1e-6)
    # the published distribution: every panel has 15 people, probabilities sum to 1
    assert all(sum(d["panel"]) == 15 for d in data["distribution"])
    assert sum(d["probability"] for d in data["distribution"]) == pytest.approx(1.0)
    assert len(data["types"]) == len(data["distribution"][0]["panel"])


def test_legacy_algorithm_also_meets_quotas(tmp_path, capsys):
    pytest.importorskip("sortition_algorithms")
    pool = make_pool(150, seed=6)
    people, features = write_csvs(tmp_path, pool, make_features(15))
    data = json.loads(
        _run(
            str(people),
            str(features),
            "--size",
            "15",
            "--seed",
            "9",
            "--algorithm",
            "legacy",
            "--json",
        )
    )
    assert len(data["panel"]) == 15 and all(q["met"] for q in data["quotas"])
    assert data["probability"] is None
    # the library's own progress messages must not leak into the command's output
    assert "Trial number" not in capsys.readouterr().out


def test_unmeetable_quota_is_named(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text(
        "id,gender\n" + "".join(f"{i},{'female' if i < 18 else 'male'}\n" for i in range(100))
    )
    features = tmp_path / "features.csv"
    features.write_text("feature,value,min,max\ngender,female,25,30\ngender,male,20,30\n")
    with pytest.raises(CommandError, match="gender=female needs at least 25 but only 18 people"):
        _run(str(people), str(features), "--size", "50", "--seed", "1")


def test_malformed_file_error_names_file_and_line(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("id,gender\n1,female\n2,female\n3,robot\n")
    features = tmp_path / "features.csv"
    features.write_text("feature,value,min,max\ngender,female,1,2\ngender,male,0,2\n")
    with pytest.raises(CommandError, match=r"people\.csv: line 4: gender is 'robot'"):
        _run(str(people), str(features), "--size", "2", "--seed", "1")

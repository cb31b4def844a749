"""`manage.py pb_tally`, driven through Django's command interface."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ruamkan.budgeting.lib.pabulib import read_pabulib

from .conftest import oracle, pabulib_file

FILE = "Netherlands_Assen_2024.pb"


def _run(*args: str) -> str:
    out = StringIO()
    call_command("pb_tally", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-plain", "phragmen"])
def test_json_output_is_one_object_with_ids_spent_and_seconds(rule: str) -> None:
    path = pabulib_file(FILE)
    payload = json.loads(_run(str(path), "--rule", rule, "--json"))
    assert set(payload) == {"selected", "spent", "seconds"}
    ids = {p.id for p in read_pabulib(path).projects}
    assert payload["selected"] and set(payload["selected"]) <= ids
    assert sorted(payload["selected"]) == oracle()[FILE][rule]["selected"]
    costs = {p.id: p.cost for p in read_pabulib(path).projects}
    assert payload["spent"] == sum(costs[i] for i in payload["selected"])
    assert isinstance(payload["seconds"], float) and 0 < payload["seconds"] < 60


def test_text_output_lists_projects_and_money() -> None:
    text = _run(str(pabulib_file(FILE)), "--rule", "mes")
    assert "Jongerenplatform" in text
    assert "88700" in text  # what MES with completion spends in Assen (pabutools agrees)


def test_malformed_file_fails_with_the_line_number(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.pb"
    bad.write_text(
        "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\n"
        "VOTES\nvoter_id;vote\n1;1\n2;1,3\n"
    )
    with pytest.raises(CommandError, match=r"line 11: vote for unknown project '3'"):
        _run(str(bad), "--json")


def test_missing_file_and_unsuitable_rule_are_command_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "none.pb"
    with pytest.raises(CommandError) as info:  # the message is translated (Thai first)
        _run(str(missing))
    assert str(missing) in str(info.value)
    with pytest.raises(CommandError, match="approval"):
        _run(str(pabulib_file("Poland_Gdansk_2020_Rudniki.pb")), "--rule", "phragmen")

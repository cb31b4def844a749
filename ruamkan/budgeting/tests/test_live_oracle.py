"""pabutools itself, run now on the smallest shared files, agrees with the committed fixture and
with our rules (so the fixture cannot drift from the oracle), plus tie-breaking cases built here."""

from __future__ import annotations

import pytest

from ruamkan.budgeting.lib.pabulib import parse_pabulib_text, read_pabulib
from ruamkan.budgeting.lib.rules import tally

from .conftest import PABULIB, oracle
from .make_oracle import RULES, applicable, run_one

pytest.importorskip("pabutools")

SMALLEST = sorted(PABULIB.glob("*.pb"), key=lambda p: p.stat().st_size)[:5]


@pytest.mark.parametrize("path", SMALLEST, ids=lambda p: p.name[:-3])
def test_fixture_matches_live_pabutools(path) -> None:  # type: ignore[no-untyped-def]
    fixture = oracle()[path.name]
    election = read_pabulib(path)
    for rule in RULES:
        if not applicable(path, rule):
            continue
        live = run_one(str(path), rule, "exact")
        assert live["selected"] == fixture[rule]["selected"], rule
        ours = sorted(election.projects[j].id for j in tally(election, rule).selected)
        assert ours == live["selected"], rule


# Ties everywhere: ids "10" and "9" tie (pabutools compares ids as strings, so "10" wins), two
# projects of equal cost and support tie in MES and Phragmén, and the completion runs many steps.
TIES = """META
key;value
budget;100
vote_type;approval
PROJECTS
project_id;cost
9;30
10;30
2;40
x;25
y;25
VOTES
voter_id;vote
1;9,10
2;9,10,x
3;2,y
4;10,9,2
5;x,y
6;2
"""


@pytest.mark.parametrize("rule", RULES)
def test_ties_are_broken_like_pabutools(rule: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ties.pb"
    path.write_text(TIES)
    live = run_one(str(path), rule, "exact")
    election = parse_pabulib_text(TIES)
    ours = sorted(election.projects[j].id for j in tally(election, rule).selected)
    assert ours == live["selected"]

"""The Pabulib reader/writer: round trips through pabutools' own parser, and errors name the line."""

from __future__ import annotations

from fractions import Fraction

import pytest

from ruamkan.budgeting.lib.pabulib import (
    PabulibError,
    election_to_text,
    parse_pabulib_text,
    read_pabulib,
)

from .conftest import PABULIB, pabulib_file

pabutools_pabulib = pytest.importorskip("pabutools.election.pabulib")

ONE_PER_TYPE = [
    "Netherlands_Assen_2024.pb",  # approval
    "Poland_Zabrze_2021_Grzybowice.pb",  # choose-1
    "Poland_Gdansk_2020_Rudniki.pb",  # cumulative
    "Poland_Krakow_2018_Grzegorzki.pb",  # ordinal
]


def _pabutools_view(text: str) -> tuple[object, ...]:
    """What pabutools reads from a .pb text: budget, projects with costs, and the ballots."""
    instance, profile = pabutools_pabulib.parse_pabulib_from_string(text)
    projects = sorted((p.name, Fraction(p.cost)) for p in instance)
    ballots = []
    for ballot in profile:
        if hasattr(ballot, "items"):
            ballots.append(
                tuple((p.name, Fraction(v)) for p, v in ballot.items())
                if instance.meta["vote_type"] in ("cumulative", "scoring")
                else tuple(p.name for p in ballot)
            )
        else:
            ballots.append(tuple(sorted(p.name for p in ballot)))
    return Fraction(instance.budget_limit), projects, sorted(ballots, key=repr)


@pytest.mark.parametrize("name", ONE_PER_TYPE)
def test_written_file_reads_back_identically_in_pabutools(name: str) -> None:
    path = pabulib_file(name)
    original = path.read_text(encoding="utf-8-sig")
    election = read_pabulib(path)
    written = election_to_text(election)
    assert _pabutools_view(written) == _pabutools_view(original)
    again = parse_pabulib_text(written)
    assert again.ballots == election.ballots
    assert again.points == election.points
    assert again.meta["vote_type"] == election.meta["vote_type"]
    assert [p.id for p in again.projects] == [p.id for p in election.projects]


def test_every_shared_file_parses_like_pabutools() -> None:
    files = sorted(PABULIB.glob("*.pb"), key=lambda p: p.stat().st_size)
    if not files:
        pytest.skip("shared Pabulib data not available")
    for path in files[:20]:
        election = read_pabulib(path)
        assert _pabutools_view(election_to_text(election)) == _pabutools_view(
            path.read_text(encoding="utf-8-sig")
        ), path.name


def test_fractional_costs_and_points_survive_a_round_trip() -> None:
    text = (
        "META\nkey;value\nbudget;10,5\nvote_type;cumulative\nmax_sum_points;3\n"
        "PROJECTS\nproject_id;cost;name\na;2,25;Park; b\nb;1/3;Bench\n"
    ).replace("Park; b", '"Park; b"') + "VOTES\nvoter_id;vote;points\n1;a,b;1.5,1\n2;b;3\n"
    election = parse_pabulib_text(text)
    assert election.budget == Fraction(21, 2)
    assert election.projects[0].cost == Fraction(9, 4)
    assert election.projects[0].meta["name"] == "Park; b"
    assert election.points == [(Fraction(3, 2), 1), (3,)]
    written = election_to_text(election)
    assert _pabutools_view(written) == _pabutools_view(text)
    assert parse_pabulib_text(written).points == election.points


VALID = (
    "META\nkey;value\nbudget;100\nvote_type;approval\n"
    "PROJECTS\nproject_id;cost\n1;50\n2;60\n"
    "VOTES\nvoter_id;vote\nv1;1,2\nv2;2\n"
)


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("2;60", "2;sixty", 8, "cost is not a number"),
        ("v2;2", "v2;7", 12, "unknown project '7'"),
        ("v2;2", "v2;2;extra", 12, "fields"),
        ("v2;2", "v1;2", 12, "duplicate voter id"),
        ("2;60", "1;60", 8, "duplicate project id"),
        ("vote_type;approval", "vote_type;quadratic", 0, "unsupported vote_type"),
        ("budget;100\n", "", 0, "no budget"),
    ],
)
def test_malformed_input_names_the_line(old: str, new: str, line: int, message: str) -> None:
    with pytest.raises(PabulibError) as info:
        parse_pabulib_text(VALID.replace(old, new))
    assert info.value.line == line
    assert message in str(info.value)
    if line:
        assert f"line {line}:" in str(info.value)


def test_cumulative_points_must_match_the_vote() -> None:
    text = (
        "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\na;5\nb;5\n"
        "VOTES\nvoter_id;vote;points\n1;a,b;2\n"
    )
    with pytest.raises(PabulibError, match="line 11: 2 projects but 1 points"):
        parse_pabulib_text(text)

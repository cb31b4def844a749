import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ruamkan.budgeting.models import Ballot, BallotChoice, Budget
from ruamkan.core.testing import require_shared


@pytest.fixture
def space(place):
    from ruamkan.spaces.tests.factories import SpaceFactory

    return SpaceFactory(local_government=place["town"], slug="imported")


@pytest.mark.django_db
def test_import_then_export_opens_in_pabutools(space, tmp_path):
    source = require_shared("data/pabulib/Poland_Gdynia_2020_Wielki_Kack__small.pb")
    call_command("pb_import", str(source), "--space", "imported")
    budget = Budget.objects.get()
    from pabutools.election import parse_pabulib

    instance, profile = parse_pabulib(str(source))
    assert budget.projects.count() == len(instance)
    assert Ballot.objects.filter(budget=budget).count() == len(profile)
    out = tmp_path / "export.pb"
    call_command("pb_export", "--budget", str(budget.pk), str(out))
    instance2, profile2 = parse_pabulib(str(out))
    assert len(instance2) == len(instance) and len(profile2) == len(profile)
    assert sorted(int(p.cost) for p in instance2) == sorted(int(p.cost) for p in instance)


@pytest.mark.django_db
def test_malformed_import_names_the_line_and_stores_nothing(space, tmp_path):
    bad = tmp_path / "bad.pb"
    bad.write_text(
        "META\nkey;value\ndescription;x\nnum_projects;2\nnum_votes;1\nbudget;100\n"
        "vote_type;approval\nPROJECTS\nproject_id;cost\n1;50\n2;abc\nVOTES\nvoter_id;vote\n1;1,2\n"
    )
    with pytest.raises(CommandError) as exc:
        call_command("pb_import", str(bad), "--space", "imported")
    assert "line 11" in str(exc.value)
    assert not Budget.objects.exists() and not BallotChoice.objects.exists()

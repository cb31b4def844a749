"""Results and public audit: winners by the budget's rule, the anonymised ballot file and its
hash, recounting it, and receipts."""

import hashlib
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from ruamkan.budgeting.lib.pabulib import parse_pabulib_text
from ruamkan.budgeting.models import Ballot
from ruamkan.budgeting.tests.factories import BudgetFactory, ProjectFactory, open_phase


@pytest.fixture
def voted_budget(place):
    from ruamkan.spaces.tests.factories import SpaceFactory

    space = SpaceFactory(local_government=place["town"], slug="pb-results")
    budget = BudgetFactory(space=space, amount=1_000_000, rule="greedy")
    lights = ProjectFactory(budget=budget, title="ไฟถนน", cost=600_000)
    park = ProjectFactory(budget=budget, title="สวนสาธารณะ", cost=500_000)
    school = ProjectFactory(budget=budget, title="ห้องสมุด", cost=300_000)
    open_phase(space, "voting", vote={"min_level": 0})
    from ruamkan.accounts.tests.factories import UserFactory
    from ruamkan.budgeting.services import ballot_submit

    ballots = [[lights, school]] * 5 + [[park]] * 4 + [[park, school]] * 2
    for choice in ballots:
        ballot_submit(voter=UserFactory(), budget=budget, choices={p.pk: 1 for p in choice})
    return budget, {"lights": lights, "park": park, "school": school}


@pytest.mark.django_db
def test_results_hidden_until_published_then_public(client, place, voted_budget):
    budget, projects = voted_budget
    url = reverse("budgeting:results", args=[budget.pk])
    assert client.get(url).status_code == 404
    client.force_login(place["people"]["lg_officer"])
    assert "ไฟถนน" in client.get(url).content.decode()  # officials preview
    assert client.post(reverse("budgeting:publish", args=[budget.pk])).status_code == 403
    client.force_login(place["people"]["lg_admin"])
    client.post(reverse("budgeting:publish", args=[budget.pk]))
    client.logout()
    page = client.get(url).content.decode()
    # Votes: school 7, park 6, lights 5. Greedy takes school (300k) and park (500k);
    # lights (600k) no longer fits in the remaining 200k.
    api = client.get(f"/api/v1/budgets/{budget.pk}/results").json()
    assert set(api["selected"]) == {projects["school"].pk, projects["park"].pk}
    assert api["spent"] == 800_000
    assert "สวนสาธารณะ" in page


@pytest.mark.django_db
def test_published_ballot_file_is_anonymous_hashed_and_recountable(
    client, place, voted_budget, tmp_path, capsys
):
    budget, projects = voted_budget
    client.force_login(place["people"]["lg_admin"])
    client.post(reverse("budgeting:publish", args=[budget.pk]))
    client.logout()
    response = client.get(reverse("budgeting:ballot_file", args=[budget.pk]))
    content = response.content.decode()
    budget.refresh_from_db()
    assert hashlib.sha256(content.encode()).hexdigest() == budget.ballots_hash
    election = parse_pabulib_text(content)
    assert election.num_voters == 11
    # No user ids or receipts in the file: voter ids are trackers only the voter can derive.
    ballots = list(Ballot.objects.filter(budget=budget))
    for ballot in ballots:
        assert str(ballot.voter_id) not in election.voter_ids
        assert ballot.receipt not in content
    from ruamkan.budgeting.audit import ballot_tracker

    assert {ballot_tracker(b) for b in ballots} == set(election.voter_ids)
    # Anyone can recount it with pb_tally.
    path = tmp_path / "ballots.pb"
    path.write_text(content)
    call_command("pb_tally", str(path), "--rule", "greedy", "--json")
    out = json.loads(capsys.readouterr().out)
    assert set(map(int, out["selected"])) == {projects["school"].pk, projects["park"].pk}


@pytest.mark.django_db
def test_officials_compare_rules(client, place, voted_budget):
    budget, _projects = voted_budget
    client.force_login(place["people"]["lg_officer"])
    page = client.get(reverse("budgeting:results", args=[budget.pk])).content.decode()
    from django.utils import translation
    from django.utils.html import escape

    from ruamkan.budgeting.models import Budget

    with translation.override("th"):
        for rule in Budget.Rule:
            assert escape(str(rule.label)) in page


@pytest.mark.django_db
def test_pb_tally_on_a_budget_in_the_database(voted_budget, capsys):
    budget, projects = voted_budget
    call_command("pb_tally", "--budget", str(budget.pk), "--rule", "greedy", "--json")
    out = json.loads(capsys.readouterr().out)
    assert set(map(int, out["selected"])) == {projects["school"].pk, projects["park"].pk}
    assert out["spent"] == 800_000


@pytest.mark.django_db
def test_results_map_shows_projects_with_a_place(client, place, voted_budget):
    budget, projects = voted_budget
    projects["park"].lat, projects["park"].lon = 6.43, 101.82
    projects["park"].save()
    client.force_login(place["people"]["lg_officer"])
    page = client.get(reverse("budgeting:results", args=[budget.pk])).content.decode()
    assert 'id="results-map"' in page
    assert '"lat": 6.43' in page and '"selected": true' in page

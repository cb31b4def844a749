"""Deleting an account while voting is open withdraws the ballot, so the same citizen ID can come
back on a new account and still count once; after the vote closes the ballot stays in the count
but loses the ID hash."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from ruamkan.accounts.models import User
from ruamkan.accounts.services import identity_verify_resident
from ruamkan.accounts.tests.factories import UserFactory
from ruamkan.budgeting.models import Ballot
from ruamkan.budgeting.tests.factories import BudgetFactory, ProjectFactory, open_phase
from ruamkan.spaces.models import Phase

CITIZEN_ID = "1101700230708"


@pytest.fixture
def setup(place):
    from ruamkan.spaces.tests.factories import SpaceFactory

    space = SpaceFactory(local_government=place["town"], slug="pb")
    budget = BudgetFactory(space=space, amount=1_000_000)
    projects = [ProjectFactory(budget=budget, title="ไฟส่องสว่างซอยบางนาค", cost=400_000),
                ProjectFactory(budget=budget, title="ศูนย์เด็กเล็ก", cost=300_000)]
    return {"budget": budget, "projects": projects,
            "voting": open_phase(space, "voting"), "home": place["home"]}


def _resident(home, email):
    user = UserFactory(email=email)
    identity_verify_resident(user=user, citizen_id=CITIZEN_ID, home_subdistrict=home)
    return User.objects.get(pk=user.pk)


def _vote(client, budget, project):
    return client.post(reverse("budgeting:budget", args=[budget.pk]), {f"p_{project.pk}": 1})


@pytest.mark.django_db
def test_erasure_while_voting_withdraws_the_ballot_and_the_id_votes_once_again(client, setup):
    budget, (lights, nursery) = setup["budget"], setup["projects"]
    first = _resident(setup["home"], "first@example.org")
    client.force_login(first)
    assert _vote(client, budget, lights).status_code == 302
    export = json.loads(client.get(reverse("accounts:export")).content)
    assert export["data"]["budgeting"]["ballots"][0]["choices"] == [
        {"project": "ไฟส่องสว่างซอยบางนาค", "value": 1}]
    assert client.post(reverse("accounts:delete"), {"password": "pass-1234-word"}
                       ).status_code == 302
    assert Ballot.objects.count() == 0

    again = _resident(setup["home"], "again@example.org")  # the same citizen ID, a new account
    client.force_login(again)
    assert _vote(client, budget, nursery).status_code == 302
    assert Ballot.objects.count() == 1 and Ballot.objects.get().voter == again


@pytest.mark.django_db
def test_erasure_after_the_vote_keeps_the_ballot_without_the_id_hash(client, setup):
    budget, (lights, _nursery) = setup["budget"], setup["projects"]
    voter = _resident(setup["home"], "voter@example.org")
    client.force_login(voter)
    _vote(client, budget, lights)
    assert Ballot.objects.get().voter_id_hash
    Phase.objects.filter(pk=setup["voting"].pk).update(ends_at=timezone.now() - dt.timedelta(hours=1))
    client.post(reverse("accounts:delete"), {"password": "pass-1234-word"})
    ballot = Ballot.objects.get()
    assert ballot.voter_id_hash is None
    assert list(ballot.choices.values_list("project_id", flat=True)) == [lights.pk]

"""Decision polls through HTTP: creation, each ballot kind, revoting, hidden results, closing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ruamkan.polls.models import Poll, PollVote
from ruamkan.polls.services import poll_create


@pytest.fixture
def space(place):
    from ruamkan.spaces.tests.factories import SpaceFactory

    return SpaceFactory(local_government=place["town"], slug="committee")


def _poll(place, space, kind, options=(), **extra):
    return poll_create(by=place["people"]["lg_admin"], space=space, kind=kind,
                       question="จะจัดงานวันเด็กที่ไหน", options=list(options),
                       closes_at=timezone.now() + dt.timedelta(days=3), **extra)


@pytest.mark.django_db
def test_only_managers_create_polls(client, place, space):
    url = reverse("polls:create", args=[space.slug])
    data = {"kind": "single", "question": "เลือกวันประชุม", "options": "จันทร์\nอังคาร",
            "closes_at": (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "quorum_count": 0, "max_score": 5, "dots": 10, "seats": 1}
    client.force_login(place["people"]["citizen"])
    assert client.post(url, data).status_code == 403
    client.force_login(place["people"]["lg_admin"])
    assert client.post(url, {**data, "options": "จันทร์"}).status_code == 200  # one option: refused
    assert not Poll.objects.exists()
    assert client.post(url, data).status_code == 302
    assert Poll.objects.get().options.count() == 2


@pytest.mark.django_db
def test_proposal_block_stops_it_and_results_hidden_until_close(client, place, space):
    poll = _poll(place, space, "proposal")
    url = poll.get_absolute_url()
    for role, stance in [("citizen", "agree"), ("resident", "agree"), ("cso_member", "block")]:
        client.force_login(place["people"][role])
        assert client.post(url, {"stance": stance}).status_code == 302
    client.force_login(place["people"]["citizen"])
    assert 'id="poll-results"' not in client.get(url).content.decode()
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    page = client.get(url).content.decode()
    assert 'id="poll-results"' in page
    from ruamkan.polls.services import poll_result

    assert poll_result(Poll.objects.get()).outcome == "blocked"
    # Closed: no more votes.
    client.post(url, {"stance": "disagree"})
    assert PollVote.objects.filter(voter=place["people"]["citizen"]).get().ballot == "agree"


@pytest.mark.django_db
def test_ranked_choice_round_by_round(client, place, space):
    poll = _poll(place, space, "ranked", ["มัสยิดกลาง", "สวนสาธารณะ", "โรงเรียน"],
                 hide_results=False)
    a, b, c = (str(o.pk) for o in poll.options.all())
    ballots = {"citizen": [a, c], "resident": [a], "outsider": [b, c], "cso_member": [b, c],
               "lg_officer": [c, b]}
    for role, ranking in ballots.items():
        client.force_login(place["people"][role])
        data = {f"rank_{o}": str(i + 1) for i, o in enumerate(ranking)}
        client.post(poll.get_absolute_url(), data)
    from ruamkan.polls.services import poll_result

    result = poll_result(poll)
    # Round 1: a 2, b 2, c 1 -> c out, its vote moves to b; b wins 3-2 in round 2.
    assert len(result.rounds) == 2 and result.winner == b
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "สวนสาธารณะ" in page and page.count("<h3>") == 2


@pytest.mark.django_db
def test_bad_ballots_are_refused_and_votes_replace(client, place, space):
    poll = _poll(place, space, "ranked", ["ก", "ข", "ค"])
    a, b, _c = (str(o.pk) for o in poll.options.all())
    client.force_login(place["people"]["citizen"])
    client.post(poll.get_absolute_url(), {f"rank_{a}": "1", f"rank_{b}": "1"})  # rank twice
    assert not PollVote.objects.exists()
    client.post(poll.get_absolute_url(), {f"rank_{a}": "1"})
    client.post(poll.get_absolute_url(), {f"rank_{b}": "1", f"rank_{a}": "2"})
    assert PollVote.objects.get().ballot == [b, a]
    dots = _poll(place, space, "dot", ["x", "y"], dots=5)
    x, y = (str(o.pk) for o in dots.options.all())
    client.post(dots.get_absolute_url(), {f"n_{x}": "4", f"n_{y}": "3"})  # 7 dots of 5
    assert not PollVote.objects.filter(poll=dots).exists()


@pytest.mark.django_db
def test_committee_poll_is_for_members(client, place, space):
    poll = _poll(place, space, "meeting", ["จันทร์ 9 โมง", "พุธ บ่าย 2"], members_only=True)
    first, _second = (str(o.pk) for o in poll.options.all())
    client.force_login(place["people"]["citizen"])
    client.post(poll.get_absolute_url(), {f"slot_{first}": "yes"})
    assert not PollVote.objects.exists()
    space.members.add(place["people"]["citizen"])
    client.post(poll.get_absolute_url(), {f"slot_{first}": "yes"})
    assert PollVote.objects.count() == 1


@pytest.mark.django_db
def test_unverified_people_cannot_vote(client, place, space):
    poll = _poll(place, space, "single", ["ก", "ข"])
    client.force_login(place["people"]["newcomer"])
    client.post(poll.get_absolute_url(), {"option": str(poll.options.first().pk)})
    assert not PollVote.objects.exists()

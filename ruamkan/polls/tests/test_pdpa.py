"""Poll votes in "download my data", and withdrawn when the account is deleted while the poll is
open (a closed poll's result does not change)."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from ruamkan.polls.models import Poll, PollVote
from ruamkan.polls.services import poll_create


@pytest.mark.django_db
def test_export_then_erasure_withdraws_open_votes_and_keeps_closed_ones(client, place):
    from ruamkan.spaces.tests.factories import SpaceFactory

    space = SpaceFactory(local_government=place["town"], slug="committee")
    polls = [poll_create(by=place["people"]["lg_admin"], space=space, kind="single",
                         question=question, options=["จันทร์", "อังคาร"],
                         closes_at=timezone.now() + dt.timedelta(days=3))
             for question in ("เลือกวันประชุม", "เลือกวันทำความสะอาดชายหาด")]
    voter = place["people"]["citizen"]
    client.force_login(voter)
    for poll in polls:
        option = poll.options.first()
        assert client.post(poll.get_absolute_url(), {"option": option.pk}).status_code == 302
    assert PollVote.objects.filter(voter=voter).count() == 2
    export = json.loads(client.get(reverse("accounts:export")).content)
    assert {v["question"] for v in export["data"]["polls"]["poll_votes"]} == {
        "เลือกวันประชุม", "เลือกวันทำความสะอาดชายหาด"}

    Poll.objects.filter(pk=polls[0].pk).update(closes_at=timezone.now() - dt.timedelta(hours=1))
    assert client.post(reverse("accounts:delete"), {"password": "pass-1234-word"}
                       ).status_code == 302
    assert list(PollVote.objects.values_list("poll_id", flat=True)) == [polls[0].pk]

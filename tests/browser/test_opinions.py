"""Voting through a conversation and seeing the opinion map, in a real browser."""

import datetime as dt

import pytest
from django.utils import timezone

from ruamkan.opinions.models import Conversation, Statement, StatementVote
from ruamkan.spaces.models import Phase
from tests.browser.conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_vote_through_a_conversation_and_see_the_map(page, login, place, screenshot):
    from ruamkan.opinions.services import analysis_compute
    from ruamkan.spaces.tests.factories import SpaceFactory

    space = SpaceFactory(local_government=place["town"], slug="opinions-browser")
    now = timezone.now()
    Phase.objects.create(space=space, content_key="opinions.conversation",
                         starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=9))
    conversation = Conversation.objects.create(space=space, topic="ถนนคนเดินริมแม่น้ำ")
    statements = [Statement.objects.create(conversation=conversation, body=f"ข้อเสนอที่ {i + 1}",
                                           status=Statement.Status.ACCEPTED) for i in range(8)]
    # Earlier participants, in two camps, so the map has groups.
    for p in range(30):
        for j, s in enumerate(statements):
            StatementVote.objects.create(statement=s, external_participant=p,
                                         value=1 if (p < 15) == (j % 2 == 0) else -1)
    login(place["people"]["citizen"])
    page.goto(conversation.get_absolute_url())
    for i in range(len(statements)):
        text = page.locator(".statement-text").inner_text()
        assert text.startswith("ข้อเสนอที่")
        button = ["Agree", "Disagree", "Pass / unsure"][i % 3]
        page.locator(f".vote-buttons button[value='{[1, -1, 0][i % 3]}']").click()
        page.wait_for_function(
            "prev => !document.querySelector('.statement-text') || "
            "document.querySelector('.statement-text').innerText !== prev", arg=text)
        assert button
    assert StatementVote.objects.filter(participant=place["people"]["citizen"]).count() == 8
    screenshot("opinions-done")
    analysis_compute(conversation=conversation)
    page.goto(f"/conversations/{conversation.pk}/report/")
    assert page.locator("svg circle").count() == 31
    assert axe_serious(page) == []
    screenshot("opinions-map")

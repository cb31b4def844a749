"""Parallel requests against a live server: the database, not luck, keeps the promises.
(The test database is a file — config/settings_test.py — so SQLite locking is real; run these
on PostgreSQL too: DATABASE_URL=postgres://... pytest ruamkan/deliberation.)"""

import datetime as dt
import threading

import pytest
import requests
from django.test import Client
from django.utils import timezone

from ruamkan.accounts.models import VerificationLevel
from ruamkan.accounts.tests.factories import UserFactory
from ruamkan.deliberation.models import Forum, ForumRegistration, Proposal, Support
from ruamkan.deliberation.tests.factories import ProposalFactory


def _session_for(user, base_url: str) -> requests.Session:
    client = Client()
    client.force_login(user)
    http = requests.Session()
    http.cookies.set("sessionid", client.cookies["sessionid"].value)
    http.get(f"{base_url}/", timeout=30)  # sets the CSRF cookie
    http.headers["X-CSRFToken"] = http.cookies.get("csrftoken", "")
    return http


def _parallel(n: int, work) -> list[int]:
    barrier = threading.Barrier(n)
    statuses: list[int] = []
    lock = threading.Lock()

    def run(i):
        barrier.wait()
        status = work(i)
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return statuses


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_supports_by_one_person_store_exactly_one(live_server, people, collect):
    proposal = ProposalFactory(phase=collect, author=people["citizen"])
    sessions = [_session_for(people["resident"], live_server.url) for _ in range(20)]
    url = f"{live_server.url}/api/v1/deliberation/proposals/{proposal.pk}/supports"
    statuses = _parallel(20, lambda i: sessions[i].post(url, timeout=60).status_code)
    assert sorted(statuses).count(201) == 1, statuses
    assert set(statuses) <= {201, 400}
    assert Support.objects.filter(proposal=proposal).count() == 1
    assert Proposal.objects.get(pk=proposal.pk).support_count == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_never_overbook_a_forum(live_server, place, space):
    from ruamkan.deliberation.tests.conftest import make_phase

    phase = make_phase(space, "deliberation.forums")
    start = timezone.now() + dt.timedelta(days=2)
    forum = Forum.objects.create(space=space, phase=phase, title="เวทีประชาคมหมู่ 5",
                                 starts_at=start, ends_at=start + dt.timedelta(hours=2),
                                 place="มัสยิดบ้านบางนาค", capacity=3)
    people = [UserFactory(verification_level=VerificationLevel.CONTACT) for _ in range(10)]
    sessions = [_session_for(person, live_server.url) for person in people]
    url = f"{live_server.url}/deliberation/forums/{forum.pk}/register/"
    _parallel(10, lambda i: sessions[i].post(url, timeout=60, allow_redirects=False).status_code)
    forum.refresh_from_db()
    assert ForumRegistration.objects.filter(forum=forum).count() == 3
    assert forum.registered_count == 3

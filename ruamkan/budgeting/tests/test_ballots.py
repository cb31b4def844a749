"""Participatory budgeting through HTTP: projects, review, ballots, paper ballots, receipts."""

import threading

import pytest
from django.urls import reverse

from ruamkan.accounts.models import CitizenIdentity
from ruamkan.accounts.services import citizen_id_hash
from ruamkan.budgeting.models import Ballot, BallotChoice, BudgetProject
from ruamkan.budgeting.tests.factories import BudgetFactory, ProjectFactory, open_phase
from ruamkan.core.models import AuditEvent

VALID_ID = "1101700230708"  # check digit valid (a test number)


@pytest.fixture
def budget(place):
    from ruamkan.spaces.tests.factories import SpaceFactory

    space = SpaceFactory(local_government=place["town"], slug="pb")
    return BudgetFactory(space=space, amount=1_000_000)


@pytest.fixture
def ballot_projects(budget):
    return [
        ProjectFactory(budget=budget, title="ไฟส่องสว่างซอยบางนาค", cost=400_000),
        ProjectFactory(budget=budget, title="ลานกีฬาชุมชน", cost=500_000),
        ProjectFactory(budget=budget, title="ศูนย์เด็กเล็ก", cost=300_000),
    ]


def _vote(client, budget, projects, value=1):
    data = {f"p_{p.pk}": value for p in projects}
    return client.post(reverse("budgeting:budget", args=[budget.pk]), data)


@pytest.mark.django_db
def test_citizen_proposes_and_official_reviews(client, place, budget):
    open_phase(budget.space, "submission")
    people = place["people"]
    client.force_login(people["citizen"])
    response = client.post(
        reverse("budgeting:project_create", args=[budget.pk]),
        {
            "title": "ซ่อมท่อระบายน้ำ ถนนพิชิตบำรุง",
            "description": "น้ำท่วมขังทุกครั้งที่ฝนตก",
            "cost": 250000,
            "category": "ระบายน้ำ",
        },
    )
    assert response.status_code == 302
    project = BudgetProject.objects.get()
    assert project.status == "submitted"
    review = reverse("budgeting:review", args=[budget.pk])
    assert client.get(review).status_code == 403
    client.force_login(people["other_lg_admin"])
    assert client.post(review, {"project": project.pk, "feasible": "yes"}).status_code == 403
    client.force_login(people["lg_officer"])
    # Not feasible without a reason: refused, nothing changes.
    client.post(review, {"project": project.pk, "feasible": "no", "reason": ""})
    project.refresh_from_db()
    assert project.status == "submitted"
    client.post(
        review,
        {"project": project.pk, "feasible": "yes", "cost": 280000, "reason": "ตรวจราคากลางแล้ว"},
    )
    project.refresh_from_db()
    assert (project.status, project.cost) == ("feasible", 280000)
    assert AuditEvent.objects.filter(action="budget.project_review").exists()
    assert people["citizen"].notifications.filter(verb="budget_review").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("cost", [0, 2_000_000])
def test_project_with_bad_cost_is_refused(client, place, budget, cost):
    open_phase(budget.space, "submission")
    client.force_login(place["people"]["citizen"])
    response = client.post(
        reverse("budgeting:project_create", args=[budget.pk]),
        {"title": "x", "description": "y", "cost": cost},
    )
    assert response.status_code == 200
    assert not BudgetProject.objects.exists()


@pytest.mark.django_db
def test_knapsack_ballot_change_and_receipt(client, place, budget, ballot_projects):
    open_phase(budget.space, "voting")
    resident = place["people"]["resident"]
    client.force_login(resident)
    lights, sports, nursery = ballot_projects
    response = _vote(client, budget, [lights, nursery])
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    receipt = ballot.receipt
    assert set(ballot.choices.values_list("project_id", flat=True)) == {lights.pk, nursery.pk}
    # Change it: the last ballot counts, still one ballot, same receipt.
    _vote(client, budget, [sports, nursery])
    ballot = Ballot.objects.get()
    assert ballot.receipt == receipt
    assert set(ballot.choices.values_list("project_id", flat=True)) == {sports.pk, nursery.pk}
    page = client.get(reverse("budgeting:receipt"), {"code": receipt.replace("-", "")})
    assert "ลานกีฬาชุมชน" in page.content.decode()


@pytest.mark.django_db
def test_over_budget_ballot_is_refused_and_nothing_stored(client, place, budget, ballot_projects):
    open_phase(budget.space, "voting")
    client.force_login(place["people"]["resident"])
    response = _vote(client, budget, ballot_projects)  # 1.2 M of 1 M
    assert response.status_code == 400
    assert "1,200,000" in response.content.decode()
    assert not Ballot.objects.exists() and not BallotChoice.objects.exists()


@pytest.mark.django_db
def test_over_budget_change_keeps_the_previous_ballot(client, place, budget, ballot_projects):
    open_phase(budget.space, "voting")
    client.force_login(place["people"]["resident"])
    _vote(client, budget, ballot_projects[:1])
    _vote(client, budget, ballot_projects)
    assert list(Ballot.objects.get().choices.values_list("project_id", flat=True)) == [
        ballot_projects[0].pk
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["newcomer", "citizen", "outsider"])
def test_only_verified_residents_vote(client, place, budget, ballot_projects, role):
    open_phase(budget.space, "voting")  # default: resident verified + lives in the area
    client.force_login(place["people"][role])
    _vote(client, budget, ballot_projects[:1])
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_area_budget_only_for_its_subdistricts(client, place, budget, ballot_projects):
    open_phase(budget.space, "voting", vote={"min_level": 2, "residency": False})
    budget.subdistricts.set([place["elsewhere"]])
    client.force_login(place["people"]["resident"])  # lives in "home", not "elsewhere"
    _vote(client, budget, ballot_projects[:1])
    assert not Ballot.objects.exists()
    client.force_login(place["people"]["outsider"])
    _vote(client, budget, ballot_projects[:1])
    assert Ballot.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "ballot_type,extra,values,ok",
    [
        ("k_approval", {"min_projects": 2, "max_projects": 2}, [1, 0, 0], False),
        ("k_approval", {"min_projects": 2, "max_projects": 2}, [1, 1, 0], True),
        ("k_approval", {"min_projects": 1, "max_projects": 2}, [1, 1, 1], False),
        ("cumulative", {"points": 10}, [5, 5, 1], False),
        ("cumulative", {"points": 10}, [7, 0, 3], True),
        ("ranked", {}, [1, 2, 3], True),
        ("ranked", {}, [1, 1, 2], False),
        ("ranked", {}, [1, 3, 0], False),
    ],
)
def test_ballot_types(client, place, budget, ballot_projects, ballot_type, extra, values, ok):
    for key, value in extra.items():
        setattr(budget, key, value)
    budget.ballot_type = ballot_type
    budget.save()
    open_phase(budget.space, "voting")
    client.force_login(place["people"]["resident"])
    data = {f"p_{p.pk}": v for p, v in zip(ballot_projects, values, strict=True)}
    client.post(reverse("budgeting:budget", args=[budget.pk]), data)
    assert Ballot.objects.exists() is ok


@pytest.mark.django_db
def test_vote_after_close_is_refused(client, place, budget, ballot_projects):
    client.force_login(place["people"]["resident"])
    response = _vote(client, budget, ballot_projects[:1])
    assert response.status_code == 400
    assert not Ballot.objects.exists()


@pytest.mark.django_db
def test_paper_and_online_cannot_both_count(client, place, budget, ballot_projects):
    open_phase(budget.space, "voting")
    people = place["people"]
    resident = people["resident"]
    id_hash, masked = citizen_id_hash(VALID_ID)
    CitizenIdentity.objects.create(user=resident, id_hmac=id_hash, masked=masked)
    client.force_login(resident)
    _vote(client, budget, ballot_projects[:1])
    client.force_login(people["lg_officer"])
    paper = reverse("budgeting:paper", args=[budget.pk])
    response = client.post(
        paper, {"citizen_id": "1-1017-00230-70-8", f"p_{ballot_projects[1].pk}": 1}, follow=True
    )
    assert "already voted" in response.content.decode() or "ลงคะแนนแล้ว" in response.content.decode()
    assert Ballot.objects.count() == 1
    # Another person's paper ballot is accepted, and only officials may enter one.
    client.post(paper, {"citizen_id": "3100600123450", f"p_{ballot_projects[1].pk}": 1})
    assert Ballot.objects.filter(channel="paper").count() == 1
    client.force_login(people["citizen"])
    assert client.post(paper, {"citizen_id": "3100600123450"}).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_ballots_by_one_person_leave_one(place, budget, ballot_projects):
    from django.test import Client

    open_phase(budget.space, "voting")
    resident = place["people"]["resident"]
    url = reverse("budgeting:budget", args=[budget.pk])
    clients = []
    for _ in range(20):
        c = Client()
        c.force_login(resident)
        clients.append(c)
    barrier = threading.Barrier(20)
    statuses = []

    def cast(c, i):
        from django.db import connection

        barrier.wait()
        project = ballot_projects[i % 3]
        try:
            statuses.append(c.post(url, {f"p_{project.pk}": 1}).status_code)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=cast, args=(c, i)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Ballot.objects.count() == 1
    assert BallotChoice.objects.count() == 1  # the last ballot, whole
    assert statuses.count(302) >= 1


@pytest.mark.django_db
def test_submitted_project_is_found_by_thai_search(client, place, budget):
    open_phase(budget.space, "submission")
    client.force_login(place["people"]["citizen"])
    client.post(reverse("budgeting:project_create", args=[budget.pk]), {
        "title": "ซ่อมท่อน้ำประปาหมู่ 3", "description": "ท่อแตกน้ำไหลทั้งวัน", "cost": 90000})
    hits = client.get("/api/v1/search/", {"q": "ประปา"}).json()
    assert any("ซ่อมท่อน้ำประปา" in hit["title"] for hit in hits)


@pytest.mark.django_db
def test_one_budget_of_a_group_per_person(client, place, budget, ballot_projects):
    open_phase(budget.space, "voting", vote={"min_level": 0})
    budget.exclusive_group = "areas"
    budget.save()
    other = BudgetFactory(space=budget.space, title="งบชุมชนลำภู", exclusive_group="areas")
    other_project = ProjectFactory(budget=other, cost=100_000)
    separate = BudgetFactory(space=budget.space, title="งบเยาวชนทั้งเมือง")
    separate_project = ProjectFactory(budget=separate, cost=100_000)
    client.force_login(place["people"]["citizen"])
    _vote(client, budget, ballot_projects[:1])
    response = _vote(client, other, [other_project])
    assert response.status_code == 400 and Ballot.objects.filter(budget=other).count() == 0
    _vote(client, separate, [separate_project])  # not in the group: allowed
    _vote(client, budget, ballot_projects[1:2])  # changing the first ballot is still allowed
    assert Ballot.objects.filter(voter=place["people"]["citizen"]).count() == 2


@pytest.mark.django_db
def test_space_manager_creates_an_area_budget(client, place, budget):
    url = reverse("budgeting:create", args=[budget.space.slug])
    data = {"title": "งบชุมชนบางนาค", "amount": 500000, "subdistricts": [place["home"].code],
            "ballot_type": "approval", "min_projects": 0, "points": 10, "rule": "mes"}
    client.force_login(place["people"]["lg_officer"])
    assert client.post(url, data).status_code == 403
    client.force_login(place["people"]["lg_admin"])
    assert client.post(url, data).status_code == 302
    created = budget.space.budgets.get(title="งบชุมชนบางนาค")
    assert list(created.subdistricts.values_list("code", flat=True)) == [place["home"].code]

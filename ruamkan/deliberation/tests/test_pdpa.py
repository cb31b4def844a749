"""A person's co-governance data: downloadable, and erased with the account."""

import json

import pytest

from ruamkan.deliberation.models import Proposal, Support
from ruamkan.deliberation.tests.factories import ProposalFactory


@pytest.mark.django_db
def test_export_and_erasure(client, people, collect):
    resident = people["resident"]
    mine = ProposalFactory(phase=collect, author=resident, title="ขอศาลาพักรอรถโดยสาร")
    draft = ProposalFactory(phase=collect, author=resident, state="draft", title="ร่างของฉัน")
    other = ProposalFactory(phase=collect, author=people["citizen"])
    client.force_login(resident)
    client.post(f"/api/v1/deliberation/proposals/{other.pk}/supports")
    data = json.loads(client.get("/me/export.json").content)["data"]["deliberation"]
    assert {p["title"] for p in data["proposals"]} == {mine.title, draft.title}
    assert data["supports"][0]["proposal"] == other.pk
    response = client.post("/me/delete/", {"password": "pass-1234-word"})
    assert response.status_code == 302
    assert not Proposal.objects.filter(pk=draft.pk).exists()
    assert Proposal.objects.filter(pk=mine.pk).exists()  # others may have supported it
    assert Support.objects.count() == 0
    other.refresh_from_db()
    assert other.support_count == 0

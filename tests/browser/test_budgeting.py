"""A citizen fills a knapsack ballot, changes it and reads the receipt, in a real browser."""

import re

import pytest

from ruamkan.budgeting.models import Ballot
from ruamkan.budgeting.tests.factories import BudgetFactory, ProjectFactory, open_phase
from tests.browser.conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_knapsack_ballot_change_and_receipt(page, login, place, screenshot):
    from ruamkan.spaces.tests.factories import SpaceFactory

    space = SpaceFactory(local_government=place["town"], slug="pb-browser",
                         title="งบประมาณแบบมีส่วนร่วม")
    budget = BudgetFactory(space=space, amount=1_000_000, title="งบชุมชน 2570")
    lights = ProjectFactory(budget=budget, title="ไฟส่องสว่างซอยบางนาค", cost=400_000)
    ProjectFactory(budget=budget, title="ลานกีฬาชุมชน", cost=500_000)
    nursery = ProjectFactory(budget=budget, title="ศูนย์เด็กเล็ก", cost=300_000)
    open_phase(space, "voting")
    login(place["people"]["resident"])

    page.goto(budget.get_absolute_url())
    page.get_by_label(re.compile("ไฟส่องสว่างซอยบางนาค")).check()
    page.get_by_label(re.compile("ลานกีฬาชุมชน")).check()
    total = page.locator(".ballot-total")
    assert "900,000" in total.inner_text() or "900.000" in total.inner_text()
    page.get_by_label(re.compile("ศูนย์เด็กเล็ก")).check()  # 1.2 M: over the budget
    assert "over" in (total.get_attribute("class") or "")
    screenshot("budget-ballot-over")
    page.locator("#submit-ballot").click()
    page.wait_for_load_state()
    assert page.locator(".message-error").count() >= 1
    assert Ballot.objects.count() == 0

    page.get_by_label(re.compile("ลานกีฬาชุมชน")).uncheck()
    page.locator("#submit-ballot").click()
    page.wait_for_load_state()
    receipt = Ballot.objects.get().receipt
    assert receipt in page.locator(".message-success").inner_text()
    assert axe_serious(page) == []
    screenshot("budget-ballot-saved")

    # Change the ballot: still one ballot, same receipt, new choices.
    page.get_by_label(re.compile("ไฟส่องสว่างซอยบางนาค")).uncheck()
    page.locator("#submit-ballot").click()
    page.wait_for_load_state()
    ballot = Ballot.objects.get()
    assert ballot.receipt == receipt
    assert list(ballot.choices.values_list("project_id", flat=True)) == [nursery.pk]
    assert lights.pk not in ballot.choices.values_list("project_id", flat=True)

    page.goto("/budgets/receipt/")
    page.get_by_label(re.compile("Receipt|ใบรับ|รหัส")).fill(receipt)
    page.get_by_role("button", name=re.compile("Check|ตรวจ")).click()
    assert "ศูนย์เด็กเล็ก" in page.locator("#receipt-result").inner_text()
    screenshot("budget-receipt")

"""Co-governance in a real browser: a citizen writes a proposal and supports another, an official
answers and puts it in the plan, and the result appears on the public progress page."""

import pytest

from ruamkan.accounts.models import VerificationLevel
from ruamkan.deliberation.models import Proposal, Support
from ruamkan.deliberation.tests.factories import ProposalFactory, ProposalsPhaseFactory
from tests.browser.conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_voice_to_result(page, login, place, screenshot):
    from ruamkan.spaces.tests.factories import SpaceFactory

    space = SpaceFactory(local_government=place["town"], slug="voice", title="เสียงประชาชน")
    phase = ProposalsPhaseFactory(space=space)
    other = ProposalFactory(phase=phase, title="ทางเท้าหน้าโรงเรียนบ้านบางนาค")
    resident = place["people"]["resident"]
    assert resident.verification_level == VerificationLevel.RESIDENT
    login(resident)

    page.goto(phase.get_absolute_url())
    page.locator("#new-proposal").click()
    page.locator("#id_title").fill("ติดไฟส่องสว่างซอยตลาดเช้า")
    page.locator("#id_body").fill("ซอยมืดมาก แม่ค้าตลาดเช้าออกจากบ้านตีสี่ เสี่ยงอันตราย")
    page.locator("#publish").click()
    page.wait_for_load_state()
    mine = Proposal.objects.get(title="ติดไฟส่องสว่างซอยตลาดเช้า")
    assert mine.state == Proposal.State.PUBLISHED
    screenshot("proposal-published")

    page.goto(other.get_absolute_url())
    page.locator("#support-button").click()
    page.locator("#support-remove").wait_for()  # htmx swapped the box
    assert Support.objects.filter(proposal=other, user=resident).count() == 1
    assert axe_serious(page) == []

    # The officer answers and puts the proposal into the local development plan.
    page.context.clear_cookies()
    login(place["people"]["lg_officer"])
    page.goto(mine.get_absolute_url())
    page.locator("#answer-form select").select_option(value="accepted")
    page.locator("#answer-form textarea").fill("เทศบาลจะติดตั้งไฟ 12 ต้นในปีงบประมาณ 2570")
    page.locator("#answer-submit").click()
    page.wait_for_load_state()
    assert mine.answers.count() == 1
    page.locator("#plan-form input[name=project]").fill("โครงการไฟส่องสว่างซอยตลาดเช้า")
    page.locator("#plan-form input[name=year]").fill("2570")
    page.locator("#plan-form input[name=budget]").fill("240000")
    page.locator("#plan-submit").click()
    page.wait_for_load_state()

    progress = f"/lg/{place['town'].code}/progress/"
    page.goto(progress)
    page.locator("#result-form input[name=title]").fill("ติดตั้งไฟซอยตลาดเช้า")
    page.locator("#result-form select[name=plan_item]").select_option(index=1)
    page.locator("#result-submit").click()
    page.wait_for_load_state()
    screenshot("progress-officer")

    # Anyone sees it on the public progress page, linked back to the plan.
    page.context.clear_cookies()
    page.goto(progress)
    assert "ติดตั้งไฟซอยตลาดเช้า" in page.locator("#result-tree").inner_text()
    assert "โครงการไฟส่องสว่างซอยตลาดเช้า" in page.locator("#plan-table").inner_text()
    assert axe_serious(page) == []
    screenshot("progress-public")

import datetime as dt

import pytest
from django.utils import timezone

from ruamkan.accounts.models import Role, RoleAssignment, VerificationLevel
from ruamkan.accounts.tests.factories import UserFactory
from ruamkan.areas.tests.factories import (
    CoverageFactory,
    LocalGovernmentFactory,
    ProvinceFactory,
    SubdistrictFactory,
)
from ruamkan.deliberation.models import ProposalSettings
from ruamkan.spaces.models import Phase
from ruamkan.spaces.tests.factories import SpaceFactory


@pytest.fixture
def place(db):
    """Narathiwat town and a neighbouring SAO, residents of each, and officials of both."""
    narathiwat = ProvinceFactory(code="96", name_th="นราธิวาส", name_en="Narathiwat")
    yala = ProvinceFactory(code="95", name_th="ยะลา", name_en="Yala")
    town = LocalGovernmentFactory(code="T96A", kind="thesaban_mueang", name_th="นราธิวาส",
                                  province=narathiwat)
    other = LocalGovernmentFactory(code="T96B", kind="sao", name_th="กะลุวอ", province=narathiwat)
    home = SubdistrictFactory(code="960101", name_th="บางนาค")
    elsewhere = SubdistrictFactory(code="960102", name_th="ลำภู")
    CoverageFactory(local_government=town, subdistrict=home)
    CoverageFactory(local_government=other, subdistrict=elsewhere)

    def person(role=None, level=VerificationLevel.CONTACT, subdistrict=None, **scope):
        user = UserFactory(verification_level=level, home_subdistrict=subdistrict)
        if role:
            RoleAssignment.objects.create(user=user, role=role, **scope)
        return user

    people = {
        "newcomer": person(level=VerificationLevel.UNVERIFIED),
        "citizen": person(),
        "resident": person(level=VerificationLevel.RESIDENT, subdistrict=home),
        "neighbour": person(level=VerificationLevel.RESIDENT, subdistrict=home),
        "outsider": person(level=VerificationLevel.RESIDENT, subdistrict=elsewhere),
        "national_admin": person(Role.NATIONAL_ADMIN),
        "coordinator": person(Role.PROVINCIAL_COORDINATOR, province=narathiwat),
        "other_coordinator": person(Role.PROVINCIAL_COORDINATOR, province=yala),
        "lg_admin": person(Role.LG_ADMIN, local_government=town),
        "lg_officer": person(Role.LG_OFFICER, local_government=town),
        "other_lg_admin": person(Role.LG_ADMIN, local_government=other),
        "other_lg_officer": person(Role.LG_OFFICER, local_government=other),
    }
    return {"province": narathiwat, "town": town, "other": other, "home": home,
            "elsewhere": elsewhere, "people": people}


@pytest.fixture
def space(place):
    return SpaceFactory(local_government=place["town"], slug="town-voice",
                        title="เสียงประชาชน เทศบาลเมืองนราธิวาส")


def make_phase(space, key, *, days_left=30, started_days_ago=1, **settings):
    now = timezone.now()
    phase = Phase.objects.create(
        space=space, content_key=key, starts_at=now - dt.timedelta(days=started_days_ago),
        ends_at=now + dt.timedelta(days=days_left),
    )
    if settings:
        ProposalSettings.objects.create(phase=phase, **settings)
    return phase


@pytest.fixture
def collect(space):
    return make_phase(space, "deliberation.proposals", support_threshold=2, answer_days=30)


@pytest.fixture
def people(place):
    return place["people"]

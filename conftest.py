import pytest

from ruamkan.accounts.models import Role, RoleAssignment, VerificationLevel
from ruamkan.accounts.tests.factories import UserFactory
from ruamkan.areas.tests.factories import (
    CoverageFactory,
    LocalGovernmentFactory,
    ProvinceFactory,
    SubdistrictFactory,
)
from ruamkan.organisations.models import Organisation


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def place(db):
    """Narathiwat with two local governments; a resident of the first; people in every role.

    Shared by every app's tests: `place["people"][role]` for each role, `place["town"]`, ...
    """
    narathiwat = ProvinceFactory(code="96", name_th="นราธิวาส", name_en="Narathiwat")
    yala = ProvinceFactory(code="95", name_th="ยะลา", name_en="Yala")
    town = LocalGovernmentFactory(code="T96A", kind="thesaban_mueang", name_th="นราธิวาส",
                                  province=narathiwat)
    other = LocalGovernmentFactory(code="T96B", kind="sao", name_th="กะลุวอ", province=narathiwat)
    home = SubdistrictFactory(code="960101", name_th="บางนาค")
    elsewhere = SubdistrictFactory(code="960102", name_th="ลำภู")
    CoverageFactory(local_government=town, subdistrict=home)
    CoverageFactory(local_government=other, subdistrict=elsewhere)
    cso = Organisation.objects.create(slug="women-net", name_th="เครือข่ายสตรีนราธิวาส")

    def person(role=None, level=VerificationLevel.CONTACT, subdistrict=None, **scope):
        user = UserFactory(verification_level=level, home_subdistrict=subdistrict)
        if role:
            RoleAssignment.objects.create(user=user, role=role, **scope)
        return user

    people = {
        "anonymous": None,
        "newcomer": person(level=VerificationLevel.UNVERIFIED),
        "citizen": person(),
        "resident": person(level=VerificationLevel.RESIDENT, subdistrict=home),
        "outsider": person(level=VerificationLevel.RESIDENT, subdistrict=elsewhere),
        "national_admin": person(Role.NATIONAL_ADMIN),
        "coordinator": person(Role.PROVINCIAL_COORDINATOR, province=narathiwat),
        "other_coordinator": person(Role.PROVINCIAL_COORDINATOR, province=yala),
        "lg_admin": person(Role.LG_ADMIN, local_government=town),
        "lg_officer": person(Role.LG_OFFICER, local_government=town),
        "other_lg_admin": person(Role.LG_ADMIN, local_government=other),
        "cso_member": person(Role.CSO_MEMBER, organisation=cso),
    }
    return {"province": narathiwat, "town": town, "other": other, "home": home,
            "elsewhere": elsewhere, "people": people}


@pytest.fixture(autouse=True)
def _fresh_area_lookup():
    """The point lookup keeps per-process caches; no test may see another test's areas."""
    from ruamkan.areas.selectors import lookup_cache_clear

    lookup_cache_clear()
    yield
    lookup_cache_clear()

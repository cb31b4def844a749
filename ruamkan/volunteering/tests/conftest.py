import datetime as dt

import pytest
from django.utils import timezone

from ruamkan.accounts.models import Role, RoleAssignment
from ruamkan.accounts.tests.factories import UserFactory
from ruamkan.areas.tests.factories import LocalGovernmentFactory, ProvinceFactory
from ruamkan.organisations.models import Organisation
from ruamkan.volunteering.models import Opportunity, Shift


@pytest.fixture
def vol(db):
    province = ProvinceFactory(code="96", name_th="นราธิวาส")
    town = LocalGovernmentFactory(code="T96A", kind="thesaban_mueang", name_th="นราธิวาส",
                                  province=province)
    other = LocalGovernmentFactory(code="S96B", kind="sao", name_th="ลำภู", province=province)
    cso = Organisation.objects.create(slug="women-net", name_th="เครือข่ายสตรีนราธิวาส",
                                      province=province)

    def person(role=None, **scope):
        user = UserFactory()
        if role:
            RoleAssignment.objects.create(user=user, role=role, **scope)
        return user

    people = {
        "volunteer": person(), "second": person(), "third": person(),
        "officer": person(Role.LG_OFFICER, local_government=town),
        "other_officer": person(Role.LG_OFFICER, local_government=other),
        "cso_member": person(Role.CSO_MEMBER, organisation=cso),
    }
    opportunity = Opportunity.objects.create(
        title="ล้างโคลนหลังน้ำลด ถนนพิชิตบำรุง", description="ช่วยล้างบ้านผู้สูงอายุ",
        local_government=town, province=province, place="หน้าสำนักงานเทศบาล",
        skills="ยกของ, ทำความสะอาด")
    start = timezone.now() + dt.timedelta(days=2)
    shift = Shift.objects.create(opportunity=opportunity, starts_at=start,
                                 ends_at=start + dt.timedelta(hours=4), capacity=2)
    return {"town": town, "cso": cso, "people": people, "opportunity": opportunity,
            "shift": shift}

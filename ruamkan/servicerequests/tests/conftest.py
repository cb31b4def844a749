import pytest

from ruamkan.accounts.models import Role, RoleAssignment
from ruamkan.accounts.tests.factories import UserFactory
from ruamkan.areas.tests.factories import (
    CoverageFactory,
    DistrictFactory,
    LocalGovernmentFactory,
    ProvinceFactory,
    SubdistrictFactory,
)
from ruamkan.servicerequests.tests.factories import boundary_set, category, square

# Points inside the test subdistricts (squares of 0.02°).
TOWN_POINT = (6.425, 101.825)      # 960101 บางนาค: only the town municipality covers it
SHARED_POINT = (6.445, 101.825)    # 960102 ลำภู: two bodies cover part of it each
TOKYO = (35.68, 139.76)
GULF = (9.0, 101.0)  # inside Thailand's box, in no subdistrict (the sea)


@pytest.fixture(autouse=True)
def _fresh_quota():
    # Report quotas live in the cache; each test starts with none used.
    from django.core.cache import cache

    from ruamkan.servicerequests import open311, services

    cache.clear()
    open311._category_cache.clear()  # per-process caches must not outlive a test's rows
    services.holiday_cache_clear()


@pytest.fixture
def place(db):
    narathiwat = ProvinceFactory(code="96", name_th="นราธิวาส", name_en="Narathiwat")
    mueang = DistrictFactory(code="9601", name_th="เมืองนราธิวาส", province=narathiwat)
    home = SubdistrictFactory(code="960101", name_th="บางนาค", district=mueang)
    shared = SubdistrictFactory(code="960102", name_th="ลำภู", district=mueang)
    town = LocalGovernmentFactory(code="T96A", kind="thesaban_mueang", name_th="นราธิวาส",
                                  province=narathiwat)
    sao = LocalGovernmentFactory(code="S96B", kind="sao", name_th="ลำภู", province=narathiwat)
    pao = LocalGovernmentFactory(code="P96", kind="pao", name_th="นราธิวาส", province=narathiwat)
    CoverageFactory(local_government=town, subdistrict=home)
    CoverageFactory(local_government=town, subdistrict=shared, complete=False)
    CoverageFactory(local_government=sao, subdistrict=shared, complete=False)
    boundary_set({"960101": square(6.42, 101.82), "960102": square(6.44, 101.82)})
    cats = {
        "road": category(town, "road", "ถนนชำรุด", close_days=10),
        "streetlight": category(town, "streetlight", "ไฟฟ้าส่องสว่างดับ", close_days=5),
        "flooding": category(town, "flooding", "น้ำท่วมขัง"),
        "garbage": category(town, "garbage", "ขยะตกค้าง", close_days=3),
        "stray": category(town, "stray_animals", "สุนัขจรจัด"),
        "sao_streetlight": category(sao, "streetlight", "ไฟฟ้าส่องสว่าง อบต."),
        "pao_road": category(pao, "pao_road", "ถนนทางหลวงชนบท/ถนน อบจ.", close_days=20),
    }

    def person(role=None, **scope):
        user = UserFactory()
        if role:
            RoleAssignment.objects.create(user=user, role=role, **scope)
        return user

    people = {
        "citizen": person(),
        "neighbour": person(),
        "officer": person(Role.LG_OFFICER, local_government=town),
        "supervisor": person(Role.LG_ADMIN, local_government=town),
        "sao_officer": person(Role.LG_OFFICER, local_government=sao),
        "pao_officer": person(Role.LG_OFFICER, local_government=pao),
        "coordinator": person(Role.PROVINCIAL_COORDINATOR, province=narathiwat),
    }
    return {"province": narathiwat, "home": home, "shared": shared, "town": town, "sao": sao,
            "pao": pao, "categories": cats, "people": people}

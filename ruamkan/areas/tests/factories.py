import factory

from ruamkan.areas.models import Coverage, District, LocalGovernment, Province, Subdistrict


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "96"
    name_th = "นราธิวาส"
    name_en = "Narathiwat"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"96{(n % 13) + 1:02d}")
    name_th = factory.Sequence(lambda n: f"อำเภอทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test district {n}")


class SubdistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subdistrict
        django_get_or_create = ("code",)

    district = factory.SubFactory(DistrictFactory)
    province = factory.SelfAttribute("district.province")
    code = factory.Sequence(lambda n: f"{9601 + (n // 20)}{(n % 20) + 1:02d}")
    name_th = factory.Sequence(lambda n: f"ตำบลทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test subdistrict {n}")
    postal_codes = "96000"


class LocalGovernmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalGovernment
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:05d}")
    kind = LocalGovernment.Kind.SAO
    name_th = factory.Sequence(lambda n: f"ทดสอบ{n}")
    name_en = factory.Sequence(lambda n: f"Test {n}")
    province = factory.SubFactory(ProvinceFactory)


class CoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coverage

    local_government = factory.SubFactory(LocalGovernmentFactory)
    subdistrict = factory.SubFactory(SubdistrictFactory)
    complete = True

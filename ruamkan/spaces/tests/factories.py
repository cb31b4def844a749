import datetime as dt

import factory
from django.utils import timezone

from ruamkan.areas.tests.factories import LocalGovernmentFactory
from ruamkan.spaces.models import Phase, Space


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"space-{n}")
    title = factory.Sequence(lambda n: f"พื้นที่มีส่วนร่วม {n}")
    summary = "ร่วมกันออกแบบบริการสาธารณะ"
    level = Space.Level.LOCAL
    local_government = factory.SubFactory(LocalGovernmentFactory)
    is_published = True


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    space = factory.SubFactory(SpaceFactory)
    content_key = "spaces.discussion"
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))

import datetime as dt

import factory
from django.utils import timezone

from ruamkan.accounts.tests.factories import UserFactory
from ruamkan.deliberation.models import Proposal
from ruamkan.spaces.models import Phase
from ruamkan.spaces.tests.factories import SpaceFactory


class ProposalsPhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    space = factory.SubFactory(SpaceFactory)
    content_key = "deliberation.proposals"
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    phase = factory.SubFactory(ProposalsPhaseFactory)
    space = factory.SelfAttribute("phase.space")
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"ข้อเสนอที่ {n}: ซ่อมถนนในชุมชน")
    body = "ถนนในชุมชนเป็นหลุมเป็นบ่อ รถจักรยานยนต์ล้มบ่อยในหน้าฝน"
    state = Proposal.State.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

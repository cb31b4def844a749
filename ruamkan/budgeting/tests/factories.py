import datetime as dt

import factory
from django.utils import timezone

from ruamkan.budgeting.models import Budget, BudgetProject
from ruamkan.spaces.models import Phase
from ruamkan.spaces.tests.factories import SpaceFactory


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    space = factory.SubFactory(SpaceFactory)
    title = "งบประมาณชุมชน ปี 2570"
    amount = 1_000_000


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetProject

    budget = factory.SubFactory(BudgetFactory)
    title = factory.Sequence(lambda n: f"โครงการ {n}")
    description = "ซ่อมถนนและติดไฟส่องสว่าง"
    cost = 300_000
    status = BudgetProject.Status.FEASIBLE


def open_phase(space, kind, **requirements):
    now = timezone.now()
    return Phase.objects.create(
        space=space,
        content_key=f"budgeting.{kind}",
        requirements=requirements,
        starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=7),
    )

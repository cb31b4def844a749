from django_tasks import task

from ruamkan.servicerequests.idempotency import purge_old
from ruamkan.servicerequests.services import sla_check


@task()
def servicerequests_sla_check() -> dict[str, int]:
    counts = sla_check()
    purge_old()
    return counts

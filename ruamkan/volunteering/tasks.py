from django_tasks import task

from ruamkan.volunteering.services import reminders_send


@task()
def volunteering_reminders() -> int:
    return reminders_send()

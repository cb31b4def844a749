from django_tasks import task

from ruamkan.spaces.services import notification_digests_send


@task()
def send_notification_digests() -> int:
    return notification_digests_send()

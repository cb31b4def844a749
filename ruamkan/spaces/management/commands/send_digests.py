from django.core.management.base import BaseCommand

from ruamkan.spaces.services import notification_digests_send


class Command(BaseCommand):
    help = "Send the e-mail digest of unread notifications (run daily from cron or the task worker)."

    def handle(self, *args, **options):
        sent = notification_digests_send()
        self.stdout.write(f"sent {sent} digest e-mail(s)")

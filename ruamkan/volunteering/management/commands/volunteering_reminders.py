"""Remind volunteers the day before their shift (run hourly from cron)."""

from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_datetime

from ruamkan.volunteering.services import reminders_send


class Command(BaseCommand):
    help = "Send reminders for shifts starting within 24 hours."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Pretend it is this ISO datetime.")

    def handle(self, *args, **options):
        now = parse_datetime(options["now"]) if options.get("now") else None
        self.stdout.write(f"reminders={reminders_send(now=now)}")

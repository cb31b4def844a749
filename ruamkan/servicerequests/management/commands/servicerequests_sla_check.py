"""Warn before service-level deadlines and escalate after them (run every hour from cron)."""

from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_datetime

from ruamkan.servicerequests.idempotency import purge_old
from ruamkan.servicerequests.services import sla_check


class Command(BaseCommand):
    help = "Warn before service-level deadlines and escalate to supervisors and the province."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Pretend it is this ISO datetime (for drills).")

    def handle(self, *args, **options):
        now = parse_datetime(options["now"]) if options.get("now") else None
        counts = sla_check(now=now)
        purge_old()
        self.stdout.write(
            f"warnings={counts['warning']} supervisor={counts['supervisor']} "
            f"province={counts['province']}"
        )

import time

from django.core.management.base import BaseCommand

from ruamkan.areas.services import areas_load


class Command(BaseCommand):
    help = "Load Thai provinces, districts, subdistricts and abolished codes from geothai (idempotent)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        report = areas_load()
        self.stdout.write(
            f"provinces: {report.provinces}, districts: {report.districts}, "
            f"subdistricts: {report.subdistricts}, abolished codes: {report.abolished} "
            f"({time.perf_counter() - started:.1f} s)"
        )

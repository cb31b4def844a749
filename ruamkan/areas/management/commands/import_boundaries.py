import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ruamkan.areas.lib.boundaries import BoundaryFileError
from ruamkan.areas.services import boundaries_import


class Command(BaseCommand):
    help = (
        "Import a GeoJSON FeatureCollection of area boundaries (HDX adm1/adm2/adm3 style) as a "
        "new boundary set and make it current; the previous set is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--level", required=True, choices=["province", "district", "subdistrict"]
        )
        parser.add_argument("--name", default="", help="Name of the set (default: file name).")

    def handle(self, *args, path: Path, level: str, name: str, **options):
        started = time.perf_counter()
        try:
            boundary_set = boundaries_import(path=path, level=level, name=name)
        except BoundaryFileError as exc:
            raise CommandError(str(exc)) from exc
        count = boundary_set.boundaries.count()
        self.stdout.write(
            f"boundary set {boundary_set.pk} ({level}, {boundary_set.name}): {count} areas, "
            f"now current ({time.perf_counter() - started:.1f} s)"
        )

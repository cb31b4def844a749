"""manage.py backup [--dir DIR] [--media] [--keep N]: a checked copy of the database (and photos)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ruamkan.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a consistent, checked copy of the database (and, with --media, the photos)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(Path(settings.VAR_DIR) / "backups"))
        parser.add_argument("--media", action="store_true", help="also archive uploaded photos")
        parser.add_argument("--keep", type=int, default=14, help="newest copies to keep (0: all)")

    def handle(self, *args, **options):
        try:
            made = backup_create(directory=Path(options["dir"]), include_media=options["media"],
                                 keep=options["keep"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = made.database.stat().st_size
        self.stdout.write(f"database={made.database} bytes={size} tables={made.tables}")
        if made.media is not None:
            self.stdout.write(f"media={made.media} bytes={made.media.stat().st_size}")

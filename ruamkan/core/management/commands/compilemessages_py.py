"""Compiles locale/*/LC_MESSAGES/*.po to .mo with Babel, so no GNU gettext is needed."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile translation catalogues without GNU gettext."

    def handle(self, *args, **options):
        count = 0
        bases = [Path(p) for p in settings.LOCALE_PATHS]
        bases += sorted(Path(settings.BASE_DIR, "ruamkan").glob("*/locale"))  # app catalogues
        for base in bases:
            for po_path in base.glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                with po_path.open("rb") as fh:
                    catalog = read_po(fh)
                with mo_path.open("wb") as fh:
                    write_mo(fh, catalog, use_fuzzy=False)
                count += 1
        if options["verbosity"] > 1 or count:
            self.stdout.write(f"compiled {count} catalogue(s)")

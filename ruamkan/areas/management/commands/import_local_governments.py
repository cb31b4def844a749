import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ruamkan.areas.lib import lg_rows
from ruamkan.areas.models import LocalGovernment
from ruamkan.areas.services import (
    AreasNotLoaded,
    LocalGovernmentImportError,
    local_governments_import,
)

MAX_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import local governments from a CSV file (format: docs/areas-import.md). Every row is "
        "checked first; one bad row imports nothing. Re-importing updates bodies by code."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--strict", action="store_true",
            help="Treat an office location outside Thailand as an error, not a warning.",
        )

    def handle(self, *args, path: Path, strict: bool, **options):
        started = time.perf_counter()
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        header, rows = lg_rows.read_csv(path)
        missing = lg_rows.missing_columns(header)
        if missing:
            raise CommandError(f"{path}: missing column(s): {', '.join(missing)}")
        try:
            report = local_governments_import(rows=rows, strict=strict)
        except AreasNotLoaded as exc:
            raise CommandError(str(exc)) from exc
        except LocalGovernmentImportError as exc:
            for line, message in exc.errors[:MAX_SHOWN]:
                self.stderr.write(f"{path}:{line}: {message}")
            if len(exc.errors) > MAX_SHOWN:
                self.stderr.write(f"... and {len(exc.errors) - MAX_SHOWN} more")
            raise CommandError(str(exc)) from exc
        for line, message in report.warnings:
            self.stderr.write(f"{path}:{line}: warning: {message}")
        labels = dict(LocalGovernment.Kind.choices)
        for kind, count in sorted(report.by_kind.items(), key=lambda kv: -kv[1]):
            self.stdout.write(f"  {kind:<16} {count:>6}  {labels.get(kind, kind)}")
        self.stdout.write(
            f"{report.total} local governments ({report.created} new, {report.updated} updated); "
            f"coverage +{report.coverage_created} ~{report.coverage_updated} "
            f"-{report.coverage_deleted} ({time.perf_counter() - started:.1f} s)"
        )

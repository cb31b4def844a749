"""Backups a local government's administrator can run without a DBA: one command writes a
consistent copy of the database (SQLite's online backup API, or pg_dump for PostgreSQL) and,
optionally, the uploaded photos, checks the copy, and keeps the newest N.

The citizen-ID HMAC key is not in the database, so a stolen backup cannot be used to look up ID
numbers; keep the key's own copy somewhere else (README: deploying)."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

PREFIX = "ruamkan-"


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Backup:
    database: Path
    media: Path | None
    tables: int


def _stamp(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def backup_create(*, directory: Path, include_media: bool = False, keep: int = 14,
                  now: dt.datetime | None = None) -> Backup:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = _stamp(now or timezone.now())
    if connection.vendor == "sqlite":
        target = directory / f"{PREFIX}{stamp}.sqlite3"
        tables = _sqlite_backup(Path(connection.settings_dict["NAME"]), target)
    elif connection.vendor == "postgresql":
        target = directory / f"{PREFIX}{stamp}.pgdump"
        tables = _postgres_backup(target)
    else:  # pragma: no cover - only the two supported engines
        raise BackupError(f"No backup for the {connection.vendor} engine.")
    media = None
    if include_media and Path(settings.MEDIA_ROOT).is_dir():
        media = directory / f"{PREFIX}{stamp}-media.tar.gz"
        with tarfile.open(media, "w:gz") as archive:
            archive.add(settings.MEDIA_ROOT, arcname="media")
    _prune(directory, keep=keep)
    return Backup(database=target, media=media, tables=tables)


def _sqlite_backup(source: Path, target: Path) -> int:
    # The online backup API copies a consistent snapshot while the site keeps running (WAL).
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    copy = sqlite3.connect(target)
    try:
        # One self-contained file: the copy would otherwise keep WAL mode and its side files.
        copy.execute("PRAGMA journal_mode=DELETE")
        status = copy.execute("PRAGMA integrity_check").fetchone()[0]
        tables = copy.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    finally:
        copy.close()
    if status != "ok":
        target.unlink(missing_ok=True)
        raise BackupError(f"The copy failed its integrity check: {status}")
    return int(tables)


def _postgres_backup(target: Path) -> int:
    pg_dump, pg_restore = shutil.which("pg_dump"), shutil.which("pg_restore")
    if pg_dump is None or pg_restore is None:
        raise BackupError("pg_dump and pg_restore are needed (Debian: apt-get install "
                          "postgresql-client).")
    db = settings.DATABASES["default"]
    env = {"PGPASSWORD": str(db.get("PASSWORD") or ""), "PATH": "/usr/bin:/bin"}
    args = [pg_dump, "--format=custom", "--no-owner", f"--file={target}",
            f"--host={db.get('HOST') or 'localhost'}", f"--port={db.get('PORT') or 5432}",
            f"--username={db.get('USER') or 'postgres'}", str(connection.settings_dict["NAME"])]
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError(done.stderr.strip() or "pg_dump failed")
    listing = subprocess.run([pg_restore, "--list", str(target)], capture_output=True,  # noqa: S603
                             text=True, check=False)
    if listing.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError("The dump cannot be read back: " + listing.stderr.strip())
    return sum(1 for line in listing.stdout.splitlines() if " TABLE DATA " in line)


def _prune(directory: Path, *, keep: int) -> None:
    if keep < 1:
        return
    databases = sorted(p for p in directory.glob(f"{PREFIX}*")
                       if p.suffix in (".sqlite3", ".pgdump"))
    for old in databases[:-keep]:
        old.unlink()
        media = old.with_name(old.stem + "-media.tar.gz")
        media.unlink(missing_ok=True)

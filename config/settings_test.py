"""Settings for the test suite: the same as production but with fast hashing and inline tasks."""

import os

os.environ.setdefault("RUAMKAN_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS}  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not :memory:, so that concurrency tests (20 parallel votes from live-server threads)
    # meet real SQLite locking (WAL, busy_timeout, BEGIN IMMEDIATE) as in production.
    # One file per test process, so parallel runs never share it.
    # Durability does not matter for a throw-away test database; speed does.
    DATABASES["default"]["OPTIONS"]["init_command"] = DATABASES["default"]["OPTIONS"][  # noqa: F405
        "init_command"
    ].replace("synchronous=NORMAL", "synchronous=OFF")
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / f"test_ruamkan_{os.getpid()}.sqlite3")  # noqa: F405
    }

"""Accounts: cost of the citizen-ID path and of a password check, the two CPU costs of
verification and login.

- validate + mask + keyed HMAC of a 13-digit ID (pure, no database), per ID;
- the tuned argon2id hasher (19 MiB, t=2) against Django's default argon2, per verification;
- a full sign-in POST through the Django test client (form, rate-limit bookkeeping, argon2,
  session) on a throw-away SQLite database.

Run: .venv/bin/python bench/bench_accounts.py  (about half a minute)
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
IDS = 100_000
HASHES = 20
LOGINS = 20
SEED = 2569


def _ids(n: int) -> list[str]:
    from ruamkan.accounts.lib.citizen_id import with_check_digit

    rng = random.Random(SEED)
    return [with_check_digit("".join(rng.choice("0123456789") for _ in range(12))) for _ in range(n)]


def bench_citizen_id() -> None:
    from ruamkan.accounts.lib import citizen_id as cid

    numbers = _ids(IDS)
    dashed = [f"{n[0]}-{n[1:5]}-{n[5:10]}-{n[10:12]}-{n[12]}" for n in numbers]
    started = time.perf_counter()
    for text in dashed:
        cid.keyed_hash(text, "bench-key")
        cid.mask(text)
    took = time.perf_counter() - started
    print(f"citizen ID validate+HMAC+mask: {IDS:,} IDs in {took:.2f} s "
          f"= {took / IDS * 1e6:.1f} µs each")


def bench_hashers() -> None:
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from ruamkan.accounts.hashers import TunedArgon2PasswordHasher

    for hasher in (TunedArgon2PasswordHasher(), Argon2PasswordHasher()):
        encoded = hasher.encode("ร่วมกัน-2569-password", hasher.salt())
        times = []
        for _ in range(HASHES):
            started = time.perf_counter()
            hasher.verify("wrong-guess", encoded)
            times.append(time.perf_counter() - started)
        print(f"{type(hasher).__name__} (m={hasher.memory_cost // 1024} MiB, t={hasher.time_cost}):"
              f" verify median {statistics.median(times) * 1000:.0f} ms")


def bench_login() -> None:
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    from ruamkan.accounts.models import User

    User.objects.create_user("bench@example.org", "ร่วมกัน-2569-password")
    # Rate limits off: this measures the work of one sign-in, not the throttle.
    with override_settings(ACCOUNT_RATE_LIMITS=False):
        times = []
        for _ in range(LOGINS):
            client = Client()
            started = time.perf_counter()
            response = client.post("/accounts/login/", {"login": "bench@example.org",
                                                         "password": "ร่วมกัน-2569-password"})
            times.append(time.perf_counter() - started)
            assert response.status_code == 302, response.status_code
    print(f"sign-in POST (tuned argon2, SQLite): median {statistics.median(times) * 1000:.0f} ms,"
          f" max {max(times) * 1000:.0f} ms over {LOGINS}")


def main() -> None:
    sys.path.insert(0, str(REPO))
    tmp = tempfile.mkdtemp(prefix="ruamkan-bench-accounts-")
    os.environ["RUAMKAN_VAR_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    bench_citizen_id()
    bench_hashers()
    bench_login()


if __name__ == "__main__":
    main()

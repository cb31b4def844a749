"""Co-governance at scale, on SQLite: p95 of the real pages (through the Django test Client) for
the proposal list of a space with 100,000 proposals and for a proposal with 10,000 comments.
Goals: list < 100 ms, proposal page < 300 ms (peers.md: Decidim took 7 s for 900 proposals).

Builds the data in a temporary SQLite database (migrated from scratch), so it needs nothing but
the repository. Run: .venv/bin/python bench/bench_deliberation.py  (about two minutes)
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROPOSALS = int(os.environ.get("RUAMKAN_BENCH_PROPOSALS", 100_000))
COMMENTS = int(os.environ.get("RUAMKAN_BENCH_COMMENTS", 10_000))
RUNS = 40


def _setup_django(tmp: Path) -> None:
    # RUAMKAN_BENCH_DB keeps the built database between runs (for profiling).
    db = os.environ.get("RUAMKAN_BENCH_DB") or str(tmp / "bench.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["RUAMKAN_VAR_DIR"] = str(tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("RUAMKAN_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def _time(client, url: str, runs: int = RUNS, **params) -> tuple[float, float, float, int]:
    """Median and p95 wall time, and p95 CPU time of this process (on a busy machine the wall
    time includes waiting for a core; the CPU time is what the request itself costs)."""
    client.get(url, params)  # warm-up (template loading, caches)
    wall, cpu = [], []
    status = 0
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        status = response.status_code
    return statistics.median(wall), _p95(wall), _p95(cpu), status


def _build():
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from ruamkan.accounts.models import User, VerificationLevel
    from ruamkan.areas.models import LocalGovernment, Province
    from ruamkan.deliberation.models import Category, Proposal, ProposalSettings
    from ruamkan.spaces.models import Comment, Phase, Space

    rng = random.Random(96)
    now = timezone.now()
    province, _created = Province.objects.get_or_create(code="96", defaults={"name_th": "นราธิวาส"})
    lg, _created = LocalGovernment.objects.get_or_create(
        code="BENCH96", defaults={"kind": "thesaban_mueang", "name_th": "นราธิวาส",
                                  "province": province})
    space = Space.objects.create(slug="bench-space", title="พื้นที่ทดสอบความเร็ว", level="local",
                                 local_government=lg, is_published=True)
    phase = Phase.objects.create(space=space, content_key="deliberation.proposals",
                                 starts_at=now - dt.timedelta(days=30),
                                 ends_at=now + dt.timedelta(days=30))
    ProposalSettings.objects.create(phase=phase, support_threshold=500)
    categories = [Category.objects.create(space=space, name=name)
                  for name in ("ถนนและไฟฟ้า", "น้ำและน้ำท่วม", "ขยะ", "ผู้สูงอายุ", "อาชีพ")]
    authors = User.objects.bulk_create([
        User(email=f"bench{i}@example.org", display_name=f"ผู้เสนอ {i}",
             verification_level=VerificationLevel.RESIDENT, password="!")  # noqa: S106
        for i in range(200)
    ])
    words = ["ติดไฟส่องสว่าง", "ซ่อมถนน", "ลอกคลอง", "ถังขยะ", "ศูนย์ผู้สูงอายุ", "ตลาดนัด",
             "ทางเท้า", "สนามเด็กเล่น", "ประปา", "ท่อระบายน้ำ"]
    places = ["บางนาค", "ลำภู", "กะลุวอเหนือ", "โคกเคียน", "ตันหยงมัส"]
    started = time.perf_counter()
    # Plain INSERTs: 100,000 model instances would make building slower than measuring.
    columns = ("created_at", "updated_at", "space_id", "phase_id", "author_id", "title", "body",
               "category_id", "state", "published_at", "support_count", "tokens", "is_hidden",
               "on_behalf_of", "shuffle")
    sql = (f"INSERT INTO deliberation_proposal ({', '.join(columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    stamp = now.astimezone(dt.UTC).replace(tzinfo=None)
    rows = []
    with transaction.atomic(), connection.cursor() as cursor:
        for i in range(PROPOSALS):
            what, where = rng.choice(words), rng.choice(places)
            published = (stamp - dt.timedelta(minutes=i)).isoformat(" ")
            rows.append((
                published, published, space.pk, phase.pk, authors[i % len(authors)].pk,
                f"{what}ชุมชน{where} จุดที่ {i}",
                f"ขอให้เทศบาล{what}ที่ชุมชน{where} เพราะประชาชนเดือดร้อนมานาน",
                categories[i % len(categories)].pk, "published", published,
                rng.randint(0, 400), f"{what} ชุมชน {where}", False, "", rng.randrange(2**31),
            ))
            if len(rows) == 10_000:
                cursor.executemany(sql, rows)
                rows = []
        if rows:
            cursor.executemany(sql, rows)
    print(f"built {PROPOSALS:,} proposals in {time.perf_counter() - started:.1f} s", flush=True)

    target = Proposal.objects.filter(space=space).order_by("-published_at").first()
    ct = ContentType.objects.get_for_model(Proposal)
    started = time.perf_counter()
    with transaction.atomic():
        roots = Comment.objects.bulk_create([
            Comment(space=space, content_type=ct, object_id=target.pk,
                    author=authors[i % len(authors)], stance=rng.choice(["for", "against", "neutral"]),
                    body=f"ความเห็นที่ {i}: เห็นด้วยบางส่วน แต่ควรดูงบประมาณและผลกระทบต่อชุมชนด้วย")
            for i in range(COMMENTS // 5)
        ], batch_size=2000)
        root_ids = [c.pk for c in roots]
        Comment.objects.bulk_create([
            Comment(space=space, content_type=ct, object_id=target.pk,
                    parent_id=root_ids[i % len(root_ids)], author=authors[(i * 7) % len(authors)],
                    stance="neutral", body=f"ตอบกลับที่ {i}: ขอบคุณสำหรับข้อมูล")
            for i in range(COMMENTS - len(roots))
        ], batch_size=2000)
    print(f"built {COMMENTS:,} comments in {time.perf_counter() - started:.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return space, phase, target, authors[0]


def _existing():
    from django.db import connection

    from ruamkan.accounts.models import User
    from ruamkan.deliberation.models import Proposal
    from ruamkan.spaces.models import Space

    space = Space.objects.get(slug="bench-space")
    phase = space.phases.get()
    with connection.cursor() as cursor:  # a database built before the shuffle column existed
        cursor.execute("UPDATE deliberation_proposal SET shuffle = abs(random()) % 2147483648 "
                       "WHERE shuffle = (SELECT shuffle FROM deliberation_proposal WHERE id = 1)")
    target = Proposal.objects.filter(space=space).order_by("-published_at", "-id").first()
    return space, phase, target, User.objects.get(email="bench0@example.org")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ruamkan-bench-") as tmp:
        started = time.perf_counter()
        _setup_django(Path(tmp))
        print(f"migrated a fresh SQLite database in {time.perf_counter() - started:.1f} s", flush=True)
        from ruamkan.spaces.models import Space

        if Space.objects.filter(slug="bench-space").exists():
            space, phase, target, someone = _existing()
        else:
            space, phase, target, someone = _build()
        from django.test import Client
        from django.urls import reverse

        anonymous = Client()
        signed_in = Client()
        signed_in.force_login(someone)
        list_url = reverse("deliberation:phase", args=[phase.pk])
        detail_url = reverse("deliberation:proposal", args=[target.pk])
        api_url = f"/api/v1/deliberation/spaces/{space.slug}/proposals"
        cases = [
            ("proposal list, newest (anonymous)", anonymous, list_url, {}),
            ("proposal list, newest (signed in)", signed_in, list_url, {}),
            ("proposal list, most supported", anonymous, list_url, {"sort": "supported"}),
            ("proposal list, category + page 50", anonymous, list_url,
             {"category": space.categories.first().pk, "page": 50}),
            ("proposal list, Thai search", anonymous, list_url, {"q": "ลอกคลองบางนาค"}),
            ("proposal list, random (seeded)", anonymous, list_url, {"sort": "random"}),
            ("API proposal list, most supported", anonymous, api_url, {"sort": "supported"}),
            (f"proposal page with {COMMENTS:,} comments (anonymous)", anonymous, detail_url, {}),
            (f"proposal page with {COMMENTS:,} comments (signed in)", signed_in, detail_url, {}),
            ("API comments page", anonymous, f"/api/v1/deliberation/proposals/{target.pk}/comments", {}),
        ]
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"\n{'case':52} {'median ms':>10} {'p95 ms':>8} {'p95 cpu':>8}  goal (p95)")
        for label, client, url, params in cases:
            median, p95, p95_cpu, status = _time(client, url, **params)
            goal = 300 if "comments" in label else 100
            verdict = "ok" if p95 < goal and status == 200 else f"OVER (status {status})"
            print(f"{label:52} {median:10.1f} {p95:8.1f} {p95_cpu:8.1f}  < {goal} {verdict}",
                  flush=True)


if __name__ == "__main__":
    main()

"""Thai search at scale: build time, query latency and recall against exact substring matching.

100,000 generated Thai civic texts (ruamkan/search/tests/corpus.py, fixed seed) are indexed with the
bulk service into a temporary SQLite file (never var/), then ~30 queries are timed: compounds that
newmm keeps inside longer words, 1–2 character queries, words with tone marks, Latin, digits and
multi-word queries. Recall compares every match with Python's `in` over the normalised texts.

If DATABASE_URL points at PostgreSQL, the same runs again in a scratch database on that server
(created and dropped here), in a child process since Django is configured once per process.

Environment: BENCH_SEARCH_DOCS (default 100000).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = int(os.environ.get("BENCH_SEARCH_DOCS", "100000"))
SEED = 2569
REPEATS = 5
LIMIT = 20
QUERIES = [
    # compounds: found inside longer words by the substring path
    "ประปา", "น้ำประปา", "เทศบาล", "ตำบล", "องค์การบริหารส่วนตำบล", "ส่วนภูมิภาค",
    "ระบายน้ำ", "ไฟฟ้า", "ส่องสว่าง", "ยาเสพติด", "สุนัขจรจัด", "ขอบคุณ",
    # one and two characters (no trigram): instr() / LIKE
    "ไฟ", "ยา", "ขย", "ถน", "๕",
    # vowel and tone marks
    "ชำรุด", "ไม้", "ไม่", "ต้นไม้", "ท่อ",
    # Latin and digits
    "road", "wi-fi", "pm2.5", "12", "๑๒", "0812",
    # several words, all required
    "ไฟฟ้า ดับ", "ถนน ชำรุด", "ประปา ตำบล", "ยา ไฟ", "นราธิวาส ขยะ", "ซอย 7 road",
]


def _setup_django(database_url: str, var_dir: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["RUAMKAN_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def _run(database_url: str, var_dir: str, label: str) -> None:
    _setup_django(database_url, var_dir)
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    from ruamkan.search.lib.text import normalise
    from ruamkan.search.models import SearchDocument
    from ruamkan.search.selectors import search_document_ids, search_documents
    from ruamkan.search.services import search_documents_bulk_index, search_index_rebuild
    from ruamkan.search.tests.corpus import generate

    call_command("migrate", "search", verbosity=0)  # and what it depends on, nothing else
    print(f"[{label}] {connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else connection.cursor().connection.info.server_version}")

    started = time.perf_counter()
    texts = generate(DOCS, seed=SEED)
    generated = time.perf_counter() - started
    chars = sum(len(t) + len(b) for t, b in texts)
    print(f"[{label}] corpus: {len(texts):,} texts, {chars / 1e6:.1f} M characters, generated in {generated:.1f} s")

    content_type = ContentType.objects.get_for_model(SearchDocument)
    print(f"[{label}] load average before building: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    started, started_cpu = time.perf_counter(), time.process_time()
    search_documents_bulk_index(
        {"content_type": content_type, "object_id": i, "title": title, "body": body,
         "url": f"/reports/{i}/"}
        for i, (title, body) in enumerate(texts)
    )
    indexed, indexed_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    started = time.perf_counter()
    search_index_rebuild()  # what search_reindex ends with (SQLite: FTS5 rebuild + optimize)
    rebuilt = time.perf_counter() - started
    print(f"[{label}] build: bulk index (normalise + newmm tokens + insert) {indexed:.1f} s "
          f"({indexed_cpu:.1f} s CPU in this process), FTS rebuild + optimize {rebuilt:.1f} s")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = Path(connection.settings_dict["NAME"]).stat().st_size
        print(f"[{label}] database file: {size / 1e6:.1f} MB")
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('search_searchdocument')")
            print(f"[{label}] table + indexes: {cursor.fetchone()[0] / 1e6:.1f} MB")

    index_of = dict(SearchDocument.objects.values_list("pk", "object_id"))
    normalised = [normalise(f"{t}\n{b}") for t, b in texts]

    def timed(fn: object) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000

    rows = []
    for query in QUERIES:
        search_documents(query=query, user=None, limit=LIMIT)  # warm caches
        ids_runs = [timed(lambda q=query: search_document_ids(query=q, limit=LIMIT))
                    for _ in range(REPEATS)]
        hit_runs = [timed(lambda q=query: search_documents(query=q, user=None, limit=LIMIT))
                    for _ in range(REPEATS)]
        terms = normalise(query).split()
        expected = {i for i, text in enumerate(normalised) if all(t in text for t in terms)}
        got = {int(index_of[pk]) for pk, _ in search_document_ids(query=query, limit=DOCS + 1)}
        rows.append({
            "query": query,
            "ids": statistics.median(w for w, _ in ids_runs),
            "hits": statistics.median(w for w, _ in hit_runs),
            "ids_cpu": statistics.median(c for _, c in ids_runs),
            "hits_cpu": statistics.median(c for _, c in hit_runs),
            "recall": len(expected & got) / len(expected) if expected else 1.0,
            "matches": len(expected),
            "extra": len(got - expected),
        })

    print(f"[{label}] {'query':<24} {'ids ms':>7} {'hits ms':>8} {'ids cpu':>8} {'hits cpu':>9} "
          f"{'matches':>8} {'recall':>7} {'extra':>6}")
    for r in rows:
        print(f"[{label}] {r['query']:<24} {r['ids']:7.2f} {r['hits']:8.2f} {r['ids_cpu']:8.2f} "
              f"{r['hits_cpu']:9.2f} {r['matches']:8,} {r['recall']:7.4f} {r['extra']:6}")

    def p95(values: list[float]) -> float:
        values = sorted(values)
        return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]

    print(f"[{label}] {len(rows)} queries, top {LIMIT}, median of {REPEATS} runs each "
          f"(load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):")
    for key, name in (("ids", "ranked ids, wall"), ("hits", "hits + snippets, wall"),
                      ("ids_cpu", "ranked ids, CPU"), ("hits_cpu", "hits + snippets, CPU")):
        values = [r[key] for r in rows]
        print(f"[{label}]   {name:<22} median {statistics.median(values):6.2f} ms, "
              f"p95 {p95(values):6.2f} ms, max {max(values):6.2f} ms")
    recalls = [r["recall"] for r in rows]
    print(f"[{label}]   recall vs exact substring: mean {statistics.mean(recalls):.4f}, "
          f"min {min(recalls):.4f}; false positives {sum(r['extra'] for r in rows)}")


def _postgres_url() -> str | None:
    url = os.environ.get("BENCH_SEARCH_PARENT_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _run_postgres(url: str) -> None:
    import dj_database_url
    import psycopg

    settings = dj_database_url.parse(url)
    scratch = f"{settings['NAME'] or 'ruamkan'}_bench_search"
    admin = psycopg.connect(
        host=settings["HOST"] or None, port=settings["PORT"] or None, user=settings["USER"] or None,
        password=settings["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    base = url.rsplit("/", 1)[0]
    try:
        env = {**os.environ, "BENCH_SEARCH_CHILD": f"{base}/{scratch}",
               "PYTHONPATH": str(REPO)}
        subprocess.run([sys.executable, __file__], env=env, check=True, cwd=REPO)
    finally:
        with psycopg.connect(
            host=settings["HOST"] or None, port=settings["PORT"] or None,
            user=settings["USER"] or None, password=settings["PASSWORD"] or None,
            dbname="postgres", autocommit=True,
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')


def main() -> None:
    child = os.environ.get("BENCH_SEARCH_CHILD")
    with tempfile.TemporaryDirectory(prefix="ruamkan-bench-search-") as tmp:
        if child:
            _run(child, tmp, "postgresql")
            return
        postgres = _postgres_url()
        _run(f"sqlite:///{tmp}/search.sqlite3", tmp, "sqlite")
    if postgres:
        try:
            _run_postgres(postgres)
        except Exception as exc:  # noqa: BLE001 - optional part; say why it was skipped
            print(f"[postgresql] skipped: {exc}")
    else:
        print("[postgresql] skipped: DATABASE_URL is not a PostgreSQL URL")


if __name__ == "__main__":
    main()

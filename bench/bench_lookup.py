"""Area lookup: build time of the STRtree index, lookups per second through `locate` (pure) and
through the `area_lookup` selector (with the database), and hit rates.

Uses the shared national subdistrict file (../shared/data/areas/, 7,425 polygons) when present,
else the Narathiwat demo file shipped with the app. The selector runs on a throw-away SQLite
database holding only the areas tables.

Run: .venv/bin/python bench/bench_lookup.py  (about a minute)
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data" / "areas"
DEMO = REPO / "ruamkan" / "areas" / "data"
POINTS = 100_000
DB_POINTS = 2_000
SEED = 2569


def _sources() -> tuple[Path, Path | None, str]:
    adm3 = SHARED / "mapthai_hdx2019_adm3_simplified.geojson"
    lgs = SHARED / "local_governments_2022.csv"
    if adm3.exists():
        return adm3, lgs if lgs.exists() else None, "shared national file"
    return DEMO / "narathiwat_subdistricts.geojson", None, "Narathiwat demo file"


def _interior_points(polygons: list, codes: list[str], n: int, rng: random.Random):
    """n points uniformly inside randomly chosen polygons (each polygon equally likely)."""
    import numpy as np
    import shapely

    lats, lons, truth = [], [], []
    np_rng = np.random.default_rng(rng.randrange(2**32))
    while len(truth) < n:
        i = rng.randrange(len(polygons))
        minx, miny, maxx, maxy = polygons[i].bounds
        xs = np_rng.uniform(minx, maxx, 16)
        ys = np_rng.uniform(miny, maxy, 16)
        inside = shapely.contains_xy(polygons[i], xs, ys)
        if inside.any():
            k = int(np.argmax(inside))
            lons.append(float(xs[k]))
            lats.append(float(ys[k]))
            truth.append(codes[i])
    return lats, lons, truth


def main() -> None:
    import shapely
    from shapely.geometry import shape

    sys.path.insert(0, str(REPO))
    from ruamkan.areas.lib.boundaries import read_features
    from ruamkan.areas.lib.lookup import THAILAND_BBOX, PointIndex

    adm3, lg_csv, label = _sources()
    print(f"boundaries: {adm3.name} ({label})")
    started = time.perf_counter()
    features = read_features(adm3, "subdistrict")
    print(f"read and converted to WKB: {len(features)} polygons in "
          f"{time.perf_counter() - started:.2f} s")

    pairs = [(f.code, f.wkb) for f in features]
    started = time.perf_counter()
    index = PointIndex(pairs)
    build = time.perf_counter() - started
    print(f"index build (from WKB, prepared, STRtree): {build * 1000:.1f} ms")

    data = json.loads(adm3.read_text(encoding="utf-8"))
    polygons = [shape(f["geometry"]) for f in data["features"]]
    codes = [f["properties"]["adm3_pcode"][2:] for f in data["features"]]
    rng = random.Random(SEED)
    lats, lons, truth = _interior_points(polygons, codes, POINTS, rng)

    started = time.perf_counter()
    found = [index.locate(lat, lon) for lat, lon in zip(lats, lons, strict=True)]
    elapsed = time.perf_counter() - started
    hits = sum(1 for a, b in zip(found, truth, strict=True) if a == b)
    print(f"locate, one call per point: {POINTS:,} points in {elapsed:.2f} s = "
          f"{POINTS / elapsed:,.0f} lookups/s ({elapsed / POINTS * 1e6:.1f} µs each)")
    print(f"  hit rate (own polygon): {hits / POINTS:.4%}; no polygon: "
          f"{sum(1 for a in found if a is None)}")
    started = time.perf_counter()
    many = index.locate_many(lats, lons)
    elapsed = time.perf_counter() - started
    print(f"locate_many, vectorised: {POINTS / elapsed:,.0f} lookups/s; agrees with locate: "
          f"{sum(1 for a, b in zip(many, found, strict=True) if a == b) / POINTS:.4%}")

    min_lon, min_lat, max_lon, max_lat = THAILAND_BBOX
    box_lats = [rng.uniform(min_lat, max_lat) for _ in range(POINTS)]
    box_lons = [rng.uniform(min_lon, max_lon) for _ in range(POINTS)]
    inside = sum(1 for c in index.locate_many(box_lats, box_lons) if c is not None)
    area = shapely.area(shapely.union_all(polygons)) if len(polygons) < 200 else None
    print(f"uniform points in Thailand's bbox that fall in a polygon: {inside / POINTS:.2%}"
          + (f" (polygons' area {area:.3f} deg²)" if area else ""))

    _bench_selector(adm3, lg_csv, lats, lons, truth)


def _bench_selector(adm3: Path, lg_csv: Path | None, lats, lons, truth) -> None:
    tmp = tempfile.mkdtemp(prefix="ruamkan-bench-lookup-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["RUAMKAN_VAR_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from ruamkan.areas import demo, selectors, services
    from ruamkan.areas.lib import lg_rows

    call_command("migrate", "areas", verbosity=0)
    started = time.perf_counter()
    report = services.areas_load()
    print(f"\nload_areas: {report.subdistricts} subdistricts in {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    if lg_csv is not None:
        _header, rows = lg_rows.read_csv(lg_csv)
    else:
        rows = lg_rows.read_json(demo.LOCAL_GOVERNMENTS)
    imported = services.local_governments_import(rows=rows)
    print(f"local governments: {imported.total} in {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    services.boundaries_import(path=adm3, level="subdistrict")
    print(f"import_boundaries: {time.perf_counter() - started:.2f} s")

    started = time.perf_counter()
    selectors.area_lookup(lat=lats[0], lon=lons[0])
    print(f"first area_lookup (builds the per-process index): "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")
    n = min(DB_POINTS, len(truth))
    candidates = 0
    answers: list[str | None] = []
    started = time.perf_counter()
    for lat, lon in zip(lats[:n], lons[:n], strict=True):
        try:
            result = selectors.area_lookup(lat=lat, lon=lon)
        except selectors.AreaLookupError:
            answers.append(None)
            continue
        candidates += len(result.candidates)
        answers.append(result.subdistrict.code)
    elapsed = time.perf_counter() - started
    # An abolished polygon code (3 in the HDX 2019 file) counts as hit when a successor is found.
    hits = sum(
        1 for code, answer in zip(truth[:n], answers, strict=True)
        if answer is not None and answer in {s.code for s in selectors.subdistrict_resolve(code)}
    )
    print(f"area_lookup with the database: {n:,} points in {elapsed:.2f} s = "
          f"{n / elapsed:,.0f} lookups/s ({elapsed / n * 1000:.2f} ms each)")
    print(f"  hit rate (own subdistrict or its successor): {hits / n:.2%}; "
          f"candidates per point: {candidates / n:.2f}")


if __name__ == "__main__":
    main()

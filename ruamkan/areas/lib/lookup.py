"""Point-in-polygon lookup over area boundaries (pure: shapely 2, no ORM).

Build a `PointIndex` once per process from (code, WKB) pairs; `locate(lat, lon)` then answers in
microseconds from an STRtree of prepared polygons.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import shapely

# Thailand's extent (WGS 84), padded by about 0.1° so that offshore islands and simplified
# coastlines still count. Anything outside is not Thailand without looking at polygons.
THAILAND_BBOX = (97.2, 5.5, 105.75, 20.55)  # min_lon, min_lat, max_lon, max_lat


def in_thailand_bbox(lat: float, lon: float) -> bool:
    min_lon, min_lat, max_lon, max_lat = THAILAND_BBOX
    return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon


class PointIndex:
    """An STRtree over area polygons, answering "which area holds this point?"."""

    def __init__(self, items: Iterable[tuple[str, bytes]]) -> None:
        pairs = list(items)
        self.codes: list[str] = [code for code, _wkb in pairs]
        self.geometries = np.asarray(shapely.from_wkb([bytes(wkb) for _code, wkb in pairs]))
        shapely.prepare(self.geometries)
        self.tree = shapely.STRtree(self.geometries)

    def __len__(self) -> int:
        return len(self.codes)

    def _pick(self, point: shapely.Point, hits: Sequence[int]) -> str:
        if len(hits) == 1:
            return self.codes[hits[0]]
        # Simplified neighbours can overlap along a border, and a point on a shared edge touches
        # both: take the polygon the point lies deepest inside, then the lowest code, so the
        # answer never depends on the order the file happened to list them.
        depth = shapely.distance(point, shapely.boundary(self.geometries[list(hits)]))
        best = max(zip(depth, hits, strict=True), key=lambda pair: (pair[0], -int(pair[1])))
        return self.codes[int(best[1])]

    def locate(self, lat: float, lon: float) -> str | None:
        """The code of the area containing the point, or None if no polygon holds it."""
        point = shapely.Point(lon, lat)
        hits = self.tree.query(point, predicate="intersects")
        if len(hits) == 0:
            return None
        return self._pick(point, sorted(int(h) for h in hits))

    def locate_many(self, lats: Sequence[float], lons: Sequence[float]) -> list[str | None]:
        """`locate` for many points in one vectorised tree query."""
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        found: list[str | None] = [None] * len(points)
        point_idx, geom_idx = self.tree.query(points, predicate="intersects")
        grouped: dict[int, list[int]] = {}
        for p, g in zip(point_idx.tolist(), geom_idx.tolist(), strict=True):
            grouped.setdefault(p, []).append(g)
        for p, hits in grouped.items():
            found[p] = self._pick(points[p], sorted(hits))
        return found

"""The pure point index, on hand-made squares."""

import shapely
from shapely.geometry import box

from ruamkan.areas.lib.lookup import PointIndex, in_thailand_bbox


def _index():
    # Two unit squares side by side and one far away; they share the edge x = 101.
    return PointIndex([
        ("960101", shapely.to_wkb(box(100, 6, 101, 7))),
        ("960102", shapely.to_wkb(box(101, 6, 102, 7))),
        ("500101", shapely.to_wkb(box(98, 18, 99, 19))),
    ])


def test_locate_finds_the_square_holding_the_point():
    index = _index()
    assert index.locate(6.5, 100.5) == "960101"
    assert index.locate(6.5, 101.5) == "960102"
    assert index.locate(18.5, 98.5) == "500101"
    assert len(index) == 3


def test_locate_returns_none_outside_every_polygon():
    assert _index().locate(10.0, 100.0) is None


def test_a_point_on_a_shared_edge_gets_one_stable_answer():
    index = _index()
    answers = {index.locate(6.5, 101.0) for _ in range(5)}
    assert answers == {"960101"}  # equal depth: the lowest code


def test_overlapping_polygons_pick_the_one_the_point_is_deepest_in():
    index = PointIndex([
        ("960101", shapely.to_wkb(box(100, 6, 101.2, 7))),  # overlaps its neighbour by 0.2°
        ("960102", shapely.to_wkb(box(101, 6, 102, 7))),
    ])
    assert index.locate(6.5, 101.15) == "960102"  # 0.05° inside the first, 0.15° inside the second
    assert index.locate(6.5, 101.05) == "960101"


def test_locate_many_agrees_with_locate():
    index = _index()
    lats = [6.5, 6.5, 18.5, 10.0, 6.2]
    lons = [100.5, 101.5, 98.5, 100.0, 101.0]
    assert index.locate_many(lats, lons) == [index.locate(a, b) for a, b in zip(lats, lons, strict=True)]


def test_thailand_bbox():
    assert in_thailand_bbox(13.75, 100.5)  # Bangkok
    assert in_thailand_bbox(5.7, 101.8)  # the southern tip, Betong / Sukhirin
    assert not in_thailand_bbox(1.35, 103.82)  # Singapore
    assert not in_thailand_bbox(21.03, 105.85)  # Hanoi

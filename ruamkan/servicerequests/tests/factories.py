import io

import shapely
from PIL import Image

from ruamkan.areas.models import Boundary, BoundarySet
from ruamkan.servicerequests.models import ServiceCategory


def square(lat0: float, lon0: float, size: float = 0.02) -> shapely.Polygon:
    return shapely.box(lon0, lat0, lon0 + size, lat0 + size)


def boundary_set(polygons: dict[str, shapely.Polygon]) -> BoundarySet:
    BoundarySet.objects.filter(level="subdistrict", is_current=True).update(is_current=False)
    bset = BoundarySet.objects.create(level="subdistrict", name="test", is_current=True)
    for code, polygon in polygons.items():
        min_lon, min_lat, max_lon, max_lat = polygon.bounds
        Boundary.objects.create(boundary_set=bset, code=code, geometry_wkb=shapely.to_wkb(polygon),
                                min_lon=min_lon, min_lat=min_lat, max_lon=max_lon, max_lat=max_lat)
    try:
        from ruamkan.areas.selectors import lookup_cache_clear
    except ImportError:
        pass
    else:
        lookup_cache_clear()
    return bset


def category(body, topic, name, code=None, **extra) -> ServiceCategory:
    return ServiceCategory.objects.create(
        local_government=body, topic=topic, name_th=name, code=code or f"{body.code.lower()}-{topic}",
        **extra,
    )


def jpeg(*, gps: bool = True, size=(1200, 900), color=(200, 30, 30)) -> bytes:
    img = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    if gps:
        exif[0x8825] = {1: "N", 2: (6.0, 25.0, 30.0), 3: "E", 4: (101.0, 49.0, 12.0)}
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ruamkan.core.images import reencode_image


def _jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (3000, 2000), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (6.0, 25.0, 30.0), 3: "E", 4: (101.0, 49.0, 12.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_reencode_strips_gps_and_resizes(settings):
    raw = _jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the input has GPS
    clean = reencode_image(SimpleUploadedFile("photo.jpg", raw, content_type="image/jpeg"))
    with Image.open(io.BytesIO(clean.read())) as img:
        assert max(img.size) == settings.RUAMKAN_MAX_IMAGE_SIDE
        exif = img.getexif()
        assert not exif.get_ifd(0x8825)
        assert 0x010F not in exif
    assert clean.name.endswith(".jpg") and "photo" not in clean.name


@pytest.mark.parametrize(
    "payload",
    [b"<svg onload=alert(1)></svg>", b"%PDF-1.4 not an image", b"\xff\xd8\xff\xe0broken jpeg"],
)
def test_unreadable_files_are_refused_never_stored(payload):
    with pytest.raises(ValidationError):
        reencode_image(SimpleUploadedFile("x.jpg", payload))


def test_oversize_is_refused(settings):
    settings.RUAMKAN_MAX_IMAGE_BYTES = 1000
    with pytest.raises(ValidationError) as exc:
        reencode_image(SimpleUploadedFile("big.jpg", _jpeg_with_gps()))
    assert exc.value.code == "too_large"

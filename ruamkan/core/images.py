"""Every uploaded image is decoded, re-encoded and resized; metadata (EXIF, GPS, XMP) never
survives. If Pillow cannot re-encode a file it is refused: we never store the raw upload
(FixMyStreet stored the original when re-encoding failed; security.md)."""

from __future__ import annotations

import io
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
MAX_PIXELS = 40_000_000


def reencode_image(upload, *, max_side: int | None = None) -> ContentFile:
    """Returns a clean JPEG under a random name, or raises ValidationError with a Thai message."""
    max_side = max_side or settings.RUAMKAN_MAX_IMAGE_SIDE
    size = getattr(upload, "size", None)
    if size is not None and size > settings.RUAMKAN_MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is too large (at most %(mb)d MB).")
            % {"mb": settings.RUAMKAN_MAX_IMAGE_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        upload.seek(0)
        data = upload.read()
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError(_("Only photos (JPEG, PNG, WebP, GIF) can be uploaded."),
                                      code="format")
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The image has too many pixels."), code="pixels")
            probe.verify()
        with Image.open(io.BytesIO(data)) as opened:
            upright = ImageOps.exif_transpose(opened)  # keep the orientation, then drop EXIF
            rgb = upright.convert("RGB")
            rgb.thumbnail((max_side, max_side))
            out = io.BytesIO()
            # No exif= argument: Pillow writes no metadata, so GPS is gone.
            rgb.save(out, format="JPEG", quality=82, optimize=True, progressive=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError,
            SyntaxError) as exc:
        raise ValidationError(_("This file is not an image we can read."), code="invalid") from exc
    return ContentFile(out.getvalue(), name=f"{secrets.token_hex(12)}.jpg")

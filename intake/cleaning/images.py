"""Photos and screenshots: decoded and re-encoded from pixel data only.

The new file carries nothing from the original but its pixels (no EXIF, GPS, camera serial, XMP,
IPTC, ICC profile, comments or PNG text chunks). Decoding is bounded by :data:`MAX_IMAGE_PIXELS`,
checked from the header before any pixel is decoded; a larger JPEG is decoded at a half, quarter
or eighth of its size instead (libjpeg does that cheaply), anything else that large is refused.
A JPEG's time is bounded by its number of scans (:data:`MAX_JPEG_SCANS`): libjpeg goes over the
whole picture once per scan, so a small file of thousands of empty scans would take minutes.
HEIC photos, the default on iPhones, are converted to JPEG the same way.

Never change process-wide Pillow settings (``Image.MAX_IMAGE_PIXELS``, registered openers).
"""

from __future__ import annotations

import io
import warnings

import pillow_heif
from PIL import Image, ImageOps

from intake.cleaning import AttachmentRejected

# 25 million pixels takes a 24 MP phone photo (5712×4284) at full size: about 75 MB decoded.
MAX_IMAGE_PIXELS = 25_000_000
# A JPEG is decoded at down to an eighth of its width and height, so up to 64 times the limit.
MAX_JPEG_PIXELS = MAX_IMAGE_PIXELS * 64
# Cameras write one scan, progressive encoders about ten; each scan is a pass over the picture.
MAX_JPEG_SCANS = 50
_LABELS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "heic": "HEIC"}
_ORIENTATION = 0x0112


def too_big_image(shown: str) -> AttachmentRejected:
    return AttachmentRejected(
        f"‘{shown}’ is too large an image to process. Upload a smaller version "
        "or a screenshot of it."
    )


def _unreadable_image(shown: str, kind: str) -> AttachmentRejected:
    return AttachmentRejected(
        f"‘{shown}’ looks like a {_LABELS[kind]} image but is damaged or incomplete, so "
        "Candour cannot read it. Check the file opens on your device and try again."
    )


def clean_image(shown: str, data: bytes, kind: str) -> bytes:
    """Re-encode a JPEG, PNG or GIF (as the same kind) or a HEIC photo (as JPEG) from its
    pixels. A GIF keeps its first frame only: its comments and application blocks (XMP, with an
    editor's document ids and sometimes a name) are in the file, not the pixels."""
    try:
        with warnings.catch_warnings():
            # Pillow only *warns* between its own limit and twice it; make that fatal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            if kind == "heic":
                return _reencode(_open_heic(shown, data), "jpeg")
            with Image.open(io.BytesIO(data), formats=[_LABELS[kind]]) as original:
                _limit_pixels(shown, original, kind, data)
                original.load()
                return _reencode(original, kind)
    except AttachmentRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big_image(shown) from None
    except Exception:
        # Any decoder failure on untrusted input (truncated data, bad chunks, broken
        # headers, oversized text chunks...) means we cannot produce a clean copy.
        raise _unreadable_image(shown, kind) from None


def _limit_pixels(shown: str, image: Image.Image, kind: str, data: bytes) -> None:
    """Refuse, or for JPEG scale down the decoding of, an image over the pixel limit; refuse a
    JPEG of more scans than ``MAX_JPEG_SCANS``.

    Checked from the header before any pixel data is decoded, with our own limit, so we never
    depend on or alter the process-wide ``Image.MAX_IMAGE_PIXELS``.
    """
    scans = jpeg_scans(data) if kind == "jpeg" else []
    if len(scans) > MAX_JPEG_SCANS:
        raise too_big_image(shown)
    width, height = image.size
    if width * height <= MAX_IMAGE_PIXELS:
        return
    # Scaled decoding saves memory only for a JPEG of one scan holding every colour: libjpeg
    # first gathers any other (progressive, or a scan per colour) whole, at full size.
    one_scan = scans == [len(image.getbands())] and not image.info.get("progressive")
    if kind != "jpeg" or not one_scan or width * height > MAX_JPEG_PIXELS:
        raise too_big_image(shown)
    scale = 2
    while (width // scale) * (height // scale) > MAX_IMAGE_PIXELS:
        scale *= 2
    image.draft(image.mode, (width // scale, height // scale))


_SOS, _EOI, _TEM = 0xDA, 0xD9, 0x01  # TEM stands alone, with no length


def jpeg_scans(data: bytes) -> list[int]:
    """How many colour components each scan of a JPEG holds, read from its own markers (never
    from inside another segment: an EXIF thumbnail is a JPEG of its own). Each marker is found
    as libjpeg finds it (``_next_marker``): stopping at bytes that are no marker would leave
    uncounted the scans libjpeg reads on to and decodes."""
    scans: list[int] = []
    position = 2  # after the start-of-image marker
    while (position := _next_marker(data, position)) + 4 < len(data):
        marker = data[position + 1]
        if marker == _EOI:
            break
        if marker == _TEM:
            position += 2
        else:
            length = int.from_bytes(data[position + 2 : position + 4], "big")
            if marker == _SOS:
                scans.append(data[position + 4])
            position += 2 + length
    return scans


def _next_marker(data: bytes, position: int) -> int:
    """Where the next marker is, from ``position``, as libjpeg looks for one: past any bytes
    that are not 0xFF (a scan's coded data, or stray bytes, which libjpeg only warns of), fill
    bytes (FF FF), escaped 0xFF bytes (FF 00) and restart markers; ``len(data)`` if none."""
    while (position := data.find(b"\xff", position)) != -1 and position + 1 < len(data):
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            position += 2
        elif following == 0xFF:
            position += 1
        else:
            return position
    return len(data)


def _open_heic(shown: str, data: bytes) -> Image.Image:
    heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
    width, height = heif.size
    if width * height > MAX_IMAGE_PIXELS:
        raise too_big_image(shown)
    # libheif applies the photo's rotation and mirroring while decoding.
    return Image.frombytes(heif.mode, heif.size, bytes(heif.data), "raw", heif.mode, heif.stride)


def _reencode(original: Image.Image, kind: str) -> bytes:
    image = _upright(original)
    target_mode = _target_mode(image, kind)
    pixels = image if image.mode == target_mode else image.convert(target_mode)
    # A brand-new image carries nothing from the original except pixels: Pillow's
    # encoders otherwise pick up icc_profile, comments, etc. from ``.info``.
    clean = Image.new(target_mode, pixels.size)
    clean.paste(pixels, (0, 0))
    del image, pixels  # free the decoded copies before encoding

    out = io.BytesIO()
    if kind == "jpeg":
        clean.save(out, format="JPEG", quality=90)
    elif kind == "gif":
        clean.save(out, format="GIF")
    else:
        # No optimize=True: it tries every filter on every row, seconds for a large image.
        clean.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def _upright(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation to the pixels; only copy the image when it must turn."""
    try:
        if image.getexif().get(_ORIENTATION, 1) in (1, None):
            return image
        return ImageOps.exif_transpose(image)
    except Exception:
        # Malformed EXIF should not block the evidence; keep the stored orientation.
        return image


def _target_mode(image: Image.Image, kind: str) -> str:
    if kind == "gif":
        return "RGBA" if image.mode in {"RGBA", "PA"} or "transparency" in image.info else "RGB"
    if kind == "jpeg":
        return "L" if image.mode in {"1", "L"} else "RGB"
    if image.mode in {"1", "L", "LA", "RGB", "RGBA", "I;16"}:
        return image.mode
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    return "RGBA" if has_alpha else "RGB"

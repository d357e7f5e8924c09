"""What cleaning one hostile or large evidence file costs: CPU seconds and peak memory.

Each file is cleaned in a fresh child process, so the peak resident size is that file's alone
(for PDFs, the larger of that process and the drawing child it starts); CPU includes both.

    .venv/bin/python -m benchmarks.clean_cost
"""

from __future__ import annotations

import io
import resource
import struct
import sys
import zlib
from multiprocessing import get_context

from PIL import Image
from pypdf import PdfWriter


def flat_png(width: int, height: int) -> bytes:
    """An RGB PNG of one colour: about 116 KB on the wire at 6300×6300."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = b"\x00" + b"\x80\x40\x20" * width
    packer = zlib.compressobj(9)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    signature = b"\x89PNG\r\n\x1a\n"
    return signature + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def photo_jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((width, height), 60).convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


def text_pdf(pages: int) -> bytes:
    """A PDF of A4 pages of text, the common case for a statement or a letter."""
    from tests.fixtures.hostile.make import _page_with_text, _write

    writer = PdfWriter()
    for number in range(pages):
        page = _page_with_text(writer, f"Page {number + 1} of the statement")
        page.mediabox.upper_right = (595, 842)
    return _write(writer)


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _measure(name: str, data: bytes) -> None:
    from intake.attachments import AttachmentRejected, clean_upload

    start_cpu = _cpu_seconds()
    try:
        cleaned = clean_upload(name, data, max_bytes=50 * 1024 * 1024)
        outcome = f"cleaned, {len(cleaned.data) // 1024} KB"
    except AttachmentRejected as rejected:
        outcome = "refused: " + rejected.message[:60]
    cpu = _cpu_seconds() - start_cpu
    peak_mb = max(
        resource.getrusage(who).ru_maxrss / 1024
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    size = len(data) // 1024
    print(f"{name:22} {size:>6} KB  cpu {cpu:5.2f} s  peak {peak_mb:5.0f} MB  {outcome}")


def main() -> None:
    cases = [
        ("flat-6300x6300.png", flat_png(6300, 6300)),
        ("flat-5000x5000.png", flat_png(5000, 5000)),
        ("flat-4000x3000.png", flat_png(4000, 3000)),
        ("photo-4000x3000.jpg", photo_jpeg(4000, 3000)),
        ("statement-10-pages.pdf", text_pdf(10)),
        ("statement-50-pages.pdf", text_pdf(50)),
    ]
    context = get_context("spawn")
    for name, data in cases:
        child = context.Process(target=_measure, args=(name, data))
        child.start()
        child.join()
    sys.stdout.flush()


if __name__ == "__main__":
    main()

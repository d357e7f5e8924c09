"""PDF documents: every page rasterised and rebuilt as a PDF of page images.

A PDF can hide identifying or harmful things in many places: the document information
dictionary and XMP, photos with their EXIF and GPS, embedded files, JavaScript on open or on a
page (/OpenAction, /AA), links that tell a web server when the file is opened, form data,
annotation authors, incremental-update history. Pruning them one dictionary key at a time always
misses one, so instead each page is drawn to pixels by PDFium (Chromium's PDF engine, through
pypdfium2, which runs no document JavaScript), and a new PDF is made of those pictures alone. The
text stops being selectable; everything the reader could see is kept.

The work is bounded: at most :data:`MAX_PAGES` pages, at most :data:`MAX_PAGE_PIXELS` per page,
and :data:`MAX_SECONDS` in all. Drawing runs in a child process (``python -m
intake.cleaning.pdf``, see :mod:`intake.cleaning.child`) with CPU and memory limits, fed through
pipes (the name and the file on standard input, never on the command line or on disk), and killed
if it overruns: one page built to take minutes to draw, or a PDFium fault, costs that child and
nothing else. Only one page's pixels are held at a time; the finished pages are kept as JPEG.
"""

from __future__ import annotations

import io
import math
import time

import pypdfium2 as pdfium
from PIL import Image
from pypdf import PdfReader, PdfWriter

from intake.cleaning import AttachmentRejected
from intake.cleaning.child import clean_in_child, serve

MAX_PAGES = 50
RENDER_DPI = 150
# An A4 page at 150 dpi is 2.2 million pixels; larger pages are drawn at a lower resolution.
MAX_PAGE_PIXELS = 4_000_000
MAX_SECONDS = 30.0
JPEG_QUALITY = 85
# Starting the child Python and importing PDFium, on top of MAX_SECONDS of drawing.
STARTUP_SECONDS = 10.0
CHILD_MEMORY_BYTES = 2 * 1024 * 1024 * 1024


def _too_slow(shown: str) -> AttachmentRejected:
    return AttachmentRejected(
        f"‘{shown}’ took too long to check. Upload a simpler copy, for "
        "example saved with ‘Print to PDF’, or fewer pages at a time."
    )


def _unreadable(shown: str) -> AttachmentRejected:
    return AttachmentRejected(
        f"‘{shown}’ looks like a PDF but is damaged or uses features Candour cannot read. "
        "Try saving it again (for example with ‘Print to PDF’) and upload the copy."
    )


def clean_pdf(shown: str, data: bytes) -> bytes:
    """Return a new PDF holding only pictures of the pages of ``data``, drawn in a child."""
    drawn = clean_in_child(
        "intake.cleaning.pdf",
        shown,
        data,
        seconds=MAX_SECONDS,
        startup_seconds=STARTUP_SECONDS,
        too_slow=_too_slow(shown),
        unreadable=_unreadable(shown),
    )
    if not drawn.startswith(b"%PDF-"):
        raise _unreadable(shown)
    return drawn


def _draw(shown: str, data: bytes, max_seconds: float) -> bytes:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise AttachmentRejected(
                f"‘{shown}’ is a password-protected or encrypted PDF, which Candour cannot "
                "check. Save an unprotected copy (for example with ‘Print to PDF’) "
                "and upload that."
            ) from None
        raise _unreadable(shown) from None
    try:
        return _rebuild(shown, document, max_seconds)
    except AttachmentRejected:
        raise
    except Exception:
        raise _unreadable(shown) from None
    finally:
        document.close()


def _rebuild(shown: str, document: pdfium.PdfDocument, max_seconds: float) -> bytes:
    pages = len(document)
    if pages == 0:
        raise _unreadable(shown)
    if pages > MAX_PAGES:
        raise AttachmentRejected(
            f"‘{shown}’ has {pages} pages. A PDF can have up to {MAX_PAGES} pages. "
            "Split it into smaller files, or upload only the pages that matter."
        )
    deadline = time.monotonic() + max_seconds
    output = pdfium.PdfDocument.new()
    try:
        document.init_forms()  # draw filled-in form fields as the reader sees them
        for index in range(pages):
            if time.monotonic() > deadline:
                raise _too_slow(shown)
            _copy_page_as_picture(document, index, output)
        buffer = io.BytesIO()
        output.save(buffer)
    finally:
        output.close()
    return _without_document_info(buffer.getvalue())


def _copy_page_as_picture(
    document: pdfium.PdfDocument, index: int, output: pdfium.PdfDocument
) -> None:
    page = document[index]
    try:
        width, height = page.get_size()  # points, after the page's /Rotate
        scale = RENDER_DPI / 72
        if width * height * scale * scale > MAX_PAGE_PIXELS:
            scale = math.sqrt(MAX_PAGE_PIXELS / (width * height))
        bitmap = page.render(scale=scale, draw_annots=True, may_draw_forms=True)
        picture: Image.Image = bitmap.to_pil().convert("RGB")
    finally:
        page.close()
    jpeg = io.BytesIO()
    picture.save(jpeg, format="JPEG", quality=JPEG_QUALITY)
    del picture, bitmap

    new_page = output.new_page(width, height)
    image = pdfium.PdfImage.new(output)
    jpeg.seek(0)
    image.load_jpeg(jpeg, inline=True)
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    new_page.insert_obj(image)
    new_page.gen_content()
    new_page.close()


def _without_document_info(data: bytes) -> bytes:
    """PDFium stamps new documents with the creation time: drop the whole /Info dictionary."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.metadata = None
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main() -> None:
    """The child: the name and the PDF on stdin; the clean PDF, or a refusal, on stdout."""
    serve(_draw, CHILD_MEMORY_BYTES)


if __name__ == "__main__":
    main()

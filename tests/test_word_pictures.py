"""Pictures inside a Word document: a GIF is re-encoded like a photo, an SVG drawing or a
Windows metafile (EMF, WMF) is refused, pictures are counted by what they are rather than what
their parts are called, and reading a part as XML counts towards the time limit."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image

from intake.attachments import AttachmentRejected, clean_upload
from intake.cleaning import docx_checks, docx_pictures
from tests.fixtures.evidence import word_document

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'width="10" height="10"><metadata><dc:creator>CANARYARTIST</dc:creator></metadata>'
    '<rect width="10" height="10"/></svg>'
)


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def gif_with_comment() -> bytes:
    picture = Image.new("P", (16, 8))
    picture.putpalette([200, 30, 30, 30, 200, 30] * 128)
    out = io.BytesIO()
    picture.save(out, "GIF", comment=b"CANARYCOMMENT drawn by Jane Smith")
    assert b"CANARY" in out.getvalue()
    return out.getvalue()


@pytest.mark.parametrize("part", ["word/media/image2.gif", "word/media/image2.bin"])
def test_a_gif_in_a_word_document_keeps_its_picture_and_loses_its_comment(part: str) -> None:
    cleaned = clean_upload("statement.docx", word_document(**{part: gif_with_comment()}))
    picture = parts_of(cleaned.data)[part]
    assert b"CANARY" not in picture
    with Image.open(io.BytesIO(picture)) as back:
        assert (back.format, back.size) == ("GIF", (16, 8))
        assert "comment" not in back.info


@pytest.mark.parametrize("part", ["word/media/image3.svg", "word/media/image3.bin"])
def test_a_word_document_holding_an_svg_drawing_is_refused(part: str) -> None:
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("statement.docx", word_document(**{part: SVG}))
    assert refused.value.message == (
        "‘statement.docx’ holds a drawing (SVG) Candour cannot remove hidden details from, "
        "such as the name of whoever drew it. Save it as PDF and upload that."
    )


def test_text_quoting_the_svg_address_is_not_taken_for_a_drawing() -> None:
    document = word_document(
        **{
            "word/footer1.xml": (
                '<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                "<w:p><w:r><w:t>see http://www.w3.org/2000/svg</w:t></w:r></w:p></w:ftr>"
            )
        }
    )
    assert (
        b"2000/svg" in parts_of(clean_upload("statement.docx", document).data)["word/footer1.xml"]
    )


def test_pictures_are_counted_by_content_whatever_their_parts_are_called() -> None:
    pictures = {
        f"word/media/image{n}.bin": b"\x89PNG" for n in range(docx_pictures.MAX_PICTURES + 1)
    }
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("album.docx", word_document(**pictures))
    assert refused.value.message == (
        f"‘album.docx’ has more than {docx_pictures.MAX_PICTURES} pictures. Save it as PDF, "
        "or split it, and upload that instead."
    )


def test_reading_a_huge_part_as_xml_counts_towards_the_time_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A part of millions of tiny elements is given up on once the time is up, not read to the
    end first (before, the limit began only after every part had been read as XML)."""
    monkeypatch.setattr(docx_checks, "MAX_SECONDS", 0.05)
    header = (
        '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + "<w:p/>" * 1_500_000
        + "</w:hdr>"
    )
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("statement.docx", word_document(**{"word/header1.xml": header}))
    assert refused.value.message == (
        "‘statement.docx’ took too long to check. Save it as PDF, or split it, and upload "
        "that instead."
    )


def emf() -> bytes:
    """An EMF whose header describes it as Word's "Paste Special" leaves it: the program, then
    the file the chart came from."""
    description = "Microsoft Excel\0C:\\Users\\jcanary\\CANARY rota.xlsx\0\0".encode("utf-16-le")
    header = (
        b"\x01\x00\x00\x00"
        + (108 + len(description)).to_bytes(4, "little")
        + bytes(32)
        + b" EMF"
        + bytes(4)
        + (len(description) // 2).to_bytes(4, "little")
        + (108).to_bytes(4, "little")
        + bytes(56)
    )
    return header + description


@pytest.mark.parametrize(
    ("part", "body"),
    [
        ("word/media/image4.emf", emf()),
        ("word/media/image4.bin", emf()),
        ("word/media/image4.bin", b"\xd7\xcd\xc6\x9a" + bytes(40)),  # WMF, "placeable"
        ("word/media/image4.bin", b"\x01\x00\x09\x00\x00\x03" + bytes(40)),  # WMF
        ("word/media/image4.wmz", b"\x1f\x8b" + bytes(40)),  # compressed
    ],
    ids=["EMF", "EMF by content", "placeable WMF", "WMF", "WMZ"],
)
def test_a_word_document_holding_a_windows_metafile_is_refused(part: str, body: bytes) -> None:
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("statement.docx", word_document(**{part: body}))
    assert refused.value.message == (
        "‘statement.docx’ holds a drawing (EMF or WMF, such as a chart pasted from another "
        "program) Candour cannot remove hidden details from, such as the name of the file it "
        "came from. Save it as PDF and upload that."
    )

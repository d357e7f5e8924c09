"""A Word document's authors and times are removed however its XML parts are written: in UTF-16
or another encoding Word reads, or with Word's namespace bound to a prefix other than "w"."""

from __future__ import annotations

import io
import zipfile

import pytest

from intake.attachments import AttachmentRejected, clean_upload
from tests.fixtures.evidence import W, word_document

# A tracked change of formatting (made bold), which stays once changes are accepted: only its
# author, initials and time go.
TRACKED_CHANGE = (
    '<w:p><w:r w:rsidR="00CA7A11"><w:rPr><w:b/><w:rPrChange w:id="1" w:author="CANARYREVISER" '
    'w:initials="CR" w:date="2026-11-03T09:41:00Z"><w:rPr/></w:rPrChange></w:rPr>'
    "<w:t>Added later.</w:t></w:r></w:p>"
)


def _document(encoding: str, declared: str, prefix: str = "w") -> bytes:
    body = f'<w:document xmlns:w="{W}"><w:body>{TRACKED_CHANGE}</w:body></w:document>'
    body = body.replace("w:", f"{prefix}:").replace("xmlns:w=", f"xmlns:{prefix}=")
    text = f'<?xml version="1.0" encoding="{declared}" standalone="yes"?>\n{body}'
    return text.encode(encoding)


def _cleaned_document(part: bytes) -> bytes:
    cleaned = clean_upload("statement.docx", word_document(**{"word/document.xml": part}))
    with zipfile.ZipFile(io.BytesIO(cleaned.data)) as archive:
        return archive.read("word/document.xml")


@pytest.mark.parametrize(
    ("encoding", "declared"),
    [
        ("utf-16", "UTF-16"),
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-8-sig", "UTF-8"),
        ("iso-8859-1", "ISO-8859-1"),
    ],
)
def test_a_part_in_another_encoding_is_rewritten_in_utf8_without_its_authors_or_times(
    encoding: str, declared: str
) -> None:
    part = _cleaned_document(_document(encoding, declared))

    assert part.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')
    assert b"Added later." in part
    for trace in (b"CANARY", b"CR", b"2026-11-03", b"00CA7A11"):
        assert trace not in part


def test_a_part_binding_words_namespace_to_another_prefix_loses_its_authors_and_times() -> None:
    part = _cleaned_document(_document("utf-8", "UTF-8", prefix="x"))

    assert b'x:author=""' in part and b"Added later." in part
    for trace in (b"CANARY", b"CR", b"2026-11-03", b"00CA7A11"):
        assert trace not in part


@pytest.mark.parametrize(
    "part",
    [
        _document("cp037", "cp037"),  # EBCDIC: not "<" in any encoding the patterns read
        _document("utf-32", "UTF-32"),  # which the XML parser cannot read
        b'<?xml version="1.0" encoding="no-such-encoding"?><w:document/>',
        b'<?xml version="1.0" encoding="UTF-16"?><w:document/>',  # says UTF-16, is not
        # Python decodes punycode (for domain names, never a document's) in time that grows
        # with the square of its length: 3 s for a part of 300 KB, hours for 20 MB.
        _document("punycode", "punycode"),
        b'<?xml version="1.0" encoding="idna"?><w:document/>',  # its labels are punycode
    ],
    ids=["EBCDIC", "UTF-32", "unknown encoding", "wrongly declared", "punycode", "idna"],
)
def test_a_part_in_an_encoding_candour_cannot_read_is_refused_as_damaged(part: bytes) -> None:
    with pytest.raises(AttachmentRejected) as refused:
        clean_upload("statement.docx", word_document(**{"word/document.xml": part}))
    assert "looks like a Word document but is damaged" in refused.value.message


W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
SETTINGS = (
    f'<w:settings xmlns:w="{W}" xmlns:w14="{W14}"><w:rsids><w:rsidRoot w:val="00CA7A11"/>'
    '<w:rsid w:val="00CA7A11"/></w:rsids><w14:docId w14:val="CA7A11D0"></w14:docId>'
    "</w:settings>"
)


def _cleaned_parts(document: bytes, settings: bytes) -> list[bytes]:
    parts = {"word/document.xml": document, "word/settings.xml": settings}
    cleaned = clean_upload("statement.docx", word_document(**parts))
    with zipfile.ZipFile(io.BytesIO(cleaned.data)) as archive:
        return [archive.read(name) for name in parts]


@pytest.mark.parametrize(
    ("prefix", "equals"),
    [("w-x", "="), ("w.x", "="), ("é", "="), ("w", " = ")],
    ids=["hyphen in the prefix", "dot in the prefix", "letter beyond ASCII", "spaces around ="],
)
def test_authors_times_and_ids_go_however_xml_lets_them_be_written(
    prefix: str, equals: str
) -> None:
    """A prefix may hold any of XML's name characters, and "=" may have spaces around it: Word
    reads them alike, so the patterns must."""

    def written(part: str) -> bytes:
        part = part.replace("w:", f"{prefix}:").replace("xmlns:w=", f"xmlns:{prefix}=")
        part = part.replace("w14:", f"{prefix}14:").replace("xmlns:w14=", f"xmlns:{prefix}14=")
        return part.replace('="', f'{equals}"').encode()

    document = f'<w:document xmlns:w="{W}"><w:body>{TRACKED_CHANGE}</w:body></w:document>'
    for part in _cleaned_parts(written(document), written(SETTINGS)):
        for trace in (b"CANARY", b"CR", b"2026-11-03", b"00CA7A11", b"CA7A11D0"):
            assert trace not in part
    assert b"Added later." in _cleaned_parts(written(document), written(SETTINGS))[0]

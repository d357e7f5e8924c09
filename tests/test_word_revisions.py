"""A Word document's tracked changes are accepted (deleted text goes) and what fields such as
AUTHOR or FILENAME last showed is emptied, in any part, however the part is written."""

from __future__ import annotations

import io
import zipfile

import pytest
from defusedxml import ElementTree

from intake.attachments import clean_upload
from tests.fixtures.evidence import W, word_document

STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def cleaned(part: str, body: str, namespace: str = W, prefix: str = "w") -> bytes:
    root = "hdr" if "header" in part else "document"
    xml = (
        f'<{prefix}:{root} xmlns:{prefix}="{namespace}"><{prefix}:body>{body}'
        f"</{prefix}:body></{prefix}:{root}>"
    ).replace("w:", f"{prefix}:")
    result = clean_upload("statement.docx", word_document(**{part: xml}))
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        text = archive.read(part)
    ElementTree.fromstring(text)  # still well-formed
    return text


def words(text: bytes) -> str:
    """The part's text as Word shows it (its ``t`` elements, not field codes)."""
    shown = ElementTree.fromstring(text).iter()
    return "".join(e.text or "" for e in shown if e.tag.rsplit("}", 1)[-1] == "t")


@pytest.mark.parametrize(("namespace", "prefix"), [(W, "w"), (W, "x"), (STRICT, "w")])
def test_deleted_and_moved_away_text_goes_and_inserted_text_stays_unmarked(
    namespace: str, prefix: str
) -> None:
    body = (
        "<w:p><w:r><w:t>I saw it happen. </w:t></w:r>"
        '<w:del w:id="1" w:author="" w:date="2026-11-03T09:41:00Z"><w:r>'
        "<w:delText>I am PC Jane CANARY, 4521 NE.</w:delText></w:r></w:del>"
        '<w:ins w:id="2" w:author="a > b"><w:r><w:t>Others saw it too.</w:t></w:r></w:ins></w:p>'
        '<w:p><w:pPr><w:rPr><w:del w:id="3" w:author=""/></w:rPr></w:pPr>'
        '<w:moveFrom w:id="4"><w:r><w:t>CANARYMOVED</w:t></w:r></w:moveFrom></w:p>'
        '<w:p><w:moveTo w:id="5"><w:r><w:t>Moved here.</w:t></w:r></w:moveTo></w:p>'
    )
    text = cleaned("word/document.xml", body, namespace, prefix)
    assert b"CANARY" not in text
    assert words(text) == "I saw it happen. Others saw it too.Moved here."
    for mark in (b":del", b":ins", b":moveFrom", b":moveTo"):
        assert mark not in text


def field(code: str, shown: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{code}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{shown}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        (" AUTHOR ", "Jane CANARY"),
        (" USERNAME \\* Upper ", "JANE CANARY"),
        (" FILENAME \\p ", "C:\\Users\\jcanary\\OneDrive - Met\\statement.docx"),
        (' DOCPROPERTY "Company" ', "CANARY Ltd"),
        (" LASTSAVEDBY ", "CANARY"),
    ],
)
def test_what_an_identifying_field_showed_is_emptied_in_a_header(code: str, shown: str) -> None:
    body = f"<w:p><w:r><w:t>Page </w:t></w:r>{field(' PAGE ', '3')} {field(code, shown)}</w:p>"
    text = cleaned("word/header1.xml", body)
    assert b"CANARY" not in text
    assert code.encode() in text  # the field stays: Word fills it in again when updated
    assert words(text) == "Page 3"


def test_a_simple_field_showing_the_author_is_emptied_and_a_page_number_kept() -> None:
    body = (
        '<w:p><w:fldSimple w:instr=" AUTHOR "><w:r><w:t>Jane CANARY</w:t></w:r></w:fldSimple>'
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple></w:p>'
    )
    text = cleaned("word/document.xml", body)
    assert b"CANARY" not in text
    assert words(text) == "7"


def test_a_content_control_bound_to_the_properties_is_emptied_and_a_plain_one_kept() -> None:
    bound = (
        '<w:sdt><w:sdtPr><w:alias w:val="Author"/><w:dataBinding w:xpath="/ns1:coreProperties[1]'
        '/ns0:creator[1]" w:storeItemID="{6C3C8BC8-F283-45AE-878A-BAB7291924A1}"/></w:sdtPr>'
        "<w:sdtContent><w:r><w:t>Jane CANARY</w:t></w:r></w:sdtContent></w:sdt>"
    )
    plain = (
        '<w:sdt><w:sdtPr><w:alias w:val="Date"/></w:sdtPr>'
        "<w:sdtContent><w:r><w:t>On the night shift</w:t></w:r></w:sdtContent></w:sdt>"
    )
    text = cleaned("word/document.xml", f"<w:p>{bound}{plain}</w:p>")
    assert b"CANARY" not in text
    assert words(text) == "On the night shift"


def test_building_blocks_saved_with_the_document_go() -> None:
    glossary = (
        f'<w:glossaryDocument xmlns:w="{W}"><w:docParts><w:docPart><w:docPartBody><w:p><w:r>'
        "<w:t>PC Jane CANARY 4521 NE</w:t></w:r></w:p></w:docPartBody></w:docPart></w:docParts>"
        "</w:glossaryDocument>"
    )
    result = clean_upload(
        "statement.docx", word_document(**{"word/glossary/document.xml": glossary})
    )
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        assert b"CANARY" not in archive.read("word/glossary/document.xml")

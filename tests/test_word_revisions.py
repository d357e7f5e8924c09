"""A Word document's tracked changes are accepted (deleted text goes) and what fields such as
AUTHOR or FILENAME last showed is emptied, in any part, however the part is written."""

from __future__ import annotations

import io
import zipfile

import pytest
from defusedxml import ElementTree

from intake.attachments import AttachmentRejected, clean_upload
from intake.cleaning import docx, docx_revisions
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


def test_a_field_repeating_an_identifying_one_is_emptied_too() -> None:
    """``{ QUOTE { AUTHOR } }`` shows the author as surely as AUTHOR does."""
    nested = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> QUOTE </w:instrText></w:r>'
        f"{field(' AUTHOR ', 'Jane CANARYINNER')}"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>Jane CANARYQUOTE</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    text = cleaned("word/header1.xml", f"<w:p>{nested}{field(' PAGE ', '2')}</w:p>")
    assert b"CANARY" not in text
    assert words(text) == "2"


def test_a_content_control_bound_the_word_2013_way_is_emptied() -> None:
    w15 = "http://schemas.microsoft.com/office/word/2012/wordml"
    body = (
        f'<w:p><w:sdt><w:sdtPr><w15:dataBinding xmlns:w15="{w15}" w:xpath="/ns0:core'
        'Properties[1]/ns1:creator[1]"/></w:sdtPr><w:sdtContent><w:r><w:t>Jane CANARY</w:t>'
        "</w:r></w:sdtContent></w:sdt></w:p>"
    )
    assert b"CANARY" not in cleaned("word/document.xml", body)


def test_a_table_row_deleted_while_tracking_goes_with_its_text() -> None:
    body = (
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Kept row</w:t></w:r></w:p></w:tc></w:tr>"
        '<w:tr><w:trPr><w:del w:id="9" w:author=""/></w:trPr><w:tc><w:p><w:r>'
        "<w:t>CANARY 4521 NE</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>"
    )
    text = cleaned("word/document.xml", body)
    assert b"CANARY" not in text
    assert words(text) == "Kept row"


def test_an_insertion_declaring_a_prefix_it_holds_is_left_marked_not_broken() -> None:
    body = (
        '<w:p><w:ins w:id="1" xmlns:v="urn:example"><w:r><w:t v:note="1">Kept</w:t></w:r>'
        "</w:ins></w:p>"
    )
    assert words(cleaned("word/document.xml", body)) == "Kept"  # and still well-formed


def test_words_namespace_written_with_a_character_reference_is_still_read() -> None:
    body = '<w:p><w:del w:id="1"><w:r><w:delText>CANARY</w:delText></w:r></w:del></w:p>'
    text = cleaned("word/document.xml", body, W.replace("main", "&#109;ain"))
    assert b"CANARY" not in text


def test_a_header_stored_under_another_name_is_cleaned_too() -> None:
    header = (
        f'<w:hdr xmlns:w="{W}"><w:p><w:fldSimple w:instr=" AUTHOR "><w:r><w:t>Jane CANARY'
        "</w:t></w:r></w:fldSimple></w:p></w:hdr>"
    )
    result = clean_upload("statement.docx", word_document(**{"word/header1.bin": header}))
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        assert b"CANARY" not in archive.read("word/header1.bin")


def test_a_part_packed_with_more_revision_marks_than_it_can_hold_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each range to cut is kept until the part is rewritten: past ``MAX_CUTS`` the document
    is refused rather than held in memory (separate marks, so none joins the one before)."""
    monkeypatch.setattr(docx_revisions, "MAX_CUTS", 100)
    body = "<w:p>" + '<w:ins w:id="1"/><w:r><w:t>x</w:t></w:r>' * 101 + "</w:p>"
    with pytest.raises(AttachmentRejected) as refused:
        cleaned("word/document.xml", body)
    assert refused.value.message == (
        "‘statement.docx’ has too many tracked changes or fields to check. Save it as PDF, or "
        "split it, and upload that instead."
    )


def bookmarked(name: str, inside: str, number: int = 7) -> str:
    return (
        f'<w:bookmarkStart w:id="{number}" w:name="{name}"/>{inside}'
        f'<w:bookmarkEnd w:id="{number}"/>'
    )


def test_a_ref_to_a_bookmark_around_an_emptied_field_is_emptied_in_any_part() -> None:
    """``{ REF WriterName }`` repeats what the bookmarked ``AUTHOR`` field showed: in the
    header, by its bare name, cased otherwise, or as a simple field. A page reference to it and
    a reference to a bookmark around plain text stay."""
    body = (
        "<w:p>"
        + bookmarked("WriterName", field(" AUTHOR ", "Jane CANARY"))
        + bookmarked("Place", "<w:r><w:t>Canal Street. </w:t></w:r>", 8)
        + field(" writername \\* Upper ", "JANE CANARYBARE")
        + '<w:fldSimple w:instr=" REF WRITERNAME "><w:r><w:t>CANARYSIMPLE</w:t></w:r></w:fldSimple>'
        + field(" PAGEREF WriterName \\h ", "1")
        + field(" REF Place ", "Canal Street.")
        + "</w:p>"
    )
    header = (
        f'<w:hdr xmlns:w="{W}"><w:p>{field(" REF WriterName ", "Jane CANARYHEADER")}</w:p></w:hdr>'
    )
    document = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    result = clean_upload(
        "statement.docx",
        word_document(**{"word/document.xml": document, "word/header1.xml": header}),
    )
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        text, header_text = archive.read("word/document.xml"), archive.read("word/header1.xml")
    assert b"CANARY" not in text + header_text
    assert words(text) == "Canal Street. 1Canal Street."
    assert b" REF WRITERNAME " in text  # the field stays: Word fills it in again when updated


def test_a_ref_to_a_bookmark_around_hidden_text_or_another_such_ref_is_emptied() -> None:
    hidden = "<w:r><w:rPr><w:vanish/></w:rPr><w:t>PC CANARY 4521</w:t></w:r>"
    body = (
        "<w:p>"
        + field(" REF Outer ", "PC CANARYOUTER")  # before the bookmarks it depends on
        + bookmarked("Inner", hidden)
        + bookmarked("Outer", field(" REF Inner ", "PC CANARYINNER"), 8)
        + "<w:r><w:t>Kept.</w:t></w:r></w:p>"
    )
    text = cleaned("word/document.xml", body)
    assert b"CANARY" not in text
    assert words(text) == "Kept."


def test_a_chain_of_refs_each_before_its_bookmark_past_the_readings_allowed_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each link of such a chain is found a reading of the parts later: a hostile document of a
    few thousand links would take one reading each (3,000 took the whole 30 seconds)."""
    monkeypatch.setattr(docx, "MAX_BOOKMARK_READINGS", 2)
    body = (
        "<w:p>"
        + bookmarked("First", field(" REF Second ", "CANARY"), 1)
        + bookmarked("Second", field(" REF Third ", "CANARY"), 2)
        + bookmarked("Third", field(" AUTHOR ", "CANARY"), 3)
        + "</w:p>"
    )
    with pytest.raises(AttachmentRejected) as refused:
        cleaned("word/document.xml", body)
    assert "too many tracked changes or fields" in refused.value.message
    monkeypatch.setattr(docx, "MAX_BOOKMARK_READINGS", 4)  # and one to find no more
    assert b"CANARY" not in cleaned("word/document.xml", body)

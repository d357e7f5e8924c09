"""Text a Word document holds but does not show, formatted hidden by the run itself or by its
character style, is emptied from every part that keeps text; what Word shows stays."""

from __future__ import annotations

import io
import zipfile

import pytest
from defusedxml import ElementTree

from intake.attachments import AttachmentRejected, clean_upload
from intake.cleaning import docx_revisions
from tests.fixtures.evidence import W, word_document

STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def cleaned(part: str, body: str, styles: str = "", namespace: str = W, prefix: str = "w") -> bytes:
    """``part`` of a cleaned document whose ``part`` holds ``body`` (paragraphs), with the
    character styles ``styles`` in its styles part."""
    xml = f'<w:document xmlns:w="{namespace}"><w:body>{body}</w:body></w:document>'
    style_part = f'<w:styles xmlns:w="{namespace}">{styles}</w:styles>'
    parts = {part: xml, "word/styles.xml": style_part}
    parts = {
        name: text.replace("w:", f"{prefix}:").replace("xmlns:w=", f"xmlns:{prefix}=")
        for name, text in parts.items()
    }
    result = clean_upload("statement.docx", word_document(**parts))
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        text = archive.read(part)
    ElementTree.fromstring(text)  # still well-formed
    return text


def words(text: bytes) -> str:
    """The part's text (its ``t`` elements), hidden or not."""
    shown = ElementTree.fromstring(text).iter()
    return "".join(e.text or "" for e in shown if e.tag.rsplit("}", 1)[-1] == "t")


def run(text: str, properties: str = "") -> str:
    return f"<w:r><w:rPr>{properties}</w:rPr><w:t>{text}</w:t></w:r>"


def character_style(style_id: str, properties: str = "", based_on: str = "") -> str:
    base = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (
        f'<w:style w:type="character" w:styleId="{style_id}"><w:name w:val="{style_id}"/>'
        f"{base}<w:rPr>{properties}</w:rPr></w:style>"
    )


@pytest.mark.parametrize(
    "part",
    [
        "word/document.xml",
        "word/header1.xml",
        "word/footer2.xml",
        "word/footnotes.xml",
        "word/endnotes.xml",
    ],
)
@pytest.mark.parametrize(("namespace", "prefix"), [(W, "w"), (W, "x"), (STRICT, "w")])
def test_text_formatted_hidden_is_emptied_in_every_part_that_keeps_text(
    part: str, namespace: str, prefix: str
) -> None:
    body = (
        "<w:p>"
        + run("I saw it happen. ")
        + run("PC Jane CANARY ", "<w:b/><w:vanish/>")
        + run("CANARYSPECIAL", "<w:specVanish/>")
        + run("CANARYON", "<w:vanish w:val='on'/>")
        + run("It was late.")
        + "</w:p>"
    )
    text = cleaned(part, body, namespace=namespace, prefix=prefix)
    assert b"CANARY" not in text
    assert words(text) == "I saw it happen. It was late."
    assert text.count(b":r>") == 10  # each run stays, its text emptied


def test_text_made_visible_again_or_hidden_only_before_a_tracked_change_is_kept() -> None:
    """``w:val="0"`` shows the run; a formatting change's old properties are not its own, and
    a hidden paragraph mark hides no text of the paragraph's."""
    body = (
        "<w:p>"
        + run("Shown. ", "<w:vanish w:val='0'/>")
        + run("Shown too. ", "<w:vanish w:val='false'/>")
        + run("Unhidden. ", "<w:rPrChange w:id='1'><w:rPr><w:vanish/></w:rPr></w:rPrChange>")
        + "</w:p><w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr>"
        + run("Joined to the next.")
        + "</w:p>"
    )
    text = cleaned("word/document.xml", body)
    assert words(text) == "Shown. Shown too. Unhidden. Joined to the next."


def test_hidden_text_inserted_while_tracking_or_in_a_field_result_is_emptied() -> None:
    body = (
        '<w:p><w:ins w:id="1" w:author="">'
        + run("CANARYINSERTED", "<w:vanish/>")
        + '</w:ins><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run("CANARYRESULT", "<w:vanish/>")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + run("Kept.")
        + "</w:p>"
    )
    text = cleaned("word/document.xml", body)
    assert b"CANARY" not in text
    assert words(text) == "Kept."


def test_text_in_a_character_style_that_hides_it_is_emptied() -> None:
    styles = (
        character_style("TemplateName", "<w:i/><w:vanish/>")
        + character_style("Signature", based_on="TemplateName")  # hidden as its base is
        + character_style("Emphasis", "<w:b/>")
    )
    body = (
        "<w:p>"
        + run("CANARYSTYLED", "<w:rStyle w:val='TemplateName'/>")
        + run("CANARYBASED", "<w:rStyle w:val='Signature'/>")
        + run("Seen. ", "<w:rStyle w:val='Emphasis'/>")
        + run("Shown anyway.", "<w:rStyle w:val='TemplateName'/><w:vanish w:val='0'/>")
        + "</w:p>"
    )
    text = cleaned("word/document.xml", body, styles)
    assert b"CANARY" not in text
    assert words(text) == "Seen. Shown anyway."


def test_a_style_hiding_again_what_its_base_hid_shows_it() -> None:
    """Hiding toggles along the styles a style is based on (ECMA-376 17.7.3): set twice, it is
    off; and a loop of ``basedOn`` ends rather than hangs."""
    styles = (
        character_style("Hidden", "<w:vanish/>")
        + character_style("ShownAgain", "<w:vanish/>", based_on="Hidden")
        + character_style("LoopA", "<w:vanish/>", based_on="LoopB")
        + character_style("LoopB", based_on="LoopA")
    )
    body = (
        "<w:p>"
        + run("Shown. ", "<w:rStyle w:val='ShownAgain'/>")
        + run("CANARYLOOP", "<w:rStyle w:val='LoopB'/>")
        + "</w:p>"
    )
    text = cleaned("word/document.xml", body, styles)
    assert words(text) == "Shown. "


def test_a_part_packed_with_more_hidden_runs_than_it_can_hold_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(docx_revisions, "MAX_CUTS", 100)
    body = "<w:p>" + run("x", "<w:vanish/>") * 101 + "</w:p>"
    with pytest.raises(AttachmentRejected) as refused:
        cleaned("word/document.xml", body)
    assert "too many tracked changes or fields" in refused.value.message

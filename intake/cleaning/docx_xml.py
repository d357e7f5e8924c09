"""Reading a Word document's parts as XML, as Word reads them, within the document's time limit.

The checks (``docx_checks``) and the cleaning (``docx``) both read parts this way: with a
parser that keeps no tree (a part of tiny elements built as one takes 25 times its size in
memory), a megabyte at a time so that the time limit is looked at in between, and in UTF-8
whatever encoding the part declares, so that the patterns that scrub it see every author and
time. It never lets a part through that it could not read as Word would: one that is not XML,
has a DTD or entities (``defusedxml`` refuses them), or is in an encoding it cannot read is
refused as damaged, and one that takes past the deadline is refused as taking too long.
"""

from __future__ import annotations

import codecs
import re
import time

from defusedxml import ElementTree

from intake.cleaning import AttachmentRejected

# An XML part is fed to the parser this much at a time, the time limit looked at in between.
_FEED_BYTES = 1024 * 1024
# Byte-order marks, and the first bytes of "<" in UTF-16 written without one. (UTF-32, which
# the XML parser in ``check_docx`` cannot read, is refused as damaged before this.)
_ENCODING_BY_START = (
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)
# Encodings of domain names, not documents, that Python decodes in time growing with the square
# of their length: a part of 300 KB declared "punycode" took 3 s, so one of 20 MB (which a ZIP
# holds in a few KB) would take hours.
_NOT_DOCUMENT_ENCODINGS = frozenset({"punycode", "idna"})
_DECLARED_ENCODING = re.compile(rb"""\A<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")
_DECLARATION_ENCODING = re.compile(r"""\A(<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")


def not_a_document(shown: str) -> AttachmentRejected:
    return AttachmentRejected(
        f"‘{shown}’ looks like a Word document but is damaged, so Candour cannot read it. "
        "Save it again, or save it as PDF, and upload the copy."
    )


def too_much(shown: str, what: str) -> AttachmentRejected:
    return AttachmentRejected(
        f"‘{shown}’ {what}. Save it as PDF, or split it, and upload that instead."
    )


def read_xml(shown: str, body: bytes, target: object, deadline: float) -> None:
    """Read an XML part with a parser that tells ``target`` of each element as it goes and keeps
    none: built as a tree, a part of tiny elements takes 25 times its size in memory. Fed a
    piece at a time, so that a part that would take longer than the time left is given up on:
    one of 100 MB of tiny elements took 22 s to read whole."""
    try:
        parser = ElementTree.XMLParser(target=target)
        for start in range(0, len(body), _FEED_BYTES):
            if time.monotonic() > deadline:
                break
            parser.feed(body[start : start + _FEED_BYTES])
        else:
            parser.close()
            return
    except Exception:  # not XML, or with a DTD or entities (defusedxml refuses them)
        raise not_a_document(shown) from None
    raise too_much(shown, "took too long to check")


def is_xml(name: str, body: bytes) -> bool:
    """Whether Word could read a part as XML. Word knows a part's kind by its content type, not
    its name: a header can be stored as ``word/header1.bin``, so the content is looked at too
    (UTF-8, with or without a byte-order mark, or UTF-16, which has one)."""
    if name.lower().endswith((".xml", ".rels")):
        return True
    start = body.removeprefix(b"\xef\xbb\xbf").lstrip()
    return start.startswith(b"<") or body.startswith((b"\xff\xfe", b"\xfe\xff"))


def local(name: str) -> str:
    """A tag's or attribute's name without its namespace (transitional and strict OOXML differ)."""
    return name.rsplit("}", 1)[-1]


def in_utf8(shown: str, body: bytes) -> bytes:
    """An XML part rewritten in UTF-8, the only encoding the cleaning's patterns read. Word writes
    UTF-8 but reads whatever a part's byte-order mark or declaration names: in UTF-16 a part's
    authors and times passed them unseen."""
    encoding = next((name for start, name in _ENCODING_BY_START if body.startswith(start)), None)
    if encoding is None:
        declared = _DECLARED_ENCODING.match(body)
        encoding = declared.group(1).decode("ascii", "replace") if declared else "utf-8"
    if encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            if codecs.lookup(encoding).name in _NOT_DOCUMENT_ENCODINGS:
                raise LookupError(encoding)
            text = body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            raise not_a_document(shown) from None
        body = _DECLARATION_ENCODING.sub(r'\1"UTF-8"', text, count=1).encode()
    # Anything else (EBCDIC, say) does not begin with "<" once read as UTF-8.
    if not body.lstrip().startswith(b"<"):
        raise not_a_document(shown)
    return body

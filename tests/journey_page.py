"""Reading a reporter's page as a person would: its heading, error messages, links and the text
of a part of it, parsed with the standard library's HTML parser rather than matched as strings."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def all(self) -> list[Element]:
        found = [self]
        for child in self.children:
            found.extend(child.all())
        return found

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.all()
            if (tag is None or e.tag == tag)
            and (cls is None or cls in e.classes)
            and all(e.attrs.get(k) == v for k, v in attrs.items())
        ]

    @property
    def words(self) -> str:
        """The element's text with whitespace collapsed, as it reads on screen."""
        return " ".join(self.text.split())


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.open: list[Element] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, 0, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text += data


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    return builder.root


def heading(html: str) -> str:
    return parse(html).find("h1")[0].words


def errors(html: str) -> list[str]:
    """The messages in the error summary, in order."""
    summary = parse(html).find(cls="govuk-error-summary__list")
    return [li.words for li in summary[0].find("li")] if summary else []


def field_error(html: str, field_id: str) -> str:
    found = parse(html).find(id=f"{field_id}-error")
    return found[0].words.removeprefix("Error:").strip() if found else ""


def back_link(html: str) -> str | None:
    found = parse(html).find("a", cls="govuk-back-link")
    return found[0].attrs["href"] if found else None


def back_button(html: str) -> Element | None:
    """A question page's Back: a button of its form, which keeps what was typed."""
    found = parse(html).find("button", cls="govuk-back-link")
    return found[0] if found else None


def form_buttons(html: str, form_id: str) -> list[Element]:
    """The buttons of the form ``form_id`` in the page's order, as a browser finds them: inside
    it, or anywhere naming it in their ``form`` attribute. Enter in a field presses the first."""
    root = parse(html)
    [form] = root.find("form", id=form_id)
    inside = {id(e) for e in form.all()}
    return [
        e
        for e in root.all()
        if e.tag == "button" and (id(e) in inside or e.attrs.get("form") == form_id)
    ]


def summary_value(html: str, key: str) -> str:
    """The value beside ``key`` in a summary list (check your answers)."""
    for row in parse(html).find(cls="govuk-summary-list__row"):
        keys = row.find("dt")
        values = row.find("dd", cls="govuk-summary-list__value")
        if keys and keys[0].words == key and values:
            return values[0].words
    raise AssertionError(f"no summary row {key!r}")


def section(html: str, element_id: str) -> Element:
    found = parse(html).find(id=element_id)
    assert found, f"no element with id {element_id!r}"
    return found[0]

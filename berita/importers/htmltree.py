"""HTML read into a small tree (the standard library's parser, with HTML's implied end tags), and
written back out for the parts of a body that stay HTML."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
RAW_TEXT = {"script", "style"}
# Start tags that end an open <p> (HTML's "closes a p element").
ENDS_PARAGRAPH = {
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "menu", "nav", "ol", "p",
    "pre", "section", "table", "ul",
}  # fmt: skip
# A start tag that ends an open element of the same family: <li> an <li>, <td> a <td> or <th>, …
ENDS_SIBLING = {
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "tr": {"tr", "td", "th"},
    "td": {"td", "th"},
    "th": {"td", "th"},
    "option": {"option"},
}
# Where a sibling search stops: an <li> of a nested list does not end its parent's <li>.
SCOPE = {"ul", "ol", "table", "dl", "select"}
# Attributes that only styled the old theme, left out of the HTML that stays.
DROPPED_ATTRIBUTES = {"style", "class", "bgcolor", "border", "cellpadding", "cellspacing", "align", "valign"}
ADDRESSES = {("a", "href"): "link", ("img", "src"): "image", ("source", "src"): "link", ("video", "poster"): "image"}
ADDRESSES |= {(tag, "src"): "link" for tag in ("audio", "video", "track", "embed")}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def get(self, name: str, default: str = "") -> str:
        return self.attrs.get(name, default)

    def elements(self) -> list[Node]:
        return [child for child in self.children if isinstance(child, Node)]

    def text(self) -> str:
        return "".join(
            child if isinstance(child, str) else ("\n" if child.tag == "br" else child.text())
            for child in self.children
        )


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("body")
        self.open: list[Node] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ENDS_PARAGRAPH:
            self._close_within("p", SCOPE | {"body"})
        if tag in ENDS_SIBLING:
            for sibling in ENDS_SIBLING[tag]:
                self._close_within(sibling, SCOPE | {"body"} if tag not in ("tr",) else {"table", "body"})
        node = Node(tag)
        for name, value in attrs:
            node.attrs.setdefault(name, value or "")  # of two attributes of one name, a browser takes the first
        self.open[-1].children.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.open[-1].tag == tag:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and not any(node.tag == "p" for node in self.open):
            self.open[-1].children.append(Node("p"))  # a stray </p> is an empty paragraph, as in a browser
            return
        for index in range(len(self.open) - 1, 0, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)

    def _close_within(self, tag: str, scope: set[str]) -> None:
        for index in range(len(self.open) - 1, 0, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                return
            if self.open[index].tag in scope:
                return


def parse_html(html: str) -> Node:
    """The body's elements under one root node; comments, doctypes and processing instructions left out."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def write_html(node: Node | str, address: Callable[[str, str], str]) -> str:
    """A node as HTML again, its addresses given by `address(kind, url)` and the old theme's
    styling attributes left out."""
    if isinstance(node, str):
        return escape(node, quote=False)
    attributes = []
    for name, value in node.attrs.items():
        if name in DROPPED_ATTRIBUTES or name.startswith("data-"):
            continue
        kind = ADDRESSES.get((node.tag, name))
        if kind and value:
            value = address(kind, value)
        attributes.append(
            f" {name}" if value == "" and name in ("controls", "allowfullscreen") else f' {name}="{escape(value)}"'
        )
    start = f"<{node.tag}{''.join(attributes)}>"
    if node.tag in VOID:
        return start
    if node.tag in RAW_TEXT:
        return start + "".join(c for c in node.children if isinstance(c, str)) + f"</{node.tag}>"
    return start + "".join(write_html(child, address) for child in node.children) + f"</{node.tag}>"

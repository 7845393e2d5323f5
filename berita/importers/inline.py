"""Inline HTML (text, emphasis, links, photos) as Python-Markdown's Markdown.

Text is escaped with the characters Python-Markdown knows, `&` and `<` as entities only where it
would read an entity or a tag (so text that showed `<script>` still shows it rather than running
it), and a line where Python-Markdown would start a heading, list, quote or definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from .htmltree import Node

INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img",
    "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time",
    "tt", "u", "var", "wbr",
}  # fmt: skip


def runs_inline(node: Node) -> bool:
    """Whether `node` runs inside a line: an inline element, or a namespaced one (Word's) that
    holds only text and inline elements; one that wraps paragraphs or a list (<w:sdt>) does not."""
    if node.tag in INLINE:
        return True
    return ":" in node.tag and all(isinstance(child, str) or runs_inline(child) for child in node.children)


KEPT_INLINE = {"sup", "sub", "u", "mark", "del", "s", "strike", "ins", "small", "abbr", "q"}
# Python-Markdown's escapable characters (markdown.Markdown.ESCAPED_CHARS with the tables extension).
ESCAPED = re.compile(r"([\\`*\[\]{}|])|(?<!\w)_|_(?!\w)")
ENTITY_OR_TAG = re.compile(r"&(?=#?[A-Za-z0-9]+;)|<(?=[A-Za-z/!?])")
LINE_START = [
    (re.compile(r"^(#|>|-|\+)"), r"\\\1"),
    (re.compile(r"^(\d+)\.(?=\s|$)"), r"\1\\."),
    (re.compile(r"^:(?=\s|$)"), "&#58;"),
    (re.compile(r"^="), "&#61;"),
    (re.compile(r"^~"), "&#126;"),
]
SIZE = re.compile(r"-\d+x\d+(?=\.\w+$)")


class Addresses(Protocol):
    """Where an image or a link of the body leads in the imported article."""

    def image(self, url: str) -> str: ...

    def link(self, url: str) -> str: ...


def escape_text(text: str, line_start: bool) -> str:
    # A lone & or < is shown as written; only where Python-Markdown would read an entity or a tag is it escaped.
    text = ENTITY_OR_TAG.sub(lambda m: "&amp;" if m.group(0) == "&" else "&lt;", text)
    text = ESCAPED.sub(lambda m: "\\" + m.group(0), text)
    if line_start:
        text = text.lstrip()
        for pattern, replacement in LINE_START:
            text = pattern.sub(replacement, text, count=1)
    return text


@dataclass
class _Inline:
    """Markdown of a run of inline content, written piece by piece."""

    pieces: list[str] = field(default_factory=list)
    # Whether the run begins a line: the inside of a <strong> or a link in mid-sentence does not,
    # and keeps the space it opens with ("juara<em> pertama</em>" is "juara *pertama*").
    opens_line: bool = True

    def at_line_start(self) -> bool:
        if self.pieces and self.pieces[-1].endswith("\n"):
            return True
        return self.opens_line and not "".join(self.pieces).strip()

    def text(self) -> str:
        lines = [line.strip() for line in "".join(self.pieces).split("\n")]
        return "\n".join(line for line in lines if line).strip()


class InlineWriter:
    """Inline content as Markdown; images and links go where `addresses` says."""

    def __init__(self, addresses: Addresses) -> None:
        self.addresses = addresses

    # Inline --------------------------------------------------------------------------------

    def inline(self, children: list[Node | str]) -> str:
        out = _Inline()
        for child in children:
            self._inline(child, out, set())
        return out.text()

    def _inline(self, node: Node | str, out: _Inline, around: set[str]) -> None:
        if isinstance(node, str):
            text = re.sub(r"[ \t\n\r\f]+", " ", node)
            out.pieces.append(escape_text(text, out.at_line_start()))
            return
        tag = node.tag
        if tag == "br":
            out.pieces.append("<br>\n")
        elif tag == "img":
            out.pieces.append(self._image(node))
        elif tag in ("strong", "b", "em", "i", "cite"):
            kind = "**" if tag in ("strong", "b") else "*"
            self._wrapped(node, out, around | {kind}, kind if kind not in around else "")
        elif tag in ("code", "kbd", "samp", "tt"):
            text = " ".join(node.text().split())
            fence = "`"
            while fence in text:
                fence += "`"
            out.pieces.append(
                f"{fence}{' ' if text.startswith('`') or text.endswith('`') else ''}{text}{' ' if text.endswith('`') or text.startswith('`') else ''}{fence}"
                if text
                else ""
            )
        elif tag == "a":
            self._link(node, out, around)
        elif tag in KEPT_INLINE:
            self._wrapped(node, out, around, f"<{tag}>", f"</{tag}>")
        else:
            for child in node.children:
                self._inline(child, out, around)

    def _wrapped(self, node: Node, out: _Inline, around: set[str], start: str, end: str | None = None) -> None:
        inner = _Inline(opens_line=out.at_line_start())
        for child in node.children:
            self._inline(child, inner, around)
        text = "".join(inner.pieces)
        if not text.strip() or not start:
            out.pieces.append(text)
            return
        # Spaces go outside the markers: "** tebal **" is not bold.
        lead, core, trail = _spaced(text)
        out.pieces.append(f"{lead}{start}{core}{start if end is None else end}{trail}")

    def _image(self, node: Node) -> str:
        src = node.get("src")
        if not src:
            return ""
        alt = escape_text(" ".join(node.get("alt").split()), False)
        return f"![{alt}]({markdown_url(self.addresses.image(src))})"

    def _link(self, node: Node, out: _Inline, around: set[str]) -> None:
        href = node.get("href")
        images = [n for n in node.elements() if n.tag == "img"]
        if (
            images
            and len(node.elements()) == 1
            and not node.text().strip()
            and _same_picture(href, images[0].get("src"))
        ):
            out.pieces.append(self._image(images[0]))  # a photo linked to its own file: the photo is enough
            return
        inner = _Inline(opens_line=out.at_line_start())
        for child in node.children:
            self._inline(child, inner, around)
        text = "".join(inner.pieces)
        if not href or not text.strip():
            out.pieces.append(text)
            return
        # Spaces go outside the brackets, as for emphasis: the words around stay apart.
        lead, core, trail = _spaced(text)
        out.pieces.append(f"{lead}[{core}]({markdown_url(self.addresses.link(href))}){trail}")


def _spaced(text: str) -> tuple[str, str, str]:
    """The white space `text` opens with, what is between, and the white space it ends with."""
    core = text.strip()
    start = text.index(core[0]) if core else len(text)
    return text[:start], core, text[start + len(core) :]


def markdown_url(url: str) -> str:
    """An address as Python-Markdown reads it between ( and ): no space, < or >, parentheses escaped."""
    return (
        url.strip().replace(" ", "%20").replace("<", "%3C").replace(">", "%3E").replace("(", "%28").replace(")", "%29")
    )


def is_image(node: Node) -> bool:
    if node.tag == "img":
        return True
    return node.tag == "a" and len(node.elements()) == 1 and node.elements()[0].tag == "img" and not node.text().strip()


def _same_picture(href: str, src: str) -> bool:
    """Whether a link leads to the photo it wraps (its full size, or another of its sizes)."""
    return bool(href) and _photo_of(href) == _photo_of(src)


def _photo_of(url: str) -> str:
    """An upload's address less its query, its size (-1024x683), -scaled and its suffix."""
    return SIZE.sub("", url.split("?")[0].split("#")[0]).rsplit(".", 1)[0].removesuffix("-scaled")

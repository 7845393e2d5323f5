"""Every address in an article's body sent through the resolver: the element tree's (`a[href]`,
`img[src]`, and the author's own HTML's inside a markdown="1" block) and those still written as
text in the author's own HTML (`<a href="brosur.pdf">`, `<video src=…>`), rewritten in place so
that all else in that HTML stays byte for byte as the author wrote it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser

import markdown

# (kind, target) -> the href to write. kind is "link", "image" (a Markdown image, which may be
# shown in its sizes) or "html-image" (an image the author's own HTML shows as it is).
Resolver = Callable[[str, str], str]

# The attributes of an author's own HTML that hold an address, and the resolver's kind for each.
RAW_ADDRESSES = {
    ("a", "href"): "link",
    ("area", "href"): "link",
    ("img", "src"): "html-image",
    ("video", "poster"): "html-image",
    ("object", "data"): "link",  # a PDF shown in the page
    **{(tag, "src"): "link" for tag in ("audio", "embed", "iframe", "source", "track", "video")},
}
RAW_ADDRESS = re.compile(r"\b(?:href|src|poster|data)\s*=", re.IGNORECASE)
# In the tree an <img> is the Markdown's (or in a markdown="1" block): it may be shown in its sizes.
TREE_ADDRESSES = {**RAW_ADDRESSES, ("img", "src"): "image"}
# Python-Markdown writes an e-mail autolink's mailto: as entities whose & is this placeholder.
ENCODED = markdown.util.AMP_SUBSTITUTE


def resolve_tree_links(root: etree.Element, resolver: Resolver, every_element: bool = False) -> None:
    """Rewrites the addresses of the tree in document order (the stashed raw HTML's come after).
    Only <a> and <img> unless `every_element`: the Markdown makes no other element with an address."""
    has_images = root.find(".//img") is not None
    if not every_element and not has_images and root.find(".//a") is None:
        return
    # Without images, ElementTree's own tag filter finds the links without visiting every element.
    for element in root.iter() if has_images or every_element else root.iter("a"):
        for name, value in element.items():
            kind = TREE_ADDRESSES.get((element.tag, name))
            if kind and value and ENCODED not in value:
                element.set(name, resolver(kind, value))


class _StartTags(HTMLParser):
    """The start tags of a piece of HTML that hold an address: where each begins (line, column),
    its text as written, its name and its attributes (values unescaped)."""

    def __init__(self, every_tag: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.every_tag = every_tag
        self.found: list[tuple[tuple[int, int], str, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.every_tag or any((tag, name) in RAW_ADDRESSES for name, _ in attrs):
            self.found.append((self.getpos(), self.get_starttag_text() or "", tag, attrs))


def resolve_raw_html(html: str, resolver: Resolver) -> str:
    """`html` with the addresses of its links, images and media (RAW_ADDRESSES) given by
    `resolver`; all else, and every tag whose addresses do not change, is left as written."""
    if not RAW_ADDRESS.search(html):
        return html
    tags = _StartTags()
    tags.feed(html)
    tags.close()
    line_starts = [0] + [match.end() for match in re.finditer("\n", html)]
    pieces, done = [], 0
    for (line, column), text, tag, attrs in tags.found:
        start = line_starts[line - 1] + column
        first: dict[str, str | None] = {}
        for name, value in attrs:
            first.setdefault(name, value)  # a browser takes the first of two attributes of one name
        changed = {
            name: new
            for name, value in first.items()
            if (tag, name) in RAW_ADDRESSES and value and (new := resolver(RAW_ADDRESSES[tag, name], value)) != value
        }
        if not changed or html[start : start + len(text)] != text:
            continue
        pieces += [html[done:start], _with_values(text, tag, attrs, changed)]
        done = start + len(text)
    return "".join(pieces) + html[done:]


# An attribute in a start tag, as html.parser finds it: name, then "= value" if any.
ATTRIBUTE = re.compile(r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*""")
TAG_NAME = re.compile(r"<[a-zA-Z][^\t\n\r\f />\x00]*(?:\s|/(?!>))*")


def _with_values(text: str, tag: str, attrs: list[tuple[str, str | None]], changed: dict[str, str]) -> str:
    """The start tag `text` as written but for the first value of each attribute in `changed`;
    written anew from its attributes when the edit does not read back as meant."""
    wanted, seen = [], set()
    for name, value in attrs:
        wanted.append((name, changed[name] if name in changed and name not in seen else value))
        seen.add(name)
    values: dict[str, tuple[int, int] | None] = {}  # where each attribute's first value is
    at = TAG_NAME.match(text)
    position = at.end() if at else len(text)
    while (found := ATTRIBUTE.match(text, position)) and found.end() > position:
        values.setdefault(found.group(1).lower(), found.span(3) if found.group(3) is not None else None)
        position = found.end()
    edited = text
    for begin, end, name in sorted(
        ((*span, name) for name, span in values.items() if span and name in changed), reverse=True
    ):
        edited = f'{edited[:begin]}"{escape(changed[name])}"{edited[end:]}'
    if _attributes_of(edited) == wanted:
        return edited
    written = "".join(f" {name}" if value is None else f' {name}="{escape(value)}"' for name, value in wanted)
    return f"<{tag}{written}{' /' if text.endswith('/>') else ''}>"


def _attributes_of(text: str) -> list[tuple[str, str | None]] | None:
    tags = _StartTags(every_tag=True)
    tags.feed(text)
    tags.close()
    return tags.found[0][3] if len(tags.found) == 1 else None

"""Markdown to HTML: one configured Python-Markdown instance, reset between documents.

Links and images are handed to a resolver while the tree is built, so an author can
link another article by its source file (`../2021/x.md`) or a site path (`/tag/x/`)
and get the right URL under any base path.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

# (kind, target) -> the href to write; kind is "link" or "image".
Resolver = Callable[[str, str], str]

EXTENSIONS = ["tables", "footnotes", "attr_list", "def_list", "fenced_code", "sane_lists", "md_in_html", "toc"]
EXTENSION_CONFIGS = {
    "toc": {"permalink": False, "toc_depth": "2-3"},
    "footnotes": {"BACKLINK_TITLE": "Kembali ke catatan %d", "SUPERSCRIPT_TEXT": "{}"},
}


@dataclass(frozen=True)
class Body:
    """A rendered Markdown body."""

    html: str
    text: str
    heading_ids: tuple[str, ...]


class _Links(Treeprocessor):
    """Sends every `a[href]` and `img[src]` through the current document's resolver."""

    resolver: Resolver | None = None

    def run(self, root: etree.Element) -> None:
        if self.resolver is None:
            return
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if attribute and element.get(attribute):
                kind = "image" if element.tag == "img" else "link"
                element.set(attribute, self.resolver(kind, element.get(attribute, "")))


class MarkdownRenderer:
    """The newsroom's Markdown, one instance reused for every article."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
        self._links = _Links(self._md)
        self._md.treeprocessors.register(self._links, "berita-links", 1)

    def render(self, text: str, resolver: Resolver | None = None) -> Body:
        """Convert one document; `resolver` rewrites its links and image sources."""
        self._md.reset()
        self._links.resolver = resolver
        try:
            html = self._md.convert(text)
        finally:
            self._links.resolver = None
        ids = tuple(_ids(getattr(self._md, "toc_tokens", [])))
        return Body(html, Markup(html).striptags(), ids)


def _ids(tokens: list[dict]) -> list[str]:
    found = []
    for token in tokens:
        found.append(token["id"])
        found += _ids(token.get("children", []))
    return found


FIRST_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p>", re.DOTALL)
FOOTNOTE_REF = re.compile(r'<sup id="fnref[^"]*">.*?</sup>', re.DOTALL)


def first_paragraph(html: str) -> str:
    """The plain text of the first paragraph, footnote marks left out, for a summary the author did not write."""
    match = FIRST_PARAGRAPH.search(html)
    return Markup(FOOTNOTE_REF.sub("", match.group(1))).striptags() if match else ""

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

from .images import Picture

# (kind, target) -> the href to write; kind is "link" or "image".
Resolver = Callable[[str, str], str]
# href of an image -> its responsive variants, or None to leave the <img> as it is.
Pictures = Callable[[str], "Picture | None"]
BODY_IMAGE_SIZES = "(min-width: 42rem) 42rem, 100vw"

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
    """Sends every `a[href]` and `img[src]` through the current document's resolver, and
    turns images with variants into <picture> elements."""

    resolver: Resolver | None = None
    pictures: Pictures | None = None

    def run(self, root: etree.Element) -> None:
        if self.resolver is not None:
            for element in root.iter():
                attribute = {"a": "href", "img": "src"}.get(element.tag)
                if attribute and element.get(attribute):
                    kind = "image" if element.tag == "img" else "link"
                    element.set(attribute, self.resolver(kind, element.get(attribute, "")))
        _wrap_tables(root)
        if self.pictures is not None:
            for parent in list(root.iter()):
                for index, child in enumerate(list(parent)):
                    picture = self.pictures(child.get("src", "")) if child.tag == "img" else None
                    if picture is not None:
                        parent.remove(child)
                        parent.insert(index, _picture_element(child, picture))


def _wrap_tables(root: etree.Element) -> None:
    """Puts each table in a box that scrolls on its own (a table may be wider than a phone),
    which the keyboard can reach and a screen reader names."""
    for parent in list(root.iter()):
        for index, child in enumerate(list(parent)):
            if child.tag == "table":
                box = etree.Element(
                    "div", {"class": "table-scroll", "role": "region", "aria-label": "Tabel", "tabindex": "0"}
                )
                box.tail, child.tail = child.tail, None
                parent.remove(child)
                box.append(child)
                parent.insert(index, box)


def _picture_element(img: etree.Element, picture: Picture) -> etree.Element:
    """<picture> with a WebP <source> and the <img> given srcset, sizes, dimensions and lazy loading."""
    element = etree.Element("picture")
    element.tail, img.tail = img.tail, None
    if picture.webp_srcset:
        etree.SubElement(element, "source", type="image/webp", srcset=picture.webp_srcset, sizes=BODY_IMAGE_SIZES)
    img.set("src", picture.src)
    img.set("srcset", picture.srcset)
    img.set("sizes", BODY_IMAGE_SIZES)
    img.set("width", str(picture.width))
    img.set("height", str(picture.height))
    # Images in the text are below the fold: the browser may wait until the reader scrolls.
    img.set("loading", "lazy")
    img.set("decoding", "async")
    element.append(img)
    return element


class MarkdownRenderer:
    """The newsroom's Markdown, one instance reused for every article."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
        self._links = _Links(self._md)
        self._md.treeprocessors.register(self._links, "berita-links", 1)

    def render(self, text: str, resolver: Resolver | None = None, pictures: Pictures | None = None) -> Body:
        """Convert one document; `resolver` rewrites its links and image sources, `pictures`
        gives the responsive variants of an image."""
        self._md.reset()
        self._links.resolver, self._links.pictures = resolver, pictures
        try:
            html = self._md.convert(text)
        finally:
            self._links.resolver = self._links.pictures = None
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

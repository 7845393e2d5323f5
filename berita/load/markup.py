"""Markdown to HTML: one configured Python-Markdown instance, reset between documents.

Links and images are handed to a resolver while the tree is built, so an author can
link another article by its source file (`../2021/x.md`) or a site path (`/tag/x/`)
and get the right URL under any base path. The addresses in an author's own HTML
(`<a href="brosur.pdf">`, `<video src=…>`) go through the same resolver.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape, unescape
from html.parser import HTMLParser
from typing import Any

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from ..model import Picture
from .markup_limits import InlineCost
from .typography import CurlyQuotes

# (kind, target) -> the href to write. kind is "link", "image" (a Markdown image, which may be
# shown in its sizes) or "html-image" (an image the author's own HTML shows as it is).
Resolver = Callable[[str, str], str]
# href of an image -> its responsive variants, or None to leave the <img> as it is.
Pictures = Callable[[str], "Picture | None"]
BODY_IMAGE_SIZES = "(min-width: 42rem) 42rem, 100vw"


def extensions() -> list[markdown.Extension]:
    """The Markdown extensions, configured. Given as objects, not names: Python-Markdown
    looks a name up among every installed package's entry points, a fifth of the time of
    making the instance. Imported here: a build that renders no article needs none."""
    from markdown.extensions.attr_list import AttrListExtension
    from markdown.extensions.def_list import DefListExtension
    from markdown.extensions.fenced_code import FencedCodeExtension
    from markdown.extensions.footnotes import FootnoteExtension
    from markdown.extensions.md_in_html import MarkdownInHtmlExtension
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension
    from markdown.extensions.toc import TocExtension

    return [
        TableExtension(),
        FootnoteExtension(BACKLINK_TITLE="Kembali ke catatan %d", SUPERSCRIPT_TEXT="{}"),
        AttrListExtension(),
        DefListExtension(),
        FencedCodeExtension(),
        SaneListExtension(),
        MarkdownInHtmlExtension(),
        TocExtension(permalink=False, toc_depth="2-3"),
        CurlyQuotes(),
    ]


@dataclass(frozen=True)
class Body:
    """A rendered Markdown body."""

    html: str
    text: str
    heading_ids: tuple[str, ...]


class _Links(Treeprocessor):
    """Sends every address (`a[href]`, `img[src]`, and the author's own HTML's: TREE_ADDRESSES,
    RAW_ADDRESSES) through the current document's resolver, and turns images with variants
    into <picture> elements."""

    resolver: Resolver | None = None
    pictures: Pictures | None = None

    def run(self, root: etree.Element) -> None:
        if self.resolver is not None:
            stash = self.md.htmlStash.rawHtmlBlocks
            # Elements of the author's own HTML are in the tree when in a markdown="1" block.
            _resolve_links(root, self.resolver, every_element=bool(stash))
            # The rest of the author's own HTML is still text in the stash, put back after the tree is written.
            for index, block in enumerate(stash):
                if isinstance(block, str):
                    stash[index] = resolve_raw_html(block, self.resolver)
        _wrap_tables(root)
        if self.pictures is not None and root.find(".//img") is not None:
            for parent in _parents_of(root, "img"):
                for index, child in enumerate(list(parent)):
                    picture = self.pictures(child.get("src", "")) if child.tag == "img" else None
                    if picture is not None:
                        parent.remove(child)
                        parent.insert(index, _picture_element(child, picture))


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


def _resolve_links(root: etree.Element, resolver: Resolver, every_element: bool = False) -> None:
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


def _parents_of(root: etree.Element, tag: str) -> Iterator[etree.Element]:
    """The elements with a `tag` child, in document order; the list of elements is taken before
    the caller changes the tree, and each one is asked when its turn comes, as the loop it replaces did."""
    for parent in list(root.iter()):
        if parent.find(tag) is not None:
            yield parent


def _wrap_tables(root: etree.Element) -> None:
    """Puts each table in a box that scrolls on its own (a table may be wider than a phone),
    which the keyboard can reach and a screen reader names."""
    if root.find(".//table") is None:
        return
    for parent in _parents_of(root, "table"):
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


# What each of Python-Markdown's inline patterns and block processors needs in a document
# before it can act on any of it, read off their code in version 3.11.3 (under another version
# nothing is left out). Every inline pattern is tried on every piece of text and every block
# processor on every block, which took nearly half of a render of a typical article; one whose
# text is not in the document is left out of that document's lists.
PRUNING = markdown.__version__ == "3.11.3"
INDENT = ("    ", "\t")  # tab_length spaces at the start of a block; tabs become spaces
INLINE_NEEDS = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[^",),
    "reference": ("[",),
    "link": ("[",),
    "short_reference": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_image_ref": ("![",),
    "autolink": ("<",),
    "automail": ("<",),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
    "linebreak": ("  \n", "\t", "\r"),  # \r becomes a newline before parsing
}
BLOCK_NEEDS = {
    "markdown_block": ("<",),  # only raw HTML puts elements in the stash
    "indent": INDENT,
    "defindent": INDENT,
    "code": INDENT,
    "table": ("|",),
    "hashheader": ("#",),
    "deflist": (": ", ":\t"),
    "quote": (">",),
    "footnote": ("[^",),  # these two test true and leave a block without a definition as it was
    "reference": ("]:",),
}
ATTR_LIST = "{"  # every attribute list the attr_list treeprocessor looks for starts with it
ATTR_LIST_PRIORITY = 8  # where the attr_list extension registers its treeprocessor
# Python-Markdown deletes STX and ETX from the source, which can join two characters into what
# a pattern needs, and stashes raw HTML: with any of these nothing is left out, to be safe.
NO_PRUNING = ("\x02", "\x03", "<")


class _Subsets:
    """The members of a Python-Markdown registry, in order, without those that cannot act on a document."""

    def __init__(self, registry: markdown.util.Registry, needs: dict[str, tuple[str, ...]]) -> None:
        self.all = tuple(registry)
        self._needs = {id(registry[name]): wanted for name, wanted in needs.items() if name in registry}
        self.triggers = frozenset(needed for wanted in self._needs.values() for needed in wanted)
        self._chosen: dict[frozenset[str], tuple[Any, ...]] = {}

    def acting(self, present: frozenset[str] | None) -> tuple[Any, ...]:
        """The members that may act on a document holding the `present` triggers (None: unknown)."""
        if present is None:
            return self.all
        present &= self.triggers
        if present not in self._chosen:
            self._chosen[present] = tuple(member for member in self.all if self._may_act(member, present))
        return self._chosen[present]

    def _may_act(self, member: object, present: frozenset[str]) -> bool:
        wanted = self._needs.get(id(member))
        return wanted is None or any(needed in present for needed in wanted)


class _Gate(Treeprocessor):
    """Runs another treeprocessor only while `open`."""

    def __init__(self, md: markdown.Markdown, inner: Treeprocessor) -> None:
        super().__init__(md)
        self.inner = inner
        self.open = True

    def run(self, root: etree.Element) -> etree.Element | None:
        return self.inner.run(root) if self.open else None


class MarkdownRenderer:
    """The newsroom's Markdown, one instance reused for every article."""

    def __init__(self) -> None:
        self._configure()

    def _configure(self) -> None:
        """A new Python-Markdown instance, wired as berita uses it (again after a conversion that
        failed part way: its parser may have been left in any state)."""
        self._md = markdown.Markdown(extensions=extensions(), output_format="html")
        self._links = _Links(self._md)
        self._md.treeprocessors.register(self._links, "berita-links", 1)
        # Just before the inline patterns (20), which take minutes on some texts.
        self._md.treeprocessors.register(InlineCost(self._md), "berita-inline-cost", 21)
        self._attr_list = _Gate(self._md, self._md.treeprocessors["attr_list"])
        if PRUNING:  # the priority, like the tables, is that version's
            self._md.treeprocessors.register(self._attr_list, "attr_list", ATTR_LIST_PRIORITY)
        self._inline = self._md.treeprocessors["inline"]
        self._patterns = _Subsets(self._md.inlinePatterns, INLINE_NEEDS)
        self._blocks = _Subsets(self._md.parser.blockprocessors, BLOCK_NEEDS)
        self._toc = self._md.treeprocessors["toc"]
        self._marker: str = self._toc.marker
        self._triggers = tuple(sorted(self._patterns.triggers | self._blocks.triggers | {ATTR_LIST, self._marker}))
        # Only the tokens of the table of contents are read, never its HTML (md.toc): its div is
        # built only when a marker puts it in the page.
        build_div = self._toc.build_toc_div
        self._toc.build_toc_div = lambda tokens: build_div(tokens) if self._toc.marker else etree.Element("div")

    def render(self, text: str, resolver: Resolver | None = None, pictures: Pictures | None = None) -> Body:
        """Convert one document; `resolver` rewrites its links and image sources, `pictures`
        gives the responsive variants of an image."""
        self._md.reset()
        self._prune(self._present(text))
        self._links.resolver, self._links.pictures = resolver, pictures
        try:
            html = self._md.convert(text)
        except BaseException:  # too costly, too deep, out of time: whatever it was, start afresh
            self._configure()
            raise
        finally:
            self._links.resolver = self._links.pictures = None
        ids = tuple(_ids(getattr(self._md, "toc_tokens", [])))
        return Body(html, _plain_text(html), ids)

    def _present(self, text: str) -> frozenset[str] | None:
        """The triggers in `text`, or None when nothing may be left out."""
        if not PRUNING or any(character in text for character in NO_PRUNING):
            return None
        return frozenset(needed for needed in self._triggers if needed and needed in text)

    def _prune(self, present: frozenset[str] | None) -> None:
        """Leaves out what cannot act on a document with the `present` triggers: inline patterns,
        block processors, attribute lists and the table of contents marker search (each of the
        last two a walk over the whole tree)."""
        # The inline processor only takes len() of its patterns and indexes them, and the block
        # parser only iterates its processors: tuples serve both, and faster than a Registry.
        self._inline.inlinePatterns = self._patterns.acting(present)
        self._md.parser.blockprocessors = self._blocks.acting(present)
        self._attr_list.open = present is None or ATTR_LIST in present
        self._toc.marker = self._marker if present is None or self._marker in present else ""


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
    return _plain_text(FOOTNOTE_REF.sub("", match.group(1))) if match else ""


TAG = re.compile(r"<[^>]*>")


def _plain_text(html: str) -> str:
    """What MarkupSafe's `Markup(html).striptags()` gives, with one regular expression instead of
    a Python loop over every tag: tags removed, whitespace collapsed, entities unescaped."""
    if "<!--" in html:
        return Markup(html).striptags()  # its comment rules, unclosed comments included
    # A `<` after the last `>` is never closed: striptags keeps it and all that follows.
    end = html.rfind(">") + 1
    return unescape(" ".join((TAG.sub("", html[:end]) + html[end:]).split()))

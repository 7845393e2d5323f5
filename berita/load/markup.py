"""Markdown to HTML: one configured Python-Markdown instance, reset between documents.

Links and images are handed to a resolver while the tree is built, so an author can
link another article by its source file (`../2021/x.md`) or a site path (`/tag/x/`)
and get the right URL under any base path. The addresses in an author's own HTML
(`<a href="brosur.pdf">`, `<video src=…>`) go through the same resolver (markup_addresses,
markup_tree); what cannot act on a document is left out of its conversion (markup_pruning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

import markdown
from markupsafe import Markup

from .markup_addresses import Resolver
from .markup_limits import InlineCost
from .markup_pruning import Pruner
from .markup_tree import Pictures, TreeRewriter
from .typography import CurlyQuotes


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


class MarkdownRenderer:
    """The newsroom's Markdown, one instance reused for every article."""

    def __init__(self) -> None:
        self._configure()

    def _configure(self) -> None:
        """A new Python-Markdown instance, wired as berita uses it (again after a conversion that
        failed part way: its parser may have been left in any state)."""
        self._md = markdown.Markdown(extensions=extensions(), output_format="html")
        self._links = TreeRewriter(self._md)
        self._md.treeprocessors.register(self._links, "berita-links", 1)
        # Just before the inline patterns (20), which take minutes on some texts.
        self._md.treeprocessors.register(InlineCost(self._md), "berita-inline-cost", 21)
        self._pruner = Pruner(self._md)

    def render(self, text: str, resolver: Resolver | None = None, pictures: Pictures | None = None) -> Body:
        """Convert one document; `resolver` rewrites its links and image sources, `pictures`
        gives the responsive variants of an image."""
        self._md.reset()
        self._pruner.prune_for(text)
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

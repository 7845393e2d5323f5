"""Leaving out of each document's conversion the parts of Python-Markdown that cannot act on it:
inline patterns and block processors whose text is not in the document, the attribute lists'
walk over the tree when there is no `{`, the table of contents' marker search when there is
no marker; and, inside a document, the inline patterns' tries on each text (a paragraph, an
item, an emphasis) that holds nothing any of them needs, for Python-Markdown's own patterns
and for smarty's quotes. The HTML is the same as with all of them (tests/test_markup.py proves it).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown.treeprocessors import InlineProcessor, Treeprocessor

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
# Where Python-Markdown registers its inline processor, and smarty its own (a second walk over
# the tree with its quote patterns; typography.CurlyQuotes turns on only those).
INLINE_PRIORITIES = {"inline": 20, "smarty": 6}
QUOTES = ("'", '"')  # every pattern of smarty's quotes matches one of them
SMARTY_QUOTES_PREFIX = "smarty-quotes-"  # its patterns' names, numbered from 0
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
        self._finders: dict[tuple[Any, ...], re.Pattern[str] | None] = {}

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

    def finder(self, members: tuple[Any, ...]) -> re.Pattern[str] | None:
        """What finds, in a text, something one of `members` (a tuple `acting` gave) needs (a
        pattern that matches nothing when they need nothing); None when one of them may act on
        any text. Made once for each set of members, as `acting` makes them."""
        if members not in self._finders:
            wanted = [self._needs.get(id(member)) for member in members]
            needed = sorted({text for needs in wanted for text in needs or ()})
            self._finders[members] = None if None in wanted else re.compile("|".join(map(re.escape, needed)) or "(?!)")
        return self._finders[members]


class _Gate(Treeprocessor):
    """Runs another treeprocessor only while `open`."""

    def __init__(self, md: markdown.Markdown, inner: Treeprocessor) -> None:
        super().__init__(md)
        self.inner = inner
        self.open = True

    def run(self, root: etree.Element) -> etree.Element | None:
        return self.inner.run(root) if self.open else None


class _TextGate(InlineProcessor):
    """Python-Markdown's inline processor, trying its patterns only on the texts in which
    `finder` finds something one of them needs (None: on every text), and not walking the tree
    when nothing of it is in the document (`idle`). Python-Markdown's own processor tries every
    pattern on every text, and most texts need none: an article's quotes, links or emphasis are
    in a few of its paragraphs, and smarty's walk for quotes cost more than the rest of a
    typical article's conversion."""

    finder: re.Pattern[str] | None = None
    idle = False

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        if self.idle:
            self.stashed_nodes = {}  # as a walk would leave them for this document
            return tree
        return super().run(tree, ancestors)

    # InlineProcessor.__handleInline by its mangled name (the method that tries the patterns on
    # one text; PRUNING pins the version). A text it skips is one no pattern could match.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if self.finder is not None and self.finder.search(data) is None:
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)  # type: ignore[misc]


def _gated(md: markdown.Markdown, name: str) -> _TextGate:
    """The inline processor registered as `name`, in a _TextGate with the same patterns."""
    gate = _TextGate(md)
    gate.inlinePatterns = md.treeprocessors[name].inlinePatterns
    md.treeprocessors.register(gate, name, INLINE_PRIORITIES[name])
    return gate


class Pruner:
    """Wires pruning into one Python-Markdown instance (when PRUNING) and, before each document,
    leaves out what cannot act on it."""

    def __init__(self, md: markdown.Markdown) -> None:
        self._md = md
        self._attr_list = _Gate(md, md.treeprocessors["attr_list"])
        if PRUNING:  # the priority, like the tables, is that version's
            md.treeprocessors.register(self._attr_list, "attr_list", ATTR_LIST_PRIORITY)
        self._inline = _gated(md, "inline") if PRUNING else None
        self._patterns = _Subsets(md.inlinePatterns, INLINE_NEEDS)
        self._quotes = _gated(md, "smarty") if PRUNING and "smarty" in md.treeprocessors else None
        quote_patterns = self._quotes.inlinePatterns if self._quotes is not None else markdown.util.Registry()
        # With smart_quotes alone (CurlyQuotes), smarty's registry holds only its quote patterns,
        # numbered from 0; any other member has no need here, and then every text is tried.
        self._quote_patterns = _Subsets(
            quote_patterns, {f"{SMARTY_QUOTES_PREFIX}{number}": QUOTES for number in range(len(quote_patterns))}
        )
        self._blocks = _Subsets(md.parser.blockprocessors, BLOCK_NEEDS)
        self._toc = md.treeprocessors["toc"]
        self._marker: str = self._toc.marker
        self._triggers = tuple(
            sorted(
                self._patterns.triggers
                | self._quote_patterns.triggers
                | self._blocks.triggers
                | {ATTR_LIST, self._marker}
            )
        )
        # Only the tokens of the table of contents are read, never its HTML (md.toc): its div is
        # built only when a marker puts it in the page.
        build_div = self._toc.build_toc_div
        self._toc.build_toc_div = lambda tokens: build_div(tokens) if self._toc.marker else etree.Element("div")

    def prune_for(self, text: str) -> None:
        """Sets the instance up for converting `text`."""
        self._prune(self._present(text))

    def _present(self, text: str) -> frozenset[str] | None:
        """The triggers in `text`, or None when nothing may be left out."""
        if not PRUNING or any(character in text for character in NO_PRUNING):
            return None
        return frozenset(needed for needed in self._triggers if needed and needed in text)

    def _prune(self, present: frozenset[str] | None) -> None:
        """Leaves out what cannot act on a document with the `present` triggers: inline patterns
        (and their tries on texts that hold nothing they need), smarty's quotes, block
        processors, attribute lists and the table of contents marker search (each of the last
        two a walk over the whole tree)."""
        for gate, subsets in ((self._inline, self._patterns), (self._quotes, self._quote_patterns)):
            if gate is not None:
                # The inline processor only takes len() of its patterns and indexes them: a
                # tuple serves, and faster than a Registry.
                gate.inlinePatterns = subsets.acting(present)
                # A document that may hold what no trigger shows (raw HTML, say): every text tried.
                gate.finder = subsets.finder(gate.inlinePatterns) if present is not None else None
                gate.idle = not gate.inlinePatterns
        # The block parser only iterates its processors: a tuple serves, as above.
        self._md.parser.blockprocessors = self._blocks.acting(present)
        self._attr_list.open = present is None or ATTR_LIST in present
        self._toc.marker = self._marker if present is None or self._marker in present else ""

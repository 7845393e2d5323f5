"""What keeps one article's Markdown from taking minutes: bounds on the shapes of text on which
Python-Markdown (3.11.3) works in time that grows faster than the text, each found cheaply
before its work begins, so that the author is told the line and what to do.

They were found by experiment (bench/worst_cases.py generates each family at 1 MB):

- Inline text. Each element's text (a paragraph, a list item, a table cell, a heading) is
  searched for inline patterns, and every match costs a copy of the rest of the text; a `[`
  that is never closed makes the link patterns walk the rest of it in Python, letter by letter.
  So a text's cost is about its length times its marks (`*`, `_`, backticks, `<`, `&`, `\\`),
  and its length times its `[` at a hundred times that. Checked on the parsed tree, where
  those texts are, just before the inline patterns run (`InlineCost`).
- Raw HTML. Every `<` followed by a letter, `/`, `!` or `?` is read as the start of a tag up
  to the next `>` (html.parser, for the whole document); with no `>` it starts again one
  letter later. The cost is the distance from each such `<` to its `>` (`body_problem`).
- Lines. Each block costs Python-Markdown tens of microseconds however short it is: a million
  characters of `a` and a blank line took 15 s (`MAX_LINES`).
- Nesting: blockquotes (`>`) and lists nested hundreds of levels deep (the recursion of the
  block parser; `MAX_QUOTE_DEPTH`, and RecursionError for lists), and thousands of `[`
  (`MAX_BRACKETS`).

What no bound here foresees is stopped by the time budget (deadline.py) of the article.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

MAX_LINES = 30_000  # a 1 MB article written in lines of 72 letters has 14,000
MAX_BRACKETS = 3_000
MAX_QUOTE_DEPTH = 30
# Length × marks of one text, and length × `[`: about a second's work at most, each. A long
# paragraph of news (3,000 letters, twenty links and bold words) is near 10^5 and 10^5.
MAX_INLINE_COST = 400_000_000
MAX_LINK_COST = 4_000_000
# Distance, summed over every `<` that may open a tag, to the `>` that closes it.
MAX_TAG_SCAN = 4_000_000

MARKS = ("*", "_", "`", "<", "&", "\\")
TAG_START = re.compile(r"<[A-Za-z/!?]")
QUOTE_PREFIX = re.compile(r"^(?:[ \t]*>)+", re.MULTILINE)

SPLIT_ADVICE = (
    "pecah menjadi paragraf-paragraf pendek (beri baris kosong di antaranya) atau periksa apakah teksnya rusak"
)


class TooCostly(Exception):
    """A body beyond one of the bounds: `message` for the author, `offset` in the body (or -1)."""

    def __init__(self, message: str, offset: int = -1, text: str = "") -> None:
        super().__init__(message)
        self.message, self.offset, self.text = message, offset, text


def body_problem(body: str) -> TooCostly | None:
    """The first bound the Markdown `body` is beyond, found without rendering it, or None."""
    lines = body.count("\n") + 1
    if lines > MAX_LINES:
        return TooCostly(
            f"isi berita {_number(lines)} baris, paling banyak {_number(MAX_LINES)}; bagi menjadi beberapa artikel"
        )
    brackets = body.count("[")
    if brackets > MAX_BRACKETS:
        return TooCostly(
            f"isi berita memuat {_number(brackets)} tanda [, paling banyak {_number(MAX_BRACKETS)}; periksa apakah teksnya rusak"
            " atau bagi menjadi beberapa artikel"
        )
    if ">" in body:
        deepest = max(QUOTE_PREFIX.finditer(body), key=lambda m: m.group().count(">"), default=None)
        if deepest is not None and deepest.group().count(">") > MAX_QUOTE_DEPTH:
            return TooCostly(
                f"kutipan (>) bersarang {deepest.group().count('>')} tingkat, paling banyak {MAX_QUOTE_DEPTH};"
                " periksa tanda > di awal baris",
                deepest.start(),
            )
    return _unclosed_tags(body)


def _unclosed_tags(body: str) -> TooCostly | None:
    """Where the `<` that may open a tag are too far from their `>` all together."""
    if "<" not in body:
        return None
    cost, worst, worst_cost, start = 0, -1, 0, 0
    for segment in body.split(">"):
        opened = len(TAG_START.findall(segment)) if "<" in segment else 0
        if opened:
            here = opened * len(segment)
            cost += here
            if here > worst_cost:
                worst, worst_cost = start + TAG_START.search(segment).start(), here  # type: ignore[union-attr]
        start += len(segment) + 1
    if cost <= MAX_TAG_SCAN:
        return None
    return TooCostly(
        "tanda < yang tidak ditutup > terlalu banyak atau terlalu jauh dari penutupnya (dibaca sebagai awal tag HTML);"
        " tulis &lt; untuk tanda kurang dari, atau tutup tag HTML-nya dengan >",
        worst,
    )


class InlineCost(Treeprocessor):
    """Refuses, before the inline patterns run (it runs just before them), a text whose length
    times its marks is beyond the bounds: the inline patterns would take minutes on it."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for text in (element.text, element.tail):
                if text and len(text) > 2_000 and not isinstance(text, AtomicString):
                    _check_text(text)


def _check_text(text: str) -> None:
    length = len(text)
    brackets = text.count("[")
    if length * brackets > MAX_LINK_COST:
        raise TooCostly(
            f"paragraf sepanjang {_number(length)} karakter dengan {_number(brackets)} tanda [ terlalu berat diolah;"
            f" {SPLIT_ADVICE}",
            text=text,
        )
    marks = sum(text.count(mark) for mark in MARKS) + text.count("  \n")
    if length * marks > MAX_INLINE_COST:
        raise TooCostly(
            f"paragraf sepanjang {_number(length)} karakter dengan {_number(marks)} tanda format (* _ ` < & \\)"
            f" terlalu berat diolah; {SPLIT_ADVICE}",
            text=text,
        )


def _number(count: int) -> str:
    """12.345, as Indonesian writes it."""
    return f"{count:,}".replace(",", ".")


def line_in(body: str, problem: TooCostly) -> int:
    """The line of the body (0 for its first) where `problem` is: at its offset, or where its
    text begins (the parser may have taken marks such as `>` or `- ` off the front)."""
    offset = problem.offset
    if offset < 0 and problem.text:
        first = problem.text.lstrip().split("\n", 1)[0][:80]
        offset = body.find(first) if first else -1
    return body.count("\n", 0, offset) if offset > 0 else 0

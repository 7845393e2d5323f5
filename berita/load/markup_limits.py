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

There is no timer behind them: a limit on the clock would refuse on a slow machine what a fast
one builds. Every family bench/worst_cases.py knows stays within them, measured at 1 MB.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

MAX_LINES = 30_000  # a 1 MB article written in lines of 72 letters has 14,000
MAX_BRACKETS = 3_000
MAX_QUOTE_DEPTH = 30
# Length × marks of one text, and the letters the link patterns walk from its `[` (see
# _bracket_walk): about half a second's work at most, each; and the same summed over the whole
# document. A long paragraph of news (3,000 letters, twenty links and bold words) is near
# 6 × 10^4 and 10^3; a 1 MB article of such paragraphs, near 2 × 10^7 and 10^6 in all.
MAX_INLINE_COST = 400_000_000
MAX_LINK_COST = 3_000_000
MAX_INLINE_TOTAL = 800_000_000
MAX_LINK_TOTAL = 6_000_000
# Length × lines of each block (the text between blank lines), summed: Python-Markdown takes a
# block apart line by line, copying the rest of it each time (15,000 setext headings with no
# blank line between them took 4.5 s in 60 kB). A 1,000-row table of 100 letters a row is 10^8.
MAX_BLOCK_COST = 400_000_000
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
    return _long_blocks(body) or _unclosed_tags(body)


BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _long_blocks(body: str) -> TooCostly | None:
    """Where the blocks (text between blank lines) are too long and too many lines all together."""
    cost, worst, worst_cost, start = 0, 0, 0, 0
    ends = [(blank.start(), blank.end()) for blank in BLANK_LINE.finditer(body)] + [(len(body), len(body))]
    for end, after in ends:
        here = (end - start) * (body.count("\n", start, end) + 1)
        cost += here
        if here > worst_cost:
            worst, worst_cost = start, here
        start = after
    if cost <= MAX_BLOCK_COST:
        return None
    return TooCostly(
        "isi berita terlalu berat diolah: ribuan baris tanpa baris kosong di antaranya; beri baris kosong di antara"
        " paragraf, pecah tabel atau daftar yang sangat panjang, atau bagi menjadi beberapa artikel",
        worst,
    )


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
    """Refuses, before the inline patterns run (it runs just before them), a document whose texts
    would keep them busy for minutes: each text's cost, and their sum over the document (a
    thousand paragraphs each just within the bound are as slow as one beyond it)."""

    def run(self, root: etree.Element) -> None:
        marks_total = links_total = 0
        for element in root.iter():
            for text in (element.text, element.tail):
                if not text or isinstance(text, AtomicString):
                    continue
                marks, links = _text_cost(text)
                marks_total, links_total = marks_total + marks, links_total + links
                if marks_total > MAX_INLINE_TOTAL or links_total > MAX_LINK_TOTAL:
                    raise TooCostly(
                        "isi berita terlalu berat diolah: terlalu banyak tanda format (* _ ` < & \\ [) di paragraf"
                        f" yang panjang; {SPLIT_ADVICE}, atau bagi menjadi beberapa artikel"
                    )  # the sum's problem, not one paragraph's: said at the body's first line


def _text_cost(text: str) -> tuple[int, int]:
    """The cost of one text for the emphasis-like patterns and for the link patterns; refused
    (TooCostly) when one text alone is beyond the bounds."""
    length = len(text)
    links = _bracket_walk(text)
    if links > MAX_LINK_COST:
        raise TooCostly(
            f"paragraf sepanjang {_number(length)} karakter dengan {_number(text.count('['))} tanda [ yang"
            f" tidak ditutup ] (atau alamat tautan yang tidak ditutup ')') terlalu berat diolah; {SPLIT_ADVICE}",
            text=text,
        )
    marks = sum(text.count(mark) for mark in MARKS) + text.count("  \n")
    if length * marks > MAX_INLINE_COST:
        raise TooCostly(
            f"paragraf sepanjang {_number(length)} karakter dengan {_number(marks)} tanda format (* _ ` < & \\)"
            f" terlalu berat diolah; {SPLIT_ADVICE}",
            text=text,
        )
    return length * marks, links


BRACKET = re.compile(r"[\[\]]")
PAREN = re.compile(r"[()]")
TARGET = re.compile(r"\]\(")


def _bracket_walk(text: str) -> int:
    """How far the link patterns walk, letter by letter, from every `[`: to the `]` that closes
    it, or to the end of the text when none does; and from every `](` that opens a link's
    address, to the `)` that closes it, or to the end. A closed link costs its own text only."""
    if "[" not in text:
        return 0
    opened: list[int] = []
    walked = 0
    for match in BRACKET.finditer(text):
        if match.group() == "[":
            opened.append(match.start())
        elif opened:
            walked += match.start() - opened.pop()
    walked += sum(len(text) - start for start in opened)
    if "](" in text:
        parens: list[int] = []
        closing: dict[int, int] = {}
        for match in PAREN.finditer(text):
            if match.group() == "(":
                parens.append(match.start())
            elif parens:
                closing[parens.pop()] = match.start()
        walked += sum(closing.get(target.end() - 1, len(text)) - target.end() for target in TARGET.finditer(text))
    return walked


def _number(count: int) -> str:
    """12.345, as Indonesian writes it."""
    return f"{count:,}".replace(",", ".")


def line_in(body: str, problem: TooCostly) -> int:
    """The line of the body (0 for its first) where `problem` is: at its offset, or where its
    text begins (the parser may have taken marks such as `>` or `- ` off the front), or, for
    the body as a whole, its first line of text."""
    offset = problem.offset
    if offset < 0 and problem.text:
        first = problem.text.lstrip().split("\n", 1)[0][:80]
        offset = body.find(first) if first else -1
    if offset < 0:  # the body as a whole: its first line of text
        offset = len(body) - len(body.lstrip("\n"))
    return body.count("\n", 0, offset)

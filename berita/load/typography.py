"""Curly quotes in body text, as typeset news has them: “…”, ‘…’, Jum’at.

Python-Markdown's smarty extension does the work, writing characters rather than entities,
and leaving dashes and dots as the author typed them. Two of its guesses are set right
afterwards, on the finished HTML:

- a quote right after an inline element that ends the text or precedes a space or a
  punctuation mark closes: `"*Judul Buku*"` is “Judul Buku”, not “Judul Buku“ (smarty sees
  the quote alone, at the start of the element's tail, and calls it an opening one);
- a single quote before a digit is an apostrophe: ’90-an, ’45 (smarty knows only ’80s).

Smarty leaves code (spans and blocks) and the author's own HTML as written. The two fixes
read the finished HTML, so a ‘ the author typed before a digit becomes ’ wherever it is.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.smarty import SmartyExtension
from markdown.postprocessors import Postprocessor

CURLY_QUOTES = {
    "left-double-quote": "“",
    "right-double-quote": "”",
    "left-single-quote": "‘",
    "right-single-quote": "’",
}
# An opening quote right after an inline element's end tag, before a space, a punctuation
# mark, another tag or the end.
OPENED_AFTER_ELEMENT = re.compile(
    r"(</(?:a|abbr|b|cite|code|em|i|mark|q|s|small|strong|sub|sup|u)>)([“‘])(?=[\s.,;:!?)<]|$)"
)
CLOSING = {"“": "”", "‘": "’"}
APOSTROPHE_BEFORE_DIGIT = re.compile(r"‘(?=\d)")
# After smarty's stashed quotes are put back (raw_html, priority 30), before the last steps.
PRIORITY = 25


class _QuoteFixes(Postprocessor):
    def run(self, text: str) -> str:
        text = OPENED_AFTER_ELEMENT.sub(lambda found: found[1] + CLOSING[found[2]], text)
        return APOSTROPHE_BEFORE_DIGIT.sub("’", text)


class CurlyQuotes(Extension):
    """smarty's quotes as characters, and the two fixes above."""

    def extendMarkdown(self, md: Markdown) -> None:
        SmartyExtension(smart_dashes=False, smart_ellipses=False, substitutions=CURLY_QUOTES).extendMarkdown(md)
        md.postprocessors.register(_QuoteFixes(md), "berita-quotes", PRIORITY)

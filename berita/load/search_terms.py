"""An article's words for the search index, weighted, made once when the article is loaded
(and kept with it in the article cache): the index of the whole site is then put together
from these without reading any text again (site/search.py).

A word is what the reader's browser finds in a query the same way (static/js/cari.js,
`wordsOf`): lower case, compatibility forms folded (NFKD), accents and other combining marks
dropped, invisible format characters too (a soft hyphen or a zero-width space pasted from a
word processor), then each run of letters and digits. "Kesejahteraan", "kesejahteraan" and
"kese\u00adjahteraan", "Café" and "cafe", "ﬁlm" and "film" are one word.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

WORD = re.compile(r"[^\W_]+")
NOT_ASCII = re.compile(r"[^\x00-\x7f]")
# A title says what an article is about more than any sentence of it: a word of the title gets
# this much on top of its weight from the text (at most 200), out of 255.
TITLE_BONUS = 55
# BM25's term-frequency part (k1, b), with a fixed length for an average article rather than
# the site's own average: an article's weights then depend on the article alone, and an edit
# changes no other article's entries in the index.
K1, B, AVERAGE_LENGTH = 1.2, 0.75, 400
LONGEST_WORD = 40  # longer runs are not words a reader types (a URL, a hash): left out


def words_of(text: str) -> list[str]:
    """The words of `text` as the index and the reader's query both see them."""
    text = text.lower()
    if not text.isascii():
        # Marks and format characters (Unicode's M* and Cf; \p{M} and \p{Cf} in cari.js)
        # dropped; a callback for each letter outside ASCII only, which in Indonesian text are a
        # few quotes and dashes.
        text = NOT_ASCII.sub(_without_mark, unicodedata.normalize("NFKD", text))
    return WORD.findall(text)


def _without_mark(match: re.Match[str]) -> str:
    category = unicodedata.category(match.group())
    return "" if category[0] == "M" or category == "Cf" else match.group()


def search_terms(title: str, texts: list[str]) -> tuple[str, bytes]:
    """The article's distinct words, sorted and joined by spaces, and a weight for each (1–255,
    one byte each, in the same order): how much the word says about the article, from how often
    it occurs against the article's length (BM25), and TITLE_BONUS more for a word of its title."""
    title_words = words_of(title)
    in_title = set(title_words)
    counts = Counter(title_words)
    for text in texts:
        counts.update(words_of(text))
    for word in [w for w in counts if len(w) > LONGEST_WORD]:
        del counts[word]
    length = sum(counts.values())
    norm = K1 * (1 - B + B * length / AVERAGE_LENGTH)
    words = sorted(counts)
    weights = bytes(
        max(1, round((255 - TITLE_BONUS) * counts[w] / (counts[w] + norm))) + (TITLE_BONUS if w in in_title else 0)
        for w in words
    )
    return " ".join(words), weights

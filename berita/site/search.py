"""The search index, as files of the site under /cari/indeks/, put together from the words each
article brought from the load stage (load/search_terms.py) and read by the search page's own
script (static/js/cari.js). docs/architecture.md, "Search", gives the reasons.

- `kata.json`, the only file with a fixed name: the number of articles, the word table (the
  first word of each chunk and the chunk's file), the filter file's name, and a code that
  changes with any file of the index.
- A chunk per run of words in sorted order, named by a digest of its bytes: `{"word": [id,
  weight, gap, weight, …]}` — the articles that have the word, by number (the oldest article
  is 0) as the gap from the one before, each with its weight (1–255). A reader's query fetches
  the chunks of its words only: a few kilobytes, whatever the size of the site.
- `saring-<digest>.json`: the articles of each category and tag, by number as gaps, fetched
  when the reader opens the filters.
- `artikel/<number>.json` per article: its link, title, category, date and plain text, for a
  result and its excerpt.

Everything is made from values in memory, in a stable order, so two builds of the same
sources give the same bytes, and an incremental build the same index as a cold one.
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Sequence

from .. import dates, urls
from ..frontmatter.schema import CATEGORIES
from ..incremental.memo import PageMemo
from ..model import Article, OutputFile

FOLDER = "cari/indeks/"
TABLE = FOLDER + "kata.json"
# About this many bytes of JSON a chunk (a third of it gzipped); a word with more entries is a
# chunk alone. Smaller chunks mean fewer bytes a query and more files.
CHUNK_BYTES = 12_000
ORIGIN = "(indeks pencarian)"


def search_files(articles: Sequence[Article], base_url: str, salt: bytes, memo: PageMemo | None) -> list[OutputFile]:
    """The files of the search index of `articles`. An article's own file is taken from `memo`
    (the last build's output) when what makes it is the same (`salt`: the code's)."""
    ordered = sorted(articles, key=lambda a: (a.date.at, a.source))
    chunks = _chunks(_postings(ordered))
    found = [OutputFile(FOLDER + f"{_digest(chunk)}.json", ORIGIN, chunk) for _, chunk in chunks]
    filters = _encoded(_filters(ordered))
    found.append(OutputFile(FOLDER + f"saring-{_digest(filters)}.json", ORIGIN, filters))
    found += _article_files(ordered, urls.Urls(base_url), salt, memo)
    table = {
        "versi": 1,
        "artikel": len(ordered),
        "potongan": [[first, item.path.removeprefix(FOLDER)] for (first, _), item in zip(chunks, found, strict=False)],
        "saring": found[len(chunks)].path.removeprefix(FOLDER),
        # Changes with any file of the index: the script asks for an article's file with it, so
        # that a browser never takes a number's file of an earlier build from its cache.
        "kode": hashlib.sha256("\n".join(f.fingerprint or f.path for f in found).encode()).hexdigest()[:16],
    }
    return [*found, OutputFile(TABLE, ORIGIN, _encoded(table))]


def _postings(ordered: Sequence[Article]) -> dict[str, list[int]]:
    """Each word's articles and weights, flat: [number, weight, number, weight, …]."""
    postings: dict[str, list[int]] = {}
    for number, article in enumerate(ordered):
        for word, weight in zip(article.search_words.split(), article.search_weights, strict=True):
            entry = postings.get(word)
            if entry is None:
                postings[word] = [number, weight]
            else:
                entry += (number, weight)
    return postings


def _chunks(postings: dict[str, list[int]]) -> list[tuple[str, bytes]]:
    """The words in sorted order, cut into chunks of about CHUNK_BYTES, each a JSON object, with
    its first word. Each word's list in `postings` is given its numbers as gaps, in place."""
    chunks: list[tuple[str, bytes]] = []
    entries: list[str] = []
    size, first = 0, ""
    for word in sorted(postings, key=_in_browser_order if any(map(_beyond_bmp, postings)) else None):
        if not entries:
            first = word
        flat = postings[word]
        flat[0::2] = _gaps(flat[0::2])
        # A list of ints as JSON, without a space: repr's, minus its spaces (far quicker than a join).
        # A word is letters and digits only (search_terms.WORD): as a JSON string, it needs no escape.
        entry = f'"{word}":{repr(flat).replace(" ", "")}'
        entries.append(entry)
        size += len(entry) + 1
        if size >= CHUNK_BYTES:
            chunks.append((first, ("{" + ",".join(entries) + "}").encode()))
            entries, size = [], 0
    if entries or not chunks:
        chunks.append((first, ("{" + ",".join(entries) + "}").encode()))
    return chunks


def _beyond_bmp(word: str) -> bool:
    return not word.isascii() and max(word) > "\uffff"


def _in_browser_order(word: str) -> bytes:
    """The order in which the reader's browser compares words (by UTF-16 code units; Python by
    code points): the two differ for a letter beyond U+FFFF, and cari.js finds a word's chunk
    by comparing it with each chunk's first word."""
    return word.encode("utf-16-be")


def _filters(ordered: Sequence[Article]) -> dict[str, dict[str, list[int]]]:
    """The articles of each category and each tag (by label), by number as gaps."""
    groups: dict[str, dict[str, list[int]]] = {"kategori": {}, "tag": {}}
    for number, article in enumerate(ordered):
        groups["kategori"].setdefault(CATEGORIES[article.category], []).append(number)
        for tag in dict.fromkeys(tag.label for tag in article.tags):
            groups["tag"].setdefault(tag, []).append(number)
    return {
        name: {label: _gaps(numbers) for label, numbers in sorted(values.items())} for name, values in groups.items()
    }


def _gaps(numbers: list[int]) -> list[int]:
    """Increasing article numbers as the first, then each one's gap from the one before: small
    numbers, which is what keeps the index's JSON short."""
    return [*numbers[:1], *map(operator.sub, numbers[1:], numbers)]


def _article_files(
    ordered: Sequence[Article], links: urls.Urls, salt: bytes, memo: PageMemo | None
) -> list[OutputFile]:
    found = []
    for number, article in enumerate(ordered):
        path = f"{FOLDER}artikel/{number}.json"
        # What the file holds, not the article's digest (which knows its source file's place and
        # time): the table's code is made from these, the same in a cold and an incremental build.
        shown = (
            links.base_path,
            article.path,
            article.title,
            article.category,
            article.date.at.isoformat(),
            article.text,
        )
        fingerprint = hashlib.sha256(salt + "\0".join(shown).encode()).hexdigest()
        content = memo.get(path, fingerprint) if memo is not None else None
        if content is None:
            content = _encoded(
                {
                    "u": links.link(article.path),
                    "j": article.title,
                    "k": CATEGORIES[article.category],
                    "t": dates.short_date(article.date),
                    "d": article.date.at.date().isoformat(),
                    "x": article.text,
                }
            )
        found.append(OutputFile(path, ORIGIN, content, fingerprint))
    return found


def _encoded(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:16]

"""The search index, as files of the site under /cari/indeks/, put together from the words each
article brought from the load stage (load/search_terms.py) and read by the search page's own
script (static/js/cari.js). docs/architecture.md, "Search", gives the reasons.

- `kata-<VERSION>.json`, the only file with a fixed name: the number of articles, the word
  table (the first word of each chunk and the chunk's file), the filter file's name, and a code
  that changes with any file of the index.
- A chunk per run of words in sorted order, named by a digest of its bytes: `{"word": [-1 -
  id, weight, gap, weight, …]}` — the articles that have the word, by number (the oldest article
  is 0) as the gap from the one before, each with its weight (1–255); the first number of each
  stretch of RUN numbers is written as -1 minus itself instead (see RUN). A reader's query
  fetches the chunks of its words only: a few kilobytes, whatever the size of the site.
- `saring-<digest>.json`: the articles of each category and tag, by number as gaps, fetched
  when the reader opens the filters.
- `artikel/<number>.json` per article: its link, title, category, date and plain text, for a
  result and its excerpt.

Everything is made from values in memory, in a stable order, so two builds of the same
sources give the same bytes, and an incremental build the same index as a cold one.

A build hands the next one what its index was made of (SearchState, kept in .cache/): each
article's words by number and each word's list as written. When the articles keep their
numbers (an edit, a new article after the newest), the next build patches the lists of the
words its changed articles had or have, instead of going through every word of every article
again (at 10,000 articles a second of an edit's build); a chunk whose words and lists are the
same keeps its file. Anything else (an article between others, one deleted, another version
of berita, many articles changed) starts from nothing, and gives the same bytes.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import operator
from collections.abc import Sequence
from dataclasses import dataclass

from .. import dates, urls
from ..frontmatter.schema import CATEGORIES
from ..incremental.memo import PageMemo
from ..model import Article, OutputFile, unpacked

FOLDER = "cari/indeks/"
# The format of the index's files. In the word table's name and in the address the search page
# gives its script: a browser keeps both for ten minutes (GitHub Pages), and a script of one
# format reading files of another would find the wrong articles. Raise it with any change.
VERSION = 2
TABLE = FOLDER + f"kata-{VERSION}.json"
# About this many bytes of JSON a chunk (a third of it gzipped); a word with more entries is a
# chunk alone. Smaller chunks mean fewer bytes a query and more files.
CHUNK_BYTES = 12_000
ORIGIN = "(indeks pencarian)"


@dataclass(frozen=True)
class SearchState:
    """What one build's index was made of, for the next build to patch (the module's docstring)."""

    salt: bytes  # the code's, with the base path the article files' links are under
    articles: tuple[tuple[str, str], ...]  # by number: (source file, digest)
    words: tuple[tuple[bytes, bytes], ...]  # by number: the article's search_words (packed) and search_weights
    prints: tuple[str, ...]  # by number: the fingerprint of the article's own file
    entries: dict[str, str]  # each word's list as JSON, as _listed writes it (runs of gaps)
    chunks: dict[tuple[str, ...], str]  # each chunk's words, and its file's name


@dataclass(frozen=True)
class SearchIndex:
    files: list[OutputFile]
    state: SearchState
    # Whether `state` differs from the last build's (when not, there is nothing to keep).
    changed: bool


def search_files(
    articles: Sequence[Article], base_url: str, salt: bytes, memo: PageMemo | None, last: SearchState | None = None
) -> SearchIndex:
    """The files of the search index of `articles`, and what the next build may start from. A
    file the last build wrote is taken from `memo` (the last build's output) when what makes it
    is the same (`salt`: the code's); `last` is the last build's SearchState, if any."""
    ordered = sorted(articles, key=lambda a: (a.date.at, a.source))
    links = urls.Urls(base_url)
    salt = hashlib.sha256(salt + links.base_path.encode()).digest()
    keys = tuple((a.source, a.digest) for a in ordered)
    words = tuple((a.search_words, a.search_weights) for a in ordered)
    if last is not None and not _patchable(last, salt, keys):
        last = None
    # By number, whether the article is the last build's (the same source and digest).
    same = [n < len(last.articles) and last.articles[n] == key for n, key in enumerate(keys)] if last else []
    entries, touched = _entries(words, same, last)
    chunks = _chunks(entries, touched, last.chunks if last else {}, memo)
    found = [item for _, _, item in chunks]
    filters = _encoded(_filters(ordered))
    found.append(OutputFile(FOLDER + f"saring-{_digest(filters)}.json", ORIGIN, filters))
    articles_found = _article_files(ordered, links, salt, memo, same, last)
    found += articles_found
    table = {
        "versi": VERSION,
        "artikel": len(ordered),
        "potongan": [[chunk_words[0], item.path.removeprefix(FOLDER)] for chunk_words, _, item in chunks],
        "saring": found[len(chunks)].path.removeprefix(FOLDER),
        # Changes with any file of the index: the script asks for an article's file with it, so
        # that a browser never takes a number's file of an earlier build from its cache.
        "kode": hashlib.sha256("\n".join(f.fingerprint or f.path for f in found).encode()).hexdigest()[:16],
    }
    state = SearchState(
        salt,
        keys,
        words,
        tuple(item.fingerprint or "" for item in articles_found),
        entries,
        {chunk_words: name for chunk_words, name, _ in chunks},
    )
    changed = last is None or touched is None or bool(touched) or keys != last.articles
    return SearchIndex([*found, OutputFile(TABLE, ORIGIN, _encoded(table))], state, changed)


def _patchable(last: SearchState, salt: bytes, keys: tuple[tuple[str, str], ...]) -> bool:
    """Whether the last index can be patched into this one: the same code and base path, and
    every article of the last build still there under its number (new ones after them)."""
    # getattr: a state kept by another version of berita may lack what this one's has.
    if getattr(last, "salt", None) != salt:
        return False
    if len(last.articles) > len(keys) or not len(last.words) == len(last.prints) == len(last.articles):
        return False
    return all(old[0] == new[0] for old, new in zip(last.articles, keys, strict=False))


# Past this share of the articles changed, going through every article is as quick as patching
# (measured at 10,000 articles: 100 changed, patched 1.1 s against 1.3 s; 300, 1.6 s against 1.3 s).
PATCH_SHARE = 0.01


def _entries(
    words: tuple[tuple[bytes, bytes], ...], same: list[bool], last: SearchState | None
) -> tuple[dict[str, str], set[str] | None]:
    """Each word's list as JSON (as _listed writes it), in the order of `words` (by number); and
    the words whose lists may differ from `last`'s (None: all of them). `same`: by number,
    whether the article is the one `last` had (its words are then the same)."""
    if last is not None:
        before = last.words
        # The same digest, the same words: thousands of short strings compared, not their words.
        changed = [n for n, item in enumerate(words) if not same[n] and (n >= len(before) or before[n] != item)]
        if len(changed) <= max(1, PATCH_SHARE * len(words)):  # one edit: patched, whatever the size
            return _patched(last.entries, before, words, changed)
    postings: dict[str, list[int]] = {}
    for number, (text, weights) in enumerate(words):
        for word, weight in zip(unpacked(text).split(), weights, strict=True):
            entry = postings.get(word)
            if entry is None:
                postings[word] = [number, weight]
            else:
                entry += (number, weight)
    return {word: _listed(flat) for word, flat in postings.items()}, None


def _patched(
    entries: dict[str, str],
    before: tuple[tuple[bytes, bytes], ...],
    words: tuple[tuple[bytes, bytes], ...],
    changed: list[int],
) -> tuple[dict[str, str], set[str]]:
    """`entries` with the articles numbered in `changed` taken out of the lists of the words
    they had (`before`) and put in those of the words they have (`words`). An article's words
    are distinct and weigh 1 or more (search_terms): 0 here means taken out."""
    updates: dict[str, dict[int, int]] = {}  # word: {number: weight, 0 to take the number out}
    for number in changed:
        if number < len(before):
            for word in unpacked(before[number][0]).split():
                updates.setdefault(word, {})[number] = 0
        text, weights = words[number]
        for word, weight in zip(unpacked(text).split(), weights, strict=True):
            updates.setdefault(word, {})[number] = weight
    patched = dict(entries)
    for word, update in updates.items():
        listed = _patched_list(patched.get(word), update)
        if listed:
            patched[word] = listed
        else:
            patched.pop(word, None)
    return patched, set(updates)


def _patched_list(listed: str | None, update: dict[int, int]) -> str | None:
    """A word's list (as _listed wrote it) with each number of `update` given its weight, or
    taken out for 0: the list is cut into its runs as text, and only the runs of the numbers
    updated are read as numbers and written again."""
    runs = listed[1:-1].split(",-") if listed else []
    runs[1:] = ["-" + run for run in runs[1:]]  # each run starts with its first number, negative
    starts = [-int(run.partition(",")[0]) - 1 for run in runs]
    by_run: dict[int, dict[int, int]] = {}
    for number, weight in update.items():
        by_run.setdefault(number // RUN, {})[number] = weight
    for key, changes in sorted(by_run.items(), reverse=True):  # from the end: an index stays right
        at = bisect.bisect_left(starts, key * RUN)
        pairs: dict[int, int] = {}
        if at < len(starts) and starts[at] < (key + 1) * RUN:
            flat = json.loads(f"[{runs[at]}]")
            flat[0] = -flat[0] - 1
            pairs = dict(zip(itertools.accumulate(flat[0::2]), flat[1::2], strict=True))
            del runs[at], starts[at]
        pairs.update(changes)
        kept = sorted((number, weight) for number, weight in pairs.items() if weight)
        if kept:
            runs.insert(at, _listed(list(itertools.chain.from_iterable(kept)))[1:-1])
            starts.insert(at, kept[0][0])
    return f"[{','.join(runs)}]" if runs else None


# A word's list is cut into runs of the articles numbered in one stretch of RUN numbers (0–63,
# 64–127, …), each beginning with its first number as it is, negative (-1 for 0), then gaps:
# a run never depends on the one before, so an edit rewrites one run of each of its words'
# lists, not the whole list (the article is one of thousands in a common word's). A run's
# first number costs a few characters more than a gap: about 1% of a common word's list.
RUN = 64


def _listed(flat: list[int]) -> str:
    """[number, weight, number, weight, …] (increasing numbers) as JSON without a space: the
    numbers as gaps, but the first of each run of RUN numbers as -1 - itself."""
    numbers = flat[0::2]
    gaps = _gaps(numbers)
    at = 0
    while at < len(numbers):  # a step a run, not a number: a common word has thousands
        gaps[at] = -numbers[at] - 1
        at = bisect.bisect_left(numbers, (numbers[at] // RUN + 1) * RUN, at)
    flat[0::2] = gaps
    # repr's, minus its spaces: far quicker than a join.
    return repr(flat).replace(" ", "")


def _chunks(
    entries: dict[str, str], touched: set[str] | None, kept: dict[tuple[str, ...], str], memo: PageMemo | None
) -> list[tuple[tuple[str, ...], str, OutputFile]]:
    """The words in sorted order, cut into chunks of about CHUNK_BYTES, each a JSON object: each
    chunk's words, file name and file. A chunk of the same words, none of them `touched` (None:
    all are), is the file it was (`kept`: the last build's names; `memo`: its files)."""
    order = _in_browser_order if any(map(_beyond_bmp, entries)) else None
    runs: list[list[str]] = []
    run: list[str] = []
    size = 0
    for word in sorted(entries, key=order):
        run.append(word)
        size += len(word) + len(entries[word]) + 4
        if size >= CHUNK_BYTES:
            runs.append(run)
            run, size = [], 0
    if run or not runs:
        runs.append(run)
    chunks = []
    for run in runs:
        chunk_words = tuple(run)
        name = kept.get(chunk_words) if touched is not None and touched.isdisjoint(run) else None
        content = memo.get(FOLDER + f"{name}.json", name) if name and memo is not None else None
        if content is None:
            # A word is letters and digits only (search_terms.WORD): as a JSON string, it needs no escape.
            content = ("{" + ",".join(f'"{word}":{entries[word]}' for word in run) + "}").encode()
            name = _digest(content)
        chunks.append((chunk_words or ("",), name, OutputFile(FOLDER + f"{name}.json", ORIGIN, content, name)))
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
    ordered: Sequence[Article],
    links: urls.Urls,
    salt: bytes,
    memo: PageMemo | None,
    same: list[bool],
    last: SearchState | None,
) -> list[OutputFile]:
    found = []
    for number, article in enumerate(ordered):
        path = f"{FOLDER}artikel/{number}.json"
        text = None
        if last is not None and same[number]:
            fingerprint = last.prints[number]  # the same article (its digest): the same file
        else:
            # What the file holds, not the article's digest (which knows its source file's place
            # and time): the table's code is made from these, the same in a cold and an incremental build.
            text = unpacked(article.search_text)
            shown = (article.path, article.title, article.category, article.date.at.isoformat(), text)
            fingerprint = hashlib.sha256(salt + "\0".join(shown).encode()).hexdigest()
        content = memo.get(path, fingerprint) if memo is not None else None
        if content is None:
            text = unpacked(article.search_text) if text is None else text
            content = _encoded(
                {
                    "u": links.link(article.path),
                    "j": article.title,
                    "k": CATEGORIES[article.category],
                    "t": dates.short_date(article.date),
                    "d": article.date.at.date().isoformat(),
                    "x": text,
                }
            )
        found.append(OutputFile(path, ORIGIN, content, fingerprint))
    return found


def _encoded(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:16]

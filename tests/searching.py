"""The search index of a built site read back (site/search.py's format), and a query answered
over it as the search page's script answers it (static/js/cari.js): every word of the query
in an article, a word of three letters or more also finding the words it begins (at half its
weight), the weights times the rarity of what each word finds, the best first, among equals
the newer. The browser tests ask the script itself."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from berita.load.search_terms import words_of
from berita.site import search

PREFIX = 3


@dataclass
class SearchIndex:
    table: dict
    words: dict[str, dict[int, int]]  # word: {article number: weight}
    chunks: list[tuple[str, dict]]  # (first word, the chunk as read)
    articles: list[dict]  # by number: link, title, category, date, text
    filters: dict[str, dict[str, set[int]]]

    def find(self, query: str) -> list[str]:
        """The links of the articles a reader's query finds, the best first."""
        total: dict[int, float] | None = None
        for word in dict.fromkeys(words_of(query)):
            best: dict[int, float] = {}
            for found, entries in self.words.items():
                if found == word or (len(word) >= PREFIX and found.startswith(word)):
                    for number, weight in entries.items():
                        best[number] = max(best.get(number, 0), weight if found == word else weight / 2)
            rarity = math.log(1 + (len(self.articles) - len(best) + 0.5) / (len(best) + 0.5))
            scores = {number: weight * rarity for number, weight in best.items()}
            total = scores if total is None else {n: s + scores[n] for n, s in total.items() if n in scores}
        ranked = sorted(total or {}, key=lambda n: (-(total or {})[n], -n))
        return [self.articles[n]["u"] for n in ranked]


def numbers(gaps: list[int]) -> list[int]:
    """A word's article numbers from the index's: gaps, but a negative one is -1 minus a number."""
    found, number = [], 0
    for gap in gaps:
        number = -gap - 1 if gap < 0 else number + gap
        found.append(number)
    return found


def read_index(output: Path) -> SearchIndex:
    folder = output / "cari" / "indeks"
    table = json.loads((folder / search.TABLE.removeprefix(search.FOLDER)).read_text(encoding="utf-8"))
    words: dict[str, dict[int, int]] = {}
    chunks = []
    for first, name in table["potongan"]:
        chunk = json.loads((folder / name).read_text(encoding="utf-8"))
        chunks.append((first, chunk))
        for word, flat in chunk.items():
            words[word] = dict(zip(numbers(flat[0::2]), flat[1::2], strict=True))
    articles = [
        json.loads((folder / "artikel" / f"{number}.json").read_text(encoding="utf-8"))
        for number in range(table["artikel"])
    ]
    saved = json.loads((folder / table["saring"]).read_text(encoding="utf-8"))
    filters = {group: {label: set(numbers(gaps)) for label, gaps in values.items()} for group, values in saved.items()}
    return SearchIndex(table, words, chunks, articles, filters)

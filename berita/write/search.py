"""The search index: one Pagefind bundle per year of articles, made as files of the site.

A year's bundle is made by Pagefind over that year's article pages, in a folder of its own,
and kept in `.cache/search/` under a digest of those pages: a build after an edit makes again
only the bundle of the edited article's year (a newsroom mostly edits this year's), and a
cold build makes them side by side on every core. The search page loads the newest year's
bundle and merges the others into it in the reader's browser (Pagefind's mergeIndex).
Pagefind itself is run, and what it wrote checked, in pagefind.py.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from .. import urls
from ..disk import load_pickle, store_pickle
from ..incremental.cache import code_salt, generation
from ..model import Article, OutputFile
from .pagefind import COMPLETE, make_bundles

# Where the bundles are kept between builds, by year and digest, under the cache folder.
SEARCH_CACHE = "search"
# The hashes of the indexed pages' bytes (PageHashes), beside the years' folders.
PAGE_HASHES = "halaman.pickle"


def search_files(
    articles: Sequence[Article],
    files: Sequence[OutputFile],
    cache_folder: Path,
    fingerprints: Mapping[str, str] | None = None,
) -> list[OutputFile]:
    """The search index as files of the site: a bundle per year of `articles`, each taken from
    the cache when that year's pages (in `files`) are the ones it was made from, else made by
    Pagefind. A page is known by its `fingerprints` (memo.Fingerprints: what made its bytes),
    so that an unchanged page is not read; by its bytes where it has none. Raises BuildError
    saying why one could not be made."""
    pages = {item.path: item for item in files}
    by_year: dict[int, list[OutputFile]] = defaultdict(list)
    for article in articles:
        by_year[article.date.at.year].append(pages[urls.output_file(article.path)])
    kept = cache_folder / SEARCH_CACHE / generation(code_salt())
    hashes = PageHashes(kept / PAGE_HASHES, fingerprints or {})
    bundles = {year: kept / f"{year:04d}" / hashes.digest(year_pages) for year, year_pages in by_year.items()}
    hashes.keep()
    missing = [
        (year, bundles[year], by_year[year]) for year in sorted(by_year) if not (bundles[year] / COMPLETE).exists()
    ]
    make_bundles(missing)
    found = []
    for year, folder in sorted(bundles.items()):
        prefix = urls.output_folder(urls.search_bundle(year))
        found += [OutputFile(prefix + name, "pagefind", folder / name) for name in _bundle_files(folder)]
        _forget_others(folder)
    return found


def _bundle_files(folder: Path) -> list[str]:
    """The files of a bundle in the cache, by their path in it, in order. By os.walk: ten
    thousand Paths from rglob would cost a tenth of a second of each build at 10,000 articles."""
    names = []
    for root, _, files in os.walk(folder):
        inside = Path(root).relative_to(folder).as_posix()
        names += [name if inside == "." else f"{inside}/{name}" for name in files if name != COMPLETE]
    return sorted(names)


class PageHashes:
    """The hash of each indexed page's bytes, read only for the pages made this build: a page
    taken whole from the previous site, whose fingerprint is the one it had, has the hash it
    had. A year's index is made again when a page's bytes changed, not when its fingerprint
    did (a page shows its related articles' titles: it is rendered again when one of them is
    edited, most often to the same bytes)."""

    def __init__(self, file: Path, fingerprints: Mapping[str, str]) -> None:
        self.file, self.fingerprints = file, fingerprints
        # Missing or damaged: every page is read once.
        self.known: dict[str, tuple[str, str]] = load_pickle(file) or {}
        self.found: dict[str, tuple[str, str]] = {}

    def digest(self, pages: list[OutputFile]) -> str:
        digest = hashlib.sha256()
        for page in sorted(pages, key=lambda item: item.path):
            digest.update(f"{page.path}\0{self._of(page)}\0".encode())
        return digest.hexdigest()[:32]

    def _of(self, page: OutputFile) -> str:
        fingerprint = self.fingerprints.get(page.path, "")
        known = self.known.get(page.path)
        if fingerprint and known and known[0] == fingerprint and isinstance(page.content, Path):
            found = known[1]
        else:
            content = page.content if isinstance(page.content, bytes) else page.content.read_bytes()
            found = hashlib.sha256(content).hexdigest()
        self.found[page.path] = (fingerprint, found)
        return found

    def keep(self) -> None:
        if self.found != self.known:
            store_pickle(self.file, self.found)


def _forget_others(folder: Path) -> None:
    """Delete the year's other bundles in the cache: only the one in use is worth keeping."""
    try:
        others = [path for path in folder.parent.iterdir() if path != folder and not path.name.startswith(".")]
    except OSError:
        return
    for path in others:
        shutil.rmtree(path, ignore_errors=True)

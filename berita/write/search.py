"""The search index: Pagefind bundles, one per part of the articles (index.search_parts: the
newest year alone, older years together), made as files of the site.

A part's bundle is made by Pagefind over that part's article pages, in a folder of its own,
and kept in `.cache/search/` under a digest of those pages: a build after an edit makes again
only the bundle of the edited article's part (a newsroom mostly edits this year's), and a
cold build makes them side by side on every core. The search page loads the newest part's
bundle and merges the others into it in the reader's browser (Pagefind's mergeIndex).
Pagefind itself is run, and what it wrote checked, in pagefind.py.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections import defaultdict
from collections.abc import Mapping, Sequence
from contextlib import suppress
from pathlib import Path, PurePosixPath

from .. import urls
from ..disk import load_pickle, store_pickle
from ..incremental.cache import code_salt, generation
from ..model import Article, OutputFile
from .pagefind import COMPLETE, make_bundles

# Where the bundles are kept between builds, by part and digest, under the cache folder.
SEARCH_CACHE = "search"
# The hashes of the indexed pages' bytes (PageHashes), beside the parts' folders.
PAGE_HASHES = "halaman.pickle"

Part = tuple[int, int]  # first year, last year


def search_files(
    articles: Sequence[Article],
    parts: Sequence[Part],
    files: Sequence[OutputFile],
    cache_folder: Path,
    fingerprints: Mapping[str, str] | None = None,
) -> list[OutputFile]:
    """The search index as files of the site: a bundle per part of `articles` (`parts`, from
    index.search_parts), each taken from the cache when that part's pages (in `files`) are the
    ones it was made from, else made by Pagefind. A page is known by its `fingerprints`
    (memo.Fingerprints: what made its bytes), so that an unchanged page is not read; by its
    bytes where it has none. Raises BuildError saying why one could not be made."""
    pages = {item.path: item for item in files}
    part_of = {year: part for part in parts for year in range(part[0], part[1] + 1)}
    by_part: dict[Part, list[OutputFile]] = defaultdict(list)
    for article in articles:
        by_part[part_of[article.date.at.year]].append(pages[urls.output_file(article.path)])
    kept = cache_folder / SEARCH_CACHE / generation(code_salt())
    hashes = PageHashes(kept / PAGE_HASHES, fingerprints or {})
    names = {part: PurePosixPath(urls.search_bundle(*part)).name for part in by_part}
    bundles = {part: kept / names[part] / hashes.digest(part_pages) for part, part_pages in by_part.items()}
    hashes.keep()
    missing = [
        (names[part], bundles[part], by_part[part])
        for part in sorted(by_part)
        if not (bundles[part] / COMPLETE).exists()
    ]
    make_bundles(missing)
    found = []
    for part, folder in sorted(bundles.items()):
        prefix = urls.output_folder(urls.search_bundle(*part))
        found += [OutputFile(prefix + name, "pagefind", folder / name) for name in _bundle_files(folder)]
        _forget_others(folder)
    _forget_parts(kept, set(names.values()))
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
    had. A part's index is made again when a page's bytes changed, not when its fingerprint
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
    """Delete the part's other bundles in the cache: only the one in use is worth keeping."""
    _delete_all_but(folder.parent, {folder.name})


def _forget_parts(kept: Path, names: set[str]) -> None:
    """Delete the bundles of parts no longer made (the years put together otherwise since)."""
    _delete_all_but(kept, {*names, PAGE_HASHES})


def _delete_all_but(folder: Path, names: set[str]) -> None:
    """What `folder` holds but `names` (and Pagefind's work folders, dot-named, still being
    deleted): a cache that cannot be tidied is only larger."""
    try:
        others = [path for path in folder.iterdir() if path.name not in names and not path.name.startswith(".")]
    except OSError:
        return
    for path in others:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with suppress(OSError):
                path.unlink()

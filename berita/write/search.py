"""The search index: one Pagefind bundle per year of articles, made as files of the site.

A year's bundle is made by Pagefind over that year's article pages, in a folder of its own,
and kept in `.cache/search/` under a digest of those pages: a build after an edit makes again
only the bundle of the edited article's year (a newsroom mostly edits this year's), and a
cold build makes them side by side on every core. The search page loads the newest year's
bundle and merges the others into it in the reader's browser (Pagefind's mergeIndex).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import urls
from ..disk import delete_in_background, load_pickle, replace_file, store_pickle
from ..errors import BuildError, Problem
from ..incremental.cache import code_salt, generation
from ..model import Article, OutputFile
from ..workers import worker_count

# Where the bundles are kept between builds, by year and digest, under the cache folder.
SEARCH_CACHE = "search"
# A mark that a bundle in the cache is complete: written last, after Pagefind and its checks.
COMPLETE = ".lengkap"
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
    _make_bundles(missing)
    found = []
    for year, folder in sorted(bundles.items()):
        prefix = urls.output_folder(urls.search_bundle(year))
        for file in sorted(folder.rglob("*")):
            if file.is_file() and file.name != COMPLETE:
                found.append(OutputFile(prefix + file.relative_to(folder).as_posix(), "pagefind", file))
        _forget_others(folder)
    return found


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


def _make_bundles(jobs: list[tuple[int, Path, list[OutputFile]]]) -> None:
    """Pagefind over each year's pages, as many at once as there are cores."""
    running: list[tuple[subprocess.Popen[str], Path, Path, Path]] = []
    problems: list[Problem] = []
    for year, folder, pages in jobs:
        while len(running) >= worker_count():
            problems += _finish(*running.pop(0))
        running.append(_start(year, folder, pages))
    for job in running:
        problems += _finish(*job)
    if problems:
        raise BuildError(problems)


def _start(year: int, folder: Path, pages: list[OutputFile]) -> tuple[subprocess.Popen[str], Path, Path, Path]:
    """Pagefind started over a folder holding only `pages` (at their places in the site),
    writing into a folder beside `folder`."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    # The pages Pagefind reads: in the system's temporary folder, not the site's (its deletion
    # runs in the background, after the build has returned).
    site = Path(tempfile.mkdtemp(prefix=f"berita-halaman-{year}-"))
    for page in pages:
        target = site / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(page.content, bytes):
            target.write_bytes(page.content)
        else:
            shutil.copyfile(page.content, target)
    made = Path(tempfile.mkdtemp(prefix=f".indeks-{year}-", dir=folder.parent))
    command = [*_pagefind(), "--site", str(site), "--output-path", str(made), "--silent"]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(made, ignore_errors=True)
        raise BuildError([_problem(str(exc))]) from None
    return process, site, made, folder


@functools.cache
def _pagefind() -> list[str]:
    """Pagefind's binary itself, as `python -m pagefind` finds it (without starting a Python
    first for each year's index: a tenth of a second of every build after an edit)."""
    from pagefind.service import get_executable  # here: only a build with search needs it

    found = get_executable()
    return [str(found)] if found is not None else [sys.executable, "-m", "pagefind"]


def _finish(process: subprocess.Popen[str], site: Path, made: Path, folder: Path) -> list[Problem]:
    """Wait for one Pagefind; check and settle what it wrote and keep it as `folder`."""
    try:
        out, err = process.communicate(timeout=1800)
        if process.returncode != 0:
            reason = (err or out).strip().splitlines()
            return [_problem(reason[-1] if reason else f"keluar dengan status {process.returncode}")]
        settle_filters(made)
        damaged = damaged_files(made)
        if damaged:
            shown = ", ".join(damaged[:3]) + (f" dan {len(damaged) - 3} lagi" if len(damaged) > 3 else "")
            return [_problem(f"berkas {shown} tidak tertulis utuh (disk penuh?)")]
        (made / COMPLETE).write_bytes(b"")
        shutil.rmtree(folder, ignore_errors=True)  # an incomplete one of an earlier, killed build
        os.rename(made, folder)
        return []
    except subprocess.TimeoutExpired:
        process.kill()
        return [_problem("Pagefind tidak selesai dalam 30 menit")]
    except OSError as exc:
        return [_problem(f"indeks tidak bisa disimpan: {exc.strerror}")]
    finally:
        # Hundreds of small folders: deleted without waiting (a third of a build after an edit).
        for leftover in (site, made):
            if leftover.exists():
                delete_in_background(leftover)


def _forget_others(folder: Path) -> None:
    """Delete the year's other bundles in the cache: only the one in use is worth keeping."""
    try:
        others = [path for path in folder.parent.iterdir() if path != folder and not path.name.startswith(".")]
    except OSError:
        return
    for path in others:
        shutil.rmtree(path, ignore_errors=True)


# Pagefind's files that are gzip streams: the index, and its WebAssembly per language.
GZIPPED = frozenset((".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind"))


def damaged_files(bundle: Path) -> list[str]:
    """Pagefind's files in `bundle` that are not whole: empty, a gzip stream cut short, an entry
    file that does not parse. Pagefind has been seen to end well on a full disk with its script
    0 bytes long: search would then be dead on the live site."""
    found = []
    for file in sorted(bundle.rglob("*")) if bundle.is_dir() else [bundle]:
        if not file.is_file():
            continue
        name = f"pagefind/{file.relative_to(bundle).as_posix()}"
        try:
            data = file.read_bytes()
            if not data:
                raise ValueError("empty")
            if file.suffix in GZIPPED:
                gzip.decompress(data)
            elif file.name == "pagefind-entry.json":
                json.loads(data)
        except (OSError, EOFError, ValueError, zlib.error):
            found.append(name)
    return found or ([] if (bundle / "pagefind-entry.json").is_file() else ["pagefind/pagefind-entry.json"])


def _problem(reason: str) -> Problem:
    message = (
        f"indeks pencarian (Pagefind) gagal dibuat: {reason}. Pasang dependensi dengan `make build`, "
        "atau matikan pencarian dengan [search] enabled = false di config.toml"
    )
    return Problem("config.toml", None, "search", message)


# --- the same bytes on every run ----------------------------------------------------------------
#
# Pagefind (1.5.2) writes the values of each filter, the filters themselves, and the languages
# in pagefind-entry.json in the order of a Rust hash map, which changes from run to run. Each
# filter file is named by a hash of its bytes, the language's meta file lists those names and
# is named by its own hash, and pagefind-entry.json names the meta file; the rest of the index
# is the same on every run. So the filters are written again in sorted order, under names made
# the same way from the new bytes: the search finds the same, and two builds of the same
# sources are byte-identical. A file is "pagefind_dcd" and then CBOR, gzipped. Anything
# unexpected (another Pagefind version's layout, a damaged file) is left as Pagefind wrote it;
# a test then shows the builds differ.

SIGNATURE = b"pagefind_dcd"
META_FILTERS = 3  # the meta file is [version, pages, index chunks, filters, sorts, …]


def settle_filters(bundle: Path) -> None:
    """Rewrite the filter index in `bundle` (Pagefind's output folder) in a stable order.

    Everything is read first and the new files are written beside the old ones; the entry file
    then names the new meta files, and only then are the old files deleted: a failure on the way
    leaves Pagefind's own index whole."""
    entry_file = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        # Pagefind lists the languages in hash-map order too.
        entry["languages"] = dict(sorted(entry["languages"].items()))
        languages = [(language, *_settled(bundle, language["hash"])) for language in entry["languages"].values()]
    except (OSError, EOFError, zlib.error, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return  # not the layout this was written for, or a damaged file: left as Pagefind wrote it
    stale = []
    for language, files, meta_hash in languages:
        for old, new, data in files:
            replace_file(new, data)
            stale += [old] if old != new else []
        language["hash"] = meta_hash
    replace_file(entry_file, json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode())
    for file in stale:
        file.unlink()


def _settled(bundle: Path, meta_hash: str) -> tuple[list[tuple[Path, Path, bytes]], str]:
    """One language's filter files and meta file as (old file, new file, new bytes), and the
    new meta file's hash."""
    meta_file = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = _read(meta_file)
    if not all(isinstance(pair, list) and len(pair) == 2 for pair in meta[META_FILTERS]):
        raise ValueError("not a list of filters")
    files, filters = [], []
    for name, filter_hash in meta[META_FILTERS]:
        filter_file = bundle / "filter" / f"{filter_hash}.pf_filter"
        own_name, values = _read(filter_file)
        data = _encoded([own_name, sorted(values, key=lambda value: value[0])])
        new_hash = _named(filter_hash, data, 7)
        files.append((filter_file, bundle / "filter" / f"{new_hash}.pf_filter", data))
        filters.append([name, new_hash])
    meta[META_FILTERS] = sorted(filters)
    data = _encoded(meta)
    new_hash = _named(meta_hash, data, 10)
    files.append((meta_file, bundle / f"pagefind.{new_hash}.pf_meta", data))
    return files, new_hash


def _read(file: Path) -> Any:
    import cbor2  # here: only a build with search reads Pagefind's files

    data = gzip.decompress(file.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{file} is not a Pagefind file")
    return cbor2.loads(data[len(SIGNATURE) :])


def _encoded(value: Any) -> bytes:
    import cbor2

    return gzip.compress(SIGNATURE + cbor2.dumps(value), mtime=0)


def _named(old: str, data: bytes, length: int) -> str:
    """A name like Pagefind's (language, "_", hex digits) from a hash of the new bytes."""
    language = old.rpartition("_")[0]
    return f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"

"""Pagefind's filter index rewritten in a stable order, so that two builds of the same sources
make the same bytes.

Pagefind (1.5.2) writes the values of each filter, the filters themselves, and the languages
in pagefind-entry.json in the order of a Rust hash map, which changes from run to run. Each
filter file is named by a hash of its bytes, the language's meta file lists those names and
is named by its own hash, and pagefind-entry.json names the meta file; the rest of the index
is the same on every run. So the filters are written again in sorted order, under names made
the same way from the new bytes: the search finds the same, and two builds of the same
sources are byte-identical. A file is "pagefind_dcd" and then CBOR, gzipped. Anything
unexpected (another Pagefind version's layout, a damaged file) is left as Pagefind wrote it;
a test then shows the builds differ.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from pathlib import Path
from typing import Any

from ..disk import replace_file

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

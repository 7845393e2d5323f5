"""The search index: Pagefind run over the written pages, before they replace the old site."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from .errors import BuildError, Problem


def index_search(site: Path) -> None:
    """Write Pagefind's index and UI into `site/pagefind/`, or raise BuildError saying why not."""
    import subprocess  # here: most rebuilds in a preview or benchmark have search off

    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError([_problem(str(exc))]) from None
    if finished.returncode != 0:
        reason = (finished.stderr or finished.stdout).strip().splitlines()
        raise BuildError([_problem(reason[-1] if reason else f"keluar dengan status {finished.returncode}")])
    settle_filters(site / "pagefind")
    damaged = damaged_files(site / "pagefind")
    if damaged:
        shown = ", ".join(damaged[:3]) + (f" dan {len(damaged) - 3} lagi" if len(damaged) > 3 else "")
        raise BuildError([_problem(f"berkas {shown} tidak tertulis utuh (disk penuh?)")])


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
        name = file.relative_to(bundle.parent).as_posix()
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
            _replace(new, data)
            stale += [old] if old != new else []
        language["hash"] = meta_hash
    _replace(entry_file, json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode())
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


def _replace(file: Path, data: bytes) -> None:
    # Replaced, never written into: the file may share its inode with the live site's (output.py).
    temporary = file.with_name(f".{file.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, file)

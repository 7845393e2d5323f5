"""Pagefind run over a part's pages, as many at once as there are cores: each bundle checked
whole (a full disk can leave a file cut short) and its filters settled (pagefind_filters)
before it is kept as a folder of the search cache; why one failed as a problem."""

from __future__ import annotations

import functools
import gzip
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

from ..disk import delete_in_background
from ..errors import BuildError, Problem
from ..model import OutputFile
from ..workers import worker_count
from .pagefind_filters import settle_filters

# A mark that a bundle in the cache is complete: written last, after Pagefind and its checks.
COMPLETE = ".lengkap"


def make_bundles(jobs: list[tuple[str, Path, list[OutputFile]]]) -> None:
    """Pagefind over each part's pages (named as "2026" or "2015-2024"), as many at once as
    there are cores."""
    running: list[tuple[subprocess.Popen[str], Path, Path, Path]] = []
    problems: list[Problem] = []
    for name, folder, pages in jobs:
        while len(running) >= worker_count():
            problems += _finish(*running.pop(0))
        running.append(_start(name, folder, pages))
    for job in running:
        problems += _finish(*job)
    if problems:
        raise BuildError(problems)


def _start(name: str, folder: Path, pages: list[OutputFile]) -> tuple[subprocess.Popen[str], Path, Path, Path]:
    """Pagefind started over a folder holding only `pages` (at their places in the site),
    writing into a folder beside `folder`."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    # The pages Pagefind reads: in the system's temporary folder, not the site's (its deletion
    # runs in the background, after the build has returned).
    site = Path(tempfile.mkdtemp(prefix=f"berita-halaman-{name}-"))
    linking = True  # until a link fails: the two folders are on two disks (a tmpfs /tmp, say)
    for page in pages:
        target = site / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(page.content, bytes):
            target.write_bytes(page.content)
        else:
            linking = linking and _linked(page.content, target)
            if not linking:
                shutil.copyfile(page.content, target)
    made = Path(tempfile.mkdtemp(prefix=f".indeks-{name}-", dir=folder.parent))
    command = [*_pagefind(), "--site", str(site), "--output-path", str(made), "--silent"]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(made, ignore_errors=True)
        raise BuildError([_problem(str(exc))]) from None
    return process, site, made, folder


def _linked(page: Path, target: Path) -> bool:
    """Whether a page of the previous site could be given another name, `target`: a hard link
    costs no bytes and no time (a thousand pages of a year after an edit); else it is copied."""
    try:
        os.link(page, target)
    except OSError:
        return False
    return True


@functools.cache
def _pagefind() -> list[str]:
    """Pagefind's binary itself, found as `python -m pagefind` finds it: PAGEFIND_BINARY_PATH,
    then the binary packages. Without starting a Python first for each part's index, and without
    importing pagefind.service while the binary package answers (asyncio and ssl: a fifth of a
    second of every build with search)."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return [named]
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return [str(importlib.import_module(package).get_executable())]
        except ImportError:
            continue
    from pagefind.service import get_executable  # its last resort: a binary on the PATH

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

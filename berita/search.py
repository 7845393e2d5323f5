"""The search index: Pagefind run over the written pages, before they replace the old site."""

from __future__ import annotations

import sys
from pathlib import Path

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


def _problem(reason: str) -> Problem:
    message = (
        f"indeks pencarian (Pagefind) gagal dibuat: {reason}. Pasang dependensi dengan `make build`, "
        "atau matikan pencarian dengan [search] enabled = false di config.toml"
    )
    return Problem("config.toml", None, "search", message)

"""The benchmark's own scripts: they run outside `make test`, so a rename in berita would break them unseen."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sites import PROJECT, load_corpus_module


def test_the_floor_times_markdown_cards_and_files_of_every_article(tmp_path: Path) -> None:
    load_corpus_module().write_sites(tmp_path, 6)
    site = tmp_path / "berita"
    command = [sys.executable, str(PROJECT / "bench" / "floor.py"), str(PROJECT), str(site / "content"), "BERITA BENCH"]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    measured = json.loads(finished.stdout)
    assert measured["articles"] == 6
    assert all(measured[part] > 0 for part in ("markdown", "cards", "files"))
    assert not [p for p in site.iterdir() if p.name.startswith("floor-")], "its files are deleted"

"""The benchmark's own scripts: they run outside `make test`, so a rename in berita would break them unseen."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sites import PROJECT, add_theme, at_now, load_corpus_module

from berita.cli import main


def test_the_floor_times_markdown_cards_and_files_of_every_article(tmp_path: Path) -> None:
    load_corpus_module().write_sites(tmp_path, 6, project=add_theme(tmp_path / "alat"))
    site = tmp_path / "berita"
    command = [sys.executable, str(PROJECT / "bench" / "floor.py"), str(PROJECT), str(site / "content"), "BERITA BENCH"]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    measured = json.loads(finished.stdout)
    assert measured["articles"] == 6
    assert all(measured[part] > 0 for part in ("markdown", "cards", "files"))
    assert not [p for p in site.iterdir() if p.name.startswith("floor-")], "its files are deleted"


@pytest.mark.slow
def test_the_photo_corpus_builds_with_a_lead_photo_in_every_article(tmp_path: Path) -> None:
    corpus = load_corpus_module()
    articles = corpus.write_sites(tmp_path, 3, project=add_theme(tmp_path / "alat"))
    site = tmp_path / "berita"
    corpus.add_photos(site, articles)
    photos = sorted(site.glob("content/*/*.jpg"))
    assert len(photos) == 3 and len({p.read_bytes() for p in photos}) == 3, "each file a photo of its own"
    assert main(["build", "--config", str(site / "config.toml"), *at_now(())]) == 0
    for article in articles:
        page = site / "output" / f"{article.date.year:04d}" / f"{article.date.month:02d}" / article.slug / "index.html"
        hero = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("figure.hero img")
        assert hero is not None and hero["alt"] == corpus.PHOTO_ALT
        assert (hero["width"], hero["height"]) == ("1200", "800")

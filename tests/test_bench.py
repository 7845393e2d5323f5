"""The benchmark's own scripts: they run outside `make test`, so a rename in berita would break them unseen."""

from __future__ import annotations

import importlib.util
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
    assert all(measured[part] > 0 for part in ("markdown", "cards", "files", "pagefind"))
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


def load_figures_module():
    """bench/figures.py: the benchmark's targets and tables, computed from measured series."""
    spec = importlib.util.spec_from_file_location("bench_figures", PROJECT / "bench" / "figures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_figures"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_the_targets_of_issue_23_from_made_up_figures() -> None:
    figures = load_figures_module()
    Sample, Series = figures.Sample, figures.Series

    def series(tool: str, kind: str, size: int, *walls: float, cpu: float = 1.0, rss: int = 0) -> Series:
        return Series(tool, kind, size, [Sample(wall, cpu, rss) for wall in walls])

    mib = figures.MiB
    results = {
        size: {
            ("berita", "cold"): series("berita", "cold", size, 30.0, 20.0, 25.0, cpu=40.0),
            ("berita-cari", "cold"): series("berita-cari", "cold", size, 40.0, cpu=60.0, rss=600 * mib),
            ("berita-cari", "edit"): series("berita-cari", "edit", size, 0.4, 2.0, 0.45),
            ("pelican", "cold+pagefind"): series("pelican", "cold+pagefind", size, 100.0, cpu=100.0),
        }
        for size in (1000, 10000)
    }
    floors = {10000: figures.Floor(markdown=10.0, cards=8.0, files=2.0, pagefind=6.0)}
    preview = series("berita", "preview", 10000, 0.1, 0.3, 0.15)
    found = {(t.text, t.size): t for t in figures.targets(results, floors, 2, preview, {10000: 250_000.0})}

    edit_1k = found["build after editing one article, search on, 1,000", 1000]
    assert (edit_1k.value, edit_1k.limit, edit_1k.met) == (0.45, 0.5, True), "the median, below 0.5 s"
    edit_10k = found["build after editing one article, search on, 10,000", 10000]
    assert (edit_10k.limit, edit_10k.met) == (1.5, True)
    floor = found["cold build, search off, 10,000 ÷ the floor", 10000]
    assert floor.value == 25.0 / 10.0 and floor.by_cpu == 40.0 / 20.0 and floor.met is False
    assert found["cold build, search off, 1,000 ÷ the floor", 1000].value is None, "no floor measured at 1,000"
    peers = found["cold build, search on, 10,000 ÷ Pelican + Pagefind", 10000]
    assert (peers.value, peers.by_cpu, peers.met) == (0.4, 0.6, True)
    memory = found["peak memory, cold build, search on, 10,000", 10000]
    assert memory.met is False and memory.row()[2:4] == ["600 MiB", "FAIL"]
    assert found["preview: save → reloaded page, 10,000", 10000].value == 0.15
    reader = found["a reader's search, 10,000: bytes fetched", 10000]
    assert reader.row()[1:4] == ["≤ 200 kB", "250 kB", "FAIL"]
    assert found["build after editing one article, search on, 1,000", 1000].row()[1:4] == ["< 0.50 s", "0.45 s", "pass"]


def test_a_peer_with_pagefind_is_its_two_runs_added() -> None:
    figures = load_figures_module()
    both = figures.then(figures.Sample(2.0, 3.0, 100), figures.Sample(0.5, 0.7, 300))
    assert (both.wall, both.cpu, both.rss) == (2.5, 3.7, 300)


def test_a_target_not_measured_says_so() -> None:
    figures = load_figures_module()
    missing = figures.Target("a reader's search, 10,000: bytes fetched", 10000, None, 200_000, unit="kB")
    assert missing.met is None and missing.row()[2] == "not measured"


def test_the_bench_measures_berita_with_its_modules_compiled(tmp_path: Path) -> None:
    # As after a user's first run: where PYTHONDONTWRITEBYTECODE is set, each build would compile them again.
    spec = importlib.util.spec_from_file_location("bench_run", PROJECT / "bench" / "run.py")
    run = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = run
    spec.loader.exec_module(run)
    project, pelican, hugo = tmp_path / "berita", tmp_path / "pelican", tmp_path / "hugo"
    (project / "berita" / "site").mkdir(parents=True)
    (project / "build.py").write_text("", encoding="utf-8")
    (project / "berita" / "site" / "render.py").write_text("X = 1\n", encoding="utf-8")
    (pelican / "bin").mkdir(parents=True)
    (pelican / "bin" / "pelican").write_text("", encoding="utf-8")
    (hugo / "lib" / "python3.11" / "site-packages" / "hugo" / "binaries").mkdir(parents=True)
    (hugo / "lib" / "python3.11" / "site-packages" / "hugo" / "binaries" / "hugo-linux").write_text("")
    run.find_tools(project, pelican, hugo)
    assert list((project / "berita" / "site" / "__pycache__").glob("render.*.pyc"))

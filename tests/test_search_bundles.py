"""The search index, one Pagefind bundle per year: a build after an edit makes again only the
edited article's year, and gives the bytes of a cold build (so the same answers to every query;
tests/browser/test_search.py asks both in a browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sites import build, copy_demo, snapshot

from berita.write import pagefind, search

EDITED = "content/2022/webinar-kesehatan-mental-mahasiswa.md"


def edit(root: Path) -> None:
    path = root / EDITED
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nPeserta juga mendapat modul swadaya tentang pengelolaan stres ujian.\n", encoding="utf-8")


def bundles(root: Path) -> dict[str, bytes]:
    return {path: data for path, data in snapshot(root / "output").items() if path.startswith("pagefind/")}


@pytest.fixture
def made_years(monkeypatch) -> list[int]:
    """The years whose bundle Pagefind made, in the builds of the test."""
    years: list[int] = []
    start = pagefind._start

    def recording(year, folder, pages):
        years.append(year)
        return start(year, folder, pages)

    monkeypatch.setattr(pagefind, "_start", recording)
    return years


def test_an_edit_makes_again_only_its_years_index_and_gives_a_cold_builds_bytes(tmp_path, made_years) -> None:
    site = copy_demo(tmp_path / "situs")
    build(site)
    assert sorted(made_years) == [2021, 2022, 2023, 2024, 2025, 2026]
    before = bundles(site)
    made_years.clear()
    edit(site)
    build(site)
    assert made_years == [2022]
    after = bundles(site)
    changed = {path.split("/")[1] for path in set(before) ^ set(after)}
    changed |= {path.split("/")[1] for path in set(before) & set(after) if before[path] != after[path]}
    assert changed == {"2022"}
    cold = copy_demo(tmp_path / "dingin")
    edit(cold)
    build(cold)
    assert bundles(cold) == after


def test_a_build_with_nothing_new_makes_no_index(tmp_path, made_years) -> None:
    site = copy_demo(tmp_path / "situs")
    build(site)
    made_years.clear()
    (site / ".cache" / "stamp.pickle").unlink()  # a real build, not the stamp's "nothing changed"
    build(site)
    assert made_years == []


def test_the_cache_keeps_only_the_index_in_use_of_each_year(tmp_path) -> None:
    site = copy_demo(tmp_path / "situs")
    build(site)
    edit(site)
    build(site)
    [generation] = (site / ".cache" / search.SEARCH_CACHE).iterdir()
    # A dot-folder is Pagefind's work folder, still being deleted in the background.
    kept = {
        year.name: [bundle.name for bundle in year.iterdir() if not bundle.name.startswith(".")]
        for year in generation.iterdir()
        if year.is_dir()
    }
    assert sorted(kept) == ["2021", "2022", "2023", "2024", "2025", "2026"]
    assert all(len(digests) == 1 for digests in kept.values()), kept

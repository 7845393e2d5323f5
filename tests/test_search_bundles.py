"""The search index, one Pagefind bundle per year: a build after an edit makes again only the
edited article's year, and gives the bytes of a cold build (so the same answers to every query;
tests/browser/test_search.py asks both in a browser)."""

from __future__ import annotations

import os
import subprocess
import sys
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


def run_python(code: str, **environment: str) -> str:
    env = {**os.environ, **environment}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return done.stdout.strip()


def test_pagefind_is_found_without_importing_its_service_module() -> None:
    """pagefind.service imports asyncio and ssl: a fifth of a second of every build with search."""
    code = "import sys; from berita.write import pagefind; print(pagefind._pagefind()[0]); print('pagefind.service' in sys.modules)"
    found, imported = run_python(code).splitlines()
    assert Path(found).name == "pagefind"
    assert imported == "False"


def test_pagefind_binary_path_names_the_binary_as_pagefind_itself_reads_it(tmp_path) -> None:
    named = tmp_path / "pagefind-sendiri"
    code = "from berita.write import pagefind; print(pagefind._pagefind()[0])"
    assert run_python(code, PAGEFIND_BINARY_PATH=str(named)) == str(named)


def test_pages_of_the_previous_site_are_linked_not_copied_and_left_as_they_were(tmp_path) -> None:
    page = tmp_path / "situs" / "2022" / "01" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_bytes(b"<html>halaman</html>")
    before = page.stat()
    target = tmp_path / "halaman" / "index.html"
    target.parent.mkdir()
    pagefind._link_or_copy(page, target)
    assert target.read_bytes() == b"<html>halaman</html>"
    assert target.stat().st_ino == page.stat().st_ino  # one disk: no bytes copied
    assert (page.stat().st_size, page.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_a_page_on_another_disk_is_copied(tmp_path, monkeypatch) -> None:
    page, target = tmp_path / "a.html", tmp_path / "b.html"
    page.write_bytes(b"isi")

    def across_disks(source, destination):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(pagefind.os, "link", across_disks)
    pagefind._link_or_copy(page, target)
    assert target.read_bytes() == b"isi" and target.stat().st_ino != page.stat().st_ino

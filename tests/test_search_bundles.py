"""The search index, Pagefind bundles by part of the articles (the newest year alone, older
years together): a build after an edit makes again only the edited article's part, and gives
the bytes of a cold build (so the same answers to every query; tests/browser/test_search.py
asks both in a browser)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from sites import build, copy_demo, snapshot

from berita.model import OutputFile
from berita.site import index
from berita.site.index import search_parts
from berita.write import pagefind, search

EDITED = "content/2022/webinar-kesehatan-mental-mahasiswa.md"
# The demo's years, 2021 to 2026, publish 2, 3, 3, 3, 4 and 8 articles: in parts of at most 8,
# the newest year alone and the older ones in two parts.
SMALL_PARTS = 8
DEMO_PARTS = ["2021-2023", "2024-2025", "2026"]


def edit(root: Path) -> None:
    path = root / EDITED
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nPeserta juga mendapat modul swadaya tentang pengelolaan stres ujian.\n", encoding="utf-8")


def bundles(root: Path) -> dict[str, bytes]:
    return {path: data for path, data in snapshot(root / "output").items() if path.startswith("pagefind/")}


@pytest.fixture
def made_parts(monkeypatch) -> list[str]:
    """The parts whose bundle Pagefind made, in the builds of the test (the demo in parts of
    at most SMALL_PARTS articles)."""
    monkeypatch.setattr(index, "SEARCH_PART_ARTICLES", SMALL_PARTS)
    made: list[str] = []
    start = pagefind._start

    def recording(name, folder, pages):
        made.append(name)
        return start(name, folder, pages)

    monkeypatch.setattr(pagefind, "_start", recording)
    return made


def test_the_newest_year_is_a_part_alone_and_older_years_are_put_together_from_the_oldest() -> None:
    assert search_parts({}) == ()
    assert search_parts({2024: 5}) == ((2024, 2024),)
    # A small site: two parts, however many years.
    assert search_parts(dict.fromkeys(range(2015, 2025), 100)) == ((2024, 2024), (2015, 2023))
    # A large one: a year that fills a part is a part alone.
    assert search_parts(dict.fromkeys(range(2015, 2025), 1000)) == tuple((y, y) for y in range(2024, 2014, -1))
    counts = {2018: 600, 2019: 500, 2020: 300, 2021: 200, 2022: 900, 2023: 50}
    assert search_parts(counts) == ((2023, 2023), (2022, 2022), (2019, 2021), (2018, 2018))


def test_a_years_count_changes_no_part_before_the_one_just_before_its_own() -> None:
    """A new, deleted or moved article makes again its part, the one before (which its year may
    now join or leave) and the newer ones; more articles in a year never the one before."""
    chance = random.Random(20240421)
    for _ in range(1000):
        counts = {
            year: chance.choice((1, 50, 300, 700, 1000, 1500)) for year in range(2010, 2010 + chance.randint(1, 15))
        }
        year = chance.choice(sorted(counts))
        more = {**counts, year: counts[year] + chance.randint(1, 400)}
        fewer = {**counts, year: counts[year] - chance.randint(1, counts[year])}
        if not fewer[year]:
            del fewer[year]  # its last article deleted, or moved to another year
        oldest_first = search_parts(counts)[::-1]
        own = next(i for i, (first, last) in enumerate(oldest_first) if first <= year <= last)
        assert search_parts(more)[::-1][:own] == oldest_first[:own], (counts, year)
        before = max(own - 1, 0)
        assert search_parts(fewer)[::-1][:before] == oldest_first[:before], (counts, year)
        for changed in (more, fewer):
            # Every year in exactly one part, the parts newest first.
            years = [y for first, last in reversed(search_parts(changed)) for y in range(first, last + 1)]
            assert [y for y in years if y in changed] == sorted(changed)


def test_an_edit_makes_again_only_its_parts_index_and_gives_a_cold_builds_bytes(tmp_path, made_parts) -> None:
    site = copy_demo(tmp_path / "situs")
    build(site)
    assert sorted(made_parts) == DEMO_PARTS
    before = bundles(site)
    made_parts.clear()
    edit(site)
    build(site)
    assert made_parts == ["2021-2023"]
    after = bundles(site)
    changed = {path.split("/")[1] for path in set(before) ^ set(after)}
    changed |= {path.split("/")[1] for path in set(before) & set(after) if before[path] != after[path]}
    assert changed == {"2021-2023"}
    cold = copy_demo(tmp_path / "dingin")
    edit(cold)
    build(cold)
    assert bundles(cold) == after


def test_the_search_page_merges_every_part_newest_first(tmp_path, made_parts) -> None:
    site = copy_demo(tmp_path / "situs")
    build(site)
    page = (site / "output" / "cari" / "index.html").read_text(encoding="utf-8")
    paths = " ".join(f"/pagefind/{name}/" for name in reversed(DEMO_PARTS))
    assert f'data-bundles="{paths}"' in page
    assert {path.split("/")[1] for path in bundles(site)} == set(DEMO_PARTS)


def test_a_build_with_nothing_new_makes_no_index(tmp_path, made_parts) -> None:
    site = copy_demo(tmp_path / "situs")
    build(site)
    made_parts.clear()
    (site / ".cache" / "stamp.pickle").unlink()  # a real build, not the stamp's "nothing changed"
    build(site)
    assert made_parts == []


def kept_bundles(site: Path) -> dict[str, list[str]]:
    [generation] = (site / ".cache" / search.SEARCH_CACHE).iterdir()
    # A dot-folder is Pagefind's work folder, still being deleted in the background.
    return {
        part.name: [bundle.name for bundle in part.iterdir() if not bundle.name.startswith(".")]
        for part in generation.iterdir()
        if part.is_dir() and not part.name.startswith(".")
    }


def test_the_cache_keeps_only_the_index_in_use_of_each_part(tmp_path, made_parts) -> None:
    site = copy_demo(tmp_path / "situs")
    build(site)
    edit(site)
    build(site)
    kept = kept_bundles(site)
    assert sorted(kept) == DEMO_PARTS
    assert all(len(digests) == 1 for digests in kept.values()), kept


def test_parts_put_together_otherwise_leave_no_bundle_behind(tmp_path, monkeypatch) -> None:
    site = copy_demo(tmp_path / "situs")
    monkeypatch.setattr(index, "SEARCH_PART_ARTICLES", SMALL_PARTS)
    build(site)
    monkeypatch.setattr(index, "SEARCH_PART_ARTICLES", 1000)
    (site / ".cache" / "stamp.pickle").unlink()
    build(site)
    assert sorted(kept_bundles(site)) == ["2021-2025", "2026"]
    assert {path.split("/")[1] for path in bundles(site)} == {"2021-2025", "2026"}
    [generation] = (site / ".cache" / search.SEARCH_CACHE).iterdir()
    assert (generation / search.PAGE_HASHES).is_file()  # kept: the next build reads no unchanged page


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


def previous_pages(tmp_path: Path, count: int) -> list[OutputFile]:
    pages = []
    for number in range(count):
        page = tmp_path / "situs" / "2022" / "01" / f"a{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_bytes(b"<html>halaman</html>")
        pages.append(OutputFile(f"2022/01/a{number}/index.html", "page", page))
    return pages


def pagefinds_input(monkeypatch, pages: list[OutputFile], folder: Path) -> Path:
    """The folder Pagefind was started over, kept (Pagefind itself not run)."""
    started: list[list[str]] = []
    monkeypatch.setattr(pagefind.subprocess, "Popen", lambda command, **_: started.append(command))
    (folder.parent / "tmp").mkdir(parents=True)
    monkeypatch.setattr(pagefind.tempfile, "tempdir", str(folder.parent / "tmp"))  # gone with the test
    pagefind._start("2022", folder, pages)
    command = started[0]
    return Path(command[command.index("--site") + 1])


def test_pages_of_the_previous_site_are_linked_not_copied_and_left_as_they_were(tmp_path, monkeypatch) -> None:
    pages = previous_pages(tmp_path, 3)
    before = [page.content.stat() for page in pages]
    site = pagefinds_input(monkeypatch, pages, tmp_path / "cache" / "2022" / "digest")
    for page, was in zip(pages, before, strict=True):
        linked = site / page.path
        assert linked.read_bytes() == b"<html>halaman</html>"
        assert linked.stat().st_ino == page.content.stat().st_ino  # one disk: no bytes copied
        assert (page.content.stat().st_size, page.content.stat().st_mtime_ns) == (was.st_size, was.st_mtime_ns)


def test_pages_on_another_disk_are_copied_trying_to_link_once(tmp_path, monkeypatch) -> None:
    pages = previous_pages(tmp_path, 3)
    tried: list[str] = []

    def across_disks(source, destination):
        tried.append(source)
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(pagefind.os, "link", across_disks)
    site = pagefinds_input(monkeypatch, pages, tmp_path / "cache" / "2022" / "digest")
    assert len(tried) == 1
    for page in pages:
        copied = site / page.path
        assert copied.read_bytes() == b"<html>halaman</html>" and copied.stat().st_ino != page.content.stat().st_ino

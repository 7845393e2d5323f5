"""Many rendered pages go to a spool folder beside output/ instead of memory, and the write stage
links them into the site: the same site, nothing left behind, no source ever linked.

SPOOL_FROM is lowered so that the demo (about a hundred pages) takes the path a cold build of
a large site takes."""

from __future__ import annotations

import ctypes
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sites import PROJECT, at_now, copy_demo, snapshot

from berita import pipeline, workers
from berita.cli import main
from berita.images import media
from berita.model import OutputFile
from berita.site import render
from berita.write import output
from berita.write.output import discard_spool, page_spool, write_output


def build(root: Path) -> int:
    return main(["build", "--config", str(root / "config.toml"), *at_now(())])


def spools(folder: Path) -> list[str]:
    """The spools beside output/ once their deletion in the background is done."""
    deadline = time.monotonic() + 10
    while True:
        found = sorted(p.name for p in folder.iterdir() if "pages-" in p.name)
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


@pytest.fixture
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The demo built with every page in memory."""
    root = copy_demo(tmp_path_factory.mktemp("acuan") / "situs")
    assert build(root) == 0
    return snapshot(root / "output")


def test_a_spooled_build_is_the_same_site_and_leaves_no_spool(tmp_path: Path, monkeypatch, reference, capsys) -> None:
    monkeypatch.setattr(render, "SPOOL_FROM", 1)
    monkeypatch.setattr(media, "MANY_CARDS", 1)
    linked: list[str] = []
    link = output._link
    monkeypatch.setattr(output, "_link", lambda source, target: linked.append(source) or link(source, target))
    root = copy_demo(tmp_path / "situs")
    assert build(root) == 0
    assert snapshot(root / "output") == reference
    from_spool = [source for source in linked if ".output.pages-" in source]
    assert len(from_spool) > 50, "the pages were linked from the spool, not written again"
    assert all(source.endswith((".html", ".jpg")) for source in from_spool), "feeds and the sitemap stay in memory"
    # The link-preview cards made by this build too: written there by the worker that made each.
    assert len([source for source in from_spool if source.endswith(".jpg")]) > 20
    assert spools(root) == []


def test_a_failed_build_deletes_its_spool_and_leaves_the_site(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(render, "SPOOL_FROM", 1)
    root = copy_demo(tmp_path / "situs")
    assert build(root) == 0
    before = snapshot(root / "output")
    # Every page renders again (another template) and is spooled; the site then fails the
    # check: a static file at a page's address.
    base = root / "templates/base.html"
    base.write_text(base.read_text(encoding="utf-8") + "{# diubah #}\n", encoding="utf-8")
    (root / "static/tag").mkdir(parents=True)
    (root / "static/tag/index.html").write_text("<p>tabrakan", encoding="utf-8")
    made: list[bool] = []
    discard = pipeline.discard_spool
    monkeypatch.setattr(pipeline, "discard_spool", lambda spool: made.append(spool.is_dir()) or discard(spool))
    assert build(root) == 1
    assert made == [True], "the pages were spooled before the check failed"
    assert "static/tag/index.html" in capsys.readouterr().err
    assert snapshot(root / "output") == before
    assert spools(root) == []


def test_the_spool_of_a_killed_build_is_deleted_by_the_next(tmp_path: Path, capsys) -> None:
    root = copy_demo(tmp_path / "situs")
    left = root / ".output.pages-4242-0badcafe"
    left.mkdir()
    (left / "7.html").write_bytes(b"<p>setengah")
    assert build(root) == 0
    assert spools(root) == []


def test_only_this_outputs_own_spools_are_taken_for_a_killed_builds(tmp_path: Path, monkeypatch) -> None:
    deleted: list[Path] = []
    monkeypatch.setattr(output, "delete_in_background", deleted.append)
    # Output "output"'s, then those of outputs named "output.pages-1" and "outputs" beside it.
    for name in (
        ".output.pages-12-0badcafe",
        ".output.pages-1.spare",
        ".output.pages-1.pages-7-0badcafe",
        ".outputs.pages-12-0badcafe",
    ):
        (tmp_path / name).mkdir()
    page_spool(tmp_path / "output")
    assert deleted == [tmp_path.resolve() / ".output.pages-12-0badcafe"]
    deleted.clear()
    (tmp_path / ".sitev.pages-12-0badcafe").mkdir()
    page_spool(tmp_path / "site[v]")  # not a pattern
    assert deleted == []


def test_a_spool_goes_under_its_own_outputs_old_name(tmp_path: Path, monkeypatch) -> None:
    deleted: list[Path] = []
    monkeypatch.setattr(output, "delete_in_background", deleted.append)
    spool = page_spool(tmp_path / "x.pages-1")
    spool.mkdir()
    discard_spool(spool)
    [doomed] = deleted
    assert doomed.name.startswith(".x.pages-1.old-"), doomed.name  # which the next build of x.pages-1 deletes


def test_a_spool_that_cannot_be_made_leaves_the_pages_in_memory(tmp_path: Path, monkeypatch, reference, capsys) -> None:
    monkeypatch.setattr(render, "SPOOL_FROM", 1)
    monkeypatch.setattr(pipeline, "page_spool", lambda out: tmp_path / "tidak-ada" / "spool")
    root = copy_demo(tmp_path / "situs")
    assert build(root) == 0
    assert snapshot(root / "output") == reference


def test_a_page_that_cannot_be_spooled_stays_in_memory(tmp_path: Path, monkeypatch, reference, capsys) -> None:
    monkeypatch.setattr(render, "SPOOL_FROM", 1)
    written_new = render.written_new
    refused: list[str] = []

    def full_disk(file: Path, data: bytes) -> bool:
        if not file.name.startswith("1"):
            return written_new(file, data)
        file.write_bytes(b"")  # as a full disk leaves it: made, and nothing in it
        refused.append(file.name)
        return False

    monkeypatch.setattr(render, "written_new", full_disk)
    monkeypatch.setattr(workers, "worker_count", lambda: 1)  # rendered in this process, which sees `refused`
    root = copy_demo(tmp_path / "situs")
    assert build(root) == 0
    assert refused and snapshot(root / "output") == reference


def test_only_the_spools_files_are_linked_never_a_source(tmp_path: Path) -> None:
    out = tmp_path / "output"
    spool = page_spool(out)
    spool.mkdir()
    page = spool / "0.html"
    page.write_bytes(b"<p>halaman")
    source = tmp_path / "static.css"
    source.write_bytes(b"body{}")
    write_output(
        [OutputFile("index.html", "t", page), OutputFile("css/style.css", "static/style.css", source)], out, spool
    )
    assert (out / "index.html").stat().st_ino == page.stat().st_ino
    assert (out / "css/style.css").stat().st_ino != source.stat().st_ino, "an author's file is copied"
    assert (out / "css/style.css").read_bytes() == b"body{}"


def test_memory_freed_by_the_load_stage_is_given_back(tmp_path: Path) -> None:
    # Half a million freed strings, the heap's top held by one kept after them: glibc keeps the
    # memory until asked (what a cold build's load leaves behind, sources and parsed files).
    script = """
import sys
from berita.workers import give_back_freed_memory
def rss():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS")) // 1024
texts = [("x" * 600) + str(n) for n in range(500_000)]
kept = texts[-1:]
del texts
before = rss()
give_back_freed_memory()
print(before, rss())
"""
    if sys.platform != "linux" or not hasattr(ctypes.CDLL(None), "malloc_trim"):
        pytest.skip("glibc only (malloc_trim)")
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, check=True)
    before, after = map(int, done.stdout.split())
    assert before - after > 150, f"{before} MiB before, {after} MiB after"

"""The preview after a save: an edit to an article's text renders only the pages that show it
(preview/rebuild.py, rebuild_articles), and gives the same site as a whole build; anything more takes a
whole build. Also the watchers that report what changed."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sites import NOW, TinySite, aged

from berita import pipeline
from berita.config import CACHE_FOLDER, load_config
from berita.load import content
from berita.pipeline import BuildOptions, build_site
from berita.preview import rebuild
from berita.preview import server as serve
from berita.preview import watch as preview_watch
from berita.site import render

EVENT = """\
---
title: Seminar Nasional Kesejahteraan Sosial
date: 2021-04-19T08:00
tags: [seminar, pekerja sosial]
summary: Seminar nasional tentang pekerjaan sosial di era digital.
event:
  start: 2021-05-03T09:00
  end: 2021-05-03T12:00
  mode: luring
  venue: Aula Poltekesos Bandung
aliases: [/seminar-nasional/]
---
Seminar menghadirkan praktisi pekerjaan sosial dari berbagai daerah.

## Jadwal

Pendaftaran dibuka pukul 08.00 WIB.
"""


@pytest.fixture
def newsroom(tiny_site) -> tuple[TinySite, serve.Preview]:
    """A preview of a small newsroom: shared tags, an event with an old address, a link to an #anchor."""
    site = tiny_site(per_page=2)
    site.article(
        "content/2021/kuliah-tamu.md", "Kuliah Tamu Kewirausahaan Sosial", "2021-04-21", "kuliah tamu, seminar"
    )
    site.article(
        "content/2021/wisuda.md",
        "Wisuda Angkatan 2021",
        "2021-04-10",
        "wisuda",
        "Wisuda digelar di kampus.\n\nLihat [jadwal seminar](seminar.md#jadwal) dan [kuliah tamu](kuliah-tamu.md).",
    )
    site.write("content/2021/seminar.md", EVENT)
    site.article("content/2020/pkm.md", "Tim PKM Lolos Pendanaan", "2020-06-02", "prestasi, seminar", "Isi PKM.")
    aged(site.root)
    preview = serve.Preview(site.root / "config.toml")
    preview.rebuild(NOW)
    assert not preview.problems
    return site, preview


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The pages the edit renders at once, by site path."""
    paths: list[str] = []
    original = rebuild.render_pages
    monkeypatch.setattr(
        rebuild, "render_pages", lambda specs, *rest: paths.extend(s.path for s in specs) or original(specs, *rest)
    )
    return paths


def shown_site(preview: serve.Preview) -> dict[str, bytes]:
    """Every file the preview serves, with pages left for later rendered as a reader asks for them."""
    files = {}
    for file in sorted(preview.files):
        body = preview._read(file)
        assert body is not None and not preview.problems, file
        files[file] = body
    return files


def whole_build(site: TinySite) -> dict[str, bytes]:
    config = load_config(site.root / "config.toml")
    result = build_site(config, BuildOptions(drafts=True, future=True), NOW)
    return {f.path: f.content if isinstance(f.content, bytes) else f.content.read_bytes() for f in result.files}


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def took_the_quick_way(preview: serve.Preview) -> bool:
    assert preview.last is not None
    return "sunting" in preview.last[1].timings


@pytest.mark.parametrize(
    ("source", "old", "new"),
    [
        ("content/2021/kuliah-tamu.md", "Isi berita.", "Isi berita yang sudah disunting panjang lebar."),
        ("content/2021/kuliah-tamu.md", "title: Kuliah Tamu", "title: Kuliah Umum"),
        ("content/2021/seminar.md", "Seminar nasional tentang", "Ringkasan baru, seminar tentang"),
        ("content/2021/seminar.md", "title: Seminar Nasional", "title: Simposium Nasional"),
        ("content/2021/wisuda.md", "Wisuda digelar", "Sebanyak 700 wisudawan. Wisuda digelar"),
        ("content/2020/pkm.md", "Isi PKM.", "Tim PKM dari Program Studi Rehabilitasi Sosial lolos pendanaan."),
    ],
)
def test_an_edit_to_the_text_gives_the_site_a_whole_build_gives(newsroom, source: str, old: str, new: str) -> None:
    site, preview = newsroom
    before = shown_site(preview)
    path = edit(site.root / source, old, new)
    assert preview.update({str(path)}, NOW)
    assert took_the_quick_way(preview), "a text edit must not need a whole build"
    assert preview.later, "pages other than the article's own are rendered when asked for"
    after = shown_site(preview)
    assert after == whole_build(site)
    changed = {file for file in after if after[file] != before[file]}
    assert len(changed) < len(after) / 2 and "sitemap.xml" not in changed


def test_retitling_a_standalone_page_renames_it_in_every_footer(newsroom) -> None:
    site, preview = newsroom
    page = site.write("content/halaman/redaksi.md", "---\ntitle: Redaksi\n---\nSusunan redaksi.\n")
    assert preview.update({str(page)}, NOW)
    edit(page, "title: Redaksi", "title: Susunan Redaksi")
    assert preview.update({str(page)}, NOW)
    assert not took_the_quick_way(preview), "every page's footer names it: a whole build"
    shown = shown_site(preview)
    assert shown == whole_build(site)
    assert b">Susunan Redaksi</a>" in shown["tag/wisuda/index.html"]


def test_only_the_article_page_is_rendered_at_once(newsroom, rendered: list[str]) -> None:
    site, preview = newsroom
    path = edit(site.root / "content/2021/wisuda.md", "title: Wisuda Angkatan 2021", "title: Wisuda Angkatan XV")
    assert preview.update({str(path)}, NOW)
    # Besides its own page, only the seminar's: it shows wisuda among its related articles (the
    # same category) and holds the #jadwal that wisuda links to, which is checked now.
    assert rendered == ["/2021/04/seminar/", "/2021/04/wisuda/"]
    assert BeautifulSoup(preview.respond("/2021/04/wisuda/")[2], "html.parser").h1.get_text() == "Wisuda Angkatan XV"
    # The tag page is made when asked for, with the new title.
    assert "tag/wisuda/index.html" in preview.later
    page = BeautifulSoup(preview.respond("/tag/wisuda/")[2], "html.parser")
    assert "tag/wisuda/index.html" not in preview.later
    assert [a.get_text(strip=True) for a in page.select(".card-title a")] == ["Wisuda Angkatan XV"]


def test_a_page_another_links_into_is_rendered_at_once(newsroom, rendered: list[str]) -> None:
    site, preview = newsroom
    # The seminar's page lists this article as related, and wisuda links to its #jadwal: its
    # anchors are checked now, not when somebody opens it.
    path = edit(site.root / "content/2021/kuliah-tamu.md", "Isi berita.", "Isi baru.")
    assert preview.update({str(path)}, NOW)
    assert rendered == ["/2021/04/kuliah-tamu/", "/2021/04/seminar/"]


def test_a_page_linked_to_by_anchor_is_rendered_and_checked_at_once(newsroom, rendered: list[str]) -> None:
    site, preview = newsroom
    path = edit(site.root / "content/2021/seminar.md", "Pendaftaran dibuka", "Pendaftaran ulang dibuka")
    assert preview.update({str(path)}, NOW)
    assert took_the_quick_way(preview)
    assert rendered == ["/2021/04/seminar/", "/seminar-nasional/"]


@pytest.mark.parametrize(
    ("source", "old", "new"),
    [
        ("content/2021/kuliah-tamu.md", "tags: [kuliah tamu, seminar]", "tags: [kuliah tamu]"),
        ("content/2021/kuliah-tamu.md", "date: 2021-04-21", "date: 2021-04-22"),
        ("content/2021/kuliah-tamu.md", "Isi berita.", "Isi berita.\n\n## Bagian Baru\n\nLagi."),
        ("content/2021/kuliah-tamu.md", "Isi berita.", "Lihat [wisuda](wisuda.md)."),
        ("content/2021/seminar.md", "Aula Poltekesos Bandung", "Gedung Serbaguna"),
    ],
)
def test_an_edit_that_moves_the_article_takes_a_whole_build(newsroom, source: str, old: str, new: str) -> None:
    site, preview = newsroom
    path = edit(site.root / source, old, new)
    assert preview.update({str(path)}, NOW)
    assert not took_the_quick_way(preview) and not preview.later
    assert shown_site(preview) == whole_build(site)


def test_a_removed_anchor_that_a_link_needs_is_reported(newsroom) -> None:
    site, preview = newsroom
    path = edit(site.root / "content/2021/seminar.md", "## Jadwal", "## Susunan Acara")
    assert preview.update({str(path)}, NOW)
    [problem] = preview.problems
    assert problem.file == "content/2021/wisuda.md" and "#jadwal" in problem.message


def test_an_edit_with_a_mistake_shows_the_problem_and_the_fix_brings_the_site_back(newsroom) -> None:
    site, preview = newsroom
    path = edit(site.root / "content/2021/kuliah-tamu.md", "date: 2021-04-21", "date: 21/4/2021")
    assert preview.update({str(path)}, NOW)
    [problem] = preview.problems
    assert (problem.file, problem.field) == ("content/2021/kuliah-tamu.md", "date")
    assert preview.respond("/2021/04/kuliah-tamu/")[0].startswith("500")
    edit(path, "date: 21/4/2021", "date: 2021-04-21")
    assert preview.update({str(path)}, NOW)
    assert not preview.problems and preview.respond("/2021/04/kuliah-tamu/")[0] == "200 OK"


def test_changes_that_are_not_the_site_rebuild_nothing(newsroom) -> None:
    site, preview = newsroom
    content = site.root / "content" / "2021"
    # An editor's leftovers, and a file that came and went while it saved.
    assert not preview.update({str(content / ".kuliah-tamu.md.swp"), str(content / "kuliah-tamu.md~")}, NOW)
    assert not preview.update({str(content / "4913")}, NOW)


def test_a_file_saved_without_a_change_reloads_no_page(newsroom, capsys) -> None:
    # An editor that saves a file it did not change (on losing focus, say): a new time, the same
    # bytes. The pages stay as they are, and the preview says so instead of reloading them.
    site, preview = newsroom
    path = site.root / "content" / "2021" / "kuliah-tamu.md"
    before = shown_site(preview)
    capsys.readouterr()
    path.write_bytes(path.read_bytes())
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 2_000_000_000))
    assert not preview.update({str(path)}, NOW)
    assert took_the_quick_way(preview) and not preview.problems
    assert "Disimpan tanpa perubahan: content/2021/kuliah-tamu.md" in capsys.readouterr().out
    assert shown_site(preview) == before
    # The next real edit is shown, and reloads.
    edit(path, "Isi berita.", "Isi berita yang sudah disunting.")
    assert preview.update({str(path)}, NOW)
    assert b"Isi berita yang sudah disunting." in shown_site(preview)["2021/04/kuliah-tamu/index.html"]


def test_edits_in_a_row_and_after_a_whole_build_give_the_site_a_whole_build_gives(newsroom) -> None:
    # Each edit takes where things are (rebuild.Layout) from the last whole build: after a
    # whole build that moved them (a new tag page, another order of the related articles),
    # an edit that still used the old places would render or replace the wrong pages.
    site, preview = newsroom
    for source, old, new in [
        ("content/2021/kuliah-tamu.md", "Isi berita.", "Isi berita pertama."),
        ("content/2021/wisuda.md", "title: Wisuda Angkatan 2021", "title: Wisuda Angkatan XV"),
        ("content/2021/kuliah-tamu.md", "Isi berita pertama.", "Isi berita kedua."),
    ]:
        assert preview.update({str(edit(site.root / source, old, new))}, NOW)
        assert took_the_quick_way(preview)
        assert shown_site(preview) == whole_build(site)
    moved = edit(site.root / "content/2020/pkm.md", "tags: [prestasi, seminar]", "tags: [wisuda, beasiswa]")
    assert preview.update({str(moved)}, NOW)
    assert not took_the_quick_way(preview), "new tags: a whole build"
    for source, old, new in [
        ("content/2020/pkm.md", "title: Tim PKM", "title: Tim PKM Poltekesos"),
        ("content/2021/wisuda.md", "Wisuda digelar", "Wisuda angkatan XV digelar"),
    ]:
        assert preview.update({str(edit(site.root / source, old, new))}, NOW)
        assert took_the_quick_way(preview)
        assert shown_site(preview) == whole_build(site)
    assert "Tim PKM Poltekesos" in preview.respond("/tag/beasiswa/")[2].decode()


def test_edits_in_a_row_with_pages_still_waiting_give_the_site_a_whole_build_gives(newsroom) -> None:
    # No page is asked for between the saves: pages left for later by the first edit are
    # still waiting when the second comes, some of them shown by both.
    site, preview = newsroom
    for source, old, new in [
        ("content/2021/kuliah-tamu.md", "title: Kuliah Tamu", "title: Kuliah Umum"),
        ("content/2021/seminar.md", "title: Seminar Nasional", "title: Simposium Nasional"),
        ("content/2021/kuliah-tamu.md", "Isi berita.", "Isi berita yang disunting."),
    ]:
        assert preview.update({str(edit(site.root / source, old, new))}, NOW)
        assert took_the_quick_way(preview) and preview.later
    assert not set(preview.later) & {"2021/04/kuliah-tamu/index.html", "2021/04/seminar/index.html"}
    assert shown_site(preview) == whole_build(site)


@pytest.mark.parametrize("change", ["new article", "deleted article", "template", "static file", "config"])
def test_other_changes_take_a_whole_build(newsroom, change: str) -> None:
    site, preview = newsroom
    if change == "new article":
        path = site.article("content/2021/baru.md", "Pengumuman Baru", "2021-04-25")
    elif change == "deleted article":
        path = site.root / "content/2020/pkm.md"
        path.unlink()
    elif change == "template":
        path = edit(site.root / "templates/article.html", "</article>", "<p>Catatan redaksi.</p></article>")
    elif change == "static file":
        path = site.write("static/css/tambahan.css", "body { color: #111; }")
    else:
        path = edit(site.root / "config.toml", 'title = "BERITA UJI"', 'title = "BERITA KAMPUS"')
    assert preview.update({str(path)}, NOW)
    assert not took_the_quick_way(preview)
    assert shown_site(preview) == whole_build(site)


def test_the_clock_passing_a_scheduled_article_takes_a_whole_build(newsroom) -> None:
    site, preview = newsroom
    site.article("content/2026/terjadwal.md", "Wisuda Terjadwal", "2026-12-01")
    assert preview.update({str(site.root / "content/2026/terjadwal.md")}, NOW)
    path = edit(site.root / "content/2021/kuliah-tamu.md", "Isi berita.", "Isi lain.")
    later = NOW.replace(month=12, day=2)
    assert preview.update({str(path)}, later)
    assert not took_the_quick_way(preview)


# --- watchers ------------------------------------------------------------------------------------


def test_the_system_reports_a_saved_file(tmp_path: Path) -> None:
    folder, config = tmp_path / "content", tmp_path / "config.toml"
    folder.mkdir()
    config.write_text("title = 'x'\n", encoding="utf-8")
    reported: list[set[str]] = []
    arrived = threading.Event()
    watcher = preview_watch.EventWatcher([folder], config, lambda paths: reported.append(paths) or arrived.set())
    failed = threading.Event()
    watcher.start(failed.set)
    try:
        deadline = time.monotonic() + 10
        article = folder / "berita.md"
        while not arrived.is_set() and time.monotonic() < deadline:
            article.write_text(f"isi {time.monotonic()}\n", encoding="utf-8")  # until the watch has begun
            arrived.wait(0.3)
        assert not failed.is_set()
        assert str(article) in set().union(*reported)
        arrived.clear()
        config.write_text("title = 'y'\n", encoding="utf-8")
        assert arrived.wait(10), "a change to the config must be reported"
        assert str(config.resolve()) in reported[-1]
    finally:
        watcher.stop.set()


def test_a_new_folder_is_reported_again_once_settled(tmp_path: Path, monkeypatch) -> None:
    # The system watches a folder only from when it sees it: a file written into it at once can
    # go unreported (`build.py new` in a new year makes content/2027/ and its file together).
    monkeypatch.setattr(preview_watch, "SETTLE_SECONDS", 0.3)
    folder, config = tmp_path / "content", tmp_path / "config.toml"
    folder.mkdir()
    config.write_text("title = 'x'\n", encoding="utf-8")
    reported: list[tuple[float, set[str]]] = []
    watcher = preview_watch.EventWatcher([folder], config, lambda paths: reported.append((time.monotonic(), paths)))
    watcher.start(lambda: None)
    try:
        probe = folder / "probe.md"
        deadline = time.monotonic() + 10
        while not reported and time.monotonic() < deadline:
            probe.write_text(f"isi {time.monotonic()}\n", encoding="utf-8")  # until the watch has begun
            time.sleep(0.1)
        year = folder / "2027"
        made_at = time.monotonic()
        year.mkdir()
        (year / "berita.md").write_text("isi\n", encoding="utf-8")

        # Often the system reports the folder alone, without the file: then only this brings it.
        def again() -> list[float]:
            return [at for at, paths in reported if paths == {str(year)} and at >= made_at + 0.3]

        while time.monotonic() < made_at + 3 and not again():
            time.sleep(0.05)
        assert again(), reported
    finally:
        watcher.stop.set()


def test_the_watcher_says_once_when_its_watches_have_begun_even_if_nothing_changes(tmp_path: Path) -> None:
    # The preview then looks for what changed before (catch_up, a look at every file): the
    # watches begin a moment after the server answers, longer on a busy machine. Once for both
    # watches (folders, config), after both have begun: what changes after it is reported.
    folder, config = tmp_path / "content", tmp_path / "config.toml"
    folder.mkdir()
    config.write_text("title = 'x'\n", encoding="utf-8")
    begun = threading.Semaphore(0)
    reported: list[str] = []
    watcher = preview_watch.EventWatcher([folder], config, reported.extend, begun.release)
    watcher.start(lambda: None)
    try:
        assert begun.acquire(timeout=10)
        config.write_text("title = 'y'\n", encoding="utf-8")
        (folder / "berita.md").write_text("isi\n", encoding="utf-8")
        deadline = time.monotonic() + 5
        while len(set(reported)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert set(reported) == {str(config.resolve()), str((folder / "berita.md").resolve())}
        assert not begun.acquire(timeout=1.2), "once, not once per watch nor on every quiet moment"
    finally:
        watcher.stop.set()


def test_what_changed_while_the_preview_started_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    (folder / "2021").mkdir(parents=True)
    (folder / "2021" / "a.md").write_text("a", encoding="utf-8")
    reported: list[set[str]] = []
    before_start = preview_watch.PollingWatcher([folder], reported.append, quiet=0)
    (folder / "2027").mkdir()
    (folder / "2027" / "baru.md").write_text("baru", encoding="utf-8")  # during the first build
    preview_watch.catch_up(before_start)
    assert reported == [{str(folder / "2027" / "baru.md")}]
    preview_watch.catch_up(before_start)
    assert len(reported) == 1, "nothing changed since"


def test_the_fallback_reports_what_changed_once_quiet(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    (folder / "2021").mkdir(parents=True)
    kept, gone = folder / "2021" / "a.md", folder / "2021" / "b.md"
    kept.write_text("a", encoding="utf-8")
    gone.write_text("b", encoding="utf-8")
    reported: list[set[str]] = []
    watcher = preview_watch.PollingWatcher([folder], reported.append, quiet=0)
    kept.write_text("a, disunting", encoding="utf-8")
    gone.unlink()
    watcher.poll()
    watcher.poll()
    assert reported == [{str(kept), str(gone)}]


class FakeLoop:
    def __init__(self) -> None:
        self.timers: list[object] = []

    def call_later(self, _delay: float, callback: object) -> object:
        self.timers.append(callback)
        return callback

    def remove_timeout(self, timer: object) -> None:
        self.timers.remove(timer)


def test_changes_close_together_are_taken_together() -> None:
    loop, taken = FakeLoop(), []
    batch = preview_watch.Batch(loop, taken.append)
    batch.add({"/situs/content/a.md"})
    batch.add({"/situs/content/b.md"})
    [fire] = loop.timers  # every change restarts the wait
    fire()
    assert taken == [{"/situs/content/a.md", "/situs/content/b.md"}]


def test_the_first_preview_build_reads_only_what_changed_since_the_last_build(tiny_site, monkeypatch) -> None:
    site = tiny_site()
    site.article("content/2021/kuliah-tamu.md", "Kuliah Tamu Kewirausahaan Sosial", "2021-04-21", "seminar")
    site.article("content/2021/wisuda.md", "Wisuda Angkatan 2021", "2021-04-10", "wisuda")
    site.article("content/2020/pkm.md", "Tim PKM Lolos Pendanaan", "2020-06-02", "prestasi", "Isi PKM.")
    aged(site.root)
    assert site.build() == 0
    site.article("content/2021/wisuda.md", "Wisuda Angkatan 2021 di Kampus", "2021-04-10", "wisuda")
    read: list[str] = []
    original = content.read_content_file
    monkeypatch.setattr(
        content, "read_content_file", lambda path, *a, **k: read.append(path.name) or original(path, *a, **k)
    )
    preview = serve.Preview(site.root / "config.toml")
    preview.rebuild(NOW)
    assert read == ["wisuda.md"]
    page = BeautifulSoup(preview._read("2021/04/wisuda/index.html") or b"", "html.parser")
    assert page.h1 is not None and page.h1.get_text() == "Wisuda Angkatan 2021 di Kampus"


def test_the_first_preview_build_renders_only_pages_the_last_build_did_not_leave(newsroom, monkeypatch) -> None:
    site, _ = newsroom
    assert site.build() == 0
    site.article("content/2021/wisuda.md", "Wisuda Angkatan 2021 di Kampus", "2021-04-10", "wisuda")
    site.write("content/2021/draf.md", "---\ntitle: Draf Pengumuman\ndate: 2021-03-01\ndraft: true\n---\nIsi draf.\n")
    rendered: list[str] = []
    original = render._render_page
    monkeypatch.setattr(render, "_render_page", lambda number: rendered.append(number) or original(number))
    started = serve.Preview(site.root / "config.toml")
    started.rebuild(NOW)
    assert 0 < len(rendered) < len(started.files) // 2, "pages with the new title or the draft only"
    (site.root / CACHE_FOLDER / "pages.pickle").unlink()
    whole = serve.Preview(site.root / "config.toml")
    whole.rebuild(NOW)
    assert shown_site(started) == shown_site(whole)
    site.output.rename(site.root / "dipindah")  # a running preview does not read the last build's folder
    assert shown_site(started) == shown_site(whole)


def test_stored_pages_are_the_unchanged_pages_in_memory_without_cards(newsroom) -> None:
    site, _ = newsroom
    assert site.build() == 0
    home = site.output / "index.html"
    home.write_bytes(home.read_bytes() + b"<!-- disunting tangan -->")
    pages = pipeline.stored_pages(load_config(site.root / "config.toml")).known
    assert "index.html" not in pages, "changed by hand since the build: rendered again"
    assert not [path for path in pages if path.endswith(".jpg")]
    assert pages["2021/04/wisuda/index.html"][1] == (site.output / "2021/04/wisuda/index.html").read_bytes()


def test_after_a_whole_build_what_the_preview_keeps_is_left_out_of_collections(newsroom) -> None:
    # Without this, the collections after a build scan its millions of objects during the next saves.
    import gc

    site, preview = newsroom
    gc.unfreeze()
    try:
        site.article("content/2021/baru.md", "Pengumuman Baru", "2021-05-01", "seminar")
        preview.rebuild(NOW)
        assert not preview.problems
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_where_things_are_is_worked_out_after_a_whole_build_without_collections(newsroom, monkeypatch) -> None:
    # With the collector on, the preview's process scanned all the build had made while the
    # Layout's lists were made: 0.5 s instead of 0.15 s at 10,000 articles.
    import gc

    site, preview = newsroom
    collecting: list[bool] = []
    original = rebuild.fragment_links  # called while the Layout is made
    monkeypatch.setattr(rebuild, "fragment_links", lambda *args: collecting.append(gc.isenabled()) or original(*args))
    assert gc.isenabled()
    site.article("content/2021/baru.md", "Pengumuman Baru", "2021-05-01", "seminar")
    preview.rebuild(NOW)
    assert collecting == [False] and gc.isenabled()
    assert preview.places is not None and "content/2021/baru.md" in preview.places.articles


def cached_cards(site: TinySite) -> list[Path]:
    return sorted((site.root / CACHE_FOLDER / "previews").rglob("*.jpg"))


def test_typing_a_title_in_the_preview_leaves_no_cards_in_the_cache(newsroom) -> None:
    site, preview = newsroom
    before = cached_cards(site)
    path = site.root / "content/2021/wisuda.md"
    title = "Wisuda Angkatan 2021"
    for typed in ("Wisuda Angkatan 2021 d", "Wisuda Angkatan 2021 di", "Wisuda Angkatan 2021 di Kampus"):
        edit(path, f"title: {title}\n", f"title: {typed}\n")
        title = typed
        assert preview.update({str(path)}, NOW)
        assert took_the_quick_way(preview)
    assert len(cached_cards(site)) == len(before)
    # The card the preview serves is the one for the last title, and every other article's is there.
    assert shown_site(preview) == whole_build(site)

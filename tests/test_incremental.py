"""Cached, parallel and incremental builds give exactly the bytes of a serial cold build."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from sites import NOW, PROJECT, TinySite, add_theme, aged, load_corpus_module, snapshot

from berita import pipeline, workers
from berita.config import CACHE_FOLDER, load_config
from berita.errors import BuildError
from berita.images import media
from berita.incremental import cache, memo
from berita.incremental.workspace import KNOWN_FILES, RELATED, workspace
from berita.load import content, markup
from berita.model import Kept, OutputFile, Pending
from berita.pipeline import BuildOptions, build
from berita.site import index, render
from berita.write import output

pytestmark = pytest.mark.slow  # many builds per test

ARTICLES = 120  # enough for two worker processes (see workers.POOL_THRESHOLD)
PHOTOS = 4  # resized in two worker processes, one photo at a time (workers.SLOW)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("korpus")
    bench_corpus = load_corpus_module()
    articles = bench_corpus.write_sites(root, ARTICLES)
    site = root / "berita"
    bench_corpus.add_photos(site, articles[:PHOTOS])
    # Its own copy of the templates and static files, so every build in this module sees the same.
    add_theme(site)
    config = (site / "config.toml").read_text(encoding="utf-8")
    for name in ("templates", "static"):
        config = config.replace(f'{name} = "{PROJECT / name}"', f'{name} = "{name}"')
    (site / "config.toml").write_text(config, encoding="utf-8")
    return site


def fresh_copy(corpus: Path, target: Path) -> Path:
    shutil.copytree(corpus, target, ignore=shutil.ignore_patterns("output", ".output.*", CACHE_FOLDER))
    return target


def run(site: Path):
    return build(load_config(site / "config.toml"), BuildOptions(), NOW)


def forget_stamp(site: Path) -> None:
    """Make the next build run even though nothing changed (see stamp.py), to test what it reuses."""
    (site / CACHE_FOLDER / "stamp.pickle").unlink(missing_ok=True)


@pytest.fixture(scope="module")
def serial_cold(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    site = fresh_copy(corpus, tmp_path_factory.mktemp("serial") / "site")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workers, "worker_count", lambda: 1)
        run(site)
    return snapshot(site / "output")


def test_parallel_cold_build_matches_serial(corpus, serial_cold, tmp_path) -> None:
    if workers.worker_count() < 2:
        pytest.skip("one core: no worker processes to compare")
    site = fresh_copy(corpus, tmp_path / "site")
    run(site)
    assert snapshot(site / "output") == serial_cold


# Where a card made by _card_once_pages_are_written waits for the write stage to begin (a
# file, named in the environment: the cards' workers are new processes, which inherit it).
PAGES_BEGUN = "BERITA_UJI_HALAMAN_MULAI"
MADE_CARD = media._card


def _card_once_pages_are_written(job: media.CardJob) -> tuple[Path | bytes | str | None, bool]:
    """media._card, once the write stage has written a page (or after a few seconds: then "late")."""
    flag = Path(os.environ[PAGES_BEGUN])
    late = flag.with_name("late")
    deadline = time.monotonic() + 60  # only a failing build waits it out
    while not flag.exists() and not late.exists():
        if time.monotonic() > deadline:
            late.touch()
        time.sleep(0.01)
    return MADE_CARD(job)


def test_the_pages_are_written_while_the_cards_are_made(corpus, serial_cold, tmp_path, monkeypatch) -> None:
    # A cold build's cards take most of a minute of both cores at 10,000 articles; the write
    # stage's tens of thousands of files take one core, which went unused while they were made.
    site = fresh_copy(corpus, tmp_path / "site")
    flag = tmp_path / "pages-begun"
    monkeypatch.setenv(PAGES_BEGUN, str(flag))
    monkeypatch.setattr(media, "_card", _card_once_pages_are_written)
    written = output._write

    def write_and_tell(item: OutputFile, target: str) -> None:
        flag.touch()
        written(item, target)

    monkeypatch.setattr(output, "_write", write_and_tell)
    run(site)
    assert not (tmp_path / "late").exists(), "the cards were made before the write stage began"
    assert snapshot(site / "output") == serial_cold


def test_many_cards_made_by_new_workers_give_the_same_site(corpus, serial_cold, tmp_path, monkeypatch) -> None:
    # From media.MANY_CARDS cards on (a cold build of a large site), new worker processes make
    # them and write each into the build's spool too.
    monkeypatch.setattr(media, "MANY_CARDS", 1)
    site = fresh_copy(corpus, tmp_path / "site")
    run(site)
    assert snapshot(site / "output") == serial_cold


def test_a_write_that_fails_drops_the_cards_not_yet_begun(corpus, tmp_path, monkeypatch) -> None:
    # A full disk before the cards were waited for: the build stops there, and the workers do
    # not go on to make every card first.
    site = fresh_copy(corpus, tmp_path / "site")
    asked: list[str] = []
    start = pipeline.start_preview_files

    def started(*args: object, **kwargs: object) -> tuple[list[OutputFile], Pending]:
        found, pending = start(*args, **kwargs)
        finish, cancel = pending.finish, pending.cancel
        told = replace(pending, finish=lambda: asked.append("finish") or finish())
        return found, replace(told, cancel=lambda: asked.append("cancel") or cancel())

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "start_preview_files", started)
    monkeypatch.setattr(output, "_put", full_disk)
    with pytest.raises(BuildError) as refused:
        run(site)
    assert "No space left on device" in str(refused.value.problems[0])
    assert asked[:1] == ["cancel"] and "finish" not in asked
    assert not (site / "output").exists()


def test_cached_rebuild_matches_and_renders_no_markdown(corpus, serial_cold, tmp_path, monkeypatch) -> None:
    site = fresh_copy(corpus, tmp_path / "site")
    run(site)
    monkeypatch.setattr(workers, "worker_count", lambda: 1)
    rendered = []
    original = markup.MarkdownRenderer.render
    monkeypatch.setattr(
        markup.MarkdownRenderer, "render", lambda self, *a, **k: rendered.append(1) or original(self, *a, **k)
    )
    forget_stamp(site)
    result = run(site)
    assert not result.unchanged
    assert rendered == [], "nothing changed: every article must come from the cache"
    assert result.written == 0
    assert snapshot(site / "output") == serial_cold


def test_template_change_rerenders_pages_without_parsing_markdown(corpus, tmp_path, monkeypatch) -> None:
    site = fresh_copy(corpus, tmp_path / "site")
    run(site)
    footer = site / "templates" / "404.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace("Halaman tidak ditemukan", "Halaman tidak ada"))
    monkeypatch.setattr(workers, "worker_count", lambda: 1)
    rendered = []
    original = markup.MarkdownRenderer.render
    monkeypatch.setattr(
        markup.MarkdownRenderer, "render", lambda self, *a, **k: rendered.append(1) or original(self, *a, **k)
    )
    result = run(site)
    assert rendered == []
    assert result.written == 1
    assert "Halaman tidak ada" in (site / "output" / "404.html").read_text(encoding="utf-8")


def test_editing_one_article_rewrites_only_what_changed(corpus, tmp_path) -> None:
    site = fresh_copy(corpus, tmp_path / "site")
    run(site)
    articles = sorted((site / "content").rglob("*.md"))
    untouched_page = next(p for p in (site / "output").glob("20*/*/*/index.html"))
    inode = untouched_page.stat().st_ino
    edited = articles[len(articles) // 2]
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("\n\n", "\n\nParagraf tambahan hasil suntingan.\n\n", 1)
    )
    result = run(site)
    assert 0 < result.written < 40, f"{result.written} files rewritten for one edited article"
    if untouched_page.exists() and edited.stem not in str(untouched_page):
        assert untouched_page.stat().st_ino == inode, "an unchanged page must be linked, not written again"
    cold = fresh_copy(site, tmp_path / "cold")
    run(cold)
    assert snapshot(site / "output") == snapshot(cold / "output")


def edit(article: Path, text: str) -> None:
    article.write_text(article.read_text(encoding="utf-8").replace("\n\n", f"\n\n{text}\n\n", 1), encoding="utf-8")


def known_store(site: Path) -> Path:
    """The cache file holding every article of the last build, by file state: the largest."""
    return max((site / CACHE_FOLDER / "articles").rglob("*.pickle"), key=lambda entry: entry.stat().st_size)


def test_a_rebuild_reads_only_the_articles_changed_since(corpus, tmp_path, monkeypatch) -> None:
    site = fresh_copy(corpus, tmp_path / "site")
    aged(site)  # files saved just now are read again whatever their state (disk.is_racy)
    run(site)
    edited = sorted((site / "content").rglob("*.md"))[7]
    edit(edited, "Paragraf tambahan hasil suntingan.")
    read: list[str] = []
    original = content.read_content_file
    monkeypatch.setattr(
        content, "read_content_file", lambda path, *a, **k: read.append(path.name) or original(path, *a, **k)
    )
    run(site)
    assert read == [edited.name]


def test_edits_after_the_store_of_articles_was_kept_still_give_the_cold_build(corpus, tmp_path) -> None:
    site = fresh_copy(corpus, tmp_path / "site")
    aged(site)
    run(site)
    stored = known_store(site).stat().st_mtime_ns
    articles = sorted((site / "content").rglob("*.md"))
    for number, article in enumerate(articles[3:6]):
        edit(article, f"Paragraf tambahan nomor {number}.")
        run(site)
    # Three files changed of 120: the store is not written again, each build reads them anew.
    assert known_store(site).stat().st_mtime_ns == stored
    cold = fresh_copy(site, tmp_path / "cold")
    run(cold)
    assert snapshot(site / "output") == snapshot(cold / "output")


def test_corrupted_cache_file_is_ignored_with_a_warning(corpus, serial_cold, tmp_path) -> None:
    site = fresh_copy(corpus, tmp_path / "site")
    run(site)
    entries = sorted((site / CACHE_FOLDER / "articles").rglob("*.pickle"))
    known = known_store(site)  # without it the build reads each article's entry
    known.unlink()
    entries.remove(known)
    entries[0].write_bytes(b"rusak")
    entries[1].write_bytes(entries[2].read_bytes())  # a valid entry under another key
    forget_stamp(site)
    result = run(site)
    damaged = [w for w in result.warnings if "cache rusak" in w.message]
    assert len(damaged) == 2
    assert snapshot(site / "output") == serial_cold


def test_corrupted_store_of_the_last_builds_articles_is_ignored_with_a_warning(corpus, serial_cold, tmp_path) -> None:
    site = fresh_copy(corpus, tmp_path / "site")
    run(site)
    known = known_store(site)
    known.write_bytes(known.read_bytes()[: known.stat().st_size // 2])
    forget_stamp(site)
    result = run(site)
    assert [w.file for w in result.warnings if "cache rusak" in w.message] == [str(known)]
    assert snapshot(site / "output") == serial_cold


def test_cached_article_follows_a_linked_article_that_moved(tiny_site) -> None:
    site = tiny_site()
    site.article("content/2021/a.md", title="A", body="Lihat [berita B](b.md).")
    site.article("content/2021/b.md", title="B", date="2021-04-21")
    assert site.build() == 0
    assert site.page("2021/04/a/index.html").select_one('.article-body a[href="/2021/04/b/"]')
    site.article("content/2021/b.md", title="B", date="2021-05-02")
    assert site.build() == 0
    assert site.page("2021/04/a/index.html").select_one('.article-body a[href="/2021/05/b/"]'), "stale cached link"


def test_a_new_tag_stores_the_related_lists_again_but_not_the_articles(corpus, tmp_path, monkeypatch) -> None:
    site = fresh_copy(corpus, tmp_path / "site")
    aged(site)
    run(site)
    cache = workspace(load_config(site / "config.toml")).articles
    articles_store, related_store = known_store(site), cache.path(cache.key(RELATED))
    before = articles_store.stat().st_mtime_ns, related_store.stat().st_mtime_ns
    tagged = sorted((site / "content").rglob("*.md"))[5]
    tagged.write_text(tagged.read_text(encoding="utf-8").replace("\ntags: [", '\ntags: ["beasiswa", ', 1))
    run(site)
    assert articles_store.stat().st_mtime_ns == before[0]
    assert related_store.stat().st_mtime_ns != before[1]
    worked: list[int] = []
    original = index._related_paths
    monkeypatch.setattr(index, "_related_paths", lambda *a: worked.append(1) or original(*a))
    edit(sorted((site / "content").rglob("*.md"))[9], "Paragraf tambahan.")
    run(site)
    assert worked == [], "the related lists of the build before are reused"
    cold = fresh_copy(site, tmp_path / "cold")
    run(cold)
    assert snapshot(site / "output") == snapshot(cold / "output")


def test_an_article_rendered_again_for_a_moved_link_counts_as_read(tiny_site) -> None:
    # What decides whether the store of the last build's articles is written again.
    site = tiny_site()
    site.article("content/2021/a.md", title="A", body="Lihat [berita B](b.md).")
    site.article("content/2021/b.md", title="B", date="2021-04-21")
    site.article("content/2021/c.md", title="C")
    aged(site.root)
    config = load_config(site.root / "config.toml")
    _, known = content.load_known(config, None, content.KnownFiles())
    site.article("content/2021/b.md", title="B", date="2021-05-02")
    _, known = content.load_known(config, None, known)
    assert known.missed == 2, "b changed, and a links to it"


def test_a_cut_off_preview_card_in_the_cache_is_made_again_with_a_warning(tiny_site) -> None:
    site = tiny_site()
    site.article("content/2021/kuliah-umum.md", title="Kuliah Umum Kebijakan Sosial")
    assert site.build() == 0
    made = site.output / "2021/04/kuliah-umum/pratinjau.jpg"
    original = made.read_bytes()
    cached = [p for p in (site.root / CACHE_FOLDER / "previews").rglob("*.jpg") if p.read_bytes() == original]
    assert len(cached) == 1, "the card is kept in the cache as a file"
    cached[0].write_bytes(original[: len(original) // 2])
    shutil.rmtree(site.output)
    result = build(load_config(site.root / "config.toml"), BuildOptions(), NOW)
    assert [w for w in result.warnings if "cache rusak" in w.message]
    assert made.read_bytes() == original
    assert cached[0].read_bytes() == original, "the damaged entry is replaced"


def test_the_parts_of_the_site_each_shipped_template_reads() -> None:
    """What memo.site_parts finds in the shipped templates: only the agenda, the home page and the
    tag index read lists of the whole site, every page the footer's links to the standalone
    pages; site.now is read only in the ways fingerprints cover."""
    templates = render.read_templates(PROJECT / "templates")
    parts = memo.site_parts(templates)
    assert parts["agenda.html"] == ("page_links", "upcoming")
    assert parts["home.html"] == ("page_links", "upcoming")
    assert parts["tags.html"] == ("page_links", "tags")
    pages = {name for name, text in templates.items() if '{% extends "base.html" %}' in text}
    assert {name for name, found in parts.items() if found} == pages | {"base.html"}
    assert all(parts[name] == ("page_links",) for name in pages - {"agenda.html", "home.html", "tags.html"})


def test_site_parts_follow_includes_and_count_other_uses_of_now() -> None:
    parts = memo.site_parts(
        {
            "base.html": "<footer>{{ site.now.year }}</footer>",
            "page.html": '{% extends "base.html" %}{% include "partials/years.html" %}',
            "partials/years.html": "{% for y, items in site.years %}{{ y }}{% endfor %}",
            "card.html": "{% if item.date.at > site.now %}Terjadwal{% endif %}",
        }
    )
    assert parts["page.html"] == ("now", "years")
    assert parts["card.html"] == ()


def test_a_custom_template_reading_the_whole_site_is_rendered_again(tiny_site) -> None:
    site = tiny_site()
    site.write("templates/404.html", "<p>{{ site.articles | length }} artikel di situs ini</p>\n")
    site.article("content/2021/a.md", title="Seminar")
    assert site.build() == 0
    site.article("content/2021/b.md", title="Wisuda", date="2021-05-02")
    assert site.build() == 0
    assert (site.output / "404.html").read_text(encoding="utf-8") == "<p>2 artikel di situs ini</p>\n"


def test_a_link_to_an_anchor_on_an_unchanged_page_still_holds(tiny_site) -> None:
    site = tiny_site()
    site.article("content/2021/a.md", title="Seminar", body="Lihat [jadwal](b.md#jadwal).")
    site.article("content/2021/b.md", title="Wisuda", body="## Jadwal\n\nPukul 09.00.")
    site.article("content/2021/c.md", title="Kuliah Umum", body="Isi pertama.")
    assert site.build() == 0
    site.article("content/2021/c.md", title="Kuliah Umum", body="Isi kedua, disunting.")
    assert site.build() == 0, "b's page is reused from output/, and its #jadwal is still there"


def test_deleting_a_broken_article_reports_the_links_to_it(tiny_site, capsys) -> None:
    site = tiny_site()
    site.article("content/2021/a.md", title="Seminar", body="Lihat [wisuda](b.md).")
    site.write("content/2021/b.md", "---\ntitle: [rusak\n---\n")
    assert site.build() == 1  # b has its own problem; a's link to it is not a second one
    (site.root / "content/2021/b.md").unlink()
    capsys.readouterr()
    assert site.build() == 1, "a (from the cache) links to an article that is gone"
    assert "tautan ke artikel yang tidak ada: b.md" in capsys.readouterr().err


def test_a_rebuild_takes_kept_pages_as_the_memo_found_them_without_looking_again(tiny_site, monkeypatch) -> None:
    site = tiny_site()
    site.article("content/2021/a.md", title="Seminar Nasional", body="Isi pertama.")
    site.article("content/2021/b.md", title="Wisuda", date="2021-05-02")
    assert site.build() == 0
    page = site.output / "2021/05/b/index.html"
    found = memo.load_manifest(
        workspace(load_config(site.root / "config.toml")).manifest, site.output, cache.code_salt()
    )
    kept = found.known["2021/05/b/index.html"][1]
    assert kept == Kept(str(page), (page.stat().st_size, page.stat().st_mtime_ns, page.stat().st_ino))
    # The write stage takes each kept page's state from the memo, which looked at it once: at
    # 10,000 articles, looking at 35,000 files again took a tenth of a rebuild. (Once the folder
    # it fills holds the page already: the site before the last, which the last build left.)
    (site.root / CACHE_FOLDER / "stamp.pickle").unlink(missing_ok=True)
    assert site.build() == 0
    looked: list[str] = []

    def counted(look: Callable[..., os.stat_result]) -> Callable[..., os.stat_result]:
        def counting(path: str, *args: object, **kwargs: object) -> os.stat_result:
            if os.fspath(path).endswith("/2021/05/b/index.html"):
                looked.append(look.__name__)
            return look(path, *args, **kwargs)

        return counting

    monkeypatch.setattr(os, "lstat", counted(os.lstat))
    monkeypatch.setattr(os, "stat", counted(os.stat))
    (site.root / CACHE_FOLDER / "stamp.pickle").unlink(missing_ok=True)  # built again, nothing changed
    assert site.build() == 0
    assert looked == ["lstat"], "once, by the memo (a link put in the page's place is not taken)"


def test_a_build_fills_the_spare_from_the_record_the_build_before_last_kept(tiny_site, monkeypatch) -> None:
    # The record is in the project's cache, never beside the output folder (output.py).
    site = tiny_site()
    site.article("content/2021/a.md", title="Seminar Nasional")
    for body in ("Isi pertama.", "Isi kedua."):
        site.article("content/2021/b.md", title="Wisuda", date="2021-05-02", body=body)
        assert site.build() == 0
    assert sorted(p.name for p in site.root.iterdir() if p.name.startswith(".output")) == [
        ".output.lock",
        ".output.spare",
    ]
    assert len(list((site.root / CACHE_FOLDER).glob("listing-*.spare.pickle"))) == 1
    listed: list[str] = []
    monkeypatch.setattr(output, "_listing", lambda folder: listed.append(folder) or {})
    site.article("content/2021/b.md", title="Wisuda", date="2021-05-02", body="Isi ketiga.")
    assert site.build() == 0
    assert listed == [], "the spare was listed"
    assert "Isi ketiga." in (site.output / "2021/05/b/index.html").read_text(encoding="utf-8")


def page_replaced_by_a_link(tiny_site, elsewhere: Path) -> tuple[TinySite, Path]:
    """A built site whose page 2021/05/b/ was replaced by a link to a copy of it `elsewhere`,
    with its bytes, size and time: following the link, it looks the same."""
    site = tiny_site()
    site.article("content/2021/b.md", title="Wisuda", date="2021-05-02")
    assert site.build() == 0
    page = site.output / "2021/05/b/index.html"
    shutil.copy2(page, elsewhere)
    page.unlink()
    page.symlink_to(elsewhere)
    return site, page


def test_a_page_of_the_output_replaced_by_a_link_is_rendered_again(tiny_site, tmp_path) -> None:
    elsewhere = tmp_path / "di-luar.html"
    site, page = page_replaced_by_a_link(tiny_site, elsewhere)
    (site.root / CACHE_FOLDER / "stamp.pickle").unlink(missing_ok=True)
    assert site.build() == 0
    assert not page.is_symlink() and page.read_bytes() == elsewhere.read_bytes()


def test_a_kept_page_replaced_by_a_link_while_the_build_runs_is_not_published(tiny_site, tmp_path, monkeypatch):
    site = tiny_site()
    site.article("content/2021/b.md", title="Wisuda", date="2021-05-02")
    assert site.build() == 0
    page = site.output / "2021/05/b/index.html"
    elsewhere = tmp_path / "rahasia.html"
    elsewhere.write_text("bukan halaman situs", encoding="utf-8")
    begun_write = pipeline.begun_write

    def replaced_then_written(*args: object, **kwargs: object) -> object:
        page.unlink()  # after the memo kept it, before it is linked into the new site
        page.symlink_to(elsewhere)
        return begun_write(*args, **kwargs)

    monkeypatch.setattr(pipeline, "begun_write", replaced_then_written)
    (site.root / CACHE_FOLDER / "stamp.pickle").unlink(missing_ok=True)
    assert site.build() == 1, "refused, as a page that cannot be read"
    assert page.is_symlink(), "the output folder as it was"
    assert not [p for p in site.root.parent.rglob("index.html") if p.is_symlink() and p != page]


def test_the_preview_takes_no_stored_page_through_a_link(tiny_site, tmp_path) -> None:
    site, _ = page_replaced_by_a_link(tiny_site, tmp_path / "di-luar.html")
    stored = pipeline.stored_pages(load_config(site.root / "config.toml"))
    assert "2021/05/b/index.html" not in stored.known and "index.html" in stored.known


def test_a_build_makes_its_page_list_once(tiny_site, monkeypatch) -> None:
    # The render took it from the build's own rather than making it again (a tenth of a second at
    # 10,000 articles, in each worker too).
    from berita.site import pages

    site = tiny_site()
    site.article("content/2021/a.md", title="Seminar Nasional", body="Isi pertama.")
    made: list[int] = []

    def counting(*args: object) -> object:
        made.append(1)
        return pages.site_pages(*args)

    monkeypatch.setattr(pipeline, "site_pages", counting)
    monkeypatch.setattr(render, "site_pages", counting, raising=False)  # where the render once made its own
    monkeypatch.setattr(workers, "worker_count", lambda: 1)
    assert site.build() == 0
    assert made == [1]


def test_a_remembered_file_that_was_deleted_is_not_reused(tmp_path) -> None:
    card = tmp_path / "kartu.jpg"
    card.write_bytes(b"\xff\xd8\xff kartu \xff\xd9")
    # The preview's last build, which made the card.
    last = memo.PageMemo().learned([OutputFile("2021/04/a/pratinjau.jpg", "content/2021/a.md", card, "sidik")])
    assert last.following().get("2021/04/a/pratinjau.jpg", "sidik") == card
    card.unlink()  # .cache deleted while the preview runs
    assert last.following().get("2021/04/a/pratinjau.jpg", "sidik") is None


def test_a_card_drawn_from_a_photo_saved_meanwhile_is_not_cached(tmp_path) -> None:
    hero = tmp_path / "foto.jpg"
    Image.new("RGB", (1300, 700), (200, 30, 30)).save(hero)
    target = tmp_path / "cache" / "kunci.jpg"
    spooled = tmp_path / "spool" / "kartu-0.jpg"
    spooled.parent.mkdir()
    card, keyed = media._card(("Wisuda", "BERITA UJI", hero, "Berita", b"hash foto yang lama", target, spooled))
    assert isinstance(card, bytes), "right for this build"
    assert not keyed and not target.exists(), "but neither stored nor remembered under the old photo's key"
    assert not spooled.exists()
    current = hashlib.sha256(hero.read_bytes()).digest()
    assert media._card(("Wisuda", "BERITA UJI", hero, "Berita", current, target, None)) == (target, True)
    # With the build's spool, the card is written there too, for the write stage to link.
    assert media._card(("Wisuda", "BERITA UJI", hero, "Berita", current, target, spooled)) == (spooled, True)
    assert spooled.read_bytes() == target.read_bytes()


def test_a_hero_that_cannot_be_read_is_a_problem_not_a_traceback(tmp_path) -> None:
    assert media._photo_hash(tmp_path) is None  # a folder where the photo should be: read_bytes fails


def test_a_damaged_compiled_template_is_compiled_again_with_a_warning(tiny_site) -> None:
    site = tiny_site()
    site.article("content/2021/a.md", title="Seminar Nasional Pekerjaan Sosial")
    config = load_config(site.root / "config.toml")
    build(config, BuildOptions(), NOW)
    before = site.snapshot()
    compiled = sorted((site.root / CACHE_FOLDER / "templates").rglob("*.cache"))
    assert compiled, "compiled templates are kept"
    compiled[0].write_bytes(compiled[0].read_bytes()[:40])
    forget_stamp(site.root)
    result = build(config, BuildOptions(), NOW)
    assert [w for w in result.warnings if "cache rusak" in w.message and w.file == str(compiled[0])]
    assert site.snapshot() == before
    assert not [w for w in build(config, BuildOptions(), NOW).warnings if "cache rusak" in w.message]


def count_markdown(monkeypatch) -> list[int]:
    """Every Markdown rendering from now on, in this process (so with one worker)."""
    monkeypatch.setattr(workers, "worker_count", lambda: 1)
    rendered: list[int] = []
    original = markup.MarkdownRenderer.render
    monkeypatch.setattr(
        markup.MarkdownRenderer, "render", lambda self, *a, **k: rendered.append(1) or original(self, *a, **k)
    )
    return rendered


def test_a_cache_restored_beside_a_fresh_checkout_renders_no_markdown(corpus, serial_cold, tmp_path, monkeypatch):
    """What the Pages workflow does: the last run's .cache/ restored beside a new checkout, whose
    files all have new inodes, and no output/. Every article comes from the entry that the worker
    process which rendered it on the cold build stored."""
    site = fresh_copy(corpus, tmp_path / "site")
    run(site)
    checkout = tmp_path / "checkout"
    shutil.copytree(site, checkout, ignore=shutil.ignore_patterns("output", ".output.*"))
    rendered = count_markdown(monkeypatch)
    result = run(checkout)
    assert not result.unchanged
    assert rendered == []
    assert snapshot(checkout / "output") == serial_cold


def generations(site: Path) -> dict[str, list[str]]:
    folder = site / CACHE_FOLDER
    return {kind: sorted(p.name for p in (folder / kind).iterdir()) for kind in ("articles", "previews", "templates")}


def test_other_settings_make_a_generation_of_their_own_and_switching_back_is_quick(tiny_site, monkeypatch) -> None:
    site = tiny_site()
    site.article("content/2021/wisuda.md", title="Wisuda Sarjana Terapan")
    assert site.build() == 0
    first = generations(site.root)
    assert all(len(names) == 1 for names in first.values())
    assert site.build("--base-url", "https://owner.github.io/berita") == 0
    second = generations(site.root)
    assert len(second["articles"]) == 2, "another base_url makes other links: another generation"
    assert second["previews"] == first["previews"], "the cards do not depend on the address"
    rendered = count_markdown(monkeypatch)
    assert site.build() == 0
    assert rendered == [], "the generation used last before is kept"


def test_a_build_deletes_a_generation_no_build_used_for_a_week(tiny_site, monkeypatch) -> None:
    site = tiny_site()
    site.article("content/2021/wisuda.md", title="Wisuda Sarjana Terapan")
    assert site.build() == 0
    current = generations(site.root)
    stale = site.root / CACHE_FOLDER / "articles" / "0123456789abcdef"
    (stale / "ab").mkdir(parents=True)
    (stale / "ab" / "lama.pickle").write_bytes(b"dari versi berita yang lama")
    week_ago = time.time() - 8 * 24 * 3600
    os.utime(stale, (week_ago, week_ago))
    handed: list[Path] = []
    monkeypatch.setattr(cache, "delete_in_background", handed.append)
    assert site.build() == 0  # nothing changed: the build is skipped, the cache still pruned
    assert set(generations(site.root)["articles"]) == {*current["articles"], handed[0].name}
    assert [p.name for p in handed[0].iterdir()] == ["0123456789abcdef"]


def test_each_article_has_one_cache_entry_however_often_it_is_saved(tiny_site) -> None:
    site = tiny_site()
    article = site.article("content/2021/wisuda.md", title="Wisuda Sarjana Terapan", body="Isi pertama.")
    site.article("content/2021/seminar.md", title="Seminar Nasional", body="Isi seminar.")
    entries = site.root / CACHE_FOLDER / "articles"
    for version in range(4):
        article.write_text(article.read_text(encoding="utf-8") + f"\nTambahan versi {version}.\n", encoding="utf-8")
        assert site.build() == 0
    cache = workspace(load_config(site.root / "config.toml")).articles
    places = {f"{cache.key(name)}.pickle" for name in (KNOWN_FILES, RELATED)}
    places |= {f"{cache.key(f'content/2021/{name}.md')}.pickle" for name in ("wisuda", "seminar")}
    assert {p.name for p in entries.rglob("*.pickle")} == places
    page = site.page("2021/04/wisuda/index.html").get_text()
    assert "Tambahan versi 3." in page

"""Search: berita's own index (site/search.py) and the /cari/ page's script (js/cari.js), in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

# The demo article an edit changes, and the sentence it gets ("stres" is in no other article).
EDITED = "content/2022/webinar-kesehatan-mental-mahasiswa.md"


def edit(root: Path) -> None:
    path = root / EDITED
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nPeserta juga mendapat modul swadaya tentang pengelolaan stres ujian.\n", encoding="utf-8")


def test_search_finds_the_seed_article(page: Page, site_url: str) -> None:
    page.goto(site_url + "cari/")
    box = page.get_by_role("searchbox")
    box.fill("kewirausahaan")
    result = page.locator(".search-result-link", has_text="Kuliah Tamu Kewirausahaan Sosial Bersama OK OCE")
    expect(result).to_be_visible(timeout=15_000)
    # Result links stay under the base path.
    assert result.get_attribute("href").startswith("/berita/2021/04/kuliah-tamu-ok-oce/")
    # The excerpt is the article's text, with the word searched marked, not its category, date
    # and reading time.
    item = page.locator(".search-result", has=result)
    excerpt = item.locator(".search-result-excerpt")
    expect(excerpt).not_to_be_empty()
    text = excerpt.inner_text()
    assert "menit baca" not in text, text
    assert not text.startswith("Berita"), text
    marked = [word.casefold() for word in excerpt.locator("mark").all_inner_texts()]
    assert marked and all(word.startswith("kewirausahaan") for word in marked), (marked, text)


def test_search_page_explains_itself_without_javascript(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "cari/")
    assert "Pencarian memerlukan JavaScript" in page.locator("main").inner_text()
    # No form that could do nothing.
    expect(page.locator("#pencarian")).to_be_hidden()
    context.close()


def test_a_category_filter_keeps_only_its_articles(page: Page, site_url: str) -> None:
    # The filters' file (saring-….json) is read by the page's script when the reader opens them.
    prestasi = ("dosen-raih-hibah-penelitian-terapan", "mahasiswa-juara-lomba-")
    page.goto(site_url + "cari/")
    page.get_by_role("searchbox").fill("mahasiswa")
    links = page.locator(".search-result-link")
    expect(links.first).to_be_visible(timeout=15_000)
    message = page.locator("#pesan-cari")
    expect(message).to_have_text(re.compile(r"^\d+ hasil untuk mahasiswa$"))
    everything = message.inner_text()
    page.locator("#saring summary").click()
    category = page.locator("fieldset.search-filter", has=page.locator("legend", has_text="Kategori"))
    value = category.locator(
        ".search-filter-value", has=page.locator(".search-filter-label", has_text=re.compile(r"^Prestasi$"))
    )
    expect(value).to_be_visible(timeout=15_000)
    value.locator("input[type=checkbox]").check()
    # The message goes from the old count to the new one; the results (each loaded on its own)
    # follow it.
    expect(message).not_to_have_text(everything, timeout=15_000)
    expect(message).to_have_text(re.compile(r"^\d+ hasil untuk mahasiswa$"), timeout=15_000)
    count = int(message.inner_text().split()[0])
    assert 0 < count <= 5, "all on the first page of results"
    assert count < int(everything.split()[0]), "the filter left some results out"
    expect(links).to_have_count(count, timeout=15_000)
    hrefs = [link.get_attribute("href") for link in links.all()]
    assert all(any(slug in href for slug in prestasi) for href in hrefs), hrefs


def results_for(page: Page, url: str, term: str) -> tuple[int, list[str]]:
    """How many articles a search for `term` finds, and the links of the first page of them."""
    page.goto(url + "cari/")
    page.get_by_role("searchbox").fill(term)
    message = page.locator("#pesan-cari")
    expect(message).to_have_text(re.compile(rf"^\d+ hasil untuk {term}$|^Tidak ada hasil"), timeout=15_000)
    count = int(message.inner_text().split()[0]) if message.inner_text()[0].isdigit() else 0
    links = page.locator(".search-result-link")
    expect(links).to_have_count(min(count, 5), timeout=15_000)
    return count, [link.get_attribute("href") for link in links.all()]


def test_an_index_made_after_an_edit_answers_as_a_cold_one(page: Page, tmp_path, monkeypatch) -> None:
    from browsing import serve
    from searching import read_index
    from sites import build, copy_demo

    from berita.site import search

    # Runs of 4 numbers: a common word's list has several, each begun by a negative number,
    # which the edit patches one by one; the script reads them as tests/searching.py does.
    monkeypatch.setattr(search, "RUN", 4)
    incremental, cold = copy_demo(tmp_path / "bertahap"), copy_demo(tmp_path / "dingin")
    build(incremental, "--base-url", "https://example.github.io/berita/")
    for root in (incremental, cold):
        edit(root)
        build(root, "--base-url", "https://example.github.io/berita/")
    terms = ("mahasiswa", "beasiswa", "stres", "kewirausahaan", "wisuda")
    with serve(incremental / "output") as first, serve(cold / "output") as second:
        for term in terms:
            assert results_for(page, first, term) == results_for(page, second, term), term
        assert results_for(page, first, "stres")[1] != [], "the edited text is found"
        found = read_index(incremental / "output").find("mahasiswa")
        assert results_for(page, first, "mahasiswa") == (len(found), found[:5])


def test_a_site_without_its_index_says_so_and_not_that_the_connection_failed(page: Page, site_url: str) -> None:
    # The author's preview makes no search index: its /cari/ finds no word table.
    page.route("**/cari/indeks/kata-2.json", lambda route: route.fulfill(status=404, body="tidak ada"))
    page.goto(site_url + "cari/")
    page.get_by_role("searchbox").fill("kewirausahaan")
    message = page.locator("#pesan-cari")
    expect(message).to_have_text(re.compile(r"^Indeks pencarian belum dibuat"), timeout=15_000)
    expect(page.locator(".search-result")).to_have_count(0)


def test_a_search_whose_fetch_failed_is_tried_again(page: Page, site_url: str) -> None:
    # A phone loses its connection for a moment: the reader's next try must fetch again, not
    # meet the same failure kept in memory.
    failures = {"table": 1}

    def flaky(route) -> None:
        if failures["table"]:
            failures["table"] -= 1
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/cari/indeks/kata-2.json", flaky)
    page.goto(site_url + "cari/")
    box = page.get_by_role("searchbox")
    box.fill("kewirausahaan")
    message = page.locator("#pesan-cari")
    expect(message).to_have_text(re.compile(r"^Pencarian tidak dapat dimuat"), timeout=15_000)
    box.fill("kewirausahaan sosial")
    expect(message).to_have_text(re.compile(r"^\d+ hasil untuk kewirausahaan sosial$"), timeout=15_000)
    expect(page.locator(".search-result-link").first).to_be_visible(timeout=15_000)


def test_a_query_pasted_with_a_soft_hyphen_finds_what_the_plain_word_finds(page: Page, site_url: str) -> None:
    # Text copied from a word processor carries invisible hyphens: the page's script drops them
    # as the index does (load/search_terms.py).
    page.goto(site_url + "cari/")
    box = page.get_by_role("searchbox")
    message = page.locator("#pesan-cari")
    box.fill("kewirausahaan")
    expect(message).to_have_text(re.compile(r"^\d+ hasil untuk kewirausahaan$"), timeout=15_000)
    plain = message.inner_text().split()[0]
    box.fill("kewira\u00adusahaan")
    expect(message).to_have_text(re.compile(rf"^{plain} hasil untuk kewira\u00adusahaan$"), timeout=15_000)


def test_a_table_of_an_earlier_build_is_read_again(page: Page, site_url: str) -> None:
    # A chunk the table names that is gone (the site was built again since the page read the
    # table) makes the next try read the table again. (That the table is revalidated with the
    # server, cache: "no-cache", cannot be seen here: routing turns the browser's cache off.)
    tables: list[dict[str, str]] = []
    gone = {"left": 1}

    def index_file(route) -> None:
        name = route.request.url.split("?")[0].rsplit("/", 1)[-1]
        if name.startswith("kata-"):  # the word table (search.TABLE)
            tables.append(route.request.headers)
        elif gone["left"] and not name.startswith("saring"):
            gone["left"] -= 1  # the first chunk asked for
            route.fulfill(status=404, body="")
            return
        route.continue_()

    page.route("**/cari/indeks/*.json", index_file)
    page.goto(site_url + "cari/")
    box = page.get_by_role("searchbox")
    message = page.locator("#pesan-cari")
    box.fill("kewirausahaan")
    expect(message).to_have_text(re.compile(r"^Pencarian tidak dapat dimuat"), timeout=15_000)
    box.fill("kewirausahaan sosial")
    expect(message).to_have_text(re.compile(r"^\d+ hasil untuk kewirausahaan sosial$"), timeout=15_000)
    assert len(tables) == 2, "the table read again after a chunk it named was gone"

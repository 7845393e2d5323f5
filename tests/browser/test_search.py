"""Search: Pagefind's index and the /cari/ page, in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def test_search_finds_the_seed_article(page: Page, site_url: str) -> None:
    page.goto(site_url + "cari/")
    box = page.get_by_role("textbox")
    box.fill("kewirausahaan")
    result = page.locator(".pagefind-ui__result-link", has_text="Kuliah Tamu Kewirausahaan Sosial Bersama OK OCE")
    expect(result).to_be_visible(timeout=15_000)
    # Result links stay under the base path.
    assert result.get_attribute("href").startswith("/berita/2021/04/kuliah-tamu-ok-oce/")
    # The excerpt is the article's text and byline, not its category, date and reading time.
    excerpt = page.locator(".pagefind-ui__result", has=result).locator(".pagefind-ui__result-excerpt").inner_text()
    assert "menit baca" not in excerpt, excerpt
    assert not excerpt.startswith("Berita"), excerpt


def test_search_page_explains_itself_without_javascript(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "cari/")
    assert "Pencarian memerlukan JavaScript" in page.locator("main").inner_text()
    context.close()


def test_a_category_filter_keeps_only_its_articles(page: Page, site_url: str) -> None:
    # The filter index is rewritten after Pagefind (pagefind_filters.settle_filters): Pagefind's own
    # script must still read it.
    prestasi = ("dosen-raih-hibah-penelitian-terapan", "mahasiswa-juara-lomba-")
    page.goto(site_url + "cari/")
    page.get_by_role("textbox").fill("mahasiswa")
    links = page.locator(".pagefind-ui__result-link")
    expect(links.first).to_be_visible(timeout=15_000)
    everything = page.locator(".pagefind-ui__message").inner_text()
    page.locator(".pagefind-ui__filter-name", has_text="kategori").click()
    page.locator(".pagefind-ui__filter-label", has_text="Prestasi").click()
    # The message goes from the old count through "Mencari …" to the new count; the results
    # (each loaded on its own) follow it.
    message = page.locator(".pagefind-ui__message")
    expect(message).not_to_have_text(everything, timeout=15_000)
    expect(message).to_have_text(re.compile(r"^\d+ hasil untuk mahasiswa$"), timeout=15_000)
    count = int(message.inner_text().split()[0])
    assert 0 < count <= 5, "all on the first page of results"
    expect(links).to_have_count(count, timeout=15_000)
    hrefs = [link.get_attribute("href") for link in links.all()]
    assert all(any(slug in href for slug in prestasi) for href in hrefs), hrefs


def results_for(page: Page, url: str, term: str) -> list[str]:
    page.goto(url + "cari/")
    page.get_by_role("textbox").fill(term)
    message = page.locator(".pagefind-ui__message")
    expect(message).to_have_text(re.compile(rf"^\d+ hasil untuk {term}$|^Tidak ada hasil"), timeout=15_000)
    count = int(message.inner_text().split()[0]) if message.inner_text()[0].isdigit() else 0
    links = page.locator(".pagefind-ui__result-link")
    expect(links).to_have_count(min(count, 5), timeout=15_000)
    return [link.get_attribute("href") for link in links.all()]


def test_an_index_made_after_an_edit_answers_as_a_cold_one(page: Page, tmp_path) -> None:
    from browsing import serve
    from sites import build, copy_demo
    from test_search_bundles import edit

    incremental, cold = copy_demo(tmp_path / "bertahap"), copy_demo(tmp_path / "dingin")
    build(incremental, "--base-url", "https://example.github.io/berita/")
    for root in (incremental, cold):
        edit(root)
        build(root, "--base-url", "https://example.github.io/berita/")
    terms = ("mahasiswa", "beasiswa", "stres", "kewirausahaan", "wisuda")
    with serve(incremental / "output") as first, serve(cold / "output") as second:
        for term in terms:
            assert results_for(page, first, term) == results_for(page, second, term), term
        assert results_for(page, first, "stres") != [], "the edited text is found"

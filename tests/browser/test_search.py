"""Search: Pagefind's index and the /cari/ page, in a real browser."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_search_finds_the_seed_article(page: Page, site_url: str) -> None:
    page.goto(site_url + "cari/")
    box = page.get_by_role("textbox")
    box.fill("kewirausahaan")
    result = page.locator(".pagefind-ui__result-link", has_text="Kuliah Tamu Kewirausahaan Sosial Bersama OK OCE")
    expect(result).to_be_visible(timeout=15_000)
    # Result links stay under the base path.
    assert result.get_attribute("href").startswith("/berita/2021/04/kuliah-tamu-ok-oce/")


def test_search_page_explains_itself_without_javascript(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "cari/")
    assert "Pencarian memerlukan JavaScript" in page.locator("main").inner_text()
    context.close()


def test_a_category_filter_keeps_only_its_articles(page: Page, site_url: str) -> None:
    # The filter index is rewritten after Pagefind (search.settle_filters): Pagefind's own
    # script must still read it.
    prestasi = ("dosen-raih-hibah-penelitian-terapan", "mahasiswa-juara-lomba-")
    page.goto(site_url + "cari/")
    page.get_by_role("textbox").fill("mahasiswa")
    links = page.locator(".pagefind-ui__result-link")
    expect(links.first).to_be_visible(timeout=15_000)
    everything = page.locator(".pagefind-ui__message").inner_text()
    page.locator(".pagefind-ui__filter-name", has_text="kategori").click()
    page.locator(".pagefind-ui__filter-label", has_text="Prestasi").click()
    expect(page.locator(".pagefind-ui__message")).not_to_have_text(everything, timeout=15_000)
    hrefs = [link.get_attribute("href") for link in links.all()]
    assert hrefs and all(any(slug in href for slug in prestasi) for href in hrefs), hrefs

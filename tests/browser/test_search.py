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

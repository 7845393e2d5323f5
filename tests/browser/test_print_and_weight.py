"""The print stylesheet, and the weight of an article's first view."""

from __future__ import annotations

from browsing import PAGES
from playwright.sync_api import Browser, Page, expect

BUDGET = 60_000  # bytes of HTML + CSS + JS, uncompressed, for an article's first view


def test_print_shows_the_article_and_its_address_and_hides_the_rest(page: Page, site_url: str) -> None:
    page.goto(site_url + PAGES["artikel"])
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert canonical == "https://example.github.io/berita/" + PAGES["artikel"]
    address = page.locator(".print-url")
    expect(address).to_be_hidden()  # on screen the address bar shows it already

    page.emulate_media(media="print")
    for hidden in ("nav[aria-label='Menu utama']", ".share", ".related", "body > footer", ".skip-link", ".breadcrumbs"):
        expect(page.locator(hidden)).to_be_hidden()
    for shown in ("h1", ".article-lede", ".article-rest", ".event-box", ".dateline"):
        expect(page.locator(shown)).to_be_visible()
    expect(page.locator(".article-body p").first).to_contain_text("Pemecahan masalah sosial")
    expect(page.locator(".event-box")).to_contain_text("Zoom Meeting")
    expect(address).to_be_visible()
    expect(address).to_contain_text(canonical)
    # Black on white on paper, whatever the screen's colour scheme.
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"


def test_print_is_black_on_white_in_dark_mode_too(browser: Browser, site_url: str) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site_url + PAGES["artikel"])
    page.emulate_media(media="print")
    colours = page.evaluate(
        "[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor,"
        " getComputedStyle(document.querySelector('.event-box')).color]"
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)", "rgb(0, 0, 0)"]
    context.close()


def test_article_first_view_weighs_under_60_kb_without_fonts_or_frameworks(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    loaded = []
    page.on("requestfinished", lambda request: loaded.append(request))
    page.goto(site_url + PAGES["artikel"], wait_until="networkidle")
    sizes = {}
    for request in loaded:
        response = request.response()
        assert response is not None and response.ok, request.url
        if request.resource_type in ("document", "stylesheet", "script"):
            sizes[request.url.removeprefix(site_url)] = len(response.body())
    total = sum(sizes.values())
    print(f"\narticle first view: {total} bytes of HTML + CSS + JS ({total / 1000:.1f} kB): {sizes}")
    assert total < BUDGET
    assert PAGES["artikel"] in sizes and "css/style.css" in sizes, "the measurement saw the page and its stylesheet"
    assert [r.url for r in loaded if r.resource_type == "font"] == [], "no web fonts"
    assert page.evaluate("document.fonts.size") == 0, "no @font-face at all"
    scripts = [url for url in sizes if url.endswith(".js")]
    assert scripts == ["js/salin.js"], "only our own small script, no framework"
    context.close()

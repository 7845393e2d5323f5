"""Phone layout at 375 px, emulated as a phone (mobile viewport, touch): nothing scrolls sideways, text is large enough."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import PAGES, serve, sideways_overflow
from playwright.sync_api import Browser, Page, expect

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Iterator[Page]:
    """A phone-sized mobile page, reused by every page kind (a mobile viewport obeys the page's meta viewport)."""
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("kind", PAGES)
def test_no_page_scrolls_sideways(phone: Page, site_url: str, kind: str) -> None:
    phone.goto(site_url + PAGES[kind])
    assert sideways_overflow(phone) <= 0, "the page is wider than the phone: it scrolls sideways or is zoomed out"
    # Without `width=device-width` a phone lays the page out 980 px wide and shrinks it.
    assert phone.evaluate("window.innerWidth") == 375


def test_article_text_is_at_least_16_px(phone: Page, site_url: str) -> None:
    phone.goto(site_url + PAGES["artikel"])
    sizes = phone.eval_on_selector_all(
        ".article-body p, .article-body li", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert len(sizes) > 5
    assert min(sizes) >= 16


def test_card_summaries_are_at_least_16_px(phone: Page, site_url: str) -> None:
    phone.goto(site_url)
    sizes = phone.eval_on_selector_all(".card-summary", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes
    assert min(sizes) >= 16


def test_navigation_works_without_javascript(browser: Browser, site_url: str) -> None:
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url)
    links = page.locator("nav[aria-label='Menu utama'] a")
    assert links.count() >= 6
    for link in links.all():
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, "every menu item is on screen, none hidden"
    links.filter(has_text="Arsip").click()
    expect(page).to_have_url(site_url + "arsip/")
    expect(page.locator("h1")).to_have_text("Arsip")
    context.close()


# A table far wider than a phone, a long unbroken address in the text, in a table cell and in the
# event box, and a long line of code: the page must still fit, with the table scrolling in its own box.
LONG_URL = "https://contoh.poltekesos.ac.id/unduhan/" + "sangat-panjang-" * 12 + "berkas.pdf"
WIDE_ARTICLE = f"""\
---
title: Jadwal Ujian dengan Tabel Lebar
date: 2024-05-02T09:00:00
category: pengumuman
event:
  start: 2024-05-20T08:00:00
  mode: luring
  venue: {LONG_URL}
---
Unduh jadwal lengkap di {LONG_URL} atau <{LONG_URL}>.

| {" | ".join(f"Kolom {n}" for n in range(1, 11))} |
|{"---|" * 10}
| {" | ".join(f"Isi sel nomor {n}" for n in range(1, 10))} | {LONG_URL} |

```
{"kode_yang_sangat_panjang_tanpa_spasi_" * 8}
```
"""


def test_wide_table_and_long_address_do_not_scroll_the_page(browser: Browser, tiny_site: Callable) -> None:
    site = tiny_site(base_url="https://example.github.io/berita/")
    site.write("content/2024/jadwal-ujian.md", WIDE_ARTICLE)
    assert site.build() == 0
    context = browser.new_context(**PHONE)
    page = context.new_page()
    with serve(site.output) as url:
        page.goto(url + "2024/05/jadwal-ujian/")
        assert sideways_overflow(page) <= 0, "the page is wider than the phone: it scrolls sideways or is zoomed out"
        table = page.locator(".article-body table")
        expect(table).to_be_visible()
        scroller = page.evaluate(
            """() => {
              let box = document.querySelector(".article-body table");
              while (box && box.scrollWidth <= box.clientWidth) box = box.parentElement;
              const rect = box.getBoundingClientRect();
              return {tag: box.tagName, className: box.className, right: rect.right,
                      scrolls: ["auto", "scroll"].includes(getComputedStyle(box).overflowX)};
            }"""
        )
        assert scroller["scrolls"], f"the table scrolls inside its own box, not the page: {scroller}"
        assert scroller["right"] <= 375
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    context.close()

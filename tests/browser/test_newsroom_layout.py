"""The sample site as a reader sees it in Chromium: photos in the cards, the lede on a phone's first
screen, the event's date first on the agenda, search results with a date and the text's own
excerpt, a compact header, and nothing moving as photos arrive."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browsing import PAGES
from playwright.sync_api import Browser, Page, expect

PHONE = {"width": 375, "height": 812}
LEAD = "2026/11/mahasiswa-dampingi-warga-terdampak-banjir-dayeuhkolot/"
SEMINAR = "2026/11/seminar-nasional-pekerjaan-sosial-2027/"

# Layout shifts the page has had so far (CLS's raw entries), kept from its first paint.
SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.fixture(scope="module", params=[375, 1280], ids=["375px", "1280px"])
def wide(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": request.param, "height": 812})
    context.add_init_script(SHIFTS)
    yield context.new_page()
    context.close()


def scroll_through(page: Page) -> None:
    """Down the whole page and back, as a reader does: lazy photos load on the way."""
    page.evaluate(
        """async () => {
          for (let y = 0; y < document.body.scrollHeight; y += 300) {
            window.scrollTo(0, y);
            await new Promise((done) => setTimeout(done, 40));
          }
          window.scrollTo(0, 0);
        }"""
    )


def test_a_card_shows_its_articles_photo_in_the_sizes_made_for_its_page(wide: Page, site_url: str) -> None:
    wide.goto(site_url)
    lead = wide.locator(".front-lead article.card")
    expect(lead.locator(".card-title a")).to_have_attribute("href", "/berita/" + LEAD)
    photo = lead.locator(".card-thumb img")
    expect(photo).to_be_visible()
    assert photo.get_attribute("loading") is None, "the first screen's photo is not lazy"
    assert photo.get_attribute("width") and photo.get_attribute("height")
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert re.search(
        r"/berita/2026/banjir-dayeuhkolot-(480|800|1200)\.(webp|jpg)$", photo.evaluate("i => i.currentSrc")
    )
    # A card further down: lazy, loaded when scrolled to, one of the same files as the article's photo.
    wisuda = wide.locator("article.card", has=wide.locator('a[href$="wisuda-tahun-akademik-2025-2026/"]')).first
    thumb = wisuda.locator(".card-thumb img")
    assert thumb.get_attribute("loading") == "lazy"
    thumb.scroll_into_view_if_needed()
    expect(thumb).to_have_js_property("complete", True)
    assert thumb.evaluate("img => img.naturalWidth") > 0
    assert re.search(r"/berita/2026/wisuda-2025-2026-(480|800|1200)\.(webp|jpg)$", thumb.evaluate("i => i.currentSrc"))
    # An article without a photo keeps a text card: no placeholder picture.
    plain = wide.locator(
        "article.card", has=wide.locator('a[href$="kerja-sama-layanan-lansia-dinas-sosial-kota-bandung/"]')
    )
    expect(plain.first.locator("img")).to_have_count(0)


@pytest.mark.parametrize("kind", ["beranda", "tag", "agenda", "artikel", "artikel-agenda", "cari"])
def test_nothing_moves_while_photos_and_the_search_box_load(wide: Page, site_url: str, kind: str) -> None:
    wide.goto(site_url + PAGES[kind], wait_until="load")
    scroll_through(wide)
    wide.wait_for_timeout(300)
    assert wide.evaluate("window.__shifts") == []


def test_header_and_menu_take_at_most_15_percent_of_a_phone_screen(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    for kind in ("beranda", "artikel", "cari"):
        page.goto(site_url + PAGES[kind])
        height = page.evaluate("document.querySelector('body > header').getBoundingClientRect().height")
        assert height <= 0.15 * PHONE["height"], f"{kind}: header {height} px"
        # Every item of the menu in sight, on two rows at most.
        rows = page.evaluate(
            "new Set([...document.querySelectorAll('.site-nav a')].map(a => a.getBoundingClientRect().top)).size"
        )
        assert rows <= 2
    context.close()


def test_the_first_paragraph_of_an_article_with_an_event_is_on_a_phones_first_screen(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    for path in (PAGES["artikel"], SEMINAR):  # one with a lead photo, both with an event box
        page.goto(site_url + path)
        first = page.locator(".article-body p").first
        top = first.evaluate("p => p.getBoundingClientRect().top")
        assert top < PHONE["height"] - 48, f"{path}: the lede starts at {top} px"
        # The event's one-line summary comes before it, the full box after it.
        assert page.locator(".event-line").evaluate("e => e.getBoundingClientRect().top") < top
        assert page.locator(".event-box").evaluate("e => e.getBoundingClientRect().top") > top
    context.close()


def test_on_a_wide_screen_the_event_box_stands_beside_the_text(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + PAGES["artikel"])
    text = page.locator(".article-lede").bounding_box()
    box = page.locator(".event-box").bounding_box()
    assert text and box
    assert box["x"] >= text["x"] + text["width"], "to the right of the text"
    assert box["y"] < text["y"] + text["height"], "beside its beginning, not below it"
    assert page.locator(".event-line").is_hidden(), "the box itself is in sight: no summary line"
    context.close()


def test_every_agenda_card_starts_with_the_events_date(wide: Page, site_url: str) -> None:
    wide.goto(site_url + PAGES["agenda"])
    cards = wide.locator("main article.card")
    assert cards.count() >= 10
    for card in cards.all():
        first = card.evaluate(
            """card => {
              const first = card.firstElementChild, box = first.getBoundingClientRect();
              const others = [...card.children].slice(1).map((e) => e.getBoundingClientRect()).filter((o) => o.width > 0);
              return {tag: first.tagName, cls: first.className, datetime: first.getAttribute("datetime"),
                      text: first.innerText, leftmost: others.every((o) => box.left <= o.left),
                      topmost: others.every((o) => box.top <= o.top + 1)};
            }"""
        )
        assert (first["tag"], first["cls"]) == ("TIME", "date-block"), first
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:]+\+07:00", first["datetime"])
        assert re.fullmatch(r"\d{1,2}\s+[A-Z]{3}\s+\d{4}", first["text"].replace("\n", " ")), first["text"]
        assert first["leftmost"] and first["topmost"], "seen first too"
    past = wide.locator("#telah-berlangsung ~ .cards article.card")
    assert past.count() and past.count() == past.filter(has=wide.locator(".badge", has_text="Selesai")).count()


def test_a_search_result_shows_its_date_and_category_and_an_excerpt_of_its_text(page: Page, site_url: str) -> None:
    page.goto(site_url + PAGES["cari"])
    page.get_by_role("searchbox").fill("kuliah tamu")
    results = page.locator(".search-result")
    expect(results.first.locator(".search-result-link")).to_be_visible(timeout=15_000)
    expect(page.locator("#pesan-cari")).to_have_text(re.compile(r"^\d+ hasil untuk kuliah tamu$"), timeout=15_000)
    assert results.count() >= 3
    for result in results.all():
        expect(result.locator(".search-result-excerpt")).not_to_be_empty(timeout=15_000)
        title = result.locator(".search-result-link").inner_text().strip()
        excerpt = result.locator(".search-result-excerpt").inner_text().strip()
        date = result.locator(".search-result-meta time")
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", date.inner_text().strip()), date.inner_text()
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", date.get_attribute("datetime"))
        category = result.locator(".search-result-category").inner_text().strip()
        assert category in {"Berita", "Pengumuman", "Agenda", "Prestasi"}, category
        assert not excerpt.casefold().startswith(title.casefold()[:20]), excerpt
        assert not excerpt.startswith("Oleh "), excerpt
        for label in ("Info Kegiatan", "Jenis Kuliah Tamu", "menit baca"):
            assert label not in excerpt, excerpt
    # The date and category are over the title, where a reader looks first.
    first = results.first
    title_top = first.locator(".search-result-link").bounding_box()["y"]
    for part in (".search-result-category", ".search-result-meta time"):
        box = first.locator(part).bounding_box()
        assert box["y"] + box["height"] <= title_top, part


def test_no_filter_value_is_offered_that_finds_nothing(page: Page, site_url: str) -> None:
    page.goto(site_url + PAGES["cari"])
    page.get_by_role("searchbox").fill("wisuda")
    expect(page.locator(".search-result-link").first).to_be_visible(timeout=15_000)
    page.locator("#saring summary").click()
    category = page.locator("fieldset.search-filter", has=page.locator("legend", has_text="Kategori"))
    # Values no result has are in the page, hidden: only what a reader sees counts.
    values = category.locator(".search-filter-value:visible")
    expect(values.first).to_be_visible(timeout=15_000)
    shown = [" ".join(value.inner_text().split()) for value in values.all()]
    assert shown and not [label for label in shown if label.endswith("(0)")], shown
    assert all(re.fullmatch(r".+\(\d+\)", label) for label in shown), shown
    assert not [label for label in shown if label.startswith("Prestasi")], "no prestasi article mentions wisuda"
    tags = page.locator("fieldset.search-filter", has=page.locator("legend", has_text="Tag"))
    shown_tags = [" ".join(value.inner_text().split()) for value in tags.locator(".search-filter-value:visible").all()]
    assert shown_tags and not [label for label in shown_tags if label.endswith("(0)")], shown_tags

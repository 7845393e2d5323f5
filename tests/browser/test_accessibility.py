"""Accessibility of every page kind in a real Chromium at phone width: axe-core, keyboard, structure, tap targets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import PAGES, small_targets
from playwright.sync_api import Browser, Page

AXE = Axe()
# The WCAG 2.2 A and AA rules (and axe's best practices), with the one axe leaves off unless
# asked: target size (2.5.8).
WCAG_22_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}


@pytest.fixture(
    scope="module",
    params=[("light", 375), ("dark", 375), ("light", 1280), ("dark", 1280)],
    ids=["light-375", "dark-375", "light-1280", "dark-1280"],
)
def schemed(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """One page per colour scheme and width (a phone's, a desktop's), reused by every page kind."""
    scheme, width = request.param
    context = browser.new_context(viewport={"width": width, "height": 812}, color_scheme=scheme)
    yield context.new_page()
    context.close()


def search(page: Page, term: str) -> None:
    """Type `term` into the search page's box and wait until every result shown is filled in."""
    page.locator("#kata-cari").fill(term)
    page.locator(".search-result-link").first.wait_for(timeout=15_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.search-result')].every((r) => r.querySelector('.search-result-excerpt'))",
        timeout=15_000,
    )


@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_violation(schemed: Page, site_url: str, kind: str) -> None:
    schemed.goto(site_url + PAGES[kind])
    if kind == "cari":
        # Judge the search page as a reader uses it: its box, a page of results and the button for more.
        search(schemed, "kewirausahaan")
    results = AXE.run(schemed, options=WCAG_22_AA)
    assert results.violations_count == 0, results.generate_report()


def test_axe_finds_no_violation_with_the_search_filters_open(schemed: Page, site_url: str) -> None:
    schemed.goto(site_url + PAGES["cari"])
    search(schemed, "mahasiswa")
    schemed.locator("#saring summary").click()
    schemed.locator(".search-filter-value").first.wait_for(timeout=15_000)
    results = AXE.run(schemed, options=WCAG_22_AA)
    assert results.violations_count == 0, results.generate_report()


def test_dark_mode_is_dark_and_light_mode_is_light(browser: Browser, site_url: str) -> None:
    """axe's contrast rule runs in both schemes above; this proves the two schemes really differ."""
    backgrounds = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(site_url + PAGES["artikel"])
        backgrounds[scheme] = page.evaluate(
            """() => {
              const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
              return (r + g + b) / 3;
            }"""
        )
        context.close()
    assert backgrounds["light"] > 200
    assert backgrounds["dark"] < 60


@pytest.mark.parametrize("kind", PAGES)
def test_structure_language_landmarks_heading_and_alt(page: Page, site_url: str, kind: str) -> None:
    page.goto(site_url + PAGES[kind])
    facts = page.evaluate(
        """() => ({
          lang: document.documentElement.lang,
          banner: document.querySelectorAll("body > header").length,
          nav: document.querySelectorAll("body > header nav").length,
          main: document.querySelectorAll("main").length,
          contentinfo: document.querySelectorAll("body > footer").length,
          h1: [...document.querySelectorAll("h1")].map((h) => h.textContent.trim()),
          noAlt: [...document.querySelectorAll("img:not([alt])")].map((img) => img.outerHTML),
        })"""
    )
    assert facts["lang"] == "id"
    assert (facts["banner"], facts["nav"], facts["main"], facts["contentinfo"]) == (1, 1, 1, 1)
    assert len(facts["h1"]) == 1, facts["h1"]
    assert facts["h1"][0]
    assert facts["noAlt"] == []


@pytest.fixture(scope="module", params=[375, 1280], ids=["375px", "1280px"])
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page at phone and at desktop width: targets must be large enough at both."""
    context = browser.new_context(viewport={"width": request.param, "height": 812})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("kind", PAGES)
def test_tap_targets_are_at_least_24_px(sized: Page, site_url: str, kind: str) -> None:
    sized.goto(site_url + PAGES[kind])
    if kind == "cari":
        search(sized, "kewirausahaan")
    assert small_targets(sized) == []


def test_skip_link_is_first_and_moves_focus_to_main(page: Page, site_url: str) -> None:
    page.goto(site_url + PAGES["artikel"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["width"] >= 24 and box["height"] >= 24, "the focused skip link is on screen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "isi"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    # The next Tab continues inside main, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


TABBED_JS = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    key: el.outerHTML.slice(0, 160),
    focusVisible: el.matches(":focus-visible"),
    outline: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    color: style.outlineColor,
  };
}
"""

VISIBLE_TARGETS_JS = """
() => [...document.querySelectorAll("a[href], button, input, summary")]
  .filter((el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.display !== "none" && style.visibility !== "hidden" && box.width > 0 && box.height > 0 && !el.disabled;
  })
  .map((el) => el.outerHTML.slice(0, 160))
"""


@pytest.mark.parametrize("kind", ["beranda", "artikel", "tag", "agenda", "404"])
def test_every_link_and_button_is_reached_by_tab_with_a_visible_focus(page: Page, site_url: str, kind: str) -> None:
    page.goto(site_url + PAGES[kind])
    expected = page.evaluate(VISIBLE_TARGETS_JS)
    reached = []
    for _ in range(len(expected) + 5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        focused = page.evaluate(TABBED_JS)
        if reached and focused["key"] == reached[0]["key"]:
            break
        reached.append(focused)
    assert [f["key"] for f in reached] == expected, "Tab order skips or adds a target"
    unseen = [f for f in reached if not (f["focusVisible"] and f["outline"] != "none" and f["width"] >= 2)]
    assert unseen == [], "focus must show a visible outline"
    assert all(f["color"] not in ("transparent", "rgba(0, 0, 0, 0)") for f in reached)

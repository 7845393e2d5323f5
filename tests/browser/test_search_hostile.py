"""Stored script through the search page: the index (site/search.py) carries what authors wrote
(titles, tags, categories, dates, text) to /cari/, where js/cari.js puts it into the page.
Every value an author controls that reaches the index must show as its characters on /cari/,
whatever the field, and no payload may run.

Found by an attack on the Pagefind search this one replaced: a tag `<img src=x onerror=…>` was
escaped on the article, but Pagefind's UI put it into the page as HTML as a filter's value, and
the handler ran for every reader who searched.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browsing import serve
from playwright.sync_api import Browser, expect
from sites import NOW

# Active payloads, each naming where it was put when it runs: handlers that fire on their own
# (onerror, onload, ontoggle, onfocus with autofocus), an SVG, an iframe with its own document.
# <script> alone would prove nothing: innerHTML never runs it.
PAYLOADS = {
    "title": "<img src=x onerror=\"__hit('title')\">",
    "tag": "<svg onload=\"__hit('tag')\"></svg>",
    "tag2": "<iframe srcdoc=\"<script>parent.__hit('tag2')</script>\"></iframe>",
    "tag3": "<details open ontoggle=\"__hit('tag3')\">",
    "tag4": "<input autofocus onfocus=\"__hit('tag4')\">",
    "author": "<img src=x onerror=\"__hit('author')\">",
    "summary": "<svg><animate onbegin=\"__hit('summary')\" attributeName=x dur=1s>",
    "alt": "<img src=x onerror=\"__hit('alt')\">",
    "caption": "<iframe srcdoc=\"<script>parent.__hit('caption')</script>\"></iframe>",
    "speaker": "<img src=x onerror=\"__hit('speaker')\">",
    "body": "<img src=x onerror=\"__hit('body')\">",
}


def quoted(value: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


HOSTILE_ARTICLE = f"""\
---
title: {quoted("Beasiswa Prestasi " + PAYLOADS["title"])}
date: 2026-11-02T09:00:00
category: pengumuman
tags: [{", ".join(quoted(PAYLOADS[t]) for t in ("tag", "tag2", "tag3", "tag4"))}, beasiswa, "__proto__"]
author: {quoted(PAYLOADS["author"])}
summary: {quoted("Ringkasan " + PAYLOADS["summary"])}
image:
  src: foto.png
  alt: {quoted(PAYLOADS["alt"])}
  caption: {quoted(PAYLOADS["caption"])}
event:
  start: 2026-11-10T09:00:00
  mode: luring
  venue: Aula Poltekesos Bandung
  speakers:
    - name: {quoted(PAYLOADS["speaker"])}
---
Pendaftaran beasiswa prestasi dibuka untuk mahasiswa semester tiga.

Contoh teks yang ditulis dengan entitas: {PAYLOADS["body"].replace("<", "&lt;").replace(">", "&gt;")}
"""

# Every call of __hit() is kept, and every element that gets an on… attribute or is an SVG or
# iframe inside the search box is reported, whether or not its handler would run.
RECORDER = """
window.__hits = [];
window.__hit = (where) => window.__hits.push(where);
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from PIL import Image
    from sites import CONFIG, add_theme

    from berita.cli import main

    root = add_theme(tmp_path_factory.mktemp("cari-jahat"))
    (root / "config.toml").write_text(
        CONFIG.format(base_url="https://example.github.io/berita/", per_page=10), encoding="utf-8"
    )
    folder = root / "content" / "2026"
    folder.mkdir(parents=True)
    Image.new("RGB", (64, 48), "teal").save(folder / "foto.png")
    (folder / "beasiswa-prestasi.md").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    assert main(["build", "--config", str(root / "config.toml"), "--clock", NOW.isoformat()]) == 0
    return root


def test_no_payload_in_any_indexed_field_runs_on_the_search_page(browser: Browser, hostile_site: Path) -> None:
    with serve(hostile_site / "output") as url:
        context = browser.new_context(viewport={"width": 1280, "height": 2000})
        context.add_init_script(RECORDER)
        page = context.new_page()
        page.goto(url + "cari/?q=beasiswa")
        result = page.locator(".search-result-link").first
        expect(result).to_be_visible(timeout=15_000)
        page.locator("#saring summary").click()
        expect(page.locator(".search-filter-label").first).to_be_visible(timeout=15_000)
        page.wait_for_timeout(1000)  # long enough for an image's error, an animation's start
        box = page.locator("#pencarian")
        # Any element with an on… attribute, and any element at all inside what came from the
        # index (a filter's label, a result's title, its category and date) but the <mark> the
        # script puts in an excerpt, with nothing inside it.
        active = box.evaluate(
            """box => [
                ...Array.from(box.querySelectorAll('*')).filter(
                    e => Array.from(e.attributes).some(a => a.name.toLowerCase().startsWith('on'))),
                ...box.querySelectorAll(
                    '.search-filter-label *, .search-result-link *, .search-result-meta * *,' +
                    ' .search-result-excerpt :not(mark), .search-result-excerpt mark *'),
            ].map(e => e.outerHTML)"""
        )
        hits = page.evaluate("window.__hits")
        text = box.inner_text()
        # A result's metadata: its category and its date, text only.
        meta = page.locator(".search-result-meta").first
        meta_parts = meta.evaluate("m => Array.from(m.children).map(e => [e.tagName, e.className])")
        category = meta.locator(".search-result-category").evaluate("e => e.textContent")
        date = meta.locator("time").evaluate("e => [e.textContent, e.getAttribute('datetime')]")
        # The author is not shown, only searched: a word only the author's field has finds the
        # article, and the result does not show the author.
        page.goto(url + "cari/?q=author")
        expect(page.locator("#pesan-cari")).to_have_text("1 hasil untuk author", timeout=15_000)
        by_author = page.locator(".search-result-link")
        expect(by_author).to_have_count(1, timeout=15_000)
        expect(page.locator(".search-result-excerpt")).not_to_be_empty(timeout=15_000)
        by_author_href = by_author.get_attribute("href")
        by_author_text = page.locator("#hasil-cari").inner_text()
        author_hits = page.evaluate("window.__hits")
        context.close()
    assert hits == [] and author_hits == [], f"payloads ran: {hits + author_hits}"
    assert active == [], active
    # The reader sees what the author wrote, as characters.
    assert "Beasiswa Prestasi <img src=x onerror=" in text
    assert "<svg onload=" in text, "the tag filter shows the tag as written"
    # A tag named like an object's prototype is a filter like any other (not the filters' prototype).
    assert "__proto__" in text, "the tag filter shows every tag"
    assert meta_parts == [["SPAN", "search-result-category"], ["TIME", ""]], meta_parts
    assert category.strip() == "Pengumuman"
    assert date == ["2 November 2026", "2026-11-02"]
    assert by_author_href.startswith("/berita/2026/11/beasiswa-prestasi"), by_author_href
    assert "author" not in by_author_text, "the author is searched, never shown"

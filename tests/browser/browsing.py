"""What the browser tests share that is not a fixture: the page kinds, a server, and measurements in the page."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Page
from sites import UnderBasePath

SEED = "2021/04/kuliah-tamu-ok-oce/"

# One page of every kind the sample site has, relative to the site's address.
PAGES = {
    "beranda": "",
    "artikel": SEED,
    "tag": "tag/mahasiswa/",
    "semua-tag": "tag/",
    "arsip": "arsip/",
    "arsip-tahun": "arsip/2025/",
    "agenda": "agenda/",
    "cari": "cari/",
    "404": "404.html",
    "halaman": "redaksi/",
    "kategori": "kategori/prestasi/",
    "beranda-2": "page/2/",
    "artikel-agenda": "2026/11/seminar-nasional-pekerjaan-sosial-2027/",
}


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A built site served under /berita/ on a free loopback port; yields its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(UnderBasePath, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/berita/"
    finally:
        server.shutdown()
        server.server_close()


def sideways_overflow(page: Page, width: int = 375) -> int:
    """How many CSS pixels the page is wider than the phone's screen (0 or less when it fits).

    Measured against the screen's width, not `innerWidth`: a phone that meets a too-wide page
    zooms out, and its `innerWidth` grows with the page.
    """
    return page.evaluate(f"Math.max(document.scrollingElement.scrollWidth, window.innerWidth) - {width}")


# Every visible link and button with its box, and whether WCAG 2.5.8's inline exception applies:
# a link displayed inline inside running text (a paragraph, or the article's own prose) with
# other words around it. Everything else must be at least 24 × 24 CSS pixels.
TARGETS_JS = """
() => {
  const blockOf = (el) => {
    let node = el.parentElement;
    while (node && ["inline", "contents"].includes(getComputedStyle(node).display)) node = node.parentElement;
    return node;
  };
  const words = (el) => (el.textContent || "").replace(/\\s+/g, " ").trim();
  return [...document.querySelectorAll("a[href], button")].flatMap((el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.display === "none" || style.visibility === "hidden" || (box.width === 0 && box.height === 0)) return [];
    const block = blockOf(el);
    const prose = block && (block.tagName === "P" || block.closest(".article-body") !== null);
    const inline = style.display === "inline" && prose && words(block) !== words(el);
    return [{html: el.outerHTML.slice(0, 120), width: box.width, height: box.height, inline}];
  });
}
"""


def small_targets(page: Page) -> list[dict]:
    """Links and buttons under 24 × 24 px that are not inline text (WCAG 2.5.8)."""
    return [t for t in page.evaluate(TARGETS_JS) if not t["inline"] and (t["width"] < 24 or t["height"] < 24)]

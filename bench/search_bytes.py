"""The bytes a reader's browser fetches for one search on /cari/, with a cold cache.

    python bench/search_bytes.py SITE_OUTPUT QUERY [QUERY …]

The built site is served from a local HTTP server that gzips text as GitHub Pages does. For
each query, Chromium (Debian's /usr/bin/chromium through Playwright, or BERITA_CHROMIUM)
opens /cari/ in a fresh context, so with an empty cache, with the mobile profile of a Pixel 5,
types the query and waits until the results are shown and no request has finished for a
second. Every
request's size on the wire (headers and encoded body, as Playwright reports them when it
finishes) is added up, in two parts:

- search: the search's own files: /js/cari.js and what it fetches under /cari/indeks/ (the
  word table kata-<version>.json, the chunks of the words typed, each result's article file);
- page: the rest of the visit (the page's HTML, the site's stylesheet, fonts, logo), which
  every page of the site fetches too.

Prints JSON: per query the two sums, the number of results shown and the bytes by kind of file.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import os
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Request

# As tests/browser/conftest.py starts Chromium (root, no sandbox, nothing from the network).
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEVICE = "Pixel 5"
TEXT = frozenset((".html", ".js", ".css", ".json", ".svg", ".xml", ".txt"))
QUIET = 1.0  # seconds without a finished request after the results show: the search is done


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, text gzipped when the browser accepts it (as GitHub Pages serves)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> io.BufferedIOBase | io.BytesIO | None:
        path = Path(self.translate_path(self.path.split("?")[0]))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix in TEXT and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return io.BytesIO(data)
        return super().send_head()


def kind_of(path: str) -> str:
    """A request's path as a kind of file: 'word table', 'chunk', 'article', 'cari.js', 'page'…"""
    if path.startswith("/cari/indeks/"):
        name = path.rsplit("/", 1)[-1]
        if path.startswith("/cari/indeks/artikel/"):
            return "article"
        if name.startswith("kata-"):  # the word table (search.TABLE)
            return "word table"
        return "filters" if name.startswith("saring-") else "chunk"
    if path == "/js/cari.js":
        return "cari.js"
    return "page"


def measure(site: Path, queries: list[str]) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright  # here: only this script needs a browser

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    chromium = os.environ.get("BERITA_CHROMIUM", "/usr/bin/chromium")
    found: dict[str, dict] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS, headless=True)
            for query in queries:
                context = browser.new_context(**playwright.devices[DEVICE])
                page = context.new_page()
                fetched: list[tuple[str, int]] = []
                last = [time.perf_counter()]

                def finished(request: Request, fetched: list = fetched, last: list = last) -> None:
                    sizes = request.sizes()
                    path = request.url.split("//", 1)[-1].split("/", 1)[-1].split("?")[0]
                    fetched.append(("/" + path, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
                    last[0] = time.perf_counter()

                context.on("requestfinished", finished)
                page.goto(f"http://127.0.0.1:{server.server_port}/cari/")
                page.wait_for_load_state("networkidle")
                page.get_by_role("searchbox").fill(query)
                page.wait_for_selector(".search-result-link", timeout=60000)
                while time.perf_counter() - last[0] < QUIET:
                    page.wait_for_timeout(200)
                shown = page.locator(".search-result-link").count()
                by_kind: dict[str, int] = {}
                for path, size in fetched:
                    by_kind[kind_of(path)] = by_kind.get(kind_of(path), 0) + size
                page_bytes = by_kind.get("page", 0)
                found[query] = {
                    "search": sum(by_kind.values()) - page_bytes,
                    "page": page_bytes,
                    "requests": len(fetched),
                    "results_shown": shown,
                    "by_kind": dict(sorted(by_kind.items(), key=lambda item: -item[1])),
                }
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return found


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    site = Path(argv[0])
    if not (site / "cari" / "index.html").is_file():
        print(f"no cari/index.html in {site}: build the site with search on first", file=sys.stderr)
        return 2
    print(json.dumps(measure(site, argv[1:]), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

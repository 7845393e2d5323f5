"""`make screenshots`: every page kind of the sample site at 375 px and 1280 px, light and dark, into
screenshots/ (a search with its results; a phone's first screen of each page too).

Builds the sample site into a temporary folder, serves it under /berita/ as GitHub Pages does,
and drives the same Chromium the browser tests use. Each page is scrolled through first, so its
lazy photos are in the picture. Look at the PNGs after a change to the templates or the
stylesheet. `python tests/browser/screenshots.py FOLDER` writes them into FOLDER instead.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent.parent)]

from browsing import PAGES as KINDS  # noqa: E402
from browsing import serve  # noqa: E402
from conftest import CHROMIUM_FLAGS, chromium_path  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402
from sites import PROJECT, build, copy_demo  # noqa: E402

PAGES = {
    **{name: KINDS[name] for name in ("beranda", "artikel", "agenda", "tag", "halaman", "404")},
    "artikel-foto": "2026/11/seminar-nasional-pekerjaan-sosial-2027/",
    "cari": KINDS["cari"] + "?q=kuliah%20tamu",
}
WIDTHS = (375, 1280)
SCROLL = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += 400) {
    window.scrollTo(0, y);
    await new Promise((done) => setTimeout(done, 50));
  }
  window.scrollTo(0, 0);
}"""


def shoot(page: Page, url: str, name: str) -> None:
    page.goto(url)
    page.evaluate(SCROLL)
    if name == "cari":
        # The results each come with their own file: all of them in the picture.
        page.locator(".search-result-link").first.wait_for(timeout=15_000)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.search-result')].every((r) => r.querySelector('.search-result-excerpt'))",
            timeout=15_000,
        )
    page.wait_for_timeout(500)


def main(argv: list[str]) -> int:
    target = Path(argv[0]).resolve() if argv else PROJECT / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        root = copy_demo(Path(folder))
        build(root, "--base-url", "https://example.github.io/berita/")
        with serve(root / "output") as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
            for scheme in ("light", "dark"):
                for width in WIDTHS:
                    context = browser.new_context(viewport={"width": width, "height": 812}, color_scheme=scheme)
                    page = context.new_page()
                    for name, path in PAGES.items():
                        shoot(page, base + path, name)
                        suffix = "" if scheme == "light" else "-gelap"
                        png = target / f"{name}-{width}{suffix}.png"
                        page.screenshot(path=str(png), full_page=True)
                        if width == 375:  # what a phone shows before any scrolling
                            page.screenshot(path=str(target / f"{name}-{width}{suffix}-layar-pertama.png"))
                        print(png)
                    context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

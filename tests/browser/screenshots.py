"""`make screenshots`: the home page and the seed article at 375 px and 1280 px, full page, into screenshots/.

Builds the sample site into a temporary folder, serves it under /berita/ as GitHub Pages does,
and drives the same Chromium the browser tests use. Look at the PNGs after a change to the
templates or the stylesheet.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent.parent)]

from browsing import SEED, serve  # noqa: E402
from conftest import CHROMIUM_FLAGS, chromium_path  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from sites import PROJECT, build, copy_demo  # noqa: E402

PAGES = {"beranda": "", "artikel": SEED}
WIDTHS = (375, 1280)


def main() -> int:
    target = PROJECT / "screenshots"
    target.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        root = copy_demo(Path(folder))
        build(root, "--base-url", "https://example.github.io/berita/")
        with serve(root / "output") as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
            for scheme in ("light", "dark"):
                for width in WIDTHS:
                    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
                    page = context.new_page()
                    for name, path in PAGES.items():
                        page.goto(base + path)
                        suffix = "" if scheme == "light" else "-gelap"
                        png = target / f"{name}-{width}{suffix}.png"
                        page.screenshot(path=str(png), full_page=True)
                        print(png.relative_to(PROJECT))
                    context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Browser tests: Playwright driving a real Chromium against the sample site served under /berita/.

The browser is Debian's `chromium` at /usr/bin/chromium when it is there (or BERITA_CHROMIUM),
else Playwright's own (`python -m playwright install chromium` on a laptop). Tests never
download a browser. In CI a browser that will not start is a failure, never a skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import serve
from playwright.sync_api import Browser, Error, Page, sync_playwright
from sites import build, copy_demo

# Chromium as root on a closed network: no sandbox, and none of its background connections.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    chosen = os.environ.get("BERITA_CHROMIUM")
    if chosen:
        return chosen
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
        except Error as error:
            if os.environ.get("CI"):
                pytest.fail(f"Chromium did not start (CI needs it; see README): {error}")
            pytest.skip(
                f"no Chromium here (install Debian's chromium or run `python -m playwright install chromium`): {error}"
            )
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site (sources and output/) built for https://example.github.io/berita/, with
    its web editor (/admin/), as the Pages workflow builds it."""
    root = copy_demo(tmp_path_factory.mktemp("peramban"))
    build(root, "--base-url", "https://example.github.io/berita/", "--cms-repo", "example/berita")
    return root


@pytest.fixture(scope="session")
def site_url(site_root: Path) -> Iterator[str]:
    """The sample site served under /berita/, as GitHub Pages serves a project site."""
    with serve(site_root / "output") as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 375, "height": 812})
    opened = context.new_page()
    yield opened
    context.close()

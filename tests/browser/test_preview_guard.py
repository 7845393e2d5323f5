"""The preview in Chromium: its pages reload after a save, and a page of another site gets
neither its live-reload socket nor, through a name pointed at this computer, its drafts."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import serve
from conftest import CHROMIUM_FLAGS, chromium_path
from playwright.sync_api import Browser, Page
from sites import CONFIG, PROJECT, SEARCH_OFF, add_theme

ARTICLE = "content/2021/rapat-draf.md"
DRAFT = """\
---
title: {title}
date: 2021-04-21T09:00
draft: true
summary: Rapat pimpinan membahas rencana penerimaan mahasiswa baru.
---
Rapat pimpinan Poltekesos Bandung membahas rencana penerimaan mahasiswa baru tahun 2021.
"""
PAGE = "/berita/2021/04/rapat-draf/"
# A name someone else's DNS answers with this computer's address (DNS rebinding), as Chromium's
# resolver is told to here.
FOREIGN = "berita-rahasia.example"
OPENS = """url => new Promise(done => {
    const socket = new WebSocket(url);
    socket.onopen = () => { socket.close(); done("terbuka"); };
    socket.onerror = () => done("ditolak");
})"""


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A preview of a site with one draft, on a port of its own choosing: (site, address)."""
    root = tmp_path_factory.mktemp("pratinjau-peramban") / "situs"
    root.mkdir()
    add_theme(root)
    config = CONFIG.format(base_url="https://example.github.io/berita/", per_page=10)
    (root / "config.toml").write_text(config + SEARCH_OFF, encoding="utf-8")
    (root / ARTICLE).parent.mkdir(parents=True)
    (root / ARTICLE).write_text(DRAFT.format(title="Rapat Penerimaan Mahasiswa Baru"), encoding="utf-8")
    command = [sys.executable, str(PROJECT / "build.py"), "serve", "--config", str(root / "config.toml")]
    process = subprocess.Popen(
        [*command, "--port", "0"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        line = next(line for line in process.stdout if line.startswith("Pratinjau:"))
        threading.Thread(target=process.stdout.read, daemon=True).start()  # keep its pipe from filling
        yield root, line.split()[1].removesuffix("/berita/")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_preview_page_reloads_after_a_save(preview: tuple[Path, str], page: Page) -> None:
    root, address = preview
    sent: list[str] = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda frame: sent.append(f"{socket.url} {frame}")))
    page.goto(address + PAGE)
    assert page.locator("h1").inner_text() == "Rapat Penerimaan Mahasiswa Baru"
    # The page has told the server which page it is (livereload.js's "info"): it is reloaded from now on.
    for _ in range(200):
        if any('"info"' in frame for frame in sent):
            break
        page.wait_for_timeout(100)
    assert any(frame.startswith(f"{address.replace('http', 'ws')}/livereload ") and '"info"' in frame for frame in sent)
    (root / ARTICLE).write_text(DRAFT.format(title="Rapat Pimpinan Penerimaan Mahasiswa Baru"), encoding="utf-8")
    page.wait_for_function(
        "document.querySelector('h1').textContent === 'Rapat Pimpinan Penerimaan Mahasiswa Baru'", timeout=20_000
    )
    assert page.evaluate(OPENS, f"{address.replace('http', 'ws')}/livereload") == "terbuka"


def test_a_page_of_another_site_gets_no_live_reload_socket(
    preview: tuple[Path, str], page: Page, tmp_path: Path
) -> None:
    _root, address = preview
    (tmp_path / "index.html").write_text("<!doctype html><title>Situs lain</title>", encoding="utf-8")
    with serve(tmp_path) as other:  # another origin: the same computer, another port
        page.goto(other)
        assert page.evaluate(OPENS, f"{address.replace('http', 'ws')}/livereload") == "ditolak"


def test_a_name_pointed_at_this_computer_reads_no_draft(preview: tuple[Path, str], browser: Browser) -> None:
    _root, address = preview
    port = address.rsplit(":", 1)[1]
    rebinding = browser.browser_type.launch(
        executable_path=chromium_path(),
        args=[*CHROMIUM_FLAGS, f"--host-resolver-rules=MAP {FOREIGN} 127.0.0.1"],
        headless=True,
    )
    try:
        page = rebinding.new_page()
        response = page.goto(f"http://{FOREIGN}:{port}{PAGE}")
        assert response is not None and response.status == 421
        assert page.locator("h1").inner_text() == "Alamat tidak dikenal"
        # What a script of that origin would read: the page, the feed, the live-reload socket.
        for path in (PAGE, "/berita/", "/berita/feed.xml", "/livereload.js"):
            status, text = page.evaluate("p => fetch(p).then(async r => [r.status, await r.text()])", path)
            assert status == 421 and "Rapat" not in text and "livereload" not in text, path
        assert page.evaluate(OPENS, f"ws://{FOREIGN}:{port}/livereload") == "ditolak"
    finally:
        rebinding.close()

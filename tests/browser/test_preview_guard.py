"""The preview in Chromium: its pages reload after a save (also one whose live-reload socket
was not there to hear of it), and a page of another site gets neither its live-reload socket
nor, through a name pointed at this computer, its drafts."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import serve
from conftest import CHROMIUM_FLAGS, chromium_path
from playwright.sync_api import Browser, Page, Route, WebSocketRoute
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


def draft_site(root: Path) -> Path:
    """A site with one draft in `root`."""
    root.mkdir()
    add_theme(root)
    config = CONFIG.format(base_url="https://example.github.io/berita/", per_page=10)
    (root / "config.toml").write_text(config + SEARCH_OFF, encoding="utf-8")
    (root / ARTICLE).parent.mkdir(parents=True)
    (root / ARTICLE).write_text(DRAFT.format(title="Rapat Penerimaan Mahasiswa Baru"), encoding="utf-8")
    return root


def start_preview(root: Path, port: int = 0) -> tuple[subprocess.Popen[str], str]:
    """`build.py serve` for the site in `root` on `port` (0: one of its choosing): (process, address)."""
    command = [sys.executable, str(PROJECT / "build.py"), "serve", "--config", str(root / "config.toml")]
    process = subprocess.Popen(
        [*command, "--port", str(port)], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    line = next((line for line in process.stdout if line.startswith("Pratinjau:")), "")
    assert line, "the preview stopped before it served"
    threading.Thread(target=process.stdout.read, daemon=True).start()  # keep its pipe from filling
    return process, line.split()[1].removesuffix("/berita/")


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A preview of a site with one draft, on a port of its own choosing: (site, address)."""
    root = draft_site(tmp_path_factory.mktemp("pratinjau-peramban") / "situs")
    process, address = start_preview(root)
    try:
        yield root, address
    finally:
        stop(process)


def served(url: str) -> str:
    """What the preview serves at `url` now, as another client (not the page) reads it."""
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.read().decode()


def frames_sent(page: Page) -> list[str]:
    """Every WebSocket frame the page will send, as "<socket's address> <frame>"."""
    sent: list[str] = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda frame: sent.append(f"{socket.url} {frame}")))
    return sent


def wait_for_info(page: Page, sent: list[str], address: str) -> None:
    """Until the page has told the preview which page it is (livereload.js's "info"), after
    which a reload reaches it."""
    for _ in range(200):
        if any('"info"' in frame for frame in sent):
            break
        page.wait_for_timeout(100)
    assert any(frame.startswith(f"{address.replace('http', 'ws')}/livereload ") and '"info"' in frame for frame in sent)


def test_a_preview_page_reloads_after_a_save(preview: tuple[Path, str], page: Page) -> None:
    root, address = preview
    sent = frames_sent(page)
    page.goto(address + PAGE)
    assert page.locator("h1").inner_text() == "Rapat Penerimaan Mahasiswa Baru"
    wait_for_info(page, sent, address)
    (root / ARTICLE).write_text(DRAFT.format(title="Rapat Pimpinan Penerimaan Mahasiswa Baru"), encoding="utf-8")
    page.wait_for_function(
        "document.querySelector('h1').textContent === 'Rapat Pimpinan Penerimaan Mahasiswa Baru'", timeout=20_000
    )
    assert page.evaluate(OPENS, f"{address.replace('http', 'ws')}/livereload") == "terbuka"


def save_and_wait(root: Path, address: str, title: str) -> None:
    """Give the draft `title` and wait until the preview serves it (read by another client)."""
    (root / ARTICLE).write_text(DRAFT.format(title=title), encoding="utf-8")
    deadline = time.monotonic() + 20
    while title not in served(address + PAGE) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert title in served(address + PAGE), "the save was not rebuilt"


def test_a_page_that_had_no_socket_when_a_save_was_rebuilt_reloads_when_it_connects(page: Page, tmp_path: Path) -> None:
    # Two saves a tenth of a second apart: the page reloaded after the first is still loading
    # when the second is rebuilt, and the reload for it goes to no socket of this page's. Here
    # the page's livereload.js is held until the save has been rebuilt.
    root = draft_site(tmp_path / "situs")
    process, address = start_preview(root)
    title = "Rapat Pimpinan Membahas Penerimaan Mahasiswa Baru 2021"
    held: list[str] = []

    def save_then_let_through(route: Route) -> None:
        if not held:
            held.append(route.request.url)
            save_and_wait(root, address, title)
        route.continue_()

    try:
        page.route("**/livereload.js*", save_then_let_through)
        page.goto(address + PAGE)
        page.wait_for_function(f"document.querySelector('h1').textContent === {title!r}", timeout=20_000)
    finally:
        stop(process)
    assert len(held) == 1


def test_a_save_rebuilt_between_the_pages_version_check_and_its_info_reloads_it(page: Page, tmp_path: Path) -> None:
    # livereload.js fires LiveReloadConnect (the page checks its version) on the server's hello,
    # and sends its "info" after: a socket reloaded only from its info would miss a rebuild in
    # between, the version checked already. Here the info is held until the save is rebuilt.
    root = draft_site(tmp_path / "situs")
    process, address = start_preview(root)
    checked: list[str] = []
    held: list[str] = []
    to_server: list[WebSocketRoute] = []

    def hold_the_info(socket: WebSocketRoute) -> None:
        server = socket.connect_to_server()

        def from_page(message: str | bytes) -> None:
            if not held and '"info"' in str(message):
                held.append(str(message))  # sent on below, once the save is rebuilt
            else:
                server.send(message)

        socket.on_message(from_page)
        to_server.append(server)

    try:
        page.on("request", lambda request: checked.append(request.url) if "livereload-version" in request.url else None)
        page.route_web_socket("**/livereload", hold_the_info)
        page.goto(address + PAGE)
        page.wait_for_function("window.LiveReload && window.LiveReload.connector.protocol > 0")
        for _ in range(100):  # the version checked (the same) before the save
            if checked and held:
                break
            page.wait_for_timeout(50)
        assert checked and held, (checked, held)
        page.wait_for_timeout(300)  # its answer read
        title = "Rapat Penerimaan Mahasiswa Baru Ditunda"
        save_and_wait(root, address, title)
        to_server[0].send(held[0])
        page.wait_for_function(f"document.querySelector('h1').textContent === {title!r}", timeout=10_000)
    finally:
        stop(process)


def test_a_page_open_across_a_restart_of_the_preview_reloads(page: Page, tmp_path: Path) -> None:
    # livereload.js connects again to the preview started anew on the same port; what changed
    # while it was stopped is shown (the new preview's version has another token).
    root = draft_site(tmp_path / "situs")
    first, address = start_preview(root)
    try:
        sent = frames_sent(page)
        page.goto(address + PAGE)
        wait_for_info(page, sent, address)
    finally:
        stop(first)
    title = "Rapat Penerimaan Mahasiswa Baru Diundur"
    (root / ARTICLE).write_text(DRAFT.format(title=title), encoding="utf-8")
    second, _ = start_preview(root, int(address.rsplit(":", 1)[1]))
    try:
        page.wait_for_function(f"document.querySelector('h1').textContent === {title!r}", timeout=30_000)
    finally:
        stop(second)


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
        for path in (PAGE, "/berita/", "/berita/feed.xml", "/livereload.js", "/livereload-version"):
            status, text = page.evaluate("p => fetch(p).then(async r => [r.status, await r.text()])", path)
            assert status == 421 and "Rapat" not in text and "livereload" not in text, path
        assert page.evaluate(OPENS, f"ws://{FOREIGN}:{port}/livereload") == "ditolak"
    finally:
        rebinding.close()

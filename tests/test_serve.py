"""The preview server, driven for real: a subprocess on a free port, edited files, HTTP requests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup
from sites import NOW, PROJECT, aged

from berita.load import content
from berita.preview import server as serve

WAIT_SECONDS = 15


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"waited {WAIT_SECONDS} s for {what}")


class Preview:
    def __init__(self, root: Path, base: str) -> None:
        self.root, self.port, self.base = root, free_port(), base
        command = [sys.executable, str(PROJECT / "build.py"), "serve", "--config", str(root / "config.toml")]
        self.process = subprocess.Popen(
            [*command, "--port", str(self.port)], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str) -> tuple[int, str]:
        return fetch(self.url(path))

    def up(self) -> bool:
        try:
            return self.get(self.base)[0] in (200, 500)
        except URLError:
            assert self.process.poll() is None, self.process.stdout.read()
            return False


@pytest.fixture
def preview(tiny_site) -> Iterator[Callable[..., Preview]]:
    started: list[Preview] = []

    def start(base_url: str = "https://example.github.io/berita/") -> Preview:
        site = tiny_site(base_url=base_url)
        site.article("content/2021/kuliah-tamu.md", title="Kuliah Tamu Kewirausahaan Sosial", tags="kuliah tamu")
        server = Preview(site.root, "/berita/" if base_url.endswith("/berita/") else "/")
        started.append(server)
        wait_for(server.up, "the preview server to answer")
        return server

    yield start
    for server in started:
        server.process.terminate()
        server.process.wait(timeout=10)


ARTICLE = "/berita/2021/04/kuliah-tamu/"


def title_of(body: str) -> str:
    return BeautifulSoup(body, "html.parser").h1.get_text(strip=True)


def test_edit_break_and_fix_while_the_server_runs(preview) -> None:
    server = preview()
    status, body = server.get(ARTICLE)
    assert status == 200 and title_of(body) == "Kuliah Tamu Kewirausahaan Sosial"
    assert "livereload.js" in body, "the preview page must carry the live-reload script"
    source = server.root / "content" / "2021" / "kuliah-tamu.md"

    source.write_text(
        source.read_text(encoding="utf-8").replace("Kuliah Tamu Kewirausahaan", "Kuliah Umum Kewirausahaan")
    )
    wait_for(lambda: title_of(server.get(ARTICLE)[1]) == "Kuliah Umum Kewirausahaan Sosial", "the edit to appear")

    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("date: 2021-04-21", "date: 21/4/2021"), encoding="utf-8")
    wait_for(lambda: server.get(ARTICLE)[0] == 500, "the error page")
    status, body = server.get(ARTICLE)
    page = BeautifulSoup(body, "html.parser")
    [problem] = page.select(".problems li")
    assert problem.get_text(" ", strip=True).startswith("content/2021/kuliah-tamu.md:3 date : harus tanggal")
    assert "livereload.js" in body, "the error page must reload itself after the fix"
    assert server.process.poll() is None, "the server must survive a broken save"

    source.write_text(good, encoding="utf-8")
    wait_for(lambda: server.get(ARTICLE)[0] == 200, "the fixed page")
    assert title_of(server.get(ARTICLE)[1]) == "Kuliah Umum Kewirausahaan Sosial"


def test_missing_page_gets_the_site_404_page(preview) -> None:
    server = preview()
    status, body = server.get("/berita/tidak-ada/")
    assert status == 404
    assert title_of(body) == "Halaman tidak ditemukan"


def test_preview_keeps_the_base_path(preview) -> None:
    server = preview()
    # A link that forgets the base path breaks here as it would on GitHub Pages.
    assert server.get("/2021/04/kuliah-tamu/")[0] == 404
    _status, body = server.get("/berita/")
    links = [a["href"] for a in BeautifulSoup(body, "html.parser").select("a[href^='/']")]
    assert links and all(href.startswith("/berita/") for href in links)


def test_preview_shows_marked_drafts_and_scheduled_articles(preview) -> None:
    server = preview()
    content = server.root / "content"
    (content / "2099").mkdir()
    (content / "2099" / "terjadwal.md").write_text(
        "---\ntitle: Seminar Terjadwal\ndate: 2099-05-04T08:00:00\n---\nIsi.\n", encoding="utf-8"
    )
    (content / "2021" / "draf.md").write_text("---\ntitle: Berita Draf\ndate: 2021-05-01\ndraft: true\n---\nIsi.\n")
    wait_for(lambda: server.get("/berita/2099/05/terjadwal/")[0] == 200, "the scheduled article")
    page = BeautifulSoup(server.get("/berita/2099/05/terjadwal/")[1], "html.parser")
    assert page.select_one(".status").get_text(strip=True) == "Terjadwal: Senin, 4 Mei 2099, 08.00 WIB"
    wait_for(lambda: server.get("/berita/2021/05/draf/")[0] == 200, "the draft")
    page = BeautifulSoup(server.get("/berita/2021/05/draf/")[1], "html.parser")
    assert page.select_one(".status").get_text(strip=True) == "DRAF"


def test_preview_writes_nothing_to_output(preview) -> None:
    server = preview()
    assert server.get(ARTICLE)[0] == 200
    assert not (server.root / "output").exists()


def test_a_burst_of_saves_gives_one_rebuild(preview) -> None:
    server = preview()
    source = server.root / "content" / "2021" / "kuliah-tamu.md"
    text = source.read_text(encoding="utf-8")
    time.sleep(1)  # let the start-up settle
    for number in range(5):
        source.write_text(text.replace("Isi berita.", f"Isi berita, simpanan ke-{number}."), encoding="utf-8")
        time.sleep(0.01)
    wait_for(lambda: "simpanan ke-4" in server.get(ARTICLE)[1], "the last save")
    time.sleep(1)
    server.process.terminate()
    log = server.process.communicate(timeout=10)[0]
    # One build at start, one for the burst.
    assert log.count("Dibangun ulang:") == 2, log


# --- in memory: what a rebuild reads again ------------------------------------------------------


@pytest.fixture
def memory_preview(tiny_site, monkeypatch):
    site = tiny_site()
    site.article("content/2021/a.md", title="Kuliah Umum", body="Lihat [wisuda](b.md).")
    site.article("content/2021/b.md", title="Wisuda", body="Isi A.")
    site.article("content/2021/c.md", title="Seminar", body="Isi seminar.")
    aged(site.root)
    reads: list[str] = []
    original = content.read_content_file
    monkeypatch.setattr(
        content,
        "read_content_file",
        lambda path, file, *rest, **kw: reads.append(file) or original(path, file, *rest, **kw),
    )
    preview = serve.Preview(site.root / "config.toml")
    preview.rebuild(NOW)
    assert not preview.problems
    reads.clear()
    return site, preview, reads


def body_of(preview: serve.Preview, path: str) -> str:
    return BeautifulSoup(preview.respond(path)[2], "html.parser").select_one(".article-body").get_text(" ", strip=True)


def test_a_rebuild_reads_only_the_file_saved(memory_preview) -> None:
    site, preview, reads = memory_preview
    site.article("content/2021/b.md", title="Wisuda", body="Isi baru setelah disunting.")
    preview.rebuild(NOW)
    assert reads == ["content/2021/b.md"]
    assert body_of(preview, "/2021/04/b/") == "Isi baru setelah disunting."


def test_a_file_saved_twice_in_a_moment_is_read_again(memory_preview) -> None:
    site, preview, _ = memory_preview
    path = site.article("content/2021/b.md", title="Wisuda", body="Isi B.")
    preview.rebuild(NOW)
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Isi B.", "Isi C."), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, time and inode
    preview.rebuild(NOW)
    assert body_of(preview, "/2021/04/b/") == "Isi C."


def test_a_new_base_url_renders_the_articles_again(memory_preview) -> None:
    site, preview, _ = memory_preview
    config = site.root / "config.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://example.org/", "https://example.org/berita/"))
    preview.rebuild(NOW)
    page = BeautifulSoup(preview.respond("/berita/2021/04/a/")[2], "html.parser")
    assert page.select_one('.article-body a[href="/berita/2021/04/b/"]')

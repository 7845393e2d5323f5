"""The preview server keeps everyone out: loopback only, no path out of the site, no listings,
and no half page while it rebuilds.

A real `build.py serve` runs in a subprocess on a free port (as in tests/test_serve.py).
Requests go over raw sockets, so paths reach the server exactly as written: `..`, `%2e%2e`,
`%2f`, double encoding, `//etc/passwd`, backslashes. Secrets sit next to the project, in it
(config.toml), and behind symbolic links; their text must never appear in any response.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sites import CONFIG, PROJECT, SEARCH_OFF, add_theme

WAIT_SECONDS = 20
SECRET = "RAHASIA-7f3a9c"
CONFIG_SECRET = "RAHASIA-KONFIGURASI-41b2"
ARTICLE = "content/2021/kuliah-tamu.md"
PAGE = "/berita/2021/04/kuliah-tamu/"
SOURCE = """\
---
title: {title}
date: 2021-04-21T09:00
tags: [kuliah tamu]
summary: Ringkasan kuliah tamu.
---
Isi berita kuliah tamu.
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], bool], what: str, seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"waited {seconds} s for {what}")


class Response:
    def __init__(self, raw: bytes) -> None:
        head, _, self.body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split(" ", 2)[1])
        self.headers = {
            name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])
        }

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def complete(self) -> bool:
        """The whole body arrived: as long as Content-Length says, and an HTML page ends with </html>."""
        length = self.headers.get("content-length")
        if length is not None and int(length) != len(self.body):
            return False
        if self.headers.get("content-type", "").startswith("text/html"):
            return self.body.rstrip().endswith(b"</html>")
        return True


def request(
    port: int,
    target: str,
    method: str = "GET",
    host: str | None = None,
    version: str = "HTTP/1.1",
    to: str = "127.0.0.1",
) -> Response:
    """`method` `target` exactly as written (no normalising, no encoding) over a raw socket to
    the address `to`, with the Host header `host` (by default the address and port; "": none)."""
    if host is None:
        host = f"[{to}]:{port}" if ":" in to else f"{to}:{port}"
    lines = [f"{method} {target} {version}", *([f"Host: {host}"] if host else []), "Connection: close"]
    with socket.create_connection((to, port), timeout=10) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return Response(b"".join(chunks))


class Server:
    """`build.py serve` for a site, in a subprocess; its output is collected in the background."""

    def __init__(self, root: Path, host: str | None = None) -> None:
        self.root, self.port = root, free_port()
        self.to = "::1" if host == "::1" else "127.0.0.1"  # where requests go (a wildcard is reached on loopback)
        command = [sys.executable, str(PROJECT / "build.py"), "serve", "--config", str(root / "config.toml")]
        command += ["--port", str(self.port)] + (["--host", host] if host else [])
        self.process = subprocess.Popen(
            command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
        )
        self.lines: list[str] = []
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def get(self, target: str, **options: str) -> Response:
        return request(self.port, target, **{"to": self.to, **options})

    def answers(self) -> bool:
        assert self.process.poll() is None, f"the preview server stopped:\n{self.log}"
        try:
            return self.get("/berita/").status in (200, 500)
        except OSError:
            return False

    def title(self) -> str:
        return self.get(PAGE).text

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def make_site(root: Path) -> Path:
    root.mkdir(parents=True)
    add_theme(root)
    config = CONFIG.format(base_url="https://example.github.io/berita/", per_page=10)
    (root / "config.toml").write_text(f"# {CONFIG_SECRET}\n{config}{SEARCH_OFF}", encoding="utf-8")
    (root / ARTICLE).parent.mkdir(parents=True)
    (root / ARTICLE).write_text(SOURCE.format(title="Kuliah Tamu Kewirausahaan Sosial"), encoding="utf-8")
    (root.parent / "rahasia.txt").write_text(SECRET, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(make_site(tmp_path_factory.mktemp("pratinjau") / "situs"))
    try:
        wait_for(running.answers, "the preview server to answer")
        yield running
    finally:
        running.stop()


def retitle(server: Server, title: str) -> None:
    """Change the article's title and wait until the preview shows it."""
    (server.root / ARTICLE).write_text(SOURCE.format(title=title), encoding="utf-8")
    wait_for(lambda: f">{title}</h1>" in server.title(), f"the title {title!r}")


# --------------------------------------------------------------------------------------
# Who can connect
# --------------------------------------------------------------------------------------


def listening_addresses(port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The local addresses of the sockets listening on `port`, from /proc/net/tcp and tcp6."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        with open(table, encoding="ascii") as rows:
            next(rows)
            for row in rows:
                local, state = row.split()[1], row.split()[3]
                address, _, hex_port = local.partition(":")
                if state != "0A" or int(hex_port, 16) != port:
                    continue
                packed = b"".join(bytes.fromhex(address[i : i + 8])[::-1] for i in range(0, len(address), 8))
                found.append(ipaddress.ip_address(packed))
    return found


def other_addresses() -> list[str]:
    """This machine's addresses that are not loopback, as far as it can tell."""
    found = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(info[4][0])
    except OSError:
        pass
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent; the kernel picks the outgoing address
            found.add(probe.getsockname()[0])
        except OSError:
            pass
    return sorted(a for a in found if not ipaddress.ip_address(a).is_loopback and a != "0.0.0.0")


def test_preview_listens_on_loopback_only(server: Server) -> None:
    assert f"Pratinjau: http://127.0.0.1:{server.port}/berita/" in server.log
    if os.path.exists("/proc/net/tcp"):
        addresses = listening_addresses(server.port)
        assert addresses, "no listening socket found for the preview"
        assert all(address.is_loopback for address in addresses), addresses
    for address in other_addresses():
        with pytest.raises(OSError), socket.create_connection((address, server.port), timeout=2):
            pass


def test_preview_for_the_network_warns_loudly_and_answers_only_this_computers_addresses(tmp_path: Path) -> None:
    running = Server(make_site(tmp_path / "situs"), host="0.0.0.0")
    try:
        wait_for(running.answers, "the preview server to answer")
        wait_for(lambda: "Pratinjau:" in running.log, "the start-up line")
        warning = next(line for line in running.lines if "PERINGATAN" in line)
        assert "0.0.0.0" in warning and "draf" in warning and "alamat IP komputer ini" in warning, warning
        started = next(i for i, line in enumerate(running.lines) if "Pratinjau:" in line)
        assert running.lines.index(warning) < started
        # The address to open on this computer; 0.0.0.0 is none a browser should be sent to.
        assert running.lines[started].startswith(f"Pratinjau: http://127.0.0.1:{running.port}/berita/")
        assert running.get("/berita/", host=f"localhost:{running.port}").status == 200
        assert running.get("/berita/", host=f"0.0.0.0:{running.port}").status == 200  # the --host given
        assert_refused(running.get(PAGE, host=f"berita.example:{running.port}"), "a name on the network")
        for address in other_addresses():
            # Its own address as the request reached it: answered. Another: someone else's name for it.
            assert running.get(PAGE, to=address).status == 200, address
            assert_refused(running.get(PAGE, host=f"{address}:{running.port}"), f"{address} reached on loopback")
    finally:
        running.stop()


@pytest.mark.skipif(not socket.has_ipv6, reason="Python without IPv6")
def test_preview_on_ipv6_loopback(tmp_path: Path) -> None:
    try:
        socket.create_server(("::1", 0), family=socket.AF_INET6).close()
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    running = Server(make_site(tmp_path / "situs"), host="::1")
    try:
        wait_for(running.answers, "the preview server to answer")
        wait_for(lambda: "Pratinjau:" in running.log, "the start-up line")
        assert f"Pratinjau: http://[::1]:{running.port}/berita/" in running.log
        assert "PERINGATAN" not in running.log
        assert running.get(PAGE, host=f"[0:0:0:0:0:0:0:1]:{running.port}").status == 200
        assert_refused(running.get(PAGE, host=f"ipv6.example:{running.port}"), "a name for ::1")
    finally:
        running.stop()


# --------------------------------------------------------------------------------------
# Who can ask: the Host a request names, the origin of a live-reload socket
# --------------------------------------------------------------------------------------

SITE_TEXT = ("Kuliah Tamu", "livereload", "<article", "stylesheet", "BERITA UJI", "--accent")


def assert_refused(response: Response, what: str, status: int = 421) -> None:
    """A refusal: the status, a short Indonesian page, and nothing of the site or its secrets."""
    assert response.status == status, f"{what}: {response.status}"
    assert_nothing_secret(response, what)
    for text in SITE_TEXT:
        assert text not in response.text, f"{what}: {text!r} in the refusal"
    if response.body:
        assert '<html lang="id">' in response.text and len(response.body) < 1000, response.text


FOREIGN_HOSTS = [
    "berita-rahasia.example:{port}",  # a name someone else's DNS points at 127.0.0.1
    "berita-rahasia.example",
    "127.0.0.1.nip.io:{port}",
    "localhost.:{port}",
    "localhost.berita.example:{port}",
    "127.0.0.1:{other}",  # the right computer, another port: another server's page
    "localhost:{other}",
    "[::1]:{other}",
    "192.0.2.10:{port}",  # an address that is not this computer's
    "0.0.0.0:{port}",  # an address it was not bound to
]


@pytest.mark.parametrize("host", FOREIGN_HOSTS)
@pytest.mark.parametrize(
    "target", [PAGE, "/berita/css/style.css", "/livereload.js", "/livereload-version", "/berita/tidak-ada/", "/"]
)
def test_a_host_that_is_not_the_preview_gets_421_and_nothing_else(server: Server, host: str, target: str) -> None:
    other = server.port + 1 if server.port < 65535 else server.port - 1
    host = host.format(port=server.port, other=other)
    response = server.get(target, host=host)
    assert_refused(response, f"{host} {target}")
    assert "Alamat tidak dikenal" in response.text and f"http://127.0.0.1:{server.port}/" in response.text
    head = server.get(target, method="HEAD", host=host)
    assert head.status == 421 and head.body == b"", f"HEAD {host} {target}"


def test_a_request_without_host_gets_nothing(server: Server) -> None:
    # HTTP/1.0 may leave Host out (the server refuses it: no browser does); HTTP/1.1 must not.
    assert_refused(server.get(PAGE, host="", version="HTTP/1.0"), "no Host, HTTP/1.0")
    assert_refused(server.get(PAGE, host=""), "no Host, HTTP/1.1", status=400)


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}", "[::1]:{port}"])
def test_the_names_of_this_computer_are_answered(server: Server, host: str) -> None:
    response = server.get(PAGE, host=host.format(port=server.port))
    assert response.status == 200 and response.body == server.get(PAGE).body


# What livereload.js says first on its socket.
HELLO = '{"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}'


def live_reload_socket(server: Server, origin: str | None, host: str | None = None) -> tuple[int, list[str]]:
    """Open the live-reload WebSocket as a page of `origin` would (a real handshake, by
    tornado's client) and say hello: (101, the server's answers) or (refusal status, [])."""
    from tornado.httpclient import HTTPClientError, HTTPRequest
    from tornado.websocket import websocket_connect

    headers = {**({"Origin": origin} if origin else {}), **({"Host": host} if host else {})}

    async def talk() -> tuple[int, list[str]]:
        try:
            connection = await websocket_connect(
                HTTPRequest(f"ws://127.0.0.1:{server.port}/livereload", headers=headers, request_timeout=10)
            )
        except HTTPClientError as refused:
            return refused.code, []
        connection.write_message(HELLO)
        answers = [await connection.read_message()]
        connection.close()
        return 101, answers

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, asyncio.wait_for(talk(), 20)).result()


@pytest.mark.parametrize(
    "origin",
    [
        "http://berita-rahasia.example",
        "http://berita-rahasia.example:{port}",
        "http://127.0.0.1:{other}",  # another server on this computer
        "http://localhost:{other}",
        "https://127.0.0.1:{port}",  # the preview has no https page
        "null",  # a sandboxed frame or a file opened from disk
        "file://",
        "http://[127.0.0.1",  # no address urllib can read: refused, not a traceback
    ],
)
def test_live_reload_refuses_a_page_of_another_origin(server: Server, origin: str) -> None:
    origin = origin.format(port=server.port, other=server.port + 1)
    status, answers = live_reload_socket(server, origin)
    assert (status, answers) == (403, []), origin


def test_live_reload_refuses_a_host_that_is_not_the_preview(server: Server) -> None:
    foreign = f"berita-rahasia.example:{server.port}"
    assert live_reload_socket(server, f"http://{foreign}", host=foreign) == (421, [])


@pytest.mark.parametrize("origin", ["http://127.0.0.1:{port}", "http://localhost:{port}", None])
def test_live_reload_talks_to_the_previews_own_pages(server: Server, origin: str | None) -> None:
    # None: a client that is no browser sends no Origin; the Host check still holds for it.
    status, [hello] = live_reload_socket(server, origin and origin.format(port=server.port))
    assert status == 101 and '"command": "hello"' in hello, hello


def test_a_page_is_reloaded_after_a_save_and_never_without_one(tmp_path: Path) -> None:
    # A page that connected in the server's first 0.8 s was once reloaded by livereload's own
    # "server started" notice: a reload that could come while it loaded a rebuilt page, and hide it.
    running = Server(make_site(tmp_path / "situs"))
    try:
        wait_for(running.answers, "the preview server to answer")  # within livereload's first 0.8 s
        # In a thread of its own: the browser tests' Playwright keeps an event loop running in this one.
        with ThreadPoolExecutor(max_workers=1) as thread:
            heard = thread.submit(asyncio.run, asyncio.wait_for(_listen_then_save(running), 60)).result()
    finally:
        running.stop()
    before, after = heard
    assert before == [], f"reloaded without a change: {before}\n{running.log}"
    assert len(after) == 1 and '"command": "reload"' in after[0], after


async def _listen_then_save(server: Server) -> tuple[list[str], list[str]]:
    """A page's live-reload socket, opened as soon as the preview answers: what it hears in its
    first 2.5 s (three of livereload's polls), then after a save of the article."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    url, origin = f"ws://127.0.0.1:{server.port}/livereload", f"http://127.0.0.1:{server.port}"
    connection = await websocket_connect(HTTPRequest(url, headers={"Origin": origin}, request_timeout=10))
    connection.write_message(HELLO)
    await connection.read_message()
    connection.write_message(f'{{"command": "info", "url": "{origin}{PAGE}"}}')

    async def heard(seconds: float, after_first: float | None = None) -> list[str]:
        """What the socket hears in `seconds`, or until `after_first` seconds after its first message."""
        messages: list[str] = []
        end = asyncio.get_running_loop().time() + seconds
        while (left := end - asyncio.get_running_loop().time()) > 0:
            try:
                message = await asyncio.wait_for(connection.read_message(), left)
            except TimeoutError:
                break
            if message is None:
                break
            messages.append(message)
            if after_first is not None:
                end = min(end, asyncio.get_running_loop().time() + after_first)
        return messages

    before = await heard(2.5)
    (server.root / ARTICLE).write_text(SOURCE.format(title="Kuliah Tamu Kewirausahaan Sosial 2021"), encoding="utf-8")
    after = await heard(10, after_first=1)
    connection.close()
    return before, after


SHOWN_VERSION = re.compile(r'var shown="([0-9a-f]{8}-[0-9]+)"')


def shown_version(page: Response) -> str:
    """The version of the site a page was served from, as its live-reload script holds it."""
    found = SHOWN_VERSION.findall(page.text)
    assert len(found) == 1 and page.headers["cache-control"] == "no-store", page.text[-800:]
    return found[0]


def test_each_page_carries_the_version_it_shows_and_a_save_makes_a_new_one(tmp_path: Path) -> None:
    # A page checks its version when its live-reload socket connects (guard.LIVE_SCRIPT): a
    # reload sent while it had no socket (loading the previous save's page, or across a restart)
    # is then not lost. The browser's side of it: tests/browser/test_preview_guard.py.
    running = Server(make_site(tmp_path / "situs"))
    try:
        wait_for(running.answers, "the preview server to answer")
        current = running.get("/livereload-version")
        assert current.status == 200 and current.headers["cache-control"] == "no-store", current.text
        assert current.headers["content-type"] == "text/plain; charset=utf-8"
        assert current.headers["x-content-type-options"] == "nosniff"
        first = current.text
        assert shown_version(running.get(PAGE)) == first == shown_version(running.get("/berita/"))
        assert shown_version(running.get("/berita/tidak-ada/")) == first  # the 404 page reloads too
        retitle(running, "Kuliah Tamu Kewirausahaan Sosial 2021")
        second = running.get("/livereload-version").text
        assert second != first and second.split("-")[0] == first.split("-")[0], (first, second)
        assert shown_version(running.get(PAGE)) == second
        # Another preview (a restart): another token, so that a page of the first reloads too.
        running.stop()
        again = Server(running.root)
        try:
            wait_for(again.answers, "the second preview server to answer")
            assert again.get("/livereload-version").text.split("-")[0] != first.split("-")[0]
        finally:
            again.stop()
    finally:
        if running.process.poll() is None:
            running.stop()


# --------------------------------------------------------------------------------------
# How it answers: HEAD, other methods
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target", [PAGE, "/berita/", "/berita/css/style.css", "/berita/tidak-ada/", "/", "/berita", "/livereload-version"]
)
def test_head_answers_the_headers_of_get_without_a_body(server: Server, target: str) -> None:
    get, head = server.get(target), server.get(target, method="HEAD")
    assert head.status == get.status, target
    assert head.body == b"", target
    for name in ("content-type", "content-length", "location"):
        assert head.headers.get(name) == get.headers.get(name), f"{target}: {name}"
    assert int(head.headers["content-length"]) == len(get.body)
    assert "Traceback" not in server.log and "Uncaught exception" not in server.log, server.log


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"])
def test_other_methods_get_405_and_nothing_else(server: Server, method: str) -> None:
    response = server.get(PAGE, method=method)
    assert_refused(response, method, status=405)
    assert response.headers["allow"] == "GET, HEAD"
    assert "Permintaan tidak didukung" in response.text


# --------------------------------------------------------------------------------------
# What can be read
# --------------------------------------------------------------------------------------

ESCAPES = [
    "/berita/../rahasia.txt",
    "/berita/../../rahasia.txt",
    "/berita/../../../rahasia.txt",
    "/../rahasia.txt",
    "/berita/%2e%2e/%2e%2e/rahasia.txt",
    "/berita/%2E%2E/%2E%2E/%2E%2E/rahasia.txt",
    "/berita/..%2f..%2f..%2frahasia.txt",
    "/berita/%2e%2e%2f%2e%2e%2frahasia.txt",
    "/berita/%252e%252e/%252e%252e/rahasia.txt",
    "/berita/%252e%252e%252f%252e%252e%252frahasia.txt",
    "/berita/..%c0%af..%c0%afrahasia.txt",
    "/berita/..\\..\\rahasia.txt",
    "/berita/..%5c..%5c..%5crahasia.txt",
    "//etc/passwd",
    "/berita//etc/passwd",
    "/berita/%2fetc%2fpasswd",
    "/etc/passwd",
    "/berita/../config.toml",
    "/berita/%2e%2e/config.toml",
    "/berita/../situs/config.toml",
    "/berita/../content/2021/kuliah-tamu.md",
    "/berita/2021/kuliah-tamu.md",
    "/berita/../../situs/config.toml",
    "/berita/index.html%00.txt",
    "/berita/%00",
    "http://127.0.0.1/../rahasia.txt",
    "/berita/./../rahasia.txt",
    "/berita/.%2e/rahasia.txt",
    "/berita/....//....//rahasia.txt",
    "/berita/;/../rahasia.txt",
    "/berita/?../../rahasia.txt",
    "/berita/#/../../rahasia.txt",
]


def assert_nothing_secret(response: Response, target: str) -> None:
    for secret in (SECRET, CONFIG_SECRET, "root:x:0:0", "base_url", "title: Kuliah Tamu"):
        assert secret not in response.text, f"{target} returned {secret!r}"


@pytest.mark.parametrize("target", ESCAPES)
def test_no_path_leads_out_of_the_site(server: Server, target: str) -> None:
    response = server.get(target)
    assert_nothing_secret(response, target)
    if "?" in target:  # the path ends before the query: the home page
        assert response.status == 200 and response.body == server.get("/berita/").body, target
    else:
        assert response.status == 404, f"{target}: {response.status}"


@pytest.mark.parametrize("target", ["/berita/2021/", "/berita/2021/04/", "/berita/img/", "/berita/css/", "/berita/js/"])
def test_folder_without_index_is_404_never_a_listing(server: Server, target: str) -> None:
    response = server.get(target)
    assert response.status == 404, target
    # Exactly the site's "not found" page, as for a path that names nothing at all.
    assert response.body == server.get("/berita/tidak-ada-sama-sekali/").body
    assert "Halaman tidak ditemukan" in response.text
    for listing in ("Index of", "Directory listing", 'href="kuliah-tamu/"', 'href="style.css"'):
        assert listing not in response.text, target


def rebuilds(server: Server) -> int:
    return sum(line.startswith("Dibangun ulang:") for line in server.lines)


@pytest.mark.parametrize("folder", ["content/2021", "static"])
def test_link_out_of_the_project_is_never_served(server: Server, folder: str) -> None:
    link = server.root / folder / "rahasia.txt"
    done = rebuilds(server)
    os.symlink(server.root.parent / "rahasia.txt", link)
    try:
        wait_for(lambda: rebuilds(server) > done, "a rebuild")
        for target in ("/berita/rahasia.txt", "/berita/2021/rahasia.txt", PAGE):
            assert_nothing_secret(server.get(target), target)
        # Refused: every page shows the problem, naming the link.
        response = server.get(PAGE)
        assert response.status == 500
        assert f"{folder}/rahasia.txt" in response.text
    finally:
        link.unlink()
        wait_for(lambda: server.get(PAGE).status == 200, "the site back")


def swapping(place: Path, target: Path, stop: threading.Event) -> None:
    """Put a link to `target` in the place of `place` (a file or a folder), and it back, again
    and again until `stop`."""
    kept = place.with_name(f".asli-{place.name}")
    while not stop.is_set():
        os.rename(place, kept)
        os.symlink(target, place)
        time.sleep(0.001)
        os.unlink(place)
        os.rename(kept, place)
        time.sleep(0.001)


@pytest.mark.slow
@pytest.mark.parametrize("swapped", ["file", "folder"])
def test_a_file_swapped_for_a_link_while_served_is_never_followed(server: Server, swapped: str) -> None:
    # The build refuses the link, but only once it runs: until then (and while the saves keep
    # coming, it waits) the preview serves the path it was given, opened at each request.
    folder = server.root / "static" / "berkas"
    folder.mkdir()
    (folder / "jadwal.txt").write_text("JADWAL-KULIAH-TAMU", encoding="utf-8")
    outside = server.root.parent / "berkas-luar"
    outside.mkdir(exist_ok=True)
    (outside / "jadwal.txt").write_text(SECRET, encoding="utf-8")
    target = "/berita/berkas/jadwal.txt"
    wait_for(lambda: server.get(target).text == "JADWAL-KULIAH-TAMU", "the file served")
    if swapped == "file":
        place, link_to = folder / "jadwal.txt", server.root.parent / "rahasia.txt"
    else:
        place, link_to = folder, outside
    stop = threading.Event()
    swapper = threading.Thread(target=swapping, args=(place, link_to, stop))
    statuses: dict[int, int] = {}
    swapper.start()
    try:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline or len(statuses) < 2:
            response = server.get(target)
            assert SECRET not in response.text, f"the secret was served ({swapped} swapped for a link)"
            assert response.status != 200 or response.text == "JADWAL-KULIAH-TAMU"
            statuses[response.status] = statuses.get(response.status, 0) + 1
            assert time.monotonic() < deadline + 20, f"only {statuses} while swapping"
    finally:
        stop.set()
        swapper.join()
        shutil.rmtree(folder)
        wait_for(lambda: server.get(target).status == 404 and server.get(PAGE).status == 200, "the site back")
    # Both sides of the swap were met: the file served, the link refused (as if not there).
    assert statuses.get(200) and statuses.get(404), statuses


# --------------------------------------------------------------------------------------
# Under load, while rebuilding
# --------------------------------------------------------------------------------------

TARGETS = [PAGE, "/berita/", "/berita/tag/kuliah-tamu/", "/berita/css/style.css", "/berita/feed.xml"]
TARGETS += ["/berita/tidak-ada/", "/berita/arsip/"]


def test_burst_during_a_rebuild_gets_only_complete_pages(server: Server) -> None:
    before, after = "Kuliah Tamu Kewirausahaan Sosial", "Kuliah Tamu Saat Dibangun Ulang"
    results: list[tuple[str, Response | Exception]] = []
    edited = threading.Event()

    def fetch(number: int) -> None:
        target = TARGETS[number % len(TARGETS)]
        if number == 60:  # a third of the way in, a save
            (server.root / ARTICLE).write_text(SOURCE.format(title=after), encoding="utf-8")
            edited.set()
        try:
            results.append((target, server.get(target)))
        except OSError as error:
            results.append((target, error))

    try:
        with ThreadPoolExecutor(max_workers=24) as pool:
            list(pool.map(fetch, range(200)))
            # Keep the burst going until the rebuild has happened, so the two overlap.
            number = 200
            while f">{after}</h1>" not in server.title():
                list(pool.map(fetch, range(number, number + 24)))
                number += 24
                assert number < 5000, "the save never showed"
            list(pool.map(fetch, range(number, number + 48)))
    finally:
        retitle(server, before)

    assert edited.is_set() and len(results) >= 200
    titles = set()
    for target, response in results:
        assert not isinstance(response, Exception), f"{target}: {response!r}"
        assert response.status in (200, 404), f"{target}: {response.status}\n{response.text[:300]}"
        assert response.complete(), f"{target}: a truncated response ({len(response.body)} bytes)"
        if target == PAGE:
            titles.add(before if f">{before}</h1>" in response.text else after)
    assert titles == {before, after}, "the burst did not see both versions"

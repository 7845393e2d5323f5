"""What keeps the preview to its owner: the hosts it answers, the pages that may follow its live
reload, and the port it opens (the files it reads: files.py).

- **Host**: a request is answered only when its Host header names the preview: `localhost`,
  `127.0.0.1` or `[::1]`, the `--host` given, or the very address the request came in on (a
  machine's own address, for `--host 0.0.0.0`), each with the preview's port. Any other name
  (one that someone else's DNS points at this computer: DNS rebinding) gets 421 and a short
  page, never the site. A page on another site cannot name the preview by an IP address in
  its own address bar, so addresses are safe; names are not, except the ones above.
- **Origin**: the live-reload WebSocket is open only to pages whose origin passes the same test.
- **Port**: opened before the first build, so a port in use or a bad `--host` is one clear
  message at once.

The pages' live reload is livereload's (its script and WebSocket), with one thing of the
preview's own: each page carries the version of the site it was served from (Reloads), and
asks for the current one whenever its socket connects (its socket is among those reloaded from
its hello on, before that check); a page that is older reloads itself. A reload sent while a
page had no socket to hear it (the page was loading the previous save's, or the preview was
restarted) is then not lost: the page reloads once its socket connects.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import os
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptContainer
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from ..errors import BuildError, Problem, shown

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
LOOPBACK_ADDRESSES = (ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1"))
# Where a page asks for the version of the site served now (VersionHandler).
VERSION_PATH = "/livereload-version"
# livereload 2.7.1's own snippet (Server.application) for live reload on the page's own port,
# and the preview's check of the page's version (Reloads) each time livereload.js connects: it
# fires LiveReloadConnect on the document then. VERSION_HERE becomes the page's version.
LIVE_SCRIPT = (
    b'<script type="text/javascript">(function(){var s=document.createElement("script");'
    b"var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
    b's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
    b"document.head.appendChild(s);"
    b'var shown="VERSION_HERE";document.addEventListener("LiveReloadConnect",function(){'
    b'fetch("' + VERSION_PATH.encode() + b'",{cache:"no-store"}).then(function(r){return r.ok?r.text():shown;})'
    b".then(function(now){if(now!==shown){location.reload();}},function(){});});})();</script>"
)
REFUSALS = {
    421: (
        "Alamat tidak dikenal",
        "Pratinjau berita hanya menjawab alamat yang ditulis di terminal saat dinyalakan "
        "(misalnya http://127.0.0.1:{port}/ atau http://localhost:{port}/), atau alamat IP komputer ini. "
        "Nama lain ditolak agar situs lain tidak bisa membaca draf Anda.",
    ),
    403: ("Asal halaman tidak dikenal", "Muat ulang otomatis hanya melayani halaman pratinjau ini sendiri."),
    405: ("Permintaan tidak didukung", "Pratinjau berita hanya melayani permintaan GET dan HEAD."),
    500: ("Pratinjau mengalami kesalahan", "Keterangannya ada di terminal tempat pratinjau berjalan."),
}


def _literal(name: str) -> IPAddress | None:
    """The address `name` writes (an IPv6 one in brackets), as the socket layer sees it."""
    try:
        address = ipaddress.ip_address(name[1:-1] if name.startswith("[") and name.endswith("]") else name)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # an IPv4 client of a dual-stack socket
    return mapped or address


def _authority(text: str) -> tuple[str, int | None] | None:
    """(host, port) of `host[:port]` as a Host header or an origin writes it; None if malformed."""
    host, _, port = text.rpartition(":") if ":" in text.rsplit("]", 1)[-1] else (text, "", "")
    if not host or (port and not (port.isascii() and port.isdigit())):
        return None
    if ":" in host and not (host.startswith("[") and host.endswith("]")):
        return None  # an IPv6 address must be in brackets, or its last part would pass for a port
    return host.lower(), int(port) if port else None


@dataclass(frozen=True)
class Hosts:
    """The names by which a request may reach the preview bound to `bound` (as --host gave it)
    on `port`."""

    bound: str
    port: int

    def allow(self, authority: str | None, arrived_at: str | None) -> bool:
        """Whether `authority` (a Host header, or an origin's host[:port]) names the preview, for
        a request that came in on the local address `arrived_at`."""
        found = _authority(authority or "")
        if found is None or (found[1] or 80) != self.port:
            return False
        name, address = found[0], _literal(found[0])
        if address is None:
            return name in ("localhost", self.bound.lower())
        return address in (*LOOPBACK_ADDRESSES, _literal(self.bound), _literal(arrived_at or ""))


def _arrived_at(request: Any) -> str | None:
    try:
        return request.connection.stream.socket.getsockname()[0]
    except (AttributeError, OSError):  # the connection closed meanwhile
        return None


class Guarded(web.RequestHandler):
    """Answers only a request whose Host names the preview; refusals are short Indonesian pages."""

    def initialize(self, hosts: Hosts, **rest: Any) -> None:
        self.hosts = hosts
        super().initialize(**rest)

    def allows(self, authority: str | None) -> bool:
        return self.hosts.allow(authority, _arrived_at(self.request))

    def prepare(self) -> Any:
        if not self.allows(self.request.headers.get("Host")):
            raise web.HTTPError(421)
        return super().prepare()

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        title, text = REFUSALS.get(status_code, ("Permintaan tidak bisa dilayani", ""))
        text = text.format(port=self.hosts.port)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        if status_code == 405:
            self.set_header("Allow", "GET, HEAD")
        self.finish(
            f'<!doctype html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n<title>{title} · Pratinjau berita'
            f"</title>\n</head>\n<body>\n<h1>{title}</h1>\n<p>{text}</p>\n</body>\n</html>\n"
        )


class LiveReload(Guarded, LiveReloadHandler):
    """livereload's WebSocket, which accepts any origin, open only to the preview's own pages.

    A client that is no browser sends no Origin (and no page can make it send another): the
    Host check holds for it."""

    def prepare(self) -> Any:
        super().prepare()  # the Host first
        # Then the origin, here, whatever tornado takes for the same origin (one that differs
        # only in scheme, say): this rule is the only one.
        origin = self.request.headers.get("Origin")
        if origin is not None and not self.check_origin(origin):
            raise web.HTTPError(403)

    def check_origin(self, origin: str) -> bool:
        try:
            parts = urlsplit(origin)
        except ValueError:  # "http://[x": no origin of the preview's
            return False
        return parts.scheme == "http" and self.allows(parts.netloc)

    def on_message(self, message: str | bytes) -> Any:
        # Reloaded from its hello on, not only from the "info" that follows: livereload.js fires
        # LiveReloadConnect on the server's hello, the page then checks its version (Reloads),
        # and a rebuild between that check and its "info" would otherwise reach no socket of its.
        try:
            said = json.loads(message)
        except ValueError:
            said = None
        if isinstance(said, dict) and said.get("command") == "hello":
            LiveReloadHandler.waiters.add(self)
        return super().on_message(message)


class LiveReloadScript(Guarded, LiveReloadJSHandler):
    head = LiveReloadJSHandler.get


class _HeadersOnly:
    """A HEAD request's connection as livereload's WSGI container sees it: the container
    writes the body with the headers, which the connection refuses for HEAD; it is dropped."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def write_headers(self, start_line: Any, headers: Any, chunk: bytes | None = None) -> Any:
        return self._connection.write_headers(start_line, headers)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


class SiteHandler(Guarded, web.FallbackHandler):
    """The site, through livereload's WSGI container (which adds the live-reload script)."""

    SUPPORTED_METHODS = ("GET", "HEAD")

    def prepare(self) -> Any:
        if self.request.method == "HEAD":
            self.request.connection = _HeadersOnly(self.request.connection)
        return super().prepare()


class Reloads:
    """The version of the site the preview serves: a token of this server's own and how many
    times it has reloaded the pages. Every page is served with the version it shows, and a page
    whose live-reload socket connects (again) fetches the current one: a page that is older
    reloads itself (LIVE_SCRIPT). The reload livereload sends reaches only the sockets connected
    at that moment; a page loading the previous save's (two saves a tenth of a second apart), or
    open across a restart of the preview (another token), would otherwise keep what it shows."""

    def __init__(self) -> None:
        self._token = os.urandom(4).hex()
        self._count = 0

    @property
    def version(self) -> str:
        return f"{self._token}-{self._count}"

    def reload(self) -> None:
        """A new version, and every connected page told to reload (on the IOLoop, as requests are)."""
        self._count += 1
        LiveReloadHandler.reload_waiters()


class VersionedScript(LiveScriptContainer):
    """livereload's WSGI container, adding LIVE_SCRIPT with the version of the site the page is
    part of (read as the page is: both on the IOLoop, between two rebuilds)."""

    def __init__(self, app: Any, reloads: Reloads) -> None:
        super().__init__(app)
        self.reloads = reloads

    @property  # type: ignore[override]
    def script(self) -> bytes:
        return LIVE_SCRIPT.replace(b"VERSION_HERE", self.reloads.version.encode())

    @script.setter
    def script(self, _value: bytes) -> None:
        pass  # LiveScriptContainer.__init__ sets one: the version is read for each page instead


class VersionHandler(Guarded):
    """The version of the site served now (Reloads), as plain text, for a page's LIVE_SCRIPT."""

    SUPPORTED_METHODS = ("GET", "HEAD")

    def initialize(self, hosts: Hosts, reloads: Reloads) -> None:  # type: ignore[override]
        super().initialize(hosts)
        self.reloads = reloads

    def get(self) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")  # never run as a script by another site's page
        self.finish(self.reloads.version)

    head = get  # tornado sends HEAD the headers of GET, without the body


class SilentWatcher:
    """livereload's watcher, as the preview gives it one: it never reports a change. The preview
    watches the site's files itself (watch.py) and reloads the pages after each rebuild; with
    livereload's own watcher, a page that connected in the server's first 0.8 s was reloaded once
    more by its "server started" notice (and, at times, every page when config.toml changed): a
    reload that could come while the page was loading the rebuilt one, which its socket, replaced
    meanwhile, then never heard of (the save stayed unseen until the next one)."""

    filepath = None  # livereload logs it with each reload

    def __init__(self) -> None:
        self._changes: list[tuple[str, object]] = []  # livereload's Server.serve adds its notice here
        self._tasks = {"": None}  # not empty: livereload would log that it watches the working folder

    def watch(self, *_args: object, **_options: object) -> None:
        pass

    def start(self, _callback: object) -> bool:
        return True  # "started": livereload then sets up no polling of its own

    def examine(self) -> tuple[None, None]:
        return None, None


class GuardedServer(Server):
    """livereload's Server on sockets opened beforehand, with guarded handlers in place of its
    own (which answer any host and origin; its /forcereload, which any page could call, is left
    out), and a watcher that reports nothing (SilentWatcher)."""

    def __init__(self, app: Any, sockets: list[socket.socket], hosts: Hosts, reloads: Reloads) -> None:
        super().__init__(app=app, watcher=SilentWatcher())
        self.sockets, self.hosts, self.reloads = sockets, hosts, reloads

    def application(self, port: int, host: str, liveport: Any = None, debug: Any = None, live_css: bool = True) -> None:
        LiveReloadHandler.watcher, LiveReloadHandler.live_css = self.watcher, live_css
        guard = {"hosts": self.hosts}
        site = {**guard, "fallback": VersionedScript(self.app, self.reloads)}
        handlers = [
            ("/livereload", LiveReload, guard),
            ("/livereload.js", LiveReloadScript, guard),
            (VERSION_PATH, VersionHandler, {**guard, "reloads": self.reloads}),
            (".*", SiteHandler, site),
        ]
        HTTPServer(web.Application(handlers)).add_sockets(self.sockets)


def listen(host: str, port: int) -> list[socket.socket]:
    """Sockets listening on `host` and `port` (0: a free port), or one Indonesian problem."""
    try:
        return bind_sockets(port, host)
    except socket.gaierror:
        problem = Problem(
            "--host",
            None,
            "",
            f"{shown(host)} bukan alamat IP atau nama komputer yang dikenal; tulis misalnya --host 127.0.0.1 "
            "(hanya komputer ini) atau --host 0.0.0.0 (terbuka untuk jaringan)",
        )
    except OSError as exc:
        other = 8001 if port == 8000 else 8000
        messages = {
            errno.EADDRINUSE: (
                "--port",
                f"port {port} di {host} sudah dipakai program lain (mungkin pratinjau lain masih berjalan); "
                f"hentikan program itu, atau pakai port lain, misalnya --port {other}",
            ),
            errno.EACCES: (
                "--port",
                f"port {port} hanya boleh dibuka administrator; pakai port 1024 ke atas, misalnya --port 8000",
            ),
            errno.EADDRNOTAVAIL: (
                "--host",
                f"{shown(host)} bukan alamat komputer ini, jadi pratinjau tidak bisa dibuka di sana; "
                "pakai --host 127.0.0.1, atau alamat IP komputer ini",
            ),
        }
        option, text = messages.get(
            exc.errno, ("--host", f"pratinjau tidak bisa dibuka di {host}:{port}: {exc.strerror}")
        )
        problem = Problem(option, None, "", text)
    raise BuildError([problem])


def network_warning(host: str) -> str | None:
    """What to say when the preview is open to more than this computer."""
    address = _literal(host)
    if host.lower() == "localhost" or (address is not None and address.is_loopback):
        return None
    where = "; dari komputer lain, buka dengan alamat IP komputer ini (nama lain ditolak)"
    return (
        f"PERINGATAN: pratinjau dibuka untuk jaringan di {host}; siapa pun di jaringan ini bisa melihat draf"
        f"{where if address is not None and address.is_unspecified else ''}."
    )


def preview_url(host: str, port: int, path: str) -> str:
    """The address to open for a preview bound to `host`: this computer's own for a wildcard."""
    address = _literal(host)
    if address is not None and address.is_unspecified:
        address = LOOPBACK_ADDRESSES[address.version == 6]
    shown_host = host if address is None else f"[{address}]" if address.version == 6 else str(address)
    return f"http://{shown_host}:{port}{path}"

"""Preview server: the site rebuilt in memory on every change, served with live reload.

The last good build is kept in memory and served under the same base path as production.
When a change breaks the build, every page shows the problems instead (with live reload
still in it), and the next good save brings the site back. Drafts and scheduled articles
are included and marked. The live-reload script is added to responses here, never to
files that `build` writes.
"""

from __future__ import annotations

import html
import ipaddress
import mimetypes
import sys
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from . import urls
from .config import load_config
from .content import KnownFiles
from .errors import BuildError, Problem
from .memo import PageMemo
from .pipeline import BuildOptions, build_site
from .stamp import snapshot

POLL_MILLISECONDS = 200
QUIET_SECONDS = 0.3
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class Preview:
    """The site as the preview shows it: files of the last good build, or the last problems."""

    def __init__(self, config_path: Path, base_url: str | None = None) -> None:
        self.config_path, self.base_url = config_path, base_url
        # Pages in memory; static files, images and preview cards as paths, read when asked for.
        self.files: dict[str, bytes | Path] = {}
        self.problems: tuple[Problem, ...] = ()
        # Pages of the last good build: a save re-renders only the pages it changed.
        self.memo = PageMemo()
        # Articles of the last builds by file: a save re-reads only the file saved.
        self.known = KnownFiles()
        self.base_path = "/"

    def rebuild(self, now: datetime | None = None) -> None:
        """Re-read the config and rebuild everything; keep the problems if it fails."""
        try:
            config = load_config(self.config_path, self.base_url)
            memo = self.memo.following()
            result = build_site(
                config, BuildOptions(drafts=True, future=True), now or datetime.now(config.zone), memo, self.known
            )
            files = {f.path: f.content for f in result.files}
        except BuildError as error:
            self.problems = error.problems
            for problem in error.problems:
                print(problem, file=sys.stderr)
            print(f"Dibangun ulang: gagal, {len(error.problems)} masalah", flush=True)
            return
        self.files, self.problems, self.base_path, self.memo = files, (), config.base_path, memo
        print(f"Dibangun ulang: {result.articles} artikel", flush=True)

    def respond(self, path: str) -> tuple[str, str, bytes, list[tuple[str, str]]]:
        """(status, content type, body, extra headers) for a request path."""
        if self.problems:
            return "500 Internal Server Error", "text/html; charset=utf-8", error_page(self.problems), []
        if path == "/" and self.base_path != "/":
            return "302 Found", "text/plain; charset=utf-8", b"", [("Location", self.base_path)]
        if not path.startswith(self.base_path):
            return self._not_found()
        site_path = "/" + path[len(self.base_path) :]
        file = urls.output_file(site_path)
        body = self._read(file)
        if body is not None:
            kind = mimetypes.guess_type(file)[0] or "application/octet-stream"
            kind += (
                "; charset=utf-8" if kind.startswith("text/") or kind.endswith(("xml", "json", "javascript")) else ""
            )
            return "200 OK", kind, body, []
        if urls.output_file(site_path + "/") in self.files:
            return "301 Moved Permanently", "text/plain; charset=utf-8", b"", [("Location", path + "/")]
        return self._not_found()

    def _read(self, file: str) -> bytes | None:
        content = self.files.get(file)
        if isinstance(content, Path):
            try:
                return content.read_bytes()
            except OSError:  # deleted since the build: as if it were not there
                return None
        return content

    def _not_found(self) -> tuple[str, str, bytes, list[tuple[str, str]]]:
        page = self._read(urls.output_file(urls.not_found())) or b"<!doctype html><title>404</title><h1>404</h1>"
        return "404 Not Found", "text/html; charset=utf-8", page, []

    def wsgi(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """The preview as a WSGI application."""
        status, kind, body, headers = self.respond(environ.get("PATH_INFO") or "/")
        headers = [("Content-Type", kind), ("Cache-Control", "no-store"), *headers]
        start_response(status, headers)
        return [body]


def error_page(problems: Iterable[Problem]) -> bytes:
    """A plain page listing every problem, made without the site's templates (they may be the problem)."""
    items = "\n".join(
        f"<li><code>{html.escape(p.file)}{f':{p.line}' if p.line else ''}</code>"
        f"{f' <strong>{html.escape(p.field)}</strong>' if p.field else ''}: {html.escape(p.message)}</li>"
        for p in problems
    )
    page = f"""<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ada masalah · Pratinjau berita</title>
<style>body{{font:1.05rem/1.6 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}}
h1{{color:#9f1d1d}}li{{margin:.6rem 0}}code{{background:#f1f5f9;padding:.1rem .3rem}}</style>
</head>
<body>
<h1>Situs belum bisa dibangun</h1>
<p>Perbaiki masalah berikut lalu simpan file; halaman ini akan dimuat ulang sendiri.</p>
<ul class="problems">
{items}
</ul>
</body>
</html>
"""
    return page.encode("utf-8")


class QuietWatcher:
    """Calls `on_quiet` once the watched files have changed and then stayed unchanged for a moment.

    Editors often write a file several times per save; waiting for quiet turns a burst of
    saves into one rebuild.
    """

    def __init__(self, paths: list[Path], on_quiet: Callable[[], None], quiet: float = QUIET_SECONDS) -> None:
        self.paths, self.on_quiet, self.quiet = paths, on_quiet, quiet
        self.last = snapshot(paths)
        self.changed_at: float | None = None

    def poll(self) -> None:
        now = time.monotonic()
        # The same look at every file as a build's stamp (linked folders too); None while a
        # file vanishes under an editor's save, which counts as a change still going on.
        current = snapshot(self.paths)
        if current is None or current != self.last:
            self.last, self.changed_at = current or self.last, now
        elif self.changed_at is not None and now - self.changed_at >= self.quiet:
            self.changed_at = None
            self.on_quiet()


def serve(config_path: Path, host: str, port: int, base_url: str | None = None) -> int:
    """Run the preview until interrupted."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import PeriodicCallback

    if not _is_loopback(host):
        print(
            f"PERINGATAN: pratinjau dibuka untuk jaringan di {host}; siapa pun di jaringan ini bisa melihat draf.",
            file=sys.stderr,
        )
    preview = Preview(config_path, base_url)
    preview.rebuild()

    def rebuild_and_reload() -> None:
        preview.rebuild()
        LiveReloadHandler.reload_waiters()

    server = Server(app=preview.wsgi)
    # livereload's own watcher would watch the working folder; give it one task that never reloads.
    server.watch(str(config_path.resolve()), None, delay="forever")
    watcher = QuietWatcher(_watched(config_path), rebuild_and_reload)
    PeriodicCallback(watcher.poll, POLL_MILLISECONDS).start()
    print(f"Pratinjau: http://{host}:{port}{preview.base_path}  (Ctrl+C untuk berhenti)", flush=True)
    server.serve(port=port, host=host, debug=False, restart_delay=0)
    return 0


def _watched(config_path: Path) -> list[Path]:
    try:
        config = load_config(config_path)
        folders = [config.folder(name) for name in ("content", "templates", "static")]
    except BuildError:
        folders = [config_path.resolve().parent / name for name in ("content", "templates", "static")]
    return [config_path.resolve(), *folders]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

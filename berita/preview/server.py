"""Preview server: the site rebuilt in memory on every change, served with live reload.

The last good build is kept in memory and served under the same base path as production.
When a change breaks the build, every page shows the problems instead (with live reload
still in it), and the next good save brings the site back. Drafts and scheduled articles
are included and marked. The live-reload script is added to responses here, never to
files that `build` writes.
"""

from __future__ import annotations

import gc
import html
import mimetypes
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import urls
from ..config import Config, load_config
from ..errors import BuildError, Problem, printable, shown_path
from ..incremental.memo import PageMemo
from ..incremental.workspace import workspace
from ..load.content import KnownFiles
from ..load.known_files import stored_known_files
from ..load.listing import is_skipped
from ..model import Content
from ..pipeline import BuildOptions, BuildResult, build_site, stored_pages
from ..site.pages import PageSpec
from ..site.render import render_pages
from .files import file_roots, read_beneath
from .rebuild import Layout, layout, rebuild_articles
from .watch import POLL_MILLISECONDS, Batch, EventWatcher, PollingWatcher, catch_up, watched_paths

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class Preview:
    """The site as the preview shows it: files of the last good build, or the last problems."""

    def __init__(self, config_path: Path, base_url: str | None = None) -> None:
        self.config_path, self.base_url = config_path, base_url
        # Pages in memory; static files, images and preview cards as paths, read when asked for.
        self.files: dict[str, Content] = {}
        self.problems: tuple[Problem, ...] = ()
        # Pages of the last good build: a save re-renders only the pages it changed.
        self.memo = PageMemo()
        # Articles of the last builds by file: a save re-reads only the file saved.
        self.known = KnownFiles()
        self.base_path = "/"
        # The folders files kept as paths are opened from (preview_files.file_roots).
        self.roots: list[Path] = []
        # The last good build, and the config it was made with.
        self.last: tuple[Config, BuildResult] | None = None
        # Pages that show an edited article, by file, rendered when they are asked for.
        self.later: dict[str, PageSpec] = {}
        # Where things are in the last whole build's site, for the edits after it.
        self.places: Layout | None = None

    def rebuild(self, now: datetime | None = None) -> None:
        """Re-read the config and rebuild everything; keep the problems if it fails."""
        try:
            config = load_config(self.config_path, self.base_url)
            memo = self.memo.following()
            if self.last is None:
                # Until one build succeeds, start from what the last `build` left: unchanged files
                # are not read, and pages whose fingerprint is the same are not rendered.
                self.known = self.known if self.known.entries else stored_known_files(workspace(config))
                memo = stored_pages(config)
            result = build_site(
                config, BuildOptions(drafts=True, future=True), now or datetime.now(config.zone), memo, self.known
            )
        except BuildError as error:
            self._fail(error)
            return
        self._show(config, result)
        self.places = layout(result, self.memo)
        settle_memory()
        print(f"Dibangun ulang: {result.articles} artikel", flush=True)

    def update(self, changed: Iterable[str], now: datetime | None = None) -> bool:
        """Bring the site up to date after the files `changed` (absolute paths) changed: only
        the pages that show an article when just its text was edited, else everything.
        Whether the pages may have changed, for the caller to reload them: False when none of
        the files is part of the site (an editor's temporary file), or the articles saved are
        the ones shown already (an editor saving a file it did not change)."""
        ready = self.last is not None and self.known.around is not None and not self.problems
        edited = self._edited(changed) if ready else None
        if edited == []:
            return False
        if edited is not None and self.last is not None and self.places is not None:
            config, last = self.last
            moment = now or datetime.now(config.zone)
            edit = rebuild_articles(last, config, edited, moment, self.memo, self.known, self.places)
            if edit is not None:
                waiting = {**self.later, **{urls.output_file(spec.path): spec for spec in edit.later}}
                later = {file: spec for file, spec in waiting.items() if file not in edit.changed}
                self._show(config, edit.result, later, edit.changed)
                if edit.same:
                    print(f"Disimpan tanpa perubahan: {printable(', '.join(edited))}", flush=True)
                    return False
                print(f"Dibangun ulang: {printable(', '.join(edited))} disunting", flush=True)
                return True
        self.rebuild(now)
        return True

    def _edited(self, changed: Iterable[str]) -> list[str] | None:
        """The articles (source files) among `changed` whose text may have been edited; None
        when something else changed (a template, the config, a new or deleted file)."""
        assert self.last is not None and self.known.around is not None
        config, around = self.last[0], self.known.around  # the last load's articles and other files
        content = config.folder("content")
        edited = []
        for path in map(Path, changed):
            if not path.is_relative_to(content):
                return None
            if is_skipped(path.relative_to(content)):
                continue
            file = shown_path(path, config.root)
            if file in around.by_source and path.is_file():
                edited.append(file)
            elif path.exists() or file in around.by_source or file in around.assets:
                return None
        return sorted(set(edited))

    def _fail(self, error: BuildError) -> None:
        self.problems, self.later = error.problems, {}
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"Dibangun ulang: gagal, {len(error.problems)} masalah", flush=True)

    def _show(
        self,
        config: Config,
        result: BuildResult,
        later: dict[str, PageSpec] | None = None,
        changed: dict[str, Content] | None = None,
    ) -> None:
        """Serve `result`; `changed`: after an edit, the files it changed (the others are the
        ones served already, which need not be gathered again: 35,000 at 10,000 articles)."""
        if changed is None:
            self.files = {f.path: f.content for f in result.files}
            self.places = None  # another build's: worked out again for it (rebuild)
        else:
            self.files.update((path, content) for path, content in changed.items() if path in self.files)
        self.problems, self.last, self.later = (), (config, result), later or {}
        self.base_path = urls.Urls(config.base_url).base_path
        self.roots = file_roots(config)
        # What the build learned: the next one reads only the files changed since.
        self.known = result.known if result.known is not None else self.known
        self.memo = result.memo if result.memo is not None else self.memo

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
        if self.problems:  # found by rendering a page left for later
            return "500 Internal Server Error", "text/html; charset=utf-8", error_page(self.problems), []
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
        if file in self.later and self.last is not None:
            config, result = self.last
            assert result.site is not None
            try:
                [self.files[file]] = render_pages([self.later[file]], result.site, config, workspace(config).compiled)
            except BuildError as error:  # the templates cannot show the edited text: as a failed build
                self._fail(error)
                return None
            del self.later[file]
        content = self.files.get(file)
        if content is None or isinstance(content, bytes):
            return content
        # Deleted since the build, or a link put in its place: as if it were not there.
        return read_beneath(self.roots, Path(content))

    def _not_found(self) -> tuple[str, str, bytes, list[tuple[str, str]]]:
        page = self._read(urls.output_file(urls.not_found())) or b"<!doctype html><title>404</title><h1>404</h1>"
        return "404 Not Found", "text/html; charset=utf-8", page, []

    def wsgi(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """The preview as a WSGI application."""
        status, kind, body, headers = self.respond(environ.get("PATH_INFO") or "/")
        headers = [("Content-Type", kind), ("Cache-Control", "no-store"), *headers]
        start_response(status, headers)
        return [body]


def settle_memory() -> None:
    """Collect once after a whole build, then leave what is kept out of later collections.

    The build runs with the cycle collector paused, so its millions of objects would all be
    scanned, generation after generation, by the collections that follow: pauses of a few
    tenths of a second that land in the next saves. Frozen objects are still freed when
    nothing refers to them; only cycles among them wait for the next whole build.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


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


def serve(config_path: Path, host: str, port: int, base_url: str | None = None) -> int:
    """Run the preview until interrupted; the port is opened first (BuildError if it cannot be)."""
    from tornado.ioloop import IOLoop, PeriodicCallback

    from .guard import GuardedServer, Hosts, Reloads, listen, network_warning, preview_url

    sockets = listen(host, port)
    port = sockets[0].getsockname()[1]  # the one the system chose for --port 0
    warning = network_warning(host)
    if warning:
        print(warning, file=sys.stderr)
    preview = Preview(config_path, base_url)
    reloads = Reloads()
    loop = IOLoop.current()

    def update(paths: set[str]) -> None:  # on the IOLoop, like every request: a page never changes under one
        if preview.update(paths):
            reloads.reload()

    batch = Batch(loop, update)
    # Every file as the first build starts: what changes before a watch begins (the build takes
    # seconds on a large site) is found by comparing with it when the watch has begun.
    before_start = PollingWatcher(watched_paths(config_path), batch.add, quiet=0)

    def poll_instead() -> None:
        catch_up(before_start)
        PeriodicCallback(PollingWatcher(watched_paths(config_path), update).poll, POLL_MILLISECONDS).start()

    preview.rebuild()
    server = GuardedServer(preview.wsgi, sockets, Hosts(host, port), reloads)
    # Read again, not kept from before the build: a config mended while it ran names the folders.
    folders = watched_paths(config_path)[1:]
    if all(folder.is_dir() for folder in folders):
        watcher = EventWatcher(
            folders,
            config_path,
            lambda paths: loop.add_callback(batch.add, paths),
            lambda: loop.add_callback(catch_up, before_start),
        )
        watcher.start(lambda: loop.add_callback(poll_instead))
    else:  # a folder made later would not be watched: look at every file instead
        poll_instead()
    print(f"Pratinjau: {preview_url(host, port, preview.base_path)}  (Ctrl+C untuk berhenti)", flush=True)
    server.serve(port=port, host=host, debug=False, restart_delay=0)
    return 0

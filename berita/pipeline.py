"""The build, as one recipe: the only place that knows the order of the stages.

load and validate (load/) → index (site/index) → render (site/render, images/) → check
(site/check) → write (write/), with what the last build left reused through the Workspace
(incremental/workspace.py). docs/architecture.md draws it."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from .cms.editor import editor_files
from .config import Config
from .disk import disk_clock_ns, load_pickle, store_pickle
from .errors import BuildError, Problem
from .images.media import PhotoHashes, image_files, start_preview_files
from .incremental.cache import code_salt, damaged, unusable
from .incremental.memo import PageMemo, load_manifest, save_manifest
from .incremental.stamp import Snapshot, Stamp, next_midnight, save_stamp, snapshot, still_current
from .incremental.workspace import Workspace, workspace
from .load.content import KnownFiles, load_known
from .load.known_files import keep_known_files, stored_known_files
from .model import Article, OutputFile, Pending
from .site.check import check_site, missing_logo
from .site.copies import asset_files, reused_copies, static_files
from .site.environment import remove_damaged_compiled
from .site.index import Site, index_site, related_memo
from .site.pages import PageSpec, site_pages
from .site.render import render_site
from .site.search import SearchState, search_files
from .urls import Urls
from .write.folder import one_build_at_a_time, refuse_unsafe_output, write_problem
from .write.output import Filling, begun_write, discard_spool, page_spool


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False


@dataclass(frozen=True)
class BuildResult:
    articles: int
    files: tuple[OutputFile, ...]
    warnings: tuple[Problem, ...] = ()
    written: int = 0
    # Seconds per stage, in the order they ran.
    timings: dict[str, float] = field(default_factory=dict)
    # The first moment at which the clock alone changes the site (see stamp.py).
    holds_until: datetime | None = None
    # True when the output folder already held this site and nothing was built.
    unchanged: bool = False
    # The output folder as written (stamp.snapshot's form), when the write stage knows it.
    outputs: Snapshot | None = None
    # The indexed site and its pages, for the preview to redo part of them after an edit.
    site: Site | None = None
    pages: tuple[PageSpec, ...] = ()
    # What the next build may take from this one: its articles by file, related articles, photo hashes.
    known: KnownFiles | None = None
    # The memo given, with what this build made (by fingerprint) and what each page shows.
    memo: PageMemo | None = None


def build_site(
    config: Config,
    options: BuildOptions,
    now: datetime,
    memo: PageMemo | None = None,
    known: KnownFiles | None = None,
    space: Workspace | None = None,
    spool: Path | None = None,
) -> BuildResult:
    """Load, index, render and check the site; nothing is written but into `spool`. Raises BuildError.

    With a `memo` of the last build's pages, pages whose inputs did not change are reused;
    with `known` articles of the last build (the preview's), unchanged files are not read.
    `space`: the build's Workspace, when the caller made it already. `spool`: a folder for
    many rendered pages, which then stay out of memory (render.render_site).
    """
    with paused_garbage_collector():
        result, pending = _build_site(config, options, now, memo, known, space or workspace(config), spool)
        return _with_made(result, pending.finish())


@contextmanager
def paused_garbage_collector() -> Iterator[None]:
    """No cycle collection during a build: its data hardly has cycles, and with the millions of
    objects of a large site each full collection scans them all again (a fifth of a rebuild)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build_site(
    config: Config,
    options: BuildOptions,
    now: datetime,
    memo: PageMemo | None,
    known: KnownFiles | None,
    space: Workspace,
    spool: Path | None,
) -> tuple[BuildResult, Pending]:
    """build_site, but the link-preview cards still being made are returned pending (model.Pending),
    beside the result without them: the caller finishes them."""
    space.mark_used()  # also by `check` and the preview, which prune nothing
    timings: dict[str, float] = {}
    cache_warning = unusable(config.cache_folder)
    started_ns = disk_clock_ns(config.cache_folder)
    with timed(timings, "muat"):
        articles, statics, learned = _sources(config, space, known, started_ns)
        published = [a for a in articles if a.is_published(now, options.drafts, options.future)]
    with timed(timings, "indeks"):
        site = index_site(published, now, known.related if known is not None else None)
    with timed(timings, "render"):
        compiled_warnings = [damaged(file) for file in remove_damaged_compiled(space.compiled)]
        specs = site_pages(site, config)
        pages, shows = render_site(site, specs, config, memo, space.compiled, spool)
        pages += editor_files(config)
    with timed(timings, "gambar"):
        hashes = PhotoHashes(known.photos if known is not None else {}, started_ns)
        copies = reused_copies([*statics, *asset_files(published, config)], memo, started_ns)
        images = image_files(published, config, space.images, hashes, memo)
        # Begun last: the cards are made in worker processes while the build goes on.
        cards, pending = start_preview_files(published, config, space.previews, memo, hashes=hashes, spool=spool)
        files = [*pages, *copies, *cards, *images]
    try:
        with timed(timings, "periksa"):
            everything = [*files, *pending.planned]
            problems = check_site(published, everything, config.folders.templates, Urls(config.base_url).base_path)
            problems += missing_logo(config.organization.logo, statics, config.source_name, config.folders.static)
        if problems:
            raise BuildError(problems)
        warnings = [
            *([cache_warning] if cache_warning else []),
            *space.warnings(),
            *compiled_warnings,
            *(w for a in published for w in a.warnings),
        ]
        result = BuildResult(
            sum(not article.standalone for article in published),  # articles: the pages are not counted
            tuple(files),
            tuple(warnings),
            timings=timings,
            holds_until=holds_until(articles, now),
            site=site,
            pages=tuple(specs),
            known=replace(learned, related=related_memo(site), photos=hashes.kept),
            memo=memo.learned(files, shows) if memo is not None else None,
        )
    except BaseException:
        pending.cancel()  # the cards not begun are dropped: the build stops here
        raise
    return result, pending


def _with_made(result: BuildResult, made: Sequence[OutputFile]) -> BuildResult:
    """The result with the files that were pending when it was put together, as made."""
    memo = result.memo.learned(made) if result.memo is not None else None
    return replace(result, files=(*result.files, *made), memo=memo)


def _sources(
    config: Config, space: Workspace, known: KnownFiles | None, started_ns: int
) -> tuple[tuple[Article, ...], list[OutputFile], KnownFiles]:
    """Every article and every static file, or the problems of both at once; and the articles
    as the next build may take them."""
    statics, problems = static_files(config)
    try:
        articles, learned = load_known(config, space.articles, known, started_ns)
    except BuildError as error:
        raise BuildError([*error.problems, *problems]) from None
    if problems:
        raise BuildError(problems)
    return articles, statics, learned


def holds_until(articles: tuple[Article, ...], now: datetime) -> datetime:
    """The next moment the same sources give another site: a scheduled article comes out, a
    form closes, or a day ends (events move from upcoming to past, by date)."""
    moments = [a.date.at for a in articles] + [a.form.closes.at for a in articles if a.form and a.form.closes]
    return min([m for m in moments if m > now] + [next_midnight(now)])


@contextmanager
def timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    """Adds the seconds the block took to `timings[stage]`."""
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def build(config: Config, options: BuildOptions, now: datetime) -> BuildResult:
    """Build the site and swap it into the output folder, unless it is there already.

    A program that calls this runs it under `if __name__ == "__main__":`, as build.py does:
    a build that makes many cards starts new worker processes, which import the program's
    main module again (workers.start_items, `fresh`)."""
    output = config.folder("output")
    sources = [config.folder(name) for name in ("content", "templates", "static")]
    refuse_unsafe_output(output, config.root, sources, config.source_name)
    with one_build_at_a_time(output):
        return _build_once(config, options, now, output, sources)


def _build_once(config: Config, options: BuildOptions, now: datetime, output: Path, sources: list[Path]) -> BuildResult:
    started, taken_at = time.perf_counter(), disk_clock_ns(config.cache_folder)
    space = workspace(config)
    inputs = snapshot([*sources, config.root / config.source_name])
    key = code_salt(config.model_dump(), config.root, options, output)
    current = still_current(space.stamp, key, inputs, output, now)
    if current is not None:
        files = tuple(OutputFile(path, origin, output / path) for path, origin in current.files)
        timings = {"periksa perubahan": time.perf_counter() - started}
        space.prune()
        return BuildResult(current.articles, files, current.warnings, timings=timings, unchanged=True)
    result = _build_and_write(config, options, now, output, space, started)
    save_stamp(space.stamp, _stamp(result, key, inputs, output, now, config), taken_at)
    space.prune()
    return result


def _stamp(
    result: BuildResult, key: bytes, inputs: Snapshot | None, output: Path, now: datetime, config: Config
) -> Stamp | None:
    """What the next build needs to know that this one's site is still the right one."""
    written = result.outputs if result.outputs is not None else snapshot([output])
    if inputs is None or written is None or result.holds_until is None:
        return None
    files = tuple((f.path, f.origin) for f in result.files)
    # A warning about the cache was true of this build only; the articles' own are repeated.
    lasting = tuple(w for w in result.warnings if not Path(w.file).is_relative_to(config.cache_folder))
    return Stamp(key, inputs, written, now, result.holds_until, result.articles, files, lasting)


def _build_and_write(
    config: Config, options: BuildOptions, now: datetime, output: Path, space: Workspace, started_at: float
) -> BuildResult:
    """`started_at`: when the build began (time.perf_counter): the time until the stages begin
    (the last build's stamp compared, its pages and articles read from the cache: a second at
    10,000 articles) is reported as "periksa perubahan", so that the stages add up to the build."""
    salt = code_salt()
    memo = load_manifest(space.manifest, output, salt)
    known = stored_known_files(space)
    checked = time.perf_counter() - started_at
    spool = page_spool(output)
    try:
        with paused_garbage_collector():
            result, pending = _build_site(config, options, now, memo, known, space, spool)
        started = time.perf_counter()
        try:
            index = None
            if config.search.enabled and result.site is not None:
                index = search_files(result.site.articles, config.base_url, salt, memo, _last_search(space.search))
                result = replace(result, files=(*result.files, *index.files))
            searched = time.perf_counter()
            # The cards still being made are waited for once every other file is written, and
            # put in last: the write of the rest, one core's work, goes on while the workers make them.
            later = {item.path for item in pending.planned}
            with _writing(list(result.files), output, spool, space.folder, later) as filling:
                waiting = time.perf_counter()
                cards = pending.finish()
                waited = time.perf_counter() - waiting  # the images' time, not the write's
                written = filling.swap_in(cards)
        finally:
            pending.cancel()  # after an error: the cards not begun are dropped (a no-op once made)
        result = _with_made(result, cards)
        made = result.memo if result.memo is not None else memo
        if index is not None:
            made = made.learned(index.files)
    finally:
        # Never an error of its own: the site is written, or the build's own error is the one to
        # report; a spool left behind is deleted by the next build.
        with suppress(OSError):
            discard_spool(spool)
    outputs = {f"{output}/{path}": state for path, state in written.states.items()}
    save_manifest(made, space.manifest, output, salt, outputs)
    keep_known_files(space, known, result.known)
    if index is not None and index.changed:
        store_pickle(space.search, index.state)  # when it cannot be, the next build starts from nothing
    images = result.timings.get("gambar", 0.0) + waited
    timings = {"periksa perubahan": checked, **result.timings, "gambar": images, "cari": searched - started}
    timings["tulis"] = time.perf_counter() - searched - waited
    return replace(result, written=written.count, timings=timings, outputs=outputs, memo=made)


@contextmanager
def _writing(files: list[OutputFile], output: Path, spool: Path, records: Path, later: set[str]) -> Iterator[Filling]:
    """output.begun_write, its own errors (a file that cannot be written) the build's."""
    try:
        with begun_write(files, output, spool, records, later) as filling:
            yield filling
    except OSError as exc:
        raise BuildError([write_problem(exc)]) from None


def _last_search(file: Path) -> SearchState | None:
    """The state of the last build's search index (search.SearchState); None when missing or damaged."""
    found = load_pickle(file)
    return found if isinstance(found, SearchState) else None


def stored_pages(config: Config) -> PageMemo:
    """The pages the last build left in the output folder, read into memory, for the preview's
    first build: a page whose fingerprint is the same is the same page (a running preview must
    not depend on the output folder, which the next build replaces). Preview cards, resized
    photos and copied files are left out: the preview takes them from the cache or their
    sources, without reading them."""
    output, manifest = config.folder("output"), workspace(config).manifest
    return load_manifest(manifest, output, code_salt(), into_memory=lambda path: path.endswith(PAGES))


# What the templates make (pages, feeds, the sitemap, robots.txt), unlike the images and the
# copied files, which may be large: a page is held in memory by the preview.
PAGES = (".html", ".xml", ".txt")

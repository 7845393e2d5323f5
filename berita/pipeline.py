"""The build, as one recipe: the only place that knows the order of the stages."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from . import urls
from .cms.editor import editor_files
from .config import CACHE_FOLDER, Config
from .disk import disk_clock_ns, is_racy, state_of
from .errors import BuildError, Problem, shown_path
from .images.media import PhotoHashes, image_files, preview_files
from .incremental.cache import Cache, code_salt, damaged, generation, mark_used, prune_generations, unusable
from .incremental.memo import PageMemo, load_manifest, save_manifest
from .incremental.stamp import Snapshot, Stamp, next_midnight, save_stamp, snapshot, still_current
from .load.content import (
    Article,
    KnownFiles,
    content_files,
    link_problems,
    load_articles,
    reload_article,
    remember,
)
from .site.check import anchors_of, check_site, fragment_links
from .site.environment import remove_damaged_compiled
from .site.index import Site, index_site, swap_articles
from .site.pages import PageSpec, site_pages
from .site.render import render_pages, render_site
from .write.folder import one_build_at_a_time, refuse_unsafe_output, write_problem
from .write.output import OutputFile, write_output
from .write.search import search_files


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


def build_site(
    config: Config,
    options: BuildOptions,
    now: datetime,
    memo: PageMemo | None = None,
    known: KnownFiles | None = None,
) -> BuildResult:
    """Load, index, render and check the site; nothing is written. Raises BuildError.

    With a `memo` of the last build's pages, pages whose inputs did not change are reused;
    with `known` articles of the last build (the preview's), unchanged files are not read.
    """
    with paused_garbage_collector():
        return _build_site(config, options, now, memo, known)


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
    config: Config, options: BuildOptions, now: datetime, memo: PageMemo | None, known: KnownFiles | None
) -> BuildResult:
    article_cache, preview_cache, image_cache = _article_cache(config), _preview_cache(config), _image_cache(config)
    # In use now, also by `check` and the preview, which prune nothing (cache.prune_generations).
    for folder in _generations(config):
        mark_used(folder)
    timings: dict[str, float] = {}
    cache_warning = unusable(config.cache_folder)
    started_ns = disk_clock_ns(config.root / CACHE_FOLDER)
    with timed(timings, "muat"):
        articles, statics = _sources(config, article_cache, known, started_ns)
        published = [a for a in articles if a.is_published(now, options.drafts, options.future)]
    with timed(timings, "indeks"):
        site = index_site(published, now, known.related if known is not None else None)
    with timed(timings, "render"):
        compiled = compiled_folder(config)
        compiled_warnings = [damaged(file) for file in remove_damaged_compiled(compiled)]
        specs = site_pages(site, config)
        pages = render_site(site, specs, config, memo, compiled) + editor_files(config)
    with timed(timings, "gambar"):
        hashes = PhotoHashes(known.photos if known is not None else {}, started_ns)
        copies = _copies([*statics, *asset_files(published, config)], memo, started_ns)
        files = [
            *pages,
            *copies,
            *preview_files(published, config, preview_cache, memo, hashes=hashes),
            *image_files(published, config, image_cache, hashes, memo),
        ]
        if known is not None:
            known.photos = hashes.kept
    with timed(timings, "periksa"):
        problems = check_site(published, files, config.folders.templates, config.base_path)
    if problems:
        raise BuildError(problems)
    warnings = [
        *([cache_warning] if cache_warning else []),
        *article_cache.warnings,
        *preview_cache.warnings,
        *image_cache.warnings,
        *compiled_warnings,
        *(w for a in published for w in a.warnings),
    ]
    return BuildResult(
        sum(not article.standalone for article in published),  # articles: the pages are not counted
        tuple(files),
        tuple(warnings),
        timings=timings,
        holds_until=holds_until(articles, now),
        site=site,
        pages=tuple(specs),
    )


def _article_cache(config: Config) -> Cache:
    # The editor's settings ([cms]) shape no article.
    return Cache(config.root / CACHE_FOLDER / "articles", code_salt(config.model_dump(exclude={"root", "cms"})))


def _preview_cache(config: Config) -> Cache:
    # The site's name and description are on the cards: another one starts another generation.
    return Cache(config.root / CACHE_FOLDER / "previews", code_salt(config.title, config.description))


def _image_cache(config: Config) -> Cache:
    # Resized photos depend on nothing but the photo, its size and format, and the code and
    # libraries (Pillow) that make them.
    return Cache(config.root / CACHE_FOLDER / "images", code_salt())


def compiled_folder(config: Config) -> Path:
    """Where compiled templates are kept, for this version of berita and its libraries and these
    settings: Jinja works out a filter over a constant when it compiles (`"/css/style.css" | link`),
    so the compiled code holds the base path, and every other setting the filters read."""
    return config.root / CACHE_FOLDER / "templates" / generation(code_salt(config.model_dump()))


# What an edit may change in an article without changing where anything is or what the site
# checks: the rest decides which pages list it, the files it brings, and its links and anchors.
SHOWN_ONLY = dict.fromkeys(("title", "summary", "authors", "body_html", "words", "warnings", "digest"))


@dataclass(frozen=True)
class Edit:
    """The site after an edit to articles' text: `result.files` holds every page up to date
    except those in `later`, which show an edited article and still hold their old content
    until they are rendered (render_pages with `result.site`), when a reader asks for them."""

    result: BuildResult
    later: tuple[PageSpec, ...]


def rebuild_articles(
    last: BuildResult, config: Config, edited: list[str], now: datetime, memo: PageMemo, known: KnownFiles
) -> Edit | None:
    """The site of `last` after the text of the `edited` articles (source files) changed (the
    preview's rebuild after a save). Only the edited articles are read, and only their own
    pages and the pages other articles link into with an #anchor are rendered; the other pages
    that show them are left for later.

    None when the edit reaches further: it changed an article's date, tags, address, links,
    headings or pictures, removed an #anchor that a link needs, the article has problems, or
    the clock has moved the site on. Then a whole build (build_site with `memo` and `known`)
    is needed, and it reports the problems.
    """
    with paused_garbage_collector():
        return _rebuild_articles(last, config, edited, now, memo, known)


def _rebuild_articles(
    last: BuildResult, config: Config, edited: list[str], now: datetime, memo: PageMemo, known: KnownFiles
) -> Edit | None:
    site = last.site
    if site is None or known.around is None or last.holds_until is None or not site.now <= now < last.holds_until:
        return None
    started, started_ns = time.perf_counter(), disk_clock_ns(config.root / CACHE_FOLDER)
    # Not the standalone pages: every page's footer names them, which a whole build re-renders.
    current = {article.source: article for article in site.articles}
    swaps, edits = {}, {}  # the new article by the old one's id(), and by source file
    for file in edited:
        try:
            state = state_of((config.root / file).stat())
        except OSError:
            return None
        old = current.get(file)
        loaded = reload_article(file, config, known.around, _article_cache(config)) if old else None
        if old is None or loaded is None or _place(loaded[0]) != _place(old):
            return None
        swaps[id(old)] = edits[file] = loaded[0]
        remember(known, file, state, loaded, started_ns)
    site = swap_articles(site, swaps)
    pages = list(last.pages)
    showing = [n for n, spec in enumerate(pages) if not memo.shows.get(spec.path, set()).isdisjoint(edits)]
    for number in showing:
        spec = pages[number]
        # An article's own pages (its page and its old addresses) carry its title.
        title = edits[spec.origin].title if spec.origin in edits else spec.title
        pages[number] = replace(spec, title=title, context=swap_articles(spec.context, swaps))
    anchors = fragment_links(site.articles, {f.path for f in last.files})
    at_once = [n for n in showing if pages[n].origin in edits or urls.output_file(pages[n].path) in anchors]
    try:
        made = render_pages([pages[n] for n in at_once], site, config, compiled_folder(config))
        cards = preview_files(list(edits.values()), config, _preview_cache(config), memo, store=False)
    except BuildError:
        return None
    changed: dict[str, bytes | Path] = {card.path: card.content for card in cards}
    for number, page in zip(at_once, made, strict=True):
        file = urls.output_file(pages[number].path)
        if not anchors.get(file, set()) <= anchors_of(page):
            return None  # a link's #anchor is gone: the whole check says which
        changed[file] = page
    files = tuple(replace(f, content=changed[f.path]) if f.path in changed else f for f in last.files)
    warnings = tuple(w for w in last.warnings if w.file not in edits)
    warnings += tuple(w for article in edits.values() for w in article.warnings)
    timings = {"sunting": time.perf_counter() - started}
    result = replace(last, files=files, warnings=warnings, timings=timings, site=site, pages=tuple(pages))
    return Edit(result, tuple(pages[n] for n in sorted(set(showing) - set(at_once))))


def _place(article: Article) -> Article:
    """The article without what only its pages show; links by target (their lines may move)."""
    links = tuple(replace(link, line=0) for link in article.links)
    return replace(article, **SHOWN_ONLY, links=links)


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
    """Build the site and swap it into the output folder, unless it is there already."""
    output = config.folder("output")
    sources = [config.folder(name) for name in ("content", "templates", "static")]
    refuse_unsafe_output(output, config.root, sources, config.source_name)
    with one_build_at_a_time(output):
        return _build_once(config, options, now, output, sources)


def _build_once(config: Config, options: BuildOptions, now: datetime, output: Path, sources: list[Path]) -> BuildResult:
    started, taken_at = time.perf_counter(), disk_clock_ns(config.root / CACHE_FOLDER)
    inputs = snapshot([*sources, config.root / config.source_name])
    stamp_file, key = config.root / CACHE_FOLDER / "stamp.pickle", _stamp_key(config, options, output)
    current = still_current(stamp_file, key, inputs, output, now)
    if current is not None:
        files = tuple(OutputFile(path, origin, output / path) for path, origin in current.files)
        timings = {"periksa perubahan": time.perf_counter() - started}
        prune_cache(config)
        return BuildResult(current.articles, files, current.warnings, timings=timings, unchanged=True)
    result = _build_and_write(config, options, now, output)
    save_stamp(stamp_file, _stamp(result, key, inputs, output, now, config), taken_at)
    prune_cache(config)
    return result


def prune_cache(config: Config) -> None:
    """Mark the caches' generations this build uses as used, and delete the others no build has
    used for a week (cache.prune_generations): each new version of berita or change of settings
    starts a new generation, so without this the cache would only grow."""
    for folder in _generations(config):
        prune_generations(folder.parent, folder.name)


def _generations(config: Config) -> tuple[Path, ...]:
    """The folders of the caches' generations that builds with `config` use."""
    caches = (_article_cache(config), _preview_cache(config), _image_cache(config))
    return (*(cache.folder for cache in caches), compiled_folder(config))


def _stamp_key(config: Config, options: BuildOptions, output: Path) -> bytes:
    return code_salt(config.model_dump(), config.root, options, output)


def _stamp(
    result: BuildResult, key: bytes, inputs: Snapshot | None, output: Path, now: datetime, config: Config
) -> Stamp | None:
    """What the next build needs to know that this one's site is still the right one."""
    written = result.outputs if result.outputs is not None else snapshot([output])
    if inputs is None or written is None or result.holds_until is None:
        return None
    files = tuple((f.path, f.origin) for f in result.files)
    # A warning about the cache was true of this build only; the articles' own are repeated.
    lasting = tuple(w for w in result.warnings if not Path(w.file).is_relative_to(config.root / CACHE_FOLDER))
    return Stamp(key, inputs, written, now, result.holds_until, result.articles, files, lasting)


def _build_and_write(config: Config, options: BuildOptions, now: datetime, output: Path) -> BuildResult:
    manifest, salt = _manifest(config), code_salt()
    memo = load_manifest(manifest, output, salt)
    article_cache = _article_cache(config)
    known = _known_files(article_cache)
    related, photos = set(known.related), known.photos
    result = build_site(config, options, now, memo, known)
    started = time.perf_counter()
    if config.search.enabled and result.site is not None:
        fingerprints = {path: made[0] for path, made in memo.made.items()}
        found = search_files(result.site.articles, result.files, config.cache_folder, fingerprints)
        result = replace(result, files=(*result.files, *_copies(found, memo, disk_clock_ns(config.cache_folder))))
    searched = time.perf_counter()
    try:
        written = write_output(list(result.files), output)
    except OSError as exc:
        raise BuildError([write_problem(exc)]) from None
    outputs = {f"{output}/{path}": state for path, state in written.states.items()}
    save_manifest(memo, manifest, output, salt, outputs)
    _keep_known_files(article_cache, known, related, photos)
    timings = {**result.timings, "cari": searched - started, "tulis": time.perf_counter() - searched}
    warnings = (*article_cache.warnings, *result.warnings)
    return replace(result, written=written.count, timings=timings, warnings=warnings, outputs=outputs)


# The last build's articles by file state, kept whole in the article cache: the next build reads
# only the files changed since (as the preview does, which keeps them in memory). The related
# articles' answer and the photos' hashes are kept beside them, each on its own: a new tag
# changes the one, a new photo the other, not the articles.
KNOWN_FILES, RELATED, PHOTOS = "known-files", "related", "photo-hashes"


def stored_known_files(config: Config) -> KnownFiles:
    """The articles the last build (`build.py build`) stored, for the preview's first build."""
    return _known_files(_article_cache(config))


def stored_pages(config: Config) -> PageMemo:
    """The pages the last build left in the output folder, read into memory, for the preview's
    first build: a page whose fingerprint is the same is the same page (a running preview must
    not depend on the output folder, which the next build replaces). Preview cards, resized
    photos and copied files are left out: the preview takes them from the cache or their
    sources, without reading them."""
    output = config.folder("output")
    return load_manifest(_manifest(config), output, code_salt(), into_memory=lambda path: path.endswith(PAGES))


# What the templates make (pages, feeds, the sitemap, robots.txt), unlike the images and the
# copied files, which may be large: a page is held in memory by the preview.
PAGES = (".html", ".xml", ".txt")


def _manifest(config: Config) -> Path:
    """Where a build lists the pages it left in the output folder (memo.save_manifest)."""
    return config.root / CACHE_FOLDER / "pages.pickle"


def _known_files(cache: Cache) -> KnownFiles:
    found = cache.get(cache.key(KNOWN_FILES))
    known = found if isinstance(found, KnownFiles) else KnownFiles()
    related = cache.get(cache.key(RELATED))
    known.related = related if isinstance(related, dict) else {}
    photos = cache.get(cache.key(PHOTOS))
    known.photos = photos if isinstance(photos, dict) else {}
    return known


def _keep_known_files(
    cache: Cache, known: KnownFiles, related_before: set[str], photos_before: dict[str, object]
) -> None:
    # A few files read again cost the next build less than storing every article again now.
    if known.missed > len(known.entries) // 20:
        cache.put(cache.key(KNOWN_FILES), replace(known, related={}, photos={}))
    if set(known.related) != related_before:
        cache.put(cache.key(RELATED), known.related)
    if known.photos != photos_before:
        cache.put(cache.key(PHOTOS), known.photos)


def _sources(
    config: Config, cache: Cache, known: KnownFiles | None, started_ns: int
) -> tuple[tuple[Article, ...], list[OutputFile]]:
    """Every article and every static file, or the problems of both at once."""
    statics, problems = static_files(config)
    try:
        articles = load_articles(config, cache, known, started_ns)
    except BuildError as error:
        raise BuildError([*error.problems, *problems]) from None
    if problems:
        raise BuildError(problems)
    return articles, statics


def static_files(config: Config) -> tuple[list[OutputFile], list[Problem]]:
    """Files under static/, copied as they are to the same place in the site, and the problems
    of what is there that may not be copied (symbolic links)."""
    folder = config.folder("static")
    if not folder.is_dir():
        return [], []
    files, links = content_files(folder)
    copies = [
        OutputFile(p.relative_to(folder).as_posix(), f"static/{p.relative_to(folder).as_posix()}", p) for p in files
    ]
    return copies, link_problems(links, config.root)


def asset_files(articles: list[Article], config: Config) -> list[OutputFile]:
    """Images and files next to articles, each copied once to its place under the site."""
    folder = config.folder("content")
    used = sorted({asset for article in articles for asset in article.assets})
    return [
        OutputFile(urls.output_file(a), shown_path(folder / a.lstrip("/"), config.root), folder / a.lstrip("/"))
        for a in used
    ]


def _copies(files: list[OutputFile], memo: PageMemo | None, started_ns: int) -> list[OutputFile]:
    """Files copied as they are (static files, photos and attachments), each the previous
    site's copy when its source has the size, time and inode it was copied at, as the stamp
    trusts them: a newsroom's photos are most of its bytes, and comparing each with its copy
    would read them all on every build."""
    if memo is None:
        return files
    found = []
    for item in files:
        assert isinstance(item.content, Path)
        try:
            state = state_of(item.content.stat())
        except OSError:  # gone meanwhile: the write stage reports it
            found.append(item)
            continue
        # A file saved just before the build began may change again within its time's resolution.
        fingerprint = "" if is_racy(state, started_ns) else "{}:{}:{}".format(*state)
        previous = memo.get(item.path, fingerprint) if fingerprint else None
        memo.put(item.path, fingerprint, item.content)
        found.append(item if previous is None else replace(item, content=previous))
    return found

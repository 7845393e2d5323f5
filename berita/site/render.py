"""Render stage: the indexed site through Jinja2 into output files held in memory."""

from __future__ import annotations

import hashlib
import io
import marshal
import os
import pickle
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.bccache import Bucket, bc_magic
from markupsafe import escape

from .. import dates, urls
from ..cms.editor import EditorPage, is_wanted
from ..config import Config
from ..errors import BuildError, Problem
from ..frontmatter.event import EVENT_TYPES, MODES
from ..frontmatter.moments import Moment
from ..frontmatter.schema import CATEGORIES
from ..incremental.memo import Fingerprints, PageMemo, site_parts
from ..load.content import Article
from ..workers import map_items
from ..write.output import OutputFile
from .index import Site, event_over, front_page, paginate
from .jsonld import article_json_ld, breadcrumb_json_ld
from .newsroom import archive_trail, article_trail, split_lede, tag_trail

ROOT_RELATIVE = re.compile(r'\b(href|src|poster)="/(?!/)')
EPOCH = "1970-01-01T00:00:00Z"
NOT_FOUND_LATEST = 5  # the newest articles the 404 page offers
NAVIGATION = (
    ("Beranda", urls.home()),
    ("Berita", urls.category("berita")),
    ("Pengumuman", urls.category("pengumuman")),
    ("Agenda", urls.agenda()),
    ("Prestasi", urls.category("prestasi")),
    ("Tag", urls.tag_index()),
    ("Arsip", urls.archive()),
    ("Cari", urls.search()),
)


@dataclass(frozen=True)
class PageSpec:
    """One page to render: where it goes, with which template, and what it shows."""

    path: str
    template: str
    title: str
    context: dict[str, Any]
    origin: str = ""
    # Listed in the sitemap, with the time it last changed when that is known.
    listed: bool = True
    modified: Moment | None = None


class CompiledTemplates(FileSystemBytecodeCache):
    """Templates compiled by an earlier build (Jinja checks each against its source's hash);
    a damaged file is compiled again, never trusted (see remove_damaged_compiled)."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()


def remove_damaged_compiled(folder: Path) -> list[Path]:
    """Deletes the compiled templates in `folder` that cannot be read back whole, and names them
    (for a warning: workers would otherwise each compile them again without a word)."""
    damaged = []
    for file in sorted(folder.glob("*.cache")) if folder.is_dir() else []:
        try:
            data = io.BytesIO(file.read_bytes())
            if data.read(len(bc_magic)) != bc_magic:
                raise ValueError("not Jinja's")
            pickle.load(data)  # the source's checksum
            marshal.load(data)  # the code
        except Exception:
            file.unlink(missing_ok=True)
            damaged.append(file)
    return damaged


def make_environment(config: Config, compiled: Path | None = None) -> Environment:
    """A Jinja2 environment with autoescape, StrictUndefined, and the site's filters.

    With `compiled`, templates compiled once are kept there: compiling them all takes
    longer than rendering the few pages a small change needs.
    """
    if compiled is not None:
        try:
            compiled.mkdir(parents=True, exist_ok=True)
        except OSError:  # .cache cannot be used (a file, a broken link): templates are compiled each time
            compiled = None
    env = Environment(
        loader=FileSystemLoader(config.folder("templates")),
        bytecode_cache=CompiledTemplates(str(compiled)) if compiled is not None else None,
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates do not change during a build (the preview makes a new environment for
        # each), so an include in a loop need not check its file every time.
        auto_reload=False,
    )
    links = urls.Urls(config.base_url)
    env.filters.update(
        link=links.link,
        absolute=links.absolute,
        long_date=dates.long_date,
        short_date=dates.short_date,
        month_year=dates.month_year,
        clock=dates.clock,
        iso=dates.iso,
        absolute_links=partial(absolute_links, links.origin),
        for_search_ui=for_search_ui,
        short_month=dates.short_month,
        lede=split_lede,
    )
    # `item is finished(site.now)`: the event ended before today (memo.NOW_IN_ARTICLE_PART).
    env.tests.update(finished=event_over)
    env.globals.update(
        config=config,
        urls=urls,
        navigation=NAVIGATION,
        categories=CATEGORIES,
        event_types=EVENT_TYPES,
        modes=MODES,
        event_time=dates.span,
        event_day_time=dates.event_day_time,
        # A function, not a value in each page's context: only pages that are rendered need it.
        article_json_ld=partial(article_json_ld, config=config),
        breadcrumb_json_ld=partial(breadcrumb_json_ld, config=config),
    )
    return env


def for_search_ui(value: str) -> str:
    """A value for the search index that Pagefind's UI puts into the page as HTML (a filter's
    value): escaped here as text for HTML, and once more by autoescape for the attribute that
    carries it, so that the UI shows `<img onerror=…>` as the characters it is."""
    return str(escape(str(escape(value))))


def absolute_links(origin: str, html: str) -> str:
    """Root-relative links made absolute, for feed readers that show an entry away from the site."""
    return ROOT_RELATIVE.sub(lambda m: f'{m.group(1)}="{origin}/', html)


def site_pages(site: Site, config: Config) -> list[PageSpec]:
    """Every page and machine file of the site, in a fixed order."""
    specs = list(page_specs(site, config))
    return specs + list(machine_specs(site, config, specs))


def render_site(
    site: Site, specs: list[PageSpec], config: Config, memo: PageMemo | None = None, compiled: Path | None = None
) -> list[OutputFile]:
    """The pages `specs` lists (all of `site_pages`), keyed by their file inside the output
    folder; pages in `memo` whose fingerprint did not change are taken from it instead of
    rendered. Many pages are rendered in worker processes, each with its own Jinja environment.
    The memo also learns which articles each page shows (see `PageMemo.shows`)."""
    files = [urls.output_file(spec.path) for spec in specs]
    prints = None
    if memo is not None:
        templates = read_templates(config.folder("templates"))
        prints = Fingerprints(templates_digest(config, templates), site, site_parts(templates))
    fingerprints = [prints.of(s.template, s.path, s.title, s.context) if prints else "" for s in specs]
    if memo is not None and prints is not None:
        memo.shows = prints.shows
    contents: list[bytes | Path | None] = [
        memo.get(file, print_) if memo is not None else None for file, print_ in zip(files, fingerprints, strict=True)
    ]
    missing = [number for number, content in enumerate(contents) if content is None]
    made = map_items(_render_page, missing, _prepare, (site, config, compiled), label="Merender halaman")
    for number, page in zip(missing, made, strict=True):
        contents[number] = page
    rendered = []
    for spec, file, print_, content in zip(specs, files, fingerprints, contents, strict=True):
        assert content is not None
        if memo is not None:
            memo.put(file, print_, content)
        origin = spec.origin or f"{config.folders.templates}/{spec.template}"
        rendered.append(OutputFile(file, origin, content))
    return rendered


# What every page render in this process shares, set once per worker (see workers.map_items).
_SHARED: dict[str, Any] = {}


def _prepare(site: Site, config: Config, compiled: Path | None) -> None:
    # The page list is made again here rather than sent: its contexts hold whole articles.
    _SHARED.update(env=make_environment(config, compiled), specs=site_pages(site, config), site=site, config=config)


def _render_page(number: int) -> bytes:
    return _render(_SHARED["env"], _SHARED["specs"][number], _SHARED["site"], _SHARED["config"])


def render_pages(specs: list[PageSpec], site: Site, config: Config, compiled: Path | None = None) -> list[bytes]:
    """A few pages rendered here, in this process (the preview's pages after an edit)."""
    env = make_environment(config, compiled)
    return [_render(env, spec, site, config) for spec in specs]


def _render(env: Environment, spec: PageSpec, site: Site, config: Config) -> bytes:
    try:
        html = env.get_template(spec.template).render(site=site, path=spec.path, title=spec.title, **spec.context)
    except TemplateError as exc:
        raise BuildError([template_problem(exc, spec.template, config)]) from None
    return html.encode("utf-8")


def read_templates(folder: Path) -> dict[str, str]:
    """Every template by its name under the folder, as Jinja names it."""
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(template_files(folder))
    }


def templates_digest(config: Config, templates: dict[str, str]) -> bytes:
    """Every template and the config: a change to any of them changes every page."""
    digest = hashlib.sha256(config.model_dump_json().encode())
    for name, text in templates.items():
        digest.update(f"{name}\0{text}\0".encode())
    return digest.digest()


def template_files(folder: Path) -> list[Path]:
    """Every file under the templates folder, through linked folders too (Jinja follows them), each folder once."""
    found, seen = [], set()
    for parent, folders, names in os.walk(folder, followlinks=True):
        place = os.stat(parent)
        if (place.st_dev, place.st_ino) in seen:  # a link back up: walked already
            folders.clear()
            continue
        seen.add((place.st_dev, place.st_ino))
        found += [Path(parent) / name for name in names if os.path.isfile(os.path.join(parent, name))]
    return found


def template_problem(exc: TemplateError, template: str, config: Config) -> Problem:
    """A template mistake as a problem: the template's file and line, and Jinja's reason."""
    if isinstance(exc, TemplateSyntaxError):
        name, line = exc.filename or exc.name or template, exc.lineno
        file = Path(name).resolve().relative_to(config.root).as_posix() if Path(name).is_absolute() else name
        return Problem(file, line, "", f"kesalahan sintaks template: {exc.message}")
    if isinstance(exc, TemplateNotFound):
        return Problem(f"{config.folders.templates}/{template}", None, "", f"template tidak ditemukan: {exc.name}")
    name, line = _template_place(exc, config)
    return Problem(f"{config.folders.templates}/{name or template}", line, "", f"kesalahan template: {exc}")


def _template_place(exc: BaseException, config: Config) -> tuple[str | None, int | None]:
    """The innermost template the error happened in (a partial, say) and its line."""
    # Jinja rewrites tracebacks so template frames carry the template's file and line.
    templates = config.folder("templates")
    name, line = None, None
    tb = exc.__traceback__
    while tb is not None:
        file = Path(tb.tb_frame.f_code.co_filename)
        if file.is_relative_to(templates):
            name, line = file.relative_to(templates).as_posix(), tb.tb_lineno
        tb = tb.tb_next
    return name, line


def page_specs(site: Site, config: Config) -> Iterator[PageSpec]:
    """Every page a reader opens, in a fixed order."""
    per_page = config.per_page
    newest = (site.articles[0].updated or site.articles[0].date) if site.articles else None
    # Old WordPress addresses by number (/?p=123): the home page and the 404 page send them on.
    post_numbers = any(urls.POST_NUMBER.fullmatch(alias) for article in site.articles for alias in article.aliases)
    for page in paginate(site.articles, per_page, urls.home):
        if page.number == 1:  # the front page: a lead, the newest, the agenda, sections
            context = {"page": page, "front": front_page(site, per_page)}
            if post_numbers:
                context["post_numbers"] = True
            yield PageSpec(page.path, "home.html", "Beranda", context, modified=newest)
        else:
            context = {"page": page, "heading": "Berita Terbaru", "intro": ""}
            yield PageSpec(page.path, "list.html", "Beranda", context)
    for slug, label in CATEGORIES.items():
        feeds = ((f"{label} · {config.title}", urls.category_feed(slug)),)
        for page in paginate(site.categories[slug], per_page, partial(urls.category, slug)):
            context = {"page": page, "heading": label, "intro": "", "feeds": feeds}
            yield PageSpec(page.path, "list.html", label, context)
    yield PageSpec(urls.tag_index(), "tags.html", "Semua Tag", {})
    for group in site.tags:
        heading = f"Tag: {group.tag.label}"
        feeds = ((f"{heading} · {config.title}", urls.tag_feed(group.tag.slug)),)
        for page in paginate(group.articles, per_page, partial(urls.tag, group.tag.slug)):
            context = {
                "page": page,
                "heading": heading,
                "intro": f"{len(group.articles)} artikel",
                "feeds": feeds,
                "trail": tag_trail(),
            }
            yield PageSpec(page.path, "list.html", heading, context)
    counts = tuple((year, len(articles)) for year, articles in site.years)
    yield PageSpec(urls.archive(), "archive.html", "Arsip", {"year": None, "articles": (), "years": counts})
    for year, articles in site.years:
        context = {"year": year, "articles": articles, "trail": archive_trail()}
        yield PageSpec(urls.archive_year(year), "archive.html", f"Arsip {year}", context)
    # Upcoming events all on the first page; past ones, newest first, over as many as they fill.
    for page in paginate(site.past, per_page, urls.agenda):
        yield PageSpec(page.path, "agenda.html", "Agenda Kegiatan", {"page": page})
    # The search index of each year of articles, the newest first (search.search_files).
    bundles = tuple(urls.search_bundle(year) for year, _ in site.years) if config.search.enabled else ()
    yield PageSpec(urls.search(), "search.html", "Cari Berita", {"bundles": bundles})
    for article in site.articles:
        context = {"article": article, "related": site.related[article.path], "trail": article_trail(article)}
        modified = article.updated or article.date
        yield PageSpec(article.path, "article.html", article.title, context, origin=article.source, modified=modified)
        for alias in article.aliases:
            yield PageSpec(
                urls.old_address(alias),
                "alias.html",
                article.title,
                {"article": article},
                origin=article.source,
                listed=False,
            )
    for standalone in site.pages:
        context = {"standalone": standalone, "trail": article_trail(standalone)}
        yield PageSpec(
            standalone.path, "page.html", standalone.title, context, standalone.source, True, standalone.updated
        )
    # Not indexed, no canonical address (it answers at every missing one), and a way on.
    context = {"latest": site.articles[:NOT_FOUND_LATEST], "noindex": True}
    if post_numbers:
        context["post_numbers"] = True
    yield PageSpec(urls.not_found(), "404.html", "Halaman Tidak Ditemukan", context, listed=False)
    if is_wanted(config):  # the web editor (berita.cms): for authors, not for readers or search engines
        yield PageSpec(urls.admin(), "admin.html", "Editor Berita", {"editor": EditorPage()}, listed=False)


def machine_specs(site: Site, config: Config, pages: list[PageSpec]) -> Iterator[PageSpec]:
    """Feeds, the sitemap and robots.txt: files for programs, made from the same data."""
    yield _feed(urls.feed(), config.title, "/", site.articles, config)
    for slug, label in CATEGORIES.items():
        yield _feed(
            urls.category_feed(slug), f"{label} · {config.title}", urls.category(slug), site.categories[slug], config
        )
    for group in site.tags:
        title = f"Tag: {group.tag.label} · {config.title}"
        yield _feed(urls.tag_feed(group.tag.slug), title, urls.tag(group.tag.slug), group.articles, config)
    listed = [(spec.path, spec.modified) for spec in pages if spec.listed]
    yield PageSpec(urls.sitemap(), "sitemap.xml", "Sitemap", {"pages": listed}, listed=False)
    yield PageSpec(urls.robots(), "robots.txt", "robots.txt", {}, listed=False)


def _feed(path: str, title: str, page: str, articles: tuple[Article, ...], config: Config) -> PageSpec:
    entries = articles[: config.feeds.entries]
    # The feed changes when its newest entry does, never with the build time.
    updated = max((a.updated or a.date for a in entries), key=lambda m: m.at, default=None)
    context = {
        "entries": entries,
        "feed_title": title,
        "feed_page": page,
        "feed_updated": dates.iso(updated) if updated else EPOCH,
    }
    return PageSpec(path, "feed.xml", title, context, listed=False)

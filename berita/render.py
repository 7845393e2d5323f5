"""Render stage: the indexed site through Jinja2 into output files held in memory."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)

from . import dates, urls
from .config import Config
from .errors import BuildError, Problem
from .index import Site, paginate
from .output import OutputFile
from .schema import CATEGORIES, EVENT_TYPES, MODES

NAVIGATION = (
    ("Beranda", urls.home()),
    ("Berita", urls.category("berita")),
    ("Pengumuman", urls.category("pengumuman")),
    ("Agenda", urls.agenda()),
    ("Prestasi", urls.category("prestasi")),
    ("Tag", urls.tag_index()),
    ("Arsip", urls.archive()),
)


@dataclass(frozen=True)
class PageSpec:
    """One page to render: where it goes, with which template, and what it shows."""

    path: str
    template: str
    title: str
    context: dict[str, Any]
    origin: str = ""


def make_environment(config: Config) -> Environment:
    """A Jinja2 environment with autoescape, StrictUndefined, and the site's filters."""
    env = Environment(
        loader=FileSystemLoader(config.folder("templates")),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
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
    )
    env.globals.update(
        config=config,
        urls=urls,
        navigation=NAVIGATION,
        categories=CATEGORIES,
        event_types=EVENT_TYPES,
        modes=MODES,
        event_time=dates.span,
    )
    return env


def render_site(site: Site, config: Config) -> list[OutputFile]:
    """Every page of the site as bytes, keyed by its file inside the output folder."""
    env = make_environment(config)
    rendered = []
    for spec in page_specs(site, config):
        try:
            html = env.get_template(spec.template).render(site=site, path=spec.path, title=spec.title, **spec.context)
        except TemplateError as exc:
            raise BuildError([template_problem(exc, spec.template, config)]) from None
        origin = spec.origin or f"{config.folders.templates}/{spec.template}"
        rendered.append(OutputFile(urls.output_file(spec.path), origin, html.encode("utf-8")))
    return rendered


def template_problem(exc: TemplateError, template: str, config: Config) -> Problem:
    """A template mistake as a problem: the template's file and line, and Jinja's reason."""
    if isinstance(exc, TemplateSyntaxError):
        name, line = exc.filename or exc.name or template, exc.lineno
        file = Path(name).resolve().relative_to(config.root).as_posix() if Path(name).is_absolute() else name
        return Problem(file, line, "", f"kesalahan sintaks template: {exc.message}")
    if isinstance(exc, TemplateNotFound):
        return Problem(f"{config.folders.templates}/{template}", None, "", f"template tidak ditemukan: {exc.name}")
    return Problem(
        f"{config.folders.templates}/{template}", _template_line(exc, config), "", f"kesalahan template: {exc}"
    )


def _template_line(exc: BaseException, config: Config) -> int | None:
    # Jinja rewrites tracebacks so template frames carry the template's file and line.
    templates = str(config.folder("templates"))
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.startswith(templates):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def page_specs(site: Site, config: Config) -> Iterator[PageSpec]:
    """Every page of the site, in a fixed order."""
    per_page = config.per_page
    for page in paginate(site.articles, per_page, urls.home):
        yield PageSpec(
            page.path, "list.html", "Beranda", {"page": page, "heading": "Berita Terbaru", "intro": config.description}
        )
    for slug, label in CATEGORIES.items():
        for page in paginate(site.categories[slug], per_page, partial(urls.category, slug)):
            yield PageSpec(page.path, "list.html", label, {"page": page, "heading": label, "intro": ""})
    yield PageSpec(urls.tag_index(), "tags.html", "Semua Tag", {})
    for group in site.tags:
        for page in paginate(group.articles, per_page, partial(urls.tag, group.tag.slug)):
            heading = f"Tag: {group.tag.label}"
            yield PageSpec(
                page.path,
                "list.html",
                heading,
                {"page": page, "heading": heading, "intro": f"{len(group.articles)} artikel"},
            )
    yield PageSpec(urls.archive(), "archive.html", "Arsip", {"year": None, "articles": ()})
    for year, articles in site.years:
        yield PageSpec(urls.archive_year(year), "archive.html", f"Arsip {year}", {"year": year, "articles": articles})
    yield PageSpec(urls.agenda(), "agenda.html", "Agenda Kegiatan", {})
    for article in site.articles:
        context = {"article": article, "related": site.related[article.path]}
        yield PageSpec(article.path, "article.html", article.title, context, origin=article.source)
    yield PageSpec(urls.not_found(), "404.html", "Halaman Tidak Ditemukan", {})

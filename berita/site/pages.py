"""The site's list of pages: every page a reader opens and every file for programs (feeds,
sitemap, robots.txt), each a PageSpec saying where it goes, with which template and what it
shows, in a fixed order. Nothing here renders; render.py does."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from .. import dates, urls
from ..cms.editor import EditorPage, is_wanted
from ..config import Config
from ..frontmatter.moments import Moment
from ..frontmatter.schema import CATEGORIES
from ..model import Article
from . import search
from .index import Site, front_page, paginate
from .newsroom import archive_trail, article_trail, tag_trail

EPOCH = "1970-01-01T00:00:00Z"
NOT_FOUND_LATEST = 5  # the newest articles the 404 page offers


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


def site_pages(site: Site, config: Config) -> list[PageSpec]:
    """Every page and machine file of the site, in a fixed order."""
    specs = list(page_specs(site, config))
    return specs + list(machine_specs(site, config, specs))


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
    # The search index's word table (search.search_files), when the site has one.
    table = "/" + search.TABLE if config.search.enabled and site.articles else ""
    context = {"search_table": table, "search_version": search.VERSION}
    yield PageSpec(urls.search(), "search.html", "Cari Berita", context)
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

"""The preview's partial rebuild: after a save that edited only an article's text, only that
article is read again and only the pages that must show it at once are rendered."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from .. import urls
from ..config import Config
from ..disk import disk_clock_ns, state_of
from ..errors import BuildError
from ..images.media import preview_files
from ..incremental.memo import PageMemo
from ..incremental.workspace import workspace as make_workspace
from ..load.content import KnownFiles, reload_article, remember
from ..model import Article
from ..pipeline import BuildResult, paused_garbage_collector
from ..site.check import anchors_of, fragment_links
from ..site.index import swap_articles
from ..site.pages import PageSpec
from ..site.render import render_pages

# What an edit may change in an article without changing where anything is or what the site
# checks: the rest decides which pages list it, the files it brings, and its links and anchors.
# The search index (search_text, search_words, search_weights) is made by a build only, not the preview.
SHOWN_ONLY = dict.fromkeys(
    (
        "title",
        "summary",
        "authors",
        "packed_html",
        "words",
        "warnings",
        "digest",
        "search_text",
        "search_words",
        "search_weights",
    )
)


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
    started, started_ns = time.perf_counter(), disk_clock_ns(config.cache_folder)
    workspace = make_workspace(config)
    # Not the standalone pages: every page's footer names them, which a whole build re-renders.
    current = {article.source: article for article in site.articles}
    swaps, edits = {}, {}  # the new article by the old one's id(), and by source file
    learned = replace(known, entries=dict(known.entries))  # `known` is left as it is
    for file in edited:
        try:
            state = state_of((config.root / file).stat())
        except OSError:
            return None
        old = current.get(file)
        loaded = reload_article(file, config, known.around, workspace.articles) if old else None
        if old is None or loaded is None or _place(loaded[0]) != _place(old):
            return None
        swaps[id(old)] = edits[file] = loaded[0]
        remember(learned, file, state, loaded, started_ns)
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
        made = render_pages([pages[n] for n in at_once], site, config, workspace.compiled)
        cards = preview_files(list(edits.values()), config, workspace.previews, memo, store=False)
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
    memo = memo.learned(cards)
    result = replace(
        last, files=files, warnings=warnings, timings=timings, site=site, pages=tuple(pages), known=learned, memo=memo
    )
    return Edit(result, tuple(pages[n] for n in sorted(set(showing) - set(at_once))))


def _place(article: Article) -> Article:
    """The article without what only its pages show; links by target (their lines may move)."""
    links = tuple(replace(link, line=0) for link in article.links)
    return replace(article, **SHOWN_ONLY, links=links)

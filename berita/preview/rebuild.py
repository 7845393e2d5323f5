"""The preview's partial rebuild: after a save that edited only an article's text, only that
article is read again and only the pages that must show it at once are rendered."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import datetime

from .. import urls
from ..config import Config
from ..disk import disk_clock_ns, state_of
from ..errors import BuildError
from ..images.media import preview_files
from ..incremental.memo import PageMemo
from ..incremental.workspace import workspace as make_workspace
from ..load.content import KnownFiles, reload_article, remember
from ..model import Article, Content
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
class Layout:
    """Where things are in a whole build's site, which an edit to articles' text leaves as it is
    (rebuild_articles takes no other edit): worked out once, for every edit after that build.
    Worked out on each edit instead, at 10,000 articles, they were a third of the preview's rebuild."""

    articles: dict[str, int]  # by source file, the article's place in the site's articles
    showing: dict[str, tuple[int, ...]]  # by source file, the numbers of the pages that show it
    files: dict[str, tuple[int, ...]]  # by output path, the file's places in the files (an alias may repeat one)
    anchors: dict[str, set[str]]  # the #anchors links point to, by output file (check.fragment_links)


@paused_garbage_collector()  # as the build: a collection now would scan all it made
def layout(result: BuildResult, memo: PageMemo) -> Layout | None:
    """The Layout of a whole build's `result`, its memo knowing what each page shows; None
    without a site (a failed build)."""
    site = result.site
    if site is None:
        return None
    showing: dict[str, list[int]] = {}
    for number, spec in enumerate(result.pages):
        for source in memo.shows.get(spec.path, ()):
            showing.setdefault(source, []).append(number)
    files: dict[str, list[int]] = {}
    for number, file in enumerate(result.files):
        files.setdefault(file.path, []).append(number)
    return Layout(
        # Not the standalone pages (site.pages): every page's footer names them, which a whole build re-renders.
        articles={article.source: number for number, article in enumerate(site.articles)},
        showing={source: tuple(numbers) for source, numbers in showing.items()},
        files={path: tuple(numbers) for path, numbers in files.items()},
        anchors=fragment_links(site.articles, files.keys()),
    )


@dataclass(frozen=True)
class Edit:
    """The site after an edit to articles' text: `result.files` holds every page up to date
    except those in `later`, which show an edited article and still hold their old content
    until they are rendered (render_pages with `result.site`), when a reader asks for them.
    `changed`: the files whose content the edit changed, by path. `same`: every article saved
    is the one shown before (its digest, which covers the source's bytes, is the same): no page
    differs."""

    result: BuildResult
    later: tuple[PageSpec, ...]
    changed: dict[str, Content]
    same: bool = False


@paused_garbage_collector()
def rebuild_articles(
    last: BuildResult,
    config: Config,
    edited: list[str],
    now: datetime,
    memo: PageMemo,
    known: KnownFiles,
    places: Layout,
) -> Edit | None:
    """The site of `last` after the text of the `edited` articles (source files) changed (the
    preview's rebuild after a save). Only the edited articles are read, and only their own
    pages and the pages other articles link into with an #anchor are rendered; the other pages
    that show them are left for later. `places`: the Layout of the whole build `last` comes
    from (itself, or by edits).

    None when the edit reaches further: it changed an article's date, tags, address, links,
    headings or pictures, removed an #anchor that a link needs, the article has problems, or
    the clock has moved the site on. Then a whole build (build_site with `memo` and `known`)
    is needed, and it reports the problems.
    """
    site = last.site
    if site is None or known.around is None or last.holds_until is None or not site.now <= now < last.holds_until:
        return None
    started, started_ns = time.perf_counter(), disk_clock_ns(config.cache_folder)
    workspace = make_workspace(config)
    swaps, edits = {}, {}  # the new article by the old one's id(), and by source file
    same = True
    learned = replace(known, entries=dict(known.entries))  # `known` is left as it is
    for file in edited:
        try:
            state = state_of((config.root / file).stat())
        except OSError:
            return None
        old = site.articles[places.articles[file]] if file in places.articles else None
        loaded = reload_article(file, config, known.around, workspace.articles) if old else None
        if old is None or loaded is None or _place(loaded[0]) != _place(old):
            return None
        swaps[id(old)] = edits[file] = loaded[0]
        same = same and loaded[0].digest == old.digest
        remember(learned, file, state, loaded, started_ns)
    site = swap_articles(site, swaps)
    pages = list(last.pages)
    showing = sorted({number for file in edits for number in places.showing.get(file, ())})
    for number in showing:
        spec = pages[number]
        # An article's own pages (its page and its old addresses) carry its title.
        title = edits[spec.origin].title if spec.origin in edits else spec.title
        pages[number] = replace(spec, title=title, context=swap_articles(spec.context, swaps))
    anchors = places.anchors
    at_once = [n for n in showing if pages[n].origin in edits or urls.output_file(pages[n].path) in anchors]
    try:
        made = render_pages([pages[n] for n in at_once], site, config, workspace.compiled)
        cards = preview_files(list(edits.values()), config, workspace.previews, memo, store=False)
    except BuildError:
        return None
    changed: dict[str, Content] = {card.path: card.content for card in cards}
    for number, page in zip(at_once, made, strict=True):
        file = urls.output_file(pages[number].path)
        if not anchors.get(file, set()) <= anchors_of(page):
            return None  # a link's #anchor is gone: the whole check says which
        changed[file] = page
    files = list(last.files)
    for path, content in changed.items():
        for number in places.files.get(path, ()):
            files[number] = replace(files[number], content=content)
    warnings = tuple(w for w in last.warnings if w.file not in edits)
    warnings += tuple(w for article in edits.values() for w in article.warnings)
    timings = {"sunting": time.perf_counter() - started}
    memo = memo.learned(cards)
    result = replace(
        last,
        files=tuple(files),
        warnings=warnings,
        timings=timings,
        site=site,
        pages=tuple(pages),
        known=learned,
        memo=memo,
    )
    return Edit(result, tuple(pages[n] for n in sorted(set(showing) - set(at_once))), changed, same)


def _place(article: Article) -> Article:
    """The article without what only its pages show; links by target (their lines may move)."""
    links = tuple(replace(link, line=0) for link in article.links)
    return replace(article, **SHOWN_ONLY, links=links)

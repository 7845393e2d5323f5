"""Index stage: published articles arranged into everything a page lists. Pure functions."""

from __future__ import annotations

import dataclasses
import hashlib
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain, islice
from typing import Any

from ..frontmatter.schema import CATEGORIES
from ..model import Article, Tag, event_day

RELATED_COUNT = 3
SECTION_SIZE = 3  # articles under each category's heading on the home page


@dataclass(frozen=True)
class Page:
    """One page of a paginated list."""

    number: int
    total: int
    items: tuple[Article, ...]
    path: str
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class TagGroup:
    tag: Tag
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Site:
    """Everything the render stage needs, derived from the published articles."""

    articles: tuple[Article, ...]
    tags: tuple[TagGroup, ...]
    categories: dict[str, tuple[Article, ...]]
    years: tuple[tuple[int, tuple[Article, ...]], ...]
    upcoming: tuple[Article, ...]
    past: tuple[Article, ...]
    related: dict[str, tuple[Article, ...]]
    now: datetime
    # Standalone pages (Redaksi, Kontak), by title, and the footer's links to them (title, path):
    # in no list above; the footer reads only the links, so a page's text is not in every page.
    pages: tuple[Article, ...] = ()
    page_links: tuple[tuple[str, str], ...] = ()
    # The key of the question `related` answers (see related_memo).
    related_key: str = ""


@dataclass(frozen=True)
class FrontPage:
    """The home page's first page: a lead, the rest of the newest, and a section per category
    with its newest articles not shown above."""

    lead: Article | None
    latest: tuple[Article, ...]
    sections: tuple[tuple[str, tuple[Article, ...]], ...]


def front_page(site: Site, per_page: int) -> FrontPage:
    """The lead is the newest article marked `featured` among the newest `per_page` (the first
    page of the home page), else the newest: a featured article leads while it is fresh, and
    a forgotten mark does not keep an old story on top."""
    first = site.articles[:per_page]
    lead = next((a for a in first if a.featured), first[0] if first else None)
    shown = {a.path for a in first}
    sections = []
    for slug in CATEGORIES:
        if slug == "agenda":  # the home page shows the upcoming events on their own
            continue
        items = tuple(islice((a for a in site.categories[slug] if a.path not in shown), SECTION_SIZE))
        if items:
            sections.append((slug, items))
    return FrontPage(lead, tuple(a for a in first if a is not lead), tuple(sections))


def newest_first(articles: Sequence[Article]) -> tuple[Article, ...]:
    return tuple(sorted(articles, key=lambda a: (a.date.at, a.slug), reverse=True))


def paginate(items: Sequence[Article], per_page: int, path_of: Callable[[int], str]) -> tuple[Page, ...]:
    """Split a list into pages; an empty list still has one (empty) page."""
    total = max(1, -(-len(items) // per_page))
    pages = []
    for number in range(1, total + 1):
        chunk = tuple(items[(number - 1) * per_page : number * per_page])
        previous = path_of(number - 1) if number > 1 else None
        following = path_of(number + 1) if number < total else None
        pages.append(Page(number, total, chunk, path_of(number), previous, following))
    return tuple(pages)


def group_tags(articles: Sequence[Article]) -> tuple[TagGroup, ...]:
    """One group per tag slug, labelled with its most used spelling, sorted by label."""
    by_slug: dict[str, list[Article]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        for tag in article.tags:
            by_slug[tag.slug].append(article)
            spellings[tag.slug][tag.label] += 1
    groups = []
    for slug, members in by_slug.items():
        label = sorted(spellings[slug].items(), key=lambda item: (-item[1], item[0]))[0][0]
        groups.append(TagGroup(Tag(slug, label), newest_first(members)))
    return tuple(sorted(groups, key=lambda g: (g.tag.label.casefold(), g.tag.slug)))


# related_map's answer (each article's related paths, by its path) under a key of its question.
RelatedMemo = dict[str, dict[str, tuple[str, ...]]]


def related_articles(article: Article, articles: Sequence[Article], count: int = RELATED_COUNT) -> tuple[Article, ...]:
    """Other articles sharing the most tags with this one; among equals, those sharing a rarer tag
    (kuliah tamu before mahasiswa), then the newest. Places no shared tag fills go to the newest
    articles of the same category."""
    others = [other for other in articles if other.path != article.path]
    return related_map([article, *others], count)[article.path]


def related_map(
    articles: Sequence[Article], count: int = RELATED_COUNT, memo: RelatedMemo | None = None
) -> dict[str, tuple[Article, ...]]:
    """`related_articles` for every article at once, without comparing every pair.

    Only the articles' addresses, tags, categories and order matter: with a `memo` of the last build's
    answer (the preview's, or kept in the cache; see related_memo), a build where those did not
    change does not work it out again, which at 10,000 articles takes a third of a second.
    """
    ordered = newest_first(articles)
    shape = _shape(ordered)
    return _related(ordered, shape, _shape_key(shape, count), count, memo)


def _related(
    ordered: Sequence[Article], shape: Shape, key: str, count: int, memo: RelatedMemo | None
) -> dict[str, tuple[Article, ...]]:
    """related_map's answer for `ordered` (newest first), of `shape` and its `key`."""
    by_path = {a.path: a for a in ordered}
    chosen = (memo or {}).get(key) or _related_paths(shape, count)
    return {path: tuple(by_path[p] for p in paths) for path, paths in chosen.items()}


def related_memo(site: Site) -> RelatedMemo:
    """The answer `site.related` gives, under the key of its question: what the next build hands
    related_map as its memo (only the last answer is worth keeping)."""
    answer = {path: tuple(a.path for a in related) for path, related in site.related.items()}
    return {site.related_key: answer}


Shape = tuple[tuple[str, frozenset[str], str], ...]  # (path, tag slugs, category), newest first


def _shape(ordered: Sequence[Article]) -> Shape:
    return tuple((a.path, frozenset(t.slug for t in a.tags), a.category) for a in ordered)


def _shape_key(shape: Shape, count: int) -> str:
    digest = hashlib.sha256(f"{RELATED_RULE}{count}".encode())
    for path, slugs, category in shape:
        digest.update(f"{path}\t{category}\t{' '.join(sorted(slugs))}\n".encode())
    return digest.hexdigest()


# Names the ranking: a memo kept from a build that ranked otherwise is not reused.
RELATED_RULE = "shared, rarest, newest; then the category's newest"


def _related_paths(shape: Shape, count: int) -> dict[str, tuple[str, ...]]:
    """The related articles' paths, from each article's path and tags, newest first.

    Articles sharing two or more tags are found from each tag's articles as the bits of one
    integer (bit n: the n-th newest article), where what two tags share is a single `&`; the
    rest of the list comes from the newest articles of each tag, which are at the front of its
    list, the rarest tag's first (sharing "kuliah tamu" says more than sharing "mahasiswa");
    what is left, from the newest of the category. Articles are known here by that number.
    """
    members: dict[str, list[int]] = defaultdict(list)
    in_category: dict[str, list[int]] = defaultdict(list)
    for number, (_, slugs, category) in enumerate(shape):
        in_category[category].append(number)
        for slug in slugs:
            members[slug].append(number)
    bits = {slug: _bits(numbers, len(shape)) for slug, numbers in members.items()}
    size = {slug: len(numbers) for slug, numbers in members.items()}
    related = {}
    for number, (path, own, category) in enumerate(shape):
        mine = sorted(own)
        # in_tags[j]: the articles in j + 1 or more of its tags, counted without comparing every pair.
        in_tags = [0] * len(mine)
        for slug in mine:
            for j in range(len(mine) - 1, 0, -1):
                in_tags[j] |= in_tags[j - 1] & bits[slug]
            in_tags[0] |= bits[slug]
        in_tags = [found & ~(1 << number) for found in in_tags]
        # Its tags by how many articles have them, the rarest first, those of one size together.
        by_size: dict[int, int] = {}
        for slug in sorted(mine, key=size.__getitem__):
            by_size[size[slug]] = by_size.get(size[slug], 0) | bits[slug]
        chosen: list[int] = []
        # Those sharing the most tags first, two at least; among equals, the one sharing the
        # rarest tag, then the newest (the lowest bits of each group of sizes).
        for j in range(len(mine) - 1, 0, -1):
            exactly = in_tags[j] & ~(in_tags[j + 1] if j + 1 < len(mine) else 0)
            for mask in by_size.values():
                if len(chosen) >= count or not exactly:
                    break
                chosen += _numbers(exactly & mask, count - len(chosen))
                exactly &= ~mask
        if len(chosen) < count:
            several = in_tags[1] if len(mine) > 1 else 0
            reach = count + several.bit_count() + 1
            rarity = {n: size[slug] for slug in mine for n in members[slug][:reach]}
            singles = [n for n in rarity if not several >> n & 1 and n != number]
            chosen += sorted(singles, key=lambda n: (rarity[n], n))[: count - len(chosen)]
        if len(chosen) < count:
            taken = {number, *chosen}
            chosen += [n for n in in_category[category][: count + len(taken)] if n not in taken][: count - len(chosen)]
        related[path] = tuple(shape[n][0] for n in chosen)
    return related


def _bits(numbers: list[int], total: int) -> int:
    """`numbers` (each below `total`) as the bits of one integer."""
    found = bytearray((total + 7) // 8)
    for number in numbers:
        found[number >> 3] |= 1 << (number & 7)
    return int.from_bytes(found, "little")


def _numbers(bits: int, most: int) -> list[int]:
    """The lowest `most` bits set in `bits`, lowest first."""
    found: list[int] = []
    while bits and len(found) < most:
        lowest = bits & -bits
        found.append(lowest.bit_length() - 1)
        bits ^= lowest
    return found


def index_site(articles: Sequence[Article], now: datetime, related: RelatedMemo | None = None) -> Site:
    """Arrange published articles for the render stage (`related`: see related_map); standalone
    pages are set apart, in no list."""
    pages = tuple(sorted((a for a in articles if a.standalone), key=lambda a: (a.title.casefold(), a.slug)))
    ordered = newest_first([a for a in articles if not a.standalone])
    years: dict[int, list[Article]] = defaultdict(list)
    for article in ordered:
        years[article.date.at.year].append(article)
    events = [a for a in ordered if a.event]
    today = now.date()
    upcoming = sorted((a for a in events if event_day(a) >= today), key=lambda a: (a.event.start.at, a.slug))
    past = sorted((a for a in events if event_day(a) < today), key=lambda a: (a.event.start.at, a.slug), reverse=True)
    shape = _shape(ordered)
    key = _shape_key(shape, RELATED_COUNT)  # hashed once: the memo to keep is filed under it too
    return Site(
        articles=ordered,
        tags=group_tags(ordered),
        categories={slug: tuple(a for a in ordered if a.category == slug) for slug in CATEGORIES},
        years=tuple((year, tuple(items)) for year, items in sorted(years.items(), reverse=True)),
        upcoming=tuple(upcoming),
        past=tuple(past),
        related=_related(ordered, shape, key, RELATED_COUNT, memo=related),
        now=now,
        pages=pages,
        page_links=tuple((page.title, page.path) for page in pages),
        related_key=key,
    )


def swap_articles(value: Any, swaps: dict[int, Article]) -> Any:
    """`value` (the site, a page's context) with each article whose id() is in `swaps` replaced
    by the article given there. What holds none of them is given back as it is, not copied
    (the old and the new site then share it; nothing changes a site once indexed): the preview
    swaps one edited article in a site of ten thousand, whose related articles alone are ten
    thousand tuples (copying them all was half of its rebuild)."""
    kind = type(value)
    if kind is Article:
        return swaps.get(id(value), value)
    if kind is tuple or kind is list:
        if _untouched(value, swaps):
            return value
        items = [swaps.get(id(i), i) if type(i) is Article else swap_articles(i, swaps) for i in value]
        return value if all(map(operator.is_, items, value)) else kind(items)
    if kind is dict:
        values = value.values()
        if set(map(type, values)) <= {tuple} and set(map(type, chain.from_iterable(values))) <= _FLAT:
            # Ten thousand short tuples of articles (the related articles): the few that hold
            # a swapped one are found with one look each, without a call, and only they are copied.
            keys = swaps.keys()
            found = {
                key: tuple([swaps.get(id(i), i) for i in item])
                for key, item in value.items()
                if not keys.isdisjoint(map(id, item))
            }
            return {**value, **found} if found else value
        found = {key: swap_articles(item, swaps) for key, item in value.items()}
        return value if all(map(operator.is_, found.values(), values)) else found
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [f.name for f in dataclasses.fields(value) if f.init]
        changes = {name: swap_articles(getattr(value, name), swaps) for name in fields}
        if all(changes[name] is getattr(value, name) for name in fields):
            return value
        return dataclasses.replace(value, **changes)
    return value


# What holds no article inside it: a list of only these needs no look at each item's fields.
_FLAT = {Article, str, int, float, bool, type(None)}


def _untouched(items: tuple[Any, ...] | list[Any], swaps: dict[int, Article]) -> bool:
    """Whether `items` are articles and plain values none of which is swapped: looked at
    without a Python call per item, as lists of thousands of articles are common."""
    return set(map(type, items)) <= _FLAT and swaps.keys().isdisjoint(map(id, items))

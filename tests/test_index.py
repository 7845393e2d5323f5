"""index: pure functions that arrange published articles for the render stage."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from sites import NOW, WIB, make_article

from berita import urls
from berita.config import load_config
from berita.frontmatter.event import Event
from berita.load.content import load_articles
from berita.model import Article, Tag
from berita.site.index import group_tags, index_site, newest_first, paginate, related_articles, swap_articles


def event(start: datetime, end: datetime | None = None) -> Event:
    data: dict[str, Any] = {"start": start, "mode": "luring"}
    if end is not None:
        data["end"] = end
    return Event.model_validate(data, context={"zone": WIB})


def day(n: int) -> datetime:
    return datetime(2021, 1, 1, 9, 0, tzinfo=WIB) + timedelta(days=n)


# --- paginate --------------------------------------------------------------------------------


def test_paginate_exactly_per_page_items():
    items = [make_article(f"a{i}", day(i)) for i in range(25)]
    pages = paginate(items, 10, urls.home)
    assert [len(p.items) for p in pages] == [10, 10, 5]
    assert [p.number for p in pages] == [1, 2, 3]
    assert all(p.total == 3 for p in pages)
    assert [a for p in pages for a in p.items] == items  # order kept, nothing lost or repeated


def test_paginate_exact_multiple_has_no_empty_last_page():
    pages = paginate([make_article(f"a{i}", day(i)) for i in range(20)], 10, urls.home)
    assert len(pages) == 2
    assert len(pages[-1].items) == 10


def test_paginate_paths_previous_and_next():
    pages = paginate([make_article(f"a{i}", day(i)) for i in range(21)], 10, lambda n: urls.tag("beasiswa", n))
    assert [p.path for p in pages] == ["/tag/beasiswa/", "/tag/beasiswa/page/2/", "/tag/beasiswa/page/3/"]
    assert [p.previous for p in pages] == [None, "/tag/beasiswa/", "/tag/beasiswa/page/2/"]
    assert [p.next for p in pages] == ["/tag/beasiswa/page/2/", "/tag/beasiswa/page/3/", None]


def test_paginate_empty_list_has_one_empty_page():
    [page] = paginate([], 10, urls.home)
    assert page.items == ()
    assert page.number == 1
    assert page.total == 1
    assert page.path == "/"
    assert page.previous is None
    assert page.next is None


def test_paginate_one_page():
    [page] = paginate([make_article("a", day(0))], 10, urls.home)
    assert page.previous is None and page.next is None


# --- tags ------------------------------------------------------------------------------------


def test_group_tags_label_is_the_most_used_spelling():
    articles = [
        make_article("a", day(1), ("beasiswa",)),
        make_article("b", day(2), ("Beasiswa",)),
        make_article("c", day(3), ("Beasiswa",)),
    ]
    [group] = group_tags(articles)
    assert group.tag == Tag("beasiswa", "Beasiswa")
    assert group.articles == (articles[2], articles[1], articles[0])  # newest first


def test_group_tags_label_tie_is_stable_regardless_of_order():
    a = make_article("a", day(1), ("wisuda",))
    b = make_article("b", day(2), ("Wisuda",))
    assert group_tags([a, b])[0].tag.label == group_tags([b, a])[0].tag.label


def test_group_tags_sorted_by_label_case_insensitively():
    articles = [
        make_article("a", day(1), ("wisuda", "Beasiswa")),
        make_article("b", day(2), ("kuliah tamu", "agenda kampus")),
        make_article("c", day(3), ("Zakat",)),
    ]
    labels = [g.tag.label for g in group_tags(articles)]
    assert labels == ["agenda kampus", "Beasiswa", "kuliah tamu", "wisuda", "Zakat"]
    slugs = [g.tag.slug for g in group_tags(articles)]
    assert slugs == ["agenda-kampus", "beasiswa", "kuliah-tamu", "wisuda", "zakat"]


def test_group_tags_no_articles():
    assert group_tags([]) == ()


# --- related -------------------------------------------------------------------------------


def test_related_articles_ranked_by_shared_tags_and_exclude_self():
    me = make_article("me", day(10), ("a", "b", "c"))
    two = make_article("two", day(1), ("a", "b"))
    one_new = make_article("one-new", day(9), ("c",))
    one_old = make_article("one-old", day(2), ("a",))
    none = make_article("none", day(11), ("z",))
    found = related_articles(me, [me, two, one_new, one_old, none])
    assert found == (two, one_new, one_old)
    assert me not in found
    assert none not in found


def test_related_articles_count_and_no_tags():
    me = make_article("me", day(10), ("a",))
    others = [make_article(f"o{i}", day(i), ("a",)) for i in range(5)]
    assert len(related_articles(me, [me, *others])) == 3
    assert len(related_articles(me, [me, *others], count=2)) == 2
    # Without a shared tag, the newest of the same category; none of another category.
    bare = make_article("bare", day(3))
    assert [a.slug for a in related_articles(bare, [me, *others])] == ["me", "o4", "o3"]
    notice = make_article("pengumuman", day(3), category="pengumuman")
    assert related_articles(notice, [me, *others]) == ()


def test_related_articles_by_tags_first_then_by_category():
    me = make_article("me", day(10), ("wisuda",))
    tagged = make_article("tagged", day(1), ("wisuda",), category="prestasi")
    newer = [make_article(f"n{i}", day(20 + i)) for i in range(3)]
    assert [a.slug for a in related_articles(me, [me, tagged, *newer])] == ["tagged", "n2", "n1"]


def test_related_articles_prefer_a_rare_shared_tag_to_a_common_one():
    me = make_article("me", day(10), ("mahasiswa", "kuliah tamu"))
    common = [make_article(f"umum-{i}", day(9 - i), ("mahasiswa",)) for i in range(4)]
    rare = make_article("kuliah-lama", day(1), ("kuliah tamu",))
    assert related_articles(me, [me, *common, rare]) == (rare, common[0], common[1])


def test_related_articles_match_tags_by_slug_not_spelling():
    me = make_article("me", day(10), ("Kuliah Tamu",))
    other = make_article("other", day(1), ("kuliah tamu",))
    assert related_articles(me, [me, other]) == (other,)


# --- index_site ------------------------------------------------------------------------------


def test_newest_first():
    a, b, c = make_article("a", day(1)), make_article("b", day(3)), make_article("c", day(2))
    assert newest_first([a, b, c]) == (b, c, a)


def test_index_site_upcoming_and_past_relative_to_now():
    now = datetime(2026, 11, 27, 12, 0, tzinfo=WIB)
    past_long = make_article("lampau-jauh", day(0), agenda=event(datetime(2026, 1, 10, 9, 0)))
    past_recent = make_article(
        "lampau", day(1), agenda=event(datetime(2026, 11, 26, 9, 0), datetime(2026, 11, 26, 12, 0))
    )
    earlier_today = make_article(
        "tadi-pagi", day(2), agenda=event(datetime(2026, 11, 27, 8, 0), datetime(2026, 11, 27, 10, 0))
    )
    ongoing = make_article(
        "berlangsung", day(3), agenda=event(datetime(2026, 11, 25, 9, 0), datetime(2026, 11, 28, 9, 0))
    )
    soon = make_article("segera", day(4), agenda=event(datetime(2026, 11, 30, 9, 0)))
    later = make_article("nanti", day(5), agenda=event(datetime(2027, 2, 1, 9, 0)))
    plain = make_article("berita-biasa", day(6))
    site = index_site([later, past_recent, plain, soon, past_long, ongoing, earlier_today], now)
    # upcoming: soonest start first; an event still running (or on today's date) is upcoming
    assert [a.slug for a in site.upcoming] == ["berlangsung", "tadi-pagi", "segera", "nanti"]
    # past: most recent first
    assert [a.slug for a in site.past] == ["lampau", "lampau-jauh"]
    assert plain not in site.upcoming + site.past
    assert site.now == now


def test_index_site_orders_and_groups(tmp_path):
    a = make_article("a", datetime(2021, 4, 21, 9, 0, tzinfo=WIB), ("beasiswa",), category="pengumuman")
    b = make_article("b", datetime(2022, 1, 2, 9, 0, tzinfo=WIB), ("beasiswa", "wisuda"))
    c = make_article("c", datetime(2021, 12, 31, 23, 0, tzinfo=WIB), ("wisuda",), category="prestasi")
    site = index_site([a, b, c], NOW)
    assert site.articles == (b, c, a)
    assert [(year, items) for year, items in site.years] == [(2022, (b,)), (2021, (c, a))]
    assert site.categories == {"berita": (b,), "pengumuman": (a,), "agenda": (), "prestasi": (c,)}
    assert [(g.tag.slug, g.articles) for g in site.tags] == [("beasiswa", (b, a)), ("wisuda", (b, c))]
    assert site.related[a.path] == (b,)
    assert site.related[b.path] == (c, a)


def test_index_site_from_a_tiny_site(tiny_site):
    site_dir = tiny_site()
    site_dir.article("content/2021/lama.md", date="2021-04-21", tags="beasiswa, Wisuda")
    site_dir.article("content/2026/baru.md", date="2026-11-01", tags="Beasiswa")
    site_dir.write(
        "content/2026/seminar.md",
        """\
        ---
        title: Seminar Nasional
        date: 2026-11-20
        category: agenda
        event:
          start: 2026-12-03 09:00
          end: 2026-12-03 12:00
          mode: luring
          venue: Aula
        ---
        Isi.
        """,
    )
    site_dir.write(
        "content/2026/kuliah.md",
        """\
        ---
        title: Kuliah Tamu
        date: 2026-10-01
        category: agenda
        event:
          start: 2026-10-15
          mode: daring
        ---
        Isi.
        """,
    )
    articles = load_articles(load_config(site_dir.root / "config.toml"))
    site = index_site(articles, NOW)
    assert [a.slug for a in site.articles] == ["seminar", "baru", "kuliah", "lama"]
    assert [a.slug for a in site.upcoming] == ["seminar"]
    assert [a.slug for a in site.past] == ["kuliah"]
    assert [a.slug for a in site.categories["agenda"]] == ["seminar", "kuliah"]
    beasiswa = next(g for g in site.tags if g.tag.slug == "beasiswa")
    assert [a.slug for a in beasiswa.articles] == ["baru", "lama"]
    assert [a.slug for a in site.related["/2026/11/baru/"]] == ["lama"]


@pytest.mark.parametrize("per_page", [1, 3, 10])
def test_paginate_covers_every_item_once(per_page):
    items = [make_article(f"a{i}", day(i)) for i in range(7)]
    pages = paginate(items, per_page, urls.home)
    assert all(len(p.items) <= per_page for p in pages)
    assert [a for p in pages for a in p.items] == items


def brute_force_related(article: Article, articles: list[Article], count: int = 3) -> tuple[Article, ...]:
    """The definition: every other article sharing tags, by how many it shares, then by its
    rarest shared tag (the fewest articles), then newest first; then the newest of its category."""
    mine = {t.slug for t in article.tags}
    size = {slug: sum(slug in {t.slug for t in a.tags} for a in articles) for slug in mine}
    scored = []
    for other in articles:
        shared = mine & {t.slug for t in other.tags}
        if other.path != article.path and shared:
            scored.append(((-len(shared), min(size[s] for s in shared)), other))
    scored.sort(key=lambda item: (item[1].date.at, item[1].slug), reverse=True)  # newest first among equals
    scored.sort(key=lambda item: item[0])  # stable: keeps that order
    chosen = [o for _, o in scored[:count]]
    same = sorted(
        (o for o in articles if o.category == article.category and o.path != article.path and o not in chosen),
        key=lambda o: (o.date.at, o.slug),
        reverse=True,
    )
    return tuple([*chosen, *same][:count])


@pytest.mark.parametrize(
    ("seed", "tags", "most"),
    # A few tags each from many; and many each from a few, where most articles share several
    # tags with most others, and tags are often held by as many articles as another.
    [(7, 12, 4), (11, 6, 6)],
)
def test_related_map_equals_the_definition_on_a_random_site(seed: int, tags: int, most: int):
    import random

    chance = random.Random(seed)
    pool = [f"t{i}" for i in range(tags)]
    articles = [
        make_article(
            f"a{i}",
            day(chance.randrange(40)),
            tuple(chance.sample(pool, chance.randrange(0, most + 1))),
            chance.choice(("berita", "berita", "pengumuman", "prestasi")),
        )
        for i in range(300)
    ]
    from berita.site.index import related_map

    for count in (1, 3, 5):
        fast = related_map(articles, count)
        for article in articles:
            assert fast[article.path] == brute_force_related(article, articles, count), (article.slug, count)


def test_related_map_reuses_its_memo_only_while_paths_and_tags_are_the_same(monkeypatch):
    from berita.site import index

    articles = [make_article(f"a{i}", day(i), (f"t{i % 3}", f"t{i % 5}")) for i in range(30)]
    worked: list[int] = []
    original = index._related_paths
    monkeypatch.setattr(index, "_related_paths", lambda *a: worked.append(1) or original(*a))
    site = index.index_site(articles, NOW)
    memo = index.related_memo(site)
    assert len(memo) == 1, "only the last answer is kept"
    retitled = [replace(a, title="Judul Baru") for a in articles]  # text only: the same question
    again = index.index_site(retitled, NOW, memo)
    assert again.related == {p: tuple(retitled[articles.index(a)] for a in r) for p, r in site.related.items()}
    assert worked == [1]
    assert memo == index.related_memo(site), "the memo handed in is left as it was"
    retagged = [replace(articles[0], tags=(Tag("t4", "t4"),)), *articles[1:]]
    assert index.related_map(retagged, memo=memo) == index.related_map(retagged)
    assert worked == [1, 1, 1]


# --- swap_articles ---------------------------------------------------------------------------


def test_swap_articles_copies_only_what_holds_a_swapped_article():
    articles = [make_article(f"a{i}", day(i), tags=("seminar",) if i % 2 else ("wisuda",)) for i in range(9)]
    site = index_site(articles, day(30))
    edited = site.articles[4]
    new = replace(edited, title="Judul yang Disunting")
    swapped = swap_articles(site, {id(edited): new})
    # Everywhere the edited article was, the new one is; nothing else changed.
    assert swapped.articles[4] is new and swapped.articles[:4] == site.articles[:4]
    holding = [path for path, items in site.related.items() if edited in items]
    assert holding, "the site must list the edited article among others' related articles"
    for path, items in site.related.items():
        expected = tuple(new if item is edited else item for item in items)
        assert swapped.related[path] == expected
        # Untouched lists are the very same objects: the preview swaps in a site of thousands.
        assert (swapped.related[path] is items) == (path not in holding)
    assert [tuple(g.articles) for g in swapped.tags] == [
        tuple(new if a is edited else a for a in g.articles) for g in site.tags
    ]
    for old_group, new_group in zip(site.tags, swapped.tags, strict=True):
        assert (new_group is old_group) == (edited not in old_group.articles)
    for slug, items in site.categories.items():
        assert (swapped.categories[slug] is items) == (edited not in items)
    assert site.articles[4] is edited, "the old site is left as it was"
    # Nothing to swap: the same site, not a copy.
    assert swap_articles(site, {}) is site
    assert swap_articles(site, {id(make_article("lain", day(1))): new}) is site


def test_swap_articles_reaches_articles_inside_nested_values():
    article = make_article("a", day(1))
    new = replace(article, title="Baru")
    value = {"years": ((2021, (article,)),), "pair": [("x", article)], "n": 3}
    assert swap_articles(value, {id(article): new}) == {"years": ((2021, (new,)),), "pair": [("x", new)], "n": 3}
    # A dict of tuples whose items are tuples again: not taken for a flat list of articles.
    assert swap_articles({"a": ((article,),), "b": ("x",)}, {id(article): new}) == {"a": ((new,),), "b": ("x",)}

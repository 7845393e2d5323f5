"""What makes the site read like a newsroom's: the home page's lead, standalone pages, the lede
before the event box, events marked over, the 404 page, breadcrumbs' trail."""

from __future__ import annotations

import json

import pytest
from PIL import Image
from searching import read_index
from sites import TinySite

from berita.site.newsroom import split_lede

# --- the lede --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "lede"),
    [
        ("<p>Satu.</p>\n<p>Dua.</p>\n<p>Tiga.</p>", "<p>Satu.</p>\n<p>Dua.</p>\n"),
        ("<p>Satu.</p>\n<h2>Judul</h2>\n<p>Dua.</p>", "<p>Satu.</p>\n"),
        ("<p>Hanya satu paragraf.</p>", "<p>Hanya satu paragraf.</p>"),
        (
            '<p class="lead">Satu <a href="/x/">tautan</a>.</p>\n<p>Dua.</p>\n',
            '<p class="lead">Satu <a href="/x/">tautan</a>.</p>\n<p>Dua.</p>\n',
        ),
        ("<h2>Judul dulu</h2>\n<p>Satu.</p>", ""),
        ("<ul>\n<li>daftar</li>\n</ul>\n<p>Satu.</p>", ""),
        ("<div><p>Satu.</p>\n<p>Dua.</p></div>", ""),  # the author's own HTML is never cut
        ("<p><picture><img src=a.jpg alt=x></picture></p>\n<p>Satu.</p>\n<p>Dua.</p>", None),
    ],
)
def test_the_lede_is_the_first_paragraphs_that_open_the_body(html: str, lede: str | None) -> None:
    first, rest = split_lede(html)
    assert first + rest == html
    if lede is not None:
        assert first == lede
    else:
        assert first.count("</p>") == 2


# --- a tiny newsroom -------------------------------------------------------------------------

EVENT = """\
---
title: {title}
date: {date}
category: {category}
tags: [kuliah tamu]
event:
  start: {start}
  mode: daring
  platform: Zoom Meeting
  type: kuliah_tamu
---
Paragraf pembuka kegiatan.

Paragraf kedua kegiatan.

Paragraf ketiga, setelah kotak info kegiatan.
"""

PAGE = """\
---
title: {title}
summary: {summary}
---
Isi halaman {title}.
"""


@pytest.fixture
def newsroom(tiny_site) -> TinySite:
    site = tiny_site(per_page=3)
    site.article("content/2026/lama.md", title="Berita Lama Pilihan", date="2026-01-05", tags="wisuda")
    site.article("content/2026/pilihan.md", title="Berita Pilihan", date="2026-11-01", tags="wisuda")
    text = (site.root / "content/2026/pilihan.md").read_text(encoding="utf-8")
    site.write("content/2026/pilihan.md", text.replace("tags:", "featured: true\ntags:"))
    old = (site.root / "content/2026/lama.md").read_text(encoding="utf-8")
    site.write("content/2026/lama.md", old.replace("tags:", "featured: true\ntags:"))
    site.article("content/2026/terbaru.md", title="Berita Terbaru Sekali", date="2026-11-20", tags="wisuda")
    site.write(
        "content/2026/kuliah-lalu.md",
        EVENT.format(title="Kuliah Tamu Maret", date="2026-03-01", category="agenda", start="2026-03-12T09:00"),
    )
    site.write(
        "content/2026/laporan.md",
        EVENT.format(title="Laporan Kuliah Tamu", date="2026-03-12T15:00", category="berita", start="2026-03-12T09:00"),
    )
    site.write(
        "content/2026/kuliah-nanti.md",
        EVENT.format(title="Kuliah Tamu Desember", date="2026-11-10", category="agenda", start="2026-12-03T09:00"),
    )
    for slug, title in (("redaksi", "Redaksi"), ("kontak", "Kontak"), ("tentang", "Tentang Kami")):
        site.write(f"content/halaman/{slug}.md", PAGE.format(title=title, summary=f"Halaman {title}."))
    assert site.build() == 0
    return site


def titles(page, selector: str) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(f"{selector} .card-title a")]


def test_the_lead_is_the_newest_featured_article_of_the_first_page(newsroom: TinySite) -> None:
    home = newsroom.page("index.html")
    assert titles(home, ".front-lead") == ["Berita Pilihan"]
    # The newest come next, without the lead; an old featured article leads no more.
    assert titles(home, ".front-latest") == ["Berita Terbaru Sekali", "Kuliah Tamu Desember"]
    assert "Berita Lama Pilihan" not in titles(home, ".front-top")


def test_without_a_featured_article_the_newest_leads(tiny_site) -> None:
    site = tiny_site()
    site.article("content/2026/a.md", title="Berita Kemarin", date="2026-11-25")
    site.article("content/2026/b.md", title="Berita Hari Ini", date="2026-11-26")
    assert site.build() == 0
    assert titles(site.page("index.html"), ".front-lead") == ["Berita Hari Ini"]


def test_the_home_page_shows_coming_events_with_their_date_first_and_sections(newsroom: TinySite) -> None:
    home = newsroom.page("index.html")
    [event] = home.select(".front-agenda article.card")
    first = event.find(True)
    assert first.name == "time" and "date-block" in first["class"]
    assert first["datetime"] == "2026-12-03T09:00:00+07:00"
    assert first.get_text(" ", strip=True) == "3 Des 2026"
    # Sections by category hold what the stream above does not show.
    shown = set(titles(home, ".front-top")) | set(titles(home, ".front-more"))
    below = titles(home, ".front-sections")
    assert below and not shown & set(below)
    assert home.select_one('.pagination a[rel="next"]')["href"] == "/page/2/"


def test_an_agenda_item_whose_event_is_over_is_marked_selesai(newsroom: TinySite) -> None:
    cards = {
        card.select_one(".card-title").get_text(strip=True): card
        for card in newsroom.page("kategori/agenda/index.html").select("article.card")
    }
    assert cards["Kuliah Tamu Maret"].select_one(".badge").get_text() == "Selesai"
    assert cards["Kuliah Tamu Desember"].select_one(".badge") is None
    # A report of an event is news, not a notice: it is not marked.
    report = newsroom.page("kategori/berita/index.html").select("article.card")
    assert not [card for card in report if card.select_one(".badge")]
    agenda = newsroom.page("agenda/index.html")
    for card in agenda.select("article.card"):
        assert card.find(True).name == "time", "the event's date first"
    past = agenda.select("#telah-berlangsung ~ .cards article.card")
    assert past and all(card.select_one(".badge").get_text() == "Selesai" for card in past)


def test_an_article_with_an_event_puts_its_lede_before_the_event_box(newsroom: TinySite) -> None:
    page = newsroom.page("2026/11/kuliah-nanti/index.html")
    line = page.select_one(".event-line")
    assert "Kuliah Tamu" in line.get_text() and "Daring" in line.get_text()
    order = [
        "event-box" if element.name == "aside" else element["class"][-1]
        for element in page.select("article.article > div.article-body, article.article > aside.event-box")
    ]
    assert order == ["article-lede", "event-box", "article-rest"]
    assert page.select_one(".article-lede").get_text(" ", strip=True).startswith("Paragraf pembuka")
    assert page.select_one(".article-rest").get_text(strip=True) == "Paragraf ketiga, setelah kotak info kegiatan."


def test_standalone_pages_are_linked_from_every_footer_and_in_no_list(newsroom: TinySite) -> None:
    page = newsroom.page("redaksi/index.html")
    assert page.h1.get_text() == "Redaksi"
    assert page.select_one('meta[name="description"]')["content"] == "Halaman Redaksi."
    assert page.select_one("time") is None, "no date"
    for relative in ("index.html", "2026/11/terbaru/index.html", "tag/wisuda/index.html", "404.html"):
        footer = [a.get_text() for a in newsroom.page(relative).select("footer nav a")]
        assert footer[:3] == ["Kontak", "Redaksi", "Tentang Kami"], relative
    lists = [
        "index.html",
        "page/2/index.html",
        "kategori/berita/index.html",
        "agenda/index.html",
        "arsip/2026/index.html",
    ]
    for relative in lists:
        listed = [a["href"] for a in newsroom.page(relative).select("main a")]
        assert not [href for href in listed if href in ("/redaksi/", "/kontak/", "/tentang/")], relative
    assert "Isi halaman" not in (newsroom.output / "feed.xml").read_text(encoding="utf-8")
    assert (
        not (newsroom.output / "arsip/1970").exists()
        and not (newsroom.output / "tag/index.html").read_text(encoding="utf-8").count("Redaksi") > 1
    )
    sitemap = (newsroom.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/redaksi/</loc>" in sitemap


def test_the_404_page_is_not_indexed_and_offers_search_and_the_newest(newsroom: TinySite) -> None:
    page = newsroom.page("404.html")
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert page.select('link[rel="canonical"]') == []
    form = page.select_one("form[role=search]")
    assert form["action"] == "/cari/" and form.select_one("input")["name"] == "q"
    assert titles(page, ".not-found-latest")[0] == "Berita Terbaru Sekali"


def json_ld(page) -> dict:
    return json.loads(page.select_one('script[type="application/ld+json"]').string)


def test_breadcrumbs_are_shown_and_in_the_structured_data(newsroom: TinySite) -> None:
    article = newsroom.page("2026/11/kuliah-nanti/index.html")
    assert [a.get_text() for a in article.select("nav.breadcrumbs a")] == ["Beranda", "Agenda"]
    [crumbs] = [item for item in json_ld(article)["@graph"] if item["@type"] == "BreadcrumbList"]
    assert [(step["position"], step["name"]) for step in crumbs["itemListElement"]] == [
        (1, "Beranda"),
        (2, "Agenda"),
        (3, "Kuliah Tamu Desember"),
    ]
    assert crumbs["itemListElement"][2]["item"] == "https://example.org/2026/11/kuliah-nanti/"
    page = json_ld(newsroom.page("redaksi/index.html"))
    assert [step["name"] for step in page["@graph"][0]["itemListElement"]] == ["Beranda", "Redaksi"]


def test_related_articles_show_photo_and_date_and_share_tags_before_a_category(tiny_site) -> None:
    site = tiny_site()
    photo = site.root / "content/2026/wisuda.jpg"
    photo.parent.mkdir(parents=True)
    Image.new("RGB", (800, 500), (11, 79, 138)).save(photo, "JPEG")
    site.article("content/2026/a.md", title="Wisuda Sarjana Terapan", date="2026-09-24", tags="wisuda")
    text = (site.root / "content/2026/a.md").read_text(encoding="utf-8")
    site.write("content/2026/a.md", text.replace("tags:", "image:\n  src: wisuda.jpg\n  alt: Para wisudawan\ntags:"))
    site.article("content/2026/b.md", title="Wisuda Magister Terapan", date="2026-03-10", tags="wisuda")
    site.article("content/2026/c.md", title="Kerja Sama Dinas Sosial", date="2026-10-01", tags="kerja sama")
    assert site.build() == 0
    cards = site.page("2026/03/b/index.html").select(".related article.card")
    assert [card.select_one(".card-title").get_text(strip=True) for card in cards] == [
        "Wisuda Sarjana Terapan",  # a shared tag, though older than the next
        "Kerja Sama Dinas Sosial",  # no shared tag: the same category's newest
    ]
    assert cards[0].select_one("time")["datetime"].startswith("2026-09-24")
    assert cards[0].select_one(".card-thumb img")["src"].startswith("/2026/wisuda-")
    assert cards[1].select_one("img") is None, "no photo, no placeholder"


def test_an_article_of_only_a_photo_is_found_by_its_headline(tiny_site) -> None:
    site = tiny_site(search=True)
    photo = site.root / "content/2026/foto.jpg"
    photo.parent.mkdir(parents=True)
    Image.new("RGB", (800, 500), (11, 79, 138)).save(photo, "JPEG")
    site.article("content/2026/galeri.md", title="Galeri Wisuda", date="2026-09-24", body="![Para wisudawan](foto.jpg)")
    site.article("content/2025/teks.md", title="Berita Bertulisan", date="2025-09-24", body="Isi berita.")
    assert site.build() == 0
    index = read_index(site.output)
    assert index.find("galeri") == ["/2026/09/galeri/"]
    assert index.find("wisuda") == ["/2026/09/galeri/"]

"""What other programs read: feeds, sitemap, robots.txt, link previews, structured data, redirects."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree
from PIL import Image
from sites import build, copy_demo, read

SCHEMAS = Path(__file__).parent / "schemas"
SEED = "2021/04/kuliah-tamu-ok-oce/index.html"
BASE = "https://example.github.io/berita/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("terbit"))
    build(root, "--base-url", BASE)
    return root


def feeds(site: Path) -> list[Path]:
    return sorted((site / "output").rglob("feed.xml"))


def test_every_feed_parses_and_links_to_built_pages(site: Path) -> None:
    output = site / "output"
    assert len(feeds(site)) > 10, "site, category and tag feeds"
    for path in feeds(site):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        assert parsed.feed.id.startswith(BASE)
        for entry in parsed.entries:
            assert entry.link.startswith(BASE)
            page = output / entry.link.removeprefix(BASE) / "index.html"
            assert page.is_file(), f"{path} links to {entry.link}, which was not built"
            for attribute in ('href="/', 'src="/'):
                assert attribute not in entry.content[0].value, "feed content must use absolute URLs"


def test_feed_updated_is_its_newest_entry_never_the_build_time(site: Path) -> None:
    parsed = feedparser.parse((site / "output" / "feed.xml").read_bytes())
    newest = max(entry.updated_parsed for entry in parsed.entries)
    assert parsed.feed.updated_parsed == newest
    assert parsed.entries[0].published == "2026-11-26T14:00:00+07:00"


def test_every_page_links_the_site_feed_and_tag_pages_their_own(site: Path) -> None:
    for relative in ("index.html", SEED, "tag/index.html"):
        links = [
            link["href"] for link in read(site, relative).select('link[rel="alternate"][type="application/atom+xml"]')
        ]
        assert BASE + "feed.xml" in links
    tag_links = [link["href"] for link in read(site, "tag/kuliah-tamu/index.html").select('link[rel="alternate"]')]
    assert BASE + "tag/kuliah-tamu/feed.xml" in tag_links


def test_sitemap_is_valid_and_dated_and_named_by_robots(site: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))
    sitemap = etree.parse(str(site / "output" / "sitemap.xml"))
    assert schema.validate(sitemap), schema.error_log
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        u.findtext("s:loc", namespaces=namespace): u.findtext("s:lastmod", namespaces=namespace)
        for u in sitemap.getroot()
    }
    assert entries[BASE + "2021/04/kuliah-tamu-ok-oce/"] == "2021-04-21T13:00:00+07:00"
    assert BASE + "404.html" not in entries
    assert BASE + "detail-berita/153/" not in entries, "redirect pages are not listed"
    robots = (site / "output" / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()


def meta(page: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in page.select(f'meta[property="{name}"], meta[name="{name}"]')]


def test_article_has_link_preview_tags_and_image(site: Path) -> None:
    page = read(site, SEED)
    assert page.select_one('link[rel="canonical"]')["href"] == BASE + "2021/04/kuliah-tamu-ok-oce/"
    assert meta(page, "og:type") == ["article"]
    assert meta(page, "og:locale") == ["id_ID"]
    assert meta(page, "og:image") == [BASE + "2021/04/kuliah-tamu-ok-oce/pratinjau.jpg"]
    assert meta(page, "og:image:width") == ["1200"] and meta(page, "og:image:height") == ["630"]
    assert meta(page, "og:image:alt") and meta(page, "og:image:alt")[0]
    assert meta(page, "article:published_time") == ["2021-04-21T13:00:00+07:00"]
    assert "kewirausahaan sosial" in meta(page, "article:tag")
    assert meta(page, "twitter:card") == ["summary_large_image"]
    assert meta(page, "description")[0].startswith("Prodi Pekerjaan Sosial")
    image_path = site / "output" / "2021" / "04" / "kuliah-tamu-ok-oce" / "pratinjau.jpg"
    assert image_path.stat().st_size < 300_000
    with Image.open(image_path) as image:
        assert (image.format, image.size) == ("JPEG", (1200, 630))


def json_ld(page: BeautifulSoup) -> dict:
    [script] = page.select('script[type="application/ld+json"]')
    return json.loads(script.string)


def test_every_article_has_news_article_json_ld(site: Path) -> None:
    pages = [
        BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in (site / "output").glob("20*/*/*/index.html")
    ]
    articles = [page for page in pages if not page.select('meta[http-equiv="refresh"]')]  # not an old address
    assert len(articles) >= 12
    for page in articles:
        graph = json_ld(page)["@graph"]
        news = graph[0]
        assert news["@type"] == "NewsArticle"
        assert news["datePublished"].endswith("+07:00")
        assert news["publisher"]["logo"]["url"] == BASE + "img/logo.svg"
        assert news["image"] and news["author"]


def test_seed_article_event_is_online_and_performed_by_who_spoke(site: Path) -> None:
    graph = json_ld(read(site, SEED))["@graph"]
    [event] = [item for item in graph if item["@type"] not in ("NewsArticle", "BreadcrumbList")]
    assert event["@type"] == "EducationEvent"
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"] == [
        {"@type": "VirtualLocation", "name": "Zoom Meeting", "url": BASE + "2021/04/kuliah-tamu-ok-oce/"}
    ]
    assert [p["name"] for p in event["performer"]] == ["Iim Rusyamsi"]
    assert event["startDate"] == "2021-04-21T09:00:00+07:00"


def test_hybrid_event_has_both_places(site: Path) -> None:
    graph = json_ld(read(site, "2026/11/seminar-nasional-pekerjaan-sosial-2027/index.html"))["@graph"]
    [event] = [item for item in graph if item["@type"] not in ("NewsArticle", "BreadcrumbList")]
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert {place["@type"] for place in event["location"]} == {"VirtualLocation", "Place"}


def test_breadcrumbs_lead_from_the_home_page_to_the_page_itself(site: Path) -> None:
    [crumbs] = [item for item in json_ld(read(site, SEED))["@graph"] if item["@type"] == "BreadcrumbList"]
    assert [(i["position"], i["name"], i["item"]) for i in crumbs["itemListElement"]] == [
        (1, "Beranda", BASE),
        (2, "Berita", BASE + "kategori/berita/"),
        (3, "Kuliah Tamu Kewirausahaan Sosial Bersama OK OCE Indonesia", BASE + "2021/04/kuliah-tamu-ok-oce/"),
    ]
    visible = [a.get_text(strip=True) for a in read(site, SEED).select("nav.breadcrumbs a")]
    assert visible == ["Beranda", "Berita"], "the article's own heading names it"
    tag = json_ld(read(site, "tag/kuliah-tamu/index.html"))["@graph"][0]
    assert [i["item"] for i in tag["itemListElement"]] == [BASE, BASE + "tag/", BASE + "tag/kuliah-tamu/"]
    page = json_ld(read(site, "redaksi/index.html"))["@graph"][0]
    assert [(i["name"], i["item"]) for i in page["itemListElement"]] == [
        ("Beranda", BASE),
        ("Redaksi", BASE + "redaksi/"),
    ]


def test_old_address_redirects_to_the_article(site: Path) -> None:
    page = read(site, "detail-berita/153/index.html")
    assert page.select_one('link[rel="canonical"]')["href"] == BASE + "2021/04/kuliah-tamu-ok-oce/"
    assert page.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=/berita/2021/04/kuliah-tamu-ok-oce/"
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"


HOSTILE = '</script><script>alert("judul")</script> & "kutip" ]]>'


def test_hostile_title_stays_inside_its_strings(tiny_site) -> None:
    site = tiny_site()
    site.write("content/2021/a.md", f"---\ntitle: '{HOSTILE}'\ndate: 2021-04-21\nsummary: '{HOSTILE}'\n---\nIsi.\n")
    assert site.build() == 0
    page = site.page("2021/04/a/index.html")
    assert len(page.select("script")) == 2, "only the JSON-LD and the copy-link script"
    assert json_ld(page)["@graph"][0]["headline"] == HOSTILE
    assert page.h1.get_text() == HOSTILE
    assert meta(page, "og:title") == [HOSTILE]
    parsed = feedparser.parse((site.output / "feed.xml").read_bytes())
    assert not parsed.bozo and parsed.entries[0].title == HOSTILE


def test_alias_must_be_a_site_path(tiny_site, capsys) -> None:
    site = tiny_site()
    site.write(
        "content/2021/a.md", "---\ntitle: A\ndate: 2021-04-21\naliases: [detail-berita/153, /../etc]\n---\nIsi.\n"
    )
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "content/2021/a.md:4: aliases[0]: harus alamat di situs ini yang diawali /" in err
    assert "aliases[1]" in err


def test_alias_that_collides_with_a_page_names_both(tiny_site, capsys) -> None:
    site = tiny_site()
    site.article("content/2021/a.md")
    site.write("content/2021/b.md", "---\ntitle: B\ndate: 2021-04-21\naliases: [/2021/04/a/]\n---\nIsi.\n")
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "content/2021/a.md: slug: alamat /2021/04/a/ juga dipakai oleh content/2021/b.md" in err


def test_feed_entries_get_absolute_addresses_for_media_too() -> None:
    from berita.site.environment import absolute_links

    html = '<video src="/2021/rekaman.mp4" poster="/2021/sampul.jpg"></video><a href="//cdn.example/x">x</a>'
    assert absolute_links("https://contoh.ac.id/berita", html) == (
        '<video src="https://contoh.ac.id/berita/2021/rekaman.mp4" poster="https://contoh.ac.id/berita/2021/sampul.jpg">'
        '</video><a href="//cdn.example/x">x</a>'
    )
    # A photo's sizes: a browser (and a feed reader's) takes srcset before src.
    picture = '<source srcset="/berita/2021/a-480.webp 480w, /berita/2021/a-960.webp 960w, //cdn.example/b.webp 2x">'
    assert absolute_links("https://contoh.ac.id", picture) == (
        '<source srcset="https://contoh.ac.id/berita/2021/a-480.webp 480w, '
        'https://contoh.ac.id/berita/2021/a-960.webp 960w, //cdn.example/b.webp 2x">'
    )
    inline = '<img srcset="data:image/png;base64,iVBORw0KGgo= 1x">'  # its commas are the address's own
    assert absolute_links("https://contoh.ac.id", inline) == inline

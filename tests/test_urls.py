"""urls: the one owner of site paths (docs/urls.md), links and output files."""

from __future__ import annotations

from datetime import datetime

import pytest
from sites import WIB

from berita import urls
from berita.urls import Urls, output_file, paged


def test_home():
    assert urls.home() == "/"
    assert urls.home(1) == "/"
    assert urls.home(2) == "/page/2/"
    assert urls.home(12) == "/page/12/"


def test_article_path_is_year_month_slug_with_zero_padding():
    assert urls.article(datetime(2021, 4, 21, 9, 0, tzinfo=WIB), "kuliah-tamu-ok-oce") == "/2021/04/kuliah-tamu-ok-oce/"
    assert urls.article(datetime(2025, 12, 1, tzinfo=WIB), "wisuda") == "/2025/12/wisuda/"
    assert urls.article(datetime(999, 1, 1, tzinfo=WIB), "x") == "/0999/01/x/"


def test_tags():
    assert urls.tag_index() == "/tag/"
    assert urls.tag("beasiswa") == "/tag/beasiswa/"
    assert urls.tag("beasiswa", 1) == "/tag/beasiswa/"
    assert urls.tag("beasiswa", 2) == "/tag/beasiswa/page/2/"


def test_category():
    assert urls.category("pengumuman") == "/kategori/pengumuman/"
    assert urls.category("pengumuman", 3) == "/kategori/pengumuman/page/3/"


def test_archive():
    assert urls.archive() == "/arsip/"
    assert urls.archive_year(2021) == "/arsip/2021/"


def test_agenda_search_404():
    assert urls.agenda() == "/agenda/"
    assert urls.agenda(3) == "/agenda/page/3/"
    assert urls.search() == "/cari/"
    assert urls.not_found() == "/404.html"


def test_paged():
    assert paged("/x/", 1) == "/x/"
    assert paged("/x/", 2) == "/x/page/2/"
    assert paged("/", 2) == "/page/2/"


@pytest.mark.parametrize(
    ("site_path", "file"),
    [
        ("/", "index.html"),
        ("/page/2/", "page/2/index.html"),
        ("/2021/04/kuliah-tamu-ok-oce/", "2021/04/kuliah-tamu-ok-oce/index.html"),
        ("/tag/", "tag/index.html"),
        ("/tag/beasiswa/", "tag/beasiswa/index.html"),
        ("/tag/beasiswa/page/2/", "tag/beasiswa/page/2/index.html"),
        ("/kategori/berita/", "kategori/berita/index.html"),
        ("/arsip/", "arsip/index.html"),
        ("/arsip/2021/", "arsip/2021/index.html"),
        ("/agenda/", "agenda/index.html"),
        ("/cari/", "cari/index.html"),
        ("/feed.xml", "feed.xml"),
        ("/tag/beasiswa/feed.xml", "tag/beasiswa/feed.xml"),
        ("/sitemap.xml", "sitemap.xml"),
        ("/robots.txt", "robots.txt"),
        ("/404.html", "404.html"),
        ("/2021/foto.jpg", "2021/foto.jpg"),
    ],
)
def test_output_file(site_path, file):
    assert output_file(site_path) == file


def test_every_page_function_gives_a_site_path_that_maps_to_a_relative_file():
    when = datetime(2021, 4, 21, tzinfo=WIB)
    paths = [
        urls.home(),
        urls.home(2),
        urls.article(when, "a"),
        urls.tag_index(),
        urls.tag("a"),
        urls.tag("a", 2),
        urls.category("berita"),
        urls.category("berita", 2),
        urls.archive(),
        urls.archive_year(2021),
        urls.agenda(),
        urls.search(),
        urls.not_found(),
    ]
    for path in paths:
        assert path.startswith("/"), path
        file = output_file(path)
        assert not file.startswith("/"), file
        assert file.endswith((".html", ".xml", ".txt")), file
    assert len(set(paths)) == len(paths)


def test_links_at_the_domain_root():
    site = Urls("https://berita.example.ac.id/")
    assert site.base_path == "/"
    assert site.link("/") == "/"
    assert site.link("/tag/beasiswa/") == "/tag/beasiswa/"
    assert site.link("/2021/04/x/") == "/2021/04/x/"
    assert site.absolute("/") == "https://berita.example.ac.id/"
    assert site.absolute("/tag/beasiswa/") == "https://berita.example.ac.id/tag/beasiswa/"
    assert site.absolute("/feed.xml") == "https://berita.example.ac.id/feed.xml"


def test_links_under_a_project_base_path():
    site = Urls("https://nama-akun.github.io/berita/")
    assert site.base_path == "/berita/"
    assert site.link("/") == "/berita/"
    assert site.link("/tag/beasiswa/") == "/berita/tag/beasiswa/"
    assert site.link("/2021/04/x/") == "/berita/2021/04/x/"
    assert site.link("/404.html") == "/berita/404.html"
    assert site.absolute("/") == "https://nama-akun.github.io/berita/"
    assert site.absolute("/tag/beasiswa/feed.xml") == "https://nama-akun.github.io/berita/tag/beasiswa/feed.xml"


def test_links_never_double_slash():
    for base in ["https://e.org/", "https://e.org/berita/", "https://e.org/a/b/"]:
        site = Urls(base)
        for path in ["/", "/tag/", "/2021/04/x/", "/feed.xml"]:
            assert "//" not in site.link(path)
            assert "//" not in site.absolute(path).removeprefix("https://")


@pytest.mark.parametrize(
    ("site_path", "kind"),
    [
        (urls.home(), "daftar"),
        (urls.home(3), "daftar"),
        (urls.category("berita", 2), "daftar"),
        (urls.archive(), "daftar"),
        (urls.archive_year(2025), "daftar"),
        (urls.agenda(), "daftar"),
        (urls.agenda(2), "daftar"),
        (urls.tag_index(), "tag"),
        (urls.tag("beasiswa", 2), "tag"),
        (urls.article(datetime(2025, 8, 1), "pkkmb-2025"), None),
        (urls.search(), None),
        (urls.feed(), None),
    ],
)
def test_every_list_page_is_known_as_one(site_path: str, kind: str | None) -> None:
    """The build summary counts pages by this: the agenda's pages once counted as "Lainnya"."""
    assert urls.list_kind(urls.output_file(site_path)) == kind


@pytest.mark.parametrize("site_path", ["/", "/2021/04/wisuda/", "/tag/wisuda/page/2/", "/feed.xml", "/404.html"])
def test_site_path_is_the_inverse_of_output_file(site_path: str) -> None:
    assert urls.site_path(urls.output_file(site_path)) == site_path

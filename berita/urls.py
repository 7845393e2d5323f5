"""The one owner of the URL scheme (docs/urls.md).

A *site path* is a page's place in the site without the base path: "/", "/tag/beasiswa/",
"/2021/04/kuliah-tamu-ok-oce/". `Urls` turns site paths into links that carry the base
path of `base_url`, into absolute URLs, and into files inside the output folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, unquote, urlsplit

# What stays as it is in a full URL: every printable ASCII character a site path can hold.
URL_SAFE = "/:@!$&'()*+,;=-._~%?#[]"
# A WordPress post's old address by its number, /?p=123: a query, which no static file answers.
POST_NUMBER = re.compile(r"/\?p=([0-9]{1,19})")


# The site's sections: the folders of its lists (other modules ask the functions below).
TAGS = "/tag/"
CATEGORIES = "/kategori/"
ARCHIVE = "/arsip/"
AGENDA = "/agenda/"
NEXT_PAGES = "page/"  # a list's later pages, inside its folder


def paged(first: str, number: int) -> str:
    """The site path of page `number` of a list whose first page is `first`."""
    return first if number == 1 else f"{first}{NEXT_PAGES}{number}/"


def home(number: int = 1) -> str:
    return paged("/", number)


def article(published: datetime, slug: str) -> str:
    return f"/{published.year:04d}/{published.month:02d}/{slug}/"


# The first part of the site's own addresses: a standalone page (/redaksi/) may not take one.
RESERVED_NAMES = frozenset(("tag", "kategori", "arsip", "agenda", "cari", "page", "admin", "p"))


def standalone(slug: str) -> str:
    """A page that is not news (Redaksi, Kontak), at the top of the site: /redaksi/."""
    return f"/{slug}/"


def tag_index() -> str:
    return TAGS


def tag(slug: str, number: int = 1) -> str:
    return paged(f"{TAGS}{slug}/", number)


def category(slug: str, number: int = 1) -> str:
    return paged(f"{CATEGORIES}{slug}/", number)


def archive() -> str:
    return ARCHIVE


def archive_year(year: int) -> str:
    return f"{ARCHIVE}{year:04d}/"


def agenda(number: int = 1) -> str:
    return paged(AGENDA, number)


def search() -> str:
    return "/cari/"


def not_found() -> str:
    return "/404.html"


def feed() -> str:
    return "/feed.xml"


def tag_feed(slug: str) -> str:
    return f"{tag(slug)}feed.xml"


def category_feed(slug: str) -> str:
    return f"{category(slug)}feed.xml"


def sitemap() -> str:
    return "/sitemap.xml"


def robots() -> str:
    return "/robots.txt"


def admin() -> str:
    """The web editor for authors (berita.cms)."""
    return "/admin/"


def admin_config() -> str:
    """The web editor's configuration, which its page names."""
    return "/admin/config.yml"


def preview_image(page: str) -> str:
    """The link-preview image of an article (beside its page) or of the site ('/')."""
    return f"{page}pratinjau.jpg"


def output_folder(site_path: str) -> str:
    """Where the files under a folder's site path go inside the output folder: "tag/"."""
    return site_path.lstrip("/")


def old_address(alias: str) -> str:
    """The site path of the page that answers an old address (`aliases`). /?p=123 is answered
    at /p/123/, where a small script on the home page and the 404 page sends it."""
    number = POST_NUMBER.fullmatch(alias)
    return f"{post_numbers()}{number[1]}/" if number else alias


def post_numbers() -> str:
    """The folder of the pages that answer /?p=123, one per number."""
    return "/p/"


def output_file(site_path: str) -> str:
    """Where a site path is written inside the output folder: folders get index.html. An old
    address written %-encoded (/2021/04/21/%d8%a7/) is the file of its decoded name, which a
    web server looks up for it."""
    relative = unquote(site_path.lstrip("/"))
    return relative + "index.html" if site_path.endswith("/") else relative


def site_path(output_file: str) -> str:
    """The site path a file of the output folder answers at (output_file's inverse, but for
    the %-encoding of an old address): "2021/04/x/index.html" is "/2021/04/x/"."""
    return "/" + output_file.removesuffix("index.html")


@dataclass(frozen=True)
class Urls:
    """Links for one build, made from its base_url (which always ends with '/')."""

    base_url: str

    @property
    def base_path(self) -> str:
        """The path part of base_url: '/' at a domain root, '/berita/' on a project site."""
        return urlsplit(self.base_url).path or "/"

    def link(self, site_path: str) -> str:
        """A link inside the site: the base path joined with the site path."""
        return self.base_path + site_path.lstrip("/")

    def absolute(self, site_path: str) -> str:
        """A full URL, for canonical links, feeds and previews: a letter outside ASCII (a tag in
        Arabic script) percent-encoded, as a URL in a sitemap or a feed must be."""
        return self.base_url + quote(site_path.lstrip("/"), safe=URL_SAFE)

    @property
    def origin(self) -> str:
        """Scheme and host: 'https://owner.github.io'."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"


def list_kind(output_path: str) -> str | None:
    """Which kind of list page a file in the output folder is: "tag" (the tag index and tag
    pages), "daftar" (the home pages, categories, archives, the agenda); None for any other."""
    if not output_path.endswith(".html"):
        return None
    if output_path.startswith(_TAG_PAGES):
        return "tag"
    if output_path == _HOME_PAGE or output_path.startswith(_LIST_PAGES):
        return "daftar"
    return None


# list_kind's answers, worked out once: the build's summary asks for every file of the site.
_TAG_PAGES = output_folder(TAGS)
_HOME_PAGE = output_file(home())
_LIST_PAGES = tuple(output_folder(section) for section in ("/" + NEXT_PAGES, CATEGORIES, ARCHIVE, AGENDA))

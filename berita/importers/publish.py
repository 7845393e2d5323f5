"""What every import shares once it has a post: its file settled, its body in Markdown with its
photos beside it, its front matter checked, the file written (or left alone), the report told."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from urllib.parse import urljoin, urlsplit

from pydantic import ValidationError

from .. import urls
from ..config import Config
from ..errors import Problem
from ..frontmatter.schema import STANDALONE_FOLDER, FrontMatter
from ..load.lint import script_scheme
from ..load.reading import MAX_ARTICLE_BYTES
from .article import Entry, article_text, problems_of
from .convert import MarkdownWriter
from .photos import FILE_SUFFIXES, Photos
from .record import Record, digest
from .report import Report
from .wpbody import Attachment, Notes


@dataclass(frozen=True)
class Options:
    uploads: Path | None = None
    offline: bool = False
    dry_run: bool = False


@dataclass
class Plan:
    """Where one post goes, settled before anything is written."""

    key: str
    slug: str
    year: int
    published: bool
    order: int
    file: str | None = field(default=None)  # relative to the content folder


def settle_files(plans: list[Plan], record: Record, content: Path) -> None:
    """A file for every post: the one an earlier run wrote for it, else `YYYY/slug.md`, else with
    -2, -3…, in an order that is the same on every run (published posts first, then by number)."""
    taken = record.owned()
    for plan in plans:
        recorded = record.articles.get(plan.key)
        if recorded:
            plan.file = recorded["file"]
            taken.add(plan.file)
    for plan in sorted((p for p in plans if p.file is None), key=lambda p: (p.year, p.slug, not p.published, p.order)):
        for number in range(1, 100_000):
            candidate = f"{plan.year:04d}/{plan.slug if number == 1 else f'{plan.slug}-{number}'}.md"
            if candidate not in taken and not (content / candidate).exists():
                plan.file = candidate
                taken.add(candidate)
                break


# First parts of a site path that berita's own pages use or may use: urls.py says which (an
# old address there would be answered by berita's page, or hide it).
RESERVED = urls.RESERVED_NAMES | {
    urls.output_file(path).split("/")[0]
    for path in (urls.feed(), urls.sitemap(), urls.robots(), urls.not_found(), urls.preview_image(urls.home()))
}


def usable_aliases(
    candidates: list[str], new_path: str, config: Config, notes: Notes, pages: frozenset[str] = frozenset()
) -> list[str]:
    """The old addresses the article can answer: not its own, not a page of berita or a folder
    of static/, not the new address of another page (`pages`: see site_paths), each one the
    schema accepts (else noted for review)."""
    static = config.folder("static")
    taken = RESERVED | ({p.name for p in static.iterdir()} if static.is_dir() else set())
    found = []
    for alias in dict.fromkeys(candidates):
        if alias == new_path:
            continue  # the old address is the new one: nothing to redirect
        if alias in pages or alias.rstrip("/") + "/" in pages:
            notes.add(f"alamat lama {alias} kini alamat halaman lain di situs baru; tidak dialihkan")
            continue
        if alias.strip("/").split("/", 1)[0] in taken:
            notes.add(f"alamat lama {alias} bertabrakan dengan halaman situs; tidak dialihkan")
            continue
        try:
            FrontMatter.model_validate(
                {"title": "x", "date": "2000-01-01", "aliases": [alias]}, context={"zone": config.zone}
            )
        except ValidationError:
            notes.add(f"alamat lama {alias} tidak bisa dijadikan alias; tidak dialihkan")
            continue
        found.append(alias)
    return found


def site_paths(config: Config, articles: list[str]) -> frozenset[str]:
    """The addresses the new site gives its pages: the home page, the imported `articles`' (by
    their new address), and the standalone pages of content/halaman/ (by their file's name or
    `slug:`). An old address among them cannot redirect: the build refuses two pages at one address."""
    found = {"/", "/index.html", *articles}
    for page in sorted((config.folder("content") / STANDALONE_FOLDER).glob("*.md")):
        try:
            head = page.read_text(encoding="utf-8", errors="replace")[:2000]
        except OSError:
            continue
        slug = re.search(r"^slug:\s*[\"']?([a-z0-9-]+)", head, re.MULTILINE)
        found.add(urls.standalone(slug.group(1) if slug else page.stem))
    return frozenset(found)


# The old site's host when none is known (feed.py's stand-in for a feed without its link).
NO_OLD_SITE = (None, "", "localhost")


class _Addresses:
    """Where the images and links of one article lead once imported."""

    def __init__(
        self,
        photos: Photos,
        folder: str,
        posts: Callable[[str], str | None],
        article: str,
        report: Report,
        base: str = "",
    ) -> None:
        self.photos, self.folder, self.posts, self.article, self.report = photos, folder, posts, article, report
        self.base = base  # the post's old address, which its relative addresses were relative to

    def image(self, url: str) -> str:
        try:
            return self._image(url)
        except ValueError:  # not an address urllib can read ("http://[server]/"): left as written
            return url

    def link(self, url: str) -> str:
        try:
            return self._link(url)
        except ValueError:
            return url

    def _image(self, url: str) -> str:
        name = self.photos.store(url, self.folder)
        if name is not None:
            return name
        if self.photos.ours(url) or url.startswith("data:"):
            self.report.remote.append((self.article, url[:120], self.photos.failure(url)))
        return self._on_old_site(url)

    def _link(self, url: str) -> str:
        if script_scheme(url):
            self.report.review.append((self.article, f"tautan {url[:60]} menjalankan skrip; hapus tautannya"))
            return url
        post = self.posts(url)
        if post is not None:
            return post
        path = url.split("?")[0].split("#")[0].lower()
        if self.photos.ours(url) and (
            posixpath.splitext(path)[1] in FILE_SUFFIXES
            or self.photos.original(url) != url
            or path.endswith((".jpg", ".jpeg", ".png", ".gif", ".webp"))
        ):
            return self._image(url)
        return self._on_old_site(url)

    def _on_old_site(self, url: str) -> str:
        """An address of the old site that was not imported (a category's page, a feed, a draft,
        a file): as a full address there, as WordPress showed it. Left relative, it would name a
        page of the new site that does not exist, and the build would refuse the article."""
        parts = urlsplit(url.strip())
        if parts.scheme or url.strip().startswith(("//", "#")) or not (parts.path or parts.query):
            return url
        if urlsplit(self.photos.site).hostname in NO_OLD_SITE:  # a feed without its link names none
            return url
        absolute = urljoin(self.base or self.photos.site.rstrip("/") + "/", url.strip())
        self.report.review.append(
            (self.article, f"tautan ke {url[:120]} di situs lama: tidak diimpor, kini ke {absolute[:160]}")
        )
        return absolute


class Publisher:
    """Writes the articles of one import; the record is saved however the import ends."""

    def __init__(self, config: Config, options: Options, report: Report, site: str, known: set[str]) -> None:
        self.config, self.options, self.report = config, options, report
        self.record = Record.load(config.folder("content"), options.dry_run)
        self.photos = Photos(site, options.uploads, options.offline, self.record, known)

    def __enter__(self) -> Publisher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.record.save()  # even after a failure: what was written is known to the next run
        self.report.copied, self.report.downloaded = self.photos.copied, self.photos.downloaded

    def publish(
        self,
        entry: Entry,
        plan: Plan,
        html: str,
        featured: Attachment | None,
        notes: Notes,
        posts: Callable[[str], str | None],
        old_address: str = "",
    ) -> bool:
        """Write the post's file; whether it is written (or, in a dry run, would be): else the
        report says why not. `old_address`: the post's on the old site."""
        assert plan.file is not None
        shown = self.shown(plan)
        folder = posixpath.dirname(plan.file)
        addresses = _Addresses(self.photos, folder, posts, shown, self.report, old_address)
        body = MarkdownWriter(addresses, notes).convert(html)
        entry = replace(entry, body=body, image=self._image(featured, folder, entry.title, shown, notes))
        text = article_text(entry, self.config.zone)
        data = text.encode("utf-8")
        problems = problems_of(text, shown, self.config.zone)
        if len(data) > MAX_ARTICLE_BYTES:
            problems.append(
                Problem(shown, None, "", f"lebih dari {MAX_ARTICLE_BYTES // 1_000_000} MB, batas berkas berita")
            )
        for note in notes.review:
            self.report.review.append((shown, note))
        if problems:
            self.not_written(plan, "; ".join(str(p) for p in problems))
            return False
        recorded = self.record.articles.get(plan.key)
        outcome = self.record.write(plan.file, data, recorded)
        self.report.outcomes[outcome] += 1
        if outcome == "diubah":
            self.report.review.append((shown, "diubah sejak diimpor; tidak ditimpa"))
        else:
            self.record.articles[plan.key] = {"file": plan.file, "sha256": digest(data)}
        return True

    def shown(self, plan: Plan) -> str:
        """The post's file as the report names it."""
        return f"{self.config.folders.content}/{plan.file}"

    def not_written(self, plan: Plan, why: str) -> None:
        self.report.review.append((self.shown(plan), "tidak ditulis: " + why))
        self.report.unwritten += 1

    def publish_or_report(self, plan: Plan, make: Callable[[], bool]) -> bool:
        """`make()` (which converts a post and publishes it), or, when the post's content is
        more than the converter can take (HTML nested hundreds deep, a number no computer holds,
        an address that is no address), the post reported as not written: the import goes on
        with the next post. A file that cannot be written stops the import, as before."""
        try:
            return make()
        except OSError:
            raise
        except RecursionError:
            self.not_written(plan, "HTML isinya bersarang terlalu dalam; salin isinya dari WordPress dengan tangan")
        except Exception as error:  # one post's odd content: reported, never the whole import stopped
            self.not_written(
                plan,
                f"isinya tidak bisa diubah ke Markdown ({type(error).__name__}); salin isinya dari WordPress dengan tangan",
            )
        return False

    def _image(
        self, featured: Attachment | None, folder: str, title: str, shown: str, notes: Notes
    ) -> dict[str, str] | None:
        if featured is None or not featured.url:
            return None
        name = self.photos.store(featured.url, folder)
        if name is None:
            self.report.remote.append((shown, featured.url, "foto utama: " + self.photos.failure(featured.url)))
            notes.add("foto utama tidak bisa diambil; artikel tanpa foto utama")
            return None
        alt = featured.alt or featured.caption or title
        if not featured.alt:
            notes.add(
                "foto utama tanpa teks alternatif di WordPress; `image.alt` diisi dari keterangan atau judul, periksa"
            )
        image = {"src": name, "alt": alt}
        if featured.caption:
            image["caption"] = featured.caption
        if featured.credit:
            image["credit"] = featured.credit
        return image

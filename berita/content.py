"""Load stage: every content file read, validated and rendered into an immutable Article.

Every problem in every file is collected before anything fails, so an author sees the
whole list at once.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import ValidationError

from . import urls
from .config import Config
from .errors import BuildError, Problem
from .images import Picture, Variant, plan_picture
from .markup import Body, MarkdownRenderer, first_paragraph
from .sanitize import clean_html
from .schema import MAX_SLUG, SLUG, Event, Form, FrontMatter, Moment, cross_field_problems
from .source import Source, read_source
from .validation import explain_all, field_path

WORDS_PER_MINUTE = 200


@dataclass(frozen=True)
class Tag:
    slug: str
    label: str


@dataclass(frozen=True)
class Hero:
    """The article's lead image; `path` is a site path."""

    path: str
    alt: str
    caption: str | None
    credit: str | None
    source: str
    picture: Picture | None = None


@dataclass(frozen=True)
class InternalLink:
    """A link in an article's text to a page of the site, checked before writing."""

    target: str
    line: int
    fragment: str = ""


@dataclass(frozen=True)
class Article:
    source: str
    slug: str
    path: str
    title: str
    date: Moment
    updated: Moment | None
    category: str
    tags: tuple[Tag, ...]
    summary: str
    authors: tuple[str, ...]
    hero: Hero | None
    draft: bool
    event: Event | None
    form: Form | None
    body_html: str
    heading_ids: tuple[str, ...]
    words: int
    assets: tuple[str, ...]
    links: tuple[InternalLink, ...]
    warnings: tuple[Problem, ...] = ()
    aliases: tuple[str, ...] = ()
    images: tuple[Variant, ...] = ()

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.words / WORDS_PER_MINUTE))

    def is_published(self, now: datetime, drafts: bool = False, future: bool = False) -> bool:
        """Whether a build with these options shows the article."""
        return (drafts or not self.draft) and (future or self.date.at <= now)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by '-': 'Kuliah Tamu' -> 'kuliah-tamu'."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True)
class _Parsed:
    source: Source
    front: FrontMatter
    slug: str
    path: str


# Editor and system leftovers that live beside articles and are never part of the site.
IGNORED_SUFFIXES = ("~", ".swp", ".swo", ".bak", ".tmp", ".orig")
IGNORED_NAMES = {"Thumbs.db", "desktop.ini"}
MAX_ARTICLE_BYTES = 1_000_000


def content_files(folder: Path) -> list[Path]:
    """Every file under `folder` that the build reads: hidden files and editor leftovers skipped."""
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        leftover = path.name.endswith(IGNORED_SUFFIXES) or path.name in IGNORED_NAMES or path.name.startswith("#")
        if path.is_file() and not any(p.startswith(".") for p in parts) and not leftover:
            found.append(path)
    return found


def is_markdown(path: Path) -> bool:
    """An article file: `.md` in any case (`.MD` from some Windows editors)."""
    return path.suffix.lower() == ".md"


def outside_links(files: list[Path], root: Path) -> list[Problem]:
    """Symbolic links that lead out of the project: refused, so a build cannot publish other files."""
    root = root.resolve()
    problems = []
    for path in files:
        if not path.resolve().is_relative_to(root):
            shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            message = "tautan simbolik ke luar folder proyek ditolak; salin filenya ke dalam proyek"
            problems.append(Problem(shown, None, "", message))
    return problems


def load_articles(config: Config) -> tuple[Article, ...]:
    """Read every article under the content folder, or raise BuildError listing every problem."""
    folder = config.folder("content")
    files = content_files(folder)
    problems: list[Problem] = outside_links(files, config.root)
    files = [path for path in files if path.resolve().is_relative_to(config.root.resolve())]
    parsed: list[_Parsed] = []
    for path in files:
        if is_markdown(path):
            result = _parse(path, config)
            problems += result if isinstance(result, list) else []
            parsed += [result] if isinstance(result, _Parsed) else []
    by_source = {p.source.file: p.path for p in parsed}
    assets = {_display(path, config) for path in files if not is_markdown(path)}
    renderer = MarkdownRenderer()
    articles = []
    for item in parsed:
        article, found = _article(item, renderer, by_source, assets, config)
        articles.append(article)
        problems += found
    if problems:
        raise BuildError(problems)
    return tuple(articles)


def _display(path: Path, config: Config) -> str:
    return path.relative_to(config.root).as_posix()


def _parse(path: Path, config: Config) -> _Parsed | list[Problem]:
    file = _display(path, config)
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        message = f"file terlalu besar ({size / 1_000_000:.1f} MB; paling besar 1 MB); apakah ada gambar atau lampiran yang tertempel? simpan sebagai file terpisah"
        return [Problem(file, None, "", message)]
    source = read_source(path.read_bytes(), file)
    if isinstance(source, list):
        return source
    try:
        front = FrontMatter.model_validate(source.data, context={"zone": config.zone})
    except ValidationError as exc:
        return [
            Problem(file, source.line_of(loc), field_path(loc), text) for loc, text in explain_all(exc, FrontMatter)
        ]
    problems = [Problem(file, source.line_of(loc), field_path(loc), text) for loc, text in cross_field_problems(front)]
    slug = front.slug or path.stem
    if not re.fullmatch(SLUG, slug) or len(slug) > MAX_SLUG:
        rule = f"huruf kecil a-z, angka, tanda -, paling banyak {MAX_SLUG} karakter"
        message = f'nama file "{path.name}" tidak bisa jadi alamat; ganti namanya ({rule}) atau isi `slug`'
        problems.append(Problem(file, 1, "slug", message))
    return problems or _Parsed(source, front, slug, urls.article(front.date.at, slug))


def _article(
    item: _Parsed, renderer: MarkdownRenderer, by_source: dict[str, str], assets: set[str], config: Config
) -> tuple[Article, list[Problem]]:
    source, front = item.source, item.front
    content_prefix = config.folder("content").relative_to(config.root).as_posix()
    links = _LinkResolver(source, by_source, assets, urls.Urls(config.base_url), content_prefix)
    pictures = _Pictures(config)
    body: Body = renderer.render(source.body, links, pictures.for_link)
    hero = None
    if front.image:
        src = front.image.src
        path = links.site_path("image", src, source.line_of(("image", "src"))) or src
        origin = f"{config.folders.static}{path}" if src.startswith("/") else f"{content_prefix}{path}"
        picture = pictures.for_link(urls.Urls(config.base_url).link(path))
        hero = Hero(path, front.image.alt, front.image.caption, front.image.credit, origin, picture)
    article = Article(
        source=source.file,
        slug=item.slug,
        path=item.path,
        title=front.title,
        date=front.date,
        updated=front.updated,
        category=front.category,
        tags=tuple(Tag(slugify(t), t) for t in front.tags),
        summary=front.summary or first_paragraph(body.html),
        authors=tuple(front.author) or ((config.default_author,) if config.default_author else ()),
        hero=hero,
        draft=front.draft,
        event=front.event,
        form=front.form,
        body_html=clean_html(body.html) if config.security.sanitize else body.html,
        heading_ids=body.heading_ids,
        words=len(body.text.split()),
        assets=tuple(sorted(links.assets)),
        links=tuple(links.internal),
        warnings=tuple(article_warnings(source, front, body.html)),
        aliases=tuple(front.aliases),
        images=pictures.variants(),
    )
    return article, links.problems


MEETING_LINK = re.compile(
    r"https?://(?:[\w-]+\.)?(?:zoom\.us/(?:j|w|my|s)/|meet\.google\.com/[a-z]|teams\.microsoft\.com/l/meetup-join|teams\.live\.com/meet)",
    re.IGNORECASE,
)
TITLE_LIMIT = 70
IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(")
SCRIPT_LINK = re.compile(r"\]\(\s*javascript:|href=[\"']?\s*javascript:", re.IGNORECASE)


MEETING_WARNING = (
    "tautan rapat (Zoom/Meet/Teams) akan terbit dan bisa dipakai siapa saja untuk masuk; "
    "hapus atau ganti dengan formulir pendaftaran"
)


def _strings(value: object, path: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    """Every text in the front matter with its field path."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _strings(item, (*path, key))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _strings(item, (*path, index))]
    return []


def article_warnings(source: Source, front: FrontMatter, body_html: str) -> list[Problem]:
    """What an author should fix before publishing, though the site still builds."""
    found = []
    title_line = source.line_of(("title",))
    if len(front.title) > TITLE_LIMIT:
        found.append(
            Problem(
                source.file,
                title_line,
                "title",
                f"judul {len(front.title)} karakter; lebih dari {TITLE_LIMIT} akan terpotong di mesin pencari dan WhatsApp",
                "warning",
            )
        )
    if front.summary is None:
        message = "belum ada ringkasan; pratinjau tautan akan memakai paragraf pertama"
        line = source.lines.get(("summary",), title_line)
        found.append(Problem(source.file, line, "summary", message, "warning"))
    for path, value in _strings(source.data, ()):
        if MEETING_LINK.search(value):
            found.append(Problem(source.file, source.line_of(path), field_path(path), MEETING_WARNING, "warning"))
    for index, line in enumerate(source.body.split("\n")):
        number = source.body_line + index
        if MEETING_LINK.search(line):
            found.append(Problem(source.file, number, "", MEETING_WARNING, "warning"))
        if IMAGE_WITHOUT_ALT.search(line):
            message = "gambar tanpa teks alternatif; tulis keterangan di dalam ![...] untuk pembaca tunanetra"
            found.append(Problem(source.file, number, "", message, "warning"))
        if SCRIPT_LINK.search(line):
            found.append(
                Problem(source.file, number, "", "tautan javascript: tidak aman; pakai alamat https://", "warning")
            )
    return found


class _Pictures:
    """Plans the responsive variants of the images one article uses, by their link."""

    def __init__(self, config: Config) -> None:
        self.site = urls.Urls(config.base_url)
        self.folders = (config.folder("content"), config.folder("static"))
        self.planned: dict[str, Picture | None] = {}

    def for_link(self, link: str) -> Picture | None:
        if link not in self.planned:
            self.planned[link] = self._plan(link)
        return self.planned[link]

    def _plan(self, link: str) -> Picture | None:
        base = self.site.base_path
        if not link.startswith(base):
            return None
        site_path = "/" + link[len(base) :]
        for folder in self.folders:
            file = folder / site_path.lstrip("/")
            if file.is_file():
                return plan_picture(file, site_path, link)
        return None

    def variants(self) -> tuple[Variant, ...]:
        found = {v.path: v for picture in self.planned.values() if picture for v in picture.variants}
        return tuple(found[path] for path in sorted(found))


class _LinkResolver:
    """Resolves one article's links: other articles by source file, site paths, assets beside it."""

    def __init__(
        self, source: Source, by_source: dict[str, str], assets: set[str], site: urls.Urls, content_prefix: str
    ) -> None:
        self.source, self.by_source, self.known_assets, self.site = source, by_source, assets, site
        self.content_prefix = content_prefix
        self.assets: set[str] = set()
        self.internal: list[InternalLink] = []
        self.problems: list[Problem] = []

    def __call__(self, kind: str, target: str) -> str:
        path = self.site_path(kind, target, self._line_of(target))
        if path is None:
            return target
        fragment = urlsplit(target).fragment
        return self.site.link(path) + (f"#{fragment}" if fragment and kind == "link" else "")

    def site_path(self, kind: str, target: str, line: int) -> str | None:
        """The site path a link points to, or None when it leaves the site or is a bare #anchor."""
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        if parts.path.startswith("/"):
            self.internal.append(InternalLink(parts.path, line, parts.fragment))
            return parts.path
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(self.source.file), parts.path))
        if parts.path.endswith(".md"):
            found = self.by_source.get(resolved)
            if found is None:
                message = f"tautan ke artikel yang tidak ada: {target} (dicari di {resolved})"
                self.problems.append(Problem(self.source.file, line, "", message))
            else:
                self.internal.append(InternalLink(found, line, parts.fragment))
            return found
        if resolved not in self.known_assets:
            what = "gambar" if kind == "image" else "file"
            self.problems.append(
                Problem(self.source.file, line, "", f"{what} tidak ditemukan: {target} (dicari di {resolved})")
            )
            return None
        # An asset keeps its place under the content folder: content/2021/foto.jpg -> /2021/foto.jpg
        site_path = "/" + posixpath.relpath(resolved, self.content_prefix)
        self.assets.add(site_path)
        return site_path

    def _line_of(self, target: str) -> int:
        for index, line in enumerate(self.source.body.split("\n")):
            if target in line:
                return self.source.body_line + index
        return self.source.body_line

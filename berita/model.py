"""Every type passed between stages: the article as every stage after loading sees it (complete
at birth and immutable) with its parts (Tag, Hero, InternalLink, Picture, Variant), what is
worked out from an article alone (slugs, an event's last day), and the site's files (OutputFile)."""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from .disk import FileState, open_source
from .errors import Problem
from .frontmatter.event import Event
from .frontmatter.moments import Moment
from .frontmatter.schema import MAX_SLUG, Form

WORDS_PER_MINUTE = 200
# The `date` of a standalone page, which has none: before every article, so never scheduled.
UNDATED = Moment(datetime(1970, 1, 1, tzinfo=UTC), False)


@dataclass(frozen=True)
class Variant:
    """One resized copy: where it goes in the site, which file it comes from, how wide, in what format."""

    path: str
    source: Path
    width: int
    height: int
    format: str


@dataclass(frozen=True)
class Picture:
    """What a page needs to show a responsive image; links already carry the base path."""

    src: str
    srcset: str
    webp_srcset: str
    width: int
    height: int
    variants: tuple[Variant, ...]
    refused: str = ""  # why it cannot be shown in sizes (too many pixels): a problem of the article


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
    # The body's HTML, packed (`packed`; read through `body_html`): of every article's fields the
    # largest, and read only by its own page and the feeds.
    packed_html: bytes
    heading_ids: tuple[str, ...]
    words: int
    assets: tuple[str, ...]
    links: tuple[InternalLink, ...]
    warnings: tuple[Problem, ...] = ()
    aliases: tuple[str, ...] = ()
    images: tuple[Variant, ...] = ()
    # Changes whenever anything above does: the source's key and what its rendering found.
    digest: str = ""
    # The home page's lead while it is among the newest (schema: `featured`).
    featured: bool = False
    # A page that is not news (content/halaman/: Redaksi, Kontak): its `date` is UNDATED, never
    # shown; it is in no list, feed, archive or tag, only in the footer and the sitemap.
    standalone: bool = False
    # For the search index (load/search_terms.py), the first two packed: the body as plain text,
    # for a result's excerpt; the article's distinct words, sorted and joined by spaces; and one
    # weight byte for each word. Only the search stage reads them.
    search_text: bytes = b""
    search_words: bytes = b""
    search_weights: bytes = b""

    @property
    def body_html(self) -> str:
        return unpacked(self.packed_html)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.words / WORDS_PER_MINUTE))

    def is_published(self, now: datetime, drafts: bool = False, future: bool = False) -> bool:
        """Whether a build with these options shows the article."""
        return (drafts or not self.draft) and (future or self.date.at <= now)


def packed(text: str) -> bytes:
    """`text` compressed, as an Article holds its largest fields: every process of a build holds
    every article, the render's workers a copy of each part they touch. At 10,000 articles
    their body, text and words were 160 MB of 200 MB; packed, a third of that (a real Indonesian
    article's text packs to half its size). zlib's fastest level: a tenth of a millisecond an
    article, and a twentieth to unpack it."""
    return zlib.compress(text.encode(), 1)


def unpacked(data: bytes) -> str:
    """The text `packed` was given; "" for no bytes (an Article's fields left at their default)."""
    return zlib.decompress(data).decode() if data else ""


def title_slug(title: str, limit: int = MAX_SLUG) -> str:
    """The address of an article named `title`, as `new` and the web editor make it: slugify'd,
    then cut at a word to at most `limit` characters (a headline can be longer than an address may)."""
    slug = slugify(title)
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1]
    return (cut.rsplit("-", 1)[0] if "-" in cut else cut[:limit]).strip("-")


def tag_slug(label: str) -> str:
    """A tag's address: its letters and digits in any script, lower-case, joined by '-'. Latin
    letters lose their accents ('Sosial Budaya' -> 'sosial-budaya', 'Café' -> 'cafe'); a tag in
    Arabic or Chinese keeps its own letters ('التعليم', '教育'), which a link carries as they are
    and a full URL percent-encoded."""
    kept: list[str] = []
    base_is_ascii = True  # what a combining mark belongs to: an accent on a Latin letter goes with it
    for char in unicodedata.normalize("NFKD", label.casefold()):
        if char.isascii():
            kept.append(char if char.isalnum() else "-")
            base_is_ascii = True
        elif unicodedata.category(char)[0] == "M":
            if not base_is_ascii:  # a vowel sign, a harakat: part of the letter
                kept.append(char)
        elif unicodedata.category(char)[0] in "LN":
            kept.append(char)
            base_is_ascii = False
        else:
            kept.append("-")
            base_is_ascii = True
    return re.sub("-+", "-", unicodedata.normalize("NFC", "".join(kept))).strip("-")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by '-': 'Kuliah Tamu' -> 'kuliah-tamu'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True, slots=True)
class Kept:
    """A file of the previous site that this one takes as it is (memo.load_manifest): its path
    and its state (size, time, inode) when this build began, which the write stage takes
    instead of looking again. Not a Path: a large site keeps tens of thousands of files on each
    rebuild, and making a Path of each took a twentieth of one."""

    path: str
    state: FileState

    def __fspath__(self) -> str:
        return self.path

    def read_bytes(self) -> bytes:
        with open_source(Path(self.path)) as file:  # never through a link put in its place since
            return file.read()


# What a file of the site holds: bytes made by this build, a file to copy, or one kept from the previous site.
Content = bytes | Path | Kept


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site: its path inside the output folder, where it came from, and its content."""

    path: str
    origin: str
    content: Content
    # What made it (the memo's fingerprint): the next build may take it as it is when the same
    # inputs make it again. "" when it is not worth remembering.
    fingerprint: str = ""


@dataclass(frozen=True)
class Pending:
    """Files of the site still being made in worker processes while the build goes on (the
    link-preview cards a build makes, media.start_preview_files): each as the check stage may see it
    now (its path and origin, no content yet); `finish` waits for them and gives them as made,
    or raises BuildError; `cancel` drops what has not begun, when the build failed meanwhile."""

    planned: tuple[OutputFile, ...]
    finish: Callable[[], list[OutputFile]]
    cancel: Callable[[], None]


def event_over(article: Article, now: datetime) -> bool:
    """Whether the article's event ended before today: past on the agenda, "Selesai" on its cards."""
    return article.event is not None and event_day(article) < now.date()


def event_day(article: Article) -> date:
    """The last day of the article's event (it must have one)."""
    event = article.event
    assert event is not None
    return (event.end or event.start).at.date()

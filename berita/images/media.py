"""The site's generated images: link-preview cards and resized article images.

Both are slow to make and never change while their inputs do not, so both come from the
build cache when they can, and the rest are made in worker processes.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import NamedTuple, TypeVar

from .. import urls
from ..config import Config
from ..disk import FileState, is_racy, state_of, store_file
from ..errors import BuildError, Problem, shown_path
from ..frontmatter.schema import CATEGORIES
from ..incremental.cache import Cache
from ..incremental.memo import PageMemo
from ..model import Article, Content, OutputFile
from ..workers import QUICK, SLOW, map_items
from .picture import EXTENSIONS, TooManyPixels, Variant, render_variants, unreadable, whole_image


@dataclass
class PhotoHashes:
    """Each photo's hash (_photo_hash), found once per build for all the stages that key work
    by it: a lead photo is both cropped into a card and resized.

    A photo whose size, time and inode are those an earlier build read it at (`known`) is not
    read again: a newsroom's photos are most of its bytes, and a rebuild after one edit would
    otherwise read them all. Like the stamp (stamp.py), this trusts file times; a photo saved
    too shortly before the build began is not remembered for the next one."""

    known: dict[str, tuple[FileState, bytes]] = field(default_factory=dict)
    started_ns: int = field(default_factory=time.time_ns)  # when the build began
    found: dict[Path, bytes | None] = field(default_factory=dict)
    # What the next build may take without reading: this build's photos by file, with their state.
    kept: dict[str, tuple[FileState, bytes]] = field(default_factory=dict)

    def of(self, photo: Path | None) -> bytes | None:
        if photo is None:
            return b""  # not worth keeping
        if photo not in self.found:
            self.found[photo] = self._look(photo)
        return self.found[photo]

    def _look(self, photo: Path) -> bytes | None:
        try:
            state = state_of(photo.stat())  # before reading: a photo saved meanwhile gets a new state
        except OSError:
            return None
        remembered = self.known.get(str(photo))
        digest = remembered[1] if remembered is not None and remembered[0] == state else _photo_hash(photo)
        if digest is not None and not is_racy(state, self.started_ns):
            self.kept[str(photo)] = (state, digest)
        return digest


def preview_files(
    articles: list[Article],
    config: Config,
    cache: Cache,
    memo: PageMemo | None = None,
    store: bool = True,
    hashes: PhotoHashes | None = None,
) -> list[OutputFile]:
    """The link-preview image of every article, and the site's own for its other pages (see _generated_files).
    Cards are files in the cache, never all in memory at once (10,000 of them are 600 MB). Without `store`
    new cards are kept in memory only (the preview's, after an edit: an author typing a title would
    otherwise leave a card in the cache for every save)."""
    home = urls.preview_image("/")
    wanted = {home: Wanted(urls.output_file(home), config.source_name, None, ".jpg")}
    cards = {home: Card(config.description or config.title, config.title, None, "")}
    for article in articles:
        path = urls.preview_image(article.path)
        hero = config.root / article.hero.source if article.hero else None
        wanted[path] = Wanted(urls.output_file(path), article.source, hero, ".jpg")
        cards[path] = Card(
            article.title, config.title, hero, "" if article.standalone else CATEGORIES[article.category]
        )

    def key(path: str, photo: bytes) -> str:
        return cache.key(cards[path].title, cards[path].site_name, photo, cards[path].category)

    return _generated_files(wanted, key, partial(_make_cards, cards, store), HERO_REFUSALS, cache, memo, hashes)


def image_files(
    articles: list[Article],
    config: Config,
    cache: Cache,
    hashes: PhotoHashes | None = None,
    memo: PageMemo | None = None,
) -> list[OutputFile]:
    """Every resized variant of the images the articles use, as _generated_files finds or
    makes them, keyed by its size and format besides its photo.

    Two sources whose variants share a name (foto.png and foto.webp both make foto-480.webp)
    each give their files, so that the site's check reports the clash."""
    variants = sorted({v for article in articles for v in article.images}, key=lambda v: (v.path, str(v.source)))
    wanted = {
        v: Wanted(urls.output_file(v.path), shown_path(v.source, config.root), v.source, EXTENSIONS[v.format])
        for v in variants
    }

    def key(v: Variant, photo: bytes) -> str:
        # The height too: a photo replaced after its size was planned is made again by the next build.
        return cache.key(photo, str(v.width), str(v.height), v.format)

    return _generated_files(wanted, key, partial(_make_sizes, variants), IMAGE_REFUSALS, cache, memo, hashes)


Item = TypeVar("Item", bound=Hashable)  # what tells one image of a kind from another


@dataclass(frozen=True)
class Wanted:
    """One generated image the site needs."""

    output: str  # its file in the output folder
    origin: str  # the source it is made for: named in the summary and when it is refused
    photo: Path | None  # the photo it is made from; None: drawn from text alone
    suffix: str  # of its file in the cache


class Refusals(NamedTuple):
    """What a kind of image says of a photo it cannot be made from."""

    field: str  # the field of the source that names the photo
    unopened: str  # the photo cannot be opened
    unreadable: str  # it opened but is no image (a reason its maker gave wins)


HERO_MESSAGE = "foto utama (image.src) tidak bisa dibaca sebagai gambar JPEG, PNG, WebP atau GIF; simpan ulang fotonya"
HERO_REFUSALS = Refusals("image.src", HERO_MESSAGE, HERO_MESSAGE)
UNOPENED_IMAGE = "gambar tidak bisa dibuka (berkasnya hilang atau tidak boleh dibaca); periksa berkas dan izinnya"
UNREADABLE_IMAGE = (
    "gambar rusak atau terpotong (tidak bisa dibaca sampai habis); simpan ulang atau ekspor ulang fotonya"
)
IMAGE_REFUSALS = Refusals("", UNOPENED_IMAGE, UNREADABLE_IMAGE)

# A made image: its file (in the cache, or bytes kept nowhere), or None or why (a str) when its photo could not
# be made into it; and whether it was made from the photo its key was (not when saved again meanwhile).
Made = tuple[Content | str | None, bool]


def _generated_files(
    wanted: dict[Item, Wanted],
    key: Callable[[Item, bytes], str],
    make: Callable[[dict[Item, tuple[bytes, Path]]], dict[Item, Made]],
    refusals: Refusals,
    cache: Cache,
    memo: PageMemo | None,
    hashes: PhotoHashes | None,
) -> list[OutputFile]:
    """The `wanted` images, each keyed (`key`) by its photo's hash and all else that shapes it: the
    previous site's file when `memo` has it under that key (the write stage links it, unread), else
    the cache's, else made (`make`, given each missing one's photo hash and cache file); each with its key
    as its fingerprint, for the next build's memo. A photo that cannot be opened or made into its image stops the build."""
    hashes = PhotoHashes() if hashes is None else hashes
    photos = {item: hashes.of(image.photo) for item, image in wanted.items()}
    _refuse(wanted, {item: None for item, photo in photos.items() if photo is None}, refusals.field, refusals.unopened)
    keys = {item: key(item, photos[item] or b"") for item in wanted}
    last = memo or PageMemo()
    made: dict[Item, Content | str | None] = {
        item: last.get(image.output, keys[item]) or cache.file(keys[item], image.suffix, whole_image)
        for item, image in wanted.items()
    }
    missing = {
        item: (photos[item] or b"", cache.path(keys[item], wanted[item].suffix))
        for item, file in made.items()
        if file is None
    }
    fresh = make(missing)
    made.update((item, file) for item, (file, _) in fresh.items())
    unkeyed = {item for item, (_, keyed) in fresh.items() if not keyed}  # from a photo saved since: not under their key
    failed = {item: file for item, file in made.items() if file is None or isinstance(file, str)}
    _refuse(wanted, failed, refusals.field, refusals.unreadable)
    remembered = {item: keys[item] if memo is not None and item not in unkeyed else "" for item in wanted}
    return [OutputFile(image.output, image.origin, made[item], remembered[item]) for item, image in wanted.items()]


def _refuse(wanted: dict[Item, Wanted], failed: dict[Item, str | None], field: str, message: str) -> None:
    """Stop the build over the `failed` images, each with why (else `message`), once per source and reason."""
    problems = dict.fromkeys(
        Problem(wanted[item].origin, None, field, message if why is None else why) for item, why in failed.items()
    )
    if problems:
        raise BuildError(list(problems))


class Card(NamedTuple):
    """What a link-preview card shows; with the hash of the hero's bytes, all that shapes it."""

    title: str
    site_name: str
    hero: Path | None
    category: str


# A Card, the hash of the hero's bytes its key was made from, and its cache file (None: not kept).
CardJob = tuple[str, str, Path | None, str, bytes, Path | None]


def _make_cards(cards: dict[str, Card], store: bool, missing: dict[str, tuple[bytes, Path]]) -> dict[str, Made]:
    """The `missing` cards, made in worker processes; without `store`, not kept in the cache.

    A card cropped from a photo takes tens of milliseconds, a drawn one a few: each kind is
    spread over the cores at its own pace."""
    made: dict[str, Made] = {}
    for from_photo, pace in ((True, SLOW), (False, QUICK)):
        paths = [path for path in missing if (cards[path].hero is not None) == from_photo]
        work: list[CardJob] = [(*cards[path], missing[path][0], missing[path][1] if store else None) for path in paths]
        made.update(zip(paths, map_items(_card, work, label="Membuat gambar pratinjau", pace=pace), strict=True))
    return made


def _photo_hash(photo: Path) -> bytes | None:
    """The photo by the hash of its bytes (so a replaced photo makes a new card or size); None
    when it cannot be read (no permission, say)."""
    try:
        return hashlib.sha256(photo.read_bytes()).digest()
    except OSError:
        return None


def _card(job: CardJob) -> tuple[Path | bytes | str | None, bool]:
    """The card's file in the cache (its bytes when it is not to be kept or the cache cannot be
    written), None for an unreadable hero, why for one too large to decode; and whether it was
    made from the photo the key was (not when it was saved again meanwhile: then it is bytes,
    kept nowhere)."""
    from .cards import preview_image  # here: with Pillow, it takes a tenth of a small rebuild to import

    title, site_name, hero, category, photo, target = job
    try:
        data = hero.read_bytes() if hero else None
        card = preview_image(title, site_name, data, category)
    except TooManyPixels as refusal:  # the photo was replaced by a larger one since it was loaded
        return str(refusal), True
    except (ValueError, OSError):
        return None, True
    if data is not None and hashlib.sha256(data).digest() != photo:
        return card, False
    return (card if target is None else store_file(target, card) or card), True


def _make_sizes(variants: list[Variant], missing: dict[Variant, tuple[bytes, Path]]) -> dict[Variant, Made]:
    """The `missing` variants, made in worker processes with each photo decoded once for all
    its sizes (at the scale the largest of its `variants` needs); a photo too large to decode
    (replaced by a larger one since it was loaded) says why."""
    largest: dict[Path, tuple[int, int]] = {}
    for v in variants:
        largest[v.source] = max(largest.get(v.source, (0, 0)), (v.width, v.height))
    by_photo: dict[Path, list[Variant]] = {}
    for variant in missing:
        by_photo.setdefault(variant.source, []).append(variant)
    work: list[SizesJob] = [
        # The sizes of one photo share its hash: the first one's stands for all.
        (source, missing[sizes[0]][0], largest[source], [(v, missing[v][1]) for v in sizes])
        for source, sizes in by_photo.items()
    ]
    made: dict[Variant, Made] = {}
    for sizes, (files, keyed, why) in zip(
        by_photo.values(), map_items(_sizes, work, label="Membuat ukuran foto", pace=SLOW), strict=True
    ):
        made.update((v, ((why or None) if file is None else file, keyed)) for v, file in zip(sizes, files, strict=True))
    return made


# A photo, the hash of its bytes the keys were made from, the largest size planned for it, and
# the variants to make with the cache file each is written to.
SizesJob = tuple[Path, bytes, tuple[int, int], list[tuple[Variant, Path]]]


def _sizes(job: SizesJob) -> tuple[list[Path | bytes | None], bool, str]:
    """Each variant's file in the cache (its bytes when the cache cannot be written), all None
    for a photo that cannot be read as an image; whether they were made from the photo the
    keys were (not when it was saved again meanwhile: then they are bytes, kept nowhere); and
    why not, for a photo too large to decode."""
    source, photo, largest, sizes = job
    try:
        data = source.read_bytes()
        encoded = render_variants(data, [variant for variant, _ in sizes], largest)
    except TooManyPixels as refusal:
        return [None] * len(sizes), True, str(refusal)
    except unreadable():
        return [None] * len(sizes), True, ""
    if hashlib.sha256(data).digest() != photo:
        return list(encoded), False, ""
    files = [store_file(target, image) or image for (_, target), image in zip(sizes, encoded, strict=True)]
    return files, True, ""

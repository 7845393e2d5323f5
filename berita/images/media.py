"""The site's generated images: link-preview cards and resized article images.

Both are slow to make and never change while their inputs do not, so both come from the
build cache when they can, and the rest are made in worker processes.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import NamedTuple, TypeVar

from .. import urls
from ..config import Config
from ..disk import FileState, is_racy, made_folder, state_of, store_file, written_new
from ..errors import BuildError, Problem, shown_path
from ..frontmatter.schema import CATEGORIES
from ..incremental.cache import Cache
from ..incremental.memo import PageMemo
from ..model import Article, Content, OutputFile, Pending
from ..workers import QUICK, SLOW, Running, done, map_items, start_items
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
    found, pending = start_preview_files(articles, config, cache, memo, store, hashes)
    return [*found, *pending.finish()]


def start_preview_files(
    articles: list[Article],
    config: Config,
    cache: Cache,
    memo: PageMemo | None = None,
    store: bool = True,
    hashes: PhotoHashes | None = None,
    spool: Path | None = None,
) -> tuple[list[OutputFile], Pending]:
    """preview_files, begun: the cards found in the memo or the cache, and those still being
    made in worker processes while the build goes on (a cold build's 10,000 cards take half a
    minute of both cores, in which the build's own work would otherwise wait or leave a core idle)."""
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

    return _generated_files(wanted, key, partial(_start_cards, cards, store, spool), HERO_REFUSALS, cache, memo, hashes)


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

    def make(missing: dict[Variant, tuple[bytes, Path]]) -> Running[dict[Variant, Made]]:
        return done(_make_sizes(variants, missing))

    found, pending = _generated_files(wanted, key, make, IMAGE_REFUSALS, cache, memo, hashes)
    return [*found, *pending.finish()]


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

# A made image: its file (in the cache or the build's spool, or bytes kept nowhere), or None or why (a str) when its photo could not
# be made into it; and whether it was made from the photo its key was (not when saved again meanwhile).
Made = tuple[Content | str | None, bool]


def _generated_files(
    wanted: dict[Item, Wanted],
    key: Callable[[Item, bytes], str],
    make: Callable[[dict[Item, tuple[bytes, Path]]], Running[dict[Item, Made]]],
    refusals: Refusals,
    cache: Cache,
    memo: PageMemo | None,
    hashes: PhotoHashes | None,
) -> tuple[list[OutputFile], Pending]:
    """The `wanted` images, each keyed (`key`) by its photo's hash and all else that shapes it: the
    previous site's file when `memo` has it under that key (the write stage links it, unread), else
    the cache's; the others pending while they are made (`make` begins it, given each missing one's
    photo hash and cache file). Each with its key as its fingerprint, for the next build's memo. A
    photo that cannot be opened stops the build here; one that cannot be made into its image, when
    the pending files are finished."""
    hashes = PhotoHashes() if hashes is None else hashes
    photos = {item: hashes.of(image.photo) for item, image in wanted.items()}
    _refuse(wanted, {item: None for item, photo in photos.items() if photo is None}, refusals.field, refusals.unopened)
    keys = {item: key(item, photos[item] or b"") for item in wanted}
    last = memo or PageMemo()
    found: dict[Item, Content | None] = {
        item: last.get(image.output, keys[item]) or cache.file(keys[item], image.suffix, whole_image)
        for item, image in wanted.items()
    }
    missing = {
        item: (photos[item] or b"", cache.path(keys[item], wanted[item].suffix))
        for item, file in found.items()
        if file is None
    }
    remembered = {item: keys[item] if memo is not None else "" for item in wanted}
    ready = [
        OutputFile(wanted[item].output, wanted[item].origin, file, remembered[item])
        for item, file in found.items()
        if file is not None
    ]
    running = make(missing)

    def finish(made: dict[Item, Made]) -> list[OutputFile]:
        failed = {item: file for item, (file, _) in made.items() if file is None or isinstance(file, str)}
        _refuse(wanted, failed, refusals.field, refusals.unreadable)
        return [
            # From a photo saved since its key was made: not under that key.
            OutputFile(wanted[item].output, wanted[item].origin, file, remembered[item] if keyed else "")
            for item, (file, keyed) in made.items()
            if file is not None and not isinstance(file, str)
        ]

    planned = tuple(OutputFile(wanted[item].output, wanted[item].origin, b"") for item in missing)
    return ready, Pending(planned, running.then(finish).wait, running.cancel)


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


# From this many cards to make (a cold build, a new site title), they are made by new worker
# processes and written into the build's spool too (_start_cards); below it, forked workers
# and a copy from the cache cost less than starting new processes (0.4 s each) and a spool
# deleted after every build (a new article makes one card).
MANY_CARDS = 500

# A Card, the hash of the hero's bytes its key was made from, its cache file (None: not kept),
# and the file in the build's spool it is written to as well (None: none).
CardJob = tuple[str, str, Path | None, str, bytes, Path | None, Path | None]


def _start_cards(
    cards: dict[str, Card], store: bool, spool: Path | None, missing: dict[str, tuple[bytes, Path]]
) -> Running[dict[str, Made]]:
    """The `missing` cards, begun in worker processes; without `store`, not kept in the cache.
    With a `spool` (the build's, output.page_spool) and MANY_CARDS or more, the workers write
    each card there too, for the write stage to link: copying 10,000 cards from the cache into
    the site took the write stage seconds after the workers were done.

    A card cropped from a photo takes tens of milliseconds, a drawn one a few: each kind is
    spread over the cores at its own pace."""
    paths = [path for path in missing if cards[path].hero is not None]
    drawn = [path for path in missing if cards[path].hero is None]
    many = len(missing) >= MANY_CARDS
    spool = made_folder(spool) if store and many else None
    number = itertools.count()

    def jobs(of: list[str]) -> list[CardJob]:
        return [
            (*cards[path], missing[path][0], missing[path][1] if store else None, _in(spool, next(number)))
            for path in of
        ]

    # Many cards: fresh workers, as the build goes on working beside them (workers.start_items).
    batches = [(jobs(paths), SLOW), (jobs(drawn), QUICK)]
    running = start_items(_card, batches, label="Membuat gambar pratinjau", fresh=many)
    return running.then(lambda made: dict(zip([*paths, *drawn], made, strict=True)))


def _photo_hash(photo: Path) -> bytes | None:
    """The photo by the hash of its bytes (so a replaced photo makes a new card or size); None
    when it cannot be read (no permission, say)."""
    try:
        return hashlib.sha256(photo.read_bytes()).digest()
    except OSError:
        return None


def _card(job: CardJob) -> tuple[Path | bytes | str | None, bool]:
    """The card's file in the build's spool when the job names one and it could be written
    there, else in the cache (its bytes when it is not to be kept or the cache cannot be
    written), None for an unreadable hero, why for one too large to decode; and whether it was
    made from the photo the key was (not when it was saved again meanwhile: then it is bytes,
    kept nowhere)."""
    from .cards import preview_image  # here: with Pillow, it takes a tenth of a small rebuild to import

    title, site_name, hero, category, photo, target, copy = job
    try:
        data = hero.read_bytes() if hero else None
        card = preview_image(title, site_name, data, category)
    except TooManyPixels as refusal:  # the photo was replaced by a larger one since it was loaded
        return str(refusal), True
    except (ValueError, OSError):
        return None, True
    if data is not None and hashlib.sha256(data).digest() != photo:
        return card, False
    kept = card if target is None else store_file(target, card) or card
    return (copy if copy is not None and written_new(copy, card) else kept), True


def _in(spool: Path | None, number: int) -> Path | None:
    return spool / f"kartu-{number}.jpg" if spool is not None else None


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

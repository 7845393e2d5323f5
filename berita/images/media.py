"""The site's generated images: link-preview cards and resized article images.

Both are slow to make and never change while their inputs do not, so both come from the
build cache when they can, and the rest are made in worker processes.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import urls
from ..config import Config
from ..disk import FileState, is_racy, state_of, store_file
from ..errors import BuildError, Problem, shown_path
from ..frontmatter.schema import CATEGORIES
from ..incremental.cache import Cache
from ..incremental.memo import PageMemo
from ..model import Article, OutputFile
from ..workers import QUICK, SLOW, map_items
from .picture import EXTENSIONS, TooManyPixels, Variant, render_variants, unreadable, whole_image

# title, site name, hero file (or None), category, the hash of the hero bytes the key was made
# from, and the cache file to write the card to (None: not kept).
CardJob = tuple[str, str, Path | None, str, bytes, Path | None]


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
    """The link-preview image of every article, and the site's own for its other pages.

    An image the last build made from the same inputs is taken from `memo` (then it is the
    previous site's file, linked rather than copied), else from the cache, else made. Cards
    are files in the cache, never all in memory at once (10,000 of them are 600 MB). Without
    `store` new cards are kept in memory only (the preview's, after an edit: an author typing
    a title would otherwise leave a card in the cache for every save).
    """
    hashes = PhotoHashes() if hashes is None else hashes
    jobs: dict[str, tuple[str, tuple[str, str, Path | None, str]]] = {
        urls.preview_image("/"): (config.source_name, (config.description or config.title, config.title, None, ""))
    }
    for article in articles:
        hero = config.root / article.hero.source if article.hero else None
        jobs[urls.preview_image(article.path)] = (
            article.source,
            (article.title, config.title, hero, "" if article.standalone else CATEGORIES[article.category]),
        )
    photos = {path: hashes.of(job[2]) for path, (_, job) in jobs.items()}
    problems = [_unreadable_hero(origin, config) for path, (origin, _) in jobs.items() if photos[path] is None]
    if problems:
        raise BuildError(problems)
    keys = {
        path: cache.key(title, site, photos[path] or b"", category)
        for path, (_, (title, site, _, category)) in jobs.items()
    }
    last = memo or PageMemo()
    made = {
        path: last.get(urls.output_file(path), key) or cache.file(key, ".jpg", whole_image)
        for path, key in keys.items()
    }
    missing = [path for path, image in made.items() if image is None]
    # A card cropped from a photo takes tens of milliseconds, a drawn one a few: each kind is
    # spread over the cores at its own pace.
    unkeyed: set[str] = set()  # cropped from a photo saved again meanwhile: right now, not under its key
    for from_photo, pace in ((True, SLOW), (False, QUICK)):
        paths = [p for p in missing if (jobs[p][1][2] is not None) == from_photo]
        work = [(*jobs[p][1], photos[p] or b"", cache.path(keys[p], ".jpg") if store else None) for p in paths]
        for path, (image, keyed) in zip(
            paths, map_items(_card, work, label="Membuat gambar pratinjau", pace=pace), strict=True
        ):
            made[path] = image
            unkeyed.update(() if keyed else (path,))
    problems = [
        _unreadable_hero(origin, config, made[path])
        for path, (origin, _) in jobs.items()
        if made[path] is None or isinstance(made[path], str)
    ]
    if problems:
        raise BuildError(problems)
    if memo is not None:
        for path, key in keys.items():
            if path not in unkeyed:
                memo.put(urls.output_file(path), key, made[path])
    return [OutputFile(urls.output_file(path), origin, made[path]) for path, (origin, _) in jobs.items()]


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


def _unreadable_hero(origin: str, config: Config, refused: object = None) -> Problem:
    message = "foto utama (image.src) tidak bisa dibaca sebagai gambar JPEG, PNG, WebP atau GIF; simpan ulang fotonya"
    return Problem(origin, None, "image.src", refused if isinstance(refused, str) else message)


def image_files(
    articles: list[Article],
    config: Config,
    cache: Cache,
    hashes: PhotoHashes | None = None,
    memo: PageMemo | None = None,
) -> list[OutputFile]:
    """Every resized variant of the images the articles use, by the hash of the source's bytes
    and the variant's size and format: the previous site's file when `memo` has it under the
    same key (the write stage then links it, unread), else the cache's, else made (in worker
    processes, each photo decoded once for all its sizes) and kept in the cache.

    Two sources whose variants share a name (foto.png and foto.webp both make foto-480.webp)
    each give their files, so that the site's check reports the clash."""
    variants = sorted({v for article in articles for v in article.images}, key=lambda v: (v.path, str(v.source)))
    hashes = PhotoHashes() if hashes is None else hashes
    photos = {source: hashes.of(source) for source in dict.fromkeys(v.source for v in variants)}
    unopened = [source for source, photo in photos.items() if photo is None]
    if unopened:
        raise BuildError([Problem(shown_path(source, config.root), None, "", UNOPENED_IMAGE) for source in unopened])
    # The height too: a photo replaced after its size was planned is made again by the next build.
    keys = {v: cache.key(photos[v.source] or b"", str(v.width), str(v.height), v.format) for v in variants}
    last = memo or PageMemo()
    made = {
        v: last.get(urls.output_file(v.path), keys[v]) or cache.file(keys[v], EXTENSIONS[v.format], whole_image)
        for v in variants
    }
    fresh, unkeyed, refused = _make_sizes(
        [v for v, file in made.items() if file is None], variants, photos, keys, cache
    )
    made.update(fresh)
    damaged = dict.fromkeys(v.source for v, file in made.items() if file is None)
    if damaged:
        raise BuildError(
            [
                Problem(shown_path(source, config.root), None, "", refused.get(source, UNREADABLE_IMAGE))
                for source in damaged
            ]
        )
    if memo is not None:
        for v, file in made.items():
            if v not in unkeyed:
                memo.put(urls.output_file(v.path), keys[v], file)
    return [
        OutputFile(urls.output_file(v.path), shown_path(v.source, config.root), file)
        for v, file in made.items()
        if file is not None
    ]


def _make_sizes(
    missing: list[Variant],
    variants: list[Variant],
    photos: dict[Path, bytes | None],
    keys: dict[Variant, str],
    cache: Cache,
) -> tuple[dict[Variant, Path | bytes | None], set[Variant], dict[Path, str]]:
    """The `missing` variants, made in worker processes with each photo decoded once for all
    its sizes (at the scale its largest planned size needs); those of them made from a photo
    saved again since it was hashed: right for this build, but not under their key; and why
    each photo too large to decode was not (replaced by a larger one since it was loaded)."""
    largest: dict[Path, tuple[int, int]] = {}
    for v in variants:
        largest[v.source] = max(largest.get(v.source, (0, 0)), (v.width, v.height))
    by_photo: dict[Path, list[Variant]] = {}
    for variant in missing:
        by_photo.setdefault(variant.source, []).append(variant)
    work = [
        (
            source,
            photos[source] or b"",
            largest[source],
            [(v, cache.path(keys[v], EXTENSIONS[v.format])) for v in sizes],
        )
        for source, sizes in by_photo.items()
    ]
    made: dict[Variant, Path | bytes | None] = {}
    unkeyed: set[Variant] = set()
    refused: dict[Path, str] = {}
    for (source, sizes), (files, keyed, why) in zip(
        by_photo.items(), map_items(_sizes, work, label="Membuat ukuran foto", pace=SLOW), strict=True
    ):
        made.update(zip(sizes, files, strict=True))
        unkeyed.update(() if keyed else sizes)
        if why:
            refused[source] = why
    return made, unkeyed, refused


UNOPENED_IMAGE = "gambar tidak bisa dibuka (berkasnya hilang atau tidak boleh dibaca); periksa berkas dan izinnya"
UNREADABLE_IMAGE = (
    "gambar rusak atau terpotong (tidak bisa dibaca sampai habis); simpan ulang atau ekspor ulang fotonya"
)

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

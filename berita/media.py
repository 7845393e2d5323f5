"""The site's generated images: link-preview cards and resized article images.

Both are slow to make and never change while their inputs do not, so both come from the
build cache when they can, and the rest are made in worker processes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import urls
from .cache import Cache, store_file
from .config import Config
from .errors import BuildError, Problem, shown_path
from .images import EXTENSIONS, Variant, render_variant, unreadable, whole_image
from .memo import PageMemo
from .model import Article
from .output import OutputFile
from .schema import CATEGORIES
from .workers import map_items

# title, site name, hero file (or None), category, the hash of the hero bytes the key was made
# from, and the cache file to write the card to (None: not kept).
CardJob = tuple[str, str, Path | None, str, bytes, Path | None]


# Each photo's hash by its file, shared by the stages of one build that key work by it: a lead
# photo is both cropped into a card and resized, and is read once.
PhotoHashes = dict[Path, bytes | None]


def preview_files(
    articles: list[Article],
    config: Config,
    cache: Cache,
    memo: PageMemo | None = None,
    store: bool = True,
    hashed: PhotoHashes | None = None,
) -> list[OutputFile]:
    """The link-preview image of every article, and the site's own for its other pages.

    An image the last build made from the same inputs is taken from `memo` (then it is the
    previous site's file, linked rather than copied), else from the cache, else made. Cards
    are files in the cache, never all in memory at once (10,000 of them are 600 MB). Without
    `store` new cards are kept in memory only (the preview's, after an edit: an author typing
    a title would otherwise leave a card in the cache for every save).
    """
    hashed = {} if hashed is None else hashed
    jobs: dict[str, tuple[str, tuple[str, str, Path | None, str]]] = {
        urls.preview_image("/"): (config.source_name, (config.description or config.title, config.title, None, ""))
    }
    for article in articles:
        hero = config.root / article.hero.source if article.hero else None
        jobs[urls.preview_image(article.path)] = (
            article.source,
            (article.title, config.title, hero, CATEGORIES[article.category]),
        )
    photos = {path: _hashed(job[2], hashed) for path, (_, job) in jobs.items()}
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
    work = [(*jobs[p][1], photos[p] or b"", cache.path(keys[p], ".jpg") if store else None) for p in missing]
    for path, image in zip(missing, map_items(_card, work, label="Membuat gambar pratinjau"), strict=True):
        made[path] = image
    problems = [_unreadable_hero(origin, config) for path, (origin, _) in jobs.items() if made[path] is None]
    if problems:
        raise BuildError(problems)
    if memo is not None:
        for path, key in keys.items():
            memo.put(urls.output_file(path), key, made[path])
    return [OutputFile(urls.output_file(path), origin, made[path]) for path, (origin, _) in jobs.items()]


def _photo_hash(photo: Path | None) -> bytes | None:
    """The photo by the hash of its bytes (so a replaced photo makes a new card or size); b""
    without a photo; None when it cannot be read (no permission, say)."""
    if photo is None:
        return b""
    try:
        return hashlib.sha256(photo.read_bytes()).digest()
    except OSError:
        return None


def _hashed(photo: Path | None, hashed: PhotoHashes) -> bytes | None:
    """_photo_hash, once per photo for all the calls that share `hashed`."""
    if photo is None:
        return b""  # not worth keeping
    if photo not in hashed:
        hashed[photo] = _photo_hash(photo)
    return hashed[photo]


def _card(job: CardJob) -> Path | bytes | None:
    """The card's file in the cache (its bytes when the cache cannot be written); None for an unreadable hero."""
    from .cards import preview_image  # here: with Pillow, it takes a tenth of a small rebuild to import

    title, site_name, hero, category, photo, target = job
    try:
        data = hero.read_bytes() if hero else None
        card = preview_image(title, site_name, data, category)
    except (ValueError, OSError):
        return None
    if target is None or (data is not None and hashlib.sha256(data).digest() != photo):
        return card  # not to be kept, or the photo was saved again meanwhile (not the key's photo)
    return store_file(target, card) or card


def _unreadable_hero(origin: str, config: Config) -> Problem:
    message = "foto utama (image.src) tidak bisa dibaca sebagai gambar JPEG, PNG, WebP atau GIF; simpan ulang fotonya"
    return Problem(origin, None, "image.src", message)


def image_files(
    articles: list[Article], config: Config, cache: Cache, hashed: PhotoHashes | None = None
) -> list[OutputFile]:
    """Every resized variant of the images the articles use, from the cache or made (in worker
    processes) and kept there, by the hash of the source's bytes and the variant's size and format.

    Two sources whose variants share a name (foto.png and foto.webp both make foto-480.webp)
    each give their files, so that the site's check reports the clash."""
    variants = sorted({v for article in articles for v in article.images}, key=lambda v: (v.path, str(v.source)))
    hashed = {} if hashed is None else hashed
    photos = {source: _hashed(source, hashed) for source in dict.fromkeys(v.source for v in variants)}
    unopened = [source for source, photo in photos.items() if photo is None]
    if unopened:
        raise BuildError([Problem(shown_path(source, config.root), None, "", UNOPENED_IMAGE) for source in unopened])
    # The height too: a photo replaced after its size was planned is made again by the next build.
    keys = {v: cache.key(photos[v.source] or b"", str(v.width), str(v.height), v.format) for v in variants}
    made = {v: cache.file(keys[v], EXTENSIONS[v.format], whole_image) for v in variants}
    missing = [v for v, file in made.items() if file is None]
    work = [(v, photos[v.source] or b"", cache.path(keys[v], EXTENSIONS[v.format])) for v in missing]
    for variant, file in zip(missing, map_items(_variant, work), strict=True):
        made[variant] = file
    damaged = dict.fromkeys(v.source for v, file in made.items() if file is None)
    if damaged:
        raise BuildError([Problem(shown_path(source, config.root), None, "", UNREADABLE_IMAGE) for source in damaged])
    return [
        OutputFile(urls.output_file(v.path), shown_path(v.source, config.root), file)
        for v, file in made.items()
        if file is not None
    ]


UNOPENED_IMAGE = "gambar tidak bisa dibuka (berkasnya hilang atau tidak boleh dibaca); periksa berkas dan izinnya"
UNREADABLE_IMAGE = (
    "gambar rusak atau terpotong (tidak bisa dibaca sampai habis); simpan ulang atau ekspor ulang fotonya"
)

# The variant, the hash of the source bytes its key was made from, and the cache file to write it to.
VariantJob = tuple[Variant, bytes, Path]


def _variant(job: VariantJob) -> Path | bytes | None:
    """The variant's file in the cache (its bytes when the cache cannot be written, or the
    photo was saved again meanwhile); None for a source that cannot be read as an image."""
    variant, photo, target = job
    try:
        data = variant.source.read_bytes()
        encoded = render_variant(data, variant)
    except unreadable():
        return None
    if hashlib.sha256(data).digest() != photo:
        return encoded  # not the key's photo: not to be kept under its key
    return store_file(target, encoded) or encoded

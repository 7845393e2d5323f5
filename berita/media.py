"""The site's generated images: link-preview cards and resized article images.

Both are slow to make and never change while their inputs do not, so both come from the
build cache when they can, and the rest are made in worker processes.
"""

from __future__ import annotations

from pathlib import Path

from . import urls
from .cache import Cache
from .cards import preview_image
from .config import Config
from .errors import BuildError, Problem, shown_path
from .images import Variant, cached_variant
from .memo import PageMemo
from .model import Article
from .output import OutputFile
from .schema import CATEGORIES
from .workers import map_items

CardJob = tuple[str, str, bytes | None, str]


def preview_files(
    articles: list[Article], config: Config, cache: Cache, memo: PageMemo | None = None
) -> list[OutputFile]:
    """The link-preview image of every article, and the site's own for its other pages.

    An image the last build made from the same inputs is taken from `memo` (then it is the
    previous site's file, linked rather than copied), else from the cache, else made.
    """
    jobs: dict[str, tuple[str, CardJob]] = {
        urls.preview_image("/"): (config.source_name, (config.description or config.title, config.title, None, ""))
    }
    for article in articles:
        hero = (config.root / article.hero.source).read_bytes() if article.hero else None
        jobs[urls.preview_image(article.path)] = (
            article.source,
            (article.title, config.title, hero, CATEGORIES[article.category]),
        )
    keys = {path: cache.key(*[part or b"" for part in job]) for path, (_, job) in jobs.items()}
    last = memo or PageMemo()
    made = {path: last.get(urls.output_file(path), key) or cache.get(key) for path, key in keys.items()}
    missing = [path for path, image in made.items() if image is None]
    for path, image in zip(
        missing, map_items(_card, [jobs[p][1] for p in missing], label="Membuat gambar pratinjau"), strict=True
    ):
        made[path] = image
        if image is not None:
            cache.put(keys[path], image)
    problems = [_unreadable_hero(origin, config) for path, (origin, _) in jobs.items() if made[path] is None]
    if problems:
        raise BuildError(problems)
    if memo is not None:
        for path, key in keys.items():
            memo.put(urls.output_file(path), key, made[path])
    return [OutputFile(urls.output_file(path), origin, made[path]) for path, (origin, _) in jobs.items()]


def _card(job: CardJob) -> bytes | None:
    try:
        return preview_image(*job)
    except ValueError:
        return None


def _unreadable_hero(origin: str, config: Config) -> Problem:
    message = "foto utama (image.src) tidak bisa dibaca sebagai gambar JPEG, PNG, WebP atau GIF; simpan ulang fotonya"
    return Problem(origin, None, "image.src", message)


def image_files(articles: list[Article], config: Config, folder: Path) -> list[OutputFile]:
    """Every resized variant of the images the articles use, made once and cached by the source's hash."""
    variants = {v.path: v for article in articles for v in article.images}
    ordered = sorted(variants.items())
    made = map_items(_variant, [(variant, folder) for _, variant in ordered])
    return [
        OutputFile(urls.output_file(path), shown_path(variant.source, config.root), file)
        for (path, variant), file in zip(ordered, made, strict=True)
    ]


def _variant(job: tuple[Variant, Path]) -> Path:
    return cached_variant(*job)

"""One content file read: its bytes within the size limit, then either the rendered article the
cache kept for exactly those bytes, or its front matter validated and its address worked out
(a Parsed, waiting to be rendered), or its problems.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .. import urls
from ..config import Config
from ..errors import Problem
from ..frontmatter.schema import MAX_SLUG, SLUG, FrontMatter, cross_field_problems
from ..frontmatter.source import Source, read_source, reference_problems
from ..frontmatter.validation import explain_all, field_path
from ..incremental.cache import Cache
from ..model import Article
from .resolve import Dependencies
from .standalone import is_standalone, standalone_front

MAX_ARTICLE_BYTES = 1_000_000


@dataclass(frozen=True)
class Parsed:
    """A file whose front matter is valid, waiting for its Markdown to be rendered."""

    source: Source
    front: FrontMatter
    slug: str
    path: str
    key: str
    standalone: bool = False  # a page in content/halaman/ (standalone.py)


# A rendered article and what its links depend on: what the cache keeps of a file.
Loaded = tuple[Article, Dependencies]


def read_content_file(
    path: Path, file: str, config: Config, cache: Cache | None, lookup: bool = True
) -> Parsed | list[Problem] | Loaded:
    """The parsed file, its problems, or the rendered article when the cache had it."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            message = f"file terlalu besar ({size / 1_000_000:.1f} MB; paling besar 1 MB); apakah ada gambar atau lampiran yang tertempel? simpan sebagai file terpisah"
            return [Problem(file, None, "", message)]
        data = path.read_bytes()
    except OSError as exc:  # deleted, renamed or locked since the folder was listed
        message = f"file hilang atau tidak bisa dibaca selama build berjalan ({exc.strerror}); jalankan build lagi"
        return [Problem(file, None, "", message)]
    key = cache.key(file, data) if cache is not None else hashlib.sha256(file.encode() + b"\0" + data).hexdigest()
    hit = cache.get(cache.key(file)) if cache is not None and lookup else None
    if isinstance(hit, tuple) and len(hit) == 2 and hit[0] == key:
        return hit[1]
    return _parse(data, file, path.stem, key, config)


def cache_rendered(cache: Cache, item: Parsed, loaded: Loaded) -> None:
    """Keep a rendered article in the file's one place in the cache, with the key of the bytes it
    was rendered from: each save of a file replaces its entry (an editor saving every second
    while an author types would otherwise leave thousands of them)."""
    cache.put(cache.key(item.source.file), (item.key, loaded))


def problems_of(data: bytes, file: str, config: Config) -> list[Problem]:
    """What the load stage would say of a file `file` (a content path) holding `data`: its front
    matter's problems and its address's; its links are not looked at."""
    parsed = _parse(data, file, Path(file).stem, "", config)
    return parsed if isinstance(parsed, list) else []


def _parse(data: bytes, file: str, stem: str, key: str, config: Config) -> Parsed | list[Problem]:
    source = read_source(data, file)
    if isinstance(source, list):
        return source
    if is_standalone(file, config):
        page = standalone_front(source, stem, config)
        return page if isinstance(page, list) else Parsed(source, page[0], page[1], urls.standalone(page[1]), key, True)
    try:
        front = FrontMatter.model_validate(source.data, context={"zone": config.zone})
    except ValidationError as exc:
        return [
            Problem(file, source.line_of(loc), field_path(loc), text) for loc, text in explain_all(exc, FrontMatter)
        ]
    problems = [Problem(file, source.line_of(loc), field_path(loc), text) for loc, text in cross_field_problems(front)]
    problems += reference_problems(source)
    slug = front.slug or stem
    if not re.fullmatch(SLUG, slug) or len(slug) > MAX_SLUG:
        rule = f"huruf kecil a-z, angka, tanda -, paling banyak {MAX_SLUG} karakter"
        message = f'nama file "{stem}.md" tidak bisa jadi alamat; ganti namanya ({rule}) atau isi `slug`'
        problems.append(Problem(file, 1, "slug", message))
    path = urls.article(front.date.at, slug)
    for number, alias in enumerate(front.aliases):
        if alias in (path, urls.preview_image(path)):
            message = f"{alias} adalah alamat artikel ini sendiri, bukan alamat lamanya; hapus dari `aliases`"
            problems.append(
                Problem(file, source.line_of(("aliases", number)), field_path(("aliases", number)), message)
            )
    return problems or Parsed(source, front, slug, path, key)

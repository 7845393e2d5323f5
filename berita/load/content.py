"""Load stage: every content file read, validated and rendered into an immutable Article.

Every problem in every file is collected before anything fails, so an author sees the
whole list at once. Rendered articles come from the build cache when nothing they depend
on changed; the rest are rendered in worker processes when there are many.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import ValidationError

from .. import urls
from ..config import Config
from ..disk import FileState, disk_clock_ns, file_state, is_racy
from ..errors import BuildError, Problem, shown_path
from ..frontmatter.schema import MAX_SLUG, SLUG, FrontMatter, cross_field_problems
from ..frontmatter.source import Source, read_source, reference_problems
from ..frontmatter.validation import explain_all, field_path
from ..incremental.cache import Cache
from ..model import Article, Hero, InternalLink, Tag, slugify, tag_slug
from ..workers import map_items
from .body import oversized_hero, oversized_images, render_body
from .markup import MarkdownRenderer
from .resolve import Dependencies, LinkResolver, Pictures, Surroundings, still_holds
from .standalone import is_standalone, standalone_front

__all__ = [
    "Article",
    "Hero",
    "InternalLink",
    "Tag",
    "content_files",
    "is_markdown",
    "link_problems",
    "load_articles",
    "slugify",
]

# Editor and system leftovers that live beside articles and are never part of the site.
IGNORED_SUFFIXES = ("~", ".swp", ".swo", ".bak", ".tmp", ".orig")
IGNORED_NAMES = {"Thumbs.db", "desktop.ini"}
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


def content_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """Every file under `folder` that the build reads, and every symbolic link there (never
    followed: link_problems refuses them); hidden files and editor leftovers skipped."""
    found: list[str] = []
    links: list[str] = []
    # os.scandir, not Path.rglob: this runs over every file of a large site on every build, and
    # the kind of an entry comes with it (a stat only for a link).
    todo = [str(folder)]
    while todo:
        try:
            entries = list(os.scandir(todo.pop()))
        except OSError:  # missing or unreadable: skipped, as os.walk does
            continue
        for entry in entries:
            try:
                if entry.is_symlink():
                    if not is_leftover(entry.name):
                        links.append(entry.path)
                elif entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith("."):
                        todo.append(entry.path)
                elif not is_leftover(entry.name) and entry.is_file(follow_symlinks=False):
                    found.append(entry.path)
            except OSError:  # vanished meanwhile: not a file, as os.path.isfile says
                continue
    # In the order of sorted Paths (by their parts), without making and comparing Paths.
    return [Path(path) for path in sorted(found, key=lambda path: path.split(os.sep))], sorted(map(Path, links))


def is_leftover(name: str) -> bool:
    """A hidden file or an editor's or system's leftover, by its name: never part of the site."""
    return name.endswith(IGNORED_SUFFIXES) or name in IGNORED_NAMES or name.startswith(("#", "."))


def is_skipped(relative: Path) -> bool:
    """Whether content_files skips this path inside the folder: in a hidden folder, or a leftover."""
    return any(part.startswith(".") for part in relative.parts[:-1]) or is_leftover(relative.name)


def is_markdown(path: Path) -> bool:
    """An article file: `.md` in any case (`.MD` from some Windows editors)."""
    return path.suffix.lower() == ".md"


def link_problems(links: list[Path], root: Path) -> list[Problem]:
    """Symbolic links are refused wherever they lead: berita publishes only files that are
    themselves in content/ or static/, and a link could publish the project's secrets
    (`lampiran.txt -> ../../.git/config`) or anything on the machine."""
    problems = []
    for path in links:
        kind = "folder" if path.is_dir() else "file"
        message = f"tautan simbolik tidak diterima (berita hanya menerbitkan file yang benar-benar ada di sini); salin {kind} yang dituju ke tempat ini"
        problems.append(Problem(shown_path(path, root), None, "", message))
    return problems


@dataclass
class KnownFiles:
    """Articles an earlier build in this process loaded (the preview keeps them), by source file
    with the size, time and inode it had: a file that still has them is not read again."""

    entries: dict[str, tuple[FileState, tuple[Article, Dependencies]]] = field(default_factory=dict)
    # The settings they were rendered with: another base_url makes other links.
    config: Config | None = None
    # What their links were resolved against: the articles' addresses and the other files.
    around: Surroundings | None = None
    # The last related articles worked out (index.related_map's memo).
    related: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    # The photos' hashes the last build found, by file with its state (media.PhotoHashes.kept).
    photos: dict[str, tuple[FileState, bytes]] = field(default_factory=dict)
    # How many articles the last load could not take from `entries`.
    missed: int = 0


def load_articles(
    config: Config, cache: Cache | None = None, known: KnownFiles | None = None, started_ns: int | None = None
) -> tuple[Article, ...]:
    """Read every article under the content folder, or raise BuildError listing every problem.
    `started_ns`: when the build began, by the disk's clock (disk.disk_clock_ns)."""
    folder = config.folder("content")
    started_ns = disk_clock_ns(config.cache_folder) if started_ns is None else started_ns
    files, links = content_files(folder)
    problems: list[Problem] = link_problems(links, config.root)
    raw = {shown_path(path, config.root): path for path in files if is_markdown(path)}
    cached: dict[str, tuple[Article, Dependencies]] = {}
    # A file gone since the folder was listed has no state (_read says so).
    states = {file: state for file, path in raw.items() if (state := file_state(path))} if known is not None else {}
    reusable = known.entries if known is not None and known.config == config else {}
    for file, state in states.items():
        entry = reusable.get(file)
        if entry is not None and entry[0] == state:
            cached[file] = entry[1]
    from_known = set(cached)
    parsed: dict[str, Parsed] = {}
    unread = [(file, path) for file, path in raw.items() if file not in cached]
    for (file, _), result in zip(unread, _read_all(unread, config, cache), strict=True):
        problems += _sort(file, result, parsed, cached)
    around = Surroundings(
        by_source={**{f: a.path for f, (a, _) in cached.items()}, **{f: p.path for f, p in parsed.items()}},
        assets=frozenset(shown_path(path, config.root) for path in files if not is_markdown(path)),
        content_prefix=config.folder("content").relative_to(config.root).as_posix(),
        broken=frozenset(raw) - set(parsed) - set(cached),
    )
    for file in [f for f, (_, depends) in cached.items() if not still_holds(depends, around)]:
        del cached[file]
        from_known.discard(file)
        problems += _sort(file, _read(raw[file], file, config, cache, lookup=False), parsed, cached)
    items = list(parsed.values())
    # Workers are forked with `items` in memory, so each is sent only its number.
    rendered = map_items(_render, range(len(items)), _prepare, (config, around, cache, items), label="Merender artikel")
    _SHARED.clear()  # the items, when rendered in this process: not kept past the build
    articles = {file: article for file, (article, _) in cached.items()}
    fresh: dict[str, tuple[Article, Dependencies]] = {}
    for item, (article, found, depends) in zip(items, rendered, strict=True):
        problems += found
        articles[item.source.file] = article
        if not found:
            fresh[item.source.file] = (article, depends)
    if problems:
        raise BuildError(problems)
    if known is not None:
        known.config, known.around, known.missed = config, around, len(raw) - len(from_known)
        known.entries = {}
        for file, loaded in {**cached, **fresh}.items():
            if file in states:  # else it was replaced while being listed: read again next time
                remember(known, file, states[file], loaded, started_ns)
    return tuple(articles[file] for file in sorted(articles))


def remember(
    known: KnownFiles, file: str, state: FileState, loaded: tuple[Article, Dependencies], started_ns: int
) -> None:
    """Keep what was loaded for the next build, unless the file was saved too recently to
    trust its time (see disk.is_racy): then it is read again next time."""
    if is_racy(state, started_ns):
        known.entries.pop(file, None)
    else:
        known.entries[file] = (state, loaded)


def reload_article(
    file: str, config: Config, around: Surroundings, cache: Cache | None = None
) -> tuple[Article, Dependencies] | None:
    """One article read and rendered again, in this process, its links resolved against
    `around` (the preview's, after an edit); None when it has any problem, for a whole
    build to find and report."""
    try:
        result = _read(config.root / file, file, config, cache)
    except OSError:  # gone again, or being replaced by the editor
        return None
    if isinstance(result, tuple):
        return result if still_holds(result[1], around) else None
    if not isinstance(result, Parsed):
        return None
    article, problems, depends = _article(result, MarkdownRenderer(), around, config)
    if problems:
        return None
    if cache is not None:
        _store(cache, result, (article, depends))
    return article, depends


Loaded = tuple[Article, Dependencies]


def _read_all(
    files: list[tuple[str, Path]], config: Config, cache: Cache | None
) -> list[Parsed | list[Problem] | Loaded]:
    """_read for each (file, path), in worker processes when there are many (a cold build)."""
    outcomes = map_items(_read_shared, files, _prepare_reading, (config, cache))
    if cache is not None:
        cache.warnings += [warning for _, warnings in outcomes for warning in warnings]
    return [result for result, _ in outcomes]


def _prepare_reading(config: Config, cache: Cache | None) -> None:
    _SHARED.update(config=config, cache=cache)


def _read_shared(job: tuple[str, Path]) -> tuple[Parsed | list[Problem] | Loaded, list[Problem]]:
    """_read in a worker, with the cache's warnings it caused (a worker's own cache is not the build's)."""
    file, path = job
    config, cache = _SHARED["config"], _SHARED["cache"]
    assert isinstance(config, Config) and (cache is None or isinstance(cache, Cache))
    before = len(cache.warnings) if cache is not None else 0
    result = _read(path, file, config, cache)
    if cache is None:
        return result, []
    warnings = cache.warnings[before:]
    del cache.warnings[before:]
    return result, warnings


def _sort(
    file: str, result: Parsed | list[Problem] | Loaded, parsed: dict[str, Parsed], cached: dict[str, Loaded]
) -> list[Problem]:
    """Puts what _read gave into `parsed` or `cached`; returns its problems."""
    if isinstance(result, Parsed):
        parsed[file] = result
    elif isinstance(result, tuple):
        cached[file] = result
    else:
        return result
    return []


def _read(
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


def _store(cache: Cache, item: Parsed, loaded: Loaded) -> None:
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


def _hero_problems(src: str, source: Source, config: Config) -> list[Problem]:
    """A lead image must be a file of this site: beside the article, or under static/ with a leading /."""
    line = source.line_of(("image", "src"))
    if urlsplit(src).scheme or src.startswith("//"):
        message = "harus file gambar di samping artikel atau di folder static/, bukan alamat web; unduh fotonya ke sana"
        return [Problem(source.file, line, "image.src", message)]
    if src.startswith("/") and not (config.folder("static") / src.lstrip("/")).is_file():
        shown = f"{config.folders.static}{src}"
        return [Problem(source.file, line, "image.src", f"gambar tidak ditemukan: {src} (dicari di {shown})")]
    return []


# What every render in this process shares, set once per worker (see workers.map_items).
_SHARED: dict[str, object] = {}


def _prepare(config: Config, around: Surroundings, cache: Cache | None, items: list[Parsed]) -> None:
    _SHARED.update(config=config, around=around, renderer=MarkdownRenderer(), cache=cache, items=items)


def _render(number: int) -> tuple[Article, list[Problem], Dependencies]:
    """The article `items[number]` rendered and, when it has no problems, stored in the cache: by
    the worker that made it, so that on a cold build the main process does not write them in turn."""
    config, around, renderer, cache = _SHARED["config"], _SHARED["around"], _SHARED["renderer"], _SHARED["cache"]
    item = _SHARED["items"][number]  # type: ignore[index]
    assert isinstance(config, Config) and isinstance(around, Surroundings) and isinstance(item, Parsed)
    assert isinstance(renderer, MarkdownRenderer) and (cache is None or isinstance(cache, Cache))
    article, problems, depends = _article(item, renderer, around, config)
    if cache is not None and not problems:
        _store(cache, item, (article, depends))
    return article, problems, depends


def _article(
    item: Parsed, renderer: MarkdownRenderer, around: Surroundings, config: Config
) -> tuple[Article, list[Problem], Dependencies]:
    source, front = item.source, item.front
    depends: Dependencies = {}
    links = LinkResolver(source, around, urls.Urls(config.base_url), depends, config.security.sanitize)
    pictures = Pictures(config, depends)
    body, body_html, summary, warnings = render_body(source, front, renderer, links, pictures, config)
    links.problems += oversized_images(source, pictures)
    hero = None
    if front.image:
        src = front.image.src
        links.problems += _hero_problems(src, source, config)
        path = links.site_path("image", src, source.line_of(("image", "src")), "image.src") or src
        origin = f"{config.folders.static}{path}" if src.startswith("/") else f"{around.content_prefix}{path}"
        picture = pictures.for_link(urls.Urls(config.base_url).link(path))
        links.problems += oversized_hero(source, config.root / origin, picture)
        hero = Hero(path, front.image.alt, front.image.caption, front.image.credit, origin, picture)
    article = Article(
        source=source.file,
        slug=item.slug,
        path=item.path,
        title=front.title,
        date=front.date,
        updated=front.updated,
        category=front.category,
        tags=tuple(Tag(tag_slug(t), t) for t in front.tags),
        summary=summary,
        authors=tuple(front.author) or ((config.default_author,) if config.default_author else ()),
        hero=hero,
        draft=front.draft,
        event=front.event,
        form=front.form,
        body_html=body_html,
        heading_ids=body.heading_ids,
        words=len(body.text.split()),
        assets=links.published_assets(pictures.pictured()),
        links=tuple(links.internal),
        warnings=warnings,
        aliases=tuple(front.aliases),
        images=pictures.variants(),
        digest=hashlib.sha256(f"{item.key}{body.html}{hero}{pictures.variants()}".encode()).hexdigest(),
        featured=front.featured,
        standalone=item.standalone,
    )
    return article, links.problems, depends

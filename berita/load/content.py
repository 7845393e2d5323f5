"""Load stage: every content file read, validated and rendered into an immutable Article.

Every problem in every file is collected before anything fails, so an author sees the
whole list at once. Rendered articles come from the build cache when nothing they depend
on changed; the rest are rendered in worker processes when there are many. Which files are
read is listing's; one file's reading is reading's, its rendering article's.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import Config
from ..disk import FileState, disk_clock_ns, file_state, is_racy
from ..errors import BuildError, Problem, shown_path
from ..incremental.cache import Cache
from ..model import Article
from ..workers import map_items
from .article import render_article
from .listing import content_paths, is_markdown, link_problems
from .markup import MarkdownRenderer
from .reading import Loaded, Parsed, cache_rendered, read_content_file
from .resolve import Dependencies, Surroundings, still_holds


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


def load_articles(config: Config, cache: Cache | None = None) -> tuple[Article, ...]:
    """Read every article under the content folder, or raise BuildError listing every problem."""
    return load_known(config, cache, None)[0]


def load_known(
    config: Config, cache: Cache | None, known: KnownFiles | None, started_ns: int | None = None
) -> tuple[tuple[Article, ...], KnownFiles]:
    """Every article, as load_articles, taking unchanged files from `known` (left as it is),
    and what the next build may take from this one: the articles by file state.
    `started_ns`: when the build began, by the disk's clock (disk.disk_clock_ns)."""
    folder = config.folder("content")
    started_ns = disk_clock_ns(config.cache_folder) if started_ns is None else started_ns
    files, links = content_paths(folder)  # strings: a Path each costs a large site a twentieth of a second
    problems: list[Problem] = link_problems([Path(link) for link in links], config.root)
    raw = {shown_path(path, config.root): path for path in files if is_markdown(path)}
    cached: dict[str, tuple[Article, Dependencies]] = {}
    # A file gone since the folder was listed has no state (read_content_file says so).
    states = {file: state for file, path in raw.items() if (state := file_state(path))} if known is not None else {}
    reusable = known.entries if known is not None and known.config == config else {}
    for file, state in states.items():
        entry = reusable.get(file)
        if entry is not None and entry[0] == state:
            cached[file] = entry[1]
    from_known = set(cached)
    parsed: dict[str, Packed] = {}
    unread = [(file, Path(path)) for file, path in raw.items() if file not in cached]
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
        problems += _sort(file, read_content_file(Path(raw[file]), file, config, cache, lookup=False), parsed, cached)
    items = list(parsed.values())
    rendered = map_items(_render, items, _prepare, (config, around, cache), label="Merender artikel")
    _SHARED.clear()  # what the render shared, when in this process: not kept past the build
    articles = {file: article for file, (article, _) in cached.items()}
    fresh: dict[str, tuple[Article, Dependencies]] = {}
    for item, (article, found, depends) in zip(items, rendered, strict=True):
        problems += found
        articles[item.file] = article
        if not found:
            fresh[item.file] = (article, depends)
    if problems:
        raise BuildError(problems)
    learned = KnownFiles(config=config, around=around, missed=len(raw) - len(from_known))
    if known is not None:
        learned = replace(learned, related=known.related, photos=known.photos)
        for file, loaded in {**cached, **fresh}.items():
            if file in states:  # else it was replaced while being listed: read again next time
                remember(learned, file, states[file], loaded, started_ns)
    return tuple(articles[file] for file in sorted(articles)), learned


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
        result = read_content_file(config.root / file, file, config, cache)
    except OSError:  # gone again, or being replaced by the editor
        return None
    if isinstance(result, tuple):
        return result if still_holds(result[1], around) else None
    if not isinstance(result, Parsed):
        return None
    article, problems, depends = render_article(result, MarkdownRenderer(), around, config)
    if problems:
        return None
    if cache is not None:
        cache_rendered(cache, result, (article, depends))
    return article, depends


@dataclass(frozen=True)
class Packed:
    """A parsed file (reading.Parsed) between the two passes of the load, as the bytes of its
    pickle: the main process holds these and sends them to the workers that render them. Held
    as objects, the parsed files (145 MB at 10,000 articles) were in memory when those workers
    were forked, and each worker copied every one it touched (its reference counts)."""

    file: str
    path: str  # the article's address (Surroundings needs every one before any is rendered)
    pickled: bytes

    @staticmethod
    def of(item: Parsed) -> Packed:
        return Packed(item.source.file, item.path, pickle.dumps(item, pickle.HIGHEST_PROTOCOL))


def _read_all(
    files: list[tuple[str, Path]], config: Config, cache: Cache | None
) -> list[Packed | list[Problem] | Loaded]:
    """read_content_file for each (file, path), in worker processes when there are many (a cold build)."""
    outcomes = map_items(_read_shared, files, _prepare_reading, (config, cache))
    if cache is not None:
        cache.warnings += [warning for _, warnings in outcomes for warning in warnings]
    return [result for result, _ in outcomes]


def _prepare_reading(config: Config, cache: Cache | None) -> None:
    _SHARED.update(config=config, cache=cache)


def _read_shared(job: tuple[str, Path]) -> tuple[Packed | list[Problem] | Loaded, list[Problem]]:
    """read_content_file in a worker, with the cache's warnings it caused (a worker's own cache
    is not the build's); a parsed file packed (a worker pickles it to send it back anyway; for the
    few files a build reads in this process, the round trip costs a fraction of a millisecond)."""
    file, path = job
    config, cache = _SHARED["config"], _SHARED["cache"]
    assert isinstance(config, Config) and (cache is None or isinstance(cache, Cache))
    before = len(cache.warnings) if cache is not None else 0
    read = read_content_file(path, file, config, cache)
    result = Packed.of(read) if isinstance(read, Parsed) else read
    if cache is None:
        return result, []
    warnings = cache.warnings[before:]
    del cache.warnings[before:]
    return result, warnings


def _sort(
    file: str, result: Parsed | Packed | list[Problem] | Loaded, parsed: dict[str, Packed], cached: dict[str, Loaded]
) -> list[Problem]:
    """Puts what read_content_file gave into `parsed` (packed) or `cached`; returns its problems."""
    if isinstance(result, Parsed | Packed):
        parsed[file] = result if isinstance(result, Packed) else Packed.of(result)
    elif isinstance(result, tuple):
        cached[file] = result
    else:
        return result
    return []


# What every render in this process shares, set once per worker (see workers.map_items).
_SHARED: dict[str, object] = {}


def _prepare(config: Config, around: Surroundings, cache: Cache | None) -> None:
    _SHARED.update(config=config, around=around, renderer=MarkdownRenderer(), cache=cache)


def _render(packed: Packed) -> tuple[Article, list[Problem], Dependencies]:
    """The packed file rendered and, when it has no problems, stored in the cache: by the worker
    that made it, so that on a cold build the main process does not write them in turn."""
    config, around, renderer, cache = _SHARED["config"], _SHARED["around"], _SHARED["renderer"], _SHARED["cache"]
    item = pickle.loads(packed.pickled)  # pickled by this build (Packed.of)
    assert isinstance(config, Config) and isinstance(around, Surroundings) and isinstance(item, Parsed)
    assert isinstance(renderer, MarkdownRenderer) and (cache is None or isinstance(cache, Cache))
    article, problems, depends = render_article(item, renderer, around, config)
    if cache is not None and not problems:
        cache_rendered(cache, item, (article, depends))
    return article, problems, depends

"""The build, as one recipe: the only place that knows the order of the stages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import urls
from .cards import preview_image
from .check import check_site
from .config import Config
from .content import Article, content_files, load_articles
from .errors import BuildError, Problem
from .images import cached_variant
from .index import index_site
from .output import OutputFile, refuse_unsafe_output, write_output
from .render import render_site
from .schema import CATEGORIES
from .search import index_search

# Work kept between builds (resized images), inside the project and git-ignored.
CACHE_FOLDER = ".cache"


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False


@dataclass(frozen=True)
class BuildResult:
    articles: int
    files: tuple[OutputFile, ...]
    warnings: tuple[Problem, ...] = ()


def build_site(config: Config, options: BuildOptions, now: datetime) -> BuildResult:
    """Load, index, render and check the site; nothing is written. Raises BuildError."""
    articles = load_articles(config)
    published = [a for a in articles if a.is_published(now, options.drafts, options.future)]
    site = index_site(published, now)
    files = render_site(site, config) + static_files(config) + asset_files(published, config)
    files += preview_files(published, config) + image_files(published, config)
    problems = check_site(published, files)
    if problems:
        raise BuildError(problems)
    warnings = tuple(warning for article in published for warning in article.warnings)
    return BuildResult(len(published), tuple(files), warnings)


def build(config: Config, options: BuildOptions, now: datetime) -> BuildResult:
    """Build the site and swap it into the output folder."""
    output = config.folder("output")
    sources = [config.folder(name) for name in ("content", "templates", "static")]
    refuse_unsafe_output(output, config.root, sources, config.source_name)
    result = build_site(config, options, now)
    try:
        write_output(list(result.files), output, index_search if config.search.enabled else None)
    except OSError as exc:
        raise BuildError([_write_problem(exc)]) from None
    return result


def static_files(config: Config) -> list[OutputFile]:
    """Files under static/, copied as they are to the same place in the site."""
    folder = config.folder("static")
    if not folder.is_dir():
        return []
    return [
        OutputFile(p.relative_to(folder).as_posix(), f"static/{p.relative_to(folder).as_posix()}", p)
        for p in content_files(folder)
    ]


def asset_files(articles: list[Article], config: Config) -> list[OutputFile]:
    """Images and files next to articles, each copied once to its place under the site."""
    folder = config.folder("content")
    used = sorted({asset for article in articles for asset in article.assets})
    return [
        OutputFile(
            urls.output_file(a), (folder / a.lstrip("/")).relative_to(config.root).as_posix(), folder / a.lstrip("/")
        )
        for a in used
    ]


def image_files(articles: list[Article], config: Config) -> list[OutputFile]:
    """Every resized variant of the images the articles use, made once and cached by the source's hash."""
    cache = config.root / CACHE_FOLDER / "images"
    variants = {v.path: v for article in articles for v in article.images}
    return [
        OutputFile(urls.output_file(path), _origin(variant.source, config), cached_variant(variant, cache))
        for path, variant in sorted(variants.items())
    ]


def _origin(path: Path, config: Config) -> str:
    return path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else str(path)


def preview_files(articles: list[Article], config: Config) -> list[OutputFile]:
    """The link-preview image of every article, and the site's own for its other pages."""
    site_card = preview_image(config.description or config.title, config.title)
    files = [OutputFile(urls.output_file(urls.preview_image("/")), config.source_name, site_card)]
    problems = []
    for article in articles:
        hero = (config.root / article.hero.source).read_bytes() if article.hero else None
        try:
            image = preview_image(article.title, config.title, hero, CATEGORIES[article.category])
        except ValueError:
            message = f"foto utama {article.hero.source} tidak bisa dibaca sebagai gambar JPEG, PNG, WebP atau GIF; simpan ulang fotonya"
            problems.append(Problem(article.source, None, "image.src", message))
            continue
        files.append(OutputFile(urls.output_file(urls.preview_image(article.path)), article.source, image))
    if problems:
        raise BuildError(problems)
    return files


def _write_problem(exc: OSError) -> Problem:
    return Problem(str(exc.filename or "output"), None, "", f"gagal menulis output: {exc.strerror}")

"""The build, as one recipe: the only place that knows the order of the stages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .check import check_site
from .config import Config
from .content import Article, content_files, load_articles
from .errors import BuildError, Problem
from .index import index_site
from .output import OutputFile, refuse_unsafe_output, write_output
from .render import render_site


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
        write_output(list(result.files), output)
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
    used = sorted({asset for article in articles for asset in article.assets})
    return [OutputFile(asset.split("/", 1)[1], asset, config.root / asset) for asset in used]


def _write_problem(exc: OSError) -> Problem:
    return Problem(str(exc.filename or "output"), None, "", f"gagal menulis output: {exc.strerror}")

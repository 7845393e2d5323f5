"""Render stage: the pages the page list names (pages.py) through the Jinja2 environment
(environment.py) into output files held in memory, in worker processes, taken from the page
memo where a page's fingerprint did not change; a template's mistake as a problem."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError

from .. import urls
from ..config import Config
from ..disk import made_folder, written_new
from ..errors import BuildError, Problem
from ..incremental.memo import Fingerprints, PageMemo, site_parts
from ..model import Content, OutputFile
from ..workers import map_items
from .environment import make_environment
from .index import Site
from .pages import PageSpec


def render_site(
    site: Site,
    specs: list[PageSpec],
    config: Config,
    memo: PageMemo | None = None,
    compiled: Path | None = None,
    spool: Path | None = None,
) -> tuple[list[OutputFile], dict[str, set[str]]]:
    """The pages `specs` lists (all of `site_pages`), keyed by their file inside the output
    folder; pages in `memo` whose fingerprint did not change are taken from it instead of
    rendered. Many pages are rendered in worker processes, each with its own Jinja environment.
    With a `memo`, each page carries its fingerprint, and the articles each page shows are
    returned beside them (see `PageMemo.shows`).

    `spool`: a folder this build owns (made here when used), where the HTML pages go as
    files when there are SPOOL_FROM of them or more to render, instead of being held in memory:
    at 10,000 articles they are 200 MB, which the write stage then links into the site."""
    files = [urls.output_file(spec.path) for spec in specs]
    prints = None
    if memo is not None:
        templates = read_templates(config.folder("templates"))
        prints = Fingerprints(templates_digest(config, templates), site, site_parts(templates))
    fingerprints = [prints.of(s.template, s.path, s.title, s.context) if prints else "" for s in specs]
    contents: list[Content | None] = [
        memo.get(file, print_) if memo is not None else None for file, print_ in zip(files, fingerprints, strict=True)
    ]
    missing = [number for number, content in enumerate(contents) if content is None]
    spooled = made_folder(spool) if len(missing) >= SPOOL_FROM else None
    shared = (site, specs, config, compiled, spooled)
    made = map_items(_render_page, missing, _prepare, shared, label="Merender halaman")
    _SHARED.clear()  # what the render shared, when in this process: not kept past the build
    for number, page in zip(missing, made, strict=True):
        contents[number] = page
    rendered = []
    for spec, file, print_, content in zip(specs, files, fingerprints, contents, strict=True):
        assert content is not None
        origin = spec.origin or f"{config.folders.templates}/{spec.template}"
        rendered.append(OutputFile(file, origin, content, print_))
    return rendered, prints.shows if prints is not None else {}


# From this many pages to render, the HTML ones are written to the spool (a cold build or a
# change of template at several thousand articles, where memory runs short); below it the pages
# stay in memory: at 1,000 articles (1,500 pages, 40 MB) writing and linking them cost a cold
# build 7% more time for no memory it lacked.
SPOOL_FROM = 5000

# What every page render in this process shares, set once per worker (see workers.map_items).
_SHARED: dict[str, Any] = {}


def _prepare(site: Site, specs: list[PageSpec], config: Config, compiled: Path | None, spool: Path | None) -> None:
    # The page list as the build made it, not made again (a tenth of a second at 10,000 articles,
    # and a worker that makes its own copies more of the build's memory: it touches every article).
    _SHARED.update(env=make_environment(config, compiled), specs=specs, site=site, config=config, spool=spool)


def _render_page(number: int) -> bytes | Path:
    spec, spool = _SHARED["specs"][number], _SHARED["spool"]
    page = _render(_SHARED["env"], spec, _SHARED["site"], _SHARED["config"])
    # Feeds and the sitemap stay in memory: the check stage parses them (check.unreadable_xml).
    if spool is None or not urls.output_file(spec.path).endswith(".html"):
        return page
    target = spool / f"{number}.html"
    return target if written_new(target, page) else page  # not written: held in memory after all


def render_pages(specs: list[PageSpec], site: Site, config: Config, compiled: Path | None = None) -> list[bytes]:
    """A few pages rendered here, in this process (the preview's pages after an edit)."""
    env = make_environment(config, compiled)
    return [_render(env, spec, site, config) for spec in specs]


def _render(env: Environment, spec: PageSpec, site: Site, config: Config) -> bytes:
    try:
        html = env.get_template(spec.template).render(site=site, path=spec.path, title=spec.title, **spec.context)
    except TemplateError as exc:
        raise BuildError([template_problem(exc, spec.template, config)]) from None
    return html.encode("utf-8")


def read_templates(folder: Path) -> dict[str, str]:
    """Every template by its name under the folder, as Jinja names it."""
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(template_files(folder))
    }


def templates_digest(config: Config, templates: dict[str, str]) -> bytes:
    """Every template and the config: a change to any of them changes every page."""
    digest = hashlib.sha256(config.model_dump_json().encode())
    for name, text in templates.items():
        digest.update(f"{name}\0{text}\0".encode())
    return digest.digest()


def template_files(folder: Path) -> list[Path]:
    """Every file under the templates folder, through linked folders too (Jinja follows them), each folder once."""
    found, seen = [], set()
    for parent, folders, names in os.walk(folder, followlinks=True):
        place = os.stat(parent)
        if (place.st_dev, place.st_ino) in seen:  # a link back up: walked already
            folders.clear()
            continue
        seen.add((place.st_dev, place.st_ino))
        found += [Path(parent) / name for name in names if os.path.isfile(os.path.join(parent, name))]
    return found


def template_problem(exc: TemplateError, template: str, config: Config) -> Problem:
    """A template mistake as a problem: the template's file and line, and Jinja's reason."""
    if isinstance(exc, TemplateSyntaxError):
        name, line = exc.filename or exc.name or template, exc.lineno
        file = Path(name).resolve().relative_to(config.root).as_posix() if Path(name).is_absolute() else name
        return Problem(file, line, "", f"kesalahan sintaks template: {exc.message}")
    if isinstance(exc, TemplateNotFound):
        return Problem(f"{config.folders.templates}/{template}", None, "", f"template tidak ditemukan: {exc.name}")
    name, line = _template_place(exc, config)
    return Problem(f"{config.folders.templates}/{name or template}", line, "", f"kesalahan template: {exc}")


def _template_place(exc: BaseException, config: Config) -> tuple[str | None, int | None]:
    """The innermost template the error happened in (a partial, say) and its line."""
    # Jinja rewrites tracebacks so template frames carry the template's file and line.
    templates = config.folder("templates")
    name, line = None, None
    tb = exc.__traceback__
    while tb is not None:
        file = Path(tb.tb_frame.f_code.co_filename)
        if file.is_relative_to(templates):
            name, line = file.relative_to(templates).as_posix(), tb.tb_lineno
        tb = tb.tb_next
    return name, line

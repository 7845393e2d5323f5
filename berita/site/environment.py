"""The Jinja2 environment the pages are rendered in: the templates' loader, autoescape and
StrictUndefined, the compiled templates kept between builds, and the filters, tests and
globals the templates use."""

from __future__ import annotations

import io
import marshal
import pickle
import re
from functools import partial
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket, bc_magic

from .. import dates, urls
from ..config import Config
from ..frontmatter.event import EVENT_TYPES, MODES
from ..frontmatter.schema import CATEGORIES
from ..model import event_over
from .jsonld import article_json_ld, breadcrumb_json_ld
from .newsroom import split_lede

ROOT_RELATIVE = re.compile(r'\b(href|src|poster)="/(?!/)')
SRCSET = re.compile(r'\bsrcset="([^"]*)"')
NAVIGATION = (
    ("Beranda", urls.home()),
    ("Berita", urls.category("berita")),
    ("Pengumuman", urls.category("pengumuman")),
    ("Agenda", urls.agenda()),
    ("Prestasi", urls.category("prestasi")),
    ("Tag", urls.tag_index()),
    ("Arsip", urls.archive()),
    ("Cari", urls.search()),
)


class CompiledTemplates(FileSystemBytecodeCache):
    """Templates compiled by an earlier build (Jinja checks each against its source's hash);
    a damaged file is compiled again, never trusted (see remove_damaged_compiled)."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()


def remove_damaged_compiled(folder: Path) -> list[Path]:
    """Deletes the compiled templates in `folder` that cannot be read back whole, and names them
    (for a warning: workers would otherwise each compile them again without a word)."""
    damaged = []
    for file in sorted(folder.glob("*.cache")) if folder.is_dir() else []:
        try:
            data = io.BytesIO(file.read_bytes())
            if data.read(len(bc_magic)) != bc_magic:
                raise ValueError("not Jinja's")
            pickle.load(data)  # the source's checksum
            marshal.load(data)  # the code
        except Exception:
            file.unlink(missing_ok=True)
            damaged.append(file)
    return damaged


def make_environment(config: Config, compiled: Path | None = None) -> Environment:
    """A Jinja2 environment with autoescape, StrictUndefined, and the site's filters.

    With `compiled`, templates compiled once are kept there: compiling them all takes
    longer than rendering the few pages a small change needs.
    """
    if compiled is not None:
        try:
            compiled.mkdir(parents=True, exist_ok=True)
        except OSError:  # .cache cannot be used (a file, a broken link): templates are compiled each time
            compiled = None
    env = Environment(
        loader=FileSystemLoader(config.folder("templates")),
        bytecode_cache=CompiledTemplates(str(compiled)) if compiled is not None else None,
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates do not change during a build (the preview makes a new environment for
        # each), so an include in a loop need not check its file every time.
        auto_reload=False,
    )
    links = urls.Urls(config.base_url)
    env.filters.update(
        link=links.link,
        absolute=links.absolute,
        long_date=dates.long_date,
        short_date=dates.short_date,
        month_year=dates.month_year,
        clock=dates.clock,
        iso=dates.iso,
        absolute_links=partial(absolute_links, links.origin),
        short_month=dates.short_month,
        lede=split_lede,
    )
    # `item is finished(site.now)`: the event ended before today (memo.NOW_IN_ARTICLE_PART).
    env.tests.update(finished=event_over)
    env.globals.update(
        config=config,
        urls=urls,
        navigation=NAVIGATION,
        categories=CATEGORIES,
        event_types=EVENT_TYPES,
        modes=MODES,
        event_time=dates.span,
        event_day_time=dates.event_day_time,
        # A function, not a value in each page's context: only pages that are rendered need it.
        article_json_ld=partial(article_json_ld, config=config),
        breadcrumb_json_ld=partial(breadcrumb_json_ld, config=config),
    )
    return env


def absolute_links(origin: str, html: str) -> str:
    """Root-relative links made absolute, for feed readers that show an entry away from the site:
    in `srcset` too, which a browser prefers to `src` (a photo's sizes, berita's <picture>)."""
    html = ROOT_RELATIVE.sub(lambda m: f'{m.group(1)}="{origin}/', html)
    return SRCSET.sub(lambda m: f'srcset="{_absolute_candidates(origin, m.group(1))}"', html)


def _absolute_candidates(origin: str, srcset: str) -> str:
    """Each root-relative address of a srcset ("/a-480.webp 480w, /a-960.webp 960w") absolute."""
    if "data:" in srcset:  # a data: address holds commas of its own: left as the author wrote it
        return srcset
    candidates = []
    for candidate in srcset.split(","):
        address, _, descriptor = candidate.strip().partition(" ")
        if address.startswith("/") and not address.startswith("//"):
            address = origin + address
        candidates.append(f"{address} {descriptor}".strip())
    return ", ".join(candidates)

"""What tests share that is not a fixture: the project's path, a fixed clock, tiny sites, and helpers.

The tests never read the site that lives in this repository (`content/`, `config.toml`,
`static/img/`): a campus replaces those with its own. A test site is made of the tool's own
parts (THEME) and sources of its own: the demo site under tests/demo/ (a copy of the samples
as they were, owned by the tests), the example site, a case folder, or files a test writes.
Every build a test makes runs at a fixed moment (NOW) unless the test sets its own `--clock`.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import textwrap
from dataclasses import dataclass
from datetime import datetime
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup

from berita import urls
from berita.cli import main
from berita.disk import disk_clock_ns
from berita.frontmatter.schema import Event, Moment
from berita.model import Article, InternalLink, Tag, packed, slugify

PROJECT = Path(__file__).resolve().parent.parent
DEMO = Path(__file__).resolve().parent / "demo"
# The tool's parts of a site, which every test site takes from the project.
THEME = ("templates", "static/css", "static/js")
WIB = ZoneInfo("Asia/Jakarta")
# The moment every test build runs at, whatever the machine's clock says.
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=WIB)

CONFIG = """\
title = "BERITA UJI"
description = "Situs uji"
base_url = "{base_url}"
per_page = {per_page}
default_author = "Humas Uji"

[organization]
name = "Politeknik Uji"
logo = "/img/logo.svg"
instagram = "poltekuji"
"""

# Appended to a test site's config: Pagefind's index takes most of a tiny build's time, and
# only the tests of search need it (tiny_site(search=True)).
SEARCH_OFF = "\n[search]\nenabled = false\n"

ARTICLE = """\
---
title: {title}
date: {date}
tags: [{tags}]
---
{body}
"""


@dataclass
class TinySite:
    """A site in a temporary folder: write files into it, build it, read its pages back."""

    root: Path

    @property
    def output(self) -> Path:
        return self.root / "output"

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def article(
        self,
        relative: str,
        title: str = "Judul Berita",
        date: str = "2021-04-21",
        tags: str = "",
        body: str = "Isi berita.",
    ) -> Path:
        return self.write(relative, ARTICLE.format(title=title, date=date, tags=tags, body=body))

    def build(self, *args: str) -> int:
        return main(["build", "--config", str(self.root / "config.toml"), *at_now(args)])

    def check(self, *args: str) -> int:
        return main(["check", "--config", str(self.root / "config.toml"), *at_now(args)])

    def page(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.output / relative).read_text(encoding="utf-8"), "html.parser")

    def snapshot(self) -> dict[str, bytes]:
        """Every file of the output folder with its bytes, to prove it did not change."""
        return snapshot(self.output)


def refused(site: TinySite, capsys, before: dict[str, bytes]) -> str:
    """Build, expect the project's own refusal, and return what it printed on stderr; output/
    must be as it was (`before`, a snapshot)."""
    code = site.build()
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == 1, err
    assert err.rstrip().splitlines()[-1].startswith("Gagal:"), err
    assert site.snapshot() == before, "output/ changed after a failed build"
    return err


# When an article made by make_article is dated, unless it says.
ARTICLE_DATE = datetime(2021, 4, 21, 9, 0, tzinfo=WIB)


def make_article(
    slug: str,
    when: datetime = ARTICLE_DATE,
    tags: tuple[str, ...] = (),
    category: str = "berita",
    agenda: Event | None = None,
    links: tuple[InternalLink, ...] = (),
) -> Article:
    """A published article as the load stage gives it, for tests of the stages after it: its
    title made from `slug`, its source content/<year>/<slug>.md, its body one short paragraph."""
    return Article(
        source=f"content/{when.year}/{slug}.md",
        slug=slug,
        path=urls.article(when, slug),
        title=slug.replace("-", " ").title(),
        date=Moment(when, True),
        updated=None,
        category=category,
        tags=tuple(Tag(slugify(t), t) for t in tags),
        summary="",
        authors=(),
        hero=None,
        draft=False,
        event=agenda,
        form=None,
        packed_html=packed("<p>x</p>"),
        heading_ids=(),
        words=1,
        assets=(),
        links=links,
    )


def problems(err: str) -> list[str]:
    """The problem lines of what a failed build printed: those before the summary."""
    lines = err.splitlines()
    return lines[: lines.index("")] if "" in lines else lines


def aged(root: Path, seconds: float = 3600) -> None:
    """Date the files back, as files are that nobody just saved (see disk.RACY_SECONDS), by the
    disk's clock, which the build compares them with."""
    moment = disk_clock_ns(root) / 1e9 - seconds
    for path in [*root.rglob("*"), root]:
        os.utime(path, (moment, moment))


def at_now(args: tuple[str, ...] | list[str]) -> list[str]:
    """Command-line arguments of a build or check, at NOW unless they set `--clock` themselves."""
    return list(args) if "--clock" in args else [*args, "--clock", NOW.isoformat()]


def add_theme(root: Path) -> Path:
    """The tool's templates, stylesheet and scripts copied into the site at `root`, with the
    demo site's logo (the /img/logo.svg that test configs name)."""
    for part in THEME:
        shutil.copytree(PROJECT / part, root / part, dirs_exist_ok=True)
    shutil.copytree(DEMO / "static" / "img", root / "static" / "img", dirs_exist_ok=True)
    return root


def copy_demo(target: Path) -> Path:
    """The demo site (tests/demo: content, config, logo) with the tool's theme, in `target`."""
    shutil.copytree(DEMO, target, dirs_exist_ok=True)
    return add_theme(target)


def build(root: Path, *args: str) -> None:
    assert main(["build", "--config", str(root / "config.toml"), *at_now(args)]) == 0


def read(root: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((root / "output" / relative).read_text(encoding="utf-8"), "html.parser")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its path there, with its bytes: what a test compares a folder by."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class UnderBasePath(SimpleHTTPRequestHandler):
    """Serves a folder under /berita/ only, as GitHub Pages serves a project site."""

    def translate_path(self, path: str) -> str:
        if not path.startswith("/berita/"):
            return str(Path(self.directory) / "tidak-ada")
        return super().translate_path(path.removeprefix("/berita"))

    def log_message(self, *args: object) -> None:
        pass


def load_corpus_module():
    """bench/corpus.py, which writes the benchmark's synthetic corpus."""
    spec = importlib.util.spec_from_file_location("bench_corpus", PROJECT / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_corpus"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module

"""What tests share that is not a fixture: the project's path, a fixed clock, tiny sites, and helpers."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import textwrap
import time
from dataclasses import dataclass
from datetime import datetime
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup

from berita.cli import main

PROJECT = Path(__file__).resolve().parent.parent
WIB = ZoneInfo("Asia/Jakarta")
# A fixed "now" for tests that build through the pipeline directly.
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
        return main(["build", "--config", str(self.root / "config.toml"), *args])

    def check(self, *args: str) -> int:
        return main(["check", "--config", str(self.root / "config.toml"), *args])

    def page(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.output / relative).read_text(encoding="utf-8"), "html.parser")

    def snapshot(self) -> dict[str, bytes]:
        """Every file of the output folder with its bytes, to prove it did not change."""
        return {
            p.relative_to(self.output).as_posix(): p.read_bytes() for p in sorted(self.output.rglob("*")) if p.is_file()
        }


def aged(root: Path, seconds: float = 3600) -> None:
    """Date the files back, as files are that nobody just saved (see stamp.RACY_SECONDS)."""
    moment = time.time() - seconds
    for path in root.rglob("*"):
        os.utime(path, (moment, moment))


def copy_project(target: Path) -> Path:
    """The project's sample site (content, templates, static, config) copied into `target`."""
    for name in ("content", "templates", "static"):
        shutil.copytree(PROJECT / name, target / name)
    shutil.copy(PROJECT / "config.toml", target / "config.toml")
    return target


def build(root: Path, *args: str) -> None:
    assert main(["build", "--config", str(root / "config.toml"), *args]) == 0


def read(root: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((root / "output" / relative).read_text(encoding="utf-8"), "html.parser")


def snapshot(folder: Path) -> dict[str, bytes]:
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

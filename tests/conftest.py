"""Shared fixtures: tiny sites built in a temporary folder with the project's own templates."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
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


@pytest.fixture
def tiny_site(tmp_path: Path) -> Callable[..., TinySite]:
    """Make a site with the project's templates and static files and the given config values."""

    def make(base_url: str = "https://example.org/", per_page: int = 10) -> TinySite:
        root = tmp_path / "situs"
        root.mkdir()
        shutil.copytree(PROJECT / "templates", root / "templates")
        shutil.copytree(PROJECT / "static", root / "static")
        (root / "content").mkdir()
        (root / "config.toml").write_text(CONFIG.format(base_url=base_url, per_page=per_page), encoding="utf-8")
        return TinySite(root)

    return make

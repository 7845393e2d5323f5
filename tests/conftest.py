"""Shared fixtures: tiny sites built in a temporary folder with the project's own templates."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sites import CONFIG, PROJECT, TinySite


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

"""A campus makes the site its own: the README's "Making it yours", followed in a copy of this
checkout. The sample articles go, one article of the campus's own comes, and the site checks,
builds, and the test suite is the same suite: the tool's tests never read the site's content."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from sites import NOW, PROJECT

pytestmark = pytest.mark.slow  # whole sites and a pytest run inside

# What a checkout holds that is no part of it: environments, caches and the built site.
NOT_COPIED = {".git", ".venv", ".cache", "output", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache"}
FIRST_ARTICLE = """\
---
title: Penerimaan Mahasiswa Baru Jalur Prestasi Tahun 2027
date: 2026-11-20T09:00:00
category: pengumuman
tags: [penerimaan mahasiswa baru]
summary: Pendaftaran jalur prestasi dibuka bagi lulusan SMA, SMK, dan MA tahun 2026 dan 2027.
---
Pendaftaran mahasiswa baru jalur prestasi dibuka mulai 1 Desember 2026 hingga 31 Januari 2027.
"""


def adopted(target: Path) -> Path:
    """This checkout copied into `target` as a campus's fork: its own config and logo stay, the
    sample articles are gone, and one article of the campus's own is in their place."""
    shutil.copytree(PROJECT, target, ignore=lambda folder, names: [n for n in names if n in NOT_COPIED])
    shutil.rmtree(target / "content")
    (target / "content" / "2026").mkdir(parents=True)
    (target / "content" / "2026" / "penerimaan-mahasiswa-baru-jalur-prestasi.md").write_text(
        FIRST_ARTICLE, encoding="utf-8"
    )
    return target


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=root, capture_output=True, text=True, check=False, timeout=300)


def test_a_site_with_only_its_own_article_checks_and_builds(tmp_path: Path) -> None:
    root = adopted(tmp_path / "kampus")
    for command in ("check", "build"):
        finished = run(root, "build.py", command, "--clock", NOW.isoformat())
        assert finished.returncode == 0, finished.stderr
        assert "Traceback" not in finished.stderr
    page = root / "output" / "2026" / "11" / "penerimaan-mahasiswa-baru-jalur-prestasi" / "index.html"
    title = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").h1.get_text(strip=True)
    assert title == "Penerimaan Mahasiswa Baru Jalur Prestasi Tahun 2027"
    assert not list((root / "output").rglob("kuliah-tamu-ok-oce")), "no sample article is left"


def collected(root: Path) -> list[str]:
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=environment,
    )
    assert finished.returncode == 0, finished.stdout[-2000:] + finished.stderr[-2000:]
    return [line for line in finished.stdout.splitlines() if "::" in line]


def test_the_suite_is_the_same_whatever_the_site_holds(tmp_path: Path) -> None:
    """A test drawn from the site's articles (one per sample, say) would come and go with them."""
    mine, theirs = collected(PROJECT), collected(adopted(tmp_path / "kampus"))
    assert len(mine) > 500
    assert mine == theirs


def test_a_campus_logo_may_be_a_png_or_none(tiny_site) -> None:
    site = tiny_site()
    site.article("content/2026/wisuda.md", title="Wisuda Sarjana Terapan", date="2026-11-20")
    config = site.root / "config.toml"
    text = config.read_text(encoding="utf-8")
    Image.new("RGB", (64, 64), "navy").save(site.root / "static" / "img" / "logo-kampus.png")
    config.write_text(text.replace('logo = "/img/logo.svg"', 'logo = "/img/logo-kampus.png"'), encoding="utf-8")
    assert site.build() == 0
    icon = site.page("index.html").select_one('link[rel="icon"]')
    assert icon["href"] == "/img/logo-kampus.png" and not icon.get("type"), "not announced as SVG"
    assert site.page("index.html").select_one(".brand img")["src"] == "/img/logo-kampus.png"
    config.write_text(text.replace('logo = "/img/logo.svg"\n', ""), encoding="utf-8")
    assert site.build() == 0
    page = site.page("index.html")
    assert page.select_one('link[rel="icon"]') is None and page.select_one(".brand img") is None

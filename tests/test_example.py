"""The example site under tests/example/ builds to exactly the files in tests/example/expected/.

A change to templates, stylesheet or rendering shows here as a diff. When the change is
intended, regenerate on purpose and review the diff in git:

    BERITA_REGEN_EXPECTED=1 .venv/bin/python -m pytest tests/test_example.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sites import NOW, add_theme, snapshot

from berita.config import load_config
from berita.pipeline import BuildOptions, build_site
from berita.write.folder import MARKER
from berita.write.output import write_output

EXAMPLE = Path(__file__).parent / "example"
EXPECTED = EXAMPLE / "expected"


def built_files(tmp_path: Path) -> dict[str, bytes]:
    root = add_theme(tmp_path / "contoh")
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("expected"), dirs_exist_ok=True)
    config = load_config(root / "config.toml")
    result = build_site(config, BuildOptions(), NOW)
    if os.environ.get("BERITA_REGEN_EXPECTED") == "1":
        shutil.rmtree(EXPECTED, ignore_errors=True)
        write_output(list(result.files), EXPECTED)
        (EXPECTED / MARKER).unlink()  # the mark of a folder berita made: no file of the site
    files = {}
    for item in result.files:
        files[item.path] = item.content.read_bytes() if isinstance(item.content, Path) else item.content
    return files


def test_example_site_matches_expected_output(tmp_path: Path) -> None:
    files = built_files(tmp_path)
    expected = snapshot(EXPECTED)
    assert sorted(files) == sorted(expected), "the set of built files changed"
    changed = [path for path in sorted(files) if files[path] != expected[path]]
    assert not changed, f"built files differ from tests/example/expected: {changed}"


def test_example_site_leaves_out_the_draft(tmp_path: Path) -> None:
    assert not any("draf-belum-terbit" in path for path in built_files(tmp_path))

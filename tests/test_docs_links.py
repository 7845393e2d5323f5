"""The documentation's links lead somewhere: every relative link in README.md, docs/ and
bench/README.md names a file of the repository, and a link to a heading (`page.md#heading`)
names a heading that page has, by GitHub's rule for heading anchors. Material moves between
these pages; a link left behind would send a newcomer nowhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PAGES = sorted([PROJECT / "README.md", PROJECT / "bench" / "README.md", *(PROJECT / "docs").glob("*.md")])
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} (.+?)\s*#*$", re.MULTILINE)


def _prose(page: Path) -> str:
    """The page without its code: examples of links in code are not links."""
    return FENCE.sub("", page.read_text(encoding="utf-8"))


def anchor(heading: str) -> str:
    """GitHub's anchor of a heading: its text lower-cased, punctuation dropped, spaces as `-`."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for heading in HEADING.findall(_prose(page)):
        base = anchor(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def _links(page: Path) -> list[str]:
    return [
        target
        for target in LINK.findall(INLINE_CODE.sub("", _prose(page)))
        if not re.match(r"[a-z][a-z0-9+.-]*:", target)  # https:, mailto:: not files of the repository
    ]


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(PROJECT).as_posix() for p in PAGES])
def test_every_relative_link_leads_to_a_file_and_heading(page):
    for target in _links(page):
        path, _, fragment = target.partition("#")
        destination = (page.parent / path).resolve() if path else page
        assert destination.exists(), f"{page.name}: {target} leads to no file"
        if fragment and destination.suffix == ".md":
            assert fragment in anchors(destination), f"{page.name}: {target} names no heading of {destination.name}"


def test_anchor_follows_githubs_rule():
    assert anchor("The web editor (/admin/)") == "the-web-editor-admin"
    assert anchor("Standalone pages (`content/halaman/`)") == "standalone-pages-contenthalaman"
    assert anchor("3. Sekilas: satu berita = satu file") == "3-sekilas-satu-berita--satu-file"

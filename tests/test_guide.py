"""The author guide (docs/panduan-penulis.md) cannot drift from the program.

- Each of the ten "Sepuluh kesalahan" entries quotes, after a `<!-- kasus: NAME -->` marker,
  a ```text block that must equal tests/invalid/NAME/expected.txt exactly; test_invalid.py
  proves that file is what a real build prints.
- Every front matter key of the schema is mentioned, so a new field cannot go undocumented.
- The warnings example (`<!-- contoh-peringatan: PATH -->` with a ```markdown block, then
  `<!-- keluaran-peringatan -->` with a ```text block) is checked against a real `check`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from berita.frontmatter.event import Event, Person
from berita.frontmatter.schema import Form, FrontMatter, Image, PageFrontMatter

PROJECT = Path(__file__).resolve().parent.parent
GUIDE = PROJECT / "docs" / "panduan-penulis.md"
INVALID = PROJECT / "tests" / "invalid"

MARKER = re.compile(r"<!--\s*kasus:\s*(.*?)\s*-->")
CASE = re.compile(r"<!-- kasus: ([a-z0-9-]+) -->\n```text\n(.*?)\n```\n", re.DOTALL)
EXAMPLE = re.compile(r"<!-- contoh-peringatan: (\S+) -->\n```markdown\n(.*?\n)```\n", re.DOTALL)
OUTPUT = re.compile(r"<!-- keluaran-peringatan -->\n```text\n(.*?)\n```\n", re.DOTALL)
LOCAL_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)/:#\s][^)\s]*)\)")

# Every model whose keys an author writes: the article, its event, image, form and persons, a standalone page.
MODELS: tuple[type[BaseModel], ...] = (FrontMatter, Event, Image, Form, Person, PageFrontMatter)


def _guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def _cases() -> list[tuple[str, str]]:
    return CASE.findall(_guide())


def test_guide_quotes_exactly_ten_cases() -> None:
    text = _guide()
    markers = MARKER.findall(text)
    cases = _cases()
    # A marker not followed directly by a ```text block would be missed by CASE: count both.
    assert len(markers) == len(cases), "every `<!-- kasus: … -->` line must be followed by a ```text block"
    assert len(cases) == 10, [name for name, _ in cases]
    names = [name for name, _ in cases]
    assert len(set(names)) == len(names), f"a case is quoted twice: {names}"


@pytest.mark.parametrize(("name", "block"), _cases(), ids=[name for name, _ in _cases()])
def test_case_block_is_what_the_program_prints(name: str, block: str) -> None:
    expected = INVALID / name / "expected.txt"
    assert expected.is_file(), f"tests/invalid/{name}/ does not exist"
    assert block == expected.read_text(encoding="utf-8").removesuffix("\n")


def _keys() -> list[tuple[str, str]]:
    return [(model.__name__, key) for model in MODELS for key in model.model_fields]


@pytest.mark.parametrize(("model", "key"), _keys(), ids=[f"{m}.{k}" for m, k in _keys()])
def test_every_front_matter_key_is_documented(model: str, key: str) -> None:
    text = _guide()
    as_code = f"`{key}`" in text
    as_yaml = re.search(rf"^\s*(?:- )?{re.escape(key)}:", text, re.MULTILINE) is not None
    assert as_code or as_yaml, f"{model}.{key} is not mentioned in docs/panduan-penulis.md"


def test_warnings_example_is_what_check_prints(tiny_site, capsys) -> None:
    text = _guide()
    example, output = EXAMPLE.search(text), OUTPUT.search(text)
    assert example and output, "the warnings example or its output block is missing"
    path, source = example.groups()
    site = tiny_site()
    article = site.write(path, source)
    for image in LOCAL_IMAGE.findall(source):
        (article.parent / image).write_bytes(b"")
    capsys.readouterr()

    code = site.check()
    out, err = capsys.readouterr()

    assert code == 0, err
    assert err.splitlines() == output.group(1).splitlines()
    assert "1 artikel" in out


def test_every_error_message_the_guide_quotes_is_one_a_case_prints() -> None:
    """Messages quoted outside the ten cases (examples of a kind) cannot drift either."""
    printed = {line for case in INVALID.glob("*/expected.txt") for line in case.read_text(encoding="utf-8").split("\n")}
    quoted = [
        line
        for block in re.findall(r"```text\n(.*?)\n```", _guide(), re.DOTALL)
        for line in block.split("\n")
        if re.match(r"content/\S+:\d+: ", line) and "peringatan:" not in line
    ]
    assert len(quoted) > 10
    assert [line for line in quoted if line not in printed] == []

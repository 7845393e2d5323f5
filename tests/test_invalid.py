"""Invalid input: one folder per case under tests/invalid/, modelled on zola's test_sites_invalid.

A case folder holds the bad source files laid out as in a site (`content/2021/x.md`,
optionally a `config.toml` that replaces the default one) and `expected.txt`: the exact
problem lines the build must print on stderr, in order, with files named relative to the
site root (`content/2021/kuliah-tamu.md:7: event.start: ...`).

Each case builds a tiny site with one valid article, snapshots output/, copies the case's
files in and builds again. The build must exit 1, print exactly the expected problem lines
(then the summary), print no traceback, and leave output/ byte-for-byte as it was.

Regenerating expected.txt
-------------------------
By default the tests only compare. To rewrite every expected.txt from what berita prints
now, run explicitly:

    BERITA_REGEN_EXPECTED=1 .venv/bin/python -m pytest tests/test_invalid.py

then read every changed line with `git diff tests/invalid` as an author would before
keeping it. Cases listed in KNOWN_BUGS are never rewritten: their expected.txt holds the
message berita *should* print, and they are marked xfail(strict=True) until it does.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sites import snapshot

INVALID = Path(__file__).resolve().parent / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())
REGEN = os.environ.get("BERITA_REGEN_EXPECTED") == "1"
NOT_COPIED = {"expected.txt"}

# Cases whose expected.txt is the message berita should print but does not yet.
KNOWN_BUGS: dict[str, str] = {}

VALID_ARTICLE = """\
---
title: Pelepasan Mahasiswa Praktikum Pekerjaan Sosial Komunitas
date: 2021-03-15T08:00:00
tags: [praktikum, pekerjaan sosial]
summary: Poltekesos Bandung melepas 180 mahasiswa praktikum ke desa binaan di Kabupaten Bandung.
---
Poltekesos Bandung melepas 180 mahasiswa praktikum ke desa binaan di Kabupaten Bandung.
"""


def _params() -> list[pytest.ParameterSet]:
    params = []
    for name in CASES:
        marks = [] if name not in KNOWN_BUGS else [pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[name])]
        params.append(pytest.param(name, marks=marks, id=name))
    return params


def _copy_case(case: Path, root: Path) -> None:
    for source in sorted(case.rglob("*")):
        relative = source.relative_to(case)
        if source.is_file() and relative.as_posix() not in NOT_COPIED:
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def _problem_lines(stderr: str) -> list[str]:
    """The lines before the blank line that precedes the summary."""
    lines = stderr.splitlines()
    return lines[: lines.index("")] if "" in lines else lines


@pytest.mark.parametrize("name", _params())
def test_invalid_case(name: str, tiny_site, capsys) -> None:
    case = INVALID / name
    site = tiny_site()
    site.write("content/2021/pelepasan-mahasiswa-praktikum.md", VALID_ARTICLE)
    assert site.build() == 0, capsys.readouterr().err
    before = site.snapshot()
    assert before, "the valid article built nothing"
    capsys.readouterr()

    _copy_case(case, site.root)
    code = site.build()
    out, err = capsys.readouterr()

    if REGEN and name not in KNOWN_BUGS:
        (case / "expected.txt").write_text("\n".join(_problem_lines(err)) + "\n", encoding="utf-8")

    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert expected, f"{name}/expected.txt is empty"
    assert "Traceback" not in err
    assert "Traceback" not in out
    assert code == 1, err
    lines = err.splitlines()
    assert lines[: len(expected)] == expected
    # Every problem is listed: after the expected lines only the summary follows.
    rest = lines[len(expected) :]
    assert rest and rest[0] == "", f"more problems than expected: {rest[:3]}"
    assert any(f"{len(expected)} masalah" in line for line in rest), rest
    assert site.snapshot() == before


def test_bukan_utf8_case_really_is_not_utf8() -> None:
    """Guard: an editor or tool that re-encodes the case file would make the case meaningless."""
    raw = (INVALID / "bukan-utf8" / "content" / "2021" / "kuliah-umum-jose-ramos-horta.md").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_missing_config_file(tiny_site, capsys) -> None:
    site = tiny_site()
    (site.root / "config.toml").unlink()
    code = site.build()
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in err + out
    first = err.splitlines()[0]
    assert first.startswith(str(site.root / "config.toml") + ":"), first
    assert "file konfigurasi tidak ditemukan" in first
    assert not site.output.exists()


@pytest.mark.parametrize("output", [".", "content", "./content/", "templates", "static", ".."])
def test_unsafe_output_folder_is_refused(output: str, tiny_site, capsys) -> None:
    site = tiny_site()
    site.write("content/2021/pelepasan-mahasiswa-praktikum.md", VALID_ARTICLE)
    assert site.build() == 0
    capsys.readouterr()
    config = (site.root / "config.toml").read_text(encoding="utf-8")
    (site.root / "config.toml").write_text(config + f'\n[folders]\noutput = "{output}"\n', encoding="utf-8")
    everything = snapshot(site.root.parent)

    code = site.build()
    out, err = capsys.readouterr()

    assert code == 1
    assert "Traceback" not in err + out
    problems = _problem_lines(err)
    assert len(problems) == 1, err
    assert problems[0].startswith("config.toml: folders.output: folder output "), problems[0]
    assert "tidak aman" in problems[0]
    assert snapshot(site.root.parent) == everything


def test_known_bugs_name_existing_cases() -> None:
    assert set(KNOWN_BUGS) <= set(CASES)

"""Front matter that is not readable YAML: an Indonesian message on the right line, and a fix that works."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from berita.frontmatter.source import read_source
from berita.frontmatter.syntax import EXAMPLE

# Words of libyaml's own reasons: none may reach an author.
ENGLISH = re.compile(r"\b(did not find|expected|found|while|scanning|parsing|allowed|mapping|stream)\b")


def problem_for(front_matter: str):
    result = read_source(f"---\n{front_matter}---\nIsi berita.\n".encode(), "content/2021/berita.md")
    assert isinstance(result, list), f"expected a problem, read {result!r}"
    [problem] = result
    return problem


def suggested(message: str) -> object:
    """What the line the message suggests reads as in YAML."""
    line = message.split("misalnya: ", 1)[1]
    return yaml.safe_load(line)


@pytest.mark.parametrize(
    ("line", "meant", "phrase"),
    [
        ("title: [RALAT] Jadwal Wisuda", "[RALAT] Jadwal Wisuda", "diawali `[`"),
        ("title: {Rilis} Jadwal Wisuda", "{Rilis} Jadwal Wisuda", "diawali `{`"),
        ("title: 'Sholat Jum'at Berjamaah'", "Sholat Jum'at Berjamaah", "pakai tanda kutip dua"),
        ('title: "Seminar "Pekerja Sosial" Digital"', 'Seminar "Pekerja Sosial" Digital', "pakai tanda kutip satu"),
        ('title: "Kuliah Tamu" Kewirausahaan', '"Kuliah Tamu" Kewirausahaan', "pakai tanda kutip satu"),
        ("title: *Penting* Rapat Dosen", "*Penting* Rapat Dosen", "alias"),
        ("title: & Rapat Dosen", "& Rapat Dosen", "anchor"),
        ("title: @poltekesos Kunjungi Panti", "@poltekesos Kunjungi Panti", "diawali `@`"),
        ("title: `Coding` Bersama", "`Coding` Bersama", "petik terbalik"),
        ("title: | Wisuda", "| Wisuda", "beberapa baris"),
        ("title: > Wisuda", "> Wisuda", "beberapa baris"),
        ("title: ? Wisuda", "? Wisuda", "kunci YAML"),
        ('title: "Seminar Nasional', "Seminar Nasional", "tidak ditutup"),
        ('title: "Folder C:\\Data Mahasiswa"', "Folder C:\\Data Mahasiswa", "memulai kode khusus"),
        ("title: Kuliah Tamu: OK OCE Indonesia", "Kuliah Tamu: OK OCE Indonesia", "`: `"),
    ],
)
def test_a_value_yaml_reads_as_syntax_gets_its_line_written_the_way_that_works(line: str, meant: str, phrase: str):
    problem = problem_for(f"{line}\ndate: 2021-04-21\n")
    assert (problem.line, problem.field) == (2, "title")
    assert phrase in problem.message
    assert not ENGLISH.search(problem.message), problem.message
    assert suggested(problem.message) == {"title": meant}


def test_a_list_field_with_text_after_its_list_is_told_to_remove_it_not_to_quote_it():
    problem = problem_for("title: Wisuda\ntags: [wisuda, kampus]]\ndate: 2021-04-21\n")
    assert (problem.line, problem.field) == (3, "tags")
    assert "masih ada `]`" in problem.message and "hapus" in problem.message
    assert "misalnya" not in problem.message


@pytest.mark.parametrize(
    ("front_matter", "line", "phrase"),
    [
        ("title: Wisuda\ntags: [wisuda, kampus\ndate: 2021-04-21\n", 3, "tidak ditutup dengan `]`"),
        ("title: Wisuda\nevent:\n  start: 2021-04-21\n mode: daring\n", 5, "jumlah spasi"),
        ("title: Wisuda\n- wisuda\ndate: 2021-04-21\n", 3, "di bawah `tags:`"),
        ("title: Wisuda\nKuliah tamu ini\ndate: 2021-04-21\n", 3, "bukan pasangan"),
        ("title: Wisuda\n\tdate: 2021-04-21\n", 3, "tab"),
    ],
)
def test_a_line_out_of_place_is_named(front_matter: str, line: int, phrase: str):
    problem = problem_for(front_matter)
    assert problem.line == line
    assert phrase in problem.message
    assert not ENGLISH.search(problem.message), problem.message


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=40))
def test_any_title_an_author_types_is_read_or_explained_in_indonesian(title: str):
    result = read_source(f"---\ntitle: {title}\ndate: 2021-04-21\n---\nIsi.\n".encode(), "content/2021/berita.md")
    if not isinstance(result, list):
        return
    for problem in result:
        assert not ENGLISH.search(problem.message), problem.message
        if "misalnya: " in problem.message and problem.field == "title":
            # A suggested line reads back as one text value for the same field.
            assert set(suggested(problem.message)) == {"title"}


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_pasted_from_a_word_processor_is_named_on_its_line(separator: str):
    problem = problem_for(f"title: Rapat Senat{separator}Akademik\n  lanjutan\ndate: 2021-04-21\n")
    assert problem.line == 2
    assert f"U+{ord(separator):04X}" in problem.message and "hapus" in problem.message


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=6))
def test_any_front_matter_is_read_or_explained_never_a_traceback(lines: list[str]):
    front_matter = "".join(f"{line}\n" for line in lines)
    result = read_source(f"---\n{front_matter}---\nIsi.\n".encode(), "content/2021/berita.md")
    for problem in result if isinstance(result, list) else []:
        assert problem.message and not ENGLISH.search(problem.message), problem.message


@pytest.mark.parametrize(
    "front_matter",
    [
        "title: Wisuda\nevent:\n  start: 2021-04-21\n   venue: Aula\n",
        "title: Wisuda\n  tempat: Aula\ndate: 2021-04-21\n",
    ],
)
def test_a_line_indented_too_far_is_named_as_such_not_given_quotes_that_do_not_help(front_matter: str):
    problem = problem_for(front_matter)
    assert "jumlah spasi" in problem.message and "misalnya" not in problem.message


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("ab :-'\"[]{}#*&|>?@%`\\\t"), max_size=20), min_size=1, max_size=5))
def test_a_suggested_line_makes_the_front_matter_readable(lines: list[str]):
    text = "".join(f"{line}\n" for line in lines)
    result = read_source(f"---\n{text}---\nIsi.\n".encode(), "content/2021/berita.md")
    if not isinstance(result, list) or len(result) != 1 or EXAMPLE not in result[0].message:
        return
    [problem] = result
    fixed = problem.message.rpartition(EXAMPLE)[2]
    old = text.split("\n")[problem.line - 2]
    indent = old[: len(old) - len(old.lstrip(" "))]
    repaired = text.split("\n")
    repaired[problem.line - 2] = indent + fixed
    yaml.safe_load("\n".join(repaired))  # reads, whatever the schema then says

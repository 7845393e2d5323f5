"""source.read_source: bytes to front matter data, with the real file line of every field."""

from __future__ import annotations

import itertools
import time
from datetime import date, datetime

import pytest
from pydantic import ValidationError
from sites import WIB

from berita.errors import Problem
from berita.frontmatter.moments import Moment
from berita.frontmatter.schema import FrontMatter
from berita.frontmatter.source import Source, read_source
from berita.frontmatter.validation import explain_all, field_path


def read(text: str | bytes, file: str = "content/2021/a.md") -> Source:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    result = read_source(raw, file)
    assert isinstance(result, Source), result
    return result


def problems(text: str | bytes, file: str = "content/2021/a.md") -> list[Problem]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    result = read_source(raw, file)
    assert isinstance(result, list), f"expected problems, got {result!r}"
    assert result, "an unreadable file must report at least one problem"
    return result


def author_problems(text: str | bytes, file: str = "content/2021/a.md") -> list[Problem]:
    """What an author is told about a file: read_source's problems, else the schema's, with lines."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    source = read_source(raw, file)
    if isinstance(source, list):
        return source
    try:
        FrontMatter.model_validate(source.data, context={"zone": WIB})
    except ValidationError as exc:
        return [
            Problem(file, source.line_of(loc), field_path(loc), text) for loc, text in explain_all(exc, FrontMatter)
        ]
    return []


def line_number_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of `text` containing `needle`."""
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


NESTED = """\
---
title: Kuliah Tamu
date: 2021-04-21
tags:
  - kuliah tamu
  - mahasiswa
event:
  start: 2021-04-21T09:00:00
  mode: daring
  speakers:
    - name: Dr. Indra
      role: Pendiri
      represented_by:
        name: Iim
    - Budi
  participants: 202
---
Isi berita.
"""


# --- line numbers -------------------------------------------------------------------------


def test_top_level_fields_are_on_their_file_lines():
    source = read(NESTED)
    assert source.lines[("title",)] == 2
    assert source.lines[("date",)] == 3
    assert source.lines[("tags",)] == 4
    assert source.lines[("event",)] == 7


def test_nested_fields_and_list_items_are_on_their_file_lines():
    source = read(NESTED)
    for path, needle in [
        (("tags", 0), "- kuliah tamu"),
        (("tags", 1), "- mahasiswa"),
        (("event", "start"), "start:"),
        (("event", "mode"), "mode:"),
        (("event", "speakers"), "speakers:"),
        (("event", "speakers", 0), "- name: Dr. Indra"),
        (("event", "speakers", 0, "name"), "- name: Dr. Indra"),
        (("event", "speakers", 0, "role"), "role: Pendiri"),
        (("event", "speakers", 0, "represented_by"), "represented_by:"),
        (("event", "speakers", 0, "represented_by", "name"), "name: Iim"),
        (("event", "speakers", 1), "- Budi"),
        (("event", "participants"), "participants:"),
    ]:
        assert source.lines[path] == line_number_of(NESTED, needle), path


def test_line_of_falls_back_to_the_closest_parent():
    source = read(NESTED)
    # A field pydantic may name but that has no line of its own (a missing key).
    assert source.line_of(("event", "speakers", 1, "name")) == line_number_of(NESTED, "- Budi")
    assert source.line_of(("event", "end")) == line_number_of(NESTED, "event:")
    assert source.line_of(("nowhere",)) == 1


def test_lines_count_blank_lines_after_the_opening_boundary():
    text = "---\n\n\ntitle: A\ndate: 2021-04-21\n---\nIsi.\n"
    source = read(text)
    assert source.lines[("title",)] == 4
    assert source.lines[("date",)] == 5


def test_body_line_semantics():
    source = read(NESTED)
    file_lines = NESTED.split("\n")
    body_lines = source.body.split("\n")
    for index, line in enumerate(body_lines):
        if line.strip():
            assert file_lines[source.body_line + index - 1] == line, index
    assert "Isi berita." in body_lines
    assert source.body_line + body_lines.index("Isi berita.") == line_number_of(NESTED, "Isi berita.")


def test_body_line_after_blank_lines_following_the_closing_boundary():
    text = "---\ntitle: A\ndate: 2021-04-21\n---\n\nParagraf satu.\n\n[tautan](../2021/x.md)\n"
    source = read(text)
    body_lines = source.body.split("\n")
    index = next(i for i, line in enumerate(body_lines) if "tautan" in line)
    assert source.body_line + index == line_number_of(text, "tautan")


# --- encodings and line endings --------------------------------------------------------------


def test_bom_and_crlf_are_read_with_correct_lines():
    text = "---\r\ntitle: Judul\r\ndate: 2021-04-21\r\nevent:\r\n  start: 2021-04-21\r\n  mode: luring\r\n---\r\nBaris satu\r\nBaris dua\r\n"
    source = read(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert source.data["title"] == "Judul"  # no BOM glued to the first key or value
    assert "title" in source.data
    assert source.lines[("title",)] == 2
    assert source.lines[("event", "mode")] == 6
    assert "\r" not in source.body
    body_lines = source.body.split("\n")
    index = body_lines.index("Baris dua")
    assert source.body_line + index == 9


def test_old_mac_line_endings_are_normalised():
    source = read("---\rtitle: A\rdate: 2021-04-21\r---\rIsi.\r")
    assert source.data["title"] == "A"
    assert source.lines[("date",)] == 3


def test_non_utf8_bytes_are_named_with_their_line():
    raw = b"---\ntitle: Caf\xe9\ndate: 2021-04-21\n---\n"
    [problem] = problems(raw)
    assert problem.line == 2
    assert "UTF-8" in problem.message
    assert "0xe9" in problem.message
    assert problem.file == "content/2021/a.md"


def test_non_utf8_in_body_names_the_body_line():
    raw = b"---\ntitle: A\ndate: 2021-04-21\n---\nsatu\ndua \xff\n"
    [problem] = problems(raw)
    assert problem.line == 6


def test_nul_byte_is_refused_with_its_line():
    [problem] = problems("---\ntitle: A\ndate: 2021-04-21\x00\n---\n")
    assert problem.line == 3
    assert "NUL" in problem.message


# --- what YAML values mean -------------------------------------------------------------------


def test_yes_no_on_off_stay_strings_true_false_are_booleans():
    source = read("---\na: no\nb: yes\nc: on\nd: off\ne: No\nf: Y\ng: true\nh: false\ni: True\n---\n")
    assert source.data["a"] == "no"
    assert source.data["b"] == "yes"
    assert source.data["c"] == "on"
    assert source.data["d"] == "off"
    assert source.data["e"] == "No"
    assert source.data["f"] == "Y"
    assert source.data["g"] is True
    assert source.data["h"] is False
    assert source.data["i"] is True


def test_clock_times_and_phone_numbers_stay_strings():
    source = read("---\nstart: 9:00\nend: 12:30:00\nphone: 0812\nzip: 012\nratio: 1.5\nhex: 0x1F\n---\n")
    assert source.data["start"] == "9:00"  # not the sexagesimal integer 540
    assert source.data["end"] == "12:30:00"
    assert source.data["phone"] == "0812"
    assert source.data["zip"] == "012"
    assert source.data["ratio"] == "1.5"
    assert source.data["hex"] == "0x1F"


def test_plain_integers_are_integers():
    source = read("---\na: 202\nb: 0\nc: -1\n---\n")
    assert source.data == {"a": 202, "b": 0, "c": -1}
    assert all(type(v) is int for v in source.data.values())


def test_dates_and_datetimes_reach_the_schema_as_dates():
    text = "---\ntitle: A\ndate: 2021-04-21\nupdated: 2021-04-21T09:00:00\n---\n"
    source = read(text)
    # Either a YAML date or its text (for the schema to read); never anything else.
    assert source.data["date"] in (date(2021, 4, 21), "2021-04-21")
    fm = FrontMatter.model_validate(source.data, context={"zone": WIB})
    assert fm.date == Moment(datetime(2021, 4, 21, tzinfo=WIB), False)
    assert fm.updated == Moment(datetime(2021, 4, 21, 9, 0, tzinfo=WIB), True)


def test_datetime_without_seconds_stays_text_for_the_schema():
    assert read("---\na: 2021-04-21 09:00\n---\n").data["a"] == "2021-04-21 09:00"


@pytest.mark.parametrize("value", ["2021-02-30", "2021-13-01T09:00:00", "2021-04-21 25:00:00"])
def test_impossible_yaml_date_is_a_problem_not_a_crash(value):
    # Found as a crash (PyYAML's timestamp constructor raised ValueError); fixed while these tests were written.
    [problem] = author_problems(f"---\ntitle: A\ndate: {value}\n---\n")
    assert problem.line == 3
    assert "kalender" in problem.message


def test_key_that_is_not_text_is_explained_on_its_line():
    for key in ["1", "true", "2021-04-21"]:
        [problem] = author_problems(f"---\ntitle: A\ndate: 2021-04-21\n{key}: x\n---\n")
        assert problem.line == 4, key
        assert "Keys should be strings" not in problem.message


# --- refused front matter ---------------------------------------------------------------------


def test_duplicate_keys_report_both_lines():
    [problem] = problems("---\ntitle: A\ndate: 2021-04-21\ntitle: B\n---\n")
    assert problem.line == 4
    assert problem.field == "title"
    assert "baris 2" in problem.message


def test_duplicate_nested_keys_report_both_lines():
    text = "---\ntitle: A\nevent:\n  start: 2021-04-21\n  mode: daring\n  start: 2021-04-22\n---\n"
    [problem] = problems(text)
    assert problem.line == 6
    assert problem.field == "event.start"
    assert "baris 4" in problem.message


def test_same_key_in_different_list_items_is_not_a_duplicate():
    source = read("---\nspeakers:\n  - name: A\n  - name: B\n---\n")
    assert source.data["speakers"] == [{"name": "A"}, {"name": "B"}]


def test_aliases_are_refused():
    found = problems("---\ntitle: &judul Berita\ndate: 2021-04-21\nsummary: *judul\n---\n")
    assert any("alias" in p.message and p.line == 4 for p in found), found


def test_undefined_alias_is_refused_with_a_hint():
    [problem] = problems("---\ntitle: A\nsummary: *x\n---\n")
    assert problem.line == 3
    assert "*" in problem.message


def test_anchor_alone_is_refused():
    # `title: &Co Berita` would otherwise silently read as "Berita".
    [problem] = problems("---\ntitle: &Co Berita\ndate: 2021-04-21\n---\n")
    assert problem.line == 2
    assert "&Co" in problem.message or "anchor" in problem.message


def test_alias_bomb_returns_quickly_with_a_problem():
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    names = "abcdefghij"
    for previous, name in itertools.pairwise(names):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    text = "---\n" + "\n".join(levels) + "\n---\n"
    started = time.perf_counter()
    result = read_source(text.encode(), "bomb.md")
    elapsed = time.perf_counter() - started
    assert isinstance(result, list) and result
    assert all("alias" in p.message or "anchor" in p.message for p in result)
    # Not a timing test: a generous bound that only a real expansion (9**10 items) would break.
    assert elapsed < 10
    assert len(result) < 1000


def test_empty_file():
    for text in ["", "   \n\n", "\ufeff"]:
        [problem] = problems(text)
        assert problem.line == 1
        assert "kosong" in problem.message


def test_empty_front_matter():
    [problem] = problems("---\n---\nIsi.\n")
    assert "front matter kosong" in problem.message


def test_missing_front_matter():
    [problem] = problems("Judul\n\nIsi berita.\n")
    assert problem.line == 1
    assert "---" in problem.message


def test_unclosed_front_matter():
    [problem] = problems("---\ntitle: A\ndate: 2021-04-21\n")
    assert problem.line == 1
    assert "tidak pernah ditutup" in problem.message


def test_front_matter_that_is_a_list():
    [problem] = problems("---\n- title: A\n- date: 2021-04-21\n---\n")
    assert problem.line == 2
    assert "bukan daftar" in problem.message


def test_front_matter_that_is_plain_text():
    [problem] = problems("---\nhanya teks\n---\n")
    assert "kunci: nilai" in problem.message


def test_colon_in_value_gives_quoting_hint_on_the_right_line():
    text = "---\ndate: 2021-04-21\ntitle: Kuliah Tamu: OK OCE\n---\n"
    [problem] = problems(text)
    assert problem.line == 3
    assert problem.file == "content/2021/a.md"
    assert "tanda kutip" in problem.message
    assert problem.message.endswith('misalnya: title: "Kuliah Tamu: OK OCE"')


def test_colon_in_value_line_counts_blank_lines_after_opening():
    [problem] = problems("---\n\ndate: 2021-04-21\n\ntitle: a: b\n---\n")
    assert problem.line == 5


@pytest.mark.parametrize("value", ["!Penting Rapat Senat", "!!! Segera daftar", "!!int dua ratus"])
def test_value_starting_with_exclamation_mark_is_a_problem_not_a_crash(value):
    [problem] = problems(f"---\ntitle: A\nsummary: {value}\ndate: 2021-04-21\n---\n")
    assert problem.line == 3


@pytest.mark.parametrize("value", ["@poltekesos raih juara", "`Kampus Merdeka` dibuka"])
def test_reserved_first_character_gets_the_quoting_hint(value):
    [problem] = problems(f"---\ntitle: {value}\ndate: 2021-04-21\n---\n")
    assert problem.line == 2
    assert "tanda kutip" in problem.message
    assert "cannot start any token" not in problem.message


def test_block_scalar_containing_dashes_is_not_a_boundary():
    source = read("---\ntitle: A\nsummary: |\n  satu\n  ---\n  dua\n---\nIsi.\n")
    assert source.data["summary"] == "satu\n---\ndua\n"
    assert source.body_line + source.body.split("\n").index("Isi.") == 8


def test_tab_indentation_is_explained():
    [problem] = problems("---\ntitle: A\nevent:\n\tmode: daring\n---\n")
    assert problem.line == 4
    assert "tab" in problem.message

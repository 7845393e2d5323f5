"""load/listing.py: which files of the content folder the build reads, as Paths and as strings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from berita.load.listing import content_files, content_paths, is_markdown


def test_the_strings_are_the_paths_in_the_same_order(tmp_path: Path) -> None:
    # "-" and " " sort before "/": by the text, "2021-lama.md" would come before "2021/…".
    names = ["2021/b.md", "2021/a/foto.png", "2021-lama.md", "2021 x/c.md", "2020/z.MD", "2021/.tersembunyi.md"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "2021" / "b.md", tmp_path / "2021" / "tautan.md")
    os.symlink(tmp_path / "2021", tmp_path / "2021-tautan")
    files, links = content_files(tmp_path)
    assert content_paths(tmp_path) == ([str(path) for path in files], [str(path) for path in links])
    assert files == sorted(files) and [p.relative_to(tmp_path).as_posix() for p in files] == [
        "2020/z.MD",
        "2021/a/foto.png",
        "2021/b.md",
        "2021 x/c.md",
        "2021-lama.md",
    ]
    assert links == [tmp_path / "2021" / "tautan.md", tmp_path / "2021-tautan"]


@pytest.mark.parametrize(
    "name",
    ["a.md", "berita-uji.MD", "x.Md", ".md", "md", "a.md.", "a.md~", "a.markdown", "a..md", "2021/.md", "b.md/c"],
)
def test_an_article_is_what_pathlibs_suffix_says(name: str) -> None:
    assert is_markdown(name) == is_markdown(Path(name)) == (Path(name).suffix.lower() == ".md")


def test_names_with_two_dots_are_named_from_the_project(tiny_site, capsys) -> None:
    # A name holding ".." takes shown_path's slow way (pathlib), now given a string.
    site = tiny_site()
    site.article("content/2021..lama/berita.md", title="Wisuda Sarjana Terapan")
    site.write("content/2021..lama/foto..png", "bukan gambar")
    assert site.build() == 0
    assert capsys.readouterr().err.startswith("content/2021..lama/berita.md:")  # not the absolute path
    site.article("content/2021/a..md", title="Kuliah Tamu")
    assert site.build() == 1
    lines = capsys.readouterr().err.splitlines()
    assert any(line.startswith('content/2021/a..md:1: slug: nama file "a..md"') for line in lines), lines

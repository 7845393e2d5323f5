"""Inputs that once ended in a traceback: each is now a message (or a warning and a whole site).

Found by an attack: `.cache` that is a file, a dangling link or read-only; an article deleted
while a build runs; `represented_by` nested hundreds deep; `new` with a very long title or a
newline in it (and `new` writing a file that `check` then refused); `--config` naming a folder;
a content folder outside the project.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from sites import NOW, TinySite, at_now

from berita.cli import main
from berita.frontmatter.schema import MAX_SLUG
from berita.load import content
from berita.model import title_slug

GOOD = "---\ntitle: Wisuda Sarjana Terapan\ndate: 2021-04-21\nsummary: Wisuda angkatan 2021.\n---\nIsi.\n"


@pytest.fixture
def site(tiny_site) -> TinySite:
    made = tiny_site()
    made.write("content/2021/wisuda.md", GOOD)
    return made


def clean(err: str) -> str:
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("kind", ["file", "dangling link", "not writable"])
def test_a_cache_that_cannot_be_used_is_a_warning_and_the_site_is_whole(site, capsys, monkeypatch, kind) -> None:
    cache = site.root / ".cache"
    if kind == "file":
        cache.write_text("bukan folder", encoding="utf-8")
    elif kind == "dangling link":
        cache.symlink_to(site.root / "tidak-ada" / "cache")
    else:
        cache.mkdir()
        real = os.access
        monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == cache else real(path, mode))
    assert site.build() == 0
    err = clean(capsys.readouterr().err)
    assert ".cache: peringatan: folder cache " in err and "build berjalan tanpa cache (lebih lambat)" in err
    assert site.page("2021/04/wisuda/index.html").h1.get_text() == "Wisuda Sarjana Terapan"
    assert site.check() == 0


def test_an_article_deleted_while_the_build_runs_is_a_message(site, capsys, monkeypatch) -> None:
    assert site.build() == 0
    before = site.snapshot()
    capsys.readouterr()
    listed = content.content_paths

    def listed_then_deleted(folder: Path) -> tuple[list[str], list[str]]:
        files, links = listed(folder)
        gone = str(folder / "2021" / "terhapus.md")
        return [*files, gone] if folder.name == "content" else files, links

    monkeypatch.setattr(content, "content_paths", listed_then_deleted)
    assert site.build() == 1
    err = clean(capsys.readouterr().err)
    assert err.startswith("content/2021/terhapus.md: file hilang atau tidak bisa dibaca selama build berjalan (")
    assert "jalankan build lagi" in err
    assert site.snapshot() == before


def represented(depth: int) -> str:
    person: dict = {"name": "Iim Rusyamsi", "role": "Ketua Umum OK OCE Indonesia"}
    for level in range(depth):
        person = {"name": f"Wakil {level}", "represented_by": person}
    event = {"start": "2021-04-21T09:00", "mode": "daring", "speakers": [person]}
    front = yaml.safe_dump({"title": "Kuliah Tamu", "date": "2021-04-21", "event": event}, sort_keys=False)
    return f"---\n{front}---\nIsi.\n"


def test_a_representative_of_a_representative_is_fine(site, capsys) -> None:
    site.write("content/2021/kuliah-tamu.md", represented(3))
    assert site.build() == 0, clean(capsys.readouterr().err)


@pytest.mark.parametrize("depth", [4, 8])
def test_representatives_nested_deeper_are_refused_with_the_limit(site, capsys, depth) -> None:
    site.write("content/2021/kuliah-tamu.md", represented(depth))
    assert site.build() == 1
    err = clean(capsys.readouterr().err)
    assert "content/2021/kuliah-tamu.md:" in err
    assert "event.speakers[0]: `represented_by` bersarang lebih dari 3 tingkat" in err


@pytest.mark.parametrize(
    "value",
    [
        represented(300).split("event:")[1],  # hundreds deep: would recurse in every walk
        " " + "[" * 300 + "]" * 300,
        " " + "[" * 5000 + "]" * 5000,  # deeper than Python's recursion
        " " + "{a: " * 900 + "1" + "}" * 900,
    ],
    ids=["represented-300", "lists-300", "lists-5000", "mappings-900"],
)
def test_front_matter_nested_far_too_deep_is_a_message(site, capsys, value) -> None:
    site.write("content/2021/kuliah-tamu.md", f"---\ntitle: K\ndate: 2021-04-21\nevent:{value}\n---\nIsi.\n")
    assert site.build() == 1
    err = clean(capsys.readouterr().err)
    assert err.startswith("content/2021/kuliah-tamu.md:")
    assert len(err.splitlines()[0]) < 400, "no value quoted back whole"


def new(site: TinySite, *args: str) -> int:
    return main(["new", "--config", str(site.root / "config.toml"), *at_now(args)])


def test_new_with_a_realistic_long_headline_makes_an_address_check_accepts(site, capsys) -> None:
    headline = (
        "Poltekesos Bandung Gelar Kuliah Tamu Kewirausahaan Sosial Bersama Pendiri OK OCE Indonesia "
        "yang Diwakili Ketua Umum di Kampus"
    )
    assert len(headline) > MAX_SLUG
    assert new(site, headline) == 0
    [path] = (site.root / "content" / f"{NOW:%Y}").glob("*.md")
    assert len(path.stem) <= MAX_SLUG and not path.stem.endswith("-")
    assert (
        path.stem
        == title_slug(headline)
        == ("poltekesos-bandung-gelar-kuliah-tamu-kewirausahaan-sosial-bersama-pendiri-ok-oce-indonesia-yang")
    )
    capsys.readouterr()
    assert site.check("--drafts") == 0, capsys.readouterr().err


@pytest.mark.parametrize("title", ["Wisuda\nAngkatan 2021", "Wisuda\x1b[31m Angkatan", "Wisuda\u2028Angkatan"])
def test_new_refuses_a_title_that_is_not_one_plain_line_and_writes_nothing(site, capsys, title) -> None:
    assert new(site, title) == 1
    err = clean(capsys.readouterr().err)
    assert err.startswith("title: judul harus satu baris teks biasa")
    assert not (site.root / "content" / f"{NOW:%Y}").exists()


def test_new_never_writes_a_file_that_check_would_refuse(site, capsys) -> None:
    # A title of letters but no address: the form is read back as the build reads it.
    assert new(site, "Kuliah Tamu: `OK` OCE \\ Indonesia") == 0
    capsys.readouterr()
    assert site.check("--drafts") == 0, capsys.readouterr().err


def test_title_slug_cuts_at_a_word() -> None:
    assert title_slug("Kuliah Tamu", 100) == "kuliah-tamu"
    assert title_slug("kata " * 40, 20) == "kata-kata-kata-kata"
    assert title_slug("a" * 150, 100) == "a" * 100


def test_config_naming_a_folder_is_a_message(site, capsys) -> None:
    for command in ("build", "check", "new"):
        args = ["Judul"] if command == "new" else []
        assert main([command, "--config", str(site.root / "content"), *args]) == 1
        err = clean(capsys.readouterr().err)
        assert "adalah folder; tulis jalur file konfigurasinya, misalnya --config" in err


@pytest.mark.parametrize("how", ["written", "linked"])
def test_a_content_folder_outside_the_project_is_a_message(site, capsys, how) -> None:
    # Once a traceback (ValueError from relative_to) for every command that reads articles.
    assert site.build() == 0
    before = site.snapshot()
    capsys.readouterr()
    elsewhere = site.root.parent / "bersama" / "isi"
    elsewhere.mkdir(parents=True)
    (elsewhere / "2021").mkdir()
    (elsewhere / "2021" / "wisuda.md").write_text(GOOD, encoding="utf-8")
    config = site.root / "config.toml"
    if how == "written":
        config.write_text(config.read_text(encoding="utf-8") + '\n[folders]\ncontent = "../bersama/isi"\n', "utf-8")
        named = '"../bersama/isi"'
    else:
        (site.root / "content" / "2021" / "wisuda.md").unlink()
        (site.root / "content" / "2021").rmdir()
        (site.root / "content").rmdir()
        (site.root / "content").symlink_to(elsewhere)
        named = '"content"'
    for command in ("build", "check", "new"):
        args = ["Judul Baru"] if command == "new" else []
        assert main([command, "--config", str(config), *args]) == 1
        err = clean(capsys.readouterr().err)
        assert err.startswith(
            f"config.toml: folders.content: folder artikel harus berada di dalam folder proyek ({site.root.resolve()}), "
            f"tetapi {named} menunjuk ke {elsewhere.resolve()}; pindahkan artikelnya ke dalam proyek"
        ), err
    assert site.snapshot() == before
    assert sorted(p.name for p in elsewhere.rglob("*")) == ["2021", "wisuda.md"]  # `new` wrote nothing there

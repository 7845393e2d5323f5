"""Hostile and broken input: every bad file gets a clear message, every text is escaped.

Cases that have a folder under tests/invalid/ are not repeated here: not UTF-8
(`bukan-utf8`, names the byte), an empty file (`file-kosong`), front matter never closed
(`front-matter-tidak-ditutup`) or not a mapping (`front-matter-bukan-mapping`), two articles
claiming one URL (`dua-artikel-satu-alamat`, both files named), and the config cases
(`config-*`; a missing config file is tests/test_invalid.py::test_missing_config_file).

Each refusal here checks the exit status 1, the message, the absence of a traceback and
that output/ is byte-for-byte what the previous good build left.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tracemalloc
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree
from PIL import Image
from sites import PROJECT, TinySite, at_now, problems, refused

from berita.images import media
from berita.write import output

GOOD = """\
---
title: Pelepasan Mahasiswa Praktikum
date: 2021-03-15T08:00:00
tags: [praktikum]
summary: Poltekesos Bandung melepas 180 mahasiswa praktikum.
---
Poltekesos Bandung melepas 180 mahasiswa praktikum ke desa binaan.
"""


@pytest.fixture
def site(tiny_site) -> TinySite:
    made = tiny_site(base_url="https://example.github.io/berita/")
    made.write("content/2021/pelepasan.md", GOOD)
    return made


def png(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 48), "teal").save(path)
    return path


# --------------------------------------------------------------------------------------
# Files that are not what they should be
# --------------------------------------------------------------------------------------


def test_bom_and_windows_line_endings_just_work(site: TinySite, capsys) -> None:
    raw = "\ufeff---\r\ntitle: Judul dari Notepad\r\ndate: 2021-04-21T09:00\r\nsummary: Ringkasan.\r\n---\r\nBaris satu.\r\nBaris dua.\r\n"
    (site.root / "content" / "2021" / "notepad.md").write_bytes(raw.encode("utf-8"))
    assert site.build() == 0, capsys.readouterr().err
    page = site.page("2021/04/notepad/index.html")
    assert page.h1.get_text() == "Judul dari Notepad"
    assert page.title.get_text().startswith("Judul dari Notepad ·")
    assert page.select_one("time")["datetime"].startswith("2021-04-21T09:00")
    html = (site.output / "2021/04/notepad/index.html").read_text(encoding="utf-8")
    assert "\r" not in html and "\ufeff" not in html


def test_nul_byte_is_refused_with_its_line(site: TinySite, built, capsys) -> None:
    site.write("content/2021/rusak.md", "---\ntitle: A\ndate: 2021-04-21\n---\nIsi\x00 rusak.\n")
    err = refused(site, capsys, built)
    [problem] = problems(err)
    assert problem.startswith("content/2021/rusak.md:5: ")
    assert "NUL" in problem


def test_an_address_urllib_cannot_read_is_a_link_out_of_the_site(site: TinySite, capsys) -> None:
    # "http://[alamat-server]/sia": a placeholder of a WordPress post, not a site path; kept as
    # written (a browser opens nothing there), never a traceback.
    body = "Buka [SIA](http://[alamat-server]/sia), ![peta](http://[ip-server]/peta.jpg) dan <a href='http://[y]/'>ini</a>."
    site.write("content/2021/sia.md", GOOD.replace("praktikum ke desa binaan.", body))
    assert site.build() == 0, capsys.readouterr().err
    page = site.page("2021/03/sia/index.html")
    assert [a["href"] for a in page.select("article a[href^='http://[']")] == [
        "http://[alamat-server]/sia",
        "http://[y]/",
    ]
    assert page.select_one("article img[src^='http://[']")["src"] == "http://[ip-server]/peta.jpg"


def test_a_lead_photo_at_an_address_urllib_cannot_read_is_refused_as_an_address(site: TinySite, built, capsys) -> None:
    site.write("content/2021/sia.md", GOOD.replace("tags:", 'image:\n  src: "http://[x]/a.jpg"\n  alt: Foto\ntags:'))
    [problem] = problems(refused(site, capsys, built))
    assert problem.startswith("content/2021/sia.md:5: image.src: harus file gambar di samping artikel"), problem


def test_alias_bomb_fails_fast_and_small(site: TinySite, built, capsys) -> None:
    # "Billion laughs": ten levels of nine aliases each would expand to 9**10 items.
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, name in zip("abcdefghi", "bcdefghij", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    site.write("content/2021/bom.md", "---\ntitle: Bom\ndate: 2021-04-21\n" + "\n".join(levels) + "\n---\nIsi.\n")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        err = refused(site, capsys, built)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    rss_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    # Memory, not time, shows the expansion was refused (time is for make bench): 9**10 items
    # would take gigabytes.
    assert peak < 200 * 2**20, f"Python allocations peaked at {peak / 2**20:.0f} MB"
    assert rss_growth_kb < 200 * 1024, f"resident memory grew by {rss_growth_kb / 1024:.0f} MB"
    listed = problems(err)
    assert all(line.startswith("content/2021/bom.md:") for line in listed)
    assert any("alias" in line for line in listed)
    assert len(listed) < 200


def test_twenty_megabyte_article_is_refused_without_reading_it(site: TinySite, built, capsys) -> None:
    path = site.root / "content" / "2021" / "besar.md"
    with path.open("wb") as out:
        out.write(b"---\ntitle: Besar\ndate: 2021-04-21\n---\n")
        chunk = b"Lampiran yang tertempel. " * 40_000  # 1 MB
        for _ in range(20):
            out.write(chunk)
    tracemalloc.start()
    try:
        err = refused(site, capsys, built)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    [problem] = problems(err)
    assert problem.startswith("content/2021/besar.md: ")
    assert "terlalu besar" in problem
    assert peak < 10 * 2**20, f"peaked at {peak / 2**20:.0f} MB: the file was read"


@pytest.mark.parametrize(("tag", "slug"), [("page", "page"), ("Feed", "feed"), ("index", "index")])
def test_tag_on_a_reserved_path_is_refused(site: TinySite, built, capsys, tag: str, slug: str) -> None:
    site.article("content/2021/a.md", tags=tag)
    [problem] = problems(refused(site, capsys, built))
    assert problem.startswith("content/2021/a.md: tags: ")
    assert f'tag "{tag}"' in problem
    assert f"/tag/{slug}/" in problem


@pytest.mark.parametrize("slug", ["2021/04/lain", "..", "../../etc", "Kuliah_Tamu", "é"])
def test_slug_outside_a_z_0_9_dash_is_refused(site: TinySite, built, capsys, slug: str) -> None:
    site.write("content/2021/a.md", f"---\ntitle: A\ndate: 2021-04-21\nslug: {json.dumps(slug)}\n---\nIsi.\n")
    [problem] = problems(refused(site, capsys, built))
    assert problem.startswith("content/2021/a.md:4: slug: hanya boleh huruf kecil a-z, angka 0-9 dan tanda -")
    assert problem.endswith(f"tertulis {json.dumps(slug, ensure_ascii=False)}")


def test_slug_too_long_for_a_file_name_is_refused(site: TinySite, built, capsys) -> None:
    site.write("content/2021/a.md", f"---\ntitle: A\ndate: 2021-04-21\nslug: {'a' * 300}\n---\nIsi.\n")
    [problem] = problems(refused(site, capsys, built))
    assert problem.startswith("content/2021/a.md:4: slug: terlalu panjang")


def test_file_name_too_long_for_an_address_is_refused(site: TinySite, built, capsys) -> None:
    name = "kuliah-tamu-" + "a" * 235 + ".md"  # 250 bytes: the longest a file system allows is 255
    site.article(f"content/2021/{name}")
    [problem] = problems(refused(site, capsys, built))
    assert problem.startswith(f"content/2021/{name}:1: slug: ")
    assert "tidak bisa jadi alamat" in problem


@pytest.mark.parametrize("field", ["tags", "aliases"])
def test_tag_or_alias_too_long_for_a_file_name_is_refused(site: TinySite, built, capsys, field: str) -> None:
    value = f"/lama/{'a' * 300}" if field == "aliases" else "a" * 300
    site.write("content/2021/a.md", f"---\ntitle: A\ndate: 2021-04-21\n{field}: [{value}]\n---\nIsi.\n")
    assert site.check() == 1, "check must find what build would fail on"
    capsys.readouterr()
    [problem] = problems(refused(site, capsys, built))
    assert problem.startswith(f"content/2021/a.md:4: {field}")


def test_files_that_are_not_articles(site: TinySite, capsys) -> None:
    folder = site.root / "content" / "2021"
    png(folder / "foto.png")
    png(folder / "tidak-dipakai.png")
    site.write("content/2021/dengan-foto.md", "---\ntitle: A\ndate: 2021-04-21\nsummary: S.\n---\n![Foto](foto.png)\n")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1\x00\xff")
    (folder / "catatan.md~").write_bytes(b"---\ntitle: [tidak ditutup\n")
    (folder / "x.swp").write_bytes(b"b0VIM 8.2\x00\xff")
    (folder / "#dengan-foto.md#").write_text("simpanan otomatis emacs", encoding="utf-8")
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    os.symlink("root@laptop.1234:1700000000", folder / ".#dengan-foto.md")  # emacs' lock: a dangling link

    code = site.build()
    err = capsys.readouterr().err

    assert code == 0, err
    assert err == "", err
    assert len(list((site.output / "2021").glob("foto-*.png"))) == 1, "the photo used is published in its sizes"
    published = {p.name for p in site.output.rglob("*")}
    assert not published & {"tidak-dipakai.png", ".DS_Store", "catatan.md~", "x.swp", "Thumbs.db", ".#dengan-foto.md"}


def test_upper_case_md_extension_is_an_article(site: TinySite, capsys) -> None:
    site.write("content/2021/berita-besar.MD", "---\ntitle: Dari Windows\ndate: 2021-04-21\nsummary: S.\n---\nIsi.\n")
    assert site.build() == 0, capsys.readouterr().err
    assert site.page("2021/04/berita-besar/index.html").h1.get_text() == "Dari Windows"


@pytest.mark.parametrize(
    "kind",
    [
        "article",
        "image",
        pytest.param("folder"),
    ],
)
def test_symbolic_link_out_of_the_project_is_refused_by_name(site: TinySite, built, capsys, kind: str) -> None:
    outside = site.root.parent / "di-luar"
    outside.mkdir()
    (outside / "rahasia.md").write_text("---\ntitle: Rahasia\ndate: 2021-04-21\n---\nRAHASIA\n", encoding="utf-8")
    png(outside / "foto.png")
    link = {"article": "content/2021/tautan.md", "image": "content/2021/foto.png", "folder": "content/luar"}[kind]
    target = {"article": outside / "rahasia.md", "image": outside / "foto.png", "folder": outside}[kind]
    os.symlink(target, site.root / link)
    if kind == "image":
        site.write("content/2021/foto-berita.md", "---\ntitle: F\ndate: 2021-04-21\n---\n![Foto](foto.png)\n")
    err = refused(site, capsys, built)
    [problem] = [line for line in problems(err) if "tautan simbolik" in line]
    assert problem.startswith(link + ": "), problem
    assert "RAHASIA" not in err


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("content/2025/lampiran.txt", "../../.git/config"),
        ("content/2025/data.csv", "../../.env"),
        ("content/2025/salinan.md", "../2021/asli.md"),  # inside content/ and publishable: still a link
        ("content/2025/putaran.md", "putaran.md"),  # a link to itself: no file behind it
        ("content/2025/hilang.pdf", "tidak-ada.pdf"),  # dangling
        ("content/arsip", "../.git"),  # a folder
        ("static/img/logo-lama.svg", "../../.git/config"),
    ],
)
def test_symbolic_links_inside_the_project_are_refused_wherever_they_lead(
    site: TinySite, built, capsys, link: str, target: str
) -> None:
    # Found by an attack: links to the project's own secrets were published byte for byte, exit 0.
    (site.root / ".git").mkdir()
    (site.root / ".git" / "config").write_text("[remote]\n  url = https://token-RAHASIA@github.com/x/y\n")
    (site.root / ".env").write_text("PAGES_TOKEN=RAHASIA\n", encoding="utf-8")
    site.write("content/2021/asli.md", "---\ntitle: Asli\ndate: 2021-04-21\n---\nIsi asli.\n")
    (site.root / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, site.root / link)
    site.write(
        "content/2025/berita.md", "---\ntitle: B\ndate: 2025-01-02\n---\n[Lampiran](lampiran.txt) [data](data.csv)\n"
    )
    err = refused(site, capsys, built)
    assert f"{link}: tautan simbolik tidak diterima" in err
    assert "RAHASIA" not in err
    assert not [p for p in site.output.rglob("*") if p.is_file() and b"RAHASIA" in p.read_bytes()]


def test_symbolic_link_in_static_out_of_the_project_is_refused(site: TinySite, built, capsys) -> None:
    # Found by this suite: static/ links were followed and the file outside published (site/copies.py, static_files).
    secret = site.root.parent / "rahasia.txt"
    secret.write_text("RAHASIA", encoding="utf-8")
    os.symlink(secret, site.root / "static" / "rahasia.txt")
    err = refused(site, capsys, built)
    assert any(line.startswith("static/rahasia.txt: ") for line in problems(err)), err


def test_static_folder_configured_outside_the_project_is_not_a_link_out(site: TinySite, capsys) -> None:
    # The refusal above is about links, not places: [folders] may name a static folder anywhere.
    shared = site.root.parent / "bersama"
    (site.root / "static").rename(shared)
    with (site.root / "config.toml").open("a", encoding="utf-8") as config:
        config.write('\n[folders]\nstatic = "../bersama"\n')
    assert site.build() == 0, capsys.readouterr().err
    assert (site.output / "css" / "style.css").read_bytes() == (shared / "css" / "style.css").read_bytes()


# --------------------------------------------------------------------------------------
# Crashes found by tests/test_fuzz.py and by hand: each should be a problem, not a traceback
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("character", ["\x0c", "\x1b"])
def test_control_character_in_front_matter_is_a_problem(site: TinySite, built, capsys, character: str) -> None:
    site.write("content/2021/a.md", f"---\ntitle: Judul{character}dari PDF\ndate: 2021-04-21\n---\nIsi.\n")
    [problem] = problems(refused(site, capsys, built))
    assert problem.startswith("content/2021/a.md:2: ")


def test_control_character_in_body_keeps_the_feed_well_formed(site: TinySite, capsys) -> None:
    site.write("content/2021/a.md", "---\ntitle: A\ndate: 2021-04-21\nsummary: S.\n---\nTeks\x0cdari\x1b PDF.\n")
    code = site.build()
    err = capsys.readouterr().err
    if code == 1:  # refusing the character with a message is as good as dropping it
        assert problems(err)[0].startswith("content/2021/a.md:6: ")
        return
    etree.fromstring((site.output / "feed.xml").read_bytes())


@pytest.mark.parametrize("src", ["/img/hilang.jpg", "https://example.org/foto.jpg", "/"])
def test_hero_image_missing_under_static_is_a_problem(site: TinySite, built, capsys, src: str) -> None:
    # Found by this suite: FileNotFoundError/IsADirectoryError in media.preview_files, a traceback.
    site.write("content/2021/a.md", f"---\ntitle: A\ndate: 2021-04-21\nimage: {{src: '{src}', alt: Foto}}\n---\nIsi.\n")
    [problem] = problems(refused(site, capsys, built))
    assert problem.startswith("content/2021/a.md:4: image.src: ")


def test_a_photo_that_cannot_be_made_into_its_card_stops_the_build_before_the_swap(
    site: TinySite, built, capsys, monkeypatch
) -> None:
    # The cards are made while the rest of the site is written (pipeline.py): a photo replaced
    # meanwhile by one that does not decode is refused there, and output/ stays as it was.
    png(site.root / "content" / "2021" / "foto.png")
    site.write(
        "content/2021/kunjungan.md",
        GOOD.replace("Pelepasan", "Kunjungan").replace("tags:", "image: {src: foto.png, alt: Foto}\ntags:"),
    )
    monkeypatch.setattr(media, "_card", lambda job: (None, True))  # as _card says of a photo it cannot read
    written: list[str] = []
    write = output._write
    monkeypatch.setattr(output, "_write", lambda item, target: written.append(item.path) or write(item, target))
    [problem] = problems(refused(site, capsys, built))
    assert problem == f"content/2021/kunjungan.md: image.src: {media.HERO_MESSAGE}"
    assert "2021/03/kunjungan/index.html" in written, "refused once the rest was written"
    assert not [p.name for p in site.root.iterdir() if ".new-" in p.name], "a half-written site was left behind"


def test_unknown_key_with_a_bracket_is_a_problem(site: TinySite, built, capsys) -> None:
    # Found by tests/test_fuzz.py: `_is_wrapper` in validation.py dropped the key, then IndexError.
    site.write("content/2021/a.md", "---\ntitle: A\ndate: 2021-04-21\nfoto[1]: x.jpg\n---\nIsi.\n")
    [problem] = problems(refused(site, capsys, built))
    assert problem.startswith("content/2021/a.md:4: foto[1]: kolom tidak dikenal")


def test_deeply_nested_list_is_a_problem(site: TinySite, built, capsys) -> None:
    # Found by this suite: each `- ` opens a nested list; Python-Markdown recursed past the limit (RecursionError).
    site.write("content/2021/a.md", "---\ntitle: A\ndate: 2021-04-21\n---\n" + "- " * 1000 + "x\n")
    [problem] = problems(refused(site, capsys, built))
    assert problem.startswith("content/2021/a.md")


@pytest.mark.parametrize("date", ["0001-01-01T00:00+07:00", "9999-12-31T23:59-07:00"])
def test_date_at_the_edge_of_the_calendar_is_a_problem(site: TinySite, built, capsys, date: str) -> None:
    site.write("content/2021/a.md", f"---\ntitle: A\ndate: {date}\n---\nIsi.\n")
    [problem] = problems(refused(site, capsys, built))
    assert problem.startswith("content/2021/a.md:3: date: ")


def test_pathological_markdown_fails_or_builds_in_seconds(site: TinySite) -> None:
    site.write("content/2021/a.md", "---\ntitle: A\ndate: 2021-04-21\n---\n" + "[" * 20_000 + "\n")
    command = [
        sys.executable,
        str(PROJECT / "build.py"),
        "check",
        "--config",
        str(site.root / "config.toml"),
        *at_now(()),
    ]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120)  # a hang, not a speed test
    assert "Traceback" not in finished.stderr
    assert finished.returncode in (0, 1)


# --------------------------------------------------------------------------------------
# Escaping everywhere
# --------------------------------------------------------------------------------------

NASTY = '"><script>alert(1)</script> </script> javascript:alert(1) ]]> {{ 7*7 }} &amp;'


def nasty(field: str) -> str:
    """A hostile text that also says which field it came from."""
    return f"{field} {NASTY}"


TEXT_FIELDS = {
    "title": nasty("judul"),
    "summary": nasty("ringkasan"),
    "author": nasty("penulis"),
    "tag": nasty("tag"),
    "alt": nasty("alt"),
    "caption": nasty("keterangan"),
    "credit": nasty("kredit"),
    "venue": nasty("tempat"),
    "platform": nasty("platform"),
    "organizer": nasty("penyelenggara"),
    "course": nasty("matakuliah"),
    "study_program": nasty("prodi"),
    "participants_note": nasty("peserta"),
    "speaker": nasty("narasumber"),
    "role": nasty("jabatan"),
    "affiliation": nasty("instansi"),
    "represented_by": nasty("wakil"),
    "moderator": nasty("moderator"),
    "opened_by": nasty("pembuka"),
    "label": nasty("tombol"),
}
# The summary is the page's description, and shows on list pages (checked there).
VISIBLE = [key for key in TEXT_FIELDS if key not in ("alt", "summary")]


def hostile_article() -> str:
    t = TEXT_FIELDS
    front = {
        "title": t["title"],
        "date": "2021-04-21T09:00",
        "category": "agenda",
        "tags": [t["tag"]],
        "summary": t["summary"],
        "author": t["author"],
        "image": {"src": "foto.png", "alt": t["alt"], "caption": t["caption"], "credit": t["credit"]},
        "event": {
            "start": "2021-04-21T09:00",
            "end": "2021-04-21T12:00",
            "mode": "hibrida",
            "type": "kuliah_tamu",
            "platform": t["platform"],
            "venue": t["venue"],
            "organizer": t["organizer"],
            "course": t["course"],
            "study_program": t["study_program"],
            "participants": 120,
            "participants_note": t["participants_note"],
            "speakers": [
                {
                    "name": t["speaker"],
                    "role": t["role"],
                    "affiliation": t["affiliation"],
                    "represented_by": {"name": t["represented_by"]},
                }
            ],
            "moderator": {"name": t["moderator"]},
            "opened_by": {"name": t["opened_by"]},
        },
        "form": {"url": "https://forms.gle/abc", "label": t["label"]},
    }
    lines = [f"{key}: {json.dumps(value)}" for key, value in front.items()]
    return "---\n" + "\n".join(lines) + "\n---\nIsi kegiatan {{ 7*7 }} {% raw %} dengan teks biasa.\n"


@pytest.fixture
def hostile_site(site: TinySite, capsys) -> TinySite:
    png(site.root / "content" / "2021" / "foto.png")
    site.write("content/2021/kuliah-tamu.md", hostile_article())
    assert site.build() == 0, capsys.readouterr().err
    return site


ARTICLE = "2021/04/kuliah-tamu/index.html"


def own_scripts_only(page: BeautifulSoup, where: str) -> None:
    """No element <script> but the JSON-LD and the site's own script files; no handlers, no javascript: URLs."""
    for script in page.find_all("script"):
        if script.get("src"):
            assert script["src"].startswith("/berita/js/"), f"{where}: {script}"
        else:
            assert script.get("type") == "application/ld+json", f"{where}: {script}"
    for element in page.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), f"{where}: {element.name}[{name}]"
            if name.lower() in ("href", "src", "action", "formaction", "srcset", "content"):
                text = " ".join(value) if isinstance(value, list) else value
                assert not text.strip().lower().startswith("javascript:"), f"{where}: {element.name}[{name}]={text}"


def visible_text(page: BeautifulSoup) -> str:
    for script in page.find_all(["script", "style"]):
        script.extract()
    return page.get_text()


def test_hostile_text_in_every_field_is_shown_literally(hostile_site: TinySite) -> None:
    page = hostile_site.page(ARTICLE)
    own_scripts_only(hostile_site.page(ARTICLE), ARTICLE)
    assert page.h1.get_text() == TEXT_FIELDS["title"]
    assert page.find("meta", property="og:title")["content"] == TEXT_FIELDS["title"]
    assert page.find("meta", attrs={"name": "description"})["content"] == TEXT_FIELDS["summary"]
    assert TEXT_FIELDS["alt"] in [img.get("alt") for img in page.find_all("img")]
    shown = visible_text(page)
    for field in VISIBLE:
        assert TEXT_FIELDS[field] in shown, f"{field} is not shown literally"
    # Every field above still reads `{{ 7*7 }}`, never 49; so does the body.
    assert "{{ 7*7 }} {% raw %}" in shown, "the body's template syntax must stay text"


def strings(value: object) -> list[str]:
    """Every text inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def test_hostile_text_keeps_json_ld_feed_and_sitemap_valid(hostile_site: TinySite) -> None:
    page = hostile_site.page(ARTICLE)
    [script] = page.find_all("script", type="application/ld+json")
    graph = json.loads(script.string)["@graph"]
    [news] = [item for item in graph if item["@type"] == "NewsArticle"]
    assert news["headline"] == TEXT_FIELDS["title"]
    assert TEXT_FIELDS["author"] in [author["name"] for author in news["author"]]
    [event] = [item for item in graph if item["@type"] not in ("NewsArticle", "BreadcrumbList")]
    assert TEXT_FIELDS["venue"] in strings(event)
    titles = {}
    for feed in sorted(hostile_site.output.rglob("feed.xml")):
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, f"{feed}: {parsed.get('bozo_exception')}"
        titles[feed.relative_to(hostile_site.output).as_posix()] = [entry.title for entry in parsed.entries]
    assert titles["feed.xml"][0] == TEXT_FIELDS["title"]
    assert titles["kategori/agenda/feed.xml"] == [TEXT_FIELDS["title"]]
    sitemap = etree.fromstring((hostile_site.output / "sitemap.xml").read_bytes())
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.github.io/berita/2021/04/kuliah-tamu/" in locations


def test_hostile_text_runs_no_script_on_any_page(hostile_site: TinySite) -> None:
    pages = sorted(hostile_site.output.rglob("*.html"))
    assert len(pages) > 8
    for path in pages:
        relative = path.relative_to(hostile_site.output).as_posix()
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        own_scripts_only(page, relative)
        assert "<script>alert" not in str(page), relative
    tags = visible_text(hostile_site.page("tag/index.html"))
    assert TEXT_FIELDS["tag"] in tags
    cards = visible_text(hostile_site.page("index.html"))
    assert TEXT_FIELDS["title"] in cards
    assert TEXT_FIELDS["summary"] in cards


def test_javascript_form_url_is_refused(site: TinySite, built, capsys) -> None:
    site.write(
        "content/2021/a.md",
        "---\ntitle: A\ndate: 2021-04-21\nform:\n  url: javascript:alert(1)\n  label: Daftar\n---\nIsi.\n",
    )
    [problem] = problems(refused(site, capsys, built))
    assert problem.startswith("content/2021/a.md:5: form.url: ")
    assert 'tertulis "javascript:alert(1)"' in problem


RAW_HTML = """\
---
title: Pengumuman
date: 2021-04-21
summary: Ringkasan.
---
## Jadwal Ujian

<div class="kotak">Kotak pengumuman</div>

| Hari | Mata kuliah |
|------|-------------|
| Senin | Pekerjaan Sosial |

Baca [jadwal lengkap](https://poltekesos.ac.id/jadwal) dan [ini](javascript:alert(1)).

![Denah ruang](denah.png)

<script>alert("skrip")</script>
<a href="javascript:alert(2)" onclick="alert(3)" onmouseover="alert(4)">klik</a>
<img src="denah.png" onerror="alert(5)" alt="denah">
"""


def article_body(site: TinySite) -> BeautifulSoup:
    return site.page("2021/04/pengumuman/index.html").select_one(".article-body")


def test_raw_html_is_kept_by_default(site: TinySite, capsys) -> None:
    png(site.root / "content" / "2021" / "denah.png")
    site.write("content/2021/pengumuman.md", RAW_HTML)
    assert site.build() == 0, capsys.readouterr().err
    body = article_body(site)
    assert body.select_one("div.kotak").get_text() == "Kotak pengumuman"
    assert body.find("script").string == 'alert("skrip")'


def test_sanitize_removes_scripts_and_keeps_the_article(site: TinySite, capsys) -> None:
    with (site.root / "config.toml").open("a", encoding="utf-8") as config:
        config.write("\n[security]\nsanitize = true\n")
    png(site.root / "content" / "2021" / "denah.png")
    site.write("content/2021/pengumuman.md", RAW_HTML)
    assert site.build() == 0, capsys.readouterr().err
    body = article_body(site)
    assert body.find("script") is None
    for element in body.find_all(True):
        assert not any(name.lower().startswith("on") for name in element.attrs), element
        for name in ("href", "src"):
            assert not element.get(name, "").strip().lower().startswith("javascript:"), element
    assert body.find("h2", id="jadwal-ujian") is not None
    assert [td.get_text() for td in body.select("table td")] == ["Senin", "Pekerjaan Sosial"]
    assert body.find("a", href="https://poltekesos.ac.id/jadwal").get_text() == "jadwal lengkap"
    assert any("denah" in (img.get("src") or "") for img in body.find_all("img"))
    assert "Kotak pengumuman" in body.get_text()
    own_scripts_only(site.page("2021/04/pengumuman/index.html"), "pengumuman")


ACTIVE_ATTACHMENTS = """\
---
title: Lomba Poster Hari Pekerjaan Sosial
date: 2021-04-21
---
Unduh [petunjuk lomba](petunjuk.html) dan [data peserta](peserta.xml).

![Poster](poster.svg)

<iframe src="formulir.htm"></iframe>
"""
ACTIVE_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><script>alert(1)</script></svg>'


def with_active_attachments(site: TinySite) -> None:
    folder = site.root / "content" / "2021"
    (folder / "poster.svg").write_bytes(ACTIVE_SVG)
    for name in ("petunjuk.html", "formulir.htm"):
        (folder / name).write_text("<script>fetch('/admin/')</script>", encoding="utf-8")
    (folder / "peserta.xml").write_text('<?xml-stylesheet href="#"?><x:script xmlns:x="http://www.w3.org/1999/xhtml"/>')
    site.write("content/2021/lomba-poster.md", ACTIVE_ATTACHMENTS)


def test_sanitize_refuses_attached_files_a_browser_runs(site: TinySite, built, capsys) -> None:
    # Found by an attack: with sanitize on, an attached halaman.html or poster.svg was published and
    # linked, and its script ran in the site's origin.
    with (site.root / "config.toml").open("a", encoding="utf-8") as config:
        config.write("\n[security]\nsanitize = true\n")
    with_active_attachments(site)
    site.write(
        "content/2021/poster.md", "---\ntitle: P\ndate: 2021-04-21\nimage: {src: poster.svg, alt: P}\n---\nIsi.\n"
    )
    err = refused(site, capsys, built)
    found = [line for line in problems(err) if "sanitize = true" in line]
    expected = [
        "content/2021/lomba-poster.md:5: file peserta.xml tidak diterbitkan",
        "content/2021/lomba-poster.md:5: file petunjuk.html tidak diterbitkan",
        "content/2021/lomba-poster.md:7: file poster.svg tidak diterbitkan",
        "content/2021/lomba-poster.md:9: file formulir.htm tidak diterbitkan",
        "content/2021/poster.md:4: image.src: file poster.svg tidak diterbitkan",
    ]
    assert [line.split(" karena")[0] for line in found] == expected, found
    assert all(line.endswith("ubah menjadi PNG, JPG, WebP atau PDF") for line in found)


def test_without_sanitize_the_staff_s_own_svg_and_html_are_published(site: TinySite, capsys) -> None:
    with_active_attachments(site)
    assert site.build() == 0, capsys.readouterr().err
    assert (site.output / "2021" / "poster.svg").read_bytes() == ACTIVE_SVG
    assert (site.output / "2021" / "petunjuk.html").is_file()


@pytest.mark.parametrize("sanitize", [False, True])
def test_check_warns_about_a_javascript_link(site: TinySite, capsys, sanitize: bool) -> None:
    if sanitize:
        with (site.root / "config.toml").open("a", encoding="utf-8") as config:
            config.write("\n[security]\nsanitize = true\n")
    png(site.root / "content" / "2021" / "denah.png")
    site.write("content/2021/pengumuman.md", RAW_HTML)
    assert site.check() == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "javascript:" in line]
    assert "content/2021/pengumuman.md:14: peringatan: tautan javascript: tidak aman; pakai alamat https://" in warnings
    assert any(line.startswith("content/2021/pengumuman.md:19: ") for line in warnings)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Baca [jadwal][j].\n\n[j]: javascript:alert(1)", 8),
        ("Baca [jadwal](&#106;avascript:alert(1)).", 6),
        ("Baca [jadwal](&#x6A;&#x61;vascript:alert(1)).", 6),
        ('<a href="java&#x0A;script:alert(1)">jadwal</a>', 6),
        ('<a href="java&#9;script:alert(1)">jadwal</a>', 6),
        ('<a href="  JaVaScRiPt:alert(1)">jadwal</a>', 6),
        ("<a href=vbscript:msgbox(1)>jadwal</a>", 6),
        ('Satu.\n\n<iframe src="data:text/html,<script>alert(1)</script>"></iframe>', 8),
    ],
    ids=["reference", "entity", "hex-entities", "split-by-newline", "split-by-tab", "mixed-case", "vbscript", "data"],
)
def test_check_warns_about_a_script_link_in_any_form(site: TinySite, capsys, text: str, line: int) -> None:
    # Found by an attack: the check looked for `](javascript:` and `href="javascript:` as written.
    site.write("content/2021/jadwal.md", f"---\ntitle: Jadwal\ndate: 2021-04-21\nsummary: S.\n---\n{text}\n")
    assert site.check() == 0
    warnings = [w for w in capsys.readouterr().err.splitlines() if "javascript:" in w]
    assert warnings == [
        f"content/2021/jadwal.md:{line}: peringatan: tautan javascript: tidak aman; pakai alamat https://"
    ]


def test_tags_in_arabic_and_chinese_script_get_working_addresses(site: TinySite, capsys) -> None:
    # Found by an attack: they were refused as having "no letters or digits".
    site.write(
        "content/2021/kerja-sama.md",
        "---\ntitle: Kerja Sama Internasional\ndate: 2021-04-21\nsummary: S.\n"
        "tags: [التعليم العالي, 教育, Straße, Café]\n---\nIsi.\n",
    )
    assert site.build() == 0, capsys.readouterr().err
    for slug in ("التعليم-العالي", "教育", "strasse", "cafe"):
        page = site.output / "tag" / slug / "index.html"
        assert page.is_file(), slug
        assert (site.output / "tag" / slug / "feed.xml").is_file()
    links = [a["href"] for a in site.page("tag/index.html").select(".tag-cloud a")]
    assert "/berita/tag/教育/" in links
    sitemap = (site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.github.io/berita/tag/%E6%95%99%E8%82%B2/</loc>" in sitemap
    assert "教育" not in sitemap, "a URL in the sitemap is percent-encoded"


def test_what_berita_prints_is_its_own_words_with_values_escaped(site: TinySite, capsys, monkeypatch) -> None:
    # Found by an attack: a value holding a newline and `::error …::` became a workflow command
    # on stderr; ANSI escapes in a file name reached the terminal.
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    site.write(
        "content/2021/\x1b[31mmerah\u202e.md",
        "---\ntitle: Rapat\ndate: 2021-04-21\nevent:\n  start: 2021-04-21\n  mode: luring\n"
        '  participants: "dua ratus\\n::error file=README.md,line=1::palsu\\n::add-mask::x"\n---\nIsi.\n',
    )
    assert site.build() == 1
    out, err = capsys.readouterr()
    for line in (out + err).splitlines():
        assert "\x1b" not in line and "\u202e" not in line, repr(line)
        assert not line.startswith("::") or line.startswith("::error file=content/2021/\\u001b[31mmerah\\u202e.md,"), (
            line
        )
    [problem] = [line for line in err.splitlines() if "participants" in line]
    assert problem.startswith("content/2021/\\u001b[31mmerah\\u202e.md:7: event.participants: ")
    assert 'tertulis "dua ratus\\n::error file=README.md,line=1::palsu\\n::add-mask::x"' in problem

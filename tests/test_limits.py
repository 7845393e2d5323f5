"""Inputs that would hang a build or eat the machine are refused by a limit on the input, never
by a clock: an over-long title, a list of thousands, Markdown on which Python-Markdown works in
time that grows faster than the text, images too large to decode.

Each refusal checks the message (file, line, field, the limit and what to do), the exit status 1,
that output/ is what the previous good build left and that nothing outside it changed. The
inputs are generated here, each the smallest that crosses its limit (bench/worst_cases.py
measures the same classes at 1 MB, by hand); no test here is timed.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from sites import TinySite, problems, refused, snapshot

from berita.frontmatter.strict import MAX_TAGS, MAX_TITLE
from berita.images import picture as images
from berita.load import markup_limits

GOOD = """\
---
title: Pelepasan Mahasiswa Praktikum
date: 2021-03-15T08:00:00
tags: [praktikum]
summary: Poltekesos Bandung melepas 180 mahasiswa praktikum.
---
Poltekesos Bandung melepas 180 mahasiswa praktikum ke desa binaan.
"""
HEAD = "---\ntitle: Bakti Sosial Mahasiswa di Desa Binaan\ndate: 2021-04-21T09:00\nsummary: Ringkasan kegiatan.\n"
SENTENCE = "Mahasiswa Poltekesos Bandung mendampingi warga desa binaan selama dua pekan. "


@pytest.fixture
def site(tiny_site) -> TinySite:
    """A tiny site (without the search index: not needed here, and slow)."""
    made = tiny_site(base_url="https://example.github.io/berita/")
    made.write("content/2021/pelepasan.md", GOOD)
    return made


def outside_output(site: TinySite) -> dict[str, bytes]:
    """Every file around the site and in it, output/ aside (refused() compares that one)."""
    return {path: data for path, data in snapshot(site.root.parent).items() if not path.startswith("situs/output/")}


def refused_alone(site: TinySite, capsys, built: dict[str, bytes], relative: str, text: str | bytes) -> str:
    """Write one file, build, and return its one problem line, after checking the refusal."""
    path = site.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    around = outside_output(site)
    [problem] = problems(refused(site, capsys, built))
    assert outside_output(site) == around, "a refused build changed files outside output/"
    return problem


# --------------------------------------------------------------------------------------
# Front matter: one title, lists of thousands
# --------------------------------------------------------------------------------------


def test_title_of_a_hundred_kilobytes_is_refused_with_the_limit(site: TinySite, built, capsys) -> None:
    title = (SENTENCE * (100_000 // len(SENTENCE))).strip()
    text = f"---\ntitle: {title}\ndate: 2021-04-21T09:00\n---\nIsi berita.\n"
    problem = refused_alone(site, capsys, built, "content/2021/judul.md", text)
    assert problem.startswith("content/2021/judul.md:2: title: judul paling panjang 300 karakter"), problem
    assert "summary" in problem and f"tertulis {len(title)} karakter" in problem


def test_title_of_one_word_without_spaces_is_refused_too(site: TinySite, built, capsys) -> None:
    text = "---\ntitle: " + "A" * 50_000 + "\ndate: 2021-04-21T09:00\n---\nIsi berita.\n"
    problem = refused_alone(site, capsys, built, "content/2021/judul.md", text)
    assert problem.startswith("content/2021/judul.md:2: title: judul paling panjang 300 karakter"), problem


def test_title_at_the_limit_builds_and_its_card_is_drawn(site: TinySite, capsys) -> None:
    title = (SENTENCE * 4)[:MAX_TITLE].strip()
    site.write("content/2021/judul.md", f"---\ntitle: {title}\ndate: 2021-04-21T09:00\n---\nIsi berita.\n")
    assert site.build() == 0, capsys.readouterr().err
    assert site.page("2021/04/judul/index.html").h1.get_text() == title


LISTS = {
    "tags": ("tags: [" + ", ".join(f"pengabdian {i}" for i in range(400)) + "]\n", 5, "30 tag"),
    "author": ("author: [" + ", ".join(f"Penulis {i}" for i in range(400)) + "]\n", 5, "20 penulis"),
    "aliases": ("aliases: [" + ", ".join(f"/lama/{i}" for i in range(400)) + "]\n", 5, "50 alamat lama"),
    "event.speakers": (
        "category: agenda\nevent:\n  start: 2021-04-21T09:00\n  mode: luring\n  speakers:\n"
        + "".join(f"    - {{name: Narasumber {i}, role: Dosen}}\n" for i in range(400)),
        9,
        "100 narasumber",
    ),
}


@pytest.mark.parametrize("field", list(LISTS))
def test_list_of_hundreds_is_refused_with_its_limit(site: TinySite, built, capsys, field: str) -> None:
    extra, line, limit = LISTS[field]
    problem = refused_alone(site, capsys, built, "content/2021/daftar.md", HEAD + extra + "---\nIsi berita.\n")
    assert problem.startswith(f"content/2021/daftar.md:{line}: {field}: paling banyak {limit} per artikel"), problem
    assert "tertulis 400" in problem


def test_thirty_tags_build(site: TinySite, capsys) -> None:
    tags = ", ".join(f"pengabdian {i}" for i in range(MAX_TAGS))
    site.write("content/2021/daftar.md", HEAD + f"tags: [{tags}]\n---\nIsi berita.\n")
    assert site.build() == 0, capsys.readouterr().err
    assert (site.output / "tag" / f"pengabdian-{MAX_TAGS - 1}" / "index.html").is_file()


# --------------------------------------------------------------------------------------
# Markdown on which Python-Markdown's work grows faster than the text
# --------------------------------------------------------------------------------------


def _paragraphs(unit: str, count: int) -> str:
    return "".join(unit for _ in range(count))


# name -> (body, the line of the problem in the file, words the message must hold)
MARKDOWN = {
    # Every match of an inline pattern copies the rest of its paragraph.
    "marks-in-one-paragraph": ("Pembukaan.\n\n" + "*a " * 15_000 + "\n", 8, "tanda format"),
    # Within the bound one by one, too much all together.
    "marks-in-many-paragraphs": (_paragraphs("<b>" * 3_000 + "\n\n", 100), 6, "terlalu berat diolah"),
    # An unclosed `[` makes the link patterns walk the rest of the paragraph letter by letter.
    "unclosed-brackets": ("Pembukaan.\n\n" + ("[" + "x" * 100) * 300 + "\n", 8, "tidak ditutup ]"),
    "unclosed-brackets-in-many-paragraphs": (_paragraphs(("[" + "x" * 300) * 40 + "\n\n", 30), 6, "[)"),
    "unclosed-link-addresses": ("Pembukaan.\n\n" + "[tautan](" * 100 + "x" * 40_000 + "\n", 8, "alamat tautan"),
    "brackets": ("[" * (markup_limits.MAX_BRACKETS + 1) + "\n", 6, "tanda ["),
    # An unclosed `<` is read as the start of a tag up to the next `>`.
    "unclosed-tags": ("Pembukaan.\n\n" + "<a " * 2_000 + "\n", 8, "&lt;"),
    "lines": ("a\n\n" * (markup_limits.MAX_LINES // 2 + 1), 6, "baris, paling banyak 30.000"),
    # Blocks are taken apart line by line, each time copying the rest of the block.
    "long-block": ("Pembukaan.\n\n" + "a\n=\n" * 10_000, 8, "tanpa baris kosong"),
    "nested-quotes": ("Pembukaan.\n\n" + "> " * 40 + "kutipan\n", 8, "bersarang 40 tingkat"),
}


@pytest.mark.parametrize("name", list(MARKDOWN))
def test_markdown_beyond_its_cost_is_refused_at_its_line(site: TinySite, built, capsys, name: str) -> None:
    body, line, said = MARKDOWN[name]
    text = "---\ntitle: Catatan Kegiatan\ndate: 2021-04-21T09:00\nsummary: Ringkasan.\n---\n" + body
    problem = refused_alone(site, capsys, built, "content/2021/catatan.md", text)
    assert problem.startswith(f"content/2021/catatan.md:{line}: "), problem
    assert said in problem, problem


def test_a_long_article_of_ordinary_news_builds(site: TinySite, capsys) -> None:
    paragraph = (
        "Kegiatan **bakti sosial** di [desa binaan](https://poltekesos.ac.id/desa) diikuti 120 mahasiswa"
        " dari _Prodi Pekerjaan Sosial_ & `Penyuluhan Sosial`. " * 6
    )
    table = "| Hari | Kegiatan |\n|---|---|\n" + "".join(f"| {i} | Pendampingan warga |\n" for i in range(300))
    body = "\n\n".join([paragraph] * 300 + [table] + ["## Penutup", paragraph])
    site.write("content/2021/panjang.md", HEAD + "---\n" + body + "\n")
    assert site.build() == 0, capsys.readouterr().err
    assert site.page("2021/04/panjang/index.html").select("table tr")


# --------------------------------------------------------------------------------------
# Images: pixels, not bytes, are what decoding costs
# --------------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header says `width`×`height`: berita must refuse it from the header alone."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _chunk(b"IEND", b"")
    )


def jpeg_claiming(width: int, height: int, progressive: bool) -> bytes:
    """A JPEG header (quantisation table and frame) saying `width`×`height`, baseline or progressive."""
    frame = struct.pack(">BHHB", 8, height, width, 3) + b"".join(bytes([i, 0x11, 0]) for i in (1, 2, 3))
    table = b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes(range(1, 65))
    marker = b"\xff\xc2" if progressive else b"\xff\xc0"
    return b"\xff\xd8" + table + marker + struct.pack(">H", len(frame) + 2) + frame + b"\xff\xd9"


def gif_claiming(width: int, height: int) -> bytes:
    screen = struct.pack("<6sHHBBB", b"GIF89a", width, height, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    return screen + b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x4c\x01\x00\x3b"


def with_image(site: TinySite, name: str, data: bytes, lead: bool) -> str:
    (site.root / "content" / "2021").mkdir(parents=True, exist_ok=True)
    (site.root / "content" / "2021" / name).write_bytes(data)
    image = f"image: {{src: {name}, alt: Peta desa binaan}}\n" if lead else ""
    body = "Peta wilayah desa binaan.\n" if lead else f"Peta wilayah desa binaan.\n\n![Peta desa binaan]({name})\n"
    return HEAD + image + "---\n" + body


@pytest.mark.parametrize(
    ("name", "data", "lead", "line", "said"),
    [
        ("peta.png", png_claiming(30_000, 30_000), False, 8, "900 megapiksel"),
        ("poster.png", png_claiming(13_000, 13_000), True, 5, "PNG paling besar 20 megapiksel"),
        ("animasi.gif", gif_claiming(65_535, 65_535), True, 5, "GIF paling besar 20 megapiksel"),
        ("foto.jpg", jpeg_claiming(16_320, 12_240, progressive=True), True, 5, "JPEG progresif paling besar 60"),
        ("foto.jpg", jpeg_claiming(20_000, 20_000, progressive=False), False, 8, "JPEG paling besar 250"),
    ],
    ids=["png-in-the-text", "png-lead-photo", "gif-lead-photo", "progressive-jpeg", "jpeg-400-megapixels"],
)
def test_image_with_too_many_pixels_is_refused_before_decoding(
    site: TinySite, built, capsys, name: str, data: bytes, lead: bool, line: int, said: str
) -> None:
    problem = refused_alone(site, capsys, built, "content/2021/peta.md", with_image(site, name, data, lead))
    field = "image.src: " if lead else ""
    assert problem.startswith(f"content/2021/peta.md:{line}: {field}"), problem
    assert said in problem and "megapiksel" in problem, problem
    assert "perkecil" in problem or "baseline" in problem, problem


@pytest.mark.parametrize(
    ("data", "refused_because"),
    [
        (jpeg_claiming(16_320, 12_240, progressive=False), None),  # a 200-megapixel phone photo
        (jpeg_claiming(8_256, 5_504, progressive=True), None),  # a camera's 45 megapixels, progressive
        (png_claiming(1_290, 2_796), None),  # a phone's screenshot
        (png_claiming(3_508, 4_961), None),  # an A3 poster at 300 dpi
        (png_claiming(5_000, 5_000), "megapiksel"),
    ],
)
def test_what_a_phone_or_a_camera_makes_is_within_the_limits(data: bytes, refused_because: str | None) -> None:
    with Image.open(io.BytesIO(data)) as image:
        why = images.too_many_pixels(image)
    assert (why is None) if refused_because is None else (refused_because in why)


def test_a_strip_20000_by_1_pixels_is_shown_in_its_sizes(site: TinySite, capsys) -> None:
    folder = site.root / "content" / "2021"
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (20_000, 1), "teal").save(folder / "garis.png")
    site.write("content/2021/garis.md", with_image(site, "garis.png", (folder / "garis.png").read_bytes(), True))
    (folder / "garis.md").write_text(
        (folder / "garis.md").read_text(encoding="utf-8") + "\n![Garis batas desa](garis.png)\n", encoding="utf-8"
    )
    assert site.build() == 0, capsys.readouterr().err
    picture = site.page("2021/04/garis/index.html").select_one("article img[srcset]")
    assert picture is not None and picture["height"] == "1"
    with Image.open(site.output / "2021" / "garis-480.png") as small:
        assert small.size == (480, 1)


def test_body_image_refusal_names_the_image(tmp_path: Path) -> None:
    (tmp_path / "peta.png").write_bytes(png_claiming(30_000, 30_000))
    picture = images.plan_picture(tmp_path / "peta.png", "/2021/peta.png", "/2021/peta.png")
    assert picture is not None and "30000×30000" in picture.refused

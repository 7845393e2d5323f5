"""One article at its worst: what the hostile-input limits hold, measured.

    .venv/bin/python bench/worst_cases.py                  # every case
    .venv/bin/python bench/worst_cases.py judul-105kb tag-10000 md-emphasis-open
    .venv/bin/python bench/worst_cases.py --at-limit md-setext-headings md-link-texts-many-paragraphs
    .venv/bin/python bench/worst_cases.py --list

Each case is a site of one article (or a few), built from scratch by `build.py build` in a fresh
process under `/usr/bin/time -v`. For each the script prints the exit status, the wall-clock
seconds, the largest resident set of any one process (time's "Maximum resident set size") and
the peak of the summed proportional set size of the whole process tree (workers included,
sampled every 0.1 s as bench/measure.py does), and the first line berita printed about it.
The target (README, "Limits"): under 10 s and 500 MB for any article of up to 1 MB with any
photo a phone or a camera makes, built or refused with a message that names the limit.

At 1 MB most Markdown families are refused at once by a count (lines, `[`); `--at-limit`
builds each instead at the largest size berita accepts (found by halving, with berita's own
checks, in this process), which is where an accepted article costs the most.

This is a measurement, not a test: tests/test_limits.py builds the same classes, each just
beyond its limit, and asserts what berita does with them, never how fast.
Large images are generated once into .cache/bench/worst-images/ (a 200-megapixel JPEG takes a
while to encode).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
sys.path.insert(0, str(BENCH))
from measure import descendants, pss  # noqa: E402

# An article file just under berita's MAX_ARTICLE_BYTES (1 MB), front matter included.
SIZE = 990_000
IMAGES = PROJECT / ".cache" / "bench" / "worst-images"
CLOCK = "2026-11-27T12:00"
HANG = 60  # seconds after which a case is stopped and reported as hanging

FRONT = """\
---
title: Laporan Kegiatan Pengabdian Masyarakat di Desa Binaan
date: 2021-04-21T09:00
tags: [pengabdian, desa binaan]
summary: Mahasiswa Poltekesos Bandung mendampingi warga desa binaan selama dua pekan.
---
"""

CONFIG = """\
title = "BERITA UJI BEBAN"
description = "Situs satu artikel untuk mengukur batas berita."
base_url = "https://berita.example.ac.id/"
default_author = "Humas Poltekesos Bandung"

[organization]
name = "Politeknik Kesejahteraan Sosial (Poltekesos) Bandung"
logo = "/img/logo.svg"

[folders]
templates = "{templates}"
"""


# ---- Markdown bodies -------------------------------------------------------------------------


def repeated(unit: str) -> Callable[[int], str]:
    """`unit` again and again, cut at `size` characters."""
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def growing(marker: str) -> Callable[[int], str]:
    """Runs of `marker` one longer each time: ` `` ``` … (a backtick run closes only an equal one)."""

    def make(size: int) -> str:
        pieces, length, total = [], 1, 0
        while total < size:
            pieces.append(marker * length + " a ")
            total += length + 3
            length += 1
        return "".join(pieces)[:size]

    return make


def numbered(line: str) -> Callable[[int], str]:
    """`line` with {i} numbered, one after the other, up to `size` characters."""

    def make(size: int) -> str:
        pieces, total, number = [], 0, 0
        while total < size:
            piece = line.format(i=number)
            pieces.append(piece)
            total += len(piece)
            number += 1
        return "".join(pieces)[:size]

    return make


def realistic(size: int) -> str:
    """News paragraphs, headings, lists, links and tables as bench/corpus.py writes them."""
    from corpus import Writer

    writer, parts, total = Writer(random.Random(18)), [], 0
    while total < size:
        body = writer.body(1, 1).replace("(@@", "(https://poltekesos.ac.id/berita/@@")
        parts.append(body)
        total += len(body) + 1
    return "\n".join(parts)[:size]


# Each family repeats one construct that Python-Markdown handles at a cost growing with the
# text around it: emphasis runs, backticks, `<` (tags, autolinks, comments), `[` and `!`,
# `&`, backslashes, nested blockquotes, tables, comments, reference definitions, footnotes,
# lists, headings with one id, raw HTML blocks. Found by experiment with Python-Markdown 3.11.3.
MARKDOWN: dict[str, Callable[[int], str]] = {
    "emphasis-star": repeated("*a "),
    "emphasis-underscore": repeated("_a "),
    "emphasis-open": repeated("**a"),
    "emphasis-triple": repeated("***a"),
    "emphasis-in-word": repeated("a*b*c "),
    "emphasis-nested": lambda size: "*" * (size // 2) + "a" + "*" * (size // 2 - 1),
    "backtick-open": repeated("`a "),
    "backtick-pairs": repeated("`a` "),
    "backtick-growing": growing("`"),
    "tag-unclosed": repeated("<a "),
    "tag-unclosed-lines": repeated("<a\n"),
    "tag-quote-open": repeated('<a b="'),
    "tag-quote-across": repeated('<a b=">'),
    "tag-closed": repeated("<b>"),
    "tag-end-unclosed": repeated("</a "),
    "autolink-unclosed": repeated("<http://a "),
    "automail-unclosed": repeated("<a@ "),
    "comment-unclosed": repeated("<!-- "),
    "comments": repeated("<!-- catatan -->\n\n"),
    "cdata-unclosed": repeated("<![CDATA[ "),
    "processing-unclosed": repeated("<? "),
    "img-tag-unclosed": repeated("<img "),
    "link-unclosed": repeated("[a]("),
    "link-text-unclosed": repeated("[a "),
    "image-unclosed": repeated("![a]("),
    "links-then-text": lambda size: "[a](" * 2900 + "x" * (size - 11_600),
    "link-targets-then-text": lambda size: "[a](" * 100 + "x" * (size - 400),
    "link-texts-then-text": lambda size: "[a " * 2900 + "x" * (size - 8_700),
    "references": numbered("[r{i}]: https://poltekesos.ac.id/{i}\n"),
    "reference-uses": lambda size: numbered("[r{i}]: /x{i}\n")(size // 2) + numbered("[a][r{i}] ")(size // 2),
    "footnote-refs": lambda size: numbered("[^{i}] ")(size // 2) + "\n\n" + numbered("[^{i}]: a\n")(size // 2),
    "footnote-defs": numbered("[^{i}]: catatan\n\n"),
    "footnote-one-ref-many-times": repeated("[^a] "),
    "entity-numeric": repeated("&#1"),
    "entity-named": repeated("&a "),
    "backslashes": repeated("\\"),
    "escaped-stars": repeated("\\*"),
    "quote-nested": lambda size: ">" * size,
    "quote-nested-spaced": repeated("> "),
    "table-one-long-row": lambda size: "a|b\n-|-\n" + "|" * (size - 8),
    "table-many-rows": lambda size: "a|b\n-|-\n" + repeated("a|b\n")(size - 8),
    "table-wide": lambda size: "|a" * (size // 6) + "\n" + "|-" * (size // 6) + "\n",
    "line-breaks": repeated("a  \n"),
    "paragraphs": repeated("a\n\n"),
    "headings-one-id": repeated("## a\n"),
    "setext-headings": repeated("a\n=\n"),
    "rules": repeated("* * *\n"),
    "fences": repeated("```\n"),
    "list-items": repeated("- a\n"),
    "list-nested": lambda size: "- " * (size // 2),
    "definition-lists": repeated("a\n: b\n"),
    "html-blocks": repeated("<div>\n"),
    "html-blocks-closed": repeated("<div>a</div>\n\n"),
    "markdown-in-html": repeated('<div markdown="1">\n'),
    "toc-markers": repeated("[TOC]\n\n"),
    "links-in-one-paragraph": repeated("[tautan](https://poltekesos.ac.id/a) teks "),
    "link-texts-many-paragraphs": repeated(("[" + "x" * 330) * 110 + "\n\n"),
    "tags-many-paragraphs": repeated("<b>" * 11_000 + "\n\n"),
    "setext-then-blank": repeated("a\n=\n" * 2_000 + "\n"),
    "realistic": realistic,
}


def markdown_bodies(size: int = SIZE - len(FRONT)) -> dict[str, str]:
    """Every family's body at `size` characters (by default, what fills a 1 MB article)."""
    return {name: make(size) for name, make in MARKDOWN.items()}


# ---- front matter --------------------------------------------------------------------------


def _front(extra: str, title: str = "Laporan Kegiatan Pengabdian Masyarakat") -> str:
    return f"---\ntitle: {title}\ndate: 2021-04-21T09:00\nsummary: Ringkasan kegiatan.\n{extra}---\nIsi berita.\n"


def _people(count: int) -> str:
    return "".join(f"    - {{name: Narasumber {i}, role: Dosen}}\n" for i in range(count))


def front_matter_cases() -> dict[str, str]:
    """Whole article files whose front matter is at its worst."""
    words = "Kuliah Tamu Kewirausahaan Sosial bersama Praktisi Pemberdayaan Masyarakat Desa "
    return {
        "judul-105kb": _front("", (words * (105_000 // len(words)))[:105_000].strip()),
        "judul-105kb-satu-kata": _front("", "A" * 105_000),
        "judul-300": _front("", (words * 4)[:300].strip()),
        "tag-10000": _front("tags: [" + ", ".join(f"tag {i}" for i in range(10_000)) + "]\n"),
        "tag-100000": _front("tags: [" + ", ".join(f"t{i}" for i in range(100_000)) + "]\n"),
        "penulis-10000": _front("author: [" + ", ".join(f"Penulis {i}" for i in range(10_000)) + "]\n"),
        "alias-10000": _front("aliases: [" + ", ".join(f"/lama/{i}" for i in range(10_000)) + "]\n"),
        "narasumber-10000": _front(
            "category: agenda\nevent:\n  start: 2021-04-21T09:00\n  mode: luring\n  speakers:\n" + _people(10_000)
        ),
        "ringkasan-900kb": _front("").replace(
            "summary: Ringkasan kegiatan.", "summary: " + ("Ringkasan kegiatan. " * 45_000).strip()
        ),
        "kolom-asing-20000": _front("".join(f"kolom{i}: nilai\n" for i in range(20_000))),
        "tag-330000-satu-huruf": _front("tags: [" + ", ".join(["a"] * 330_000) + "]\n"),
        "kolom-asing-100000": _front("".join(f"k{i}: v\n" for i in range(100_000))),
        "kurung-bersarang-20000": _front("kolom: " + "[" * 20_000 + "]" * 20_000 + "\n"),
        "alias-yaml-200000": _front("kolom: &a [nilai]\nlain: [" + ", ".join(["*a"] * 200_000) + "]\n"),
    }


# ---- images --------------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def blank_png(path: Path, width: int, height: int, colour: bool = True, shade: int = 0x28, alpha: bool = False) -> Path:
    """A real, whole PNG of one colour, written row by row (a 30000×30000 one never in memory):
    8-bit RGB, RGBA with `alpha`, or 1-bit grey when not `colour`."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    depth, kind, row = (8, 2, width * 3) if colour else (1, 0, (width + 7) // 8)
    if alpha:  # 8-bit RGBA, four bytes a pixel once decoded
        depth, kind, row = 8, 6, width * 4
    packer = zlib.compressobj(1)
    line = b"\x00" + bytes([shade]) * row  # filter byte, then the row
    with open(path.with_suffix(".part"), "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(_png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, kind, 0, 0, 0)))
        pending = []
        for _ in range(height):
            pending.append(packer.compress(line))
            if sum(map(len, pending)) > 1 << 20:
                out.write(_png_chunk(b"IDAT", b"".join(pending)))
                pending = []
        pending.append(packer.flush())
        out.write(_png_chunk(b"IDAT", b"".join(pending)))
        out.write(_png_chunk(b"IEND", b""))
    path.with_suffix(".part").rename(path)
    return path


def photo_jpeg(path: Path, width: int, height: int, progressive: bool = False, orientation: int = 1) -> Path:
    """A JPEG with a photo's detail (smooth shapes and grain), as a phone or camera saves it."""
    if path.exists():
        return path
    from PIL import Image, ImageFilter

    path.parent.mkdir(parents=True, exist_ok=True)
    small = (max(1, width // 8), max(1, height // 8))
    base = Image.merge("RGB", [Image.effect_noise(small, 60 + 20 * band) for band in range(3)])
    image = base.filter(ImageFilter.GaussianBlur(3)).resize((width, height), Image.Resampling.BILINEAR)
    grain = Image.effect_noise((width, height), 12).convert("RGB")
    image = Image.blend(image, grain, 0.15)
    exif = Image.Exif()
    exif[0x0112] = orientation
    image.save(path.with_suffix(".part"), "JPEG", quality=90, progressive=progressive, exif=exif.tobytes())
    path.with_suffix(".part").rename(path)
    return path


def gif_bomb(path: Path, width: int = 65_535, height: int = 65_535) -> Path:
    """A 300-byte GIF that claims `width`×`height` pixels (65535² is 4.3 gigapixels)."""
    screen = struct.pack("<6sHHBBB", b"GIF89a", width, height, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    image = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x4c\x01\x00"
    path.write_bytes(screen + image + b"\x3b")
    return path


def _article_with_images(folder: Path, name: str, lead: str | None, body_images: list[str]) -> None:
    extra = f'image: {{src: "{lead}", alt: "Foto kegiatan"}}\n' if lead else ""
    body = "Isi berita.\n\n" + "".join(f"![Foto kegiatan]({image})\n\n" for image in body_images)
    text = _front(extra).replace("Isi berita.\n", body)
    (folder / f"{name}.md").write_text(text, encoding="utf-8")


IMAGE_CASES: dict[str, Callable[[Path], None]] = {}


def image_case(name: str) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    def register(write: Callable[[Path], None]) -> Callable[[Path], None]:
        IMAGE_CASES[name] = write
        return write

    return register


def _place(image: Path, folder: Path, name: str) -> str:
    target = folder / name
    try:
        os.link(image, target)
    except OSError:
        shutil.copyfile(image, target)
    return name


@image_case("foto-ponsel-12mp")
def _phone(folder: Path) -> None:
    photo = _place(photo_jpeg(IMAGES / "ponsel-12mp.jpg", 4032, 3024, orientation=6), folder, "foto.jpg")
    _article_with_images(folder, "foto-ponsel", photo, [photo])


@image_case("foto-kamera-61mp")
def _camera(folder: Path) -> None:
    photo = _place(photo_jpeg(IMAGES / "kamera-61mp.jpg", 9504, 6336), folder, "foto.jpg")
    _article_with_images(folder, "foto-kamera", photo, [photo])


@image_case("foto-ponsel-200mp")
def _phone_200(folder: Path) -> None:
    photo = _place(photo_jpeg(IMAGES / "ponsel-200mp.jpg", 16_320, 12_240), folder, "foto.jpg")
    _article_with_images(folder, "foto-200mp", photo, [photo])


@image_case("foto-progresif-200mp")
def _progressive_200(folder: Path) -> None:
    photo = _place(photo_jpeg(IMAGES / "progresif-200mp.jpg", 16_320, 12_240, progressive=True), folder, "foto.jpg")
    _article_with_images(folder, "foto-progresif", photo, [photo])


@image_case("foto-progresif-59mp")
def _progressive_at_limit(folder: Path) -> None:
    # Just within the progressive JPEG limit (60 megapixels): held whole while decoded.
    photo = _place(photo_jpeg(IMAGES / "progresif-59mp.jpg", 9_000, 6_600, progressive=True), folder, "foto.jpg")
    _article_with_images(folder, "foto-progresif-59mp", photo, [photo])


@image_case("empat-png-13000-utama")
def _four_png(folder: Path) -> None:
    image = blank_png(IMAGES / "png-13000.png", 13_000, 13_000)
    for number in range(4):
        name = _place(image, folder, f"poster-{number}.png")
        _article_with_images(folder, f"poster-{number}", name, [])


@image_case("empat-png-20mp-utama")
def _four_png_at_limit(folder: Path) -> None:
    # Just within the PNG limit (20 megapixels), four different posters with transparency, the
    # costliest kind (four bytes a pixel): each decoded whole, for its card and its sizes.
    for number in range(4):
        image = blank_png(IMAGES / f"png-4500x4440-{number}.png", 4_500, 4_440, shade=0x28 + 40 * number, alpha=True)
        name = _place(image, folder, f"poster-{number}.png")
        _article_with_images(folder, f"poster-{number}", name, [name])


@image_case("png-30000-di-isi")
def _png_30000(folder: Path) -> None:
    name = _place(blank_png(IMAGES / "png-30000.png", 30_000, 30_000, colour=False), folder, "peta.png")
    _article_with_images(folder, "peta", None, [name])


@image_case("png-20000x1")
def _png_strip(folder: Path) -> None:
    name = _place(blank_png(IMAGES / "png-20000x1.png", 20_000, 1), folder, "garis.png")
    _article_with_images(folder, "garis", name, [name])


@image_case("png-tangkapan-layar")
def _screenshot(folder: Path) -> None:
    name = _place(blank_png(IMAGES / "png-1290x2796.png", 1290, 2796), folder, "layar.png")
    _article_with_images(folder, "layar", name, [name])


@image_case("gif-65535-utama")
def _gif(folder: Path) -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    name = _place(gif_bomb(IMAGES / "bom.gif"), folder, "animasi.gif")
    _article_with_images(folder, "animasi", name, [])


# ---- running -------------------------------------------------------------------------------


def accepted(make: Callable[[int], str], size: int) -> str:
    """The largest body `make` writes, up to `size`, that berita's Markdown limits accept."""
    sys.path.insert(0, str(PROJECT))
    from berita.load.markup import MarkdownRenderer
    from berita.load.markup_limits import TooCostly, body_problem

    renderer = MarkdownRenderer()

    def fits(length: int) -> bool:
        text = make(length)
        if body_problem(text) is not None:
            return False
        try:
            renderer.render(text)
        except (TooCostly, RecursionError):
            return False
        return True

    if fits(size):
        return make(size)
    low, high = 0, size
    while high - low > max(200, low // 50):
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    return make(low)


def cases(at_limit: bool = False) -> dict[str, Callable[[Path], None]]:
    """Every case by name: a function that writes its files into a content folder."""
    found: dict[str, Callable[[Path], None]] = {}
    for name, text in front_matter_cases().items():
        found[name] = lambda folder, text=text, name=name: (folder / f"{name}.md").write_text(text, encoding="utf-8")
    for name in MARKDOWN:

        def write(folder: Path, name: str = name) -> None:
            size = SIZE - len(FRONT)
            body = accepted(MARKDOWN[name], size) if at_limit else MARKDOWN[name](size)
            (folder / f"{name}.md").write_text(FRONT + body, encoding="utf-8")

        found[f"md-{name}"] = write
    found.update(IMAGE_CASES)
    return found


def run(name: str, write: Callable[[Path], None], python: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="berita-worst-") as temporary:
        root = Path(temporary)
        folder = root / "content" / "2021"
        folder.mkdir(parents=True)
        write(folder)
        shutil.copytree(PROJECT / "static", root / "static", dirs_exist_ok=True)
        (root / "config.toml").write_text(CONFIG.format(templates=PROJECT / "templates"), encoding="utf-8")
        build = [python, str(PROJECT / "build.py"), "build", "--config", str(root / "config.toml"), "--clock", CLOCK]
        command = ["/usr/bin/time", "-v", *build]
        peak, finished = 0, threading.Event()
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

        def sample() -> None:
            nonlocal peak
            while not finished.wait(0.1):
                peak = max(peak, sum(pss(pid) for pid in descendants(process.pid)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            _, err = process.communicate(timeout=HANG)
        except subprocess.TimeoutExpired:
            for pid in reversed(descendants(process.pid)):
                with contextlib.suppress(OSError):
                    os.kill(pid, 9)
            _, err = process.communicate()
            err += f"\nberhenti setelah {HANG} s"
        seconds = time.perf_counter() - started
        finished.set()
        sampler.join()
        lines = err.splitlines()
        rss = next((int(line.split()[-1]) for line in lines if "Maximum resident set size" in line), 0)
        said = [line for line in lines if line and not line.startswith("\t") and "Command exited" not in line]
        return {
            "name": name,
            "code": process.returncode,
            "seconds": seconds,
            "maxrss_mb": rss / 1024,
            "tree_pss_mb": peak / 2**20,
            "said": said[0][:150] if said else "",
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="cases to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the cases and stop")
    parser.add_argument("--at-limit", action="store_true", help="Markdown at the largest size berita accepts")
    parser.add_argument("--python", default=sys.executable, help="the interpreter that runs build.py")
    args = parser.parse_args(argv)
    every = cases(args.at_limit)
    if args.list:
        print("\n".join(every))
        return 0
    unknown = [name for name in args.names if name not in every]
    if unknown:
        parser.error(f"unknown case: {', '.join(unknown)}")
    print(f"{'case':32} {'exit':>4} {'s':>6} {'maxrss MB':>9} {'tree MB':>8}  first line printed")
    for name in args.names or every:
        figures = run(name, every[name], args.python)
        print(
            f"{name:32} {figures['code']:>4} {figures['seconds']:6.1f} {figures['maxrss_mb']:9.0f}"
            f" {figures['tree_pss_mb']:8.0f}  {figures['said']}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

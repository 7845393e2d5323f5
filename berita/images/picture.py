"""Responsive images: each raster image an article uses, in a few widths as WebP and in its own format.

Sizes are planned while articles load (only the image header is read), so pages can carry
`srcset`, `sizes`, `width` and `height`. The resizing itself happens later, once per image
and width, and is cached by the hash of the source's bytes (media.py), so an unchanged image
is never processed twice.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..model import Picture, Variant

if TYPE_CHECKING:  # Pillow is imported only when an image is opened (see unreadable)
    from PIL import Image


def unreadable() -> tuple[type[BaseException], ...]:
    """What Pillow may raise for bytes that are not a readable image, a cut-off one, or a
    decompression bomb. A function, so that Pillow is imported only when an image is opened:
    most rebuilds open none, and the import is a tenth of the time of a small one."""
    from PIL import Image, UnidentifiedImageError

    return (
        OSError,
        ValueError,
        SyntaxError,
        EOFError,
        struct.error,
        UnidentifiedImageError,
        Image.DecompressionBombError,
    )


# The most pixels an image may have, by what decoding it costs (measured with
# bench/worst_cases.py; docs/front-matter.md, "Limits"). A baseline JPEG is decoded a few rows at a time and,
# when far larger than needed, at an eighth of its size: any photo a phone or a camera takes
# (200 megapixels) stays cheap. A progressive JPEG is held whole while it is decoded, and PNG,
# WebP and GIF are decoded whole, four bytes a pixel, and resized with transparency twice over
# (Pillow premultiplies a copy): four 20-megapixel RGBA posters as lead photos build in about
# 400 MB with two workers, four of 30 took 550.
MAX_PIXELS = {"JPEG": 250_000_000, "PNG": 20_000_000, "WEBP": 20_000_000, "GIF": 20_000_000}
MAX_PROGRESSIVE_PIXELS = 60_000_000


class TooManyPixels(ValueError):
    """An image too large to decode within berita's limits; the message says which."""


def open_image(source: Path | IO[bytes], formats: tuple[str, ...] | None = None) -> Image.Image:
    """An image opened (its header read, nothing decoded), or TooManyPixels when decoding it
    would take more than berita allows. These limits replace Pillow's own (a warning from 89
    megapixels, an error from 179), which would refuse a 200-megapixel phone photo and allow a
    170-megapixel PNG that takes 700 MB to decode."""
    from PIL import Image

    # Pillow's limit is one setting for the process: every image berita decodes is opened here
    # (the importer's check of a downloaded photo reads its header only).
    Image.MAX_IMAGE_PIXELS = None
    image = Image.open(source, formats=formats)
    refused = too_many_pixels(image)
    if refused:
        image.close()
        raise TooManyPixels(refused)
    return image


def too_many_pixels(image: Image.Image) -> str | None:
    """What the author is told when an opened image is beyond its format's limit, else None."""
    width, height = image.size
    kind = "JPEG" if image.format in ("JPEG", "MPO") else image.format or ""
    progressive = kind == "JPEG" and bool(image.info.get("progressive") or image.info.get("progression"))
    limit = MAX_PROGRESSIVE_PIXELS if progressive else MAX_PIXELS.get(kind, min(MAX_PIXELS.values()))
    if width * height <= limit:
        return None
    named = f"{kind} progresif" if progressive else kind
    advice = "simpan ulang sebagai JPEG biasa (baseline)" if progressive else "perkecil gambarnya"
    if not progressive and kind != "JPEG":
        advice += ", atau simpan sebagai JPEG (foto sampai 250 megapiksel bisa)"
    return (
        f"gambar {width}×{height} piksel ({_megapixels(width * height)} megapiksel) terlalu besar untuk diolah;"
        f" {named} paling besar {_megapixels(limit)} megapiksel; {advice}"
    )


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".replace(".", ",").removesuffix(",0")


def oversized(source: Path) -> str | None:
    """Why the image file `source` is too large to decode (TooManyPixels), or None when it is
    not, is not there or is not an image."""
    try:
        open_image(source).close()
    except TooManyPixels as refusal:
        return str(refusal)
    except unreadable():
        pass
    return None


WIDTHS = (480, 800, 1200)
RASTER = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def plan_picture(source: Path, site_path: str, link: str) -> Picture | None:
    """The variants of a raster image and their srcsets, or None for SVG, GIF and unreadable files."""
    suffix = Path(site_path).suffix.lower()
    kind = RASTER.get(suffix)
    if kind is None:
        # A GIF is published as it is, but the readers' browsers decode it: refused likewise.
        refused = oversized(source) if suffix == ".gif" else None
        return Picture("", "", "", 0, 0, (), refused=refused) if refused else None
    size = _size(source)
    if size is None:
        return None
    if isinstance(size, str):
        return Picture("", "", "", 0, 0, (), refused=size)
    width, height = size
    # Each width once: a photo wider than the largest is capped at it, not listed twice.
    widths = list(dict.fromkeys([w for w in WIDTHS if w < width] + [min(width, WIDTHS[-1])]))
    stem = site_path.rsplit(".", 1)[0]
    prefix = link[: len(link) - len(site_path)] if link.endswith(site_path) else ""
    variants: list[Variant] = []
    for fmt in dict.fromkeys((kind, "WEBP")):
        for w in widths:
            # Never below a pixel: a 20000×1 banner's 480-pixel copy is 480×1, not 480×0.
            h = max(1, round(height * w / width))
            variants.append(Variant(f"{stem}-{w}{EXTENSIONS[fmt]}", source, w, h, fmt))
    own = [v for v in variants if v.format == kind]
    webp = [v for v in variants if v.format == "WEBP"] if kind != "WEBP" else []
    largest = own[-1]
    return Picture(
        src=prefix + largest.path,
        srcset=", ".join(f"{prefix}{v.path} {v.width}w" for v in own),
        webp_srcset=", ".join(f"{prefix}{v.path} {v.width}w" for v in webp),
        width=largest.width,
        height=largest.height,
        variants=tuple(variants),
    )


def _size(source: Path) -> tuple[int, int] | str | None:
    """The upright size of an image, why it is too large to decode, or None if it is no image."""
    try:
        with open_image(source) as image:
            width, height = image.size
            # A photo from a phone is often stored sideways with an EXIF note to turn it.
            if image.getexif().get(0x0112) in (5, 6, 7, 8):
                width, height = height, width
            return width, height
    except TooManyPixels as refusal:
        return str(refusal)
    except unreadable():
        return None


def render_variants(data: bytes, variants: Sequence[Variant], largest: tuple[int, int]) -> list[bytes]:
    """The source image resized to each variant's size and encoded in its format, decoded once for all.

    A JPEG far larger than `largest`, the largest size planned for it (upright), is decoded at
    a half, a quarter or an eighth of its size where that still covers it (libjpeg scales while
    decoding, which costs a fraction of decoding every pixel and resizing them all). The scale
    depends on `largest` alone, so a size's bytes do not depend on which others are made with it."""
    from PIL import Image, ImageOps, JpegImagePlugin

    with open_image(io.BytesIO(data)) as opened:
        if isinstance(opened, JpegImagePlugin.JpegImageFile):  # a camera's two-frame MPO too
            width, height = largest
            sideways = opened.getexif().get(0x0112) in (5, 6, 7, 8)
            opened.draft(None, (height, width) if sideways else (width, height))
        ImageOps.exif_transpose(opened, in_place=True)  # a copy of a 40-megapixel PNG is 160 MB
        image = _reduced(opened, largest)
        return [_encoded(image.resize((v.width, v.height), Image.Resampling.LANCZOS), v.format) for v in variants]


def _reduced(image: Image.Image, largest: tuple[int, int]) -> Image.Image:
    """The image reduced by a whole factor (averaging blocks of pixels, cheap) while it stays at
    least twice `largest`: each size is then resized from a few megapixels, not from tens, as
    libjpeg's scaling does for a JPEG (for which this is mostly a factor of 1)."""
    factor = min(image.width // (2 * largest[0]), image.height // (2 * max(largest[1], 1)))
    return image.reduce(factor) if factor >= 2 else image


def _encoded(image: Image.Image, format: str) -> bytes:
    out = io.BytesIO()
    if format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=82, optimize=True)
    elif format == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=80, method=4)
    return out.getvalue()


def whole_image(head: bytes, tail: bytes, size: int) -> bool:
    """Whether a file that starts with `head` and ends with `tail` (16 bytes each) and has
    `size` bytes is a whole JPEG, PNG or WebP file: a cut-off file fails this."""
    if head.startswith(b"\xff\xd8\xff"):
        return tail.endswith(b"\xff\xd9")  # JPEG's end-of-image marker
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return tail.endswith(b"IEND\xaeB`\x82")  # the closing IEND chunk and its checksum
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return int.from_bytes(head[4:8], "little") + 8 == size  # RIFF says how long it is
    return False

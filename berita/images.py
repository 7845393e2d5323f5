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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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


WIDTHS = (480, 800, 1200)
RASTER = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


@dataclass(frozen=True)
class Variant:
    """One resized copy: where it goes in the site, which file it comes from, how wide, in what format."""

    path: str
    source: Path
    width: int
    height: int
    format: str


@dataclass(frozen=True)
class Picture:
    """What a page needs to show a responsive image; links already carry the base path."""

    src: str
    srcset: str
    webp_srcset: str
    width: int
    height: int
    variants: tuple[Variant, ...]


def plan_picture(source: Path, site_path: str, link: str) -> Picture | None:
    """The variants of a raster image and their srcsets, or None for SVG, GIF and unreadable files."""
    kind = RASTER.get(Path(site_path).suffix.lower())
    size = _size(source) if kind else None
    if kind is None or size is None:
        return None
    width, height = size
    # Each width once: a photo wider than the largest is capped at it, not listed twice.
    widths = list(dict.fromkeys([w for w in WIDTHS if w < width] + [min(width, WIDTHS[-1])]))
    stem = site_path.rsplit(".", 1)[0]
    prefix = link[: len(link) - len(site_path)] if link.endswith(site_path) else ""
    variants: list[Variant] = []
    for fmt in dict.fromkeys((kind, "WEBP")):
        for w in widths:
            h = round(height * w / width)
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


def _size(source: Path) -> tuple[int, int] | None:
    from PIL import Image

    try:
        with Image.open(source) as image:
            width, height = image.size
            # A photo from a phone is often stored sideways with an EXIF note to turn it.
            if image.getexif().get(0x0112) in (5, 6, 7, 8):
                width, height = height, width
            return width, height
    except unreadable():
        return None


def render_variants(data: bytes, variants: Sequence[Variant], largest: tuple[int, int]) -> list[bytes]:
    """The source image resized to each variant's size and encoded in its format, decoded once for all.

    A JPEG far larger than `largest`, the largest size planned for it (upright), is decoded at
    a half, a quarter or an eighth of its size where that still covers it (libjpeg scales while
    decoding, which costs a fraction of decoding every pixel and resizing them all). The scale
    depends on `largest` alone, so a size's bytes do not depend on which others are made with it."""
    from PIL import Image, ImageOps, JpegImagePlugin

    with Image.open(io.BytesIO(data)) as opened:
        if isinstance(opened, JpegImagePlugin.JpegImageFile):  # a camera's two-frame MPO too
            width, height = largest
            sideways = opened.getexif().get(0x0112) in (5, 6, 7, 8)
            opened.draft(None, (height, width) if sideways else (width, height))
        image = ImageOps.exif_transpose(opened)
        return [_encoded(image.resize((v.width, v.height), Image.Resampling.LANCZOS), v.format) for v in variants]


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

"""Link-preview images (og:image) for articles, as WhatsApp and social sites show them.

`preview_image` returns a 1200×630 JPEG under 300 kB: the article's hero image cropped to
fill, or, for an article without one, a branded card with the title on the brand blue.

The card's text is drawn by lettering.py with Pillow's bundled font, so the same input gives
the same bytes on every machine.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageOps

from . import jpegblocks
from .lettering import TEXT_WIDTH, fit_title, font_at, printable, text_line, tracked
from .picture import TooManyPixels, open_image, unreadable

CARD_SIZE = (1200, 630)
MAX_BYTES = 300_000

# Lowered in steps until the file fits MAX_BYTES. Pure noise is the worst case for JPEG and
# fits at the last step (see the tests), so every real photo fits somewhere on this ladder.
QUALITIES = (82, 74, 66, 58, 50, 42, 34, 26)
HERO_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")

BLUE = (11, 79, 138)  # #0b4f8a, --brand in static/css/style.css
DEEP_BLUE = (7, 56, 100)
GOLD = (242, 183, 5)  # #f2b705, the dot in static/img/logo.svg
WHITE = (255, 255, 255)
MUTED = (196, 214, 232)

MARGIN = (CARD_SIZE[0] - TEXT_WIDTH) // 2

# What Pillow may raise for bytes that are not a readable image (or a decompression bomb).


def preview_image(title: str, site_name: str, hero: bytes | None = None, category: str = "") -> bytes:
    """JPEG bytes, 1200x630: the hero image cropped to fill (centred, cover), or, without one, a branded card."""
    if hero is None:
        return _card_jpeg(title, site_name, category)
    image, icc = _open_hero(hero)
    return _encode(_to_rgb(ImageOps.fit(image, CARD_SIZE, method=Image.Resampling.LANCZOS)), icc)


# --- hero -----------------------------------------------------------------------------------


def _open_hero(data: bytes) -> tuple[Image.Image, bytes | None]:
    """The decoded, upright hero in a mode it can be resized in, and its RGB colour profile if
    it has one. Refused (TooManyPixels) before decoding when it is beyond berita's limits."""
    try:
        image = open_image(io.BytesIO(data), formats=HERO_FORMATS)
        # A phone photo is far larger than the card: let the JPEG decoder scale it down
        # while decoding (cheap), keeping at least the card's size in both directions.
        image.draft(None, (CARD_SIZE[0], CARD_SIZE[0]))
        ImageOps.exif_transpose(image, in_place=True)  # not a copy: a large PNG is decoded whole
        icc = image.info.get("icc_profile")
        return _resizable(image), _rgb_profile(icc)
    except TooManyPixels:
        raise
    except unreadable() as error:
        raise ValueError(f"gambar tidak bisa dibaca: {error}") from error


def _resizable(image: Image.Image) -> Image.Image:
    """The hero in a mode it is cropped and resized in without a copy where it can be: a poster
    of tens of megapixels is four bytes a pixel once, not three times over."""
    if image.mode in ("RGB", "RGBA", "L", "LA", "CMYK"):
        return image
    if image.mode in ("PA", "P") and (image.mode == "PA" or "transparency" in image.info):
        return image.convert("RGBA")
    if image.mode.startswith("I;16") or image.mode in ("I", "F"):
        # 16-bit greyscale: scale to 8 bits, which plain convert("RGB") would clip instead.
        return image.point(lambda value: value / 256).convert("L")
    return image.convert("RGB")


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB; transparent parts (logos, PNG cut-outs) become white rather than JPEG's black. Done
    on the card-sized crop (Pillow resizes with premultiplied alpha, so it is what flattening
    the whole picture first would give)."""
    if image.mode in ("RGBA", "LA"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, WHITE)
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image if image.mode == "RGB" else image.convert("RGB")


def _rgb_profile(icc: bytes | None) -> bytes | None:
    """Keep an RGB profile (e.g. an iPhone's Display P3) so colours stay right; drop CMYK/grey ones."""
    if icc and icc[16:20] == b"RGB ":
        return icc
    return None


def _encode(image: Image.Image, icc: bytes | None = None) -> bytes:
    """Baseline JPEG under MAX_BYTES, lowering the quality in steps for noisy pictures."""
    extra = {"icc_profile": icc} if icc else {}
    for quality in QUALITIES:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=False, **extra)
        if buffer.tell() <= MAX_BYTES:
            return buffer.getvalue()
    raise RuntimeError(f"pratinjau tetap lebih dari {MAX_BYTES} byte pada kualitas {QUALITIES[-1]}")


# --- branded card ---------------------------------------------------------------------------
#
# A build makes one card per article, so the drawing is cached in layers that stay valid for
# any input: the parts shared by every card of a site (`_base`), each letter's stroked glyph
# (`stroked_glyph`), and text measurements (`_advance`, `_width`). Each cache is a pure function of
# its key, so a card's bytes do not depend on which cards the process (a build worker) made
# before it. Cached images are shared: copy them or paste from them, never draw on them.


def _card(title: str, site_name: str, category: str) -> Image.Image:
    """The card for an article without a hero: mark and site name, category, title, gold bar."""
    image = _base(site_name).copy()
    _title_block(image, printable(title), printable(category).upper())
    return image


# The title area (rows 150-580, see _title_block) with room for accents and descenders, in
# whole rows of JPEG blocks: all a card draws on its site's base card is inside it.
BAND = (128, 608)
CARD_QUALITY = QUALITIES[0]
CARD_RUN = 15  # blocks between restart markers: 5 runs across a card (see jpegblocks.py)


def _card_jpeg(title: str, site_name: str, category: str) -> bytes:
    """The JPEG of _card(title, site_name, category): only the runs of blocks the category and
    title touch are coded, the rest is copied from the base card's code (see jpegblocks.py).
    A card is flat colour and text (30-90 kB), far below MAX_BYTES; standard Huffman tables
    make it 10-20% larger than optimized ones but encode in half the time, and the restart
    markers add about 2%."""
    band = _base(site_name).crop((0, BAND[0], CARD_SIZE[0], BAND[1]))
    boxes = _title_block(band, printable(title), printable(category).upper(), shift=BAND[0])
    try:
        data = _coder(site_name).code(band, BAND[0], boxes)
    except ValueError:  # the title reached outside the band: code the whole card
        data = jpegblocks.save(_card(title, site_name, category), CARD_QUALITY, CARD_RUN)
    if len(data) > MAX_BYTES:
        raise RuntimeError(f"kartu pratinjau lebih dari {MAX_BYTES} byte")
    return data


@lru_cache(maxsize=4)
def _coder(site_name: str) -> jpegblocks.Coder:
    return jpegblocks.Coder(_base(site_name), CARD_QUALITY, CARD_RUN)


@lru_cache(maxsize=4)
def _base(site_name: str) -> Image.Image:
    """The card without its category and title: the same for every article of a site."""
    image = Image.new("RGB", CARD_SIZE, BLUE)
    draw = ImageDraw.Draw(image)
    _backdrop(draw)
    _header(image, printable(site_name).upper())
    # The gold bar along the bottom edge, the site's accent colour. The title area ends well
    # above it (see _title_block), so drawing it before the title gives the same card.
    draw.rectangle((0, CARD_SIZE[1] - 14, CARD_SIZE[0], CARD_SIZE[1]), fill=GOLD)
    return image


def _backdrop(draw: ImageDraw.ImageDraw) -> None:
    """A darker band on the right so the flat blue has some depth without distracting."""
    width, height = CARD_SIZE
    draw.polygon([(width - 330, 0), (width, 0), (width, height), (width - 520, height)], fill=DEEP_BLUE)


def _header(image: Image.Image, site_name: str) -> None:
    """The logo mark at the top left and the site name beside it, tracked like small caps."""
    mark_size, top = 64, 56
    image.paste(_mark(mark_size), (MARGIN, top))
    ascent, descent = font_at(28).getmetrics()
    baseline = top + mark_size // 2 + (ascent - descent) // 2
    tracked(image, (MARGIN + mark_size + 22, baseline), site_name, 28, tracking=3, fill=WHITE)


def _title_block(image: Image.Image, title: str, category: str, shift: int = 0) -> list[jpegblocks.Box]:
    """Category (gold, small) over the wrapped title, centred vertically below the header.

    Drawn `shift` rows higher (into a band of the card that starts there); returns the boxes
    drawn into, in the card's own coordinates."""
    size, lines = fit_title(title)
    line_height = round(size * 1.2)
    category_height = 56 if category else 0
    block = category_height + line_height * len(lines)
    area_top, area_bottom = 150, CARD_SIZE[1] - 50
    top = area_top + max(0, (area_bottom - area_top - block) // 2)
    boxes = []
    if category:
        boxes.append(tracked(image, (MARGIN, top + 26 - shift), category, 26, tracking=2, fill=GOLD))
    # Lines are placed by their top (the font's ascent above the baseline), as draw.text does.
    ascent = font_at(size).getmetrics()[0]
    for number, line in enumerate(lines):
        baseline = top + category_height + number * line_height + ascent - shift
        # A stroke in the text colour makes the regular-weight font read as bold.
        boxes.append(text_line(image, (MARGIN, baseline), line, size, stroke=2 if size >= 60 else 1, fill=WHITE))
    return [(left, upper + shift, right, lower + shift) for left, upper, right, lower in filter(None, boxes)]


def _mark(size: int) -> Image.Image:
    """The logo shape inverted for the blue card: white rounded square, blue "P", gold dot.

    Drawn at 4× and scaled down, because ImageDraw's shapes are not anti-aliased.
    """
    scale = size * 4 / 64  # the path coordinates are those of static/img/logo.svg (64×64)
    big = Image.new("RGB", (size * 4, size * 4), BLUE)
    draw = ImageDraw.Draw(big)

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return (x0 * scale, y0 * scale, x1 * scale, y1 * scale)

    draw.rounded_rectangle(box(0, 0, 64, 64), radius=12 * scale, fill=WHITE)
    draw.rounded_rectangle(box(18, 14, 46, 38), radius=12 * scale, fill=BLUE)  # bowl of the P
    draw.rectangle(box(18, 14, 30, 38), fill=BLUE)  # square its left side
    draw.rectangle(box(18, 30, 26, 50), fill=BLUE)  # stem
    draw.rounded_rectangle(box(26, 21, 37, 31), radius=5 * scale, fill=WHITE)  # counter
    draw.rectangle(box(26, 21, 31, 31), fill=WHITE)  # square its left side
    draw.ellipse(box(40, 40, 52, 52), fill=GOLD)
    return big.resize((size, size), Image.Resampling.LANCZOS)

"""Link-preview images (og:image) for articles, as WhatsApp and social sites show them.

`preview_image` returns a 1200×630 JPEG under 300 kB: the article's hero image cropped to
fill, or, for an article without one, a branded card with the title on the brand blue.

The card uses only Pillow's bundled font (`ImageFont.load_default(size=…)`, Aileron Regular),
so it renders the same on a machine with no font files at all, and the same input always
gives the same bytes. That font has basic Latin, curly quotes and "…" but no accented
letters or long dashes, so `_printable` folds those to plain Latin before drawing.
"""

from __future__ import annotations

import io
import struct
import unicodedata
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont, ImageOps

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

MARGIN = 80
TEXT_WIDTH = CARD_SIZE[0] - 2 * MARGIN
TITLE_SIZES = (76, 68, 60, 54, 48)  # tried in order; the first that fits in MAX_LINES wins
MAX_LINES = 4
ELLIPSIS = "…"

# What Pillow may raise for bytes that are not a readable image (or a decompression bomb).
_UNREADABLE = (OSError, ValueError, SyntaxError, EOFError, struct.error, Image.DecompressionBombError)


def preview_image(title: str, site_name: str, hero: bytes | None = None, category: str = "") -> bytes:
    """JPEG bytes, 1200x630: the hero image cropped to fill (centred, cover), or, without one, a branded card."""
    if hero is None:
        return _encode(_card(title, site_name, category))
    image, icc = _open_hero(hero)
    return _encode(ImageOps.fit(image, CARD_SIZE, method=Image.Resampling.LANCZOS), icc)


# --- hero -----------------------------------------------------------------------------------


def _open_hero(data: bytes) -> tuple[Image.Image, bytes | None]:
    """The decoded, upright RGB hero and its RGB colour profile if it has one."""
    try:
        image = Image.open(io.BytesIO(data), formats=HERO_FORMATS)
        # A phone photo is far larger than the card: let the JPEG decoder scale it down
        # while decoding (cheap), keeping at least the card's size in both directions.
        image.draft(None, (CARD_SIZE[0], CARD_SIZE[0]))
        image = ImageOps.exif_transpose(image)
        icc = image.info.get("icc_profile")
        return _to_rgb(image), _rgb_profile(icc)
    except _UNREADABLE as error:
        raise ValueError(f"gambar tidak bisa dibaca: {error}") from error


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB; transparent parts (logos, PNG cut-outs) become white rather than JPEG's black."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, WHITE)
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode.startswith("I;16") or image.mode in ("I", "F"):
        # 16-bit greyscale: scale to 8 bits, which plain convert("RGB") would clip instead.
        image = image.point(lambda value: value / 256).convert("L")
    return image.convert("RGB")


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


def _card(title: str, site_name: str, category: str) -> Image.Image:
    """The card for an article without a hero: mark and site name, category, title, gold bar."""
    image = Image.new("RGB", CARD_SIZE, BLUE)
    draw = ImageDraw.Draw(image)
    _backdrop(draw)
    _header(image, draw, _printable(site_name).upper())
    _title_block(draw, _printable(title), _printable(category).upper())
    # The gold bar along the bottom edge, the site's accent colour.
    draw.rectangle((0, CARD_SIZE[1] - 14, CARD_SIZE[0], CARD_SIZE[1]), fill=GOLD)
    return image


def _backdrop(draw: ImageDraw.ImageDraw) -> None:
    """A darker band on the right so the flat blue has some depth without distracting."""
    width, height = CARD_SIZE
    draw.polygon([(width - 330, 0), (width, 0), (width, height), (width - 520, height)], fill=DEEP_BLUE)


def _header(image: Image.Image, draw: ImageDraw.ImageDraw, site_name: str) -> None:
    """The logo mark at the top left and the site name beside it, tracked like small caps."""
    mark_size, top = 64, 56
    image.paste(_mark(mark_size), (MARGIN, top))
    font = _font(28)
    ascent, descent = font.getmetrics()
    baseline = top + mark_size // 2 + (ascent - descent) // 2
    _tracked(draw, (MARGIN + mark_size + 22, baseline), site_name, font, tracking=3, fill=WHITE)


def _title_block(draw: ImageDraw.ImageDraw, title: str, category: str) -> None:
    """Category (gold, small) over the wrapped title, centred vertically below the header."""
    size, lines = _fit_title(draw, title)
    font = _font(size)
    line_height = round(size * 1.2)
    category_height = 56 if category else 0
    block = category_height + line_height * len(lines)
    area_top, area_bottom = 150, CARD_SIZE[1] - 50
    top = area_top + max(0, (area_bottom - area_top - block) // 2)
    if category:
        _tracked(draw, (MARGIN, top + 26), category, _font(26), tracking=2, fill=GOLD)
    for number, line in enumerate(lines):
        y = top + category_height + number * line_height
        # A 1 px stroke in the text colour makes the regular-weight font read as bold.
        draw.text((MARGIN, y), line, font=font, fill=WHITE, stroke_width=2 if size >= 60 else 1, stroke_fill=WHITE)


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


def _tracked(
    draw: ImageDraw.ImageDraw,
    origin: tuple[int, int],
    text: str,
    font: ImageFont.FreeTypeFont,
    tracking: int,
    fill: tuple[int, int, int],
) -> None:
    """Letter-spaced bold text from a baseline, for the small-caps look of labels."""
    x, baseline = origin
    for index, char in enumerate(text):
        # Advance by the width of the prefix so the font's kerning is kept.
        left = x + draw.textlength(text[:index], font=font) + index * tracking
        draw.text((left, baseline), char, font=font, fill=fill, anchor="ls", stroke_width=1, stroke_fill=fill)


# --- title fitting --------------------------------------------------------------------------


def _fit_title(draw: ImageDraw.ImageDraw, title: str) -> tuple[int, list[str]]:
    """The largest title size whose wrapped lines fit MAX_LINES; at the smallest, cut with "…"."""
    for size in TITLE_SIZES:
        lines = _wrap(draw, title, _font(size))
        if len(lines) <= MAX_LINES:
            return size, lines
    font = _font(TITLE_SIZES[-1])
    lines = _wrap(draw, title, font)
    rest = " ".join(lines[MAX_LINES - 1 :])
    return TITLE_SIZES[-1], [*lines[: MAX_LINES - 1], _ellipsize(draw, rest, font)]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont) -> list[str]:
    """Greedy word wrap to TEXT_WIDTH, measured with the real font; overlong words are split."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if draw.textlength(candidate, font=font) <= TEXT_WIDTH:
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = _split_word(draw, word, font)
        lines.extend(pieces[:-1])
        line = pieces[-1]
    if line:
        lines.append(line)
    return lines


def _split_word(draw: ImageDraw.ImageDraw, word: str, font: ImageFont.FreeTypeFont) -> list[str]:
    """A word (a long URL, say) in pieces that each fit TEXT_WIDTH."""
    pieces = [""]
    for char in word:
        if pieces[-1] and draw.textlength(pieces[-1] + char, font=font) > TEXT_WIDTH:
            pieces.append("")
        pieces[-1] += char
    return pieces


def _ellipsize(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont) -> str:
    """`text` cut at a word (or, for one long word, a letter) so that it plus "…" fits TEXT_WIDTH."""
    words = text.split()
    while len(words) > 1 and draw.textlength(" ".join(words) + ELLIPSIS, font=font) > TEXT_WIDTH:
        words.pop()
    line = " ".join(words)
    while line and draw.textlength(line + ELLIPSIS, font=font) > TEXT_WIDTH:
        line = line[:-1]
    return line.rstrip(" ,.;:-") + ELLIPSIS


# --- font and text --------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled scalable font: present everywhere, so cards look alike on every machine."""
    font = ImageFont.load_default(size=size)
    if not isinstance(font, ImageFont.FreeTypeFont):  # Pillow without FreeType: tiny bitmap font
        raise RuntimeError("Pillow tanpa FreeType tidak bisa membuat kartu pratinjau")
    return font


_FOLD = str.maketrans({"–": "-", "—": "-", "−": "-", "•": "·", "\u00ad": None})


def _printable(text: str) -> str:
    """`text` on one line in glyphs the bundled font has, so nothing shows as an empty box."""
    text = unicodedata.normalize("NFD", text.translate(_FOLD))
    kept = (char for char in text if not unicodedata.combining(char) and _has_glyph(char))
    return " ".join("".join(kept).split())


@lru_cache(maxsize=1024)
def _has_glyph(char: str) -> bool:
    """Whether the bundled font draws `char` as something other than its missing-glyph box."""
    return char.isspace() or _glyph_bitmap(char) != _glyph_bitmap("\ue000")


@lru_cache(maxsize=1024)
def _glyph_bitmap(char: str) -> bytes:
    image = Image.new("L", (48, 48))
    ImageDraw.Draw(image).text((8, 4), char, font=_font(24), fill=255)
    return image.tobytes()

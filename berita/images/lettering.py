"""Text on the link-preview cards: Pillow's bundled font, letters stroked once and drawn from a
cache, and titles wrapped and fitted to the card.

Only Pillow's bundled font is used (`ImageFont.load_default(size=…)`, Aileron Regular), so a
card renders the same on a machine with no font files at all, and the same input always gives
the same pixels. That font has basic Latin, curly quotes and "…" but no accented letters or
long dashes, so `printable` folds those to plain Latin before drawing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFont

if TYPE_CHECKING:
    from .jpegblocks import Box

TEXT_WIDTH = 1040  # the title's width on a card: 1200 pixels less 80 on either side
TITLE_SIZES = (76, 68, 60, 54, 48)  # tried in order; the first that fits in MAX_LINES wins
MAX_LINES = 4
ELLIPSIS = "…"
# More letters than five lines of the smallest size can hold (a few hundred): a longer title is
# cut with "…" anyway (the schema allows 300; the site's own card shows its description).
MAX_DRAWN = 1000


# --- drawing text from cached glyphs ---------------------------------------------------------
#
# FreeType's stroker is most of the drawing time, and a card's text repeats few letters. So each
# letter is stroked once per (letter, size, stroke) and pasted where draw.text would draw it,
# giving the same pixels (the tests compare with draw.text).

Glyph = tuple[Image.Image, tuple[int, int]]  # coverage mask, offset from the pen on the baseline


def tracked(
    image: Image.Image, origin: tuple[int, int], text: str, size: int, tracking: int, fill: tuple[int, int, int]
) -> Box | None:
    """Letter-spaced bold text (stroke 1) from a baseline, for the small-caps look of labels; the box drawn into."""
    x, baseline = origin
    glyphs = _tracked_glyphs(text, size, tracking)
    # Each letter is blended on its own, as the one-draw.text-per-letter original did.
    for mask, (left, top) in glyphs:
        image.paste(fill, (x + left, baseline + top), mask)
    if not glyphs:
        return None
    return (
        x + min(left for _, (left, _) in glyphs),
        baseline + min(top for _, (_, top) in glyphs),
        x + max(left + mask.width for mask, (left, _) in glyphs),
        baseline + max(top + mask.height for mask, (_, top) in glyphs),
    )


@lru_cache(maxsize=64)
def _tracked_glyphs(text: str, size: int, tracking: int) -> tuple[Glyph, ...]:
    """The glyphs of a label (site name, category) placed relative to its origin; few per site."""
    placed = []
    for index, (pen, char) in enumerate(zip(_pens(text, size), text, strict=True)):
        glyph = stroked_glyph(char, size, 1)
        if glyph:
            mask, (left, top) = glyph
            placed.append((mask, (pen + index * tracking + left, top)))
    return tuple(placed)


def text_line(
    image: Image.Image, origin: tuple[int, int], text: str, size: int, stroke: int, fill: tuple[int, int, int]
) -> Box | None:
    """One line of stroked text from a baseline: what draw.text(..., anchor="ls") draws; the box drawn into.

    draw.text first renders the whole line into one coverage mask, where the strokes of
    neighbouring letters overlap and add up as new + old·(255 − new)/255, then blends the fill
    through that mask once. Pasting 255 through each glyph into an "L" mask is the same sum
    with the same rounding, so the line is built that way and blended once too.
    """
    x, baseline = origin
    placed = []
    for pen, char in zip(_pens(text, size), text, strict=True):
        glyph = stroked_glyph(char, size, stroke)
        if glyph:
            mask, (left, top) = glyph
            placed.append((mask, x + pen + left, baseline + top))
    if not placed:
        return None
    left = min(gx for _, gx, _ in placed)
    top = min(gy for _, _, gy in placed)
    right = max(gx + mask.width for mask, gx, _ in placed)
    bottom = max(gy + mask.height for mask, _, gy in placed)
    line = Image.new("L", (right - left, bottom - top))
    for mask, gx, gy in placed:
        line.paste(255, (gx - left, gy - top), mask)
    image.paste(fill, (left, top), line)
    return left, top, right, bottom


@lru_cache(maxsize=1024)
def stroked_glyph(char: str, size: int, stroke: int) -> Glyph | None:
    """`char` drawn with a stroke (as a mask) and where it sits from the pen; None if blank."""
    font = font_at(size)
    left, top, right, bottom = font.getbbox(char, stroke_width=stroke, anchor="ls")
    mask = Image.new("L", (right - left, bottom - top))
    # 255 blended onto 0 through the glyph's coverage is that coverage, unchanged.
    ImageDraw.Draw(mask).text((-left, -top), char, font=font, fill=255, anchor="ls", stroke_width=stroke)
    if mask.getbbox() is None:  # a space: nothing to paste
        return None
    return mask, (left, top)


def _pens(text: str, size: int) -> list[int]:
    """Where each letter of `text` starts from its origin: the textlength of the text before it."""
    pens, pen = [], 0
    for index in range(len(text)):
        pens.append(pen)
        pen += _advance(text[index : index + 2], size)
    return pens


@lru_cache(maxsize=8192)
def _advance(pair: str, size: int) -> int:
    """How far the pen moves past pair[0] when pair[1] (if any) follows: advance plus kerning.

    Exact, and whole pixels: load_default's font uses Pillow's basic layout, whose hinted
    advances and pair kerning are whole pixels, so textlength is the sum of these.
    """
    font = font_at(size)
    return int(font.getlength(pair) - font.getlength(pair[1:]))


# --- title fitting --------------------------------------------------------------------------


def fit_title(title: str) -> tuple[int, list[str]]:
    """The largest title size whose wrapped lines fit MAX_LINES; at the smallest, cut with "…".

    Only the first MAX_LINES + 1 lines are ever wrapped and measured, and only the first
    MAX_DRAWN letters of the title looked at, so the work does not grow with the length of the
    title (a 100 kB one took minutes when every line was)."""
    title = title[:MAX_DRAWN]
    for size in TITLE_SIZES:
        lines = wrap(title, size, MAX_LINES + 1)
        if len(lines) <= MAX_LINES:
            return size, lines
    size = TITLE_SIZES[-1]
    lines = wrap(title, size, MAX_LINES + 1)
    # The last line takes what fits of the rest; the line after it is all that could.
    rest = " ".join(lines[MAX_LINES - 1 :])
    return size, [*lines[: MAX_LINES - 1], _ellipsize(rest, font_at(size))]


def wrap(text: str, size: int, limit: int | None = None) -> list[str]:
    """Greedy word wrap to TEXT_WIDTH, measured with the real font; overlong words are split.
    With a `limit`, only the first `limit` lines (the rest of the text is not looked at).

    A line is measured as its words plus its spaces: the font kerns nothing against a space
    (the tests check every glyph), so that sum is the textlength of the whole line, and each
    word is measured once per size instead of every candidate line at every size.
    """
    space = _width(" ", size)
    lines: list[str] = []
    line, width = "", 0.0
    for word in _words(text):
        if limit is not None and len(lines) >= limit:
            return lines[:limit]
        word_width = _width(word, size)
        candidate = width + space + word_width if line else word_width
        if candidate <= TEXT_WIDTH:
            line, width = (f"{line} {word}" if line else word), candidate
            continue
        if line:
            lines.append(line)
        pieces = [word] if word_width <= TEXT_WIDTH else _split_word(word, font_at(size), limit)
        lines.extend(pieces[:-1])
        line = pieces[-1]
        width = font_at(size).getlength(line)
    if line:
        lines.append(line)
    return lines if limit is None else lines[:limit]


def _words(text: str) -> Iterator[str]:
    """text.split(), one word at a time (a wrap that stops early does not split the rest)."""
    for match in WORD.finditer(text):
        yield match.group()


WORD = re.compile(r"\S+")


@lru_cache(maxsize=4096)
def _width(word: str, size: int) -> float:
    """The textlength of one word at `size`; words recur across titles and title sizes."""
    return font_at(size).getlength(word)


def _split_word(word: str, font: ImageFont.FreeTypeFont, limit: int | None = None) -> list[str]:
    """A word (a long URL, say) in pieces that each fit TEXT_WIDTH; with a `limit`, the first
    `limit` pieces and then what is left in one (never measured)."""
    pieces = [""]
    for index, char in enumerate(word):
        if pieces[-1] and font.getlength(pieces[-1] + char) > TEXT_WIDTH:
            if limit is not None and len(pieces) >= limit:
                pieces.append(word[index:])
                return pieces
            pieces.append("")
        pieces[-1] += char
    return pieces


def _ellipsize(text: str, font: ImageFont.FreeTypeFont) -> str:
    """`text` cut at a word (or, for one long word, a letter) so that it plus "…" fits TEXT_WIDTH.

    The most words (at least one) that fit are found by halving, as is the most letters of a
    word that alone does not: each measure is of a line, not of everything after it."""
    words = text.split()
    count = _most(len(words), lambda count: font.getlength(" ".join(words[:count]) + ELLIPSIS) <= TEXT_WIDTH)
    line = " ".join(words[: max(count, 1)])
    if count == 0:
        line = line[: _most(len(line), lambda length: font.getlength(line[:length] + ELLIPSIS) <= TEXT_WIDTH)]
    return line.rstrip(" ,.;:-") + ELLIPSIS


def _most(total: int, fits: Callable[[int], bool]) -> int:
    """The largest n in 0..total with fits(n) (fits(0) is taken as true; fits is monotonic)."""
    low, high = 0, total
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


# --- font and text --------------------------------------------------------------------------


@lru_cache(maxsize=16)
def font_at(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled scalable font: present everywhere, so cards look alike on every machine."""
    font = ImageFont.load_default(size=size)
    if not isinstance(font, ImageFont.FreeTypeFont):  # Pillow without FreeType: tiny bitmap font
        raise RuntimeError("Pillow tanpa FreeType tidak bisa membuat kartu pratinjau")
    return font


_FOLD = str.maketrans({"–": "-", "—": "-", "−": "-", "•": "·", "\u00ad": None})


def printable(text: str) -> str:
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
    ImageDraw.Draw(image).text((8, 4), char, font=font_at(24), fill=255)
    return image.tobytes()

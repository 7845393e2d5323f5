"""cards: the 1200×630 link-preview JPEG (og:image), from a hero image or as a branded card."""

from __future__ import annotations

import io
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from berita.images import cards, jpegblocks, lettering
from berita.images.cards import CARD_SIZE, preview_image

SEED_TITLE = "Kuliah Tamu Kewirausahaan Sosial Bersama OK OCE Indonesia"
SITE = "BERITA POLTEKESOS"
LIMIT = 300_000
RED, BLUE = (255, 0, 0), (0, 0, 255)


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def noise(size: tuple[int, int], seed: int = 7) -> Image.Image:
    """Seeded random RGB noise: the worst case for JPEG, the same on every run."""
    return Image.frombytes("RGB", size, random.Random(seed).randbytes(size[0] * size[1] * 3))


def centre_red(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Blue edges around a red centre, so a centred crop shows red in the middle."""
    width, height = size
    image = Image.new("RGB", size, BLUE)
    ImageDraw.Draw(image).rectangle((width * 3 // 8, height * 3 // 8, width * 5 // 8, height * 5 // 8), fill=RED)
    return image.convert(mode)


def is_red(pixel: tuple[int, ...]) -> bool:
    r, g, b = pixel[:3]
    return r > 200 and g < 60 and b < 60


def clear_caches() -> None:
    """Empty every cache in cards and its lettering, as in a fresh build worker."""
    for value in [*vars(cards).values(), *vars(lettering).values()]:
        if hasattr(value, "cache_clear"):
            value.cache_clear()


def assert_preview(data: bytes) -> Image.Image:
    assert len(data) < LIMIT
    image = opened(data)
    assert image.format == "JPEG"
    assert image.size == CARD_SIZE == (1200, 630)
    assert image.mode == "RGB"
    return image


# --- the branded card -------------------------------------------------------------------------


def test_card_is_a_1200x630_rgb_jpeg_under_300_kb():
    assert_preview(preview_image(SEED_TITLE, SITE, category="Berita"))
    assert_preview(preview_image(SEED_TITLE, SITE))


def test_card_is_brand_blue_with_a_gold_bar_at_the_bottom():
    image = opened(preview_image(SEED_TITLE, SITE, category="Berita"))
    assert all(abs(a - b) < 8 for a, b in zip(image.getpixel((30, 300)), (0x0B, 0x4F, 0x8A), strict=True))
    assert all(abs(a - b) < 12 for a, b in zip(image.getpixel((600, 626)), (0xF2, 0xB7, 0x05), strict=True))


def test_card_is_deterministic():
    first = preview_image(SEED_TITLE, SITE, category="Berita")
    assert preview_image(SEED_TITLE, SITE, category="Berita") == first
    assert preview_image("Judul lain", SITE, category="Berita") != first


def test_very_long_title_still_fits():
    title = " ".join(["Pengumuman Hasil Seleksi Penerimaan Mahasiswa Baru Jalur Prestasi"] * 12)
    assert_preview(preview_image(title, SITE, category="Pengumuman"))
    assert_preview(preview_image("x" * 2000, SITE))  # one endless "word"
    assert_preview(preview_image("", SITE))


def test_title_shrinks_then_stops_at_four_lines_with_an_ellipsis():
    draw = ImageDraw.Draw(Image.new("RGB", CARD_SIZE))
    size, lines = lettering.fit_title(SEED_TITLE)
    assert size == lettering.TITLE_SIZES[0]
    assert " ".join(lines) == SEED_TITLE
    size, lines = lettering.fit_title(" ".join(["Wisuda Sarjana Terapan Poltekesos"] * 20))
    assert size == lettering.TITLE_SIZES[-1]
    assert len(lines) == lettering.MAX_LINES
    assert lines[-1].endswith("…")
    font = lettering.font_at(size)
    assert all(draw.textlength(line, font=font) <= lettering.TEXT_WIDTH for line in lines)


def test_site_name_and_category_each_change_the_card():
    # The site's base card and the labels are cached: a key mix-up would show here.
    card = preview_image(SEED_TITLE, SITE, category="Berita")
    assert preview_image(SEED_TITLE, "BERITA KAMPUS", category="Berita") != card
    assert preview_image(SEED_TITLE, SITE, category="Agenda") != card
    assert preview_image(SEED_TITLE, SITE) != card
    assert preview_image(SEED_TITLE, SITE, category="Berita") == card


def test_card_bytes_do_not_depend_on_the_cards_made_before():
    # Build workers each make a different run of cards, so caches must not leak between them.
    clear_caches()
    fresh = preview_image(SEED_TITLE, SITE, category="Berita")
    preview_image("Wisuda Sarjana Terapan " * 9, "BERITA KAMPUS", category="Agenda")
    preview_image("Kuliah Umum — Pekerjaan Sosial “Inklusif”", SITE, category="Pengumuman")
    assert preview_image(SEED_TITLE, SITE, category="Berita") == fresh
    clear_caches()
    assert preview_image(SEED_TITLE, SITE, category="Berita") == fresh


def test_making_a_card_leaves_the_cached_base_untouched():
    base = cards._base(SITE).tobytes()
    preview_image(SEED_TITLE, SITE, category="Berita")
    assert cards._base(SITE).tobytes() == base


def whole(title: str, category: str = "Berita") -> bytes:
    """The card drawn whole and saved by Pillow as one picture, with the same restart markers."""
    image = cards._card(title, SITE, category)
    return jpegblocks.save(image, cards.CARD_QUALITY, cards.CARD_RUN)


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(
        alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 :'\"-é—…"),
        max_size=160,
    ),
    category=st.sampled_from(["Berita", "Agenda", "Pengumuman", "Prestasi", ""]),
)
def test_a_card_coded_in_pieces_is_byte_for_byte_the_whole_card_coded(title: str, category: str):
    assert preview_image(title, SITE, category=category) == whole(title, category)


def test_a_title_that_leaves_the_band_is_coded_whole_and_the_same(monkeypatch):
    monkeypatch.setattr(cards, "BAND", (320, 480))  # narrower than any title block
    assert preview_image(SEED_TITLE, SITE, category="Berita") == whole(SEED_TITLE)


def test_restart_markers_cost_little():
    plain = encoded(cards._card(SEED_TITLE, SITE, "BERITA"), "JPEG", quality=cards.CARD_QUALITY)
    assert len(plain) < len(preview_image(SEED_TITLE, SITE, category="Berita")) < len(plain) * 1.05


@pytest.mark.parametrize("size", [*lettering.TITLE_SIZES, 26, 28])
def test_cached_glyphs_draw_what_draw_text_draws(size):
    # _text_line and _tracked rebuild Pillow's text rendering from cached glyphs; any
    # difference (a Pillow change in how glyphs are combined or placed) shows here. The text
    # has letters whose strokes overlap (kv, 2x, rt), where the combining rule matters.
    font, stroke = lettering.font_at(size), 2 if size >= 60 else 1
    text = "Kerja bakti: 2x, fy; kv rt “Ok” AV Wy f/j … T.Y"
    canvas = (round(font.getlength(text)) + 40 + 3 * len(text), size * 2)
    expected, actual = Image.new("RGB", canvas, cards.BLUE), Image.new("RGB", canvas, cards.BLUE)
    ImageDraw.Draw(expected).text((20, size), text, font=font, fill=cards.WHITE, anchor="ls", stroke_width=stroke)
    lettering.text_line(actual, (20, size), text, size, stroke=stroke, fill=cards.WHITE)
    assert actual.tobytes() == expected.tobytes()
    expected, actual = Image.new("RGB", canvas, cards.BLUE), Image.new("RGB", canvas, cards.BLUE)
    draw = ImageDraw.Draw(expected)
    for index, char in enumerate(text):  # what _tracked replaces: one draw.text per letter
        left = 20 + draw.textlength(text[:index], font=font) + index * 3
        draw.text((left, size), char, font=font, fill=cards.GOLD, anchor="ls", stroke_width=1)
    lettering.tracked(actual, (20, size), text, size, tracking=3, fill=cards.GOLD)
    assert actual.tobytes() == expected.tobytes()


def test_the_font_kerns_nothing_against_a_space():
    # _wrap adds up word widths and space widths; that is the line's width only if so.
    glyphs = [chr(code) for code in range(0x21, 0x2200) if lettering._has_glyph(chr(code))]
    for size in lettering.TITLE_SIZES:
        font = lettering.font_at(size)
        space = font.getlength(" ")
        for char in glyphs:
            assert font.getlength(f"{char} ") == font.getlength(f" {char}") == font.getlength(char) + space


@pytest.mark.slow
def test_wrap_matches_measuring_each_candidate_line():
    def reference(text: str, font) -> list[str]:  # the plain greedy wrap _wrap replaces
        lines, line = [], ""
        for word in text.split():
            candidate = f"{line} {word}" if line else word
            if font.getlength(candidate) <= lettering.TEXT_WIDTH:
                line = candidate
                continue
            if line:
                lines.append(line)
            pieces = lettering._split_word(word, font)
            lines.extend(pieces[:-1])
            line = pieces[-1]
        return [*lines, line] if line else lines

    words = [*SEED_TITLE.split(), "“Inklusif”", "2024/2025", "-", "WWWWWWWWWWWWWWW", "i", "x" * 70]
    rng = random.Random(3)
    for _ in range(150):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(1, 30)))
        for size in lettering.TITLE_SIZES:
            assert lettering.wrap(title, size) == reference(title, lettering.font_at(size)), (title, size)


def test_text_is_folded_to_glyphs_the_bundled_font_has():
    assert lettering.printable("Café  Déjà–vu — “Sosial”\n…") == "Cafe Deja-vu - “Sosial” …"
    assert lettering.printable("Kuliah Tamu Kewirausahaan") == "Kuliah Tamu Kewirausahaan"


# --- a hero image -----------------------------------------------------------------------------


def test_hero_is_cropped_to_fill_keeping_the_centre():
    for size in [(2000, 2000), (3000, 600), (500, 1500), (300, 200)]:
        image = assert_preview(preview_image(SEED_TITLE, SITE, hero=encoded(centre_red(size), "PNG")))
        assert is_red(image.getpixel((600, 315))), size


def test_hero_result_is_deterministic():
    hero = encoded(centre_red((1600, 1200)), "JPEG", quality=90)
    assert preview_image(SEED_TITLE, SITE, hero=hero) == preview_image(SEED_TITLE, SITE, hero=hero)


@pytest.mark.slow
def test_large_noisy_hero_stays_under_300_kb():
    hero = encoded(noise((4000, 3000)), "PNG", compress_level=1)
    result = preview_image(SEED_TITLE, SITE, hero=hero)
    assert_preview(result)
    assert preview_image(SEED_TITLE, SITE, hero=hero) == result


def test_pure_noise_at_card_size_is_the_worst_case_and_still_fits():
    # Not smoothed by scaling down: this is what the quality ladder must be able to squeeze.
    assert len(encoded(noise(CARD_SIZE), "JPEG", quality=82, optimize=True)) > LIMIT
    assert_preview(preview_image(SEED_TITLE, SITE, hero=encoded(noise(CARD_SIZE), "PNG")))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_hero_formats(fmt):
    image = centre_red((800, 600), "P" if fmt == "GIF" else "RGB")
    assert is_red(assert_preview(preview_image(SEED_TITLE, SITE, hero=encoded(image, fmt))).getpixel((600, 315)))


@pytest.mark.parametrize("mode", ["RGBA", "P", "L", "LA", "CMYK", "I;16"])
def test_hero_modes(mode):
    image = centre_red((900, 700), mode)
    fmt = "JPEG" if mode == "CMYK" else "PNG"
    assert_preview(preview_image(SEED_TITLE, SITE, hero=encoded(image, fmt)))


def test_transparent_hero_gets_a_white_background():
    image = Image.new("RGBA", (800, 600), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((300, 200, 500, 400), fill=(*RED, 255))
    result = opened(preview_image(SEED_TITLE, SITE, hero=encoded(image, "PNG")))
    assert is_red(result.getpixel((600, 315)))
    assert min(result.getpixel((20, 20))) > 240
    palette = opened(preview_image(SEED_TITLE, SITE, hero=encoded(image.convert("P"), "PNG")))
    assert is_red(palette.getpixel((600, 315)))


def test_exif_orientation_is_honoured():
    # Stored landscape, red on the left and blue on the right; orientation 6 means "rotate 90°
    # clockwise to view", so the upright picture is a portrait with red on top.
    stored = Image.new("RGB", (1200, 800), BLUE)
    ImageDraw.Draw(stored).rectangle((0, 0, 599, 799), fill=RED)
    exif = Image.Exif()
    exif[0x0112] = 6
    hero = encoded(stored, "JPEG", quality=95, exif=exif)
    result = assert_preview(preview_image(SEED_TITLE, SITE, hero=hero))
    # The portrait (800×1200) is cropped to its middle band, across the red/blue boundary.
    # Unrotated, the left half would be red and the right half blue instead.
    assert is_red(result.getpixel((50, 150))) and is_red(result.getpixel((1150, 150)))
    assert not is_red(result.getpixel((50, 480))) and not is_red(result.getpixel((1150, 480)))


@pytest.mark.parametrize(
    "data",
    [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, b"\xff\xd8\xff\xe0" + b"garbage" * 10],
)
def test_corrupt_bytes_raise_value_error_in_indonesian(data):
    with pytest.raises(ValueError, match="gambar tidak bisa dibaca"):
        preview_image(SEED_TITLE, SITE, hero=data)


def test_truncated_jpeg_raises_value_error():
    whole = encoded(centre_red((800, 600)), "JPEG")
    with pytest.raises(ValueError, match="gambar tidak bisa dibaca"):
        preview_image(SEED_TITLE, SITE, hero=whole[: len(whole) // 2])


def test_sample_card(tmp_path):
    data = preview_image(SEED_TITLE, SITE, category="Berita")
    (tmp_path / "card-sample.jpg").write_bytes(data)
    assert_preview(data)

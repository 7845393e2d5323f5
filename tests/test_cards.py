"""cards: the 1200×630 link-preview JPEG (og:image), from a hero image or as a branded card."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageDraw

from berita import cards
from berita.cards import CARD_SIZE, preview_image

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
    size, lines = cards._fit_title(draw, SEED_TITLE)
    assert size == cards.TITLE_SIZES[0]
    assert " ".join(lines) == SEED_TITLE
    size, lines = cards._fit_title(draw, " ".join(["Wisuda Sarjana Terapan Poltekesos"] * 20))
    assert size == cards.TITLE_SIZES[-1]
    assert len(lines) == cards.MAX_LINES
    assert lines[-1].endswith("…")
    font = cards._font(size)
    assert all(draw.textlength(line, font=font) <= cards.TEXT_WIDTH for line in lines)


def test_text_is_folded_to_glyphs_the_bundled_font_has():
    assert cards._printable("Café  Déjà–vu — “Sosial”\n…") == "Cafe Deja-vu - “Sosial” …"
    assert cards._printable("Kuliah Tamu Kewirausahaan") == "Kuliah Tamu Kewirausahaan"


# --- a hero image -----------------------------------------------------------------------------


def test_hero_is_cropped_to_fill_keeping_the_centre():
    for size in [(2000, 2000), (3000, 600), (500, 1500), (300, 200)]:
        image = assert_preview(preview_image(SEED_TITLE, SITE, hero=encoded(centre_red(size), "PNG")))
        assert is_red(image.getpixel((600, 315))), size


def test_hero_result_is_deterministic():
    hero = encoded(centre_red((1600, 1200)), "JPEG", quality=90)
    assert preview_image(SEED_TITLE, SITE, hero=hero) == preview_image(SEED_TITLE, SITE, hero=hero)


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

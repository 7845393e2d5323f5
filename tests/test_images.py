"""Responsive images: planned sizes, <picture> markup, and the cache that makes each size once."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from berita import images
from berita.images import cached_variant, plan_picture


def photo(path: Path, size: tuple[int, int], exif_orientation: int | None = None) -> Path:
    image = Image.new("RGB", size, (11, 79, 138))
    exif = Image.Exif()
    if exif_orientation:
        exif[0x0112] = exif_orientation
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", exif=exif)
    return path


def test_plan_makes_the_widths_below_the_original_in_two_formats(tmp_path: Path) -> None:
    picture = plan_picture(photo(tmp_path / "foto.jpg", (1000, 500)), "/2021/foto.jpg", "/berita/2021/foto.jpg")
    assert picture is not None
    assert (
        picture.srcset
        == "/berita/2021/foto-480.jpg 480w, /berita/2021/foto-800.jpg 800w, /berita/2021/foto-1000.jpg 1000w"
    )
    assert picture.webp_srcset.endswith("/berita/2021/foto-1000.webp 1000w")
    assert (picture.width, picture.height) == (1000, 500)
    assert picture.src == "/berita/2021/foto-1000.jpg"


def test_huge_photo_is_capped_and_small_one_is_not_enlarged(tmp_path: Path) -> None:
    big = plan_picture(photo(tmp_path / "besar.jpg", (4000, 3000)), "/besar.jpg", "/besar.jpg")
    small = plan_picture(photo(tmp_path / "kecil.jpg", (300, 200)), "/kecil.jpg", "/kecil.jpg")
    assert big.width == 1200 and big.height == 900
    assert [v.width for v in small.variants] == [300, 300]


def test_sideways_phone_photo_is_measured_upright(tmp_path: Path) -> None:
    picture = plan_picture(photo(tmp_path / "hp.jpg", (800, 600), exif_orientation=6), "/hp.jpg", "/hp.jpg")
    assert (picture.width, picture.height) == (600, 800)
    encoded = images.render_variant((tmp_path / "hp.jpg").read_bytes(), picture.variants[-1])
    assert Image.open(io.BytesIO(encoded)).size == (600, 800)


def test_svg_and_unreadable_files_have_no_variants(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text("<svg/>")
    (tmp_path / "rusak.jpg").write_bytes(b"bukan gambar")
    assert plan_picture(tmp_path / "logo.svg", "/logo.svg", "/logo.svg") is None
    assert plan_picture(tmp_path / "rusak.jpg", "/rusak.jpg", "/rusak.jpg") is None


def test_cache_makes_each_variant_once(tmp_path: Path, monkeypatch) -> None:
    picture = plan_picture(photo(tmp_path / "foto.jpg", (1000, 500)), "/foto.jpg", "/foto.jpg")
    calls = []
    real = images.render_variant
    monkeypatch.setattr(images, "render_variant", lambda data, v: calls.append(v.path) or real(data, v))
    first = [cached_variant(v, tmp_path / "cache").read_bytes() for v in picture.variants]
    second = [cached_variant(v, tmp_path / "cache").read_bytes() for v in picture.variants]
    assert first == second
    assert len(calls) == len(picture.variants), "an unchanged image must not be processed twice"
    assert not list((tmp_path / "cache").glob("*.tmp"))


def test_articles_get_picture_markup_with_dimensions(tiny_site) -> None:
    site = tiny_site()
    photo(site.root / "content" / "2021" / "foto.jpg", (900, 600))
    site.write(
        "content/2021/a.md",
        "---\ntitle: Wisuda\ndate: 2021-04-21\nsummary: Ringkasan.\nimage: {src: foto.jpg, alt: Para wisudawan}\n---\n\n"
        "Paragraf.\n\n![Suasana wisuda](foto.jpg)\n",
    )
    assert site.build() == 0
    page = site.page("2021/04/a/index.html")
    hero = page.select_one("figure.hero picture img")
    assert hero["width"] == "900" and hero["height"] == "600" and "loading" not in hero.attrs
    body = page.select_one(".article-body picture img")
    assert body["loading"] == "lazy" and body["alt"] == "Suasana wisuda"
    assert page.select_one(".article-body picture source")["type"] == "image/webp"
    for width in (480, 800, 900):
        assert (site.output / "2021" / f"foto-{width}.webp").is_file()
        assert (site.output / "2021" / f"foto-{width}.jpg").is_file()

"""Responsive images: planned sizes, <picture> markup, and the cache that makes each size once."""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image, JpegImagePlugin
from searching import read_index
from sites import NOW, aged

from berita.config import load_config
from berita.images import media
from berita.images import picture as images
from berita.images.picture import plan_picture, whole_image
from berita.incremental.cache import Cache
from berita.pipeline import BuildOptions, build, stored_pages


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
    assert [v.path for v in big.variants if v.format == "JPEG"] == [
        "/besar-480.jpg",
        "/besar-800.jpg",
        "/besar-1200.jpg",
    ]
    assert big.srcset == "/besar-480.jpg 480w, /besar-800.jpg 800w, /besar-1200.jpg 1200w", "each width once"
    assert [v.width for v in small.variants] == [300, 300]


def test_sideways_phone_photo_is_measured_upright(tmp_path: Path) -> None:
    picture = plan_picture(photo(tmp_path / "hp.jpg", (800, 600), exif_orientation=6), "/hp.jpg", "/hp.jpg")
    assert (picture.width, picture.height) == (600, 800)
    largest = (picture.width, picture.height)
    [encoded] = images.render_variants((tmp_path / "hp.jpg").read_bytes(), [picture.variants[-1]], largest)
    assert Image.open(io.BytesIO(encoded)).size == (600, 800)


def test_svg_and_unreadable_files_have_no_variants(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text("<svg/>")
    (tmp_path / "rusak.jpg").write_bytes(b"bukan gambar")
    assert plan_picture(tmp_path / "logo.svg", "/logo.svg", "/logo.svg") is None
    assert plan_picture(tmp_path / "rusak.jpg", "/rusak.jpg", "/rusak.jpg") is None


WITH_PHOTO = (
    "---\ntitle: Wisuda\ndate: 2021-04-21\nsummary: Ringkasan.\n---\n\nParagraf.\n\n![Suasana wisuda](foto.{ext})\n"
)


def site_with_photo(tiny_site, ext: str = "jpg", base_url: str = "https://example.org/"):
    site = tiny_site(base_url)
    path = site.root / "content" / "2021" / f"foto.{ext}"
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1000, 500), (11, 79, 138)).save(path, images.RASTER[f".{ext}"])
    site.write("content/2021/a.md", WITH_PHOTO.format(ext=ext))
    return site


def cached_images(site) -> list[Path]:
    return sorted(p for p in (site.root / ".cache" / "images").rglob("*") if p.is_file())


def test_cache_makes_each_variant_once(tiny_site, monkeypatch) -> None:
    site = site_with_photo(tiny_site)
    made, read, decoded = [], [], []
    real, real_hash = media.render_variants, media._photo_hash

    def render(data: bytes, variants: list[images.Variant], largest: tuple[int, int]) -> list[bytes]:
        decoded.append(data)
        made.extend(v.path for v in variants)
        return real(data, variants, largest)

    monkeypatch.setattr(media, "render_variants", render)
    monkeypatch.setattr(media, "_photo_hash", lambda photo: read.append(photo) or real_hash(photo))
    assert site.build() == 0
    assert read.count(site.root / "content" / "2021" / "foto.jpg") == 1, "read and hashed once, not once per size"
    first = {p.name: p.read_bytes() for p in (site.output / "2021").glob("foto-*")}
    assert len(made) == len(first) == 6  # 480, 800 and 1000 wide, as JPEG and WebP
    assert len(decoded) == 1, "the photo is decoded once for all its sizes"
    shutil.rmtree(site.output)
    assert site.build() == 0
    assert {p.name: p.read_bytes() for p in (site.output / "2021").glob("foto-*")} == first
    assert len(made) == 6, "an unchanged image must not be processed twice"
    assert len(cached_images(site)) == 6 and not [p for p in cached_images(site) if p.suffix == ".tmp"]


@pytest.mark.parametrize("ext", ["jpg", "png", "webp"])
def test_a_cut_off_resized_image_in_the_cache_is_made_again_with_a_warning(tiny_site, ext) -> None:
    site = site_with_photo(tiny_site, ext)
    assert site.build() == 0
    made = site.output / "2021" / f"foto-480.{ext}"
    original = made.read_bytes()
    cached = [p for p in cached_images(site) if p.read_bytes() == original]
    assert len(cached) == 1, "each size is kept in the cache as a file"
    cached[0].write_bytes(original[: len(original) - 20])
    shutil.rmtree(site.output)
    result = build(load_config(site.root / "config.toml"), BuildOptions(), NOW)
    assert [w.file for w in result.warnings if "cache rusak" in w.message] == [str(cached[0])]
    assert made.read_bytes() == original
    assert cached[0].read_bytes() == original, "the damaged entry is replaced"


def test_a_new_version_of_berita_or_pillow_makes_the_sizes_again(tiny_site, monkeypatch) -> None:
    # The cache's key holds berita's code and the installed libraries (cache.code_salt).
    site = site_with_photo(tiny_site)
    assert site.build() == 0
    before = cached_images(site)
    monkeypatch.setattr("berita.incremental.cache._code_digest", lambda: b"Pillow versi lain")
    (site.root / ".cache" / "stamp.pickle").unlink(missing_ok=True)
    assert site.build() == 0
    after = set(cached_images(site)) - set(before)
    assert len(after) == 6, "sizes made by another version are not trusted"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_whole_image_tells_a_whole_file_from_a_cut_off_one(fmt) -> None:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, fmt)
    data = out.getvalue()
    assert whole_image(data[:16], data[-16:], len(data))
    cut = data[: len(data) - 7]
    assert not whole_image(cut[:16], cut[-16:], len(cut))
    assert not whole_image(b"", b"", 0)


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


def test_a_photo_replaced_during_a_build_has_the_right_shape_after_the_next(tiny_site, monkeypatch) -> None:
    # Sizes are planned while articles load, the photo is hashed and resized later: a photo
    # saved in between (a square crop of a wide one) must not be kept at the old shape.
    site = site_with_photo(tiny_site)
    source = site.root / "content" / "2021" / "foto.jpg"
    real = media._photo_hash

    def replaced_first(photo):
        if photo == source and not replaced:
            Image.new("RGB", (1000, 1000), (200, 30, 30)).save(source, "JPEG")
            replaced.append(photo)
        return real(photo)

    replaced: list[Path] = []
    monkeypatch.setattr(media, "_photo_hash", replaced_first)
    assert site.build() == 0
    assert replaced
    assert site.build() == 0
    page = site.page("2021/04/a/index.html")
    assert page.select_one(".article-body picture img")["height"] == "1000"
    assert Image.open(site.output / "2021" / "foto-480.jpg").size == (480, 480)


def test_two_photos_whose_sizes_share_a_name_are_refused(tiny_site, capsys) -> None:
    # foto.png and foto.webp both make foto-480.webp: one article would show the other's photo.
    site = site_with_photo(tiny_site, "png")
    webp = site.root / "content" / "2021" / "foto.webp"
    Image.new("RGB", (1000, 500), (200, 30, 30)).save(webp, "WEBP")
    site.write("content/2021/b.md", WITH_PHOTO.format(ext="webp").replace("Wisuda", "Yudisium"))
    before = site.snapshot() if site.output.exists() else {}
    assert site.build() == 1
    message = capsys.readouterr().err
    assert re.search(r"/2021/foto-\d+\.webp juga dipakai oleh content/2021/foto\.(png|webp)", message)
    assert (site.snapshot() if site.output.exists() else {}) == before


def test_a_photo_that_goes_missing_during_a_build_is_named(tiny_site, monkeypatch, capsys) -> None:
    site = site_with_photo(tiny_site)
    real = media._photo_hash
    monkeypatch.setattr(media, "_photo_hash", lambda photo: photo.unlink(missing_ok=True) or real(photo))
    assert site.build() == 1
    assert "content/2021/foto.jpg: gambar tidak bisa dibuka (berkasnya hilang" in capsys.readouterr().err


def test_one_article_with_two_photos_whose_sizes_share_a_name_is_refused(tiny_site, capsys) -> None:
    site = site_with_photo(tiny_site, "png")
    Image.new("RGB", (1000, 500), (200, 30, 30)).save(site.root / "content" / "2021" / "foto.webp", "WEBP")
    text = WITH_PHOTO.format(ext="png") + "\n![Pemandangan kampus](foto.webp)\n"
    site.write("content/2021/a.md", text)
    assert site.build() == 1
    assert re.search(r"/2021/foto-\d+\.webp juga dipakai oleh content/2021/foto\.(png|webp)", capsys.readouterr().err)


def test_search_indexes_the_text_and_finds_the_byline_and_the_headline(tiny_site) -> None:
    # A result's excerpt is the article's own text, never its headline, byline, date or "1 menit
    # baca"; the headline and the author are still searched, and each result shows its category
    # and date.
    site = tiny_site(search=True)
    site.article("content/2021/a.md", title="Wisuda", body="Paragraf.")
    assert site.build() == 0
    index = read_index(site.output)
    [article] = index.articles
    assert article["x"] == "Paragraf."
    assert (article["j"], article["k"], article["t"]) == ("Wisuda", "Berita", "21 April 2021")
    assert index.find("wisuda") == index.find("humas uji") == ["/2021/04/a/"]


def test_a_lead_photo_is_read_once_for_its_card_and_its_sizes(tiny_site, monkeypatch) -> None:
    site = site_with_photo(tiny_site)
    text = WITH_PHOTO.format(ext="jpg").replace("summary:", "image: {src: foto.jpg, alt: Para wisudawan}\nsummary:")
    site.write("content/2021/a.md", text)
    read = []
    real = media._photo_hash
    monkeypatch.setattr(media, "_photo_hash", lambda photo: read.append(photo) or real(photo))
    assert site.build() == 0
    assert read == [site.root / "content" / "2021" / "foto.jpg"]
    assert (site.output / "2021" / "04" / "a" / "pratinjau.jpg").is_file()


def test_a_large_jpeg_is_decoded_at_the_smallest_scale_that_covers_its_largest_size(tmp_path, monkeypatch) -> None:
    # A phone photo, stored sideways: 4000×3000 with an EXIF note to turn it upright (3000×4000).
    source = photo(tmp_path / "hp.jpg", (4000, 3000), exif_orientation=6)
    picture = plan_picture(source, "/hp.jpg", "/hp.jpg")
    decoded = []
    real_draft = JpegImagePlugin.JpegImageFile.draft

    def draft(image, mode, size):
        found = real_draft(image, mode, size)
        decoded.append(image.size)
        return found

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", draft)
    made = images.render_variants(source.read_bytes(), picture.variants, (picture.width, picture.height))
    assert decoded == [(2000, 1500)], "half of 4000×3000 still covers 1600×1200, the largest size turned"
    assert [Image.open(io.BytesIO(m)).size for m in made][:3] == [(480, 640), (800, 1067), (1200, 1600)]


def test_a_rebuild_reads_no_unchanged_photo_and_no_resized_file(tiny_site, monkeypatch) -> None:
    # A newsroom's photos are most of its bytes: an edit to one article must not read them all.
    site = site_with_photo(tiny_site)
    linked = WITH_PHOTO.format(ext="jpg") + "\n[Unduh foto resolusi penuh](foto.jpg)\n"
    site.write("content/2021/a.md", linked)  # so the original is published too
    source = site.root / "content" / "2021" / "foto.jpg"
    os.utime(source, (1_600_000_000, 1_600_000_000))  # saved long before the build
    assert site.build() == 0
    first = (site.output / "2021" / "foto-480.webp").read_bytes()
    read, opened = [], []
    real_hash, real_file = media._photo_hash, Cache.file
    monkeypatch.setattr(media, "_photo_hash", lambda photo: read.append(photo) or real_hash(photo))
    monkeypatch.setattr(Cache, "file", lambda self, key, *rest: opened.append(key) or real_file(self, key, *rest))
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: read.append(path) or real_read(path))
    site.write("content/2021/a.md", linked + "\nParagraf baru.\n")
    assert site.build() == 0
    assert source not in read, "the photo is neither hashed again nor compared with its copy in the site"
    assert opened == [], "its sizes are the previous site's files, by their key"
    assert (site.output / "2021" / "foto.jpg").read_bytes() == real_read(source)
    Image.new("RGB", (1000, 500), (200, 30, 30)).save(source, "JPEG")
    os.utime(source, (1_600_000_100, 1_600_000_100))
    read.clear()
    assert site.build() == 0
    assert source in read, "a replaced photo is read again"
    assert (site.output / "2021" / "foto.jpg").read_bytes() == real_read(source)
    assert (site.output / "2021" / "foto-480.webp").read_bytes() != first


def test_a_photo_saved_during_a_build_and_then_restored_shows_the_restored_photo(tiny_site, monkeypatch) -> None:
    # The sizes and the card made from the photo saved meanwhile are right for that build, but
    # must not be remembered under the first photo's key: undoing the save brings that key back.
    site = site_with_photo(tiny_site)
    text = WITH_PHOTO.format(ext="jpg").replace("summary:", "image: {src: foto.jpg, alt: Para wisudawan}\nsummary:")
    site.write("content/2021/a.md", text)
    source = site.root / "content" / "2021" / "foto.jpg"
    first = source.read_bytes()  # blue
    real = media._photo_hash

    def saved_meanwhile(photo):
        digest = real(photo)
        Image.new("RGB", (1000, 500), (200, 30, 30)).save(source, "JPEG")  # red, once hashed
        return digest

    monkeypatch.setattr(media, "_photo_hash", saved_meanwhile)
    assert site.build() == 0
    monkeypatch.setattr(media, "_photo_hash", real)
    source.write_bytes(first)  # undone
    assert site.build() == 0
    for made in (site.output / "2021" / "foto-480.jpg", site.output / "2021" / "04" / "a" / "pratinjau.jpg"):
        red, _, blue = Image.open(made).convert("RGB").getpixel((5, 5))
        assert blue > red, f"{made.name} still shows the photo saved during the last build"


def test_a_size_is_the_same_whichever_other_sizes_are_made_with_it(tmp_path) -> None:
    # A phone photo is decoded at a scale that depends on its largest planned size alone: a size
    # made again on its own (its cache file was cut off) must match the one a cold build made.
    source = tmp_path / "hp.jpg"
    Image.effect_noise((3000, 2000), 60).convert("RGB").save(source, "JPEG")
    picture = plan_picture(source, "/hp.jpg", "/hp.jpg")
    largest = (picture.width, picture.height)
    data = source.read_bytes()
    together = images.render_variants(data, picture.variants, largest)
    alone = images.render_variants(data, picture.variants[:1], largest)
    assert alone == together[:1]


def test_a_two_frame_camera_jpeg_is_resized_too(tmp_path) -> None:
    # Some cameras write MPO, a JPEG with a second frame; Pillow names its format "MPO".
    source = tmp_path / "kamera.jpg"
    frame = Image.new("RGB", (2600, 1300), (11, 79, 138))
    frame.save(source, "MPO", save_all=True, append_images=[frame])
    assert Image.open(source).format == "MPO"
    picture = plan_picture(source, "/kamera.jpg", "/kamera.jpg")
    made = images.render_variants(source.read_bytes(), picture.variants, (picture.width, picture.height))
    assert [Image.open(io.BytesIO(m)).size for m in made] == [(v.width, v.height) for v in picture.variants]


def test_the_preview_holds_pages_in_memory_but_not_photos_or_attachments(tiny_site) -> None:
    # Its first build starts from the last build's output; a newsroom's attachments and
    # photos (IMG_1234.JPG from a camera) may be gigabytes and stay files.
    site = site_with_photo(tiny_site)
    shutil.copy(site.root / "content" / "2021" / "foto.jpg", site.root / "content" / "2021" / "IMG_1234.JPG")
    site.write("content/2021/b.md", WITH_PHOTO.format(ext="jpg").replace("foto.jpg", "IMG_1234.JPG"))
    (site.root / "static").mkdir(exist_ok=True)
    (site.root / "static" / "kalender-akademik.pdf").write_bytes(b"%PDF-1.4 kalender")
    aged(site.root)  # so that the copies are remembered by their sources' state
    assert site.build() == 0
    held = stored_pages(load_config(site.root / "config.toml")).known
    assert "2021/04/a/index.html" in held and "sitemap.xml" in held
    in_memory = {path for path, (_, content) in held.items() if isinstance(content, bytes)}
    assert in_memory and not [p for p in in_memory if not p.endswith((".html", ".xml", ".txt"))]


def test_an_original_is_published_only_when_a_link_points_to_it(tiny_site) -> None:
    # A page shows a photo in its sizes; the phone's original would only fill the site.
    site = site_with_photo(tiny_site)
    Image.new("RGB", (900, 600), (200, 30, 30)).save(site.root / "content" / "2021" / "unduh.jpg")
    Image.new("RGB", (60, 40), (200, 30, 30)).save(site.root / "content" / "2021" / "ikon.gif")
    site.write(
        "content/2021/b.md",
        WITH_PHOTO.format(ext="jpg").replace("Wisuda", "Yudisium").replace("foto.jpg", "unduh.jpg")
        + "\n[Unduh foto resolusi penuh](unduh.jpg)\n\n![Ikon kampus](ikon.gif)\n",
    )
    assert site.build() == 0
    folder = site.output / "2021"
    assert (folder / "foto-1000.jpg").is_file() and not (folder / "foto.jpg").exists()
    assert (folder / "unduh.jpg").is_file(), "linked: published whole"
    assert (folder / "ikon.gif").is_file(), "no sizes are made of a GIF: it is shown as it is"
    page = site.page("2021/04/b/index.html")
    assert page.select_one(".article-body a")["href"] == "/2021/unduh.jpg"


def test_a_photo_beside_another_article_is_shown_and_linked_by_its_address(tiny_site) -> None:
    site = site_with_photo(tiny_site)  # content/2021/foto.jpg, shown by content/2021/a.md
    site.write(
        "content/2022/b.md",
        "---\ntitle: Reuni\ndate: 2022-05-02\nsummary: Ringkasan.\n---\n\n![Suasana wisuda](/2021/foto.jpg)\n",
    )
    assert site.build() == 0, "shown in its sizes: the original need not be published"
    assert not (site.output / "2021" / "foto.jpg").exists()
    page = site.page("2022/05/b/index.html")
    assert page.select_one(".article-body picture img")["src"] == "/2021/foto-1000.jpg"
    site.write("content/2022/b.md", site.root.joinpath("content/2022/b.md").read_text() + "\n[Unduh](/2021/foto.jpg)\n")
    assert site.build() == 0
    assert (site.output / "2021" / "foto.jpg").is_file(), "linked by its address: published whole"


def test_a_photo_written_with_a_query_is_still_shown_in_its_sizes(tiny_site) -> None:
    # Links keep their query (/cari/?q=…); a Markdown image's would name no file.
    site = site_with_photo(tiny_site)
    site.write("content/2021/a.md", WITH_PHOTO.format(ext="jpg").replace("(foto.jpg)", "(foto.jpg?v=2)"))
    assert site.build() == 0
    assert site.page("2021/04/a/index.html").select_one(".article-body picture img")["src"] == "/2021/foto-1000.jpg"
    assert not (site.output / "2021" / "foto.jpg").exists()


def test_files_the_authors_own_html_uses_are_published_under_the_base_path(tiny_site) -> None:
    # An author pasting HTML: the photo is also shown in its sizes by the Markdown, the PDF
    # is linked only by the HTML. Both must be published, at addresses under /berita/.
    site = site_with_photo(tiny_site, base_url="https://contoh.github.io/berita/")
    (site.root / "content" / "2021" / "jadwal.pdf").write_bytes(b"%PDF-1.4 jadwal")
    text = site.root.joinpath("content/2021/a.md").read_text()
    site.write(
        "content/2021/a.md",
        text
        + '\nUnduh <a href="jadwal.pdf">jadwal wisuda</a>.\n\n<figure><img src="foto.jpg" alt="Wisuda"></figure>\n'
        + '\n<img src="foto.jpg#xywh=0,0,500,500" alt="Wisudawan">\n'
        + '\n<div markdown="1">\n<video src="rekaman.mp4" controls></video>\n</div>\n'
        + '\n<a href="/cari/?q=wisuda">Berita wisuda lain</a> dan [yang lama](/cari/?q=yudisium).\n',
    )
    (site.root / "content" / "2021" / "rekaman.mp4").write_bytes(b"rekaman")
    assert site.build() == 0
    assert (site.output / "2021" / "jadwal.pdf").read_bytes() == b"%PDF-1.4 jadwal"
    assert (site.output / "2021" / "rekaman.mp4").read_bytes() == b"rekaman"
    assert (site.output / "2021" / "foto.jpg").is_file(), "shown whole by the HTML: published whole"
    body = site.page("2021/04/a/index.html").select_one(".article-body")
    assert body.find("a", string="jadwal wisuda")["href"] == "/berita/2021/jadwal.pdf"
    assert body.select_one("figure img")["src"] == "/berita/2021/foto.jpg"
    assert body.find("img", alt="Wisudawan")["src"] == "/berita/2021/foto.jpg#xywh=0,0,500,500"
    assert body.video["src"] == "/berita/2021/rekaman.mp4"
    # The search page reads its query: a link to it keeps one.
    assert body.find("a", string="Berita wisuda lain")["href"] == "/berita/cari/?q=wisuda"
    assert body.find("a", string="yang lama")["href"] == "/berita/cari/?q=yudisium"

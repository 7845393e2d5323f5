"""Readable without JavaScript: every page kind shows its content; only search and "Salin tautan" need scripts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browsing import PAGES
from playwright.sync_api import Browser, Page, expect


@pytest.fixture(scope="module")
def no_js(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=False)
    yield context.new_page()
    context.close()


# For each page kind: its heading, and text or links that prove its content is there.
EXPECTED = {
    "beranda": (
        "BERITA POLTEKESOS",
        ["Mahasiswa Poltekesos Dampingi Warga Terdampak Banjir di Dayeuhkolot", "Agenda Mendatang", "Berita Lainnya"],
    ),
    "artikel": (
        "Kuliah Tamu Kewirausahaan Sosial Bersama OK OCE Indonesia",
        ["Pemecahan masalah sosial dalam masyarakat", "Info Kegiatan", "Zoom Meeting", "202 peserta", "WhatsApp"],
    ),
    "tag": ("mahasiswa", ["Poltekesos Bandung Lepas 598 Wisudawan Tahun Akademik 2025/2026"]),
    "semua-tag": ("Semua Tag", ["kewirausahaan sosial", "wisuda"]),
    "arsip": ("Arsip", ["2021", "2026"]),
    "arsip-tahun": ("Arsip 2025", ["614 Mahasiswa Baru Ikuti PKKMB Poltekesos Bandung 2025"]),
    "agenda": ("Agenda Kegiatan", ["Akan Datang", "Telah Berlangsung", "Seminar Nasional Pekerjaan Sosial 2027"]),
    "cari": ("Cari Berita", ["Pencarian memerlukan JavaScript", "Arsip"]),
    "404": ("Halaman tidak ditemukan", ["Kembali ke beranda", "Cari berita", "Berita Terbaru"]),
    "halaman": ("Redaksi", ["Susunan Redaksi", "Pemimpin redaksi"]),
    "kategori": ("Prestasi", ["Mahasiswa Poltekesos Juara I Lomba Karya Tulis Ilmiah Nasional"]),
    "beranda-2": ("Berita Terbaru", ["614 Mahasiswa Baru Ikuti PKKMB Poltekesos Bandung 2025", "Sebelumnya"]),
    "artikel-agenda": ("Seminar Nasional Pekerjaan Sosial 2027", ["Info Kegiatan", "Jadwal Penting", "Berita Terkait"]),
}


@pytest.mark.parametrize("kind", PAGES)
def test_every_page_kind_shows_its_content(no_js: Page, site_url: str, kind: str) -> None:
    heading, texts = EXPECTED[kind]
    no_js.goto(site_url + PAGES[kind])
    expect(no_js.locator("h1")).to_contain_text(heading)
    expect(no_js.locator("h1")).to_be_visible()
    # innerText leaves out what is not rendered (display: none), and includes what <noscript> shows;
    # it is compared without case, as section headings are set in capitals by the stylesheet.
    shown = no_js.locator("main").inner_text().casefold()
    missing = [text for text in texts if text.casefold() not in shown]
    assert missing == []


def test_article_shows_the_event_box_and_hides_the_copy_button(no_js: Page, site_url: str) -> None:
    no_js.goto(site_url + PAGES["artikel"])
    box = no_js.locator(".event-box")
    expect(box).to_be_visible()
    expect(box.locator("dt", has_text="Narasumber")).to_be_visible()
    expect(box).to_contain_text("Dr. Indra Cahya Uno")
    # A button that cannot work without a script is not shown.
    expect(no_js.locator("button.copy-link")).to_be_hidden()


@pytest.mark.parametrize(
    ("path", "rel", "target"),
    [("", "next", "page/2/"), ("page/2/", "prev", ""), ("tag/mahasiswa/", "next", "tag/mahasiswa/page/2/")],
)
def test_pagination_links_are_shown_and_lead_on(no_js: Page, site_url: str, path: str, rel: str, target: str) -> None:
    no_js.goto(site_url + path)
    link = no_js.locator(f".pagination a[rel={rel}]")
    expect(link).to_be_visible()
    link.click()
    expect(no_js).to_have_url(site_url + target)
    expect(no_js.locator(".card").first).to_be_visible()


def test_copy_button_appears_with_javascript(page: Page, site_url: str) -> None:
    page.goto(site_url + PAGES["artikel"])
    expect(page.locator("button.copy-link")).to_be_visible()

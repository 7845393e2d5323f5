"""The sample site of Poltekesos Bandung, built from the project's own files and read back."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup
from sites import DEMO, UnderBasePath, build, copy_demo, read, snapshot

SEED = "2021/04/kuliah-tamu-ok-oce/index.html"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("sampel"))
    build(root)
    return root


def event_fields(page: BeautifulSoup) -> dict[str, str]:
    box = page.select_one("aside.event-box")
    assert box is not None, "the seed article has no event box"
    return {
        dt.get_text(" ", strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in box.select("dt")
    }


def test_seed_article_shows_every_fact_in_indonesian(sample: Path) -> None:
    page = read(sample, SEED)
    assert page.html["lang"] == "id"
    assert page.h1.get_text(strip=True) == "Kuliah Tamu Kewirausahaan Sosial Bersama OK OCE Indonesia"
    assert page.select_one(".dateline time").get_text(strip=True).startswith("Rabu, 21 April 2021")
    facts = event_fields(page)
    assert facts["Jenis"] == "Kuliah Tamu"
    assert facts["Waktu"] == "Rabu, 21 April 2021, 09.00–12.00 WIB"
    assert facts["Pelaksanaan"] == "Daring"
    assert facts["Platform"] == "Zoom Meeting"
    assert "Dr. Indra Cahya Uno" in facts["Narasumber"]
    assert "Pendiri OK OCE Indonesia" in facts["Narasumber"]
    assert "diwakili oleh Iim Rusyamsi , Ketua Umum OK OCE Indonesia" in facts["Narasumber"]
    assert "Dr. Marjuki" in facts["Dibuka oleh"] and "Direktur" in facts["Dibuka oleh"]
    assert facts["Mata kuliah"] == "Kewirausahaan Sosial"
    assert facts["Program studi"] == "Pekerjaan Sosial Program Sarjana Terapan"
    assert facts["Peserta"].startswith("202 peserta")
    for who in (
        "Ketua Prodi Pekerjaan Sosial",
        "Sekretaris Prodi Pekerjaan Sosial",
        "Kewirausahaan Sosial",
        "mahasiswa",
    ):
        assert who in facts["Peserta"]
    body = " ".join(part.get_text(" ", strip=True) for part in page.select(".article-body"))
    assert body.startswith("Pemecahan masalah sosial") and "Ikuti kabar terbaru di Instagram" in body
    # The form closed long ago: no sentence invites the reader to fill it in above the notice.
    assert "Silakan isi data" not in body
    instagram = page.select_one('.article-body a[href="https://www.instagram.com/poltekesosbandung/"]')
    assert instagram is not None and instagram.get_text(strip=True) == "@poltekesosbandung"
    # The form's closing date (28 April 2021) is long past.
    assert page.select_one(".form-closed").get_text(strip=True) == "Formulir sudah ditutup sejak Rabu, 28 April 2021."
    assert page.select_one(".reading-time").get_text(strip=True).endswith("menit baca")


def test_seed_article_has_share_links_that_need_no_javascript(sample: Path) -> None:
    share = read(sample, SEED).select(".share a")
    assert [a.get_text(strip=True) for a in share] == ["WhatsApp", "Facebook", "X"]
    assert share[0]["href"].startswith("https://wa.me/?text=")
    assert "kuliah-tamu-ok-oce" in share[0]["href"]


def test_front_page_paginates_ten_per_page(sample: Path) -> None:
    articles = len([path for path in (DEMO / "content").rglob("*.md") if "halaman" not in path.parts])
    first, second = read(sample, "index.html"), read(sample, "page/2/index.html")
    # The first page's stream: the lead, the newest beside it, the rest under "Berita Lainnya".
    assert len(first.select(".front-top article.card, .front-more article.card")) == 10
    assert len(second.select("article.card")) == min(10, articles - 10)
    assert first.select_one('a[rel="next"]')["href"] == "/page/2/"
    assert second.select_one('a[rel="prev"]')["href"] == "/"


def test_tag_index_counts_shared_tags(sample: Path) -> None:
    tags = {
        a.contents[0].strip(): int(a.select_one(".count").get_text())
        for a in read(sample, "tag/index.html").select(".tag-cloud a")
    }
    assert tags["kuliah tamu"] >= 2
    tag_page = read(sample, "tag/kuliah-tamu/index.html")
    titles = [a.get_text(strip=True) for a in tag_page.select(".card-title a")]
    assert len(titles) == tags["kuliah tamu"]
    assert "Kuliah Tamu Kewirausahaan Sosial Bersama OK OCE Indonesia" in titles


def test_agenda_lists_upcoming_before_past(sample: Path) -> None:
    page = read(sample, "agenda/index.html")
    upcoming = page.select("#akan-datang ~ .cards .card-title")
    past = page.select("#telah-berlangsung ~ .cards .card-title")
    assert upcoming, "the sample site must have an upcoming event"
    assert any("Kuliah Tamu Kewirausahaan Sosial" in t.get_text() for t in past)


EVENT_ARTICLE = """\
---
title: {title}
date: {date}
category: agenda
event:
  start: {start}
  mode: luring
  venue: Aula Poltekesos Bandung
---
Kegiatan diikuti mahasiswa dan dosen Poltekesos Bandung.
"""


def test_agenda_shows_upcoming_events_then_pages_of_past_ones(tiny_site) -> None:
    site = tiny_site(per_page=2)
    past = [f"Seminar Pekerjaan Sosial Seri {n}" for n in range(1, 6)]  # held 1–5 March 2021
    for day, title in enumerate(past, start=1):
        site.write(
            f"content/2021/seri-{day}.md", EVENT_ARTICLE.format(title=title, date="2021-02-01", start=f"2021-03-0{day}")
        )
    site.write(
        "content/2025/wisuda.md", EVENT_ARTICLE.format(title="Wisuda 2099", date="2025-01-02", start="2099-08-01")
    )
    assert site.build() == 0

    def titles(page, section: str) -> list[str]:
        return [a.get_text(strip=True) for a in page.select(f"#{section} ~ .cards .card-title a")]

    first, second, third = (site.page(f"agenda/{p}index.html") for p in ("", "page/2/", "page/3/"))
    assert titles(first, "akan-datang") == ["Wisuda 2099"]
    assert titles(first, "telah-berlangsung") == [past[4], past[3]]  # the newest past events first
    assert titles(second, "telah-berlangsung") == [past[2], past[1]]
    assert titles(third, "telah-berlangsung") == [past[0]]
    assert second.select("#akan-datang") == [], "upcoming events are on the first page only"
    assert first.select_one('a[rel="next"]')["href"] == "/agenda/page/2/"
    assert third.select_one('a[rel="prev"]')["href"] == "/agenda/page/2/"
    assert not (site.output / "agenda/page/4").exists()
    assert "(halaman 2)" in second.h1.get_text()


def test_every_category_has_a_page_with_its_articles(sample: Path) -> None:
    for slug in ("berita", "pengumuman", "agenda", "prestasi"):
        cards = read(sample, f"kategori/{slug}/index.html").select("article.card")
        assert cards, f"category {slug} is empty"


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = copy_demo(tmp_path / "a"), copy_demo(tmp_path / "b")
    build(first)
    build(second)
    build(second)
    one, two = snapshot(first / "output"), snapshot(second / "output")
    assert one == two
    index = [path for path in one if path.startswith("cari/indeks/")]
    assert "cari/indeks/kata-2.json" in index and len(index) > 23, "the word table, chunks and an article file each"


@pytest.fixture
def served_under_base_path(tmp_path: Path) -> Iterator[str]:
    root = copy_demo(tmp_path)
    build(root, "--base-url", "https://example.github.io/berita/")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(UnderBasePath, directory=str(root / "output")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_crawl_under_base_path_finds_no_broken_link(served_under_base_path: str) -> None:
    origin = served_under_base_path
    queue, seen, broken = [origin + "/berita/"], set(), []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urlopen(url) as response:
                body, kind = response.read(), response.headers.get_content_type()
        except HTTPError as error:
            broken.append((url, error.code))
            continue
        if kind != "text/html":
            continue
        page = BeautifulSoup(body, "html.parser")
        for element in page.select("[href], [src]"):
            target = urldefrag(urljoin(url, element.get("href") or element.get("src")))[0]
            if target.startswith(origin):
                assert urlsplit(target).path.startswith("/berita/"), f"{url} links outside the base path: {target}"
                queue.append(target)
    assert not broken, broken
    assert len(seen) > 40, "the crawl should reach the whole site"

"""Old addresses in `aliases`: WordPress's /?p=123 and permalinks %-encoded, answered by the built site."""

from __future__ import annotations

import threading
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

ARABIC = "/2021/04/21/%d8%a7%d9%84%d8%b9%d8%b1%d8%a8%d9%8a%d8%a9/"


def _article(site, aliases: str) -> None:
    site.write(
        "content/2021/wisuda.md",
        f"---\ntitle: Wisuda Sarjana Terapan\ndate: 2021-04-21T09:00\naliases: {aliases}\n---\nIsi berita.\n",
    )


def test_post_number_is_answered_by_a_page_and_the_home_page_script(tiny_site) -> None:
    site = tiny_site(base_url="https://contoh.ac.id/berita/")
    _article(site, "['/?p=153', /berita/wisuda-sarjana/]")
    assert site.build() == 0
    page = site.page("p/153/index.html")
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=/berita/2021/04/wisuda/"
    assert (site.output / "berita/wisuda-sarjana/index.html").is_file()
    for name in ("index.html", "404.html"):
        scripts = [s.string for s in site.page(name).find_all("script") if s.string and "location.replace" in s.string]
        assert len(scripts) == 1, name
        assert '"/berita/p/"' in scripts[0]
    assert not any("location.replace" in (s.string or "") for s in site.page("tag/index.html").find_all("script"))


def test_site_without_post_numbers_has_no_script(tiny_site) -> None:
    site = tiny_site()
    _article(site, "[/detail-berita/153]")
    assert site.build() == 0
    assert not any("location.replace" in (s.string or "") for s in site.page("index.html").find_all("script"))
    assert not (site.output / "p").exists()


def test_percent_encoded_address_is_the_file_a_server_finds(tiny_site) -> None:
    site = tiny_site()
    _article(site, f"['{ARABIC}']")
    assert site.build() == 0
    assert (site.output / "2021/04/21/العربية/index.html").is_file()
    handler = partial(SimpleHTTPRequestHandler, directory=str(site.output))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for written in (ARABIC, ARABIC.upper()):
            with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}{written}", timeout=10) as answer:
                assert b"url=/2021/04/wisuda/" in answer.read()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "alias",
    [
        "/%2e%2e/%2e%2e/etc",  # .. spelled with escapes
        "/lama%2Fetc",  # a / inside a part
        "/%e2%80%ae/gnp.exe",  # a right-to-left override
        "/%ff%fe",  # not UTF-8
        "/%20spasi",  # a space
        "/%3Fp=1",  # a ? spelled with an escape
        "/?p=abc",
        "/?p=1&x=2",
        "/%zz",
    ],
)
def test_hostile_old_address_is_refused(tiny_site, capsys, alias: str) -> None:
    site = tiny_site()
    _article(site, f"['{alias}']")
    assert site.build() == 1
    assert "aliases[0]: harus alamat di situs ini yang diawali /" in capsys.readouterr().err
    assert not site.output.exists()

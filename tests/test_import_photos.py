"""Photos of an import: downloaded only from the exported site's host (served here on 127.0.0.1),
within a size limit, checked to be photos; a resized copy traced to its original; and the export
read as a stream, one item at a time."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from importers.campus import campus_export
from importers.exports import Post, attachment, export
from importers.helpers import photo, run_import, serving, uploads
from sites import snapshot

from berita.importers import photos
from berita.importers.wxr import ExportReader


def test_photos_are_downloaded_from_the_site_and_shown_in_the_built_site(tiny_site, tmp_path, capsys) -> None:
    site = tiny_site()
    with serving(uploads(tmp_path / "situs-lama" / "wp-content" / "uploads").parent.parent) as address:
        (tmp_path / "ekspor.xml").write_text(campus_export(address), encoding="utf-8")
        assert run_import(site, tmp_path / "ekspor.xml") == 0
    out = capsys.readouterr().out
    assert re.search(r"Gambar/berkas diunduh\s+4\n", out) and re.search(r"tetap di alamat lama\s+0\n", out)
    content = site.root / "content/2021"
    assert sorted(p.name for p in content.iterdir() if not p.name.endswith(".md")) == [
        "kampus-aula.jpg", "kampus-depan.jpg", "poster-seminar.png", "seminar-nasional.jpg",
    ]  # fmt: skip
    text = (content / "pendaftaran-seminar.md").read_text(encoding="utf-8")
    assert "![Poster seminar nasional](poster-seminar.png)" in text, "the linked full size is the photo itself"
    assert site.build() == 0
    page = (site.output / "2021/04/seminar-nasional-pekerjaan-sosial/index.html").read_text(encoding="utf-8")
    assert "/2021/seminar-nasional-96.webp 96w" in page, "shown in its sizes, as any photo beside an article"


def test_a_second_run_downloads_nothing(tiny_site, tmp_path) -> None:
    site = tiny_site()
    with serving(uploads(tmp_path / "lama" / "wp-content" / "uploads").parent.parent) as address:
        (tmp_path / "ekspor.xml").write_text(campus_export(address), encoding="utf-8")
        assert run_import(site, tmp_path / "ekspor.xml") == 0
    # The server is gone: a second run that needed it would leave the photos remote and rewrite articles.
    before = snapshot(site.root / "content")
    assert run_import(site, tmp_path / "ekspor.xml") == 0
    assert snapshot(site.root / "content") == before


class _Hostile(BaseHTTPRequestHandler):
    """An old site that answers badly: too big, not a photo, a redirect elsewhere."""

    def do_GET(self) -> None:
        if "besar" in self.path:
            self._answer(photo((40, 40), "jpg") + b"\0" * 5000, "image/jpeg")
        elif "bukan-foto" in self.path:
            self._answer(b"<html>Halaman tidak ditemukan</html>", "image/jpeg")
        elif "ganda" in self.path:  # a Content-Length given twice: urllib cannot read the answer
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", "12, 12")
            self.end_headers()
            self.wfile.write(b"\xff\xd8" * 6)
        elif self.path.endswith("/Foto%20Wisuda%201.jpg"):  # a name with spaces, asked for as a browser does
            self._answer(photo((40, 30), "jpg"), "image/jpeg")
        elif "pindah" in self.path:
            self.send_response(302)
            self.send_header("Location", "http://localhost:9/wp-content/uploads/foto.jpg")
            self.end_headers()
        else:
            self.send_error(404)

    def _answer(self, data: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hostile_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_bad_downloads_keep_the_old_address_and_are_reported(tiny_site, tmp_path, hostile_site, monkeypatch) -> None:
    monkeypatch.setattr(photos, "MAX_BYTES", 3000)
    site = tiny_site()
    names = ["besar.jpg", "bukan-foto.jpg", "pindah.jpg", "hilang.jpg", "ganda.jpg"]
    body = "".join(
        f'<p><img src="{hostile_site}/wp-content/uploads/2021/04/{name}" alt="Foto {name}"></p>' for name in names
    )
    body += '<p><img src="https://cdn.lain.example/wp-content/uploads/2021/04/luar.jpg" alt="Foto dari situs lain"></p>'
    (tmp_path / "ekspor.xml").write_text(
        export([Post(7, "Kegiatan Bakti Sosial", "bakti-sosial", body)], hostile_site), encoding="utf-8"
    )
    assert run_import(site, tmp_path / "ekspor.xml") == 0
    report = (site.root / ".cache/impor/laporan-wordpress.md").read_text(encoding="utf-8")
    assert "lebih dari 0.003 MB" in report
    assert "isinya bukan gambar atau dokumen yang utuh" in report
    assert "dialihkan ke situs lain (localhost:9)" in report
    assert "server menjawab 404" in report
    assert "ganda.jpg | gagal diunduh: jawaban server tidak bisa dibaca" in report
    assert "luar.jpg" not in report, "another site's photo is not ours to take: left as it is, not a failure"
    text = (site.root / "content/2021/bakti-sosial.md").read_text(encoding="utf-8")
    assert f"]({hostile_site}/wp-content/uploads/2021/04/besar.jpg)" in text
    assert not [p for p in (site.root / "content/2021").iterdir() if not p.name.endswith(".md")]
    assert site.build() == 0


def test_a_photo_whose_name_has_spaces_is_downloaded(tiny_site, tmp_path, hostile_site) -> None:
    # WordPress keeps an upload's name as it was given; the export writes the space as it is.
    site = tiny_site()
    body = f'<p><img src="{hostile_site}/wp-content/uploads/2021/04/Foto Wisuda 1.jpg" alt="Wisuda"></p>'
    (tmp_path / "ekspor.xml").write_text(export([Post(8, "Wisuda", "wisuda", body)], hostile_site), encoding="utf-8")
    assert run_import(site, tmp_path / "ekspor.xml") == 0
    assert "![Wisuda](foto-wisuda-1.jpg)" in (site.root / "content/2021/wisuda.md").read_text(encoding="utf-8")
    assert (site.root / "content/2021/foto-wisuda-1.jpg").is_file()


def test_a_photo_named_like_another_files_gets_its_own_name(tiny_site, tmp_path) -> None:
    site = tiny_site()
    site.write("content/2021/foto.png", "bukan foto, berkas lain dengan nama sama")
    folder = tmp_path / "uploads"
    for month in ("03", "04"):
        (folder / f"2021/{month}").mkdir(parents=True)
        (folder / f"2021/{month}/foto.jpg").write_bytes(photo((20 + int(month), 20), "jpg"))
    posts = [
        Post(
            1,
            "Rapat Kerja",
            "rapat-kerja",
            '<p><img src="https://poltekesos.ac.id/wp-content/uploads/2021/03/foto.jpg" alt="Rapat"></p>',
        ),
        Post(
            2,
            "Bakti Sosial",
            "bakti-sosial",
            '<p><img src="https://poltekesos.ac.id/wp-content/uploads/2021/04/foto.jpg" alt="Bakti"></p>',
        ),
    ]
    (tmp_path / "ekspor.xml").write_text(export(posts), encoding="utf-8")
    assert run_import(site, tmp_path / "ekspor.xml", "--uploads", str(folder)) == 0
    assert "](foto-2.jpg)" in (site.root / "content/2021/rapat-kerja.md").read_text(encoding="utf-8")
    assert "](foto-3.jpg)" in (site.root / "content/2021/bakti-sosial.md").read_text(encoding="utf-8")


def test_uploads_folder_is_not_left_by_dot_dot(tiny_site, tmp_path) -> None:
    site = tiny_site()
    (tmp_path / "rahasia.jpg").write_bytes(photo((10, 10), "jpg"))
    (tmp_path / "uploads").mkdir()
    body = '<p><img src="https://poltekesos.ac.id/wp-content/uploads/../../rahasia.jpg" alt="x"><img src="https://poltekesos.ac.id/wp-content/uploads/%2e%2e/rahasia.jpg" alt="y"></p>'
    (tmp_path / "ekspor.xml").write_text(export([Post(1, "Judul", "judul", body)]), encoding="utf-8")
    assert run_import(site, tmp_path / "ekspor.xml", "--uploads", str(tmp_path / "uploads"), "--offline") == 0
    assert not [p for p in (site.root / "content/2021").iterdir() if not p.name.endswith(".md")]


def test_export_is_read_one_item_at_a_time(tmp_path) -> None:
    # Each finished item leaves the tree before the next is read: memory holds one item, never the file.
    posts = [
        Post(n, f"Berita ke-{n}", f"berita-{n}", "<p>" + "Isi berita kampus. " * 50 + "</p>") for n in range(1, 1501)
    ]
    posts += [attachment(5000 + n, "https://poltekesos.ac.id", f"2021/04/foto-{n}.jpg", n) for n in range(1, 300)]
    (tmp_path / "besar.xml").write_text(export(posts), encoding="utf-8")
    reader = ExportReader(tmp_path / "besar.xml", "besar.xml")
    handed_out: set[str] = set()
    held = []
    for item in reader.items():
        if reader._holder is not None:  # the channel, once the first finished element left it
            # The parser reads ahead by one chunk of the file; what it holds is never an item already handed out.
            waiting = {child.findtext("{*}post_id") for child in reader._holder}
            assert not waiting & handed_out
            held.append(len(waiting))
        handed_out.add(str(item.post_id))
    assert len(handed_out) == 1500 + 299
    assert max(held) < 40, "one chunk of the file at most, however long the export"

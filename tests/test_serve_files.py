"""How the preview opens a file it serves from disk: no symbolic link followed at any step
below the project, at the moment of opening (preview_files.read_beneath), in process.

The same over the network, with a running preview and the build's watcher: tests/test_serve_security.py.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from sites import NOW, TinySite

from berita.preview import files as preview_files
from berita.preview import server as serve
from berita.preview.files import read_beneath

SECRET = "RAHASIA-b71e0d"
JADWAL = "Jadwal kuliah tamu: Rabu, 21 April 2021, pukul 09.00 WIB."


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "situs"
    (root / "static" / "berkas").mkdir(parents=True)
    (root / "static" / "berkas" / "jadwal.txt").write_text(JADWAL, encoding="utf-8")
    (tmp_path / "luar").mkdir()
    (tmp_path / "luar" / "jadwal.txt").write_text(SECRET, encoding="utf-8")
    (tmp_path / "rahasia.txt").write_text(SECRET, encoding="utf-8")
    return root


@pytest.mark.parametrize("opener", ["beneath", "checked"])
def test_a_regular_file_is_read(project: Path, opener: str, monkeypatch) -> None:
    monkeypatch.setattr(preview_files, "SAFE_OPEN", opener == "beneath")
    assert read_beneath([project], project / "static" / "berkas" / "jadwal.txt") == JADWAL.encode()


@pytest.mark.parametrize("opener", ["beneath", "checked"])
@pytest.mark.parametrize("swapped", ["file", "folder", "static", "inside"])
def test_a_link_anywhere_below_the_root_is_not_followed(project: Path, opener: str, swapped: str, monkeypatch) -> None:
    monkeypatch.setattr(preview_files, "SAFE_OPEN", opener == "beneath")
    place, target = {
        "file": (project / "static" / "berkas" / "jadwal.txt", project.parent / "rahasia.txt"),
        "folder": (project / "static" / "berkas", project.parent / "luar"),
        "static": (project / "static", project.parent),  # the folder named by the config, swapped itself
        # Even a link that stays in the project: the build refuses links, the preview follows none.
        "inside": (project / "static" / "berkas" / "jadwal.txt", project / "salinan.txt"),
    }[swapped]
    if swapped == "static":
        (project.parent / "berkas").mkdir()
        (project.parent / "berkas" / "jadwal.txt").write_text(SECRET, encoding="utf-8")
    (project / "salinan.txt").write_text(JADWAL, encoding="utf-8")
    os.rename(place, place.with_name(".asli"))
    os.symlink(target, place)
    assert read_beneath([project], project / "static" / "berkas" / "jadwal.txt") is None


def test_a_fifo_in_the_place_of_a_file_is_refused_at_once(project: Path) -> None:
    file = project / "static" / "berkas" / "jadwal.txt"
    file.unlink()
    os.mkfifo(file)
    started = time.monotonic()
    assert read_beneath([project], file) is None  # no writer ever comes: opening must not wait for one
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "path", ["static/berkas", "static/berkas/tidak-ada.txt", "static/berkas/../../rahasia.txt", "../rahasia.txt"]
)
def test_what_is_no_file_below_the_root_is_none(project: Path, path: str) -> None:
    assert read_beneath([project], project / path) is None


def test_a_folder_of_its_own_is_the_root_of_its_files(project: Path) -> None:
    # The cache folder may itself be a link (berita made it); below it, nothing is followed.
    cache = project.parent / "cache-di-tempat-lain"
    (cache / "ab").mkdir(parents=True)
    (cache / "ab" / "foto.jpg").write_bytes(b"JPEG")
    os.symlink(cache, project / ".cache")
    roots = [project / ".cache", project]
    assert read_beneath(roots, project / ".cache" / "ab" / "foto.jpg") == b"JPEG"
    assert read_beneath([project], project / ".cache" / "ab" / "foto.jpg") is None


def static_site(tiny_site) -> TinySite:
    site = tiny_site()
    site.article("content/2021/kuliah-tamu.md", title="Kuliah Tamu Kewirausahaan Sosial")
    site.write("static/berkas/jadwal.txt", JADWAL)
    (site.root.parent / "rahasia.txt").write_text(SECRET, encoding="utf-8")
    return site


def test_the_preview_opens_a_served_file_when_asked_not_before(tiny_site) -> None:
    site = static_site(tiny_site)
    preview = serve.Preview(site.root / "config.toml")
    preview.rebuild(NOW)
    assert preview.respond("/berkas/jadwal.txt")[:3] == ("200 OK", "text/plain; charset=utf-8", JADWAL.encode())
    file = site.root / "static" / "berkas" / "jadwal.txt"
    file.unlink()
    file.symlink_to(site.root.parent / "rahasia.txt")  # no rebuild: the preview still has the path
    status, _kind, body, _headers = preview.respond("/berkas/jadwal.txt")
    assert status == "404 Not Found" and SECRET.encode() not in body


def test_the_preview_never_serves_a_link_swapped_in_while_it_reads(tiny_site) -> None:
    site = static_site(tiny_site)
    preview = serve.Preview(site.root / "config.toml")
    preview.rebuild(NOW)
    stop = threading.Event()
    file = site.root / "static" / "berkas" / "jadwal.txt"
    swapper = threading.Thread(target=swap_until, args=(file, site.root.parent / "rahasia.txt", stop))
    seen: dict[str, int] = {}
    swapper.start()
    try:
        for _ in range(3000):
            status, _kind, body, _headers = preview.respond("/berkas/jadwal.txt")
            assert SECRET.encode() not in body
            assert status != "200 OK" or body == JADWAL.encode()
            seen[status] = seen.get(status, 0) + 1
    finally:
        stop.set()
        swapper.join()
    assert set(seen) == {"200 OK", "404 Not Found"}, seen  # both sides of the swap were read


def swap_until(place: Path, target: Path, stop: threading.Event) -> None:
    kept = place.with_name(f".asli-{place.name}")
    while not stop.is_set():
        os.rename(place, kept)
        os.symlink(target, place)
        time.sleep(0.0002)
        os.unlink(place)
        os.rename(kept, place)
        time.sleep(0.0002)

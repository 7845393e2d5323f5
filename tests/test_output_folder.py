"""berita replaces only an output folder it made itself, or an empty one.

`output = ".git"` (or "docs", or an absolute folder of the user's) was once accepted: the first
build moved it aside as the spare, the second emptied it. Now anything else is refused before
any work, with a message that says why and what to do, and nothing anywhere is moved or deleted.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from berita.write import output
from berita.write.folder import MARKER


def everything(root: Path) -> dict[str, bytes | str]:
    """Every file and link under `root` (the project and what is beside it), with its bytes."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[name] = "-> " + os.readlink(path)
        elif path.is_file():
            found[name] = path.read_bytes()
        else:
            found[name + "/"] = b""
    return found


def with_output(site, value: str) -> None:
    config = site.root / "config.toml"
    config.write_text(config.read_text(encoding="utf-8") + f'\n[folders]\noutput = "{value}"\n', encoding="utf-8")


def refused(site, capsys, value: str, reason: str) -> None:
    """The build with `output = value` ends with the reason, and the tree beside the project too is as it was."""
    with_output(site, value)
    before = everything(site.root.parent)
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    [problem] = [line for line in err.splitlines() if "folders.output" in line]
    assert problem.startswith("config.toml: folders.output: folder output ")
    assert reason in problem
    assert everything(site.root.parent) == before, "nothing may be moved, written or deleted"


def test_the_repository_itself_is_never_the_output(tiny_site, capsys) -> None:
    site = tiny_site()
    site.article("content/2021/a.md", title="Wisuda Sarjana Terapan")
    subprocess.run(["git", "init", "-q"], cwd=site.root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=site.root, check=True)
    subprocess.run(
        ["git", "-c", "user.name=Humas", "-c", "user.email=humas@kampus.ac.id", "commit", "-qm", "Berita wisuda"],
        cwd=site.root,
        check=True,
    )
    refused(site, capsys, ".git", "sudah berisi file yang bukan buatan berita (COMMIT_EDITMSG, HEAD,")
    log = subprocess.run(["git", "log", "--oneline"], cwd=site.root, capture_output=True, text=True, check=True)
    assert "Berita wisuda" in log.stdout
    assert site.build() == 1, "and again: the second build was the one that emptied it"


def test_a_folder_of_the_users_files_is_refused(tiny_site, capsys) -> None:
    site = tiny_site()
    site.article("content/2021/a.md")
    (site.root / "docs").mkdir()
    (site.root / "docs" / "catatan-rapat-redaksi.md").write_text("Rapat redaksi Senin.", encoding="utf-8")
    refused(site, capsys, "docs", "sudah berisi file yang bukan buatan berita (catatan-rapat-redaksi.md)")


def test_an_absolute_folder_of_the_users_files_is_refused(tiny_site, tmp_path, capsys) -> None:
    site = tiny_site()
    site.article("content/2021/a.md")
    documents = tmp_path / "dokumen-humas"
    documents.mkdir()
    (documents / "laporan-tahunan.pdf").write_bytes(b"%PDF-1.4 laporan")
    refused(site, capsys, str(documents), "bukan buatan berita (laporan-tahunan.pdf)")


def test_a_file_in_the_place_of_the_output_is_refused(tiny_site, capsys) -> None:
    site = tiny_site()
    site.article("content/2021/a.md")
    (site.root / "situs.html").write_text("<p>halaman lama</p>", encoding="utf-8")
    refused(site, capsys, "situs.html", "berupa file, bukan folder")


def test_a_link_in_the_place_of_the_output_is_judged_by_where_it_leads(tiny_site, tmp_path, capsys) -> None:
    site = tiny_site()
    site.article("content/2021/a.md")
    elsewhere = tmp_path / "server"
    elsewhere.mkdir()
    (elsewhere / "index.php").write_text("<?php phpinfo();", encoding="utf-8")
    (site.root / "terbit").symlink_to(elsewhere)
    refused(site, capsys, "terbit", "bukan buatan berita (index.php)")


def test_a_mount_point_is_refused(tiny_site, capsys, monkeypatch) -> None:
    site = tiny_site()
    site.article("content/2021/a.md")
    (site.root / "usb").mkdir()
    mounted = str((site.root / "usb").resolve())
    real = os.path.ismount
    monkeypatch.setattr(output.os.path, "ismount", lambda path: str(path) == mounted or real(path))
    refused(site, capsys, "usb", "titik kait (mount point)")


def test_an_empty_folder_becomes_the_site_and_is_berita_s_from_then_on(tiny_site) -> None:
    site = tiny_site()
    site.article("content/2021/a.md", title="Wisuda Sarjana Terapan")
    (site.root / "public").mkdir()
    with_output(site, "public")
    assert site.build() == 0
    assert (site.root / "public" / MARKER).is_file()
    assert (site.root / "public" / "2021" / "04" / "a" / "index.html").is_file()
    site.article("content/2021/a.md", title="Wisuda Sarjana Terapan Angkatan 2021")
    assert site.build() == 0, "a folder berita made is replaced by the next build"
    assert "Angkatan 2021" in (site.root / "public" / "2021" / "04" / "a" / "index.html").read_text(encoding="utf-8")


def test_a_folder_swapped_in_during_the_build_is_left_alone(tmp_path: Path) -> None:
    site = tmp_path / "output"
    output.write_output([output.OutputFile("index.html", "t", b"beranda")], site)
    os.rename(site, tmp_path / "situs-lama")
    site.mkdir()
    (site / "tesis.docx").write_bytes(b"bab satu")
    with pytest.raises(output.BuildError):
        output.write_output([output.OutputFile("index.html", "t", b"beranda baru")], site)
    assert sorted(p.name for p in site.iterdir()) == ["tesis.docx"]

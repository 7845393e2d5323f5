"""`new`, `check`, drafts and scheduled articles: the author's working day, through the CLI."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
import yaml
from sites import NOW, PROJECT, at_now

from berita import pipeline
from berita.cli import main

FIELDS = {"title", "date", "draft", "category", "tags", "summary", "author"}


def new(site, *args: str) -> int:
    return main(["new", "--config", str(site.root / "config.toml"), *at_now(args)])


def test_new_creates_a_dated_draft_with_every_field(tiny_site, capsys) -> None:
    site = tiny_site()
    assert new(site, "Kuliah Tamu: Etika Pekerja Sosial") == 0
    today = NOW
    path = site.root / "content" / f"{today:%Y}" / "kuliah-tamu-etika-pekerja-sosial.md"
    assert capsys.readouterr().out.strip() == f"Dibuat: content/{today:%Y}/kuliah-tamu-etika-pekerja-sosial.md"
    text = path.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert set(front) >= FIELDS
    assert front["title"] == "Kuliah Tamu: Etika Pekerja Sosial"
    assert front["draft"] is True
    assert front["date"].startswith(f"{today:%Y-%m-%d}T")
    for optional in ("image:", "form:", "alt:", "closes:"):
        assert optional in text, f"{optional} should be there, commented, ready to fill"
    # Every field has a short Indonesian comment above it.
    assert text.count("\n# ") >= 8


def test_new_with_event_has_every_event_field(tiny_site) -> None:
    site = tiny_site()
    assert new(site, "Seminar Nasional Perlindungan Anak", "--event") == 0
    path = next((site.root / "content").rglob("seminar-nasional-perlindungan-anak.md"))
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert front["category"] == "agenda"
    expected = {"start", "end", "mode", "platform", "venue", "type", "organizer", "study_program", "course"}
    expected |= {"speakers", "opened_by", "moderator", "participants", "participants_note"}
    assert set(front["event"]) == expected


def test_new_names_the_campus_and_the_time_zone_of_the_config(tiny_site) -> None:
    # A campus that adopts berita sees its own name and zone in the examples, not the sample's.
    site = tiny_site()
    config = site.root / "config.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('name = "Politeknik Uji"', 'name = "Universitas Contoh"\nshort_name = "UCN"')
    config.write_text('timezone = "Asia/Makassar"\n' + text, encoding="utf-8")
    assert new(site, "Rapat Kerja Humas", "--event") == 0
    text = next((site.root / "content").rglob("rapat-kerja-humas.md")).read_text(encoding="utf-8")
    assert "# Waktu terbit (WITA)" in text
    assert "credit: Humas UCN" in text and "Auditorium UCN" in text and "role: Direktur UCN" in text
    assert "Poltekesos" not in text and "Marjuki" not in text and "WIB" not in text


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["new"], 'build.py new: wajib diisi: title (judul berita, misalnya: build.py new "Kuliah Tamu'),
        (["chek"], "build.py: perintah tidak dikenal: 'chek' (pilih salah satu dari build, check, new, serve, import)"),
        (["build", "--kategori", "x"], "build.py: tidak dikenal: --kategori x; lihat build.py --help"),
        (["new", "Judul", "--category"], "build.py new: --category: butuh satu nilai sesudahnya"),
        (["\x1b[31mx"], "perintah tidak dikenal: '\\x1b[31mx'"),
    ],
    ids=["new-without-title", "mistyped-command", "unknown-option", "option-without-value", "escape"],
)
def test_a_command_line_mistake_is_told_in_indonesian(argv: list[str], said: str, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "\x1b" not in err and "error:" not in err and "usage:" not in err, err


def test_new_refuses_to_overwrite(tiny_site, capsys) -> None:
    site = tiny_site()
    assert new(site, "Wisuda Tahun Akademik 2026") == 0
    path = next((site.root / "content").rglob("wisuda-tahun-akademik-2026.md"))
    path.write_text("isi yang sudah ditulis", encoding="utf-8")
    capsys.readouterr()
    assert new(site, "Wisuda Tahun Akademik 2026") == 1
    assert "file sudah ada" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "isi yang sudah ditulis"


def test_new_draft_is_published_only_with_drafts_flag(tiny_site) -> None:
    site = tiny_site()
    assert new(site, "Pelatihan Pendamping Lansia", "--category", "pengumuman") == 0
    assert site.build() == 0
    assert not list(site.output.rglob("pelatihan-pendamping-lansia"))
    assert site.build("--drafts") == 0
    [page] = site.output.rglob("pelatihan-pendamping-lansia/index.html")
    assert "DRAF" in page.read_text(encoding="utf-8")


def test_scheduled_article_is_left_out_everywhere_without_future(tiny_site) -> None:
    site = tiny_site()
    site.article("content/2021/terbit.md", title="Sudah Terbit", tags="beasiswa")
    site.article(
        "content/2099/terjadwal.md", title="Belum Waktunya", date="2099-05-04T08:00:00", tags="beasiswa, rahasia"
    )
    assert site.build() == 0
    everything = "".join(p.read_text(encoding="utf-8") for p in site.output.rglob("*.html"))
    assert "Belum Waktunya" not in everything
    assert not (site.output / "tag" / "rahasia").exists()
    counts = site.page("tag/index.html").select_one('a[href="/tag/beasiswa/"] .count').get_text()
    assert counts == "1"
    assert site.build("--future") == 0
    status = site.page("2099/05/terjadwal/index.html").select_one(".status").get_text(strip=True)
    assert status == "Terjadwal: Senin, 4 Mei 2099, 08.00 WIB"


def test_check_names_file_and_line_of_a_link_to_a_missing_article(tiny_site, capsys) -> None:
    site = tiny_site()
    site.article("content/2021/a.md", body="Paragraf pertama.\n\nLihat [berita lama](../2019/tidak-ada.md).")
    assert site.check() == 1
    err = capsys.readouterr().err
    assert "content/2021/a.md:8: tautan ke artikel yang tidak ada: ../2019/tidak-ada.md" in err
    assert not site.output.exists(), "check must not write"


def test_check_finds_a_missing_anchor_on_another_page(tiny_site, capsys) -> None:
    site = tiny_site()
    site.article("content/2021/a.md", body="## Jadwal Seleksi\n\nIsi.")
    site.article("content/2021/b.md", body="Lihat [jadwal](a.md#jadwal-seleksi) dan [biaya](a.md#biaya).")
    assert site.check() == 1
    err = capsys.readouterr().err
    assert "content/2021/b.md:6: tautan ke bagian #biaya yang tidak ada di halaman /2021/04/a/" in err
    assert "jadwal-seleksi" not in err


WARNED = """\
---
title: Poltekesos Bandung Menggelar Kuliah Tamu Kewirausahaan Sosial Bersama OK OCE Indonesia Secara Daring
date: 2021-04-21
---

Kuliah tamu berlangsung melalui https://us02web.zoom.us/j/81234567890?pwd=abc.

![](foto.jpg)

<figure><img src="foto.jpg"></figure>
<img src="foto.jpg" alt="">
<IMG SRC="foto.jpg" ALT="Peserta">
"""


def test_check_warns_and_strict_makes_warnings_errors(tiny_site, capsys) -> None:
    site = tiny_site()
    site.write("content/2021/kuliah.md", WARNED)
    (site.root / "content" / "2021" / "foto.jpg").write_bytes(b"jpg")
    assert site.check() == 0
    err = capsys.readouterr().err
    assert "content/2021/kuliah.md:2: title: peringatan: judul 100 karakter" in err
    assert "content/2021/kuliah.md:2: summary: peringatan: belum ada ringkasan" in err
    assert "content/2021/kuliah.md:6: peringatan: tautan rapat (Zoom/Meet/Teams)" in err
    assert "content/2021/kuliah.md:8: peringatan: gambar tanpa teks alternatif" in err
    # In the author's own HTML: only the <img> with no alt at all (alt="" marks a decoration).
    html_images = [line for line in err.splitlines() if 'tambahkan alt="…" pada <img>' in line]
    assert html_images == [
        'content/2021/kuliah.md:10: peringatan: gambar tanpa teks alternatif; tambahkan alt="…" pada <img> untuk pembaca tunanetra'
    ]
    assert site.check("--strict") == 1


def test_check_prints_github_annotations_in_actions(tiny_site, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    site = tiny_site()
    site.write("content/2021/a.md", "---\ntitle: Kuliah Tamu\ndate: 21/4/2021\n---\nIsi, dengan koma: dan titik dua.\n")
    assert site.check() == 1
    out = capsys.readouterr().out.splitlines()
    [annotation] = [line for line in out if line.startswith("::error ")]
    assert annotation.startswith(
        "::error file=content/2021/a.md,line=3,title=date::harus tanggal dengan format TTTT-BB-HH"
    )


def test_github_annotation_escapes_properties() -> None:
    from berita.cli import github_annotation
    from berita.errors import Problem

    line = github_annotation(Problem("content/a,b.md", 4, "event.start", "50% salah:\nbaris dua", "warning"))
    assert line == "::warning file=content/a%2Cb.md,line=4,title=event.start::50%25 salah:%0Abaris dua"


def test_output_from_build_has_no_live_reload_script(tiny_site) -> None:
    site = tiny_site()
    site.article("content/2021/a.md")
    assert site.build("--drafts", "--future") == 0
    for page in site.output.rglob("*.html"):
        assert "livereload" not in page.read_text(encoding="utf-8")


def test_build_reports_and_keeps_going_on_warnings(tiny_site, capsys) -> None:
    site = tiny_site()
    site.article("content/2021/a.md")
    assert site.build() == 0
    assert "summary: peringatan" in capsys.readouterr().err
    assert (site.output / "2021" / "04" / "a" / "index.html").exists()


def test_build_prints_a_summary_table_and_profile_on_request(tiny_site, capsys) -> None:
    site = tiny_site(search=True)
    site.article("content/2021/a.md", tags="beasiswa")
    site.article("content/2021/b.md", title="B", tags="beasiswa, wisuda")
    assert site.build("--profile") == 0
    captured = capsys.readouterr()
    rows = {line.rsplit(None, 1)[0].strip(): line.rsplit(None, 1)[1] for line in captured.out.splitlines()[:9]}
    assert rows["Artikel"] == "2"
    assert rows["Halaman tag"] == "3"  # the tag index and one page per tag
    # The word table, the filters, a chunk and a file per article: not counted as static files.
    assert rows["Indeks pencarian"] == "5"
    assert rows["File statis dan lampiran"] == str(len(list((site.root / "static").rglob("*.*"))))
    assert int(rows["File ditulis (berubah)"]) > 10
    assert "Waktu: periksa perubahan" in captured.out and " · muat " in captured.out
    assert "cumulative" in captured.err, "--profile prints cProfile's table"
    assert site.build() == 0
    again = {
        line.rsplit(None, 1)[0].strip(): line.rsplit(None, 1)[1] for line in capsys.readouterr().out.splitlines()[:9]
    }
    assert again["File ditulis (berubah)"] == "0", "nothing changed, nothing rewritten"


def test_the_summarys_times_count_what_comes_before_the_stages(tiny_site, capsys, monkeypatch) -> None:
    # Comparing the last build's stamp and reading its pages and articles from the cache took a
    # second at 10,000 articles that no stage of the summary counted.
    site = tiny_site()
    site.article("content/2021/a.md")
    assert site.build() == 0
    site.article("content/2021/b.md", title="B")
    load = pipeline.load_manifest
    monkeypatch.setattr(pipeline, "load_manifest", lambda *args: time.sleep(0.3) or load(*args))
    capsys.readouterr()
    assert site.build() == 0
    [line] = [line for line in capsys.readouterr().out.splitlines() if "Waktu:" in line]
    found = re.match(r"\s*Waktu: periksa perubahan ([\d.]+) s · muat ", line)
    assert found and float(found[1]) >= 0.3, line


def test_link_to_an_article_with_its_own_error_is_not_a_second_problem(tiny_site, capsys) -> None:
    site = tiny_site()
    site.write("content/2021/a.md", "---\ntitle: A\ndate: 21/4/2021\n---\nIsi.\n")
    site.article("content/2021/b.md", title="B", body="Lihat [berita A](a.md).")
    assert site.build() == 1
    problems = [line for line in capsys.readouterr().err.splitlines() if line.startswith("content/")]
    assert len(problems) == 1 and problems[0].startswith("content/2021/a.md:3: date:")


def test_the_program_prints_everything_and_ends_quietly_when_its_reader_goes(tiny_site) -> None:
    site = tiny_site()
    site.article("content/2021/kuliah-umum.md", title="Kuliah Umum Kebijakan Sosial")
    command = [
        sys.executable,
        str(PROJECT / "build.py"),
        "build",
        "--config",
        str(site.root / "config.toml"),
        *at_now(()),
    ]
    whole = subprocess.run(command, capture_output=True, text=True, check=False)
    assert whole.returncode == 0
    assert whole.stdout.rstrip().splitlines()[-1].startswith("Selesai: 1 artikel"), (
        "all output, though it exits at once"
    )
    (site.root / "content" / "2021" / "kuliah-umum.md").write_text(
        "---\ntitle: Kuliah Umum\ndate: 2021-04-21\n---\nIsi baru.\n", encoding="utf-8"
    )
    reader_gone = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader_gone.stdout is not None and reader_gone.stderr is not None
    reader_gone.stdout.close()  # as `build.py | head -0` does
    errors = reader_gone.stderr.read().decode()
    assert reader_gone.wait(timeout=60) == 1
    assert "Traceback" not in errors
    body = site.page("2021/04/kuliah-umum/index.html").select_one(".article-body")
    assert body is not None and body.get_text(strip=True) == "Isi baru.", "the build itself was done"

"""A build with nothing changed is skipped, and every kind of change still gets a real build (stamp.py)."""

from __future__ import annotations

import os
import pickle
from datetime import timedelta
from pathlib import Path

import pytest
from sites import NOW, TinySite, aged

from berita.config import CACHE_FOLDER, load_config
from berita.errors import BuildError
from berita.incremental import stamp
from berita.incremental.stamp import Stamp
from berita.pipeline import BuildOptions, build

HOUR = 3600


def run(site: TinySite, now=NOW, **options: bool):
    return build(load_config(site.root / "config.toml"), BuildOptions(**options), now)


@pytest.fixture
def site(tiny_site) -> TinySite:
    made = tiny_site()
    made.article("content/2021/kuliah-umum.md", title="Kuliah Umum Kebijakan Sosial", body="Isi pertama.")
    made.article("content/2021/wisuda.md", title="Wisuda Angkatan 2021", date="2021-05-02")
    aged(made.root)
    return made


def test_nothing_changed_is_not_built_again(site: TinySite, capsys) -> None:
    assert site.build() == 0
    before, folder = site.snapshot(), site.output.stat().st_ino
    capsys.readouterr()
    assert site.build() == 0
    out = capsys.readouterr().out
    assert "Tidak ada yang berubah sejak build terakhir" in out
    assert "2 artikel" in out
    assert site.output.stat().st_ino == folder, "the output folder must not even be swapped"
    assert site.snapshot() == before


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda s: s.article("content/2021/wisuda.md", "Wisuda 2022", "2021-05-02"), id="edited"),
        pytest.param(lambda s: s.article("content/2021/baru.md", title="Berita Baru"), id="added"),
        pytest.param(lambda s: (s.root / "content/2021/wisuda.md").unlink(), id="deleted"),
        pytest.param(lambda s: s.write("templates/404.html", "<p>Tidak ada</p>"), id="template"),
        pytest.param(lambda s: s.write("static/css/tambahan.css", "p{}"), id="static"),
        pytest.param(lambda s: (s.output / "2021/05/wisuda/index.html").unlink(), id="output page deleted"),
        pytest.param(lambda s: (s.output / "index.html").write_text("diubah tangan"), id="output page edited"),
    ],
)
def test_each_change_gets_a_real_build(site: TinySite, change) -> None:
    run(site)
    change(site)
    aged(site.root)
    result = run(site)
    assert not result.unchanged
    assert (site.output / "index.html").read_text(encoding="utf-8") != "diubah tangan"
    assert (site.output / "2021/05/wisuda/index.html").exists() == (site.root / "content/2021/wisuda.md").exists()


def test_settings_and_options_get_a_real_build(site: TinySite) -> None:
    run(site)
    config = site.root / "config.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("BERITA UJI", "BERITA BARU"), encoding="utf-8")
    aged(site.root)
    assert not run(site).unchanged
    assert "BERITA BARU" in (site.output / "index.html").read_text(encoding="utf-8")
    assert run(site).unchanged
    assert not run(site, drafts=True).unchanged
    assert not build(load_config(config, "https://contoh.ac.id/berita/"), BuildOptions(), NOW).unchanged


def test_a_scheduled_article_comes_out_when_its_time_comes(site: TinySite) -> None:
    scheduled = NOW + timedelta(hours=2)
    site.article("content/2026/pengumuman.md", title="Pengumuman Libur", date=scheduled.strftime("%Y-%m-%d %H:%M"))
    aged(site.root)
    run(site)
    assert not (site.output / "2026/11/pengumuman/index.html").exists()
    assert run(site, now=NOW + timedelta(hours=1)).unchanged
    assert not run(site, now=scheduled).unchanged
    assert (site.output / "2026/11/pengumuman/index.html").exists()


def test_a_form_closing_gets_a_real_build(site: TinySite) -> None:
    closes = NOW + timedelta(hours=2)
    site.write(
        "content/2021/pendaftaran.md",
        f"---\ntitle: Pendaftaran Seminar\ndate: 2021-06-01\nsummary: Daftar.\nform:\n"
        f"  url: https://forms.gle/contoh\n  closes: {closes:%Y-%m-%d %H:%M}\n---\nIsi.\n",
    )
    aged(site.root)
    run(site)
    assert "ditutup" not in (site.output / "2021/06/pendaftaran/index.html").read_text(encoding="utf-8")
    assert run(site, now=NOW + timedelta(hours=1)).unchanged
    assert not run(site, now=closes + timedelta(minutes=1)).unchanged
    assert "ditutup" in (site.output / "2021/06/pendaftaran/index.html").read_text(encoding="utf-8")


def test_the_day_changing_gets_a_real_build(site: TinySite) -> None:
    run(site)
    assert run(site, now=NOW + timedelta(hours=11)).unchanged  # 23:00 the same day
    assert not run(site, now=NOW + timedelta(hours=12)).unchanged  # midnight: events may have passed


def test_files_saved_just_now_are_not_trusted(site: TinySite) -> None:
    site.article("content/2021/wisuda.md", title="Wisuda Angkatan 2022")  # saved a moment ago
    run(site)
    assert not (site.root / CACHE_FOLDER / "stamp.pickle").exists()
    assert not run(site).unchanged


def test_warnings_are_repeated_but_not_those_about_the_cache(site: TinySite) -> None:
    site.write("content/2021/tanpa-ringkasan.md", "---\ntitle: Seminar\ndate: 2021-06-01\n---\nIsi.\n")
    aged(site.root)
    first = run(site)
    assert first.warnings, "an article without a summary gets a warning"
    again = run(site)
    assert again.unchanged
    assert again.warnings == first.warnings
    stamp = site.root / CACHE_FOLDER / "stamp.pickle"
    for entry in (site.root / CACHE_FOLDER / "articles").rglob("*.pickle"):
        entry.write_bytes(b"rusak")
    stamp.unlink()
    damaged = run(site)
    assert any("cache rusak" in w.message for w in damaged.warnings)
    later = run(site)
    assert later.unchanged
    assert later.warnings == first.warnings, "the damaged cache was this build's news, not the site's"


def test_a_damaged_stamp_is_not_trusted(site: TinySite) -> None:
    run(site)
    (site.root / CACHE_FOLDER / "stamp.pickle").write_bytes(b"rusak")
    assert not run(site).unchanged
    assert run(site).unchanged


def test_a_failed_build_keeps_the_stamp_of_the_site_still_in_output(site: TinySite) -> None:
    run(site)
    article = site.root / "content/2021/wisuda.md"
    good, stat = article.read_bytes(), article.stat()
    article.write_text("---\ntitle: [rusak\n---\n", encoding="utf-8")
    with pytest.raises(BuildError):
        run(site)
    article.write_bytes(good)
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert run(site).unchanged, "the sources are those of the site in output/ again"
    assert "Wisuda" in (site.output / "2021/05/wisuda/index.html").read_text(encoding="utf-8")


def test_stamp_holds_what_the_summary_needs(site: TinySite) -> None:
    run(site)
    stamp = pickle.loads((site.root / CACHE_FOLDER / "stamp.pickle").read_bytes())
    assert isinstance(stamp, Stamp)
    assert stamp.articles == 2
    assert ("2021/05/wisuda/index.html", "content/2021/wisuda.md") in stamp.files


def test_a_folder_that_cannot_be_read_means_a_real_build_not_a_traceback(site: TinySite, monkeypatch) -> None:
    run(site)

    def vanishing(folder, *rest):
        raise FileNotFoundError(2, "hilang saat editor menyimpan", str(folder))

    monkeypatch.setattr(stamp, "_walk", vanishing)
    assert stamp.snapshot([site.root / "content"]) is None
    result = run(site)
    assert not result.unchanged
    assert not (site.root / CACHE_FOLDER / "stamp.pickle").exists()


def test_a_clock_set_back_gets_a_real_build(site: TinySite) -> None:
    scheduled = NOW + timedelta(hours=2)
    site.article("content/2026/pengumuman.md", title="Pengumuman Libur", date=scheduled.strftime("%Y-%m-%d %H:%M"))
    aged(site.root)
    run(site, now=NOW + timedelta(hours=3))  # a clock ahead: the scheduled article is out
    assert (site.output / "2026/11/pengumuman/index.html").exists()
    assert not run(site).unchanged, "the clock is right again: the article is not due yet"
    assert not (site.output / "2026/11/pengumuman/index.html").exists()


def test_a_template_in_a_linked_folder_is_watched(site: TinySite, tmp_path: Path) -> None:
    theme = tmp_path / "tema"
    (site.root / "templates" / "partials").rename(theme)
    (site.root / "templates" / "partials").symlink_to(theme, target_is_directory=True)
    aged(site.root)
    aged(theme)
    run(site)
    card = theme / "card.html"
    text = card.read_text(encoding="utf-8")
    with card.open("r+", encoding="utf-8") as edited:  # in place, as an editor writes through a link
        edited.write(text.replace('<article class="card', '<article class="card kartu-baru', 1))
    aged(theme)
    result = run(site)
    assert not result.unchanged
    assert "kartu-baru" in (site.output / "index.html").read_text(encoding="utf-8")

"""A build that ends well wrote a whole site: every XML file parses and every file is whole.

Found by an attack: control characters written as YAML escapes ("\\x0b", "\\0", "\\e",
"\\uFFFE") passed every check and made a feed.xml no reader could parse, exit 0; a disk that
filled while the search index was written left a 0-byte pagefind.js, exit 0.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from sites import TinySite, problems, refused

from berita.write import pagefind
from berita.write.pagefind import damaged_files

GOOD = "---\ntitle: Wisuda Sarjana Terapan\ndate: 2021-04-21\nsummary: Wisuda angkatan 2021.\n---\nIsi.\n"


@pytest.fixture
def site(tiny_site) -> TinySite:
    made = tiny_site()
    made.write("content/2021/wisuda.md", GOOD)
    return made


@pytest.mark.parametrize(
    ("escape", "code"),
    [
        ("\\x0b", "0x0b"),
        ("\\0", "0x00"),
        ("\\e", "0x1b"),
        ("\\uFFFE", "U+FFFE"),
        ("\\x7f", "0x7f"),
        ("\\u0085x\\b", "0x08"),
    ],
)
@pytest.mark.parametrize("field", ["title", "summary", "author", "tags"])
def test_a_control_character_written_as_a_yaml_escape_is_refused(site, built, capsys, escape, code, field) -> None:
    value = f'"Rapat Senat {escape} Akademik"'
    fields = {"title": "Rapat Senat", "summary": "Ringkasan.", "author": "Humas", "tags": "[senat]"}
    fields[field] = f"[{value}]" if field == "tags" else value
    front = "\n".join(f"{key}: {text}" for key, text in fields.items())
    site.write("content/2021/rapat.md", f"---\n{front}\ndate: 2021-04-21\n---\nIsi.\n")
    [problem] = problems(refused(site, capsys, built))
    line = list(fields).index(field) + 2
    where = f"{field}[0]" if field == "tags" else field
    assert problem.startswith(
        f"content/2021/rapat.md:{line}: {where}: berisi karakter kendali tak terlihat (kode {code})"
    )


@pytest.mark.parametrize("reference", ["&#11;", "&#0;", "&#x1B;", "&#xFFFE;", "&#xD800;", "&#1114112;"])
def test_a_character_reference_to_a_control_character_is_refused(site, built, capsys, reference) -> None:
    site.write("content/2021/rapat.md", f"---\ntitle: Rapat\ndate: 2021-04-21\n---\nSatu.\n\nDua {reference} tiga.\n")
    [problem] = problems(refused(site, capsys, built))
    assert problem == (
        f"content/2021/rapat.md:7: rujukan karakter {reference} menunjuk karakter yang tidak boleh ada di halaman "
        "atau feed; hapus"
    )


def test_ordinary_character_references_and_emoji_are_kept(site, capsys) -> None:
    site.write("content/2021/rapat.md", "---\ntitle: Rapat 🎓\ndate: 2021-04-21\n---\nA &#169; &#x1F393; &amp; B.\n")
    assert site.build() == 0, capsys.readouterr().err


def test_a_template_that_writes_broken_xml_is_refused_by_the_check(site, built, capsys) -> None:
    feed = site.root / "templates" / "feed.xml"
    feed.write_text(feed.read_text(encoding="utf-8").replace("</feed>", "<rusak a='1' a='2'/></feed>"))
    found = problems(refused(site, capsys, built))
    assert found[0].startswith("templates/feed.xml: feed.xml bukan XML yang utuh (duplicate attribute, baris")
    assert all(line.startswith("templates/feed.xml: ") for line in found), "every feed: the site's, a tag's…"


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def test_damaged_files_of_a_search_index_are_named(tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    (bundle / "fragment").mkdir(parents=True)
    (bundle / "pagefind-entry.json").write_text('{"version":"1.5.2"}')
    (bundle / "pagefind.js").write_text("export const x = 1;")
    (bundle / "fragment" / "id_1.pf_fragment").write_bytes(gzipped(b"pagefind_dcd{}"))
    assert damaged_files(bundle) == []
    (bundle / "pagefind-ui.js").write_bytes(b"")
    (bundle / "fragment" / "id_2.pf_fragment").write_bytes(gzipped(b"pagefind_dcd" + b"x" * 1000)[:20])
    (bundle / "pagefind-entry.json").write_text('{"version":')
    assert damaged_files(bundle) == [
        "pagefind/fragment/id_2.pf_fragment",
        "pagefind/pagefind-entry.json",
        "pagefind/pagefind-ui.js",
    ]


def test_a_search_index_cut_short_fails_the_build_and_leaves_the_site(tiny_site, capsys, monkeypatch) -> None:
    # As on a full disk: Pagefind ended well, and its script was written 0 bytes long.
    site = tiny_site(search=True)
    site.write("content/2021/wisuda.md", GOOD)
    assert site.build() == 0
    before = site.snapshot()
    capsys.readouterr()
    settle = pagefind.settle_filters

    def cut_short(bundle: Path) -> None:
        settle(bundle)
        (bundle / "pagefind.js").write_bytes(b"")

    monkeypatch.setattr(pagefind, "settle_filters", cut_short)
    site.write("content/2021/wisuda.md", GOOD.replace("Isi.", "Isi yang baru."))
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "pagefind/pagefind.js tidak tertulis utuh (disk penuh?)" in err
    assert site.snapshot() == before

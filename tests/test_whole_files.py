"""A build that ends well wrote a whole site: every XML file parses and every file is whole.

Found by an attack: control characters written as YAML escapes ("\\x0b", "\\0", "\\e",
"\\uFFFE") passed every check and made a feed.xml no reader could parse, exit 0.
"""

from __future__ import annotations

import pytest
from sites import TinySite, problems, refused

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

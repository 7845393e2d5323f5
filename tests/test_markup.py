"""markup.MarkdownRenderer: the newsroom's Markdown, one instance reset between documents."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import InlineProcessor
from sites import DEMO

from berita.load import markup_addresses, markup_pruning
from berita.load.markup import MarkdownRenderer, first_paragraph


@pytest.fixture
def renderer() -> MarkdownRenderer:
    return MarkdownRenderer()


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_paragraphs_and_emphasis(renderer):
    body = renderer.render("Halo *dunia*.\n\nParagraf **dua**.")
    assert body.html == "<p>Halo <em>dunia</em>.</p>\n<p>Paragraf <strong>dua</strong>.</p>"
    assert body.text == "Halo dunia. Paragraf dua."


def test_quotes_in_the_text_are_curly_as_characters_and_code_keeps_its_own(renderer):
    body = renderer.render('"Kader posyandu," jelas Rizky. Jum\'at pagi. `"kode"` dan <b title="x">"tebal"</b> -- ...')
    assert "“Kader posyandu,” jelas Rizky. Jum’at pagi." in body.html
    assert '<code>"kode"</code>' in body.html and 'title="x"' in body.html
    assert "-- ..." in body.html, "dashes and dots stay as typed"
    assert "&ldquo;" not in body.html


def test_a_quote_after_emphasis_or_a_link_closes_and_a_quote_before_a_digit_is_an_apostrophe(renderer):
    body = renderer.render('Buku "*Pekerja Sosial*" dan "[laporan](https://contoh.id/)", lalu \'90-an.\n\n"**Siap**"')
    assert "“<em>Pekerja Sosial</em>” dan “<a" in body.html
    assert "laporan</a>”, lalu ’90-an." in body.html
    assert "<p>“<strong>Siap</strong>”</p>" in body.html


def test_code_blocks_keep_straight_quotes(renderer):
    body = renderer.render('```\nprint("halo") # it\'s\n```\n\n    "indentasi"\n')
    assert "print(&quot;halo&quot;) # it's" in body.html and '"indentasi"' in body.html
    assert "“" not in body.html and "’" not in body.html


def test_tables(renderer):
    body = renderer.render("| Prodi | Peserta |\n|---|---:|\n| Peksos | 202 |\n| Rehsos | 35 |\n")
    table = soup(body.html).table
    assert table is not None
    assert [th.get_text() for th in table.find_all("th")] == ["Prodi", "Peserta"]
    assert [[td.get_text() for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")] == [
        ["Peksos", "202"],
        ["Rehsos", "35"],
    ]


def test_footnotes(renderer):
    body = renderer.render("Diikuti 202 peserta[^1].\n\n[^1]: Data panitia.\n")
    page = soup(body.html)
    ref = page.find("a", class_="footnote-ref")
    assert ref is not None and ref["href"] == "#fn:1"
    note = page.find("li", id="fn:1")
    assert note is not None and "Data panitia." in note.get_text()
    backref = page.find("a", class_="footnote-backref")
    assert backref is not None and backref["title"] == "Kembali ke catatan 1"


def test_attr_list(renderer):
    body = renderer.render("## Jadwal {#jadwal-acara .penting}\n\nTeks.\n{: .lead }\n")
    page = soup(body.html)
    heading = page.h2
    assert heading is not None
    assert heading["id"] == "jadwal-acara"
    assert heading["class"] == ["penting"]
    assert page.p is not None and page.p["class"] == ["lead"]
    assert body.heading_ids == ("jadwal-acara",)


def test_heading_ids(renderer):
    body = renderer.render(
        "# Judul\n\n## Latar Belakang\n\n### Peserta & Narasumber\n\n## Latar Belakang\n\n#### Dalam\n"
    )
    page = soup(body.html)
    assert [h["id"] for h in page.find_all("h2")] == ["latar-belakang", "latar-belakang_1"]
    assert page.h3 is not None and page.h3["id"] == "peserta-narasumber"
    # h2 and h3 are listed (toc_depth 2-3), in document order
    assert body.heading_ids == ("latar-belakang", "peserta-narasumber", "latar-belakang_1")


def test_definition_lists_and_fenced_code(renderer):
    body = renderer.render("Moderator\n:   Sari\n\n```\nkode <b>\n```\n")
    page = soup(body.html)
    assert page.dt is not None and page.dt.get_text() == "Moderator"
    assert page.dd is not None and page.dd.get_text() == "Sari"
    assert page.pre is not None and page.pre.get_text() == "kode <b>\n"


def test_raw_html_passes_through(renderer):
    body = renderer.render(
        'Sebelum.\n\n<div class="kotak"><iframe src="https://www.youtube.com/embed/x"></iframe></div>\n\nSesudah.'
    )
    assert '<div class="kotak"><iframe src="https://www.youtube.com/embed/x"></iframe></div>' in body.html


def test_markdown_inside_html_with_markdown_attribute(renderer):
    body = renderer.render('<div class="kotak" markdown="1">\n*penting*\n</div>\n')
    assert "<em>penting</em>" in body.html
    assert 'class="kotak"' in body.html


def test_footnotes_do_not_leak_into_the_next_document(renderer):
    first = renderer.render("Satu[^a].\n\n[^a]: Catatan dokumen pertama.\n")
    assert "Catatan dokumen pertama." in first.html
    second = renderer.render("Dua tanpa catatan.\n")
    assert second.html == "<p>Dua tanpa catatan.</p>"
    third = renderer.render("Tiga[^b].\n\n[^b]: Catatan ketiga.\n")
    assert "Catatan dokumen pertama." not in third.html
    assert soup(third.html).find("li", id="fn:b") is not None
    assert len(soup(third.html).find_all("li")) == 1


def test_heading_ids_restart_for_each_document(renderer):
    first = renderer.render("## Latar Belakang\n")
    second = renderer.render("## Latar Belakang\n")
    assert first.heading_ids == second.heading_ids == ("latar-belakang",)
    assert 'id="latar-belakang"' in second.html


def test_heading_ids_of_a_document_without_headings(renderer):
    renderer.render("## Ada Judul\n")
    assert renderer.render("Tanpa judul.").heading_ids == ()


def test_same_result_from_a_fresh_renderer(renderer):
    text = "## A\n\nTeks[^1] dengan [tautan](/tag/x/).\n\n[^1]: c\n"
    renderer.render("## A\n\nLain[^1].\n\n[^1]: d\n")
    assert renderer.render(text) == MarkdownRenderer().render(text)


def test_resolver_receives_links_and_images_and_its_value_is_written(renderer):
    calls: list[tuple[str, str]] = []

    def resolver(kind: str, target: str) -> str:
        calls.append((kind, target))
        return f"/berita/resolved/{len(calls)}/"

    body = renderer.render(
        "Lihat [kuliah tamu](../2021/kuliah-tamu-ok-oce.md) dan [tag](/tag/beasiswa/).\n\n![Foto](foto.jpg)\n",
        resolver,
    )
    assert calls == [("link", "../2021/kuliah-tamu-ok-oce.md"), ("link", "/tag/beasiswa/"), ("image", "foto.jpg")]
    page = soup(body.html)
    assert [a["href"] for a in page.find_all("a")] == ["/berita/resolved/1/", "/berita/resolved/2/"]
    assert page.img is not None and page.img["src"] == "/berita/resolved/3/"
    assert page.img["alt"] == "Foto"


def test_resolver_sees_links_in_footnotes_and_reference_links(renderer):
    seen: list[str] = []

    def resolver(kind: str, target: str) -> str:
        seen.append(target)
        return target

    renderer.render("Teks[^1] dan [ref][r].\n\n[r]: /arsip/\n\n[^1]: Lihat [x](../2022/x.md).\n", resolver)
    assert "/arsip/" in seen
    assert "../2022/x.md" in seen


def test_addresses_in_the_authors_own_html_go_through_the_resolver(renderer):
    # Before, they were left as written: a PDF linked only this way was not published, and
    # none got the base path of a site under /berita/.
    calls: list[tuple[str, str]] = []

    def resolver(kind: str, target: str) -> str:
        calls.append((kind, target))
        return "/berita/" + target

    body = renderer.render(
        'Unduh <a href="brosur.pdf" target=_blank>brosur</a>.\n\n'
        '<figure>\n<img src="alur.png" alt="Alur &amp; syarat"/>\n'
        '<video src="rekaman.mp4" poster="sampul.jpg" controls></video>\n</figure>\n'
        '\n<object data="kalender.pdf" type="application/pdf"></object>\n',
        resolver,
    )
    assert sorted(calls) == [
        ("html-image", "alur.png"),
        ("html-image", "sampul.jpg"),
        ("link", "brosur.pdf"),
        ("link", "kalender.pdf"),
        ("link", "rekaman.mp4"),
    ]
    page = soup(body.html)
    assert page.a["href"] == "/berita/brosur.pdf" and page.a["target"] == "_blank"
    assert page.img["src"] == "/berita/alur.png" and page.img["alt"] == "Alur & syarat"
    assert (page.video["src"], page.video["poster"]) == ("/berita/rekaman.mp4", "/berita/sampul.jpg")
    assert page.video.has_attr("controls")
    assert page.object["data"] == "/berita/kalender.pdf"


def test_the_authors_html_is_kept_as_written_where_no_address_changes(renderer):
    html = "<div class='kotak'>\n<a HREF='https://poltekesos.ac.id/'>Situs</a>\n<!-- <a href=\"x.md\"> -->\n</div>\n"
    seen: list[str] = []
    body = renderer.render(html, lambda kind, target: seen.append(target) or target)
    assert seen == ["https://poltekesos.ac.id/"], "a comment holds no link"
    assert body.html == html.strip()


class _Events(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("startend", tag, attrs))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        self.events.append(("data", data))


def _events(html: str) -> list[tuple]:
    parser = _Events()
    parser.feed(html)
    parser.close()
    return parser.events


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="<>/=\"' ahrefsimgvdopt.\n!-&;#", max_size=80))
def test_raw_html_changes_only_in_its_addresses(html: str) -> None:
    # Catches a tag found at the wrong place (its text written over other text) and a value
    # written back unescaped: the rewritten HTML must read as the same HTML but for them.
    unchanged = markup_addresses.resolve_raw_html(html, lambda kind, target: target)
    assert unchanged == html, "a tag whose addresses stay the same is left byte for byte"
    prefixed = markup_addresses.resolve_raw_html(html, lambda kind, target: "/x/" + target)

    def expected(event: tuple) -> tuple:
        if event[0] not in ("start", "startend"):
            return event
        kind, tag, attrs = event
        first = [i for i, (n, _) in enumerate(attrs) if n not in dict(attrs[:i])]  # a browser reads the first
        return (
            kind,
            tag,
            [
                (n, "/x/" + v if i in first and (tag, n) in markup_addresses.RAW_ADDRESSES and v else v)
                for i, (n, v) in enumerate(attrs)
            ],
        )

    assert _events(prefixed) == [expected(event) for event in _events(html)]


def test_a_tag_whose_address_changes_keeps_the_rest_as_written(renderer):
    html = '<a title=" href=x" href="brosur.pdf" data-x="?a=1&region=2" HREF=kedua>brosur</a>'
    body = renderer.render(html, lambda kind, target: "/berita/2026/" + target)
    assert body.html == (
        '<p><a title=" href=x" href="/berita/2026/brosur.pdf" data-x="?a=1&region=2" HREF=kedua>brosur</a></p>'
    )


def test_media_in_a_markdown_block_go_through_the_resolver(renderer):
    # md_in_html makes elements of them: they are in the tree, not in the stash.
    calls: list[tuple[str, str]] = []
    text = '<figure markdown="1">\n<video src="rekaman.mp4" poster="sampul.jpg" controls></video>\n\n*Rekaman*\n</figure>\n'
    body = renderer.render(text, lambda kind, target: calls.append((kind, target)) or "/berita/" + target)
    assert sorted(calls) == [("html-image", "sampul.jpg"), ("link", "rekaman.mp4")]
    video = soup(body.html).video
    assert (video["src"], video["poster"]) == ("/berita/rekaman.mp4", "/berita/sampul.jpg")


def test_an_email_autolink_is_not_taken_for_a_file(renderer):
    # Python-Markdown writes its mailto: as entities; read as a file it failed the build.
    seen: list[str] = []
    body = renderer.render("Hubungi <humas@poltekesos.ac.id>.", lambda kind, target: seen.append(target) or target)
    assert seen == []
    assert soup(body.html).a["href"] == "mailto:humas@poltekesos.ac.id"


def test_html_shown_as_code_is_not_resolved(renderer):
    seen: list[str] = []
    body = renderer.render(
        '```\n<a href="contoh.pdf">contoh</a>\n```\n', lambda kind, target: seen.append(target) or "/x/"
    )
    assert seen == []
    assert soup(body.html).code.get_text() == '<a href="contoh.pdf">contoh</a>\n'


def test_resolver_is_not_kept_for_the_next_document(renderer):
    renderer.render("[a](x.md)", lambda kind, target: "/diubah/")
    body = renderer.render("[a](x.md)")
    assert soup(body.html).a["href"] == "x.md"


def test_resolver_is_cleared_even_when_it_raises(renderer):
    def broken(kind: str, target: str) -> str:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        renderer.render("[a](x.md)", broken)
    assert soup(renderer.render("[a](x.md)").html).a["href"] == "x.md"


def test_text_is_plain(renderer):
    body = renderer.render("Satu &amp; <b>dua</b>\n\n## Tiga\n")
    assert "<" not in body.text
    assert "Satu & dua" in body.text
    assert "Tiga" in body.text


def test_first_paragraph():
    assert first_paragraph("<h2>Judul</h2>\n<p>Pembuka <em>berita</em> &amp; lain.</p>\n<p>Dua.</p>") == (
        "Pembuka berita & lain."
    )
    assert first_paragraph("<h2>Tanpa paragraf</h2>") == ""
    assert first_paragraph("") == ""


def test_first_paragraph_with_attributes(renderer):
    body = renderer.render("Paragraf pembuka.\n{: .lead }\n\nParagraf kedua.\n")
    assert first_paragraph(body.html) == "Paragraf pembuka."


def test_first_paragraph_drops_footnote_markers(renderer):
    body = renderer.render("Kuliah tamu diikuti 202 peserta[^1].\n\n[^1]: Data panitia.\n")
    assert first_paragraph(body.html) == "Kuliah tamu diikuti 202 peserta."


# --- leaving out what cannot act (markup_pruning.PRUNING) gives the same HTML -------------------

MARKDOWN_PIECES = [
    "Kuliah umum",
    "*miring*",
    "**tebal**",
    "_garis_",
    "`kode`",
    "[tautan](../2021/a.md)",
    "![foto](foto.jpg)",
    "[ref][1]",
    "\n[1]: https://poltekesos.ac.id",
    "<b>html</b>",
    "&amp;",
    "&copy;",
    "\\*",
    "# Judul",
    "## Sub {#id}",
    "\n\n",
    "\n",
    "  \n",
    "\t",
    "    kode\n",
    "> kutipan",
    "- butir",
    "1. satu",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "Istilah\n: arti",
    "[^1]",
    "\n[^1]: Catatan kaki.",
    "[TOC]",
    "{: .kelas }",
    "<!-- komentar -->",
    "\x02",
    "<",
    ">",
    "https://zoom.us/j/1",
    "<https://poltekesos.ac.id>",
    "'kutip' \"ganda\"",
    '"',
    "'",
    "'90-an",
    "Jum'at",
    '*"miring"*',
    '"[tautan](a.md)"',
    "<span title=\"a\">'b'</span>",
    "“sudah” ‘lengkung’",
    "---",
    "***",
    "~~~\nkode\n~~~",
    ":",
]


def render_both(text: str) -> tuple[object, object]:
    """The body rendered with pruning, and with it switched off (Python-Markdown as it is)."""
    pruned = MarkdownRenderer().render(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markup_pruning, "PRUNING", False)
        plain = MarkdownRenderer().render(text)
    return pruned, plain


@pytest.mark.parametrize("source", sorted((DEMO / "content").rglob("*.md")), ids=lambda p: p.name)
def test_pruning_changes_nothing_in_the_sample_articles(source) -> None:
    text = source.read_text(encoding="utf-8").split("---", 2)[2]
    pruned, plain = render_both(text)
    assert pruned == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES) | st.text(max_size=6), max_size=14).map(" ".join))
def test_pruning_changes_nothing_in_any_document(text: str) -> None:
    pruned, plain = render_both(text)
    assert pruned == plain


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=8).map(" ".join), min_size=2, max_size=5))
def test_pruning_changes_nothing_in_a_run_of_documents(texts: list[str]) -> None:
    """One renderer, pruned anew for each document, as a build uses it."""
    renderer = MarkdownRenderer()
    for text in texts:
        assert renderer.render(text) == render_both(text)[1]


def test_patterns_are_tried_only_on_texts_that_hold_what_they_need(renderer, monkeypatch):
    # Under another Markdown version than markup_pruning's, nothing is pruned and this fails: its
    # tables are to be read again off the new version's patterns before PRUNING names it.
    tried: list[tuple[object, str]] = []
    handle = InlineProcessor._InlineProcessor__handleInline  # type: ignore[attr-defined]

    def spy(self: InlineProcessor, data: str, patternIndex: int = 0) -> str:
        tried.append((self, str(data)))
        return handle(self, data, patternIndex)

    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__handleInline", spy)
    plain = [f"Paragraf biasa ke-{n} tanpa tanda apa pun." for n in range(20)]
    body = renderer.render("\n\n".join([*plain, '"Kutipan," ujarnya.', "Ada *miring* di sini."]))
    assert "<p>“Kutipan,” ujarnya.</p>" in body.html and "<em>miring</em>" in body.html
    smarty = renderer._md.treeprocessors["smarty"]
    assert [text for processor, text in tried if processor is smarty] == ['"Kutipan," ujarnya.']
    assert not any(text in plain for _, text in tried), "a text holding nothing any pattern needs is left alone"


def test_a_document_without_quotes_is_not_walked_for_them(renderer, monkeypatch):
    walked: list[object] = []
    run = InlineProcessor.run

    def spy(self: InlineProcessor, *args: object) -> object:
        walked.append(self)
        return run(self, *args)

    monkeypatch.setattr(InlineProcessor, "run", spy)
    smarty = renderer._md.treeprocessors["smarty"]
    renderer.render("Tanpa kutipan, *miring* saja.")
    assert smarty not in walked and len(walked) == 1
    renderer.render('Dengan "kutipan".')
    assert smarty in walked

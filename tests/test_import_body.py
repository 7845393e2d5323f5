"""A WordPress body into berita's Markdown: what WordPress showed is what berita shows."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from importers.campus import BLOCK_BODY, CLASSIC_BODY

from berita.importers.convert import MarkdownWriter
from berita.importers.wpbody import Attachment, Notes, autop, plain_html
from berita.load.markup import MarkdownRenderer

RENDERER = MarkdownRenderer()
GALLERY = {
    103: Attachment(
        103,
        "https://poltekesos.ac.id/wp-content/uploads/2021/03/kampus-depan.jpg",
        "Gedung kampus",
        "Gedung utama",
        "",
        150,
        0,
    ),
    104: Attachment(
        104, "https://poltekesos.ac.id/wp-content/uploads/2021/03/kampus-aula.jpg", "Aula kampus", "", "", 150, 1
    ),
}


class Unchanged:
    def image(self, url: str) -> str:
        return url

    def link(self, url: str) -> str:
        return url


def convert(html: str, notes: Notes | None = None) -> str:
    notes = notes if notes is not None else Notes()
    plain = plain_html(html, 150, GALLERY.get, lambda n: list(GALLERY.values()), {9: "<p>Blok bersama.</p>"}.get, notes)
    return MarkdownWriter(Unchanged(), notes).convert(plain)


def rendered(markdown: str) -> str:
    return RENDERER.render(markdown).html


STRUCTURE = {
    "p",
    "h2",
    "h3",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "th",
    "td",
    "a",
    "strong",
    "em",
    "img",
    "blockquote",
    "figure",
    "figcaption",
    "br",
}


def shape(html: str) -> list[str]:
    """The elements that carry meaning, nested, with each link's address and the text."""
    found: list[str] = []

    def walk(element, depth: int) -> None:
        for child in element.children:
            name = {"b": "strong", "i": "em"}.get(getattr(child, "name", None) or "", getattr(child, "name", None))
            if name == "figure" and not child.find("img"):  # a table's or an embed's figure: its caption is a paragraph
                name = None
            if name == "figure" and child.find("img") and not child.find("figcaption"):
                name = "p"  # a photo without a caption: its own paragraph
            if name == "figcaption" and not child.parent.find("img"):
                name = "p"
            if name == "a" and [c.name for c in child.find_all(True)] == ["img"]:
                name = None  # a photo linked to its own file is shown as the photo
            if name in STRUCTURE and not (name == "p" and child.find_parent("figure") and child.find("img")):
                found.append("  " * depth + name + (f" {child.get('href')}" if name == "a" else ""))
                walk(child, depth + 1)
            elif hasattr(child, "children"):
                walk(child, depth)

    walk(BeautifulSoup(html, "html.parser"), 0)
    return found


# berita sets quotes curly (berita.load.typography), as WordPress's own wptexturize does: the same words.
STRAIGHT_QUOTES = str.maketrans("“”‘’", "\"\"''")


def words(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split()).translate(STRAIGHT_QUOTES)


@pytest.mark.parametrize("body", [BLOCK_BODY, CLASSIC_BODY], ids=["block-editor", "classic"])
def test_body_shows_what_wordpress_showed(body: str) -> None:
    notes = Notes()
    wordpress = plain_html(body, 150, GALLERY.get, lambda n: list(GALLERY.values()), lambda n: None, notes)
    ours = rendered(MarkdownWriter(Unchanged(), Notes()).convert(wordpress))
    # Tables kept as HTML get berita's scrolling box; a table's figure and an embed's wrapper carry no meaning.
    assert shape(ours) == shape(wordpress)
    assert words(ours) == words(wordpress)


@pytest.mark.parametrize(
    "html",
    [
        '<p>Mahasiswa<strong> Poltekesos</strong> meraih juara<em> pertama</em> di ajang<a href="https://a.id/"> Lomba'
        " Nasional</a> tingkat nasional.</p>",
        '<p>Juara <strong>pertama </strong>dan <a href="https://a.id/">tautan </a>lalu <b><i> dua</i> lapis</b>.</p>',
        '<p>Kata<strong>tebal</strong>menempel, <a href="https://a.id/"><strong> tebal</strong> di tautan</a> ok.</p>',
    ],
)
def test_the_space_at_the_edge_of_bold_italic_or_a_link_keeps_words_apart(html: str) -> None:
    # WordPress's editors often put the space inside the tag: "juara<em> pertama</em>". Read
    # without separators between elements, the words must be the ones WordPress showed.
    def text(html: str) -> str:
        return " ".join(BeautifulSoup(html, "html.parser").get_text("").split())

    assert text(rendered(convert(html))) == text(html)


def test_nested_lists_are_indented_as_python_markdown_needs() -> None:
    html = rendered(convert("<ol><li>Satu<ul><li>a<ol><li>dalam</li></ol></li></ul></li><li>Dua</li></ol>"))
    assert re.sub(r"\s", "", html) == "<ol><li>Satu<ul><li>a<ol><li>dalam</li></ol></li></ul></li><li>Dua</li></ol>"


@pytest.mark.parametrize(
    "text",
    [
        "1. bukan daftar",
        "2021. Tahun yang berat",
        "# bukan judul",
        "- bukan butir",
        "+ plus",
        "> bukan kutipan",
        ": bukan definisi",
        "=====",
        "~~~ pagar",
        "[TOC]",
        "[^1] catatan",
        "{: .kelas}",
        "*bintang* _garis_ **tebal** nama_file_ini",
        "`kode` dan \\ garis miring",
        "| pipa | tabel |",
        "Seminar & Lokakarya, nilai < 5, a > b",
        "&copy; &amp; ditulis sebagai teks",
        "Contoh <script>alert(1)</script> sebagai teks",
    ],
)
def test_text_stays_text(text: str) -> None:
    from html import escape

    markdown = convert(f"<p>{escape(text)}</p><p>baris<br>{escape(text)}</p>")
    html = rendered(markdown)
    assert "<script" not in html
    paragraphs = BeautifulSoup(html, "html.parser").find_all("p")
    assert [p.get_text() for p in paragraphs] == [text, f"baris\n{text}"], markdown


def test_caption_in_both_forms_becomes_a_figure() -> None:
    img = '<img src="https://poltekesos.ac.id/wp-content/uploads/2021/04/a.jpg" alt="Wisuda">'
    for body in (
        f'[caption id="x" width="300"]{img} Wisudawan terbaik[/caption]',
        f'[caption caption="Wisudawan terbaik"]{img}[/caption]',
    ):
        html = rendered(convert(body))
        soup = BeautifulSoup(html, "html.parser")
        assert soup.figure.img["alt"] == "Wisuda" and soup.figure.figcaption.get_text() == "Wisudawan terbaik"
        assert "[caption" not in html and "[/caption]" not in html


def test_broken_captions_leave_no_shortcode() -> None:
    assert "caption" not in convert('[caption id="x"]<img src="a.jpg" alt="a"> tanpa penutup')
    assert "caption" not in convert("penutup tanpa pembuka[/caption]")


def test_gallery_by_ids_and_by_attachment() -> None:
    for body in ('[gallery ids="103,104" columns="2"]', "[gallery]"):
        soup = BeautifulSoup(rendered(convert(body)), "html.parser")
        assert [img["alt"] for img in soup.find_all("img")] == ["Gedung kampus", "Aula kampus"]
        assert soup.figcaption.get_text() == "Gedung utama"


def test_embeds_and_video_addresses_become_links() -> None:
    body = '[embed]https://www.youtube.com/watch?v=abc[/embed]\n\nhttps://vimeo.com/12345\n\n[video src="https://poltekesos.ac.id/wp-content/uploads/profil.mp4"][/video]'
    markdown = convert(body)
    assert "[Tonton video di YouTube](https://www.youtube.com/watch?v=abc)" in markdown
    assert "[Tonton video di Vimeo](https://vimeo.com/12345)" in markdown
    assert "(https://poltekesos.ac.id/wp-content/uploads/profil.mp4)" in markdown
    iframe = convert('<p><iframe src="https://www.youtube.com/embed/xyz" width="560"></iframe></p>')
    assert iframe.strip() == "[Tonton video di YouTube](https://www.youtube.com/watch?v=xyz)"


def test_other_frames_scripts_and_shortcodes_stay_and_are_listed() -> None:
    notes = Notes()
    markdown = convert(
        '<iframe src="https://www.google.com/maps/embed?pb=1"></iframe>[su_button url="x"]Daftar[/su_button] [catatan] <script>var x = 1;</script>',
        notes,
    )
    assert '<iframe src="https://www.google.com/maps/embed?pb=1"></iframe>' in markdown
    assert "<script>var x = 1;</script>" in markdown
    assert '\\[su_button url="x"\\]Daftar\\[/su_button\\]' in markdown
    assert any("[su_button]" in note for note in notes.review)
    assert not any("catatan" in note for note in notes.review), "brackets in a sentence are not a shortcode"
    assert any("<iframe>" in note for note in notes.review) and any("<script>" in note for note in notes.review)


@pytest.mark.parametrize(
    ("html", "what"),
    [
        ('<table><tr><td colspan="2" onclick="alert(1)">Jadwal</td></tr></table>', "atribut onclick"),
        ('<svg onload="alert(1)"><circle r="4"></circle></svg>', "atribut onload"),
        ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "atribut srcdoc"),
        ("<style>body { display: none }</style>", "<style>"),
        ('<details><summary>Unduh</summary><a href=" JavaScript:alert(1)">berkas</a></details>', "alamat javascript:"),
        ('<object data="data:text/html,<b>x</b>"></object>', "alamat data:"),
    ],
)
def test_html_kept_as_it_is_that_runs_code_is_listed_for_review(html: str, what: str) -> None:
    # berita keeps an author's HTML unless [security] sanitize is on: the person reviewing the
    # import must know which posts carry code.
    notes = Notes()
    convert(html, notes)
    assert any(note.startswith(f"HTML yang dipertahankan berisi {what},") for note in notes.review), notes.review


def test_a_script_address_with_a_tab_in_its_scheme_is_listed_too() -> None:
    notes = Notes()
    convert('<iframe src="java&#x09;script:alert(1)"></iframe>', notes)
    assert any(note.startswith("HTML yang dipertahankan berisi alamat javascript:,") for note in notes.review)


def test_a_word_element_that_wraps_paragraphs_keeps_them() -> None:
    # Word's content controls (<w:sdt>) wrap whole paragraphs and lists: they are no line of text.
    body = "<w:sdt><p>Satu</p><p>Dua</p><ul><li>a</li><li>b</li></ul></w:sdt>"
    html = rendered(MarkdownWriter(Unchanged(), Notes()).convert(body))
    soup = BeautifulSoup(html, "html.parser")
    assert [p.get_text() for p in soup.find_all("p")] == ["Satu", "Dua"]
    assert [li.get_text() for li in soup.find_all("li")] == ["a", "b"]


def test_plain_kept_html_is_not_listed_as_code() -> None:
    notes = Notes()
    convert('<table><tr><td colspan="2"><a href="https://a.id/">Jadwal</a></td></tr></table>', notes)
    assert not any("menjalankan skrip" in note for note in notes.review), notes.review


def test_layout_shortcodes_are_opened_and_reusable_blocks_filled_in() -> None:
    markdown = convert(
        '[vc_row][vc_column][vc_column_text]<p>Isi kolom.</p>[/vc_column_text][/vc_column][/vc_row]<!-- wp:block {"ref":9} /-->'
    )
    assert markdown == "Isi kolom.\n\nBlok bersama.\n"


def test_tables_markdown_when_it_can_html_when_it_cannot() -> None:
    simple = convert(
        "<table><tr><th>Hari</th><th>Acara</th></tr><tr><td><p>Senin</p></td><td><a href='https://x.id/'>Rapat</a></td></tr></table>"
    )
    assert simple == "| Hari | Acara |\n| --- | --- |\n| Senin | [Rapat](https://x.id/) |\n"
    merged = convert(
        '<table style="width:100%"><tr><td colspan="2" style="color:red">Libur</td></tr><tr><td>a</td><td>b</td></tr></table>'
    )
    assert (
        merged.startswith('<div class="table-scroll"')
        and '<td colspan="2">Libur</td>' in merged
        and "style" not in merged
    )
    assert "table-scroll" in rendered(merged)


def test_autop_makes_paragraphs_and_line_breaks_as_wordpress_does() -> None:
    html = autop("Baris satu\nbaris dua\n\n<ul>\n<li>butir</li>\n</ul>\nSesudah\n\n<pre>kode\n\nkode</pre>")
    assert html.startswith("<p>Baris satu<br>\nbaris dua</p>")
    assert (
        "<li>butir</li>" in html and "<p><li>" not in html and "<br>" not in html.split("</p>", 1)[1].split("<pre>")[0]
    )
    assert "<p>Sesudah</p>" in html and html.endswith("<pre>kode\n\nkode</pre>")


def test_headings_start_at_h2_and_photos_linked_to_themselves_lose_the_link() -> None:
    markdown = convert(
        '<h1>Judul Dalam</h1><p><a href="https://s.id/wp-content/uploads/a.jpg"><img src="https://s.id/wp-content/uploads/a-300x200.jpg" alt="A"></a></p>'
    )
    assert markdown == "## Judul Dalam\n\n![A](https://s.id/wp-content/uploads/a-300x200.jpg)\n"


PIECES = [
    "<p>", "</p>", "<ul>", "<li>", "</li>", "</ul>", "<ol start='3'>", "</ol>", "<table><tr><td>", "</td></tr></table>",
    "<strong>", "</strong>", "<em>", "</em>", "<a href='https://s.id/a b'>", "</a>", "<br>", "<h2>", "</h2>",
    "<blockquote>", "</blockquote>", "<figure>", "<figcaption>", "</figure>", "<img src='x.jpg' alt='[a]'>",
    "[caption]", "[/caption]", "[gallery ids='1']", "[embed]", "[/embed]", "<!-- wp:paragraph -->", "<pre>", "</pre>",
    "1. ", "# ", "- ", "> ", "* ", "_", "`", "|", "&amp;", "&lt;script&gt;", "\n", "\n\n", "    ", "Poltekesos ", "juara ",
]  # fmt: skip


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_body_converts_and_renders(pieces: list[str]) -> None:
    html = "".join(pieces)
    markdown = convert(html)
    rendered_html = rendered(markdown)
    assert "<script" not in rendered_html, "text that showed <script> never becomes one"
    assert "[caption" not in markdown and "<!-- wp:" not in markdown

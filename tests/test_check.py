"""check: whole-site rules tested on the finished pages before anything is written."""

from __future__ import annotations

import pytest
from sites import make_article

from berita.config import load_config
from berita.errors import BuildError
from berita.load.content import load_articles
from berita.model import InternalLink, OutputFile
from berita.site.check import broken_links, check_site, path_collisions, tag_collisions


def page(path: str, origin: str) -> OutputFile:
    return OutputFile(path, origin, b"<html></html>")


# --- path collisions -------------------------------------------------------------------------


def test_no_collisions():
    files = [page("index.html", "templates/list.html"), page("2021/04/a/index.html", "content/2021/a.md")]
    assert path_collisions(files) == []


def test_path_collision_names_both_sources():
    files = [
        page("2021/04/kuliah-tamu/index.html", "content/2021/kuliah-tamu.md"),
        page("index.html", "templates/list.html"),
        page("2021/04/kuliah-tamu/index.html", "content/2021/lain.md"),
    ]
    found = path_collisions(files)
    assert found
    told = " ".join(str(p) for p in found)
    assert "content/2021/kuliah-tamu.md" in told
    assert "content/2021/lain.md" in told
    assert all("2021/04/kuliah-tamu/" in p.message for p in found)
    assert {p.file for p in found} <= {"content/2021/kuliah-tamu.md", "content/2021/lain.md"}
    assert all(p.field == "slug" for p in found)


def test_path_collision_between_static_file_and_asset():
    files = [
        OutputFile("2021/foto.jpg", "static/2021/foto.jpg", b""),
        OutputFile("2021/foto.jpg", "content/2021/foto.jpg", b""),
    ]
    found = path_collisions(files)
    assert found
    told = " ".join(str(p) for p in found)
    assert "static/2021/foto.jpg" in told
    assert "content/2021/foto.jpg" in told
    # A photo has no `slug` to change: the author is told to rename a file.
    assert all(p.field == "" and p.message.endswith("ganti nama file salah satunya") for p in found)


def test_a_page_the_site_makes_keeps_its_address_and_the_other_file_is_told_to_move():
    files = [page("404.html", "templates/404.html"), OutputFile("404.html", "static/404.html", b"")]
    found = path_collisions(files, "templates")
    assert [(p.file, p.field) for p in found] == [("static/404.html", "")]
    assert found[0].message == (
        "alamat /404.html sudah dipakai halaman situs (templates/404.html); ganti nama atau hapus file ini"
    )
    alias = path_collisions([page("tag/index.html", "tema/tags.html"), page("tag/index.html", "content/a.md")], "tema")
    assert [(p.file, p.field) for p in alias] == [("content/a.md", "slug")]
    assert alias[0].message.endswith("ubah `slug`, `aliases` atau nama file ini")


def test_three_claimants_are_all_named():
    names = [f"content/2021/{name}.md" for name in ("a", "b", "c")]
    found = path_collisions([page("x/index.html", name) for name in names])
    assert len(found) >= 2
    told = " ".join(str(p) for p in found)
    assert all(name in told for name in names)
    assert {p.file for p in found} <= set(names)
    # every claimant but at most one is told, so fixing the flagged files resolves the clash
    assert len({p.file for p in found}) >= 2


def test_same_origin_writing_twice_is_not_a_collision():
    assert path_collisions([page("a.html", "x"), page("a.html", "x")]) == []


# --- tag collisions --------------------------------------------------------------------------


def test_tags_spelled_differently_with_one_slug_are_an_error():
    a = make_article("a", tags=("kuliah-tamu",))
    b = make_article("b", tags=("kuliah tamu",))
    [problem] = tag_collisions([a, b])
    assert problem.field == "tags"
    assert "/tag/kuliah-tamu/" in problem.message
    assert '"kuliah-tamu" di content/2021/a.md' in problem.message
    assert '"kuliah tamu" di content/2021/b.md' in problem.message


def test_tags_differing_only_in_case_are_not_an_error():
    a, b, c = (
        make_article(slug, tags=(tag,)) for slug, tag in (("a", "Beasiswa"), ("b", "beasiswa"), ("c", "BEASISWA"))
    )
    assert tag_collisions([a, b, c]) == []


def test_distinct_tags_are_fine():
    a, b = make_article("a", tags=("beasiswa", "wisuda")), make_article("b", tags=("kuliah tamu",))
    assert tag_collisions([a, b]) == []


def test_tag_without_letters_or_digits_is_an_error():
    [problem] = tag_collisions([make_article("a", tags=("!!!",))])
    assert problem.file == "content/2021/a.md"
    assert '"!!!"' in problem.message


def test_accented_tag_collides_with_plain_spelling():
    assert len(tag_collisions([make_article("a", tags=("Café",)), make_article("b", tags=("Cafe",))])) == 1


# --- broken links ----------------------------------------------------------------------------


FILES = [
    page("index.html", "templates/list.html"),
    page("tag/beasiswa/index.html", "templates/list.html"),
    page("2021/04/b/index.html", "content/2021/b.md"),
    page("404.html", "templates/404.html"),
    OutputFile("img/logo.svg", "static/img/logo.svg", b""),
]


def test_links_to_existing_pages_are_fine():
    links = (
        InternalLink("/", 5),
        InternalLink("/tag/beasiswa/", 6),
        InternalLink("/tag/beasiswa", 7),
        InternalLink("/2021/04/b/", 8),
        InternalLink("/404.html", 9),
        InternalLink("/img/logo.svg", 10),
    )
    assert broken_links([make_article("a", links=links)], FILES) == []


def test_broken_link_is_reported_with_its_file_and_line():
    links = (InternalLink("/tag/beasiswa/", 6), InternalLink("/tag/tidak-ada/", 14))
    [problem] = broken_links([make_article("a", links=links)], FILES)
    assert problem.file == "content/2021/a.md"
    assert problem.line == 14
    assert "/tag/tidak-ada/" in problem.message
    assert str(problem).startswith("content/2021/a.md:14:")


def test_each_broken_link_is_reported():
    links = (InternalLink("/x/", 3), InternalLink("/y.jpg", 4))
    found = broken_links([make_article("a", links=links), make_article("c", links=(InternalLink("/z/", 9),))], FILES)
    assert [(p.file, p.line) for p in found] == [
        ("content/2021/a.md", 3),
        ("content/2021/a.md", 4),
        ("content/2021/c.md", 9),
    ]


def test_a_link_that_names_the_base_path_itself_is_told_to_leave_it_out():
    # As the deploy guide once told authors of raw HTML links to write them.
    links = (InternalLink("/berita/tag/beasiswa/", 6), InternalLink("/berita/tidak-ada/", 7))
    told, missing = broken_links([make_article("a", links=links)], FILES, base_path="/berita/")
    assert told.message == (
        "tautan ke halaman yang tidak ada (atau belum terbit): /berita/tag/beasiswa/; "
        "tulis /tag/beasiswa/ saja, tanpa /berita di depannya: program menambahkannya"
    )
    assert missing.message == "tautan ke halaman yang tidak ada (atau belum terbit): /berita/tidak-ada/"


def test_link_fragment_must_name_an_anchor_on_the_page():
    target = OutputFile("2021/04/b/index.html", "content/2021/b.md", b'<h2 id="jadwal">Jadwal</h2>')
    good = InternalLink("/2021/04/b/", 4, "jadwal")
    bad = InternalLink("/2021/04/b/", 5, "tidak-ada")
    [problem] = broken_links([make_article("a", links=(good, bad))], [target])
    assert problem.line == 5
    assert "tidak-ada" in problem.message


def test_check_site_gathers_every_kind():
    articles = [
        make_article("a", tags=("kuliah-tamu",), links=(InternalLink("/tidak-ada/", 7),)),
        make_article("b", tags=("kuliah tamu",)),
    ]
    files = [*FILES, page("2021/04/b/index.html", "content/2021/lain.md")]
    found = check_site(articles, files)
    assert {p.field for p in found} == {"slug", "tags", ""}
    assert [p.line for p in found if p.field == ""] == [7]


# --- through the load stage ------------------------------------------------------------------


def broken_link_problems(tiny_site, body: str) -> list:
    site = tiny_site()
    site.write("content/2021/a.md", "---\ntitle: A\ndate: 2021-04-21\n---\n" + body)
    articles = load_articles(load_config(site.root / "config.toml"))
    return broken_links(articles, [])


def test_site_path_link_line_from_a_loaded_article(tiny_site):
    [problem] = broken_link_problems(tiny_site, "Paragraf.\n\nLihat [x](/tag/tidak-ada/).\n")
    assert problem.file == "content/2021/a.md"
    assert problem.line == 7


@pytest.mark.parametrize("blank", ["\n", "\n\n", "  \n\n"])
def test_site_path_link_line_with_blank_lines_after_front_matter(tiny_site, blank):
    # Found off by the blank lines after `---`; fixed while these tests were written.
    [problem] = broken_link_problems(tiny_site, blank + "Paragraf.\n\nLihat [x](/tag/tidak-ada/).\n")
    assert problem.line == 7 + blank.count("\n")


def test_link_to_missing_article_source_is_reported_at_load(tiny_site):
    site = tiny_site()
    site.write("content/2021/a.md", "---\ntitle: A\ndate: 2021-04-21\n---\nLihat [x](../2020/tidak-ada.md).\n")
    with pytest.raises(BuildError) as caught:
        load_articles(load_config(site.root / "config.toml"))
    [problem] = caught.value.problems
    assert problem.file == "content/2021/a.md"
    assert problem.line == 5
    assert "../2020/tidak-ada.md" in problem.message

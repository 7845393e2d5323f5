"""The web editor at /admin/, driven in Chromium with the real Sveltia CMS (see sveltia.py).

- The pinned package's script has the hash the page names, and the browser refuses other bytes.
- The seed article (the OK OCE guest lecture) filled into the form, with its photo, is saved
  to content/2021/<slug as `new` makes it>.md; berita builds it with no problem into the same
  page as the hand-written seed (tests/cms/kuliah-tamu-ok-oce.md).
- An existing article opened, one field changed and saved, differs in that field alone.

The author's computer is set to Berlin time: the times written are still WIB.
Without npm and Node these tests are skipped on a laptop and fail in CI.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from browsing import serve
from bs4 import BeautifulSoup
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from pydantic import BaseModel
from sites import CONFIG, PROJECT, SEARCH_OFF, WIB, snapshot
from sveltia import (
    Unavailable,
    field,
    fill,
    install,
    open_optional,
    repo_files,
    reveal,
    serve_editor,
    sri,
    write_repo_file,
)

from berita.cli import main
from berita.cms.editor import SCRIPT_INTEGRITY
from berita.frontmatter.schema import FrontMatter
from berita.frontmatter.source import read_source
from berita.load.markup import MarkdownRenderer
from berita.model import slugify

SEED = PROJECT / "tests" / "cms" / "kuliah-tamu-ok-oce.md"
TITLE = "Kuliah Tamu Kewirausahaan Sosial Bersama OK OCE Indonesia"
ARTICLE = f"content/2021/{slugify(TITLE)}.md"  # where `build.py new` would put it
PHOTO = "foto-kuliah-tamu-ok-oce.jpg"
CMS = '\n[cms]\nenabled = true\nrepo = "poltekesos/berita"\n'


@pytest.fixture(scope="module")
def sveltia() -> Path:
    try:
        return install()
    except Unavailable as error:
        if os.environ.get("CI"):
            pytest.fail(f"the web editor's tests need the pinned Sveltia CMS (CI must have it): {error}")
        pytest.skip(str(error))


def make_site(root: Path, with_cms: bool = True) -> Path:
    """A tiny site with the project's templates and static files, and the editor on."""
    root.mkdir(parents=True)
    shutil.copytree(PROJECT / "templates", root / "templates")
    shutil.copytree(PROJECT / "static", root / "static")
    (root / "content").mkdir()
    config = CONFIG.format(base_url="https://contoh.github.io/berita/", per_page=10) + (CMS if with_cms else "")
    (root / "config.toml").write_text(config + SEARCH_OFF, encoding="utf-8")
    return root


def photo() -> bytes:
    """A photo as a phone would take it (its name too), the same bytes every time."""
    image = Image.new("RGB", (1600, 1000), (32, 96, 160))
    for x in range(0, 1600, 100):
        image.paste((240, 190, 40), (x, 0, x + 40, 1000))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def editor_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site with /admin/, built by berita and served under /berita/ as GitHub Pages would."""
    root = make_site(tmp_path_factory.mktemp("editor") / "situs")
    assert main(["build", "--config", str(root / "config.toml")]) == 0
    with serve(root / "output") as url:
        yield url


@pytest.fixture
def editor(browser: Browser, sveltia: Path, editor_url: str) -> Iterator[Page]:
    """The editor signed in to the test repository, on a computer set to Berlin time."""
    # Tall: Sveltia draws fields only as they scroll into view.
    context = browser.new_context(viewport={"width": 1280, "height": 2000}, timezone_id="Europe/Berlin")
    page = context.new_page()
    serve_editor(page, editor_url, sveltia)
    page.goto(editor_url + "admin/")
    yield page
    context.close()


def sign_in(page: Page) -> None:
    page.get_by_role("button", name="Work with Test Repository").click()
    create = page.get_by_role("button", name="Create New Entry").first
    articles = page.get_by_role("treeitem", name="Berita")
    expect(create.or_(articles).first).to_be_visible()
    if not create.is_visible():  # on a phone the list of collections comes first
        articles.click()
    expect(create).to_be_visible()


def test_the_pinned_package_has_the_hash_the_page_names(sveltia):
    assert sri(sveltia / "node_modules" / "@sveltia" / "cms" / "dist" / "sveltia-cms.js") == SCRIPT_INTEGRITY


def test_the_browser_refuses_other_bytes_for_the_editor(browser, sveltia, editor_url):
    context = browser.new_context()
    page = context.new_page()
    real = (sveltia / "node_modules" / "@sveltia" / "cms" / "dist" / "sveltia-cms.js").read_bytes()
    serve_editor(page, editor_url, sveltia, script=real + b"\n// changed on the way\n")
    page.goto(editor_url + "admin/")
    expect(page.get_by_text("Editor berita gagal dimuat")).to_be_visible()
    assert page.evaluate("typeof window.CMS") == "undefined"
    context.close()


def test_the_real_bytes_start_the_editor_with_the_site_config(editor, editor_url):
    expect(editor.get_by_role("button", name="Work with Test Repository")).to_be_visible()
    expect(editor.get_by_role("heading", name="Editor BERITA UJI")).to_be_visible()
    sign_in(editor)
    expect(editor.get_by_role("treeitem", name="Berita")).to_be_visible()
    expect(editor.get_by_text("This collection has no entries yet.")).to_be_visible()
    # The preview pane shows the article with the site's own stylesheet.
    editor.get_by_role("button", name="Create New Entry").first.click()
    fill(editor, editor, "Judul", TITLE)
    preview = editor.frame_locator("iframe").first
    expect(preview.get_by_text(TITLE)).to_be_visible()
    sheets = preview.locator("link[rel=stylesheet]").evaluate_all("links => links.map(link => link.href)")
    assert editor_url + "css/style.css" in sheets


def seed_body() -> str:
    return SEED.read_text(encoding="utf-8").split("---\n", 2)[2].strip() + "\n"


def fill_seed(page: Page) -> None:
    """The OK OCE guest lecture, typed into the form as an author would."""
    page.get_by_role("button", name="Create New Entry").first.click()
    fill(page, page, "Judul", TITLE)
    fill(page, page, "Waktu terbit", "2021-04-21T13:00")
    tags = field(page, "Tag")
    for number, tag in enumerate(["kuliah tamu", "kewirausahaan sosial", "pekerjaan sosial", "mahasiswa"]):
        if number:
            tags.get_by_role("button", name="Add \u2068Tag\u2069").click()
        tags.get_by_role("textbox").nth(number).fill(tag)
    fill(page, page, "Ringkasan", SEED_SUMMARY)
    field(page, "Penulis").get_by_role("textbox").first.fill("Humas Poltekesos")

    image = open_optional(page, page, "Foto utama")
    image.get_by_role("button", name="Browse").click()
    dialog = page.get_by_role("dialog", name="Select Image")
    with page.expect_file_chooser() as chooser:
        dialog.get_by_role("button", name="Upload").click()
    # As a phone names it: capitals and spaces, which the editor makes into a safe name.
    chooser.value.set_files(
        files=[{"name": "Foto Kuliah Tamu OK OCE.JPG", "mimeType": "image/jpeg", "buffer": photo()}]
    )
    expect(dialog.get_by_role("option", name=PHOTO)).to_be_visible()
    dialog.get_by_role("button", name="Insert").click()
    fill(
        page,
        image,
        "Teks alternatif",
        "Iim Rusyamsi memaparkan program OK OCE kepada peserta kuliah tamu di Zoom Meeting",
    )
    fill(page, image, "Keterangan foto", "Ketua Umum OK OCE Indonesia memaparkan materi wirausaha sosial.")
    fill(page, image, "Pemilik foto", "Humas Poltekesos")

    body = reveal(page, field(page, "Isi berita"))
    body.get_by_role("button", name="Edit in Markdown").click()
    body.get_by_role("textbox").fill(seed_body())

    event = open_optional(page, page, "Info kegiatan")
    fill(page, event, "Mulai", "2021-04-21T09:00")
    fill(page, event, "Selesai", "2021-04-21T12:00")
    reveal(page, field(event, "Pelaksanaan")).get_by_role("radio", name="Daring", exact=True).click()
    fill(page, event, "Platform", "Zoom Meeting")
    reveal(page, field(event, "Jenis kegiatan")).get_by_role("combobox").click()
    page.get_by_role("option", name="Kuliah Tamu").click()
    fill(page, event, "Penyelenggara", "Prodi Pekerjaan Sosial Program Sarjana Terapan")
    fill(page, event, "Program studi", "Pekerjaan Sosial Program Sarjana Terapan")
    fill(page, event, "Mata kuliah", "Kewirausahaan Sosial")
    speakers = reveal(page, field(event, "Narasumber"))
    speakers.get_by_role("button", name="Add \u2068Narasumber\u2069").click()
    fill(page, speakers, "Nama", "Dr. Indra Cahya Uno")
    fill(page, speakers, "Jabatan", "Pendiri OK OCE Indonesia")
    deputy = open_optional(page, speakers, "Diwakili oleh")
    fill(page, deputy, "Nama", "Iim Rusyamsi")
    fill(page, deputy, "Jabatan", "Ketua Umum OK OCE Indonesia")
    opener = open_optional(page, event, "Dibuka oleh")
    fill(page, opener, "Nama", "Dr. Marjuki, M.Sc.")
    fill(page, opener, "Jabatan", "Direktur Poltekesos Bandung")
    fill(page, event, "Jumlah peserta", 202)
    fill(page, event, "Keterangan peserta", SEED_PARTICIPANTS)

    form = open_optional(page, page, "Tombol formulir")
    fill(page, form, "Alamat formulir", "https://forms.gle/Pq7kT2ocE4Rw9xZa8")
    fill(page, form, "Tulisan pada tombol", "Isi Formulir Kehadiran")
    fill(page, form, "Ditutup", "2021-04-28T23:59")
    reveal(page, field(page, "Alamat lama")).get_by_role("textbox").first.fill("/detail-berita/153")


SEED_SUMMARY = (
    "Prodi Pekerjaan Sosial Program Sarjana Terapan menghadirkan OK OCE Indonesia dalam kuliah tamu mata kuliah "
    "Kewirausahaan Sosial yang diikuti 202 partisipan secara daring."
)
SEED_PARTICIPANTS = "Ketua Prodi Pekerjaan Sosial, Sekretaris Prodi Pekerjaan Sosial, dosen mata kuliah Kewirausahaan Sosial, dan mahasiswa"


def save(page: Page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Entry saved.")).to_be_visible()


def built(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """berita builds the site with exit 0 and says nothing is wrong, not even a warning."""
    capsys.readouterr()
    assert main(["build", "--config", str(root / "config.toml")]) == 0
    err = capsys.readouterr().err
    assert err == "", err


def test_the_seed_written_in_the_editor_builds_as_the_hand_written_seed(editor, tmp_path, capsys):
    sign_in(editor)
    fill_seed(editor)
    save(editor)
    files = repo_files(editor)
    assert sorted(files) == sorted([ARTICLE, f"content/2021/{PHOTO}"]), (
        "the article at its year and slug, the photo beside it"
    )
    written = files[ARTICLE].decode("utf-8")
    assert "date: 2021-04-21T13:00\n" in written, "13.00 WIB as typed, though the computer is on Berlin time"
    assert f"src: {PHOTO}" in written

    from_editor = make_site(tmp_path / "dari-editor", with_cms=False)
    for path, data in files.items():
        (from_editor / path).parent.mkdir(parents=True, exist_ok=True)
        (from_editor / path).write_bytes(data)
    by_hand = make_site(tmp_path / "tulisan-tangan", with_cms=False)
    (by_hand / "content" / "2021").mkdir()
    shutil.copy(SEED, by_hand / ARTICLE)
    (by_hand / "content" / "2021" / PHOTO).write_bytes(photo())
    built(from_editor, capsys)
    built(by_hand, capsys)

    page = BeautifulSoup((from_editor / "output" / "2021" / "04" / slugify(TITLE) / "index.html").read_bytes(), "lxml")
    rows = {dt.get_text(" ", strip=True): dt.find_next("dd").get_text(" ", strip=True) for dt in page.find_all("dt")}
    assert rows == {
        "Jenis": "Kuliah Tamu",
        "Waktu": "Rabu, 21 April 2021, 09.00–12.00 WIB",
        "Pelaksanaan": "Daring",
        "Platform": "Zoom Meeting",
        "Narasumber": "Dr. Indra Cahya Uno , Pendiri OK OCE Indonesia , diwakili oleh Iim Rusyamsi , Ketua Umum OK OCE Indonesia",
        "Dibuka oleh": "Dr. Marjuki, M.Sc. , Direktur Poltekesos Bandung",
        "Mata kuliah": "Kewirausahaan Sosial",
        "Program studi": "Pekerjaan Sosial Program Sarjana Terapan",
        "Penyelenggara": "Prodi Pekerjaan Sosial Program Sarjana Terapan",
        "Peserta": f"202 peserta, terdiri dari {SEED_PARTICIPANTS}",
    }
    assert page.find("time").get_text() == "Rabu, 21 April 2021, 13.00 WIB"
    assert page.find("h1").get_text(strip=True) == TITLE
    assert page.select_one("figure img")["alt"].startswith("Iim Rusyamsi memaparkan program OK OCE")
    same, made = snapshot(by_hand / "output"), snapshot(from_editor / "output")
    assert sorted(made) == sorted(same)
    assert [path for path in same if made[path] != same[path]] == [], "pages that differ from the hand-written seed"


def meaning(text: str) -> tuple[dict, str]:
    """What berita reads from an article: its validated front matter and its body's HTML."""
    source = read_source(text.encode("utf-8"), ARTICLE)
    front = FrontMatter.model_validate(source.data, context={"zone": WIB})
    return as_data(front), MarkdownRenderer().render(source.body).html


def as_data(value: object) -> object:
    if isinstance(value, BaseModel):
        return {name: as_data(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, list | tuple):
        return [as_data(item) for item in value]
    return value  # text, numbers, and times (Moment: the instant and whether a time was written)


def changed_paths(before: object, after: object, path: str = "") -> list[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        keys = sorted(set(before) | set(after))
        return [p for key in keys for p in changed_paths(before.get(key), after.get(key), f"{path}.{key}".lstrip("."))]
    return [] if before == after else [path]


def test_an_existing_article_changed_in_one_field_differs_in_that_field_alone(editor):
    seed = SEED.read_text(encoding="utf-8")
    write_repo_file(editor, ARTICLE, seed)
    write_repo_file(editor, f"content/2021/{PHOTO}", photo())
    editor.reload()
    sign_in(editor)
    editor.get_by_text(TITLE).first.click()
    event = reveal(editor, field(editor, "Info kegiatan"))
    fill(editor, event, "Jumlah peserta", 205)
    save(editor)

    files = repo_files(editor)
    assert sorted(files) == sorted([ARTICLE, f"content/2021/{PHOTO}"])
    assert files[f"content/2021/{PHOTO}"] == photo()
    (front_before, body_before), (front_after, body_after) = meaning(seed), meaning(files[ARTICLE].decode("utf-8"))
    assert changed_paths(front_before, front_after) == ["event.participants"]
    assert front_after["event"]["participants"] == 205
    assert body_after == body_before


def test_a_new_article_is_dated_now_in_wib(editor):
    # 12.00 WIB is 06.00 in Berlin, where this computer says it is.
    editor.clock.set_fixed_time(datetime(2026, 11, 27, 12, 0, tzinfo=WIB))
    sign_in(editor)
    editor.get_by_role("button", name="Create New Entry").first.click()
    date = reveal(editor, field(editor, "Waktu terbit"))
    expect(date.get_by_role("textbox")).to_have_value("2026-11-27T12:00")
    expect(date.get_by_text("(+07:00) Jakarta")).to_be_visible()

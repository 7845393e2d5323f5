"""config.load_config: config.toml into a frozen model, every problem named with its key."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError
from sites import DEMO

from berita.config import load_config
from berita.errors import BuildError
from berita.urls import Urls

VALID = """\
title = "BERITA UJI"
description = "Situs uji"
base_url = "{base_url}"
per_page = 5
default_author = "Humas"
{extra}

[organization]
name = "Politeknik Uji"
logo = "/img/logo.svg"
{organization}
"""


def write(tmp_path: Path, base_url: str = "https://example.org/", extra: str = "", organization: str = "") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(VALID.format(base_url=base_url, extra=extra, organization=organization), encoding="utf-8")
    return path


def problems_of(path: Path, base_url: str | None = None) -> list[str]:
    with pytest.raises(BuildError) as caught:
        load_config(path, base_url)
    return [str(p) for p in caught.value.problems]


def test_valid_file(tmp_path):
    config = load_config(write(tmp_path))
    assert config.title == "BERITA UJI"
    assert config.per_page == 5
    assert config.base_url == "https://example.org/"
    assert Urls(config.base_url).base_path == "/"
    assert config.organization.name == "Politeknik Uji"
    assert config.organization.logo == "/img/logo.svg"
    assert config.language == "id"
    assert config.timezone == "Asia/Jakarta"
    assert config.zone == ZoneInfo("Asia/Jakarta")
    assert config.root == tmp_path.resolve()
    assert config.folder("content") == (tmp_path / "content").resolve()
    assert config.folder("output") == (tmp_path / "output").resolve()


def test_config_is_frozen(tmp_path):
    config = load_config(write(tmp_path))
    with pytest.raises(ValidationError):
        config.title = "lain"  # type: ignore[misc]


def test_demo_config_loads():
    config = load_config(DEMO / "config.toml")
    assert config.base_url.endswith("/")
    assert config.per_page >= 1


def test_base_url_override_wins(tmp_path):
    config = load_config(write(tmp_path), base_url="https://nama-akun.github.io/berita/")
    assert config.base_url == "https://nama-akun.github.io/berita/"
    assert Urls(config.base_url).base_path == "/berita/"


def test_base_url_override_is_validated(tmp_path):
    found = problems_of(write(tmp_path), base_url="nama-akun.github.io/berita")
    assert len(found) == 1
    assert found[0].startswith("config.toml: base_url: harus alamat lengkap dengan skema")


@pytest.mark.parametrize(
    ("given", "base_url", "base_path"),
    [
        ("https://o.github.io/repo", "https://o.github.io/repo/", "/repo/"),
        ("https://o.github.io/repo/", "https://o.github.io/repo/", "/repo/"),
        ("https://example.org", "https://example.org/", "/"),
        ("https://example.org/", "https://example.org/", "/"),
        ("http://localhost:8000/a/b", "http://localhost:8000/a/b/", "/a/b/"),
    ],
)
def test_base_url_and_base_path_always_end_with_a_slash(tmp_path, given, base_url, base_path):
    config = load_config(write(tmp_path, base_url=given))
    assert config.base_url == base_url
    assert Urls(config.base_url).base_path == base_path


def test_trailing_slash_is_added_to_an_override_too(tmp_path):
    config = load_config(write(tmp_path), base_url="https://o.github.io/repo")
    assert config.base_url == "https://o.github.io/repo/"
    assert Urls(config.base_url).base_path == "/repo/"


@pytest.mark.parametrize("given", ["example.org", "/berita/", "ftp://example.org/", "https://", ""])
def test_base_url_without_scheme_or_host(tmp_path, given):
    found = problems_of(write(tmp_path, base_url=given))
    assert len(found) == 1
    assert found[0].startswith("config.toml: base_url: harus alamat lengkap dengan skema")
    assert f'tertulis "{given}"' in found[0]


@pytest.mark.parametrize("given", ["https://o.github.io/repo?x=1", "https://o.github.io/repo#top"])
def test_base_url_with_query_or_fragment_is_refused(tmp_path, given):
    # Found accepted and mangled ('…repo?x=1/', base_path '/repo'); fixed while these tests were written.
    [found] = problems_of(write(tmp_path, base_url=given))
    assert found.startswith("config.toml: base_url:")


def test_unknown_key_with_did_you_mean(tmp_path):
    found = problems_of(write(tmp_path, extra="per_pgae = 3"))
    assert found == ["config.toml: per_pgae: kolom tidak dikenal. Maksud Anda `per_page`?"]


def test_unknown_nested_key_with_did_you_mean(tmp_path):
    found = problems_of(write(tmp_path, organization='instgram = "x"'))
    assert found == ["config.toml: organization.instgram: kolom tidak dikenal. Maksud Anda `instagram`?"]


def test_wrong_type_in_a_table_is_named_with_its_dotted_key(tmp_path):
    found = problems_of(write(tmp_path, organization="instagram = 123"))
    assert found == ["config.toml: organization.instagram: harus teks, tertulis 123"]


def test_per_page_as_text_is_refused(tmp_path):
    path = write(tmp_path)
    path.write_text(path.read_text().replace("per_page = 5", 'per_page = "10"'))
    [found] = problems_of(path)
    assert found.startswith("config.toml: per_page: harus bilangan bulat ≥ 1")
    assert found.endswith('tertulis "10"')


def test_per_page_zero_is_refused(tmp_path):
    path = write(tmp_path)
    path.write_text(path.read_text().replace("per_page = 5", "per_page = 0"))
    [found] = problems_of(path)
    assert found.startswith("config.toml: per_page: harus bilangan bulat ≥ 1")
    assert found.endswith("tertulis 0")


def test_title_as_number_is_refused(tmp_path):
    path = write(tmp_path)
    path.write_text(path.read_text().replace('title = "BERITA UJI"', "title = 5"))
    assert problems_of(path) == ["config.toml: title: harus teks, tertulis 5"]


def test_unknown_timezone(tmp_path):
    found = problems_of(write(tmp_path, extra='timezone = "Asia/Bandung"'))
    assert found == ['config.toml: timezone: harus nama zona waktu, misalnya Asia/Jakarta, tertulis "Asia/Bandung"']


def test_every_problem_is_reported_at_once(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('per_page = "x"\nbase_url = "example.org"\n', encoding="utf-8")
    fields = {p.field for p in load_problems(path)}
    assert fields == {"title", "base_url", "per_page", "organization"}


def load_problems(path: Path):
    with pytest.raises(BuildError) as caught:
        load_config(path)
    return caught.value.problems


def test_missing_file(tmp_path):
    path = tmp_path / "tidak-ada.toml"
    [problem] = load_problems(path)
    assert "tidak ditemukan" in problem.message
    assert "tidak-ada.toml" in problem.file


def test_invalid_toml(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('title = "tidak ditutup\n', encoding="utf-8")
    [problem] = load_problems(path)
    assert problem.file == "config.toml"
    assert "bukan TOML yang valid" in problem.message


@pytest.mark.parametrize(
    ("text", "line", "said"),
    [
        (
            'title = "BERITA"\ndescription = Kabar kampus\n',
            2,
            "nilai tidak terbaca; teks ditulis di antara tanda kutip",
        ),
        ("per_page = 10\nper_page = 12\n", 2, "kunci ini sudah ditulis di atas"),
        ('title "BERITA"\n', 1, "harus berbentuk kunci = nilai"),
        ('[organization\nname = "x"\n', 1, "nama bagian harus ditutup ]"),
        (
            'title = "BERITA"\n[organization]\nname = "a"\n[organization]\nlogo = "/b"\n',
            4,
            "bagian [..] ini sudah ditulis",
        ),
    ],
    ids=["text-without-quotes", "key-twice", "no-equals", "table-not-closed", "table-twice"],
)
def test_a_toml_mistake_is_told_on_its_line_in_indonesian(tmp_path, text: str, line: int, said: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    [problem] = load_problems(path)
    assert (problem.file, problem.line) == ("config.toml", line)
    assert problem.message.startswith("bukan TOML yang valid (kolom ") and said in problem.message, problem.message


def test_a_config_saved_with_a_bom_is_read_and_an_unclosed_value_at_the_end_is_told(tmp_path) -> None:
    path = tmp_path / "config.toml"
    good = (Path(__file__).parent / "invalid" / "config-tipe-salah" / "config.toml").read_text(encoding="utf-8")
    path.write_text("\ufeff" + good.replace('per_page = "10"', "per_page = 10"), encoding="utf-8")
    assert load_config(path).per_page == 10
    path.write_text("tags = [1,\n", encoding="utf-8")
    [problem] = load_problems(path)
    assert problem.message.startswith("bukan TOML yang valid: file berakhir sebelum nilai terakhirnya selesai")


def test_folders_are_relative_to_the_config_file(tmp_path):
    path = write(tmp_path, extra="", organization="")
    path.write_text(path.read_text() + '\n[folders]\noutput = "_site"\n')
    config = load_config(path)
    assert config.folder("output") == (tmp_path / "_site").resolve()
    assert config.folder("templates") == (tmp_path / "templates").resolve()


@pytest.mark.parametrize(
    ("organization", "expected"),
    [
        ('url = "javascript:alert(document.cookie)"', "config.toml: organization.url: harus alamat web lengkap"),
        ('url = "//evil.example/"', "config.toml: organization.url: harus alamat web lengkap"),
        ('url = "https://poltekesos.ac.id/\\" onmouseover=\\"x"', "config.toml: organization.url: harus alamat web"),
        ('instagram = "poltekesos\\"><script>"', "config.toml: organization.instagram: harus nama akun Instagram"),
        (
            'address = "Jl. Juanda\\u001b[2J"',
            "config.toml: organization.address: berisi karakter kendali tak terlihat (kode 0x1b)",
        ),
        (
            'name = "Politeknik\\u0000"',
            "config.toml: organization.name: berisi karakter kendali tak terlihat (kode 0x00)",
        ),
    ],
)
def test_a_hostile_organization_setting_is_refused(tmp_path, organization, expected) -> None:
    # Found by an attack: `url = "javascript:…"` landed in every page's footer.
    text = write(tmp_path).read_text(encoding="utf-8").replace('name = "Politeknik Uji"', "")
    name = "" if organization.startswith("name") else 'name = "Politeknik Uji"\n'
    (tmp_path / "config.toml").write_text(text.replace("[organization]\n", f"[organization]\n{name}{organization}\n"))
    [problem] = problems_of(tmp_path / "config.toml")
    assert problem.startswith(expected), problem


@pytest.mark.parametrize(
    "base_url",
    [
        "https://example.org/\nDisallow: /",
        "https://example.org/ berita/",
        'https://example.org/"><script>',
        "https://x.org/\x1b",
    ],
)
def test_a_base_url_with_a_line_break_or_quote_is_refused(tmp_path, base_url) -> None:
    # Found by an attack: a newline in base_url wrote `Disallow: /` into robots.txt.
    [problem] = problems_of(write(tmp_path), base_url)
    assert problem.startswith("config.toml: base_url: tidak boleh berisi spasi, baris baru, tanda kutip atau < >")


def test_an_instagram_handle_may_be_written_with_its_at(tmp_path) -> None:
    config = load_config(
        write(tmp_path, organization='instagram = "@poltekesosbandung"\nurl = "https://poltekesos.ac.id/"')
    )
    assert config.organization.instagram == "poltekesosbandung"
    assert config.organization.url == "https://poltekesos.ac.id/"

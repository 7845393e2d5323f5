"""The site's settings: `config.toml` read into a frozen, validated model."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import BuildError, Problem, shown
from .frontmatter.characters import UNPRINTABLE, unprintable_code
from .frontmatter.validation import explain_all, field_path


def _base_url(value: str) -> str:
    if re.search(r"[\s\x00-\x1f\x7f\\\"'<>`]", value):
        raise ValueError("tidak boleh berisi spasi, baris baru, tanda kutip atau < >; tulis alamat situs saja")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("harus alamat lengkap dengan skema, misalnya https://example.github.io/berita/")
    if parts.query or parts.fragment:
        raise ValueError(
            "tidak boleh berisi ? atau #; tulis alamat situs saja, misalnya https://example.github.io/berita/"
        )
    # Always a folder: the base path is joined with site paths that start after it.
    return value if value.endswith("/") else value + "/"


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("harus nama zona waktu, misalnya Asia/Jakarta") from None
    return value


# Work kept between builds, inside the project and git-ignored.
CACHE_FOLDER = ".cache"


def _web_address(value: str) -> str:
    # Shown in every page's footer as a link: nothing but a web address may run there.
    if value and (not WEB_ADDRESS.fullmatch(value) or not urlsplit(value).netloc):
        raise ValueError(
            "harus alamat web lengkap yang diawali https:// atau http://, misalnya https://poltekesos.ac.id/"
        )
    return value


def _site_path(value: str) -> str:
    if value and not SITE_PATH.fullmatch(value):
        raise ValueError("harus jalur file di folder static/ yang diawali /, misalnya /img/logo.svg")
    return value


def _handle(value: str) -> str:
    handle = value.removeprefix("@")
    if handle and not INSTAGRAM.fullmatch(handle):
        raise ValueError(
            "harus nama akun Instagram saja (huruf, angka, titik, garis bawah), misalnya poltekesosbandung"
        )
    return handle


WEB_ADDRESS = re.compile(r"https?://[^\s\x00-\x1f\x7f\\\"'<>`]+")
SITE_PATH = re.compile(r"/[^\s\x00-\x1f\x7f\\\"'<>`?#]*")
INSTAGRAM = re.compile(r"[A-Za-z0-9._]{1,30}")


# A GitHub repository as "owner/name": GitHub's own rules for both parts.
REPOSITORY = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}/(?!\.\.?$)[A-Za-z0-9._-]{1,100}")
BRANCH = re.compile(r"(?![-./])(?!.*(?:\.\.|//|/\.|@\{|\.lock$|\.$|/$))[A-Za-z0-9._/-]{1,200}")


def _repository(value: str) -> str:
    if value and not REPOSITORY.fullmatch(value):
        raise ValueError('harus "pemilik/nama" repositori GitHub, misalnya "poltekesos/berita"')
    return value


def _branch(value: str) -> str:
    if not BRANCH.fullmatch(value):
        raise ValueError('harus nama cabang git (huruf, angka, . _ - /), misalnya "main"')
    return value


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    @field_validator("*", mode="after")
    @classmethod
    def _printable(cls, value: object) -> object:
        # A setting is shown on every page, in feeds and on the terminal: no control characters.
        if isinstance(value, str) and (found := UNPRINTABLE.search(value)):
            raise ValueError(f"berisi karakter kendali tak terlihat (kode {unprintable_code(found.group())}); hapus")
        return value


class Organization(Frozen):
    name: str
    short_name: str = ""
    logo: Annotated[str, AfterValidator(_site_path)] = ""
    instagram: Annotated[str, AfterValidator(_handle)] = ""
    address: str = ""
    url: Annotated[str, AfterValidator(_web_address)] = ""


class Folders(Frozen):
    content: str = "content"
    templates: str = "templates"
    static: str = "static"
    output: str = "output"


class Feeds(Frozen):
    # "full" puts the whole article in feed entries, "summary" only its summary.
    content: Literal["full", "summary"] = "full"
    entries: int = Field(default=20, ge=1)


class Search(Frozen):
    enabled: bool = True


class Security(Frozen):
    # Clean article HTML with nh3: for sites that publish contributions from outside.
    sanitize: bool = False


class Cms(Frozen):
    # The web editor at /admin/ (berita.cms), which commits to `repo` on GitHub.
    enabled: bool = False
    repo: Annotated[str, AfterValidator(_repository)] = ""
    branch: Annotated[str, AfterValidator(_branch)] = "main"


class Config(Frozen):
    """The site's settings, validated; folders are relative to the config file."""

    title: str
    description: str = ""
    base_url: Annotated[str, AfterValidator(_base_url)]
    language: str = "id"
    timezone: Annotated[str, AfterValidator(_timezone)] = "Asia/Jakarta"
    per_page: int = Field(default=10, ge=1)
    default_author: str = ""
    organization: Organization
    folders: Folders = Folders()
    feeds: Feeds = Feeds()
    search: Search = Search()
    security: Security = Security()
    cms: Cms = Cms()
    # Where the project lives; every folder above is relative to it. Set by load_config.
    root: Path = Field(default=Path("."), exclude=True)
    source_name: str = Field(default="config.toml", exclude=True)

    def folder(self, name: str) -> Path:
        """The absolute path of one of the folders in `[folders]`."""
        return (self.root / getattr(self.folders, name)).resolve()

    @property
    def cache_folder(self) -> Path:
        """Where work is kept between builds (rendered articles, cards, resized photos)."""
        return self.root / CACHE_FOLDER

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def load_config(path: Path, base_url: str | None = None, cms_repo: str | None = None) -> Config:
    """Read and validate config.toml; `base_url` (from --base-url) wins over the file's, and
    `cms_repo` (from --cms-repo) is the editor's repository when `[cms] repo` is not set."""
    name = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # Notepad saved a BOM before Windows 10 1903
    except FileNotFoundError:
        message = (
            f"file konfigurasi tidak ditemukan di {path.resolve()}; jalankan dari folder proyek atau pakai --config"
        )
        raise BuildError([Problem(str(path), None, "", message)]) from None
    except IsADirectoryError:
        message = f"{path} adalah folder; tulis jalur file konfigurasinya, misalnya --config {path / 'config.toml'}"
        raise BuildError([Problem(str(path), None, "", message)]) from None
    except OSError as exc:
        raise BuildError(
            [Problem(str(path), None, "", f"file konfigurasi tidak bisa dibaca ({exc.strerror})")]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise BuildError([toml_problem(name, str(exc))]) from None
    except UnicodeDecodeError as exc:
        raise BuildError(
            [Problem(name, None, "", f"bukan teks UTF-8 (byte ke-{exc.start + 1}); simpan ulang sebagai UTF-8")]
        ) from None
    if base_url is not None:
        data["base_url"] = base_url
    cms = data.get("cms", {})
    if cms_repo and isinstance(cms, dict) and not cms.get("repo"):
        data["cms"] = {**cms, "repo": cms_repo}
    data["root"] = path.resolve().parent
    data["source_name"] = name
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        problems = [Problem(name, None, field_path(loc), text) for loc, text in explain_all(exc, Config)]
        raise BuildError(problems) from None
    outside = _content_outside(config)
    if outside is not None:
        raise BuildError([outside])
    return config


# tomllib's words for a mistake (Python 3.11), and what a campus's web team reads instead.
TOML_MISTAKES = (
    ("Invalid value", 'nilai tidak terbaca; teks ditulis di antara tanda kutip, misalnya title = "Berita Kampus"'),
    ("Expected '=' after a key", "harus berbentuk kunci = nilai, misalnya per_page = 10"),
    ("Cannot overwrite a value", "kunci ini sudah ditulis di atas; hapus salah satunya"),
    ("Cannot declare", "bagian [..] ini sudah ditulis di atas; gabungkan isinya"),
    (
        "Illegal character",
        "tanda kutip tidak ditutup, atau ada karakter yang tidak boleh; tutup teksnya di baris yang sama",
    ),
    ("Expected ']'", "nama bagian harus ditutup ], misalnya [organization]"),
    ("Expected newline or end of document", "satu kunci = nilai per baris; ada sesuatu sesudah nilainya"),
)
TOML_PLACE = re.compile(r" \(at line (\d+), column (\d+)\)$| \(at end of document\)$")


def toml_problem(name: str, message: str) -> Problem:
    """The mistake tomllib found in config.toml, on its line, in words a user acts on."""
    place = TOML_PLACE.search(message)
    line = int(place.group(1)) if place and place.group(1) else None
    english = message[: place.start()] if place else message
    if place and not place.group(1):  # "at end of document": a value or a bracket never closed
        said = "file berakhir sebelum nilai terakhirnya selesai; tutup [ ], { } atau tanda kutip yang masih terbuka"
        return Problem(name, None, "", f"bukan TOML yang valid: {said}")
    said = next((indonesian for start, indonesian in TOML_MISTAKES if english.startswith(start)), None)
    column = f" (kolom {place.group(2)})" if place else ""
    text = f"bukan TOML yang valid{column}: " + (said or f"{english}; periksa tanda kutip, = dan [ ] di baris itu")
    return Problem(name, line, "", text)


def _content_outside(config: Config) -> Problem | None:
    """The problem of a content folder outside the project (`../bersama/isi`, or `content/` a
    link to another disk's folder): every article is named, linked and edited by its path in the
    project (content/2021/berita.md), which such a folder has not."""
    content = config.folder("content")
    if content.is_relative_to(config.root):
        return None
    message = (
        f"folder artikel harus berada di dalam folder proyek ({config.root}), tetapi "
        f"{shown(config.folders.content)} menunjuk ke {content}; pindahkan artikelnya ke dalam proyek "
        '(misalnya ke folder content, dengan content = "content")'
    )
    return Problem(config.source_name, None, "folders.content", message)

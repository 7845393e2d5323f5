"""The site's settings: `config.toml` read into a frozen, validated model."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from .errors import BuildError, Problem
from .validation import explain_all, field_path


def _base_url(value: str) -> str:
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


class Organization(Frozen):
    name: str
    short_name: str = ""
    logo: str = ""
    instagram: str = ""
    address: str = ""
    url: str = ""


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
    def base_path(self) -> str:
        """The path part of base_url: '/' at a domain root, '/berita/' on a project site."""
        return urlsplit(self.base_url).path or "/"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def load_config(path: Path, base_url: str | None = None, cms_repo: str | None = None) -> Config:
    """Read and validate config.toml; `base_url` (from --base-url) wins over the file's, and
    `cms_repo` (from --cms-repo) is the editor's repository when `[cms] repo` is not set."""
    name = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        message = (
            f"file konfigurasi tidak ditemukan di {path.resolve()}; jalankan dari folder proyek atau pakai --config"
        )
        raise BuildError([Problem(str(path), None, "", message)]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BuildError([Problem(name, None, "", f"bukan TOML yang valid: {exc}")]) from None
    if base_url is not None:
        data["base_url"] = base_url
    cms = data.get("cms", {})
    if cms_repo and isinstance(cms, dict) and not cms.get("repo"):
        data["cms"] = {**cms, "repo": cms_repo}
    data["root"] = path.resolve().parent
    data["source_name"] = name
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        problems = [Problem(name, None, field_path(loc), text) for loc, text in explain_all(exc, Config)]
        raise BuildError(problems) from None

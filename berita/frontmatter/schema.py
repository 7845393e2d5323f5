"""The front matter schema: the contract with authors (docs/front-matter.md is its reference).

An article's front matter (FrontMatter) and a standalone page's (PageFrontMatter), the fields of
their own (tags, authors, old addresses, slug, image, form) and the rules that join two fields.
Dates are read by `moments`, the event and its people by `event`, and every model is as strict
and as bounded as `strict` says.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import unquote

from pydantic import AfterValidator, BeforeValidator, Field, StrictBool

from .. import urls
from .event import Event
from .moments import Moment, WhenValue
from .strict import MAX_ALIASES, MAX_AUTHORS, MAX_TAGS, MAX_TITLE, Strict, Text, at_most, list_or_empty

CATEGORIES = {"berita": "Berita", "pengumuman": "Pengumuman", "agenda": "Agenda", "prestasi": "Prestasi"}


def _tags(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        if "," in value:
            raise ValueError(
                f"tulis tag sebagai daftar, misalnya tags: [{', '.join(t.strip() for t in value.split(','))}]"
            )
        return [value]
    return at_most(MAX_TAGS, "tag", "pilih tag yang paling menggambarkan isi berita")(value)


def _unique_tags(value: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for tag in value:
        seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def _one_or_many(value: Any) -> Any:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


def _short_title(value: Any) -> Any:
    if isinstance(value, str) and len(value.strip()) > MAX_TITLE:
        raise ValueError(
            f"judul paling panjang {MAX_TITLE} karakter (judul yang mudah dibaca paling banyak 70);"
            f" pindahkan keterangannya ke `summary` atau ke isi berita, tertulis {len(value.strip())} karakter"
        )
    return value


def _alias(value: str) -> str:
    # An old address of the article, e.g. /detail-berita/153 from the previous portal, or a
    # WordPress post's number /?p=123 (see urls.old_address). A letter outside ASCII is written
    # %-encoded, as WordPress's own links write it; its page is the file of the decoded name.
    if urls.POST_NUMBER.fullmatch(value):
        return value
    decoded = _decoded_alias(value)
    if decoded is None or "/../" in f"{decoded}/" or "//" in decoded:
        raise ValueError(
            "harus alamat di situs ini yang diawali /, tanpa ?, # atau .., misalnya /detail-berita/153 "
            "(atau /?p=153, nomor tulisan WordPress)"
        )
    if len(decoded) > 300 or any(
        len(part) > MAX_ALIAS_PART or len(part.encode()) > MAX_NAME_BYTES for part in decoded.split("/")
    ):
        raise ValueError(
            f"terlalu panjang (tiap bagian paling banyak {MAX_ALIAS_PART} karakter dan {MAX_NAME_BYTES} byte; "
            "huruf di luar a-z memakai 2–4 byte)"
        )
    return value if value.endswith("/") or "." in value.rsplit("/", 1)[-1] else value + "/"


def _decoded_alias(value: str) -> str | None:
    """The address as the file it names, or None when it cannot be one: %-escapes must spell
    UTF-8 letters, marks, digits or punctuation (no /, no space, control or direction mark)."""
    if not ALIAS.fullmatch(value):
        return None
    try:
        decoded = unquote(value, errors="strict")
    except UnicodeDecodeError:
        return None
    if decoded.count("/") != value.count("/") or any(
        (c.isascii() and not ALIAS_CHARACTER.fullmatch(c)) or unicodedata.category(c)[0] in "CZ" for c in decoded
    ):
        return None
    return decoded


ALIAS = re.compile(r"/(?:[A-Za-z0-9._~/-]|%[0-9A-Fa-f]{2})*")
ALIAS_CHARACTER = re.compile(r"[A-Za-z0-9._~/-]")  # in ASCII, an escape may spell no %, ?, # or space
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_SLUG = 100  # keeps every output file name far below the file system's 255 bytes
# An old address keeps its length: WordPress allows a post's name 200 characters, and long
# Indonesian announcements use them. Its folder in the site is named by each part, in bytes.
MAX_ALIAS_PART = 200
MAX_NAME_BYTES = 250
# A tag becomes a folder name: /tag/<slug>/.
TagText = Annotated[str, Field(min_length=1, max_length=MAX_SLUG)]


class Image(Strict):
    src: Text
    alt: Text
    caption: Text | None = None
    credit: Text | None = None


class Form(Strict):
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]
    label: Text = "Isi Formulir"
    closes: WhenValue | None = None


# A list default is safe: pydantic copies it for every model (ruff's RUF012 cannot see Strict is one).
class FrontMatter(Strict):
    title: Annotated[Text, BeforeValidator(_short_title)]
    date: WhenValue
    updated: WhenValue | None = None
    category: Literal["berita", "pengumuman", "agenda", "prestasi"] = "berita"
    tags: Annotated[list[TagText], BeforeValidator(_tags), AfterValidator(_unique_tags)] = []  # noqa: RUF012
    summary: Text | None = None
    author: Annotated[
        list[Text],
        BeforeValidator(at_most(MAX_AUTHORS, "penulis", "tulis nama tim atau unitnya, misalnya Tim Humas")),
        BeforeValidator(_one_or_many),
    ] = []  # noqa: RUF012
    image: Image | None = None
    slug: Annotated[str, Field(pattern=SLUG, max_length=MAX_SLUG)] | None = None
    draft: StrictBool = False
    # The home page's lead while the article is among the newest (see index.front_page).
    featured: StrictBool = False
    event: Event | None = None
    form: Form | None = None
    aliases: Annotated[
        list[Annotated[str, AfterValidator(_alias)]],
        BeforeValidator(at_most(MAX_ALIASES, "alamat lama", "simpan alamat lama yang masih ditautkan orang saja")),
        BeforeValidator(list_or_empty),
    ] = []  # noqa: RUF012


# --- standalone pages (content/halaman/): Redaksi, Tentang, Kontak ---------------------------

STANDALONE_FOLDER = "halaman"
_NEWS_ONLY = (
    "tidak dipakai di halaman tetap (content/halaman/): halaman seperti Redaksi atau Kontak "
    "tidak punya tanggal, tag, kategori atau kegiatan. Hapus baris ini, atau pindahkan file ke "
    "content/TTTT/ bila ini berita"
)


class PageFrontMatter(Strict):
    """A page that is not news: no date, no tags, in no list; linked from the footer."""

    # Keys of an article that a page refuses with their own sentence (validation.explain).
    NOT_HERE: ClassVar[dict[str, str]] = dict.fromkeys(
        ("date", "tags", "category", "event", "form", "featured", "author", "aliases"), _NEWS_ONLY
    )

    title: Text
    summary: Text | None = None
    updated: WhenValue | None = None
    image: Image | None = None
    slug: Annotated[str, Field(pattern=SLUG, max_length=MAX_SLUG)] | None = None
    draft: StrictBool = False


def _written(moment: Moment) -> str:
    at = moment.at.replace(tzinfo=None)
    return at.isoformat() if moment.has_time else at.date().isoformat()


def cross_field_problems(fm: FrontMatter) -> list[tuple[tuple[str, ...], str]]:
    """Rules that join two fields, as (field path, message) pairs."""
    found = []
    if fm.category == "agenda" and fm.event is None:
        found.append((("category",), "kategori agenda wajib punya `event` (waktu dan tempat kegiatan)"))
    if fm.updated and fm.updated.at < fm.date.at:
        found.append(
            (("updated",), f"tidak boleh sebelum `date` ({_written(fm.date)}), tertulis {_written(fm.updated)}")
        )
    if fm.event and fm.event.end and fm.event.end.at < fm.event.start.at:
        start, end = _written(fm.event.start), _written(fm.event.end)
        found.append((("event", "end"), f"tidak boleh sebelum `event.start` ({start}), tertulis {end}"))
    return found

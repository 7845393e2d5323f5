"""The front matter schema: the contract with authors (docs/front-matter.md is its reference).

Values arrive from `source.AuthorLoader`, so `no` and `9:00` are text here, never a
boolean or the integer 540. Dates must be written year first; a day-first date is
refused with the expected format rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import unquote

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    ValidationInfo,
)

from .. import urls

CATEGORIES = {"berita": "Berita", "pengumuman": "Pengumuman", "agenda": "Agenda", "prestasi": "Prestasi"}
EVENT_TYPES = {
    "kuliah_tamu": "Kuliah Tamu",
    "seminar": "Seminar",
    "webinar": "Webinar",
    "workshop": "Workshop",
    "pelatihan": "Pelatihan",
    "lainnya": "Kegiatan",
}
MODES = {"daring": "Daring", "luring": "Luring", "hibrida": "Hibrida (daring dan luring)"}

ISO_MOMENT = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|WIB|WITA|WIT)?"
)
INDONESIAN_ZONES = {"WIB": "+07:00", "WITA": "+08:00", "WIT": "+09:00"}
DAY_FIRST = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
CLOCK = re.compile(r"\d{1,2}[:.]\d{2}")
DATE_HELP = "harus tanggal dengan format TTTT-BB-HH (tahun-bulan-hari), misalnya 2021-04-21 atau 2021-04-21T09:00"


@dataclass(frozen=True, order=True)
class Moment:
    """A point in time as an author wrote it: `has_time` is false for a bare date."""

    at: datetime
    has_time: bool


def _moment(value: Any, info: ValidationInfo) -> Moment:
    zone: tzinfo = (info.context or {})["zone"]
    if isinstance(value, datetime):
        aware = value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
        return Moment(aware, True)
    if isinstance(value, date):
        return Moment(datetime.combine(value, time(), zone), False)
    if isinstance(value, str):
        return moment_from_text(value.strip(), zone)
    raise ValueError(DATE_HELP)


def moment_from_text(text: str, zone: tzinfo) -> Moment:
    """A date or date and time written as authors write them (year first; a naive one is in `zone`)."""
    match = ISO_MOMENT.fullmatch(text)
    if match is None:
        if DAY_FIRST.fullmatch(text):
            raise ValueError(f"{DATE_HELP}; tanggal yang diawali hari atau ditulis dengan / tidak diterima")
        if CLOCK.fullmatch(text):
            raise ValueError(f"{DATE_HELP}; jam saja tanpa tanggal tidak cukup")
        raise ValueError(DATE_HELP)
    parts = {k: int(v) for k, v in match.groupdict().items() if v and k != "tz"}
    try:
        day = date(parts["y"], parts["m"], parts["d"])
        clock = time(parts.get("H", 0), parts.get("M", 0), parts.get("S", 0))
    except ValueError:
        raise ValueError("bukan tanggal atau jam yang ada di kalender") from None
    if match["tz"]:
        suffix = INDONESIAN_ZONES.get(match["tz"], match["tz"].replace("Z", "+00:00"))
        try:
            offset = datetime.fromisoformat(f"{day.isoformat()}T{clock.isoformat()}{suffix}")
        except ValueError:
            raise ValueError("zona waktu tidak dikenal; tulis WIB, +07:00, atau tanpa zona (dianggap WIB)") from None
        try:
            return Moment(offset.astimezone(zone), "H" in parts)
        except OverflowError:
            raise ValueError("tahun di luar jangkauan kalender") from None
    return Moment(datetime.combine(day, clock, zone), "H" in parts)


def _tags(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        if "," in value:
            raise ValueError(
                f"tulis tag sebagai daftar, misalnya tags: [{', '.join(t.strip() for t in value.split(','))}]"
            )
        return [value]
    return _at_most(MAX_TAGS, "tag", "pilih tag yang paling menggambarkan isi berita")(value)


def _unique_tags(value: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for tag in value:
        seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def _one_or_many(value: Any) -> Any:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


def _list_or_empty(value: Any) -> Any:
    # An empty `speakers:` line means no speakers, as `speakers: []` does.
    return [] if value is None else value


# --- limits ----------------------------------------------------------------------------------
#
# Every list an author writes becomes pages, links or lines of a page, and every title a drawn
# card: without a bound, one article can make a build take minutes and gigabytes (10,000 tags
# made 10,000 tag pages and feeds). Each bound is far above what a news article needs.
MAX_TITLE = 300  # characters; the lint warns from lint.TITLE_LIMIT (70), where search results cut it
MAX_TAGS = 30
MAX_AUTHORS = 20
MAX_PEOPLE = 100  # speakers of one event
MAX_ALIASES = 50


def _at_most(limit: int, noun: str, advice: str) -> Callable[[Any], Any]:
    """A check that a list has at most `limit` items, before any item is validated."""

    def check(value: Any) -> Any:
        if isinstance(value, list) and len(value) > limit:
            raise ValueError(f"paling banyak {limit} {noun} per artikel; {advice}, tertulis {len(value)} {noun}")
        return value

    return check


def _short_title(value: Any) -> Any:
    if isinstance(value, str) and len(value.strip()) > MAX_TITLE:
        raise ValueError(
            f"judul paling panjang {MAX_TITLE} karakter (judul yang mudah dibaca paling banyak 70);"
            f" pindahkan keterangannya ke `summary` atau ke isi berita, tertulis {len(value.strip())} karakter"
        )
    return value


def _person(value: Any) -> Any:
    # A person may be written as just a name.
    if isinstance(value, str):
        return {"name": value}
    depth, current = 0, value
    while isinstance(current, dict) and "represented_by" in current:
        depth, current = depth + 1, current["represented_by"]
        if depth > MAX_REPRESENTED:
            raise ValueError(
                f"`represented_by` bersarang lebih dari {MAX_REPRESENTED} tingkat; tulis wakil dari narasumber "
                "saja (satu tingkat), wakil dari wakil paling dalam tiga tingkat"
            )
    return value


# "Diwakili oleh" a representative, whose own representative is rare already.
MAX_REPRESENTED = 3


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
    if len(decoded) > 300 or any(len(part) > MAX_SLUG for part in decoded.split("/")):
        raise ValueError(f"terlalu panjang (tiap bagian paling banyak {MAX_SLUG} karakter)")
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
WhenValue = Annotated[Moment, PlainValidator(_moment)]
Text = Annotated[str, Field(min_length=1)]
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_SLUG = 100  # keeps every output file name far below the file system's 255 bytes
# A tag becomes a folder name: /tag/<slug>/.
TagText = Annotated[str, Field(min_length=1, max_length=MAX_SLUG)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True)


class Person(Strict):
    name: Text
    role: Text | None = None
    affiliation: Text | None = None
    represented_by: PersonValue | None = None


PersonValue = Annotated[Person, BeforeValidator(_person)]


class Image(Strict):
    src: Text
    alt: Text
    caption: Text | None = None
    credit: Text | None = None


class Form(Strict):
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]
    label: Text = "Isi Formulir"
    closes: WhenValue | None = None


class Event(Strict):
    start: WhenValue
    end: WhenValue | None = None
    mode: Literal["daring", "luring", "hibrida"]
    platform: Text | None = None
    venue: Text | None = None
    type: Literal["kuliah_tamu", "seminar", "webinar", "workshop", "pelatihan", "lainnya"] | None = None
    organizer: Text | None = None
    study_program: Text | None = None
    course: Text | None = None
    speakers: Annotated[
        list[PersonValue],
        BeforeValidator(_at_most(MAX_PEOPLE, "narasumber", "sebut nama narasumber lainnya di isi berita")),
        BeforeValidator(_list_or_empty),
    ] = []
    opened_by: PersonValue | None = None
    moderator: PersonValue | None = None
    participants: Annotated[int, Field(ge=0, strict=True)] | None = None
    participants_note: Text | None = None


class FrontMatter(Strict):
    title: Annotated[Text, BeforeValidator(_short_title)]
    date: WhenValue
    updated: WhenValue | None = None
    category: Literal["berita", "pengumuman", "agenda", "prestasi"] = "berita"
    tags: Annotated[list[TagText], BeforeValidator(_tags), AfterValidator(_unique_tags)] = []
    summary: Text | None = None
    author: Annotated[
        list[Text],
        BeforeValidator(_at_most(MAX_AUTHORS, "penulis", "tulis nama tim atau unitnya, misalnya Tim Humas")),
        BeforeValidator(_one_or_many),
    ] = []
    image: Image | None = None
    slug: Annotated[str, Field(pattern=SLUG, max_length=MAX_SLUG)] | None = None
    draft: StrictBool = False
    # The home page's lead while the article is among the newest (see index.front_page).
    featured: StrictBool = False
    event: Event | None = None
    form: Form | None = None
    aliases: Annotated[
        list[Annotated[str, AfterValidator(_alias)]],
        BeforeValidator(_at_most(MAX_ALIASES, "alamat lama", "simpan alamat lama yang masih ditautkan orang saja")),
        BeforeValidator(_list_or_empty),
    ] = []


Person.model_rebuild()


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

"""A point in time as an author writes it: a date, or a date and a time, year first.

Values arrive from `yaml_loader.AuthorLoader`, so `9:00` is text here, never the integer 540. A
time without a zone is in the site's zone (given as validation context); WIB, WITA, WIT or an
offset may be written. A day-first date or a clock without a date is refused with the expected
format rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import Annotated, Any

from pydantic import PlainValidator, ValidationInfo

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


WhenValue = Annotated[Moment, PlainValidator(_moment)]

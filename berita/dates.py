"""Dates and times as Indonesian readers write them: "Rabu, 21 April 2021", "09.00 WIB"."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date

from .schema import Moment

# Indonesia's zones by their common abbreviation; other zones show their own.
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def long_date(when: Moment | datetime, locale: str = "id") -> str:
    """'Rabu, 21 April 2021'."""
    return format_date(_at(when), "EEEE, d MMMM y", locale=locale)


def short_date(when: Moment | datetime, locale: str = "id") -> str:
    """'21 April 2021'."""
    return format_date(_at(when), "d MMMM y", locale=locale)


def month_year(when: Moment | datetime, locale: str = "id") -> str:
    """'April 2021'."""
    return format_date(_at(when), "LLLL y", locale=locale)


def clock(when: Moment | datetime) -> str:
    """'09.00 WIB': hours and minutes with a dot, and the zone's Indonesian name."""
    at = _at(when)
    zone = ZONE_NAMES.get(str(at.tzinfo), at.strftime("%Z"))
    return f"{at:%H.%M} {zone}".strip()


def span(start: Moment, end: Moment | None, locale: str = "id") -> str:
    """An event's time: 'Rabu, 21 April 2021, 09.00–12.00 WIB', or across days."""
    text = long_date(start, locale)
    if end is None:
        return f"{text}, {clock(start)}" if start.has_time else text
    if end.at.date() == start.at.date():
        if start.has_time and end.has_time:
            return f"{text}, {start.at:%H.%M}–{clock(end)}"
        return f"{text}, {clock(start)}" if start.has_time else text
    first = f"{text}, {clock(start)}" if start.has_time else text
    last = f"{long_date(end, locale)}, {clock(end)}" if end.has_time else long_date(end, locale)
    return f"{first} – {last}"


def iso(when: Moment | datetime) -> str:
    """Machine-readable time with its offset, for <time datetime> and feeds."""
    return _at(when).isoformat()


def _at(when: Moment | datetime) -> datetime:
    return when.at if isinstance(when, Moment) else when

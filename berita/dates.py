"""Dates and times as Indonesian readers write them: "Rabu, 21 April 2021", "09.00 WIB"."""

from __future__ import annotations

from datetime import datetime

from .frontmatter.moments import Moment

# Indonesian names as CLDR has them (tests/test_dates.py compares with Babel). A table, not
# Babel at build time: a large site formats dates a hundred thousand times, and Babel's
# pattern formatting was a third of the render stage.
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# Indonesia's zones by their common abbreviation; other zones show their own.
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def long_date(when: Moment | datetime) -> str:
    """'Rabu, 21 April 2021'."""
    at = _at(when)
    return f"{DAYS[at.weekday()]}, {short_date(at)}"


def short_date(when: Moment | datetime) -> str:
    """'21 April 2021'."""
    at = _at(when)
    return f"{at.day} {MONTHS[at.month - 1]} {at.year}"


def month_year(when: Moment | datetime) -> str:
    """'April 2021'."""
    at = _at(when)
    return f"{MONTHS[at.month - 1]} {at.year}"


def clock(when: Moment | datetime) -> str:
    """'09.00 WIB': hours and minutes with a dot, and the zone's Indonesian name."""
    at = _at(when)
    zone = ZONE_NAMES.get(str(at.tzinfo), at.strftime("%Z"))
    return f"{at:%H.%M} {zone}".strip()


def span(start: Moment, end: Moment | None) -> str:
    """An event's time: 'Rabu, 21 April 2021, 09.00–12.00 WIB', or across days."""
    text = long_date(start)
    if end is None:
        return f"{text}, {clock(start)}" if start.has_time else text
    if end.at.date() == start.at.date():
        if start.has_time and end.has_time:
            return f"{text}, {start.at:%H.%M}–{clock(end)}"
        return f"{text}, {clock(start)}" if start.has_time else text
    first = f"{text}, {clock(start)}" if start.has_time else text
    last = f"{long_date(end)}, {clock(end)}" if end.has_time else long_date(end)
    return f"{first} – {last}"


def iso(when: Moment | datetime) -> str:
    """Machine-readable time with its offset, for <time datetime> and feeds."""
    return _at(when).isoformat()


def _at(when: Moment | datetime) -> datetime:
    return when.at if isinstance(when, Moment) else when


def short_month(when: Moment | datetime) -> str:
    """'Des': the month as the date block of an event card shows it."""
    return MONTHS[_at(when).month - 1][:3]


def event_day_time(start: Moment, end: Moment | None) -> str:
    """An event's time beside its date block, which shows the first day already: 'Kamis,
    09.00–11.30 WIB' on one day, 'Senin–Rabu, 25–27 Agustus 2025' over several."""
    first = start.at
    if end is None or end.at.date() == first.date():
        day = DAYS[first.weekday()]
        if not start.has_time:
            return day
        if end is not None and end.has_time:
            return f"{day}, {first:%H.%M}–{clock(end)}"
        return f"{day}, {clock(start)}"
    last = end.at
    days = f"{DAYS[first.weekday()]}–{DAYS[last.weekday()]}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{days}, {first.day}–{short_date(last)}"
    if first.year == last.year:
        return f"{days}, {first.day} {MONTHS[first.month - 1]} – {short_date(last)}"
    return f"{days}, {short_date(first)} – {short_date(last)}"

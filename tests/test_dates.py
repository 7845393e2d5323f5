"""dates: Indonesian dates and times as readers write them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sites import WIB

from berita.dates import clock, iso, long_date, month_year, short_date, span
from berita.frontmatter.moments import Moment

HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def at(*parts: int, zone: ZoneInfo = WIB) -> Moment:
    return Moment(datetime(*parts, tzinfo=zone), len(parts) > 3)


def test_long_date_example():
    assert long_date(at(2021, 4, 21)) == "Rabu, 21 April 2021"


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ((2021, 4, 21), "Rabu, 21 April 2021"),
        ((2024, 2, 29), "Kamis, 29 Februari 2024"),
        ((2000, 1, 1), "Sabtu, 1 Januari 2000"),
        ((2023, 8, 17), "Kamis, 17 Agustus 2023"),
        ((2022, 12, 25), "Minggu, 25 Desember 2022"),
        ((2021, 5, 2), "Minggu, 2 Mei 2021"),
        ((2026, 11, 27), "Jumat, 27 November 2026"),
        ((2025, 6, 30), "Senin, 30 Juni 2025"),
        ((2025, 7, 1), "Selasa, 1 Juli 2025"),
    ],
)
def test_long_date_has_the_right_weekday_and_month(parts, expected):
    assert long_date(at(*parts)) == expected


def test_long_date_weekday_matches_the_calendar_for_a_whole_month():
    for number in range(1, 32):
        when = date(2025, 1, number)
        text = long_date(at(2025, 1, number))
        assert text.split(",")[0] == HARI[when.weekday()], text
        assert text.endswith(f"{number} Januari 2025")


def test_long_date_uses_the_moment_zone_date_late_at_night():
    # 23.30 WIB is still the 21st, even though it is the 21st 16.30 in UTC.
    assert long_date(at(2021, 4, 21, 23, 30)) == "Rabu, 21 April 2021"
    assert long_date(datetime(2021, 4, 21, 23, 30, tzinfo=WIB)) == "Rabu, 21 April 2021"


def test_short_date_and_month_year():
    assert short_date(at(2021, 4, 21)) == "21 April 2021"
    assert month_year(at(2021, 4, 21)) == "April 2021"
    assert month_year(at(2022, 8, 1)) == "Agustus 2022"


def test_clock():
    assert clock(at(2021, 4, 21, 9, 0)) == "09.00 WIB"
    assert clock(at(2021, 4, 21, 13, 5)) == "13.05 WIB"
    assert clock(datetime(2021, 4, 21, 21, 30, tzinfo=WIB)) == "21.30 WIB"


def test_clock_other_indonesian_zones():
    assert clock(at(2021, 4, 21, 9, 0, zone=ZoneInfo("Asia/Makassar"))) == "09.00 WITA"
    assert clock(at(2021, 4, 21, 9, 0, zone=ZoneInfo("Asia/Jayapura"))) == "09.00 WIT"
    assert clock(at(2021, 4, 21, 9, 0, zone=ZoneInfo("Asia/Pontianak"))) == "09.00 WIB"


def test_span_same_day():
    assert span(at(2021, 4, 21, 9, 0), at(2021, 4, 21, 12, 0)) == "Rabu, 21 April 2021, 09.00–12.00 WIB"


def test_span_start_only():
    assert span(at(2021, 4, 21, 9, 0), None) == "Rabu, 21 April 2021, 09.00 WIB"


def test_span_date_only():
    assert span(at(2021, 4, 21), None) == "Rabu, 21 April 2021"
    assert span(at(2021, 4, 21), at(2021, 4, 21)) == "Rabu, 21 April 2021"


def test_span_multi_day_with_times():
    assert (
        span(at(2021, 4, 21, 9, 0), at(2021, 4, 23, 12, 0))
        == "Rabu, 21 April 2021, 09.00 WIB – Jumat, 23 April 2021, 12.00 WIB"
    )


def test_span_multi_day_dates_only():
    assert span(at(2021, 4, 21), at(2021, 4, 23)) == "Rabu, 21 April 2021 – Jumat, 23 April 2021"


def test_span_across_months_and_years():
    assert span(at(2021, 12, 31), at(2022, 1, 2)) == "Jumat, 31 Desember 2021 – Minggu, 2 Januari 2022"


def test_span_same_day_end_without_time_keeps_the_start_time():
    assert span(at(2021, 4, 21, 9, 0), at(2021, 4, 21)) == "Rabu, 21 April 2021, 09.00 WIB"


def test_iso_keeps_the_offset():
    assert iso(at(2021, 4, 21, 9, 0)) == "2021-04-21T09:00:00+07:00"
    assert iso(at(2021, 4, 21)) == "2021-04-21T00:00:00+07:00"


def test_day_and_month_names_are_those_of_cldr():
    """The tables in dates.py against Babel's Indonesian locale (Babel is only a test dependency)."""
    babel_dates = pytest.importorskip("babel.dates")
    for number in range(1, 366, 3):
        when = date(2024, 1, 1) + timedelta(days=number)
        moment = at(when.year, when.month, when.day)
        assert long_date(moment) == babel_dates.format_date(when, "EEEE, d MMMM y", locale="id")
        assert short_date(moment) == babel_dates.format_date(when, "d MMMM y", locale="id")
        assert month_year(moment) == babel_dates.format_date(when, "LLLL y", locale="id")

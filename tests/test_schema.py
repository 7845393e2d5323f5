"""schema.FrontMatter: what authors may write, and the Indonesian sentence for what they may not."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError
from sites import WIB

from berita.frontmatter.moments import Moment
from berita.frontmatter.schema import FrontMatter, cross_field_problems
from berita.frontmatter.source import Source, read_source
from berita.frontmatter.validation import explain_all, field_path

BASE = {"title": "Judul", "date": date(2021, 4, 21)}
EVENT = {"start": date(2021, 4, 21), "mode": "luring"}


def valid(**fields: Any) -> FrontMatter:
    return FrontMatter.model_validate({**BASE, **fields}, context={"zone": WIB})


def errors(**fields: Any) -> dict[str, str]:
    """Every error as {dotted field path: sentence}."""
    with pytest.raises(ValidationError) as caught:
        FrontMatter.model_validate({**BASE, **fields}, context={"zone": WIB})
    return {field_path(loc): text for loc, text in explain_all(caught.value, FrontMatter)}


def one_error(**fields: Any) -> tuple[str, str]:
    found = errors(**fields)
    assert len(found) == 1, found
    return next(iter(found.items()))


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected", "has_time"),
    [
        (date(2021, 4, 21), datetime(2021, 4, 21, 0, 0, tzinfo=WIB), False),
        ("2021-04-21", datetime(2021, 4, 21, 0, 0, tzinfo=WIB), False),
        ("2021-4-1", datetime(2021, 4, 1, 0, 0, tzinfo=WIB), False),
        (datetime(2021, 4, 21, 9, 0), datetime(2021, 4, 21, 9, 0, tzinfo=WIB), True),
        ("2021-04-21 09:00", datetime(2021, 4, 21, 9, 0, tzinfo=WIB), True),
        ("2021-04-21 09.00", datetime(2021, 4, 21, 9, 0, tzinfo=WIB), True),
        ("2021-04-21T09:00", datetime(2021, 4, 21, 9, 0, tzinfo=WIB), True),
        ("2021-04-21T09:00:30", datetime(2021, 4, 21, 9, 0, 30, tzinfo=WIB), True),
        ("2021-04-21T09:00+07:00", datetime(2021, 4, 21, 9, 0, tzinfo=WIB), True),
        ("2021-04-21T02:00Z", datetime(2021, 4, 21, 9, 0, tzinfo=WIB), True),
        ("2021-04-21T02:00:00Z", datetime(2021, 4, 21, 9, 0, tzinfo=WIB), True),
        ("2021-04-21T10:00+08:00", datetime(2021, 4, 21, 9, 0, tzinfo=WIB), True),
        ("2021-04-21 09:00 WIB", datetime(2021, 4, 21, 9, 0, tzinfo=WIB), True),
        ("2021-04-21 09:00 WITA", datetime(2021, 4, 21, 8, 0, tzinfo=WIB), True),
        ("2021-04-21 09:00 WIT", datetime(2021, 4, 21, 7, 0, tzinfo=WIB), True),
        (datetime(2021, 4, 21, 2, 0, tzinfo=UTC), datetime(2021, 4, 21, 9, 0, tzinfo=WIB), True),
        (
            datetime(2021, 4, 21, 9, 0, tzinfo=timezone(timedelta(hours=7))),
            datetime(2021, 4, 21, 9, 0, tzinfo=WIB),
            True,
        ),
    ],
)
def test_accepted_date_forms(value, expected, has_time):
    moment = valid(date=value).date
    assert moment.at == expected
    assert moment.has_time is has_time
    assert moment.at.utcoffset() == timedelta(hours=7)  # always shown in the site's zone


def test_naive_datetime_is_wib_not_utc():
    moment = valid(date=datetime(2021, 4, 21, 9, 0)).date
    assert moment.at.astimezone(UTC) == datetime(2021, 4, 21, 2, 0, tzinfo=UTC)


def test_date_read_from_yaml_is_wib():
    raw = b"---\ntitle: A\ndate: 2021-04-21T09:00:00\nupdated: 2021-04-22T01:00:00Z\n---\n"
    source = read_source(raw, "a.md")
    assert isinstance(source, Source)
    fm = FrontMatter.model_validate(source.data, context={"zone": WIB})
    assert fm.date == Moment(datetime(2021, 4, 21, 9, 0, tzinfo=WIB), True)
    assert fm.updated is not None
    assert fm.updated.at == datetime(2021, 4, 22, 8, 0, tzinfo=WIB)


@pytest.mark.parametrize("value", ["2021-04-21 WIB", "2021-04-21+07:00"])
def test_date_with_zone_but_no_clock_has_no_time(value):
    try:
        moment = valid(date=value).date
    except ValidationError:
        return  # refusing it is fine too
    assert moment.has_time is False


@pytest.mark.parametrize("value", ["12-03-2024", "21/4/2021", "21.4.2021"])
def test_day_first_dates_are_refused_not_guessed(value):
    field, message = one_error(date=value)
    assert field == "date"
    assert "TTTT-BB-HH" in message
    assert "diawali hari" in message
    assert message.endswith(f'tertulis "{value}"')


@pytest.mark.parametrize("value", ["9:00", "09.00"])
def test_clock_without_date_is_refused(value):
    field, message = one_error(date=value)
    assert field == "date"
    assert "jam saja tanpa tanggal tidak cukup" in message
    assert message.endswith(f'tertulis "{value}"')


@pytest.mark.parametrize("value", ["2021-02-30", "2021-13-01", "2021-04-21 25:00"])
def test_impossible_dates_are_refused(value):
    field, message = one_error(date=value)
    assert field == "date"
    assert message.startswith("bukan tanggal atau jam yang ada di kalender")
    assert message.endswith(f'tertulis "{value}"')


@pytest.mark.parametrize(("value", "shown"), [("kemarin", '"kemarin"'), (20210421, "20210421"), (True, "true")])
def test_other_date_values_are_refused(value, shown):
    field, message = one_error(date=value)
    assert field == "date"
    assert message.startswith("harus tanggal dengan format TTTT-BB-HH")
    assert message.endswith(f"tertulis {shown}")


def test_missing_date_and_title():
    with pytest.raises(ValidationError) as caught:
        FrontMatter.model_validate({}, context={"zone": WIB})
    found = {field_path(loc): text for loc, text in explain_all(caught.value, FrontMatter)}
    assert set(found) == {"title", "date"}
    assert all(text.startswith("wajib diisi") for text in found.values())


def test_empty_title_is_refused():
    assert one_error(title="  ") == ("title", "tidak boleh kosong")


# --- tags, authors, people -------------------------------------------------------------------


def test_single_string_tag_is_one_tag():
    assert valid(tags="kuliah tamu").tags == ["kuliah tamu"]


def test_comma_separated_tags_are_refused_with_a_suggestion():
    field, message = one_error(tags="beasiswa, mahasiswa")
    assert field == "tags"
    assert "tags: [beasiswa, mahasiswa]" in message
    assert 'tertulis "beasiswa, mahasiswa"' in message


def test_tags_are_deduplicated_case_insensitively_keeping_the_first_spelling():
    assert valid(tags=["Beasiswa", "mahasiswa", "beasiswa", "BEASISWA", "Mahasiswa"]).tags == ["Beasiswa", "mahasiswa"]


def test_tags_are_stripped_and_no_tags_is_empty():
    assert valid(tags=[" wisuda "]).tags == ["wisuda"]
    assert valid(tags=None).tags == []
    assert valid().tags == []


def test_empty_tag_is_refused():
    assert one_error(tags=["wisuda", ""]) == ("tags[1]", "tidak boleh kosong")


def test_author_string_or_list():
    assert valid(author="Humas").author == ["Humas"]
    assert valid(author=["A", "B"]).author == ["A", "B"]


def test_person_as_plain_string():
    fm = valid(
        event={
            **EVENT,
            "speakers": ["Dr. Indra", {"name": "Iim", "represented_by": "Budi"}],
            "opened_by": "Direktur",
            "moderator": {"name": "Sari", "role": "Dosen"},
        }
    )
    assert fm.event is not None
    assert fm.event.speakers[0].name == "Dr. Indra"
    assert fm.event.speakers[0].role is None
    assert fm.event.speakers[1].represented_by is not None
    assert fm.event.speakers[1].represented_by.name == "Budi"
    assert fm.event.opened_by is not None and fm.event.opened_by.name == "Direktur"
    assert fm.event.moderator is not None and fm.event.moderator.role == "Dosen"


def test_speakers_must_be_a_list():
    field, message = one_error(event={**EVENT, "speakers": "Budi"})
    assert field == "event.speakers"
    assert message.startswith("harus berupa daftar")
    assert message.endswith('tertulis "Budi"')


# --- unknown keys ----------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "suggestion"), [("tag", "tags"), ("tittle", "title"), ("sumary", "summary")])
def test_unknown_top_level_key_suggests_the_known_one(key, suggestion):
    field, message = one_error(**{key: "x"})
    assert field == key
    assert message.startswith("kolom tidak dikenal.")
    assert f"Maksud Anda `{suggestion}`?" in message


def test_unknown_key_without_a_close_match_suggests_no_name():
    field, message = one_error(zzzzzz=1)
    assert field == "zzzzzz"
    assert message.startswith("kolom tidak dikenal.")
    assert "Maksud Anda" not in message


@pytest.mark.parametrize("key", ["participant", "particpants", "partisipants"])
def test_unknown_event_key_suggests_participants(key):
    field, message = one_error(event={**EVENT, key: 200})
    assert field == f"event.{key}"
    assert message.startswith("kolom tidak dikenal.")
    assert "Maksud Anda `participants`?" in message


def test_unknown_key_in_a_list_item_suggests_the_person_field():
    field, message = one_error(event={**EVENT, "speakers": [{"name": "A", "rol": "Pendiri"}]})
    assert field == "event.speakers[0].rol"
    assert message.startswith("kolom tidak dikenal.")
    assert "Maksud Anda `role`?" in message


def test_unknown_key_in_represented_by_suggests_the_person_field():
    field, message = one_error(
        event={**EVENT, "speakers": [{"name": "A", "represented_by": {"name": "B", "afiliation": "X"}}]}
    )
    assert field == "event.speakers[0].represented_by.afiliation"
    assert message.startswith("kolom tidak dikenal.")
    assert "Maksud Anda `affiliation`?" in message


# --- participants, draft, literals, slug, image ----------------------------------------------


def test_participants_in_words_gives_exact_message():
    field, message = one_error(event={**EVENT, "participants": "dua ratus"})
    assert field == "event.participants"
    assert message == 'harus bilangan bulat ≥ 0, tertulis "dua ratus"'


def test_participants_negative():
    assert one_error(event={**EVENT, "participants": -1}) == (
        "event.participants",
        "harus bilangan bulat ≥ 0, tertulis -1",
    )


@pytest.mark.parametrize("value", ["200", True, "dua ratus"])
def test_participants_must_be_a_real_integer(value):
    field, message = one_error(event={**EVENT, "participants": value})
    assert field == "event.participants"
    assert message.startswith("harus bilangan bulat")


def test_participants_zero_and_positive_accepted():
    assert valid(event={**EVENT, "participants": 0}).event.participants == 0
    assert valid(event={**EVENT, "participants": 202}).event.participants == 202


@pytest.mark.parametrize(("value", "shown"), [("no", '"no"'), ("yes", '"yes"'), (0, "0"), ("false", '"false"')])
def test_draft_must_be_a_real_boolean(value, shown):
    field, message = one_error(draft=value)
    assert field == "draft"
    assert message.startswith("harus true atau false")
    assert message.endswith(f"tertulis {shown}")


def test_draft_boolean_accepted():
    assert valid(draft=True).draft is True
    assert valid().draft is False


def test_category_lists_the_allowed_values():
    field, message = one_error(category="news")
    assert field == "category"
    assert message.startswith("harus salah satu dari: berita, pengumuman, agenda, prestasi")
    assert message.endswith('tertulis "news"')


def test_category_default_is_berita():
    assert valid().category == "berita"


def test_event_mode_lists_the_allowed_values():
    field, message = one_error(event={"start": date(2021, 4, 21), "mode": "online"})
    assert field == "event.mode"
    assert message.startswith("harus salah satu dari: daring, luring, hibrida")
    assert message.endswith('tertulis "online"')


def test_event_mode_and_start_are_required():
    found = errors(event={})
    assert set(found) == {"event.start", "event.mode"}
    assert all(text.startswith("wajib diisi") for text in found.values())


def test_event_type_lists_the_allowed_values():
    field, message = one_error(event={**EVENT, "type": "kuliah tamu"})
    assert field == "event.type"
    assert "kuliah_tamu, seminar, webinar, workshop, pelatihan, lainnya" in message


@pytest.mark.parametrize("slug", ["Kuliah-Tamu", "kuliah_tamu", "kuliah tamu", "-awal", "akhir-", "dua--strip"])
def test_slug_pattern_refused(slug):
    field, message = one_error(slug=slug)
    assert field == "slug"
    assert message.startswith("hanya boleh huruf kecil a-z, angka 0-9 dan tanda -")
    assert message.endswith(f'tertulis "{slug}"')


@pytest.mark.parametrize("slug", ["kuliah-tamu-ok-oce", "pmb-2022", "a"])
def test_slug_pattern_accepted(slug):
    assert valid(slug=slug).slug == slug


def test_image_without_alt_is_refused():
    field, message = one_error(image={"src": "foto.jpg"})
    assert field == "image.alt"
    assert message.startswith("wajib diisi")


def test_image_as_a_bare_path_is_refused():
    field, message = one_error(image="foto.jpg")
    assert field == "image"
    assert "kunci: nilai" in message


def test_form_url_must_be_web_address():
    field, message = one_error(form={"url": "ftp://x"})
    assert field == "form.url"
    assert "https://" in message


# --- rules across fields ----------------------------------------------------------------------


def test_cross_field_clean_article_has_no_problems():
    fm = valid(
        category="agenda",
        updated="2021-04-22",
        event={"start": "2021-04-21 09:00", "end": "2021-04-21 12:00", "mode": "daring"},
    )
    assert cross_field_problems(fm) == []


def test_agenda_without_event():
    [(path, message)] = cross_field_problems(valid(category="agenda"))
    assert path == ("category",)
    assert message.startswith("kategori agenda wajib punya `event`")


def test_updated_before_date():
    fm = valid(date="2021-04-21 09:00", updated="2021-04-21 08:59")
    [(path, message)] = cross_field_problems(fm)
    assert path == ("updated",)
    assert message.startswith("tidak boleh sebelum `date`")


def test_updated_equal_to_date_is_fine():
    assert cross_field_problems(valid(date="2021-04-21 09:00", updated="2021-04-21 09:00")) == []


def test_event_end_before_start():
    fm = valid(event={"start": "2021-04-21 09:00", "end": "2021-04-21 08:00", "mode": "daring"})
    [(path, message)] = cross_field_problems(fm)
    assert path == ("event", "end")
    assert message.startswith("tidak boleh sebelum `event.start`")


def test_every_cross_field_problem_is_reported_at_once():
    fm = valid(
        category="agenda",
        date="2021-04-21",
        updated="2021-04-20",
    )
    fields = [path for path, _ in cross_field_problems(fm)]
    assert fields == [("category",), ("updated",)]

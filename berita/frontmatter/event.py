"""An article's event: when and where it is, its kind and mode, and the people in it (speakers,
who opened it, the moderator), each written as a name or as a person who may be represented."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from .moments import WhenValue
from .strict import MAX_PEOPLE, Strict, Text, at_most, list_or_empty

EVENT_TYPES = {
    "kuliah_tamu": "Kuliah Tamu",
    "seminar": "Seminar",
    "webinar": "Webinar",
    "workshop": "Workshop",
    "pelatihan": "Pelatihan",
    "lainnya": "Kegiatan",
}
MODES = {"daring": "Daring", "luring": "Luring", "hibrida": "Hibrida (daring dan luring)"}

# "Diwakili oleh" a representative, whose own representative is rare already.
MAX_REPRESENTED = 3


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


class Person(Strict):
    name: Text
    role: Text | None = None
    affiliation: Text | None = None
    represented_by: PersonValue | None = None


PersonValue = Annotated[Person, BeforeValidator(_person)]

Person.model_rebuild()


# A list default is safe: pydantic copies it for every model (ruff's RUF012 cannot see Strict is one).
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
        BeforeValidator(at_most(MAX_PEOPLE, "narasumber", "sebut nama narasumber lainnya di isi berita")),
        BeforeValidator(list_or_empty),
    ] = []  # noqa: RUF012
    opened_by: PersonValue | None = None
    moderator: PersonValue | None = None
    participants: Annotated[int, Field(ge=0, strict=True)] | None = None
    participants_note: Text | None = None

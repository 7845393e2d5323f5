"""How strictly every front matter model reads an author's values, and how much it takes.

Strict refuses a key no model knows (a misspelt one is a message, not a silent loss), strips
text and takes a number written where text is expected as text; Text is never empty. Every
list an author writes is bounded far above what news needs, and so is a title.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

Text = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True)


def list_or_empty(value: Any) -> Any:
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


def at_most(limit: int, noun: str, advice: str) -> Callable[[Any], Any]:
    """A check that a list has at most `limit` items, before any item is validated."""

    def check(value: Any) -> Any:
        if isinstance(value, list) and len(value) > limit:
            raise ValueError(f"paling banyak {limit} {noun} per artikel; {advice}, tertulis {len(value)} {noun}")
        return value

    return check

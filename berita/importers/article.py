"""An imported post as an ordinary berita article: front matter written by a YAML dumper (never
by formatting values into text), checked by the project's own reader and schema before it is written."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

import yaml

from ..errors import Problem
from ..frontmatter.characters import CONTROL, LINE_SEPARATOR
from ..frontmatter.schema import MAX_SLUG, FrontMatter, cross_field_problems
from ..frontmatter.source import read_source
from ..model import slugify

SUMMARY_LIMIT = 300


@dataclass(frozen=True)
class Entry:
    """What one imported post becomes: the article's fields and its Markdown body."""

    key: str  # where it came from, for the record: "wordpress:https://kampus.ac.id/#123"
    title: str
    date: datetime
    updated: datetime | None
    category: str
    tags: tuple[str, ...]
    summary: str
    authors: tuple[str, ...]
    image: dict[str, str] | None
    draft: bool
    aliases: tuple[str, ...]
    body: str


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, with no anchors (berita refuses them) and times as authors write them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _moment(dumper: yaml.SafeDumper, value: datetime) -> yaml.ScalarNode:
    # 2021-04-21T13:00:00, plain: a time without a zone is WIB (the site's zone) to berita.
    return dumper.represent_scalar(
        "tag:yaml.org,2002:timestamp", value.replace(tzinfo=None).isoformat(timespec="seconds")
    )


_Dumper.add_representer(datetime, _moment)


def clean(text: str, line_breaks: str = " ") -> str:
    """Text without the characters a berita file may not hold (pasted from Word or a PDF)."""
    return LINE_SEPARATOR.sub(line_breaks, CONTROL.sub("", text.replace("\x00", "")))


def one_line(text: str) -> str:
    return " ".join(clean(text).split())


def summary_of(text: str) -> str:
    """At most SUMMARY_LIMIT characters, cut at a word."""
    text = one_line(text)
    if len(text) <= SUMMARY_LIMIT:
        return text
    cut = text[:SUMMARY_LIMIT].rsplit(" ", 1)[0].rstrip(",;:.—–-")
    return cut + "…"


def slug_from(*candidates: str, fallback: str) -> str:
    """The first candidate that gives a slug (a-z, 0-9, -), at most MAX_SLUG characters cut at a word."""
    for candidate in candidates:
        slug = slugify(unicodedata.normalize("NFKC", candidate))
        if len(slug) > MAX_SLUG:
            slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
        if slug:
            return slug
    return fallback


def article_text(entry: Entry, zone: tzinfo) -> str:
    """The file: front matter, then the body."""
    fields: dict[str, Any] = {"title": entry.title, "date": entry.date.astimezone(zone)}
    if entry.updated:
        fields["updated"] = entry.updated.astimezone(zone)
    if entry.draft:
        fields["draft"] = True
    fields["category"] = entry.category
    if entry.tags:
        fields["tags"] = list(entry.tags)
    if entry.summary:
        fields["summary"] = entry.summary
    if entry.authors:
        fields["author"] = entry.authors[0] if len(entry.authors) == 1 else list(entry.authors)
    if entry.image:
        fields["image"] = dict(entry.image)
    if entry.aliases:
        fields["aliases"] = list(entry.aliases)
    front = yaml.dump(
        fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=False
    )
    body = clean(entry.body, "\n").strip("\n")
    return f"---\n{front}---\n\n{body}\n" if body else f"---\n{front}---\n"


def problems_of(text: str, file: str, zone: tzinfo) -> list[Problem]:
    """What the build would refuse in this file's front matter: the importer's bug, never written."""
    source = read_source(text.encode("utf-8"), file)
    if isinstance(source, list):
        return source
    try:
        front = FrontMatter.model_validate(source.data, context={"zone": zone})
    except Exception as exc:  # pydantic's ValidationError, with every field
        return [Problem(file, None, "", re.sub(r"\s+", " ", str(exc))[:300])]
    return [Problem(file, None, ".".join(map(str, path)), message) for path, message in cross_field_problems(front)]

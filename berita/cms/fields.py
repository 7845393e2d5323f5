"""The editor's form, walked out of the front matter schema: one widget per schema field.

Each field of `schema.FrontMatter` becomes a Sveltia CMS (Decap-compatible) widget: text as
`string`, times as `datetime` in the site's zone, a Literal as a `select` with the labels the
site shows, a list as `list`, a nested model as `object` with its own fields. Required is
what the schema requires. A field whose type has no widget here is an error, not a guess.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..frontmatter.event import EVENT_TYPES, MODES, Person
from ..frontmatter.moments import Moment
from ..frontmatter.schema import CATEGORIES, FrontMatter
from ..frontmatter.validation import PATTERN_HELP
from ..images.picture import RASTER
from .labels import FIELDS

# The labels the site shows for each enumeration, found by their values.
CHOICES = (CATEGORIES, MODES, EVENT_TYPES)
# Text that may run to several sentences gets a box of several lines.
LONG_TEXT = {"summary", "event.participants_note"}
# Text that names a photo: picked or uploaded, and stored beside the article.
PHOTOS = {"image.src"}
PHOTO_TYPES = ",".join(sorted(RASTER))
# How the datetime widget writes a time: as the schema reads it, without an offset, so in the
# site's zone (`input_timezone`), whatever zone the author's computer is set to.
TIME_FORMAT = "YYYY-MM-DDTHH:mm"
BODY = "body"
# A new article is dated now (in the site's zone), as `new` dates it.
DEFAULTS = {"date": "{{now}}"}


def article_fields(timezone: str) -> list[dict[str, Any]]:
    """The widgets of an article: its front matter fields, with the body after the photo."""
    fields = list(model_fields(FrontMatter, "", timezone, ()))
    body = {"name": BODY, **_text(BODY), "widget": "markdown", "required": True}
    after = next(n for n, field in enumerate(fields) if field["name"] == "image") + 1
    return [*fields[:after], body, *fields[after:]]


def model_fields(
    model: type[BaseModel], prefix: str, timezone: str, within: tuple[type[BaseModel], ...]
) -> Iterator[dict[str, Any]]:
    """The widgets of one model's fields. A model is not entered again inside itself (a
    person's representative has no representative of their own in the form)."""
    for name, info in model.model_fields.items():
        kind, meta, optional = _unwrap(info.annotation, list(info.metadata))
        inner = _model(kind)
        if inner is not None and inner in within:
            continue
        yield _widget(name, prefix, kind, meta, timezone, (*within, model), info, optional)


def _widget(
    name: str,
    prefix: str,
    kind: Any,
    meta: list[Any],
    timezone: str,
    within: tuple[type[BaseModel], ...],
    info: FieldInfo,
    optional: bool,
) -> dict[str, Any]:
    key = f"{prefix}.{name}" if prefix else name
    widget = {"name": name, **_text(key), **_kind(key, kind, meta, timezone, within)}
    widget["required"] = info.is_required() and not optional
    if key in DEFAULTS:
        widget["default"] = DEFAULTS[key]
    elif isinstance(info.default, str | bool) and info.default != "":
        widget["default"] = info.default
    return widget


def _kind(key: str, kind: Any, meta: list[Any], timezone: str, within: tuple[type[BaseModel], ...]) -> dict[str, Any]:
    if kind is Moment:
        return {"widget": "datetime", "format": TIME_FORMAT, "input_timezone": timezone}
    if kind is bool:
        return {"widget": "boolean"}
    if kind is int:
        return {"widget": "number", "value_type": "int", **_bounds(meta)}
    if kind is str and key in PHOTOS:
        return {"widget": "image", "accept": PHOTO_TYPES, "choose_url": False}
    if kind is str:
        return {"widget": "text" if key in LONG_TEXT else "string", **_string_rules(key, meta)}
    if get_origin(kind) is Literal:
        return {"widget": "select", "options": _options(key, get_args(kind))}
    if get_origin(kind) is list:
        item, _, _ = _unwrap(get_args(kind)[0], [])
        model = _model(item)
        if model is not None:
            fields = list(model_fields(model, _prefix(key, model), timezone, within))
            return {"widget": "list", "fields": fields, "summary": "{{fields.name}}"}
        if item is str:
            return {"widget": "list"}
    model = _model(kind)
    if model is not None:
        fields = list(model_fields(model, _prefix(key, model), timezone, within))
        return {"widget": "object", "fields": fields}
    raise TypeError(f"berita.cms has no widget for {key} ({kind!r}): add one to berita/cms/fields.py")


def _unwrap(annotation: Any, meta: list[Any]) -> tuple[Any, list[Any], bool]:
    """The type under Annotated and Optional, the constraints found on the way, and whether
    None was allowed."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *more = get_args(annotation)
        return _unwrap(base, [*meta, *more])
    if origin in (Union, types.UnionType):
        rest = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(rest) == 1:
            kind, found, _ = _unwrap(rest[0], meta)
            return kind, found, True
    return annotation, meta, False


def _constraints(meta: list[Any]) -> Iterator[Any]:
    for item in meta:
        if isinstance(item, FieldInfo):
            yield from _constraints(list(item.metadata))
        else:
            yield item


def _bounds(meta: list[Any]) -> dict[str, Any]:
    found = {}
    for item in _constraints(meta):
        if getattr(item, "ge", None) is not None:
            found["min"] = item.ge
        if getattr(item, "le", None) is not None:
            found["max"] = item.le
    return found


def _string_rules(key: str, meta: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in _constraints(meta):
        if getattr(item, "max_length", None) is not None:
            found["maxlength"] = item.max_length
        if getattr(item, "pattern", None) is not None:
            # The schema's own pattern, told as the build tells it (validation.PATTERN_HELP).
            found["pattern"] = [item.pattern, PATTERN_HELP[key.rsplit(".", 1)[-1]]]
    return found


def _options(key: str, values: tuple[str, ...]) -> list[dict[str, str]]:
    for labels in CHOICES:
        if set(labels) == set(values):
            return [{"label": labels[value], "value": value} for value in values]
    raise TypeError(f"berita.cms has no labels for the choices of {key}: {values}")


def _model(kind: Any) -> type[BaseModel] | None:
    return kind if isinstance(kind, type) and issubclass(kind, BaseModel) else None


def _prefix(key: str, model: type[BaseModel]) -> str:
    return "person" if model is Person else key


def _text(key: str) -> dict[str, str]:
    label, hint = FIELDS[key]
    return {"label": label, "hint": hint} if hint else {"label": label}

"""Pydantic's validation errors, told to an author in Indonesian.

Shared by the front matter schema and the config file: both are pydantic models with
`extra="forbid"`, and both report a field as a dotted path with what was expected.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import did_you_mean, shown

EXPECTED = {
    "string_type": "harus teks",
    "int_type": "harus bilangan bulat",
    "int_parsing": "harus bilangan bulat",
    "int_from_float": "harus bilangan bulat",
    "bool_type": "harus true atau false",
    "bool_parsing": "harus true atau false",
    "list_type": "harus berupa daftar",
    "tuple_type": "harus berupa daftar",
    "dict_type": "harus berisi pasangan `kunci: nilai`",
    "model_type": "harus berisi pasangan `kunci: nilai`",
    "model_attributes_type": "harus berisi pasangan `kunci: nilai`",
    "url_parsing": "harus alamat web lengkap (https://…)",
    "url_scheme": "harus alamat web yang diawali http:// atau https://",
}
MISSING_HINTS = {
    "title": ", misalnya title: Kuliah Tamu Kewirausahaan Sosial",
    "date": ", misalnya date: 2021-04-21T13:00 (tahun-bulan-hari, jam WIB)",
    "start": ", misalnya start: 2021-04-21T09:00",
    "mode": ": daring, luring, atau hibrida",
    "alt": " (teks pengganti gambar untuk pembaca tunanetra, misalnya alt: Peserta kuliah tamu di ruang Zoom)",
    "src": ", misalnya src: foto.jpg (file di samping artikel)",
    "name": ", misalnya name: Dr. Marjuki, M.Sc.",
    "url": ", misalnya url: https://forms.gle/…",
}
# By the whole path, before MISSING_HINTS by the last name: config.toml's fields, written in TOML.
PATH_HINTS = {"organization.name": ', misalnya name = "Politeknik Contoh Nusantara" (nama lengkap kampus)'}
PYDANTIC_WRAPPER = re.compile(r"(?:function-(?:before|after|plain|wrap)|nullable|union|tagged-union|lax-or-strict)\[")
PATTERN_HELP = {
    "slug": "hanya boleh huruf kecil a-z, angka 0-9 dan tanda - (contoh: kuliah-tamu-ok-oce)",
    "url": "harus alamat web lengkap yang diawali https://",
}


def _missing_hint(loc: tuple[Any, ...]) -> str:
    return PATH_HINTS.get(field_path(loc), MISSING_HINTS.get(str(loc[-1]), ""))


def field_path(loc: tuple[Any, ...]) -> str:
    """('event', 'speakers', 0, 'name') -> 'event.speakers[0].name'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The nested model a location points into, to suggest its field names."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        inner = _model_in(field.annotation)
        if inner is None:
            return None
        model = inner
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def explain(error: dict[str, Any], model: type[BaseModel]) -> str:
    """The Indonesian sentence for one pydantic error dict."""
    kind = error["type"]
    found = error.get("input")
    loc = tuple(error["loc"])
    if kind == "missing":
        return "wajib diisi" + _missing_hint(loc)
    if kind == "extra_forbidden":
        parent = model_at(model, loc[:-1])
        refused = getattr(parent, "NOT_HERE", {}).get(str(loc[-1]))
        if refused:
            return refused
        known = parent.model_fields if parent else {}
        return "kolom tidak dikenal." + (
            did_you_mean(str(loc[-1]), known) or f" Kolom yang dikenal: {', '.join(known)}"
        )
    if kind in ("value_error", "assertion_error"):
        message = str(error["ctx"]["error"])
        return message if "tertulis" in message else f"{message}, tertulis {shown(found)}"
    if kind == "literal_error":
        expected = error["ctx"]["expected"].replace("'", "").replace(" or ", ", ")
        return f"harus salah satu dari: {expected}; tertulis {shown(found)}"
    if kind in ("greater_than_equal", "greater_than"):
        bound = error["ctx"].get("ge", error["ctx"].get("gt"))
        return f"harus bilangan bulat ≥ {bound}, tertulis {shown(found)}"
    if kind == "string_pattern_mismatch":
        return f"{PATTERN_HELP.get(str(loc[-1]), 'bentuknya tidak sesuai')}, tertulis {shown(found)}"
    if kind == "string_too_long":
        return f"terlalu panjang (paling banyak {error['ctx']['max_length']} karakter)"
    if kind == "string_too_short":
        return "tidak boleh kosong"
    if found is None and kind.endswith("_type"):
        return "wajib diisi (masih kosong)" + _missing_hint(loc)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        quoted = " tanpa tanda kutip" if isinstance(found, str) and found.strip().isdigit() else ""
        return f"harus bilangan bulat{_lower_bound(model, loc)}{quoted}, tertulis {shown(found)}"
    expected = EXPECTED.get(kind, error["msg"])
    if kind.startswith("bool") and loc[-1] == "draft":
        expected += " (untuk menerbitkan: hapus baris ini atau tulis false)"
    if kind.startswith("bool") and loc[-1] == "featured":
        expected += " (true: jadikan berita utama di beranda)"
    return f"{expected}, tertulis {shown(found)}"


def _belongs_to(parent: type[BaseModel] | None, key: str) -> str:
    """' Kolom ini milik `event`…' when a key of a nested object was written one level too high."""
    for name, field in parent.model_fields.items() if parent else ():
        inner = _model_in(field.annotation)
        if inner is not None and key in inner.model_fields:
            return f" Kolom ini milik `{name}`: tulis di bawah `{name}:` dengan menjorok dua spasi."
    return ""


def _lower_bound(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    parent = model_at(model, loc[:-1])
    field = parent.model_fields.get(str(loc[-1])) if parent else None
    for rule in _metadata(field.annotation) + list(field.metadata) if field else ():
        if getattr(rule, "ge", None) is not None:
            return f" ≥ {rule.ge}"
    return ""


def _metadata(annotation: Any) -> list[Any]:
    """Constraints inside an annotation, also when it is `Annotated[int, Field(ge=0)] | None`."""
    found = []
    for item in getattr(annotation, "__metadata__", ()):
        found += [item, *getattr(item, "metadata", ())]  # a Field(...) keeps its rules in .metadata
    for arg in getattr(annotation, "__args__", ()):
        found += _metadata(arg)
    return found


def explain_all(exc: ValidationError, model: type[BaseModel]) -> list[tuple[tuple[Any, ...], str]]:
    """Every error of a validation as (location, sentence), wrappers stripped from the location."""
    found = []
    for error in exc.errors():
        loc = tuple(part for part in error["loc"] if not _is_wrapper(part))
        found.append((loc, explain({**error, "loc": loc}, model)))
    return found


def _is_wrapper(part: Any) -> bool:
    # pydantic adds the validator's name to a union member's location, e.g. 'function-before[...]'
    return isinstance(part, str) and PYDANTIC_WRAPPER.match(part) is not None

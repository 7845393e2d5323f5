"""What an author is told when the front matter is not readable YAML: in Indonesian, on the line
where the mistake starts, with the line written the way that works when that can be shown.

libyaml's own reasons ("did not find expected key") name the parser's state, not the author's
mistake. Most mistakes are one of a few: a value that starts with a character YAML reads as
syntax ([, {, a quote, *, &, |, >…) and goes on after it; a quote or bracket never closed;
a backslash inside double quotes; a line indented differently from its neighbours.
"""

from __future__ import annotations

import re
from typing import get_origin

import yaml

from ..errors import Problem

# libyaml's parser when PyYAML was built with it (it is, in the PyPI wheels): ten times faster.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TAB_HINT = "ada karakter tab; YAML hanya boleh memakai spasi untuk menjorok"
COLON_HINT = 'ada `: ` di dalam nilai; beri tanda kutip, misalnya title: "Judul: Sub Judul"'
NOT_A_PAIR_HINT = "baris ini bukan pasangan `kunci: nilai`"
EXAMPLE = ", misalnya: "  # before the line written the way that works
MAX_EXAMPLE = 200
GENERAL_HINT = (
    "susunan YAML di baris ini tidak bisa dibaca; periksa tanda kutip, tanda kurung, titik dua, "
    "dan jumlah spasi di awal baris"
)
# A line of the front matter: `key: value` (the key may be indented) or a list item `- value`.
PAIR = re.compile(r"^(?P<indent> *)(?P<key>[^\s:#'\"\[\]{}-][^:#]*?):(?: +(?P<value>.*?))?\s*$")
ITEM = re.compile(r"^(?P<indent> *)- +(?P<value>.*?)\s*$")
SPECIAL = {
    "[": "dibaca YAML sebagai daftar yang berakhir di `]`",
    "{": "dibaca YAML sebagai pasangan kunci-nilai yang berakhir di `}`",
    '"': 'berakhir di tanda kutip `"` berikutnya',
    "'": "berakhir di tanda kutip `'` berikutnya",
    "*": "dibaca YAML sebagai alias",
    "&": "dibaca YAML sebagai anchor",
    "!": "dibaca YAML sebagai tag",
    "|": "memulai teks beberapa baris",
    ">": "memulai teks beberapa baris",
    "?": "memulai kunci YAML",
    "@": "dicadangkan YAML",
    "`": "dicadangkan YAML",
    "%": "dicadangkan YAML",
}


def yaml_problem(exc: yaml.MarkedYAMLError, fm: str, file: str, offset: int) -> Problem:
    """The problem an author sees for a YAML error in front matter `fm`, which starts after file line `offset`."""
    reason = str(exc.problem or exc.context)
    lines = fm.split("\n")
    mark = exc.problem_mark or exc.context_mark
    # An unclosed quote or bracket is noticed where the file ends; it was opened where the context is.
    # A line without `: ` is noticed on the next line; it starts where the context is.
    if exc.context_mark is not None and any(s in reason for s in ("end of stream", "expected ','", "expected ':'")):
        mark = exc.context_mark
    number = mark.line if mark is not None and mark.line < len(lines) else 0
    line = lines[number]
    hint = _hint(reason, line, mark.column if mark is not None else 0)
    # A line written the way that works is shown only when the whole front matter then reads.
    shown, example, fixed = hint.rpartition(EXAMPLE)
    if example and not _reads(
        [*lines[:number], line[: len(line) - len(line.lstrip(" "))] + fixed, *lines[number + 1 :]]
    ):
        hint = _shape_hint(line) or shown  # quoting would not help: the line is likely out of place
    return Problem(file, offset + number + 1, _field(line), f"front matter tidak bisa dibaca: {hint}")


def _reads(lines: list[str]) -> bool:
    try:
        yaml.compose("\n".join(lines), Loader=SafeLoader)
    except yaml.YAMLError:
        return False
    return True


def _hint(reason: str, line: str, column: int) -> str:
    if "mapping values are not allowed" in reason:
        found = _value(line)
        example = _example(*found) if found else ""
        return (
            COLON_HINT if not example else f"ada `: ` di dalam nilai; beri tanda kutip pada seluruh nilainya{example}"
        )
    if "found undefined alias" in reason:
        return _special_hint(line) or GENERAL_HINT
    if "tab character" in reason or "cannot start any token" in reason or "found character '\\t'" in reason:
        # libyaml does not say which character; the line does.
        return TAB_HINT if "\t" in line[: column + 1] else (_special_hint(line) or GENERAL_HINT)
    if "could not find expected ':'" in reason:
        return NOT_A_PAIR_HINT
    if "end of stream" in reason:
        return _unclosed_quote_hint(line)
    if "expected ','" in reason:
        closing = "]" if "']'" in reason else "}"
        return (
            f"tanda `{'[' if closing == ']' else '{'}` di baris ini tidak ditutup dengan `{closing}` di baris yang sama"
        )
    if "unknown escape character" in reason:
        return _backslash_hint(line)
    return _special_hint(line) or _shape_hint(line) or GENERAL_HINT


def _value(line: str) -> tuple[str, str] | None:
    """The key (empty for a list item) and the value of a front matter line, if it has one."""
    pair = PAIR.match(line)
    if pair and pair["value"]:
        return pair["key"].strip(), pair["value"]
    item = ITEM.match(line)
    return ("", item["value"]) if item and item["value"] else None


def _field(line: str) -> str:
    """The field a top-level line sets, for the message; nested lines name none."""
    pair = PAIR.match(line)
    return pair["key"].strip() if pair and not pair["indent"] else ""


def _special_hint(line: str) -> str | None:
    """For a value that starts with a character YAML reads as syntax: what it means, and the line quoted."""
    found = _value(line)
    if found is None or found[1][0] not in SPECIAL:
        return None
    key, value = found
    first = value[0]
    shown = "tanda ` (petik terbalik)" if first == "`" else f"`{first}`"
    hint = f"nilai yang diawali {shown} {SPECIAL[first]}"
    rest = _after_closing(value)
    if rest:
        hint += f", tetapi sesudahnya masih ada `{rest if len(rest) <= 24 else rest[:23] + '…'}`"
        if first == "[" and _holds_a_list(key):
            return f"{hint}; hapus bagian itu, atau tulis di dalam daftarnya"
    if first in "\"'":
        text = value[1:-1] if len(value) > 1 and value[-1] == first else value
        other = "dua" if first == "'" else "satu"
        return f"{hint}; bila tanda {first} ada di dalam teksnya, pakai tanda kutip {other} di luarnya{_example(key, text)}"
    return f"{hint}; bila itu bagian dari teks, beri tanda kutip pada seluruh nilainya{_example(key, value)}"


def _holds_a_list(key: str) -> bool:
    """Whether the top-level field `key` is a list (tags, author, aliases): then `[` starts one on purpose."""
    from .schema import FrontMatter  # here: only a broken file needs it

    field = FrontMatter.model_fields.get(key)
    return field is not None and get_origin(field.annotation) is list


def _after_closing(value: str) -> str:
    """What follows the quote or bracket that closes the one `value` starts with ('' if none closes it)."""
    closing = {"[": "]", "{": "}", '"': '"', "'": "'"}.get(value[0])
    if closing is None:
        return ""
    depth = 0
    for index, char in enumerate(value):
        if closing in "]}" and char == value[0]:
            depth += 1
        elif char == closing and (index > 0 or closing in "]}"):
            depth -= 1
            if depth <= 0:
                return value[index + 1 :].strip()
    return ""


def _unclosed_quote_hint(line: str) -> str:
    found = _value(line)
    if found is None or found[1][0] not in "\"'":
        return "tanda kutip dibuka tetapi tidak ditutup; tutup di akhir nilainya"
    key, value = found
    return f"tanda kutip `{value[0]}` dibuka tetapi tidak ditutup; tutup di akhir nilainya{_example(key, value[1:])}"


def _backslash_hint(line: str) -> str:
    found = _value(line)
    hint = "di dalam tanda kutip dua, `\\` memulai kode khusus; pakai tanda kutip satu ('…') di luarnya"
    if found is None or not found[1].startswith('"'):
        return hint
    key, value = found
    text = value[1:-1] if value.endswith('"') and len(value) > 1 else value[1:]
    return hint + _example(key, text, quote="'")


def _shape_hint(line: str) -> str | None:
    """For a line whose place in the structure is wrong: a list item or an indentation that fits nowhere."""
    if ITEM.match(line) and not line.startswith(" "):
        return "baris yang diawali `- ` adalah isi daftar dan harus berada di bawah kolomnya, misalnya di bawah `tags:`"
    if line.startswith(" "):
        return "jumlah spasi di awal baris ini tidak sama dengan baris lain yang setingkat; samakan jorokannya"
    return None


def _example(key: str, text: str, quote: str = "") -> str:
    """`, misalnya: <the line with its value quoted>` (without its indentation), when that line
    reads back as `text`."""
    if len(text) > MAX_EXAMPLE:  # a line that long is no typo to show back whole
        return ""
    written = _quoted(text, quote)
    fixed = f"{key}: {written}" if key else f"- {written}"
    try:
        loaded = yaml.safe_load(fixed)
    except yaml.YAMLError:
        return ""
    expected = {key: text} if key else [text]
    return f"{EXAMPLE}{fixed}" if loaded == expected else ""


def _quoted(text: str, quote: str = "") -> str:
    """`text` in YAML quotes: double unless it holds a double quote (or single is asked for)."""
    if quote == "'" or ('"' in text and quote != '"'):
        return "'" + text.replace("'", "''") + "'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

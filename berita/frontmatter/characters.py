"""Characters no page, feed or front matter may hold, and a file's bytes read as text without them.

A content file must be UTF-8 without NUL; its byte order mark is dropped and its line endings
made `\n`; a control character (pasted from a PDF or a word processor) is refused with its line,
since a feed (XML) cannot carry it and YAML cannot read it. The same characters are refused
wherever else an author's text comes in (YAML escapes, character references, settings, imports).
"""

from __future__ import annotations

import re

from ..errors import Problem

# Characters that neither XML (the feeds) nor YAML accept: C0 controls but tab and newline, and DEL.
CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# What YAML takes for the end of a line besides "\n": NEL, the Unicode line and paragraph separators.
LINE_SEPARATOR = re.compile("[\x85\u2028\u2029]")
CONTROL_BYTES = bytes([*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
# What a YAML escape can put into a value that no file in the site may hold: the characters
# above, NUL (`"\0"`), and halves of a surrogate pair (`"\ud800"`), which cannot even be UTF-8.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def decode(raw: bytes, file: str) -> str | Problem:
    """UTF-8 text with a BOM dropped and line endings made `\\n`, or what is wrong with it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start]
        return Problem(file, line, "", f"bukan teks UTF-8 (byte 0x{byte:02x}); simpan ulang file dengan encoding UTF-8")
    if "\x00" in text:
        return Problem(
            file, text[: text.index("\x00")].count("\n") + 1, "", "berisi karakter NUL; file rusak atau bukan teks"
        )
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    control = CONTROL.search(text) if _may_have_control(raw) else None
    if control:
        # Pasted from a PDF or a word processor; feeds (XML) cannot carry it, YAML cannot read it.
        line = text.count("\n", 0, control.start()) + 1
        code = ord(control.group())
        return Problem(
            file,
            line,
            "",
            f"berisi karakter kendali tak terlihat (kode 0x{code:02x}), biasanya terbawa saat menyalin dari PDF; hapus karakter itu",
        )
    return text


def _may_have_control(raw: bytes) -> bool:
    """Whether UTF-8 `raw` may hold a character of CONTROL: one of its bytes, or the lead bytes
    of U+0080-U+00BF and U+FFC0-U+FFFF. Deleting bytes is ten times faster than the search."""
    return len(raw.translate(None, CONTROL_BYTES)) != len(raw) or b"\xc2" in raw or b"\xef\xbf" in raw


def unprintable_code(character: str) -> str:
    """How a character of UNPRINTABLE is named to an author: 0x0b, U+FFFE."""
    code = ord(character)
    return f"0x{code:02x}" if code < 0x100 else f"U+{code:04X}"

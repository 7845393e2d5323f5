"""Problems found in a site's sources, and the error that carries them to the CLI.

A problem is an author's mistake, not our bug: it names the file, the line and the
field, says what was expected and what was found, and is printed without a traceback.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one source file (or with the site as a whole)."""

    file: str
    line: int | None
    field: str
    message: str
    level: str = "error"

    def __str__(self) -> str:
        """One line for a terminal or a CI log: what came from the site's files (a file's name,
        a value quoted back) is shown with its control characters escaped, so that it can start
        no line of its own (a GitHub `::error::` command) and send no escape to a terminal."""
        file, field, message = printable(self.file), printable(self.field), printable(self.message)
        where = f"{file}:{self.line}" if self.line else file
        field = f" {field}:" if field else ""
        prefix = "peringatan: " if self.level == "warning" else ""
        return f"{where}:{field} {prefix}{message}" if where else f"{field.strip() or '-'} {prefix}{message}"


# Characters a terminal or a CI log acts on instead of showing: controls (newline, escape…), and
# the invisible marks that reorder the text shown around them.
UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` with every character of UNSHOWABLE written as an escape: `\\n`, `\\x1b`, `\\u202e`."""
    return UNSHOWABLE.sub(lambda m: ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


def sort_key(problem: Problem) -> tuple[str, int, str, str]:
    """Problems by file, then line (a problem without a line first), then field."""
    return (problem.file, problem.line or 0, problem.field, problem.message)


class BuildError(Exception):
    """Raised by a stage when sources have problems; the CLI prints them and exits 1."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=sort_key))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[BuildError], tuple[tuple[Problem, ...]]]:
        # Raised in a worker process, it comes back to the build whole.
        return (BuildError, (self.problems,))


def shown(value: object) -> str:
    """How a found value is quoted back to the author: as they would have typed it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "kosong"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: …" for k in value) + "}"
    if isinstance(value, list):
        return "daftar [" + ", ".join(shown(v) for v in value[:3]) + (", …]" if len(value) > 3 else "]")
    return str(value)


def shown_path(path: Path | str, root: Path) -> str:
    """How a file is named to the author: relative to the project when it is inside it."""
    # The common case by string, as pathlib is slow for the thousands of files of a large site.
    text, prefix = str(path), str(root).rstrip(os.sep) + os.sep
    if os.sep == "/" and text.startswith(prefix) and ".." not in text:
        return text[len(prefix) :]
    path = Path(path)
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' Maksud Anda `x`?' for the closest known name, or '' when nothing is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" Maksud Anda `{close[0]}`?" if close else ""

"""Reading one content file: bytes to text, front matter to data with a line for every field.

The YAML loader here reads what an author means, not YAML 1.1's surprises: `no`, `yes`,
`on` and `off` stay text (only true/false are booleans), `9:00` stays text instead of
becoming the integer 540, numbers with a leading zero or a dot stay text, and anchors
and aliases are refused (they make alias bombs possible and no author needs them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml

from .errors import Problem
from .validation import field_path


class AuthorLoader(yaml.SafeLoader):
    """SafeLoader with booleans and integers narrowed to what an author would expect."""


AuthorLoader.yaml_implicit_resolvers = {
    char: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    ]
    for char, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
AuthorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
AuthorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)

Path = tuple[str | int, ...]
HANDLER = frontmatter.YAMLHandler()
YAML_HINTS = {
    "mapping values are not allowed here": 'ada `: ` di dalam nilai; beri tanda kutip, misalnya title: "Judul: Sub Judul"',
    "found character '\\t'": "ada karakter tab; YAML hanya boleh memakai spasi untuk menjorok",
    "could not find expected ':'": "baris ini bukan pasangan `kunci: nilai`",
    "found undefined alias": "tanda * atau & tidak didukung; beri tanda kutip pada nilainya",
}


@dataclass(frozen=True)
class Source:
    """A content file split into its front matter data and its Markdown body."""

    file: str
    data: dict[str, Any]
    body: str
    body_line: int
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The file line of a field, or of its closest parent that has one."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


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
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_source(raw: bytes, file: str) -> Source | list[Problem]:
    """Split and load one file's front matter, or list why it cannot be read."""
    text = decode(raw, file)
    if isinstance(text, Problem):
        return [text]
    start = HANDLER.FM_BOUNDARY.match(text)
    if not text.strip():
        return [Problem(file, 1, "", "file kosong; tulis front matter diawali baris `---`")]
    if start is None:
        return [
            Problem(file, 1, "", "harus diawali front matter: baris `---`, kolom seperti `title: …`, lalu `---` lagi")
        ]
    try:
        fm, body = HANDLER.split(text)
    except ValueError:
        return [
            Problem(
                file,
                1,
                "",
                "front matter dibuka dengan `---` tetapi tidak pernah ditutup; tambahkan baris `---` setelah kolom terakhir",
            )
        ]
    offset = text.count("\n", 0, start.end())
    # body.split("\n")[i] is on file line body_line + i (index 0 is the closing `---`)
    body_line = offset + fm.count("\n") + 1
    try:
        node = yaml.compose(fm, Loader=AuthorLoader)
    except yaml.MarkedYAMLError as exc:
        return [_yaml_problem(exc, file, offset)]
    if node is None:
        return [Problem(file, offset + 1, "", "front matter kosong; isi minimal `title` dan `date`")]
    if not isinstance(node, yaml.MappingNode):
        line = offset + node.start_mark.line + 1
        return [Problem(file, line, "", "front matter harus berisi pasangan `kunci: nilai`, bukan daftar atau teks")]
    lines: dict[Path, int] = {}
    problems = _walk(node, (), lines, offset, file, set())
    if problems:
        return problems
    loader = AuthorLoader("")
    try:
        data = loader.construct_document(node)
    except yaml.constructor.ConstructorError as exc:
        return [_yaml_problem(exc, file, offset)]
    return Source(file, data, body, body_line, lines)


def _yaml_problem(exc: yaml.MarkedYAMLError, file: str, offset: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = offset + mark.line + 1 if mark else offset + 1
    problem = str(exc.problem or exc.context)
    hint = next((h for key, h in YAML_HINTS.items() if key in problem), f"YAML tidak valid ({problem})")
    return Problem(file, line, "", f"front matter tidak bisa dibaca: {hint}")


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int], offset: int, file: str, seen: set[int]) -> list[Problem]:
    """Record the line of every field; refuse aliases and keys written twice."""
    line = offset + node.start_mark.line + 1
    if id(node) in seen:
        return [Problem(file, line, field_path(path), "anchor dan alias YAML (& dan *) tidak didukung")]
    seen.add(id(node))
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            child = (*path, key)
            key_line = offset + key_node.start_mark.line + 1
            if child in lines:
                problems.append(
                    Problem(
                        file,
                        key_line,
                        field_path(child),
                        f"ditulis dua kali (juga di baris {lines[child]}); hapus salah satu",
                    )
                )
            lines[child] = key_line
            problems += _walk(value_node, child, lines, offset, file, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = offset + item.start_mark.line + 1
            problems += _walk(item, (*path, index), lines, offset, file, seen)
    return problems

"""Reading one content file: its text split into front matter and body, the front matter loaded
as data with the file line of every field (yaml_loader reads it as an author means it).

Before anything is built from the YAML, its nodes are checked: keys that are not text or are
written twice, nesting far too deep, a value cut short by ` #` (YAML drops the rest as a
comment), a control character written as a YAML escape. The body's character references to a
character no page may hold are found here too, on their file lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml

from ..errors import Problem
from .characters import LINE_SEPARATOR, UNPRINTABLE, decode, unprintable_code
from .syntax import yaml_problem
from .validation import field_path
from .yaml_loader import AuthorLoader, anchor_and_tag_problems, construct

Path = tuple[str | int, ...]
HANDLER = frontmatter.YAMLHandler()


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


def read_source(raw: bytes, file: str) -> Source | list[Problem]:
    """Split and load one file's front matter, or list why it cannot be read."""
    text = decode(raw, file)
    if isinstance(text, Problem):
        return [text]
    if not text.strip():
        return [Problem(file, 1, "", "file kosong; tulis front matter diawali baris `---`")]
    start = HANDLER.FM_BOUNDARY.match(text)
    if start is None:
        return [
            Problem(file, 1, "", "harus diawali front matter: baris `---`, kolom seperti `title: …`, lalu `---` lagi")
        ]
    try:
        fm, body = HANDLER.split(text)
    except ValueError:
        message = (
            "front matter dibuka dengan `---` tetapi tidak pernah ditutup; tambahkan baris `---` setelah kolom terakhir"
        )
        return [Problem(file, 1, "", message)]
    offset = text.count("\n", 0, start.end())
    # body.split("\n")[i] is on file line body_line + i; the boundary may have eaten blank lines.
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    separator = LINE_SEPARATOR.search(fm)
    if separator:
        # YAML ends a line there, the file's lines (and an editor) do not: every line after it would be wrong.
        line = offset + fm.count("\n", 0, separator.start()) + 1
        code = ord(separator.group())
        message = f"berisi pemisah baris tak terlihat (U+{code:04X}), biasanya terbawa saat menyalin dari Word atau PDF; hapus karakter itu atau ganti dengan spasi"
        return [Problem(file, line, "", message)]
    # Anchors, aliases and tags cannot be written without &, * or !: without them the event pass
    # is only needed to word a YAML error, which compose also finds.
    marked = any(character in fm for character in "&*!")
    problems = anchor_and_tag_problems(fm, file, offset) if marked else []
    if problems:
        return problems
    try:
        node = yaml.compose(fm, Loader=AuthorLoader)
    except RecursionError:  # PyYAML composes nested values by recursion
        return [_too_deep(file, offset + 1)]
    except yaml.MarkedYAMLError as exc:
        # The event pass may word the error its own way (it reads on past a first document).
        earlier = [] if marked else anchor_and_tag_problems(fm, file, offset)
        return earlier or [yaml_problem(exc, fm, file, offset)]
    if node is None:
        return [Problem(file, offset + 1, "", "front matter kosong; isi minimal `title` dan `date`")]
    if not isinstance(node, yaml.MappingNode):
        line = offset + node.start_mark.line + 1
        return [Problem(file, line, "", "front matter harus berisi pasangan `kunci: nilai`, bukan daftar atau teks")]
    deepest = _deepest(node)
    if deepest is not None:
        return [_too_deep(file, offset + deepest.start_mark.line + 1)]
    lines: dict[Path, int] = {}
    problems = _walk(node, (), lines, offset, file)
    problems += _cut_by_comments(node, fm.split("\n"), file, offset, lines)
    if problems:
        return problems
    try:
        data = construct(node)
    except (yaml.YAMLError, ValueError) as exc:  # a safety net: _walk refuses what could get here
        return [Problem(file, offset + 1, "", f"front matter tidak bisa dibaca: {exc}")]
    return Source(file, data, body, body_line, lines)


# Front matter nests a person's representative three deep at most (event.speakers[0].represented_by…):
# anything far deeper is a broken or hostile file, and every walk over it would recurse that deep.
MAX_DEPTH = 12


def _deepest(node: yaml.Node) -> yaml.Node | None:
    """The first node nested deeper than MAX_DEPTH, found without recursion; None when none is."""
    todo = [(node, 0)]
    while todo:
        current, depth = todo.pop()
        if depth > MAX_DEPTH:
            return current
        if isinstance(current, yaml.MappingNode):
            todo += [(value, depth + 1) for _, value in current.value]
        elif isinstance(current, yaml.SequenceNode):
            todo += [(item, depth + 1) for item in current.value]
    return None


def _too_deep(file: str, line: int) -> Problem:
    message = f"front matter bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat); periksa apakah isinya rusak"
    return Problem(file, line, "", message)


def _cut_by_comments(
    node: yaml.Node, fm_lines: list[str], file: str, offset: int, lines: dict[Path, int]
) -> list[Problem]:
    """Plain values followed by ` #…` on their line: YAML drops that part as a comment, silently."""
    fields = {line: path for path, line in sorted(lines.items(), key=lambda item: len(item[0]))}
    problems = []
    for scalar in _scalars(node):
        plain = not scalar.style  # PyYAML says None, libyaml says ""
        if plain and scalar.end_mark.line == scalar.start_mark.line:
            rest = fm_lines[scalar.end_mark.line][scalar.end_mark.column :]
            if rest.strip().startswith("#"):
                cut = (scalar.value + rest.rstrip()).strip()
                message = (
                    f"bagian setelah ` #` dibuang YAML sebagai komentar; bila itu bagian dari isinya, "
                    f'beri tanda kutip: "{cut}"; bila komentar, pindahkan ke baris sendiri'
                )
                line = offset + scalar.start_mark.line + 1
                problems.append(Problem(file, line, field_path(fields.get(line, ())), message))
    return problems


def _scalars(node: yaml.Node) -> list[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        return [node]
    if isinstance(node, yaml.MappingNode):
        return [s for key, value in node.value for s in _scalars(value)]
    if isinstance(node, yaml.SequenceNode):
        return [s for item in node.value for s in _scalars(item)]
    return []


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int], offset: int, file: str) -> list[Problem]:
    """Record the line of every field; refuse keys that are not text and keys written twice."""
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_line = offset + key_node.start_mark.line + 1
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:str"):
                problems.append(Problem(file, key_line, field_path(path), "nama kolom harus teks, misalnya `title`"))
                continue
            child = (*path, key_node.value)
            if child in lines:
                message = f"ditulis dua kali (juga di baris {lines[child]}); hapus salah satu"
                problems.append(Problem(file, key_line, field_path(child), message))
            lines[child] = key_line
            problems += _walk(value_node, child, lines, offset, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = offset + item.start_mark.line + 1
            problems += _walk(item, (*path, index), lines, offset, file)
    elif isinstance(node, yaml.ScalarNode) and (found := UNPRINTABLE.search(node.value)):
        # Written as a YAML escape ("\x0b", "\e", "\0"): the file itself is clean, the value is not.
        message = (
            f"berisi karakter kendali tak terlihat (kode {unprintable_code(found.group())}) yang ditulis sebagai kode "
            "escape YAML (\\…); hapus kode itu: feed dan halaman tidak bisa memuatnya"
        )
        problems.append(Problem(file, offset + node.start_mark.line + 1, field_path(path), message))
    return problems


CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def reference_problems(source: Source) -> list[Problem]:
    """Numeric character references in the text (`&#11;`, `&#xFFFE;`) to a character no page or
    feed may hold: Markdown keeps them as written, and a feed reader refuses the whole feed."""
    problems = []
    for found in CHARACTER_REFERENCE.finditer(source.body):
        code = int(found.group(1), 16) if found.group(1) else int(found.group(2))
        if code <= 0x10FFFF and not UNPRINTABLE.fullmatch(chr(code)):
            continue
        line = source.body_line + source.body.count("\n", 0, found.start())
        message = f"rujukan karakter {found.group()} menunjuk karakter yang tidak boleh ada di halaman atau feed; hapus"
        problems.append(Problem(source.file, line, "", message))
    return problems

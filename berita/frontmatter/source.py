"""Reading one content file: bytes to text, front matter to data with a line for every field.

The YAML loader here reads what an author means, not YAML 1.1's surprises: `no`, `yes`,
`on` and `off` stay text (only true/false are booleans), `9:00` stays text instead of
becoming the integer 540, numbers with a leading zero or a dot stay text, dates stay
text for the schema to read (so an impossible date is a message, not a crash), and
anchors and aliases are refused (they make alias bombs possible and no author needs them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml

from ..errors import Problem
from .syntax import SafeLoader, yaml_problem
from .validation import field_path

# Characters that neither XML (the feeds) nor YAML accept: C0 controls but tab and newline, and DEL.
CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# What YAML takes for the end of a line besides "\n": NEL, the Unicode line and paragraph separators.
LINE_SEPARATOR = re.compile("[\x85\u2028\u2029]")
CONTROL_BYTES = bytes([*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
# What a YAML escape can put into a value that no file in the site may hold: the characters
# above, NUL (`"\0"`), and halves of a surrogate pair (`"\ud800"`), which cannot even be UTF-8.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


class AuthorLoader(SafeLoader):  # type: ignore[misc, valid-type]
    """SafeLoader with booleans and integers narrowed to what an author would expect."""


AuthorLoader.yaml_implicit_resolvers = {
    char: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in (f"tag:yaml.org,2002:{kind}" for kind in ("bool", "int", "float", "timestamp"))
    ]
    for char, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
AuthorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
AuthorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)

TEXT, NULL, BOOL, INT, SEQUENCE, MAPPING = (
    f"tag:yaml.org,2002:{kind}" for kind in ("str", "null", "bool", "int", "seq", "map")
)
# PyYAML's constructors of the scalars an author can write; they keep no state, so one loader serves all.
SCALARS = {tag: AuthorLoader.yaml_constructors[tag] for tag in (TEXT, NULL, BOOL, INT)}
_SCALAR_LOADER = AuthorLoader("")

Path = tuple[str | int, ...]
MAX_PROBLEMS_SHOWN = 5
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
    problems = _refusals(fm, file, offset) if marked else []
    if problems:
        return problems
    try:
        node = yaml.compose(fm, Loader=AuthorLoader)
    except RecursionError:  # PyYAML composes nested values by recursion
        return [_too_deep(file, offset + 1)]
    except yaml.MarkedYAMLError as exc:
        # The event pass may word the error its own way (it reads on past a first document).
        earlier = [] if marked else _refusals(fm, file, offset)
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
        data = _construct(node)
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


class _Unusual(Exception):
    """A node that only PyYAML's own constructor knows how to build."""


def _construct(node: yaml.Node) -> Any:
    """The data of a document's node, as PyYAML's constructor builds it; that constructor is a
    stack of generators, several times slower than building plain text, lists and mappings here."""
    try:
        return _plain(node)
    except (_Unusual, ValueError, RecursionError):
        # Merge keys, an integer too long for int() and the like: PyYAML, and its very error.
        return AuthorLoader("").construct_document(node)


def _plain(node: yaml.Node) -> Any:
    """Text, null, booleans, integers, lists and mappings with text keys; _Unusual for anything else."""
    if isinstance(node, yaml.ScalarNode) and node.tag in SCALARS:
        return SCALARS[node.tag](_SCALAR_LOADER, node)
    if isinstance(node, yaml.SequenceNode) and node.tag == SEQUENCE:
        return [_plain(item) for item in node.value]
    if isinstance(node, yaml.MappingNode) and node.tag == MAPPING:
        data: dict[str, Any] = {}
        for key, value in node.value:
            if not (isinstance(key, yaml.ScalarNode) and key.tag == TEXT):
                raise _Unusual
            data[key.value] = _plain(value)
        return data
    raise _Unusual


def _refusals(fm: str, file: str, offset: int) -> list[Problem]:
    """The anchors, aliases and tags in the front matter, or its YAML error, as shown to an author."""
    problems = _refuse_anchors_and_tags(fm, file, offset)
    if len(problems) > MAX_PROBLEMS_SHOWN:
        # An alias bomb has hundreds of aliases; the first few say it all.
        more = Problem(
            file,
            problems[MAX_PROBLEMS_SHOWN].line,
            "",
            f"… dan {len(problems) - MAX_PROBLEMS_SHOWN} anchor atau alias lagi",
        )
        problems = [*problems[:MAX_PROBLEMS_SHOWN], more]
    return problems


def _refuse_anchors_and_tags(fm: str, file: str, offset: int) -> list[Problem]:
    """Anchors (&), aliases (*) and tags (!), found in the event stream before anything is built from them."""
    problems = []
    try:
        for event in yaml.parse(fm, Loader=AuthorLoader):
            line = offset + event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent):
                problems.append(
                    Problem(file, line, "", f"alias YAML `*{event.anchor}` tidak didukung; tulis nilainya langsung")
                )
            elif getattr(event, "anchor", None):
                message = f"`&{event.anchor}` dibaca YAML sebagai anchor; bila itu bagian dari teks, beri tanda kutip pada nilainya"
                problems.append(Problem(file, line, "", message))
            elif getattr(event, "tag", None):
                message = (
                    f"`{event.tag}` dibaca YAML sebagai tag; bila itu bagian dari teks, beri tanda kutip pada nilainya"
                )
                problems.append(Problem(file, line, "", message))
    except yaml.MarkedYAMLError as exc:
        return [yaml_problem(exc, fm, file, offset)]
    return problems


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


def unprintable_code(character: str) -> str:
    """How a character of UNPRINTABLE is named to an author: 0x0b, U+FFFE."""
    code = ord(character)
    return f"0x{code:02x}" if code < 0x100 else f"U+{code:04X}"

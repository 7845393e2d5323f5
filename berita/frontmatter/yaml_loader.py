"""The YAML loader: what an author means, not YAML 1.1's surprises.

`no`, `yes`, `on` and `off` stay text (only true/false are booleans), `9:00` stays text instead
of becoming the integer 540, numbers with a leading zero or a dot stay text, dates stay text for
the schema to read (so an impossible date is a message, not a crash), and anchors, aliases and
tags are refused (anchors and aliases make alias bombs possible and no author needs them). A
composed document is built into plain data here, faster than PyYAML's own constructor.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..errors import Problem
from .syntax import SafeLoader, yaml_problem


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

MAX_PROBLEMS_SHOWN = 5


class _Unusual(Exception):
    """A node that only PyYAML's own constructor knows how to build."""


def construct(node: yaml.Node) -> Any:
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


def anchor_and_tag_problems(fm: str, file: str, offset: int) -> list[Problem]:
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

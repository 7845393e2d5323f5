"""The README cannot drift from the program: a newcomer's two commands first, every command and
option of build.py named, the configuration table complete against the config model (keys and
defaults), the system packages that .ci/run installs named, and the page short enough to read
(the rest lives in docs/)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from berita.cli import COMMANDS, main
from berita.config import Config

PROJECT = Path(__file__).resolve().parent.parent
README = PROJECT / "README.md"
# A newcomer's page; what is longer belongs in docs/ (the architecture, the guides).
MOST_BYTES = 8000
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
CODE = re.compile(r"`([^`]+)`")


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def _section(title: str) -> str:
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", _readme(), re.MULTILINE | re.DOTALL)
    assert found, f"README has no section {title!r}"
    return found.group(1)


def test_the_two_commands_come_first():
    text = _readme()
    first = re.search(r"```sh\n(.*?)```", text, re.DOTALL)
    assert first is not None
    assert text[: first.start()].strip() == "# berita", "nothing comes before the two commands but the title"
    commands = [line.split("#")[0].strip() for line in first.group(1).splitlines()]
    assert commands == ["make build", "make test"]


def test_the_readme_is_a_newcomers_page():
    size = len(README.read_bytes())
    assert size < MOST_BYTES, f"README.md is {size} bytes; move the details into docs/ and link them"


def test_the_system_packages_ci_installs_are_named():
    script = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    packages = [name for group in re.findall(r"missing\+=\(([^)]*)\)", script) for name in group.split()]
    assert packages, "no packages found in .ci/run"
    text = _readme()
    for package in packages:
        assert re.search(rf"`[^`]*\b{re.escape(package)}\b[^`]*`", text), f"{package} is not named in README.md"


def _options(argv: list[str], capsys: pytest.CaptureFixture[str]) -> set[str]:
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    return set(OPTION.findall(capsys.readouterr().out)) - {"--help"}


@pytest.mark.parametrize(
    "argv", [[c] for c in COMMANDS if c != "import"] + [["import", "wordpress"], ["import", "feed"]], ids=" ".join
)
def test_every_command_and_option_is_named(argv, capsys):
    commands = _section("Commands")
    assert f"build.py {' '.join(argv)}" in commands or argv == ["build"]
    for option in _options(argv, capsys):
        assert option in commands, f"{' '.join(argv)} {option} is not in the README's Commands"


def _model_keys() -> dict[str, object]:
    """Every key of config.toml as `key` or `section.key`, with its default (None: required)."""
    keys: dict[str, object] = {}
    for name, field in Config.model_fields.items():
        if field.exclude:
            continue  # set by berita, not written in config.toml
        model = field.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            for key, inner in model.model_fields.items():
                keys[f"{name}.{key}"] = None if inner.is_required() else inner.default
        else:
            keys[name] = None if field.is_required() else field.default
    return keys


def _table() -> dict[str, str]:
    """The configuration table's keys (`key`, `section.key`), each with its default cell."""
    rows = [line for line in _section("Configuration").splitlines() if line.startswith("| `")]
    found: dict[str, str] = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        section = ""
        for name in CODE.findall(cells[0]):
            if name.startswith("["):
                section, name = re.fullmatch(r"\[(\w+)\] (\w+)", name).groups()
            found[f"{section}.{name}" if section else name] = cells[1]
    return found


def test_the_configuration_table_has_every_key_and_no_other():
    assert set(_table()) == set(_model_keys())


def _as_toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


@pytest.mark.parametrize("key", sorted(_model_keys()))
def test_the_configuration_table_gives_each_default(key):
    default, cell = _model_keys()[key], _table().get(key, "")
    if default is None:
        assert cell == "required"
    elif key.startswith("folders."):
        assert cell == "their names" and default == key.split(".")[1]
    else:
        assert cell == f"`{_as_toml(default)}`"

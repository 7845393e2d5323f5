"""Every setting and every build option is part of the key of everything a build keeps.

Table-driven: for each field of the config model and each option of `build`, the site is built
with one value, then with another, and the second build's output must be byte for byte that of
a cold build (no .cache/, no output/) with the second value. The preview is held to the same
rule: it rebuilds in memory after config.toml changes, and must show what a cold build shows.

The table must name every field of `Config` and every option of `build`: a setting added later
without a row here fails `test_the_table_names_every_setting_and_option`.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from sites import NOW, add_theme, at_now, snapshot

from berita.cli import main, parse_args
from berita.config import Config, load_config
from berita.pipeline import BuildOptions, build_site
from berita.preview.server import Preview

pytestmark = pytest.mark.slow  # a build per setting

EXAMPLE = Path(__file__).parent / "example"

# The first value of a row is in the site's config before the change; the second after it.
SETTINGS: dict[str, tuple[Any, Any]] = {
    "title": ("BERITA CONTOH", "KABAR KAMPUS UJI"),
    "description": ("Situs contoh untuk pengujian berita.", "Kabar terbaru dari kampus uji."),
    "base_url": ("https://berita.kampus-uji.ac.id/", "https://contoh.github.io/berita/"),
    "language": ("id", "su"),
    "timezone": ("Asia/Jakarta", "Asia/Jayapura"),
    "per_page": (2, 3),
    "default_author": ("Humas Poltekesos Bandung", "Tim Redaksi Kampus Uji"),
    "organization.name": ("Politeknik Kesejahteraan Sosial (Poltekesos) Bandung", "Politeknik Uji Nusantara"),
    "organization.short_name": ("Poltekesos Bandung", "Poltek Uji"),
    "organization.logo": ("/img/logo.svg", "/img/logo-kampus.svg"),
    "organization.instagram": ("poltekesosbandung", "poltekuji"),
    "organization.address": ("Jl. Ir. H. Juanda No. 367, Bandung", "Jl. Merdeka No. 1, Jakarta"),
    "organization.url": ("https://poltekesos.ac.id/", "https://poltekuji.ac.id/"),
    "folders.content": ("content", "berita"),
    "folders.templates": ("templates", "tema"),
    "folders.static": ("static", "aset"),
    "folders.output": ("output", "public"),
    "feeds.content": ("full", "summary"),
    "feeds.entries": (20, 1),
    "search.enabled": (False, True),
    "security.sanitize": (False, True),
    "cms.enabled": (True, False),
    "cms.repo": ("contoh/berita", "humas-kampus/situs-berita"),
    "cms.branch": ("main", "terbit"),
}
# Command-line options of `build`, each as the arguments before and after the change.
OPTIONS: dict[str, tuple[list[str], list[str]]] = {
    "--base-url": ([], ["--base-url", "https://contoh.github.io/lain/"]),
    "--drafts": ([], ["--drafts"]),
    "--future": ([], ["--future"]),
    # A moment after the 2099 seminar and the form's closing: both pages change.
    "--clock": (["--clock", NOW.isoformat()], ["--clock", "2099-03-01T08:00"]),
    # Fills [cms] repo only when it is empty, as it is in no row of SETTINGS but this one's.
    "--cms-repo": ([], ["--cms-repo", "humas-kampus/situs-berita"]),
}
# Options that change nothing in the site: which config file is read is the settings above.
NOT_IN_THE_SITE = {"--config", "--profile"}

# Articles beside the example site's that make every setting and option show.
FUTURE_ARTICLE = """\
---
title: Pengumuman Libur Semester Genap 2099
date: 2099-01-02T08:00:00
category: pengumuman
---
Libur semester genap dimulai pekan depan.
"""
RAW_HTML_ARTICLE = """\
---
title: Lomba Poster Hari Pekerjaan Sosial Sedunia
date: 2025-03-18T10:00:00
tags: [lomba]
---
Mahasiswa Poltekesos Bandung mengikuti lomba poster.

<p onclick="alert(1)">Pemenang diumumkan pada <span style="color:red">akhir bulan</span>.</p>
"""


def leaf_fields(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every setting of a config model by its dotted name, as config.toml names it."""
    found = []
    for name, info in model.model_fields.items():
        if info.exclude:  # set by load_config, not by the site: where the project is
            continue
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            found += leaf_fields(kind, f"{prefix}{name}.")
        else:
            found.append(prefix + name)
    return found


def build_options() -> set[str]:
    """Every long option of `build.py build`."""
    actions = _build_parser()._actions
    return {option for action in actions for option in action.option_strings if option.startswith("--")} - {"--help"}


def _build_parser() -> argparse.ArgumentParser:
    """The parser of `build.py build`, as the program makes it."""
    captured: dict[str, argparse.ArgumentParser] = {}
    original = argparse.ArgumentParser.parse_args

    def capture(self: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> Any:
        captured.setdefault("top", self)
        return original(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(argparse.ArgumentParser, "parse_args", capture)
        parse_args(["build"])
    subparsers = next(a for a in captured["top"]._actions if isinstance(a, argparse._SubParsersAction))
    return subparsers.choices["build"]


def test_the_table_names_every_setting_and_option() -> None:
    assert sorted(leaf_fields(Config)) == sorted(SETTINGS), "every config field needs a row in SETTINGS"
    assert build_options() == set(OPTIONS) | NOT_IN_THE_SITE, "every build option needs a row in OPTIONS"


def config_text(values: dict[str, Any]) -> str:
    """config.toml for the dotted settings in `values`."""
    top = {name: value for name, value in values.items() if "." not in name}
    tables: dict[str, dict[str, Any]] = {}
    for name, value in values.items():
        if "." in name:
            table, key = name.split(".", 1)
            tables.setdefault(table, {})[key] = value
    lines = [f"{key} = {json.dumps(value)}" for key, value in top.items()]
    for table, entries in tables.items():
        lines += ["", f"[{table}]", *(f"{key} = {json.dumps(value)}" for key, value in entries.items())]
    return "\n".join(lines) + "\n"


def settings(changed: str | None = None) -> dict[str, Any]:
    """Every setting at its first value, and `changed` at its second."""
    return {name: (pair[1] if name == changed else pair[0]) for name, pair in SETTINGS.items()}


def make_site(root: Path) -> Path:
    """The example site with a future article and raw HTML, and a second folder for every folder
    setting, each a little different, so that a page kept from the first would show."""
    add_theme(root)
    shutil.copytree(EXAMPLE / "content", root / "content")
    (root / "content" / "2099").mkdir()
    (root / "content" / "2099" / "libur-semester-genap.md").write_text(FUTURE_ARTICLE, encoding="utf-8")
    (root / "content" / "2025" / "lomba-poster.md").write_text(RAW_HTML_ARTICLE, encoding="utf-8")
    shutil.copy(root / "static" / "img" / "logo.svg", root / "static" / "img" / "logo-kampus.svg")
    shutil.copytree(root / "content", root / "berita")
    (root / "berita" / "2025" / "lomba-poster.md").write_text(
        RAW_HTML_ARTICLE.replace("akhir bulan", "awal bulan depan"), encoding="utf-8"
    )
    shutil.copytree(root / "templates", root / "tema")
    footer = (
        (root / "tema" / "base.html").read_text(encoding="utf-8").replace("</footer>", "<p>Tema kampus</p></footer>")
    )
    (root / "tema" / "base.html").write_text(footer, encoding="utf-8")
    shutil.copytree(root / "static", root / "aset")
    (root / "aset" / "css" / "style.css").write_text(
        (root / "static" / "css" / "style.css").read_text(encoding="utf-8") + "\n/* tema kampus */\n", encoding="utf-8"
    )
    return root


def built(root: Path, values: dict[str, Any], args: list[str]) -> dict[str, bytes]:
    (root / "config.toml").write_text(config_text(values), encoding="utf-8")
    code = main(["build", "--config", str(root / "config.toml"), *at_now(args)])
    assert code == 0
    return snapshot(root / values["folders.output"])


def changes() -> list[pytest.ParameterSet]:
    cases = [pytest.param(settings(), settings(name), [], [], id=name) for name in SETTINGS]
    cases += [
        pytest.param(settings(), settings(), before, after, id=option) for option, (before, after) in OPTIONS.items()
    ]
    return cases


@pytest.mark.parametrize(("first", "second", "first_args", "second_args"), changes())
def test_a_build_after_another_setting_is_a_cold_build(tmp_path, first, second, first_args, second_args) -> None:
    site = make_site(tmp_path / "situs")
    built(site, first, first_args)
    after = built(site, second, second_args)
    cold = built(make_site(tmp_path / "dingin"), second, second_args)
    assert after.keys() == cold.keys()
    differ = [path for path in sorted(cold) if after[path] != cold[path]]
    assert not differ, f"kept from the build before: {differ[:10]}"


def preview_files(preview: Preview) -> dict[str, bytes]:
    return {
        path: content.read_bytes() if isinstance(content, Path) else content for path, content in preview.files.items()
    }


@pytest.mark.parametrize("name", [name for name in SETTINGS if name != "folders.output"])
def test_the_preview_after_another_setting_shows_a_cold_build(tmp_path, name: str) -> None:
    site = make_site(tmp_path / "situs")
    config_file = site / "config.toml"
    config_file.write_text(config_text(settings()), encoding="utf-8")
    preview = Preview(config_file)
    preview.rebuild(NOW)
    assert not preview.problems
    config_file.write_text(config_text(settings(name)), encoding="utf-8")
    assert preview.update([str(config_file)], NOW)
    assert not preview.problems
    cold_site = make_site(tmp_path / "dingin")
    (cold_site / "config.toml").write_text(config_text(settings(name)), encoding="utf-8")
    cold = build_site(load_config(cold_site / "config.toml"), BuildOptions(drafts=True, future=True), NOW)
    expected = {f.path: f.content.read_bytes() if isinstance(f.content, Path) else f.content for f in cold.files}
    shown = preview_files(preview)
    assert shown.keys() == expected.keys()
    assert not [path for path in sorted(expected) if shown[path] != expected[path]]

"""build.py as a process (cli.run): a build, a check or `new` runs without the cyclic garbage
collector for good (switched on again after a build, it would first walk everything the build
made); the preview, which runs for hours, and an import, which fetches photos through objects
that refer to each other, keep it."""

from __future__ import annotations

import gc

import pytest

from berita import cli


@pytest.mark.parametrize(
    ("argv", "collecting"),
    [
        (["build"], False),
        (["check"], False),
        (["new", "Judul"], False),
        ([], False),
        (["serve"], True),
        (["import", "feed", "x.xml"], True),
    ],
)
def test_only_the_preview_keeps_the_garbage_collector(monkeypatch, argv: list[str], collecting: bool) -> None:
    seen: list[bool] = []

    def main() -> int:
        seen.append(gc.isenabled())
        return 0

    def leave(code: int) -> None:
        raise SystemExit(code)

    monkeypatch.setattr(cli, "main", main)
    monkeypatch.setattr(cli.os, "_exit", leave)
    monkeypatch.setattr(cli.sys, "argv", ["build.py", *argv])
    try:
        with pytest.raises(SystemExit) as exited:
            cli.run()
    finally:
        gc.enable()  # the rest of the test session collects as usual
    assert (seen, exited.value.code) == ([collecting], 0)

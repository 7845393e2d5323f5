"""Nothing lost: a build killed at any moment leaves a complete site, and a build deletes
nothing but its own output folder.

The kill test runs the real command (`python build.py build`) in a subprocess and SIGKILLs
it after a seeded random delay spread over the build's measured duration. After each kill
output/ must be, byte for byte, either the complete previous site or the complete new one,
both computed independently in other folders. Search is off: Pagefind's filter files are
not byte-stable between runs (see docs/architecture.md, "What a build makes").

Refusals already tested elsewhere: output = ".", "..", "content", "./content/", "templates",
"static" (tests/test_invalid.py through the CLI) and home, "content/2021" (tests/test_output.py,
unit). Here: the rest through the CLI.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sites import PROJECT, SEARCH_OFF, at_now, copy_demo, snapshot

from berita.cli import main

pytestmark = pytest.mark.slow  # builds killed and rebuilt

KILLS = 8
SEED = 20261127


def configure(root: Path) -> None:
    """Search off: Pagefind's index is not byte-stable. (The demo's config has no [search] of its own.)"""
    config = root / "config.toml"
    config.write_text(config.read_text(encoding="utf-8") + SEARCH_OFF, encoding="utf-8")


ARTICLE = "content/2021/kuliah-tamu-ok-oce.md"
VERSIONS = {
    # Every page changes with the site title; the article's own pages, feeds and lists with its title.
    "lama": ('title = "BERITA POLTEKESOS"', "title: "),
    "baru": ('title = "BERITA POLTEKESOS (versi baru)"', "title: Versi baru - "),
}


def switch(root: Path, version: str) -> None:
    """Rewrite the config's site title and one article's title to the given version."""
    config = root / "config.toml"
    text = config.read_text(encoding="utf-8")
    for site_title, _ in VERSIONS.values():
        text = text.replace(site_title + "\n", "\0\n", 1)
    config.write_text(text.replace("\0\n", VERSIONS[version][0] + "\n", 1), encoding="utf-8")
    article = root / ARTICLE
    lines = article.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("title: "))
    title = lines[index].removeprefix("title: ").removeprefix("Versi baru - ")
    lines[index] = (VERSIONS[version][1] + title) if version == "baru" else "title: " + title
    article.write_text("\n".join(lines), encoding="utf-8")


def command(root: Path) -> list[str]:
    return [sys.executable, str(PROJECT / "build.py"), "build", "--config", str(root / "config.toml"), *at_now(())]


def build_in_process(root: Path) -> dict[str, bytes]:
    assert main(["build", "--config", str(root / "config.toml"), *at_now(())]) == 0
    return snapshot(root / "output")


def leftovers(folder: Path, name: str = "output") -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}."))


def settled(folder: Path, name: str = "output") -> list[str]:
    """The temporary folders still there once the background removal of the old site (`.output.old-*`) is done."""
    deadline = time.monotonic() + 10
    while any(".old-" in left for left in leftovers(folder, name)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return leftovers(folder, name)


def sources(root: Path) -> dict[str, bytes]:
    """Every file of the project except what builds make (output, its temporary folders, the cache)."""
    found = {}
    for top in sorted(root.iterdir()):
        if top.name == "output" or top.name.startswith((".output.", ".cache")):
            continue  # (and an old site may be vanishing in the background)
        if top.is_file():
            found[top.name] = top.read_bytes()
        else:
            found.update({f"{top.name}/{path}": data for path, data in snapshot(top).items()})
    return found


def test_killed_build_leaves_the_previous_or_the_new_site(tmp_path: Path, capsys) -> None:
    root = copy_demo(tmp_path / "situs")
    configure(root)
    switch(root, "lama")
    subprocess.run(command(root), cwd=root, check=True, capture_output=True)
    expected = {"lama": snapshot(root / "output")}
    # The new site, built from a copy of the changed sources in another folder.
    reference = copy_demo(tmp_path / "acuan")
    configure(reference)
    switch(reference, "baru")
    expected["baru"] = build_in_process(reference)
    capsys.readouterr()
    assert expected["lama"] != expected["baru"]

    # The builds below find the caches warm: time one of those.
    switch(root, "baru")
    started = time.perf_counter()
    subprocess.run(command(root), cwd=root, check=True, capture_output=True)
    duration = time.perf_counter() - started
    assert snapshot(root / "output") == expected["baru"], "a subprocess build differs from an in-process one"

    shown, outcomes = "baru", []
    # From just after the start to a little after the expected end, in a seeded random order.
    delays = random.Random(SEED).sample([duration * 1.25 * (i + 0.5) / KILLS for i in range(KILLS)], KILLS)
    for delay in delays:
        target = "baru" if shown == "lama" else "lama"
        switch(root, target)
        untouched = sources(root)
        process = subprocess.Popen(command(root), cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

        now = snapshot(root / "output")
        assert now in (expected[shown], expected[target]), (
            f"killed after {delay:.2f} s of {duration:.2f} s: output/ is neither the previous nor the new site; "
            f"{sorted(set(now) ^ set(expected[target]))[:5]}"
        )
        assert not [p for p in now if ".output." in p], "a temporary folder ended up inside output/"
        assert sources(root) == untouched, "a killed build changed a source file"
        shown = target if now == expected[target] else shown
        outcomes.append((round(delay, 2), shown, leftovers(root)))

    finished = subprocess.run(command(root), cwd=root, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    current = "baru" if (root / "config.toml").read_text(encoding="utf-8").count("versi baru") else "lama"
    assert snapshot(root / "output") == expected[current]
    assert settled(root) == [".output.lock", ".output.spare"], "temporary folders left after a good build"
    print(f"build {duration:.2f} s; kills (delay, site shown, leftovers): {outcomes}")


def test_build_deletes_nothing_beside_its_output_folder(tmp_path: Path, capsys) -> None:
    root = copy_demo(tmp_path / "situs")
    configure(root)
    config = root / "config.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('output = "output"', 'output = "../terbit/situs"'))
    shared = tmp_path / "terbit"
    neighbours = {
        "README.txt": b"folder bersama",
        "situs-lama/index.html": b"<p>situs lama</p>",
        "situs.bak/index.html": b"cadangan",
        ".situs.new/x": b"mirip nama folder sementara, tanpa tanda -",
        "situs.new-1/x": b"tanpa titik di depan",
        ".situs-new-1/x": b"tanda - bukan titik",
        ".situs.old.bak/x": b"bukan .situs.old",
    }
    for relative, data in neighbours.items():
        (shared / relative).parent.mkdir(parents=True, exist_ok=True)
        (shared / relative).write_bytes(data)
    project = sources(root)

    assert main(["build", "--config", str(config), *at_now(())]) == 0
    switch(root, "baru")
    project = sources(root)
    process = subprocess.Popen(command(root), cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.6)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert main(["build", "--config", str(config), *at_now(())]) == 0
    capsys.readouterr()

    assert settled(shared, "situs") == [".situs.lock", ".situs.new", ".situs.old.bak", ".situs.spare"]
    assert (shared / "situs" / "index.html").is_file()
    for relative, data in neighbours.items():
        assert (shared / relative).read_bytes() == data, f"{relative} was changed or deleted"
    assert sorted(p.name for p in shared.iterdir()) == sorted(
        {Path(relative).parts[0] for relative in neighbours} | {"situs", ".situs.spare", ".situs.lock"}
    )
    assert sources(root) == project


def refused(root: Path, output: str, capsys, watched: Path) -> str:
    """Build with `output` as the output folder; expect a refusal that changes nothing under `watched`."""
    config = root / "config.toml"
    text = config.read_text(encoding="utf-8").replace('output = "output"', f"output = {output!r}".replace("'", '"'))
    config.write_text(text, encoding="utf-8")
    everything = snapshot(watched)
    code = main(["build", "--config", str(config), *at_now(())])
    out, err = capsys.readouterr()
    assert code == 1, err
    assert "Traceback" not in out + err
    first = err.splitlines()[0]
    assert first.startswith("config.toml: folders.output: folder output "), first
    assert "tidak aman" in first
    assert snapshot(watched) == everything, "a refused build changed files"
    return first


@pytest.mark.parametrize("output", ["../..", "{root}", "{root}/", "content/2021", "static/situs", "templates/x"])
def test_unsafe_output_folders_are_refused(tmp_path: Path, capsys, output: str) -> None:
    # Two folders deep, so that even "../.." is a folder of this test alone.
    root = copy_demo(tmp_path / "a" / "b" / "situs")
    configure(root)
    refused(root, output.format(root=root), capsys, tmp_path)


def test_home_folder_as_output_is_refused(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "rumah"
    (home / "Dokumen").mkdir(parents=True)
    (home / "Dokumen" / "skripsi.docx").write_bytes(b"jangan dihapus")
    monkeypatch.setenv("HOME", str(home))
    root = copy_demo(tmp_path / "situs")
    configure(root)
    first = refused(root, str(home), capsys, tmp_path)
    assert str(home) in first
    assert (home / "Dokumen" / "skripsi.docx").read_bytes() == b"jangan dihapus"


def test_output_that_is_a_link_to_a_source_folder_is_refused(tmp_path: Path, capsys) -> None:
    root = copy_demo(tmp_path / "situs")
    configure(root)
    os.symlink(root / "content", root / "keluaran")
    refused(root, "keluaran", capsys, tmp_path)
    assert (root / "content" / "2021").is_dir()

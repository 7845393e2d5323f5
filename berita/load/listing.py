"""Which files of the content folder the build reads: the listing (hidden files and editor
leftovers skipped), which of them are articles, and the symbolic links found there, refused.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Problem, shown_path

# Editor and system leftovers that live beside articles and are never part of the site.
IGNORED_SUFFIXES = ("~", ".swp", ".swo", ".bak", ".tmp", ".orig")
IGNORED_NAMES = {"Thumbs.db", "desktop.ini"}


def content_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """Every file under `folder` that the build reads, and every symbolic link there (never
    followed: link_problems refuses them); hidden files and editor leftovers skipped."""
    found, links = content_paths(folder)
    return [Path(path) for path in found], [Path(path) for path in links]


def content_paths(folder: Path) -> tuple[list[str], list[str]]:
    """content_files as strings (`str` of its Paths, for a resolved `folder` as the build gives
    it), in the same order: the article load, which runs over every file of a large site on
    every build, makes no Path of the files it does not read."""
    found: list[str] = []
    links: list[str] = []
    # os.scandir, not Path.rglob: this runs over every file of a large site on every build, and
    # the kind of an entry comes with it (a stat only for a link).
    todo = [str(folder)]
    while todo:
        try:
            entries = list(os.scandir(todo.pop()))
        except OSError:  # missing or unreadable: skipped, as os.walk does
            continue
        for entry in entries:
            try:
                if entry.is_symlink():
                    if not is_leftover(entry.name):
                        links.append(entry.path)
                elif entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith("."):
                        todo.append(entry.path)
                elif not is_leftover(entry.name) and entry.is_file(follow_symlinks=False):
                    found.append(entry.path)
            except OSError:  # vanished meanwhile: not a file, as os.path.isfile says
                continue
    # In the order of sorted Paths (by their parts, as POSIX paths compare), without making Paths.
    return sorted(found, key=_parts), sorted(links, key=_parts)


def _parts(path: str) -> list[str]:
    return path.split(os.sep)


def is_leftover(name: str) -> bool:
    """A hidden file or an editor's or system's leftover, by its name: never part of the site."""
    return name.endswith(IGNORED_SUFFIXES) or name in IGNORED_NAMES or name.startswith(("#", "."))


def is_skipped(relative: Path) -> bool:
    """Whether content_files skips this path inside the folder: in a hidden folder, or a leftover."""
    return any(part.startswith(".") for part in relative.parts[:-1]) or is_leftover(relative.name)


def is_markdown(path: Path | str) -> bool:
    """An article file: `.md` in any case (`.MD` from some Windows editors); as Path.suffix
    has it, a file named only `.md` is not one."""
    name = os.path.basename(path)
    return len(name) > 3 and name[-3:].lower() == ".md"


def link_problems(links: list[Path], root: Path) -> list[Problem]:
    """Symbolic links are refused wherever they lead: berita publishes only files that are
    themselves in content/ or static/, and a link could publish the project's secrets
    (`lampiran.txt -> ../../.git/config`) or anything on the machine."""
    problems = []
    for path in links:
        kind = "folder" if path.is_dir() else "file"
        message = f"tautan simbolik tidak diterima (berita hanya menerbitkan file yang benar-benar ada di sini); salin {kind} yang dituju ke tempat ini"
        problems.append(Problem(shown_path(path, root), None, "", message))
    return problems

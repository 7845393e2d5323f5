"""The output folder as berita owns it: only a folder it made (MARKER) or an empty one is ever
replaced, and one build at a time writes it.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import BuildError, Problem

# The file by which berita knows an output folder as its own, the only kind it replaces
# (besides an empty one). Hidden, so GitHub Pages' artifact leaves it out.
MARKER = ".berita-output"
MARKER_TEXT = (
    b"Folder ini dibuat oleh berita (build.py) dan diganti utuh pada setiap build.\n"
    b"This folder is made by berita (build.py) and replaced whole by every build.\n"
)


def refuse_unsafe_output(output: Path, root: Path, sources: list[Path], config_name: str = "config.toml") -> None:
    """Refuse an output folder whose replacement would destroy anything but an earlier site:
    the project, its source folders, a folder holding any of them, anything inside a source
    folder, home, and any existing folder that berita did not make (no MARKER) and that is not
    empty; also a file or a mount point in its place (a link is judged by what it leads to).
    Nothing is touched."""
    why = not_replaceable(output)
    if why:
        raise _unsafe(output.absolute(), why, config_name)
    output = output.resolve()
    holds = [root, *sources, Path.home()]
    for folder in (f.resolve() for f in holds):
        if output == folder or output in folder.parents:
            raise _unsafe(output, f"sama dengan atau berisi {folder}", config_name)
    for folder in (f.resolve() for f in sources):
        if folder in output.parents:
            raise _unsafe(output, f"berada di dalam folder sumber {folder}", config_name)


def _unsafe(output: Path, why: str, config_name: str) -> BuildError:
    message = f"folder output {output} tidak aman karena {why}; pilih folder lain, misalnya output"
    return BuildError([Problem(config_name, None, "folders.output", message)])


def not_replaceable(output: Path) -> str:
    """Why berita may not replace what is at `output`, or "" when it may: nothing there, an empty
    folder, or a folder it made itself."""
    try:
        found = os.lstat(output)
    except (FileNotFoundError, NotADirectoryError):  # made by the build, or it says why it cannot be
        return ""
    except OSError as exc:
        return f"tidak bisa dibaca ({exc.strerror})"
    if not stat.S_ISDIR(found.st_mode):
        return "berupa file, bukan folder"
    if os.path.ismount(output):
        return "adalah titik kait (mount point) yang tidak bisa diganti; pakai folder di dalamnya"
    try:
        with os.scandir(output) as entries:
            names = sorted(entry.name for entry in entries)
    except OSError as exc:
        return f"tidak bisa dibaca ({exc.strerror})"
    if not names or MARKER in names:
        return ""
    shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
    return (
        f"sudah berisi file yang bukan buatan berita ({shown}); berita hanya mengganti folder buatannya sendiri "
        "atau folder kosong, dan tidak memindahkan atau menghapus apa pun. Bila folder itu hasil berita versi "
        "lama atau isinya memang boleh dibuang, hapus dulu folder itu"
    )


# One build at a time in this process too: a POSIX record lock belongs to the whole process,
# so a second build in another thread would share it, and end it when done.
_BUILDING = threading.Lock()


@contextmanager
def one_build_at_a_time(output: Path) -> Iterator[None]:
    """One build at a time uses `output`: another waits here until this one is done. Held for
    the whole build, not only its writing: a second build would take this one's folder for a
    killed build's leftover, and a build that started from the previous site's pages
    (memo.load_manifest) while another replaced them would link the other's pages as its own.

    The lock is a POSIX record lock on `.output.lock` beside the output folder: it belongs to
    this process alone, so the worker processes it forks do not hold it (one that outlived a
    killed build would keep every later build waiting), and it is gone when the process is.
    Where there is none (not a POSIX system, a disk that cannot lock, a folder that cannot be
    written) the build goes on unguarded."""
    output = output.resolve()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError([write_problem(exc)]) from None
    with _BUILDING:
        holder = _lock(output.with_name(f".{output.name}.lock"))
        try:
            yield
        finally:
            if holder is not None:
                os.close(holder)


def _lock(file: Path) -> int | None:
    """An open file locked for this process, or None when it cannot be."""
    try:
        import fcntl  # first: os.O_CLOEXEC is not on Windows either

        holder = os.open(file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except (ImportError, OSError):
        return None
    try:
        fcntl.lockf(holder, fcntl.LOCK_EX)
    except OSError:
        os.close(holder)
        return None
    return holder


def write_problem(exc: OSError) -> Problem:
    """The problem of an output folder that cannot be written."""
    return Problem(str(exc.filename or "output"), None, "", f"gagal menulis output: {exc.strerror}")

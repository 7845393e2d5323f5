"""Write stage: the finished site into the output folder, all at once or not at all.

Files go into a fresh folder beside the output folder, which then takes the old one's
place in one step, so a failed or killed build leaves the previous site as it was.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import BuildError, Problem
from .stamp import FileState, state_of

RENAME_EXCHANGE = 2  # from <linux/fs.h>
AT_FDCWD = -100


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site: its path inside the output folder, where it came from, and its content."""

    path: str
    origin: str
    content: bytes | Path


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


@dataclass(frozen=True)
class Written:
    """What write_output did: how many files it had to write (the rest were linked), and the
    state of everything now in the output folder by path inside it, a folder's path ending in
    "/" (as stamp.snapshot reports them)."""

    count: int
    states: dict[str, FileState]


def write_output(files: list[OutputFile], output: Path) -> Written:
    """Write every file into a folder beside the output folder, then swap it in.

    That folder is the site before the previous one, kept by the last build (`.output.spare`):
    most of its files are hard links to the previous site's, so bringing it up to date touches
    only what changed, and nothing has to be deleted. A file whose bytes are the previous
    site's is linked from it, never written again. The first build starts from an empty folder.

    The caller holds one_build_at_a_time(output).
    """
    output = output.resolve()
    _recover(output)
    if not_replaceable(output):  # put there since the build began: left as it is
        raise BuildError([write_problem(OSError(errno.EEXIST, not_replaceable(output), str(output)))])
    fresh = _claim_spare(output) or Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        # One file per path (an alias may name a page twice): the last, as a later write would.
        unique = {item.path: item for item in files}
        folders = _folders_of(set(unique))
        unique[MARKER] = OutputFile(MARKER, "berita", MARKER_TEXT)
        states = _fill(fresh, [unique[path] for path in sorted(unique)], folders, output)
        written = sum(1 for state in states.values() if state is None)
        states = _with_folders(fresh, states, folders)
        fresh.chmod(0o755)
        _swap(fresh, output)
    except BaseException:
        _discard(fresh)
        raise
    _keep_as_spare(fresh, output)  # now the previous site, or gone when there was none
    return Written(written, states)


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


def _spare(output: Path) -> Path:
    return output.with_name(f".{output.name}.spare")


def _claim_spare(output: Path) -> Path | None:
    """The spare folder under a name of this build's own (another build may start meanwhile)."""
    spare = _spare(output)
    try:
        if not stat.S_ISDIR(os.lstat(spare).st_mode):
            return None
        claimed = output.with_name(f".{output.name}.new-{os.getpid()}-{os.urandom(4).hex()}")
        os.rename(spare, claimed)
    except OSError:
        return None
    return claimed


def _keep_as_spare(folder: Path, output: Path) -> None:
    """Never fails: after a swap, the site is written whatever becomes of the old one."""
    try:
        os.rename(folder, _spare(output))
    except FileNotFoundError:
        return
    except OSError:  # a spare is there already
        with suppress(OSError):  # if this fails too, the next build deletes it (_recover)
            _discard(folder)


def _discard(folder: Path) -> None:
    """Delete `folder` without waiting for it: a site has thousands of files."""
    if not folder.exists():
        return
    doomed = folder.with_name(folder.name.replace(".new-", ".old-", 1))
    try:
        folder.rename(doomed)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    delete_in_background(doomed)


def delete_in_background(folder: Path) -> None:
    """Delete `folder` in a process of its own that nobody waits for; the next build finishes the job if it dies.

    At the lowest priority: a build started right after this one should not share the cores with it.
    """
    import subprocess  # here: seldom needed

    code = "import os, shutil, sys; hasattr(os, 'nice') and os.nice(19); shutil.rmtree(sys.argv[1], ignore_errors=True)"
    command = [sys.executable, "-c", code, str(folder)]
    subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _fill(fresh: Path, files: list[OutputFile], folders: set[str], output: Path) -> dict[str, FileState | None]:
    """Make `fresh` hold exactly `files` (sorted by path) in `folders` (_folders_of their paths),
    whatever it held before. Returns the state of each file linked from the previous site in
    `output`, None for one written anew."""
    # Plain strings and os calls, not pathlib: this runs once per file of the site.
    present = _listing(str(fresh))
    wanted = {item.path for item in files}
    for path, (is_folder, _) in sorted(present.items(), reverse=True):  # a folder's files before the folder
        if is_folder and path not in folders:
            os.rmdir(f"{fresh}/{path}")
        elif not is_folder and path not in wanted:
            os.unlink(f"{fresh}/{path}")
    for folder in sorted(folders):
        if not present.get(folder, (False, 0))[0]:
            os.makedirs(f"{fresh}/{folder}", exist_ok=True)
    # Inode numbers tell files apart only on one file system.
    same_device = output.is_dir() and os.stat(output).st_dev == os.stat(fresh).st_dev
    states: dict[str, FileState | None] = {}
    for item in files:
        target, previous = f"{fresh}/{item.path}", f"{output}/{item.path}"
        entry = present.get(item.path)
        has_file, inode = (not entry[0], entry[1]) if entry else (False, 0)  # a folder there is gone
        unchanged = _unchanged(item, previous)
        states[item.path] = None if unchanged is None else state_of(unchanged)
        if unchanged is not None and same_device and has_file and inode == unchanged.st_ino:
            continue  # already the previous site's very file
        if has_file:
            os.unlink(target)  # never written into: it may be a link to a file of the live site
        if unchanged is None or not _link(previous, target):
            _write(item, target)
            states[item.path] = None
    return states


def _with_folders(fresh: Path, states: dict[str, FileState | None], folders: set[str]) -> dict[str, FileState]:
    """The states of `_fill`, with the written files' and every folder's own."""
    found: dict[str, FileState] = {}
    for path, state in states.items():
        found[path] = state or state_of(os.stat(f"{fresh}/{path}"))
    for folder in folders:
        folder_stat = os.stat(f"{fresh}/{folder}")
        found[f"{folder}/"] = (0, folder_stat.st_mtime_ns, folder_stat.st_ino)
    return found


def _listing(folder: str) -> dict[str, tuple[bool, int]]:
    """Everything under `folder` by relative path: whether it is a folder, and its inode."""
    found: dict[str, tuple[bool, int]] = {}
    todo = [("", folder)]
    while todo:
        prefix, path = todo.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                name, is_folder = prefix + entry.name, entry.is_dir(follow_symlinks=False)
                found[name] = (is_folder, entry.inode())
                if is_folder:
                    todo.append((f"{name}/", entry.path))
    return found


def _folders_of(paths: set[str]) -> set[str]:
    folders: set[str] = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


def _write(item: OutputFile, target: str) -> None:
    # "x": a new file, never one that is there (it could be a hard link to the live site's).
    with open(target, "xb") as out:
        if isinstance(item.content, Path):
            with open_source(item.content) as source:
                shutil.copyfileobj(source, out)
        else:
            out.write(item.content)


def open_source(path: Path) -> BinaryIO:
    """A source file opened for copying, never through a symbolic link: the load stage refuses
    links, and one put in a file's place since must not publish what it leads to."""
    return os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb")


def _unchanged(item: OutputFile, previous: str) -> os.stat_result | None:
    """The previous site's file when it holds the new bytes already; None when it differs or is missing."""
    try:
        found = os.lstat(previous)
        if not stat.S_ISREG(found.st_mode):
            return None
        if isinstance(item.content, Path) and str(item.content) == previous:  # the previous site's, unchanged (memo.py)
            return found
        if isinstance(item.content, Path):
            with open_source(item.content) as source:
                new = source.read()
        else:
            new = item.content
        if len(new) != found.st_size:
            return None
        with open(previous, "rb") as old:
            return found if old.read() == new else None
    except OSError:
        return None


def _link(previous: str, target: str) -> bool:
    try:
        os.link(previous, target)
    except OSError:
        return False  # no hard links here (another file system): write it instead
    return True


def _swap(fresh: Path, output: Path) -> None:
    """Put `fresh` where `output` is; afterwards `fresh` holds the old site (or nothing)."""
    if not output.exists():
        fresh.rename(output)
        return
    if _exchange(fresh, output):
        return
    # No atomic exchange here: move the old site aside first; _recover undoes a half-done swap.
    old = output.with_name(f".{output.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    output.rename(old)
    fresh.rename(output)
    old.rename(fresh)


def _recover(output: Path) -> None:
    """Put back the previous site if a build was killed between the two renames of a swap."""
    old = output.with_name(f".{output.name}.old")
    if old.exists() and not output.exists():
        old.rename(output)
    shutil.rmtree(old, ignore_errors=True)
    # A previous site may still be being deleted in the background (the build before this one
    # may have ended a moment ago): deleting it here would make this build wait for it.
    for doomed in output.parent.glob(f".{output.name}.old-*"):
        delete_in_background(doomed)
    for stale in output.parent.glob(f".{output.name}.new-*"):  # left by a killed build: good as a spare
        _keep_as_spare(stale, output)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders with Linux's renameat2; False where it is not available."""
    if sys.platform != "linux":
        return False
    import ctypes  # here: only Linux has renameat2

    # The C library is part of the running program: no need to search for it (find_library runs ldconfig).
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # this kernel or file system cannot
        return False
    raise OSError(error, os.strerror(error), str(b))

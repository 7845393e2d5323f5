"""Write stage: the finished site into the output folder, all at once or not at all.

Files go into a fresh folder beside the output folder, which then takes the old one's
place in one step, so a failed or killed build leaves the previous site as it was.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from ..disk import (
    RACY_SECONDS,
    FileState,
    delete_in_background,
    disk_clock_ns,
    folder_state,
    link_copy_in_background,
    load_pickle,
    open_source,
    state_of,
    store_pickle,
)
from ..errors import BuildError
from ..model import Kept, OutputFile
from .folder import MARKER, MARKER_TEXT, not_replaceable, write_problem

RENAME_EXCHANGE = 2  # from <linux/fs.h>
# A site of this many files or more that leaves no spare behind (the first build into an empty
# output folder) gets one made in the background: without it, the next build would link every
# file of the site into a new folder itself (a second at 10,000 articles, a third of one at 1,000).
SPARE_IN_BACKGROUND = 2000
AT_FDCWD = -100


@dataclass(frozen=True)
class Written:
    """What write_output did: how many files it had to write (the rest were linked), and the
    state of everything now in the output folder by path inside it, a folder's path ending in
    "/" (as stamp.snapshot reports them)."""

    count: int
    states: dict[str, FileState]


def write_output(
    files: list[OutputFile], output: Path, spool: Path | None = None, records: Path | None = None
) -> Written:
    """Write every file into a folder beside the output folder, then swap it in.

    That folder is the site before the previous one, kept by the last build (`.output.spare`):
    most of its files are hard links to the previous site's, so bringing it up to date touches
    only what changed, and nothing has to be deleted. A file whose bytes are the previous
    site's is linked from it, never written again. The first build starts from an empty folder.

    A file whose content is a file in `spool` (this build's own pages, page_spool) is linked
    from there rather than copied: nothing writes to it again.

    `records`: a folder of the project's own (its cache) where the write keeps a record of the
    site it wrote, which the build that fills that folder again takes instead of listing it
    (see RECORD_VERSION); None: no record, the spare is listed.

    The caller holds one_build_at_a_time(output). begun_write does the same in two steps.
    """
    with begun_write(files, output, spool, records) as filling:
        return filling.swap_in([])


@contextmanager
def begun_write(
    files: list[OutputFile],
    output: Path,
    spool: Path | None = None,
    records: Path | None = None,
    later: Collection[str] = (),
) -> Iterator[Filling]:
    """write_output in two steps: the folder beside the output folder filled with `files`, then,
    inside the `with`, Filling.swap_in gives it the files at the `later` paths (files still being
    made: a cold build's link-preview cards, while tens of thousands of others are written) and
    puts it in the output folder's place. Leaving the `with` without swap_in, by an error in it
    (cards that could not be made) or in the write itself, discards that folder: the output folder
    is as it was. The caller holds one_build_at_a_time(output)."""
    output = output.resolve()
    _recover(output)
    if not_replaceable(output):  # put there since the build began: left as it is
        raise BuildError([write_problem(OSError(errno.EEXIST, not_replaceable(output), str(output)))])
    # Taken before the spare is touched.
    spare_record = _take_record(_record_file(records, output, "spare")) if records is not None else None
    claimed = _claim_spare(output)
    fresh = claimed or Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    filling = None
    try:
        before = _recorded_states(fresh, spare_record) if claimed else None
        filling = Filling(fresh, output, files, frozenset(later), spool, records, before)
        yield filling
    finally:
        if filling is None or not filling.swapped:
            _discard(fresh)


class Filling:
    """A new site folder beside the output folder, filled with every file but those still being
    made, which `swap_in` adds before it puts the folder in the output folder's place (begun_write)."""

    def __init__(
        self,
        fresh: Path,
        output: Path,
        files: list[OutputFile],
        later: frozenset[str],
        spool: Path | None,
        records: Path | None,
        before: dict[str, FileState] | None,
    ) -> None:
        self.fresh, self.output, self.later, self.spool, self.records = fresh, output, later, spool, records
        # One file per path (an alias may name a page twice): the last, as a later write would.
        unique = {item.path: item for item in files}
        unique[MARKER] = OutputFile(MARKER, "berita", MARKER_TEXT)
        self.files = [unique[path] for path in sorted(unique) if path not in later]
        self.folders = _folders_of(set(unique) | later)
        # What the fresh folder held before it was filled, by the spare's record while that is
        # found true (None: listed).
        self.before = before
        self.present = _as_listing(before) if before else _listing(str(fresh))
        self.swapped = False
        try:
            self.states = _fill(fresh, self.files, self.folders, output, spool, self.present, later)
        except OSError:
            if before is None:
                raise
            self.states = self._listed_and_filled(self.files)  # the record was wrong after all: look

    def swap_in(self, made: Sequence[OutputFile]) -> Written:
        """Add `made`, the files at the `later` paths as made, and put the folder in the output
        folder's place; the previous site becomes the spare."""
        if {item.path for item in made} != self.later:
            raise ValueError("the files made are not the ones begun_write was told would come later")
        made = sorted(made, key=lambda item: item.path)
        fresh, output = self.fresh, self.output
        try:
            self.states.update(_put(fresh, made, output, self.spool, self.present))
        except OSError:
            if self.before is None:
                raise
            self.states = self._listed_and_filled([*self.files, *made])
        written = sum(1 for state in self.states.values() if state is None)
        states = _with_folders(fresh, self.states, self.folders, self.before)
        fresh.chmod(0o755)
        identity = _identity(os.lstat(fresh))  # this folder's, whatever another build does after the swap
        _swap(fresh, output)
        self.swapped = True
        kept = _keep_as_spare(fresh, output)  # now the previous site, or gone when there was none
        if self.records is not None:
            _keep_records(self.records, output, identity, states, kept)
        if len(self.files) + len(made) >= SPARE_IN_BACKGROUND and not os.path.lexists(_spare(output)):
            # Named as a build's new folder: a build that starts before it is done takes it as its spare (_recover).
            link_copy_in_background(output, _new_folder(output), _spare(output))
        return Written(written, states)

    def _listed_and_filled(self, files: list[OutputFile]) -> dict[str, FileState | None]:
        """`files` put into the folder as it is found, the spare's record set aside."""
        self.before = None
        self.present = _listing(str(self.fresh))
        return _fill(self.fresh, files, self.folders, self.output, self.spool, self.present, self.later)


def page_spool(output: Path) -> Path:
    """A name for a folder beside `output` where this build's renderer may put its pages (see
    render.render_site), and its card makers their cards (media._start_cards): on the output's
    file system, so that they can be linked into the site.
    The spools of killed builds are deleted. The caller holds one_build_at_a_time(output)."""
    output = output.resolve()
    # Exactly this output's names: another output beside it may be called "x.pages-1" or "x[1]".
    ours = re.compile(re.escape(f".{output.name}.pages-") + r"\d+-[0-9a-f]{8}")
    with suppress(OSError):
        for stale in [name for name in os.listdir(output.parent) if ours.fullmatch(name)]:
            delete_in_background(output.parent / stale)
    return output.with_name(f".{output.name}.pages-{os.getpid()}-{os.urandom(4).hex()}")


def discard_spool(spool: Path) -> None:
    """Delete a page spool, if it was made, without waiting for it (its pages and cards are in
    the site now, as other links to the same files)."""
    _discard(spool, ".pages-")


def _spare(output: Path) -> Path:
    return output.with_name(f".{output.name}.spare")


def _new_folder(output: Path) -> Path:
    """A name of this process's own for a new site beside `output`, as _recover knows them."""
    return output.with_name(f".{output.name}.new-{os.getpid()}-{os.urandom(4).hex()}")


def _claim_spare(output: Path) -> Path | None:
    """The spare folder under a name of this build's own (another build may start meanwhile)."""
    spare = _spare(output)
    try:
        if not stat.S_ISDIR(os.lstat(spare).st_mode):
            return None
        claimed = _new_folder(output)
        os.rename(spare, claimed)
    except OSError:
        return None
    return claimed


def _keep_as_spare(folder: Path, output: Path) -> bool:
    """Whether `folder` is the spare now. Never fails: after a swap, the site is written
    whatever becomes of the old one."""
    try:
        os.rename(folder, _spare(output))
    except FileNotFoundError:
        return False
    except OSError:  # a spare is there already
        with suppress(OSError):  # if this fails too, the next build deletes it (_recover)
            _discard(folder)
        return False
    return True


def _discard(folder: Path, kind: str = ".new-") -> None:
    """Delete `folder` (named `.output<kind>…`) without waiting for it: a site has thousands of
    files. It is renamed `.output.old-…` first, which the next build deletes if this does not."""
    if not folder.exists():
        return
    output_part, _, own_part = folder.name.rpartition(kind)  # the output's own name may hold `kind`
    doomed = folder.with_name(f"{output_part}.old-{own_part}")
    try:
        folder.rename(doomed)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    delete_in_background(doomed)


def _fill(
    fresh: Path,
    files: list[OutputFile],
    folders: set[str],
    output: Path,
    spool: Path | None,
    present: dict[str, tuple[bool, int]],
    keep: frozenset[str] = frozenset(),
) -> dict[str, FileState | None]:
    """Make `fresh` hold exactly `files` in `folders` (_folders_of all their paths and `keep`'s),
    whatever it held before, as `present` says (_listing's form), except what is at a `keep` path
    (a file still being made, _put there later): see _put."""
    # Plain strings and os calls, not pathlib: this runs once per file of the site.
    wanted = {item.path for item in files} | keep
    # Only what goes or comes is sorted: a few entries of the 50,000 of a large site, most builds.
    doomed = [path for path, (is_folder, _) in present.items() if path not in (folders if is_folder else wanted)]
    for path in sorted(doomed, reverse=True):  # a folder's files before the folder
        if present[path][0]:
            os.rmdir(f"{fresh}/{path}")
        else:
            os.unlink(f"{fresh}/{path}")
    for folder in sorted(folder for folder in folders if not present.get(folder, (False, 0))[0]):
        os.makedirs(f"{fresh}/{folder}", exist_ok=True)
    return _put(fresh, files, output, spool, present)


def _put(
    fresh: Path, files: Sequence[OutputFile], output: Path, spool: Path | None, present: dict[str, tuple[bool, int]]
) -> dict[str, FileState | None]:
    """Put `files` into `fresh`, whose folders are made and which holds what `present` says at
    their paths. Returns the state of each file linked from the previous site in `output`,
    None for one written anew (or linked from the `spool`)."""
    # Inode numbers tell files apart only on one file system.
    same_device = output.is_dir() and os.stat(output).st_dev == os.stat(fresh).st_dev
    own = f"{spool}/" if spool is not None else ""
    states: dict[str, FileState | None] = {}
    for item in files:
        target, previous = f"{fresh}/{item.path}", f"{output}/{item.path}"
        entry = present.get(item.path)
        has_file, inode = (not entry[0], entry[1]) if entry else (False, 0)  # a folder there is gone
        unchanged = states[item.path] = _unchanged(item, previous)
        if unchanged is not None and same_device and has_file and inode == unchanged[2]:
            continue  # already the previous site's very file
        if has_file:
            os.unlink(target)  # never written into: it may be a link to a file of the live site
        if unchanged is not None and type(item.content) is Kept and not _still(previous, unchanged):
            unchanged = None  # replaced since the build began: written from what is there now, or refused
        if unchanged is None or not _link(previous, target):
            spooled = own and isinstance(item.content, Path) and str(item.content).startswith(own)
            if not (spooled and _link(str(item.content), target)):
                _write(item, target)
            states[item.path] = None
    return states


def _with_folders(
    fresh: Path, filled: dict[str, FileState | None], folders: set[str], before: dict[str, FileState] | None = None
) -> dict[str, FileState]:
    """The states of `_fill`, with the written files' and every folder's own. `before`: what
    `fresh` held before it was filled (a record found true, in this form): a folder in which
    nothing was added, removed or replaced kept its state, and is not looked at again."""
    found: dict[str, FileState] = {}
    for path, state in filled.items():
        found[path] = state or state_of(os.stat(f"{fresh}/{path}"))
    changed = _changed_folders(before, filled, folders) if before is not None else set()
    for folder in folders:
        kept = before.get(f"{folder}/") if before is not None and folder not in changed else None
        found[f"{folder}/"] = kept or folder_state(os.stat(f"{fresh}/{folder}"))
    return found


def _changed_folders(before: dict[str, FileState], filled: dict[str, FileState | None], folders: set[str]) -> set[str]:
    """The folders whose entries `_fill` changed, from what was there `before` and what it did."""
    changed = set()
    for path, state in before.items():
        if path.endswith("/"):
            if path[:-1] not in folders:  # removed
                changed.add(path[:-1].rpartition("/")[0])
        elif path not in filled or filled[path] is None or filled[path][2] != state[2]:  # removed or replaced
            changed.add(path.rpartition("/")[0])
    for path, state in filled.items():
        if state is None or path not in before:  # written or added
            changed.add(path.rpartition("/")[0])
    for folder in folders:
        if f"{folder}/" not in before:  # made
            changed.add(folder.rpartition("/")[0])
    return changed


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


# What a site folder holds, as the build that wrote it left it, kept in the project's cache for
# the build that will fill that folder again (it becomes the spare after the next swap):
# listing the spare (_listing) meant opening each of its folders, 15,000 at 10,000 articles,
# a third of a second and more when the disk's cache had let them go. The record is trusted
# only when every folder it names is there with the inode and time it had: a file added,
# removed or renamed by hand changes its folder's time. A folder changed less than
# disk.RACY_SECONDS before the record was taken could be changed again within the same tick
# of the file system's clock (2 s on FAT) without its time moving, so such a folder is listed
# and compared with the record. A file edited in place keeps its inode, as it does for the
# listing. In the cache, not beside the output folder: the record is a pickle, and the output
# folder's parent may be anyone's (/srv/www, /tmp), the cache is the project's. Its clock is
# the output's when both are on this machine's disks.
RECORD_VERSION = 2
# version, the folder's own (st_dev, st_ino, st_mtime_ns), when it was taken (disk_clock_ns), Written.states
Record = tuple[int, tuple[int, int, int], int, dict[str, FileState]]


def _record_file(records: Path, output: Path, role: str) -> Path:
    """Where the record of `output` ("output") or of its spare ("spare") is kept: named after
    the output folder's path, as one project may build into more than one."""
    name = hashlib.sha256(str(output).encode()).hexdigest()[:16]
    return records / f"listing-{name}.{role}.pickle"


def _identity(found: os.stat_result) -> tuple[int, int, int]:
    return (found.st_dev, found.st_ino, found.st_mtime_ns)


def _take_record(file: Path) -> object:
    """The record in `file`, removed before the folder it describes is changed: a build killed
    part way through filling it leaves no record that would describe it wrongly."""
    record = load_pickle(file)
    try:
        os.unlink(file)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    return record


def _recorded_states(folder: Path, record: object) -> dict[str, FileState] | None:
    """What `folder` holds by its `record` (Written.states' form), when the folder and every
    folder in it are as recorded (same inode, same time) and those changed just before the
    record was taken hold what it says; None when not, or no record."""
    if not (isinstance(record, tuple) and len(record) == 4 and record[0] == RECORD_VERSION):
        return None
    _, own, taken_ns, states = record
    recent = taken_ns - int(RACY_SECONDS * 1e9)
    base = f"{folder}/"
    try:
        found = os.lstat(folder)
        if _identity(found) != own:
            return None
        racy = {""} if found.st_mtime_ns >= recent else set()
        for path, (_, mtime, inode) in states.items():
            if path.endswith("/"):
                found = os.lstat(base + path)
                if found.st_ino != inode or found.st_mtime_ns != mtime or not stat.S_ISDIR(found.st_mode):
                    return None
                if mtime >= recent:
                    racy.add(path)
        if racy and not _hold_as_recorded(base, racy, states):
            return None
    except (OSError, ValueError, TypeError):  # gone meanwhile, or not a record of this version after all
        return None
    return states


def _hold_as_recorded(base: str, folders: set[str], states: dict[str, FileState]) -> bool:
    """Whether each of `folders` (paths ending in "/", "" for the site's own) holds the files and
    folders `states` gives it, by name, kind and inode."""
    recorded: dict[str, set[tuple[str, bool, int]]] = {folder: set() for folder in folders}
    for path, state in states.items():
        parent, _, name = path.removesuffix("/").rpartition("/")
        entries = recorded.get(f"{parent}/" if parent else "")
        if entries is not None:
            entries.add((name, path.endswith("/"), state[2]))
    for folder, entries in recorded.items():
        with os.scandir(base + folder) as found:
            if {(entry.name, entry.is_dir(follow_symlinks=False), entry.inode()) for entry in found} != entries:
                return False
    return True


def _as_listing(states: dict[str, FileState]) -> dict[str, tuple[bool, int]]:
    """Written.states' form in _listing's: by path (a folder's without its "/"), whether it is a
    folder, and its inode."""
    return {path.removesuffix("/"): (path.endswith("/"), state[2]) for path, state in states.items()}


def _keep_records(
    records: Path, output: Path, identity: tuple[int, int, int], states: dict[str, FileState], spare_is_old_output: bool
) -> None:
    """After a swap: the old output folder's record becomes the spare's (when that folder is the
    spare now), and the new site's (`identity`: its folder's own) is recorded. Never fails:
    without a record the next build lists."""
    with suppress(OSError):
        if spare_is_old_output:
            os.replace(_record_file(records, output, "output"), _record_file(records, output, "spare"))
        else:
            _record_file(records, output, "output").unlink(missing_ok=True)
    record: Record = (RECORD_VERSION, identity, disk_clock_ns(records), states)
    store_pickle(_record_file(records, output, "output"), record)


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
        if isinstance(item.content, bytes):
            out.write(item.content)
        else:
            with open_source(Path(item.content)) as source:
                shutil.copyfileobj(source, out)


def _unchanged(item: OutputFile, previous: str) -> FileState | None:
    """The state of the previous site's file when it holds the new bytes already; None when it
    differs or is missing."""
    content = item.content
    if type(content) is Kept and content.path == previous:
        # The previous site's, unchanged: as the memo found it when the build began (memo.py).
        # Changed by hand since, it is linked as it is now, and the next build, finding another
        # state than the one kept, renders it again.
        return content.state
    try:
        found = os.lstat(previous)
        if not stat.S_ISREG(found.st_mode):
            return None
        if isinstance(content, bytes):
            new = content
        else:
            with open_source(Path(content)) as source:
                new = source.read()
        if len(new) != found.st_size:
            return None
        with open(previous, "rb") as old:
            return state_of(found) if old.read() == new else None
    except OSError:
        return None


def _still(path: str, state: FileState) -> bool:
    """Whether `path` is still the regular file that had `state` (a link put in its place is not)."""
    try:
        found = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(found.st_mode) and found.st_ino == state[2]


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

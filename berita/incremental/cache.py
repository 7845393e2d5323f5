"""The build cache: rendered articles, preview cards and resized images kept between builds in `.cache/`.

An entry is found by a hash of the source's bytes together with a salt of everything else
that shapes the result (berita's own code, the Markdown setup, the relevant config). An
article entry also carries the lookups its rendering made (see resolve.py), checked before
it is used. A file that cannot be read back, or holds another key, is ignored with a warning
and rebuilt: the cache is never trusted blindly.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..disk import delete_in_background, store_pickle
from ..errors import Problem

# berita/ itself, with every sub-package: the salt covers the code of the whole package.
PACKAGE = Path(__file__).resolve().parents[1]


def code_salt(*parts: object) -> bytes:
    """A salt that changes with berita's source code, the libraries installed, and each of `parts`."""
    digest = hashlib.sha256(_code_digest())
    for part in parts:
        digest.update(repr(part).encode())
    return digest.digest()


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    digest = hashlib.sha256(sys.version.encode())
    # Sub-packages too (berita/cms/): their code shapes the output as much as the top level's.
    for module in sorted(PACKAGE.rglob("*.py")):
        digest.update(module.relative_to(PACKAGE).as_posix().encode() + b"\0" + module.read_bytes())
    # A library upgrade (Markdown, Jinja2, Pillow, Pagefind…) can change the output: the
    # installed distributions' folder names carry their versions, and listing them is cheap.
    # Every folder Python imports from counts: a venv, the user's site, the system's. Not the
    # folders' own names: the same code and libraries in another folder (a clone elsewhere, CI's
    # checkout) make the same site, and the search index's code (search.py) comes from this salt.
    for folder in dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib"), *sys.path]):
        try:
            names = sorted(name for name in os.listdir(folder or ".") if name.endswith((".dist-info", ".egg-info")))
        except OSError:
            names = []
        digest.update("\0".join([*names, "\n"]).encode())
    return digest.digest()


def generation(salt: bytes) -> str:
    """The name of the folder that holds what was made with `salt` (see prune_generations)."""
    return salt.hex()[:16]


class Cache:
    """Values stored by key in one folder, written atomically, read back only when intact.

    The folder is `folder/<generation of salt>`: what another version of berita or of the
    settings made is in a folder of its own, which prune_generations deletes once unused.
    """

    def __init__(self, folder: Path, salt: bytes) -> None:
        self.folder, self.salt = folder / generation(salt), salt
        self.warnings: list[Problem] = []

    def key(self, *parts: bytes | str) -> str:
        digest = hashlib.sha256(self.salt)
        for part in parts:
            digest.update(part if isinstance(part, bytes) else part.encode())
            digest.update(b"\0")
        return digest.hexdigest()

    def path(self, key: str, suffix: str = ".pickle") -> Path:
        """Where the value for `key` is kept."""
        return self.folder / key[:2] / f"{key}{suffix}"

    def file(self, key: str, suffix: str, intact: Callable[[bytes, bytes, int], bool]) -> Path | None:
        """The file stored for `key` by store_file, when `intact` accepts its first and last 16
        bytes and its size.

        For values used as files (preview cards, resized images): they are copied into the
        site, never read into memory.
        """
        file = self.path(key, suffix)
        try:
            with open(file, "rb") as stored:
                head = stored.read(16)
                size = os.fstat(stored.fileno()).st_size
                stored.seek(max(0, size - 16))
                tail = stored.read(16)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError:
            head, tail, size = b"", b"", 0
        if not intact(head, tail, size):
            self.warnings.append(damaged(file))
            return None
        return file

    def get(self, key: str) -> Any | None:
        file = self.path(key)
        try:
            with open(file, "rb") as stored:
                stored_key, value = pickle.load(stored)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except Exception:  # any damage: truncated, foreign, or from another Python
            self.warnings.append(damaged(file))
            return None
        if stored_key != key:
            self.warnings.append(damaged(file))
            return None
        return value

    def put(self, key: str, value: Any) -> None:
        store_pickle(self.path(key), (key, value))


def unusable(folder: Path) -> Problem | None:
    """The warning for a cache folder that cannot be used (a file or a broken link in its place,
    a folder that cannot be written): the build goes on without it, only slower."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK | os.X_OK):
            return None
        reason = "tidak bisa ditulisi"
    except FileExistsError:
        reason = "berupa file atau tautan yang putus, bukan folder"
    except OSError as exc:
        reason = f"tidak bisa dibuat ({exc.strerror})"
    message = f"folder cache {reason}; build berjalan tanpa cache (lebih lambat). Hapus atau perbaiki {folder.name}"
    return Problem(str(folder), None, "", message, "warning")


def damaged(file: Path) -> Problem:
    """The warning for a cache file that was damaged, ignored and made again."""
    return Problem(str(file), None, "", "berkas cache rusak diabaikan dan dibuat ulang", "warning")


# A generation no build has used for this long is deleted, and of those used more recently only
# the newest is kept besides the one in use: switching back to the last version or settings is
# quick, and the cache stays at most about twice the size of one site's work.
UNUSED_FOR = 7 * 24 * 3600
OTHERS_KEPT = 1


def mark_used(generation: Path, now: float | None = None) -> None:
    """Note that a generation is in use now (its folder's time), if it has been made yet. The
    time is this process's clock, which prune_generations compares it with, never the file
    system's own (a network disk's, or the real one under a faked clock, may differ)."""
    now = time.time() if now is None else now
    with suppress(OSError):
        os.utime(generation, (now, now))


def prune_generations(folder: Path, current: str, now: float | None = None) -> None:
    """Mark the generation `current` in `folder` as used now (its folder's time), and delete the
    others that are too old or too many. A cache that cannot be pruned is only larger."""
    now = time.time() if now is None else now
    mark_used(folder / current, now)
    try:
        with os.scandir(folder) as entries:
            others = [
                (entry.stat(follow_symlinks=False).st_mtime, entry.is_dir(follow_symlinks=False), Path(entry.path))
                for entry in entries
                if entry.name != current
            ]
    except OSError:
        return
    others.sort(reverse=True)
    recent = [
        path
        for used, is_folder, path in others
        if is_folder and now - used <= UNUSED_FOR and not path.name.startswith(".old-")
    ]
    # A file here is no generation: an entry of the layout before generations (resized images).
    doomed = [path for _, _, path in others if path not in recent[:OTHERS_KEPT]]
    if doomed:
        _remove(folder, doomed)


def _remove(folder: Path, doomed: list[Path]) -> None:
    """Take the `doomed` folders out of the cache at once (renamed into one new `.old-…` folder)
    and delete that without waiting. A leftover `.old-…` of a killed deletion is among them."""

    try:
        trash = Path(tempfile.mkdtemp(prefix=".old-", dir=folder))
    except OSError:
        return
    for path in doomed:
        with suppress(OSError):
            path.rename(trash / path.name)
    delete_in_background(trash)

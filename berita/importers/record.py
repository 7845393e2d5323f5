"""What the importer wrote, kept beside the articles so a second run writes nothing and never
overwrites a hand edit.

The record is `content/.impor.json` (a hidden file: the build skips it). It is part of the site,
committed with the articles, not a cache: it is how a later run knows which file came from which
post. Lost (as `.cache/` may be), a second run could not tell its own files from an author's and
would write every article again under a new name. For each post it keeps the file and the SHA-256
of the bytes written; a file whose bytes differ from those was changed by hand and is left alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

RECORD_NAME = ".impor.json"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Record:
    """The record of one content folder, with the writes of this run (none when `dry_run`)."""

    content: Path
    dry_run: bool = False
    articles: dict[str, dict[str, str]] = field(default_factory=dict)  # key -> {file, sha256}
    files: dict[str, dict[str, str]] = field(default_factory=dict)  # folder|address -> {file, sha256}
    claimed: set[str] = field(default_factory=set)  # files taken by this run, relative to content
    _saved: bytes = b""

    @classmethod
    def load(cls, content: Path, dry_run: bool) -> Record:
        path = content / RECORD_NAME
        try:
            data = path.read_bytes()
            parsed = json.loads(data)
            articles, files = dict(parsed.get("articles", {})), dict(parsed.get("files", {}))
        except (OSError, ValueError, AttributeError):
            return cls(content, dry_run)
        return cls(content, dry_run, articles, files, _saved=data)

    def owned(self) -> set[str]:
        """Every file the record names, relative to the content folder."""
        return {entry["file"] for entry in (*self.articles.values(), *self.files.values())} | self.claimed

    def write(self, relative: str, data: bytes, recorded: dict[str, str] | None) -> str:
        """Writes `data` to `relative` unless that changes nothing or overwrites a hand edit:
        "baru", "diperbarui", "sama" or "diubah" (left as it is)."""
        path = self.content / relative
        self.claimed.add(relative)
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            current = None
        if current == data:
            return "sama"
        if current is not None and (recorded is None or recorded.get("sha256") != digest(current)):
            return "diubah"
        if not self.dry_run:
            atomic_write(path, data)
        return "baru" if current is None else "diperbarui"

    def save(self) -> bool:
        """Writes the record when it changed; whether it did."""
        data = (
            json.dumps(
                {"version": 1, "articles": self.articles, "files": self.files},
                indent=1,
                sort_keys=True,
                ensure_ascii=False,
            ).encode()
            + b"\n"
        )
        if data == self._saved or self.dry_run:
            return False
        atomic_write(self.content / RECORD_NAME, data)
        self._saved = data
        return True


def atomic_write(path: Path, data: bytes) -> None:
    """A whole file or none: written beside its place, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

"""Pages rendered before, reused when nothing they show has changed.

Every page gets a fingerprint: the templates, the config, and what its context holds (an
article by its digest and by the two facts that depend on the clock: scheduled, form closed).
A page whose fingerprint is the one it had last time is not rendered again. The preview keeps
the pages in memory; a build finds them in the previous output folder, listed with their
size and time in a manifest, so a page changed by hand there is rendered again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .model import Article

# The parts of `site` that each template reads besides its own context.
SITE_PARTS = {"agenda.html": ("upcoming", "past"), "archive.html": ("years",), "tags.html": ("tags",)}
Content = bytes | Path


@dataclass
class PageMemo:
    """What was rendered last time, by output path: (fingerprint, content)."""

    known: dict[str, tuple[str, Content]] = field(default_factory=dict)
    made: dict[str, tuple[str, Content]] = field(default_factory=dict)

    def get(self, path: str, fingerprint: str) -> Content | None:
        found = self.known.get(path)
        return found[1] if found and found[0] == fingerprint else None

    def put(self, path: str, fingerprint: str, content: Content) -> None:
        self.made[path] = (fingerprint, content)

    def following(self) -> PageMemo:
        """The memo for the next build: what this one made."""
        return PageMemo(known=dict(self.made))


def fingerprint(base: bytes, template: str, path: str, title: str, context: dict[str, Any], site: Any) -> str:
    digest = hashlib.sha256(base)
    digest.update(repr((template, path, title)).encode())
    now = site.now
    _feed(digest, context, now)
    for part in SITE_PARTS.get(template, ()):
        _feed(digest, getattr(site, part), now)
    return digest.hexdigest()


def _feed(digest: Any, value: Any, now: datetime) -> None:
    """Adds what a value shows to a page: articles by digest, everything else by its fields."""
    if isinstance(value, Article):
        closed = bool(value.form and value.form.closes and now > value.form.closes.at)
        digest.update(f"A{value.digest}{value.date.at > now}{closed}".encode())
    elif isinstance(value, dict):
        for key in sorted(value):
            digest.update(f"K{key}".encode())
            _feed(digest, value[key], now)
    elif isinstance(value, (list, tuple)):
        digest.update(f"L{len(value)}".encode())
        for item in value:
            _feed(digest, item, now)
    elif hasattr(value, "__dataclass_fields__"):
        digest.update(type(value).__name__.encode())
        for name in value.__dataclass_fields__:
            _feed(digest, getattr(value, name), now)
    else:
        digest.update(repr(value).encode())


def load_manifest(file: Path, output: Path, salt: bytes) -> PageMemo:
    """The pages of the previous build still in the output folder exactly as it left them."""
    try:
        stored_salt, pages = pickle.loads(file.read_bytes())
    except Exception:  # missing or damaged: everything is rendered again
        return PageMemo()
    if stored_salt != salt:
        return PageMemo()
    known = {}
    for path, (print_, size, mtime) in pages.items():
        target = output / path
        try:
            stat = target.stat()
        except OSError:
            continue
        if (stat.st_size, stat.st_mtime_ns) == (size, mtime):
            known[path] = (print_, target)
    return PageMemo(known=known)


def save_manifest(memo: PageMemo, file: Path, output: Path, salt: bytes) -> None:
    """Lists the pages just written, with their size and time, for the next build."""
    pages = {}
    for path, (print_, _) in memo.made.items():
        try:
            stat = (output / path).stat()
        except OSError:
            continue
        pages[path] = (print_, stat.st_size, stat.st_mtime_ns)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump((salt, pages), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, file)
    except OSError:
        pass  # without a manifest the next build renders every page

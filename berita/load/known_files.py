"""The articles the last build loaded, kept in the article cache between builds: the next
build (or the preview's first) reads only the files changed since."""

from __future__ import annotations

from dataclasses import replace

from ..incremental.workspace import KNOWN_FILES, PHOTOS, RELATED, Workspace
from .content import KnownFiles


def stored_known_files(workspace: Workspace) -> KnownFiles:
    """The articles, related articles and photo hashes the last build stored (none when missing
    or damaged: every file is read again)."""
    cache = workspace.articles
    found = cache.get(cache.key(KNOWN_FILES))
    known = found if isinstance(found, KnownFiles) else KnownFiles()
    related = cache.get(cache.key(RELATED))
    known.related = related if isinstance(related, dict) else {}
    photos = cache.get(cache.key(PHOTOS))
    known.photos = photos if isinstance(photos, dict) else {}
    return known


def keep_known_files(
    workspace: Workspace, known: KnownFiles, related_before: set[str], photos_before: dict[str, object]
) -> None:
    """Store what changed of `known` since it was read (each part on its own)."""
    cache = workspace.articles
    # A few files read again cost the next build less than storing every article again now.
    if known.missed > len(known.entries) // 20:
        cache.put(cache.key(KNOWN_FILES), replace(known, related={}, photos={}))
    if set(known.related) != related_before:
        cache.put(cache.key(RELATED), known.related)
    if known.photos != photos_before:
        cache.put(cache.key(PHOTOS), known.photos)

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


def keep_known_files(workspace: Workspace, before: KnownFiles, after: KnownFiles | None) -> None:
    """Store what of `after` (what this build learned) differs from `before` (what it was
    given), each part on its own."""
    if after is None:
        return
    cache = workspace.articles
    # A few files read again cost the next build less than storing every article again now.
    if after.missed > len(after.entries) // 20:
        cache.put(cache.key(KNOWN_FILES), replace(after, related={}, photos={}))
    if set(after.related) != set(before.related):
        cache.put(cache.key(RELATED), after.related)
    if after.photos != before.photos:
        cache.put(cache.key(PHOTOS), after.photos)

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
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..disk import load_pickle, state_of, store_pickle
from ..model import Article, Content, Kept, OutputFile, event_over

SITE_USE = re.compile(r"\bsite\.(\w+)")
REFERENCE = re.compile(r"""\{%-?\s*(?:include|extends|import|from)\s+["']([^"']+)["']""")
# How the shipped templates read site.now: each is in each article's part of a fingerprint
# (scheduled, form closed, event over). Any other use makes `now` a part of the page.
NOW_IN_ARTICLE_PART = ("item.date.at > site.now", "site.now > article.form.closes.at", "item is finished(site.now)")


def site_parts(templates: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """For each template (name: text), the parts of `site` it reads, itself or through the
    templates it includes, extends or imports: a page is fingerprinted with those."""
    direct, uses = {}, {}
    for name, text in templates.items():
        for known in NOW_IN_ARTICLE_PART:
            text = text.replace(known, "")
        direct[name], uses[name] = set(SITE_USE.findall(text)), set(REFERENCE.findall(text))
    parts = {}
    for name in templates:
        found, todo, seen = set(), [name], set()
        while todo:
            current = todo.pop()
            if current in seen or current not in direct:
                continue
            seen.add(current)
            found |= direct[current]
            todo += uses[current]
        parts[name] = tuple(sorted(found))
    return parts


@dataclass
class PageMemo:
    """What was rendered last time, by output path: (fingerprint, content)."""

    known: dict[str, tuple[str, Content]] = field(default_factory=dict)
    made: dict[str, tuple[str, Content]] = field(default_factory=dict)
    # The articles (by source file) each page of this build shows, by the page's site path:
    # after an edit to an article's text the preview renders only the pages that show it.
    shows: dict[str, set[str]] = field(default_factory=dict)

    def get(self, path: str, fingerprint: str) -> Content | None:
        found = self.known.get(path)
        if not found or found[0] != fingerprint:
            return None
        return found[1]

    def learned(self, files: Iterable[OutputFile], shows: dict[str, set[str]] | None = None) -> PageMemo:
        """This memo, with what `files` carry (each with its fingerprint) added to what was made,
        and what each page shows when given: the value the next build is handed."""
        made = {**self.made, **{f.path: (f.fingerprint, f.content) for f in files if f.fingerprint}}
        return PageMemo(self.known, made, self.shows if shows is None else shows)

    def following(self) -> PageMemo:
        """The memo for the next build (the preview's): what this one made, less files kept by
        path (preview cards in the cache, say) that have been deleted since. A build's memo
        comes from load_manifest, which checks its files itself."""
        return PageMemo(
            known={
                path: (print_, content)
                for path, (print_, content) in self.made.items()
                if isinstance(content, bytes) or os.path.isfile(content)
            }
        )


class Fingerprints:
    """The fingerprints of one build's pages. What many pages share is hashed once: each
    article's part, and each part of the site a template reads (the archive pages all show
    every year)."""

    def __init__(self, base: bytes, site: Any, parts: dict[str, tuple[str, ...]]) -> None:
        self.base, self.site, self.now, self.site_parts = base, site, site.now, parts
        self.articles: dict[int, str] = {}  # by id(): articles live as long as the build
        self.parts: dict[str, tuple[bytes, set[str]]] = {}
        # What each page shows, found on the way: the articles fed for it, by source file.
        self.shows: dict[str, set[str]] = {}
        self._shown: set[str] = set()

    def of(self, template: str, path: str, title: str, context: dict[str, Any]) -> str:
        pieces = [repr((template, path, title))]
        self._shown = self.shows[path] = set()
        self._feed(pieces, context)
        digest = hashlib.sha256(self.base)
        digest.update("".join(pieces).encode())
        for part in self.site_parts.get(template, ()):
            hashed, shown = self._part(part)
            digest.update(hashed)
            self.shows[path] |= shown
        return digest.hexdigest()

    def _part(self, name: str) -> tuple[bytes, set[str]]:
        if name not in self.parts:
            pieces, page, self._shown = [name], self._shown, set()
            self._feed(pieces, getattr(self.site, name))
            self.parts[name], self._shown = (hashlib.sha256("".join(pieces).encode()).digest(), self._shown), page
        return self.parts[name]

    def _article(self, article: Article) -> str:
        token = self.articles.get(id(article))
        if token is None:
            closed = bool(article.form and article.form.closes and self.now > article.form.closes.at)
            over = event_over(article, self.now)
            token = f"A{article.digest}{article.date.at > self.now}{closed}{over}"
            self.articles[id(article)] = token
        return token

    def _feed(self, pieces: list[str], value: Any) -> None:
        """Adds what a value shows to a page's `pieces` (hashed together once: a page has dozens):
        articles by digest, everything else by its fields."""
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:  # most values: before the slower tests
            pieces.append(repr(value))
        elif kind is Article:
            self._shown.add(value.source)
            pieces.append(self._article(value))
        elif kind is tuple or kind is list:
            pieces.append(f"L{len(value)}")
            for item in value:
                if type(item) is Article:  # without a call each: lists of thousands of articles are common
                    self._shown.add(item.source)
                    pieces.append(self._article(item))
                else:
                    self._feed(pieces, item)
        elif kind is dict:
            for key in sorted(value):
                pieces.append(f"K{key}")
                self._feed(pieces, value[key])
        elif hasattr(kind, "__dataclass_fields__"):
            pieces.append(kind.__name__)
            for name in kind.__dataclass_fields__:
                self._feed(pieces, getattr(value, name))
        else:
            pieces.append(repr(value))


def load_manifest(file: Path, output: Path, salt: bytes, into_memory: Callable[[str], bool] | None = None) -> PageMemo:
    """The pages of the previous build still in the output folder exactly as it left them: as
    paths, or, for the paths `into_memory` accepts, as their bytes (checked on the open file,
    so a build replacing the folder meanwhile cannot slip in another page); the rest are left out."""
    stored = load_pickle(file)  # None when missing or damaged: everything is rendered again
    if not isinstance(stored, tuple) or len(stored) != 2:
        return PageMemo()
    stored_salt, pages = stored
    if stored_salt != salt:
        return PageMemo()
    known: dict[str, tuple[str, Content]] = {}
    for path, (print_, size, mtime) in pages.items():
        target = f"{output}/{path}"  # a string, not a Path: thousands of pages
        if into_memory is not None:
            if into_memory(path) and (data := _read_if_unchanged(target, size, mtime)) is not None:
                known[path] = (print_, data)
            continue
        try:
            found = os.lstat(target)  # not a link put in its place, which the site would then hold
        except OSError:
            continue
        if (found.st_size, found.st_mtime_ns) == (size, mtime) and stat.S_ISREG(found.st_mode):
            known[path] = (print_, Kept(target, state_of(found)))
    return PageMemo(known=known)


def _read_if_unchanged(file: str, size: int, mtime: int) -> bytes | None:
    try:
        # Never through a link put in the page's place: the preview would serve what it leads to.
        with open(os.open(file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb") as page:
            found = os.fstat(page.fileno())
            unchanged = stat.S_ISREG(found.st_mode) and (found.st_size, found.st_mtime_ns) == (size, mtime)
            return page.read() if unchanged else None
    except OSError:
        return None


def save_manifest(
    memo: PageMemo, file: Path, output: Path, salt: bytes, states: dict[str, tuple[int, int, int]] | None = None
) -> None:
    """Lists the pages just written, with their size and time, for the next build. `states`:
    the output folder's files by full path with their (size, time, inode), if known already."""
    pages = {}
    for path, (print_, _) in memo.made.items():
        target = f"{output}/{path}"
        if states is not None and target in states:
            size, mtime, _inode = states[target]
        else:
            try:
                found = os.stat(target)
            except OSError:
                continue
            size, mtime = found.st_size, found.st_mtime_ns
        pages[path] = (print_, size, mtime)
    store_pickle(file, (salt, pages))  # when it cannot be, the next build renders every page

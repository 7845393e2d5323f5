"""Where an article's links and images lead, and what each lookup depended on.

The dependencies are kept with a cached article: while none of them changes, the cached
rendering is still right.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import urls
from ..config import Config
from ..disk import file_state
from ..errors import Problem
from ..frontmatter.source import Source
from ..images.picture import plan_picture
from ..model import InternalLink, Picture, Variant
from .sanitize import is_active

# (kind, key) -> what the lookup found, e.g. ("md", "content/2021/a.md") -> "/2021/04/a/".
Dependencies = dict[tuple[str, str], object]


@dataclass(frozen=True)
class Surroundings:
    """What an article's links can point to: every article's site path by source file, and the other files."""

    by_source: dict[str, str]
    assets: frozenset[str]
    content_prefix: str
    # Articles that exist but have problems of their own: a link to one is not a second problem.
    broken: frozenset[str] = frozenset()

    def article_at(self, source: str) -> str | None:
        """The site path of the article in `source`; BROKEN when it has problems; None when there is none."""
        return BROKEN if source in self.broken else self.by_source.get(source)


# What a link to an article with problems of its own finds (not None: if that file is deleted
# later, a cached article linking to it must be rendered again to report the broken link).
BROKEN = ""


def still_holds(depends: Dependencies, around: Surroundings) -> bool:
    """Whether every lookup an article's rendering made would find the same today."""
    for (kind, key), found in depends.items():
        now: object
        if kind == "md":
            now = around.article_at(key)
        elif kind == "asset":
            now = key in around.assets
        else:
            now = file_state(Path(key))
        if now != found:
            return False
    return True


class Pictures:
    """Plans the responsive variants of the images one article uses, by their link."""

    def __init__(self, config: Config, depends: Dependencies) -> None:
        self.site = urls.Urls(config.base_url)
        self.config = config
        self.planned: dict[str, Picture | None] = {}
        self.depends = depends

    @cached_property
    def folders(self) -> tuple[Path, Path]:
        # Resolving a folder asks the file system; most articles have no image to look for.
        return (self.config.folder("content"), self.config.folder("static"))

    def for_link(self, link: str) -> Picture | None:
        if link not in self.planned:
            self.planned[link] = self._plan(link)
        return self.planned[link]

    def _plan(self, link: str) -> Picture | None:
        base = self.site.base_path
        if not link.startswith(base):
            return None
        site_path = "/" + link[len(base) :]
        for folder in self.folders:
            file = folder / site_path.lstrip("/")
            state = self.depends.setdefault(("file", str(file)), file_state(file))
            if state is not None:
                return plan_picture(file, site_path, link)
        return None

    def pictured(self) -> set[str]:
        """The site paths of the images shown in their sizes."""
        base = len(self.site.base_path)
        return {"/" + link[base:] for link, picture in self.planned.items() if picture is not None}

    def variants(self) -> tuple[Variant, ...]:
        # Two photos whose sizes share a name (foto.png and foto.webp) both stay: the site's
        # check reports the clash instead of one photo silently standing in for the other.
        found = {v for picture in self.planned.values() if picture for v in picture.variants}
        return tuple(sorted(found, key=lambda v: (v.path, str(v.source))))


class LinkResolver:
    """Resolves one article's links: other articles by source file, site paths, assets beside it."""

    def __init__(
        self, source: Source, around: Surroundings, site: urls.Urls, depends: Dependencies, sanitize: bool = False
    ) -> None:
        self.source, self.around, self.site, self.depends = source, around, site, depends
        # With [security] sanitize, a file a browser would run (HTML, SVG…) is never published.
        self.sanitize = sanitize
        self.assets: set[str] = set()
        # Assets used whole: by a link, or by the author's own HTML. An image of the Markdown,
        # shown in its sizes, is published whole only when one of those uses it (see published_assets).
        self.linked: set[str] = set()
        self.internal: list[InternalLink] = []
        self.problems: list[Problem] = []

    def __call__(self, kind: str, target: str) -> str:
        path = self.site_path(kind, target, self._line_of(target))
        if path is None:
            return target
        parts = urlsplit(target)
        # /cari/?q=beasiswa: the search page reads it. A Markdown image is shown in its sizes.
        query = f"?{parts.query}" if parts.query and kind != "image" else ""
        fragment = f"#{parts.fragment}" if parts.fragment and kind != "image" else ""
        return self.site.link(path) + query + fragment

    def site_path(self, kind: str, target: str, line: int, field: str = "") -> str | None:
        """The site path a link points to, or None when it leaves the site or is a bare #anchor.
        A problem with it names `field` (the front matter's, for the lead photo). Read as a
        browser reads it: `&#106;avascript:` is a script link, not a file named `&`."""
        try:
            parts = urlsplit(html.unescape(target))
        except ValueError:  # "http://[server]/": no address a browser opens, and none of the site's
            return None
        if parts.scheme or parts.netloc or not parts.path:
            return None
        if parts.path.startswith("/"):
            # A file beside another article, by its address: an asset like one linked relatively.
            in_content = posixpath.normpath(self.around.content_prefix + parts.path)
            if self.depends.setdefault(("asset", in_content), in_content in self.around.assets):
                return self._asset(kind, in_content, line, field)
            self.internal.append(InternalLink(parts.path, line, parts.fragment))
            return parts.path
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(self.source.file), parts.path))
        if parts.path.endswith(".md"):
            found = self.depends.setdefault(("md", resolved), self.around.article_at(resolved))
            if not found:
                if found is None:
                    message = f"tautan ke artikel yang tidak ada: {target} (dicari di {resolved})"
                    self.problems.append(Problem(self.source.file, line, field, message))
                return None
            self.internal.append(InternalLink(str(found), line, parts.fragment))
            return str(found)
        if not self.depends.setdefault(("asset", resolved), resolved in self.around.assets):
            what = "gambar" if kind in ("image", "html-image") else "file"
            message = f"{what} tidak ditemukan: {target} (dicari di {resolved})"
            if (named := unquote(resolved)) != resolved and named in self.around.assets:
                # %20 in an address pasted from a web editor: the file's name has a space.
                name = posixpath.basename(named)
                better = re.sub(r"\s+", "-", name.strip().lower())
                message += f'; yang ada "{name}": ganti nama filenya tanpa spasi (misalnya {better}) dan tulis nama itu di tautan'
            self.problems.append(Problem(self.source.file, line, field, message))
            return None
        return self._asset(kind, resolved, line, field)

    def _asset(self, kind: str, resolved: str, line: int, field: str) -> str | None:
        if self.sanitize and is_active(resolved):
            suffix = posixpath.splitext(resolved)[1].lower()
            message = (
                f"file {posixpath.basename(resolved)} tidak diterbitkan karena [security] sanitize = true: "
                f"peramban menjalankan skrip di dalam file {suffix} seperti di halaman situs sendiri; "
                "ubah menjadi PNG, JPG, WebP atau PDF"
            )
            self.problems.append(Problem(self.source.file, line, field, message))
            return None
        # An asset keeps its place under the content folder: content/2021/foto.jpg -> /2021/foto.jpg
        site_path = "/" + posixpath.relpath(resolved, self.around.content_prefix)
        self.assets.add(site_path)
        if kind != "image":  # a link, or an image the author's own HTML shows as it is
            self.linked.add(site_path)
        return site_path

    def published_assets(self, pictured: set[str]) -> tuple[str, ...]:
        """The assets to copy into the site: all but the images shown only in their sizes
        (`pictured`, by site path). Their originals, often a phone's megabytes, would be
        published for nobody (GitHub Pages allows a site 1 GB)."""
        return tuple(sorted(a for a in self.assets if a in self.linked or a not in pictured))

    def _line_of(self, target: str) -> int:
        """The file line of the first body line that holds `target` (as written, or with its &
        written &amp; as in HTML), or of the body's first line."""
        body = self.source.body
        at = -1 if "\n" in target else body.find(target)
        if at < 0 and "&" in target:
            at = body.find(target.replace("&", "&amp;"))
        return self.source.body_line + (body.count("\n", 0, at) if at > 0 else 0)

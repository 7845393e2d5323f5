"""Check stage: whole-site rules, tested on the finished pages before anything is written."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from . import urls
from .content import Article
from .errors import Problem
from .output import OutputFile


def check_site(articles: Sequence[Article], files: Sequence[OutputFile]) -> list[Problem]:
    """Every problem that only shows when the whole site is put together."""
    return path_collisions(files) + tag_collisions(articles) + broken_links(articles, files)


def path_collisions(files: Sequence[OutputFile]) -> list[Problem]:
    """Two sources that would write the same output file."""
    origins: dict[str, list[str]] = defaultdict(list)
    for item in files:
        if item.origin not in origins[item.path]:
            origins[item.path].append(item.origin)
    problems = []
    for path, claimants in sorted(origins.items()):
        for origin in claimants[1:]:
            message = f"alamat /{path} sudah dipakai oleh {claimants[0]}; ubah `slug` atau nama file salah satunya"
            problems.append(Problem(origin, None, "slug", message))
    return problems


def tag_collisions(articles: Sequence[Article]) -> list[Problem]:
    """Different tags that would share one URL, and tags that make no URL at all."""
    spellings: dict[str, dict[str, str]] = defaultdict(dict)
    problems = []
    for article in articles:
        for tag in article.tags:
            if not tag.slug:
                problems.append(
                    Problem(
                        article.source, None, "tags", f'tag "{tag.label}" tidak punya huruf atau angka untuk alamatnya'
                    )
                )
            spellings[tag.slug].setdefault(tag.label.casefold(), article.source)
    for slug, seen in sorted(spellings.items()):
        if slug and len(seen) > 1:
            listed = "; ".join(f'"{label}" di {source}' for label, source in sorted(seen.items()))
            first = sorted(seen.values())[0]
            problems.append(
                Problem(first, None, "tags", f"beberapa tag memakai alamat /tag/{slug}/: {listed}; samakan ejaannya")
            )
    return problems


def broken_links(articles: Sequence[Article], files: Sequence[OutputFile]) -> list[Problem]:
    """Links in article text to pages or files the site does not have."""
    written = {item.path for item in files}
    problems = []
    for article in articles:
        for link in article.links:
            if not _exists(link.target, written):
                message = f"tautan ke halaman yang tidak ada (atau belum terbit): {link.target}"
                problems.append(Problem(article.source, link.line, "", message))
    return problems


def _exists(target: str, written: set[str]) -> bool:
    path = urls.output_file(target)
    return path in written or f"{path}/index.html" in written

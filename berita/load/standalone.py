"""Standalone pages: Redaksi, Tentang, Kontak. Files in content/halaman/ that are not news.

A page is loaded as an article is (its Markdown, links, images and cache are the same), from
its own front matter (schema.PageFrontMatter: no date, no tags), and marked `standalone`: the
index keeps it out of every list, feed, archive, agenda and tag page.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from pydantic import ValidationError

from .. import urls
from ..config import Config
from ..errors import Problem
from ..frontmatter.schema import MAX_SLUG, SLUG, STANDALONE_FOLDER, FrontMatter, PageFrontMatter
from ..frontmatter.source import Source, reference_problems
from ..frontmatter.validation import explain_all, field_path
from ..model import UNDATED, title_slug


def is_standalone(file: str, config: Config) -> bool:
    """Whether a content file (named from the project's root) is under content/halaman/."""
    content = config.folder("content").relative_to(config.root).as_posix()
    parts = PurePosixPath(file).parts
    prefix = PurePosixPath(content).parts
    return len(parts) > len(prefix) + 1 and parts[: len(prefix)] == prefix and parts[len(prefix)] == STANDALONE_FOLDER


def standalone_front(source: Source, stem: str, config: Config) -> tuple[FrontMatter, str] | list[Problem]:
    """A page's front matter, as the article front matter the load stage renders (undated and
    untagged), and its slug; or every problem it has."""
    file = source.file
    try:
        page = PageFrontMatter.model_validate(source.data, context={"zone": config.zone})
    except ValidationError as exc:
        return [
            Problem(file, source.line_of(loc), field_path(loc), text) for loc, text in explain_all(exc, PageFrontMatter)
        ]
    problems = reference_problems(source)
    slug = page.slug or stem
    if not re.fullmatch(SLUG, slug) or len(slug) > MAX_SLUG:
        rule = f"huruf kecil a-z, angka, tanda -, paling banyak {MAX_SLUG} karakter"
        message = f'nama file "{stem}.md" tidak bisa jadi alamat; ganti namanya ({rule}) atau isi `slug`'
        problems.append(Problem(file, 1, "slug", message))
    elif slug in urls.RESERVED_NAMES or slug.isdigit():
        taken = "dipakai situs sendiri" if slug in urls.RESERVED_NAMES else "mirip folder tahun berita"
        other = title_slug(page.title)
        other = other if other and other != slug and other not in urls.RESERVED_NAMES else f"halaman-{slug}"
        message = f"alamat /{slug}/ {taken}; ganti nama file atau isi `slug`, misalnya slug: {other}"
        line = source.line_of(("slug",)) if page.slug else 1
        problems.append(Problem(file, line, "slug", message))
    front = FrontMatter.model_construct(
        title=page.title,
        date=UNDATED,
        updated=page.updated,
        summary=page.summary,
        image=page.image,
        slug=page.slug,
        draft=page.draft,
    )
    return problems or (front, slug)

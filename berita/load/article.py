"""A parsed content file made into its Article: the body rendered with its links and pictures
resolved, the lead image checked and pictured, every field of the Article filled.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from .. import urls
from ..config import Config
from ..errors import Problem
from ..frontmatter.source import Source
from ..model import Article, Hero, Tag, packed, tag_slug
from .body import oversized_hero, oversized_images, render_body
from .markup import MarkdownRenderer
from .reading import Parsed
from .resolve import Dependencies, LinkResolver, Pictures, Surroundings
from .search_terms import search_terms


def render_article(
    item: Parsed, renderer: MarkdownRenderer, around: Surroundings, config: Config
) -> tuple[Article, list[Problem], Dependencies]:
    """The Article of `item`, with its problems (its links', its images') and what its links depend on."""
    source, front = item.source, item.front
    depends: Dependencies = {}
    links = LinkResolver(source, around, urls.Urls(config.base_url), depends, config.security.sanitize)
    pictures = Pictures(config, depends)
    body, body_html, summary, warnings = render_body(source, front, renderer, links, pictures, config)
    links.problems += oversized_images(source, pictures)
    authors = tuple(front.author) or ((config.default_author,) if config.default_author else ())
    words, weights = search_terms(front.title, [summary, body.text, *authors, *front.tags])
    hero = None
    if front.image:
        src = front.image.src
        links.problems += _hero_problems(src, source, config)
        path = links.site_path("image", src, source.line_of(("image", "src")), "image.src") or src
        origin = f"{config.folders.static}{path}" if src.startswith("/") else f"{around.content_prefix}{path}"
        picture = pictures.for_link(urls.Urls(config.base_url).link(path))
        links.problems += oversized_hero(source, config.root / origin, picture)
        hero = Hero(path, front.image.alt, front.image.caption, front.image.credit, origin, picture)
    article = Article(
        source=source.file,
        slug=item.slug,
        path=item.path,
        title=front.title,
        date=front.date,
        updated=front.updated,
        category=front.category,
        tags=tuple(Tag(tag_slug(t), t) for t in front.tags),
        summary=summary,
        authors=authors,
        hero=hero,
        draft=front.draft,
        event=front.event,
        form=front.form,
        packed_html=packed(body_html),
        heading_ids=body.heading_ids,
        words=len(body.text.split()),
        assets=links.published_assets(pictures.pictured()),
        links=tuple(links.internal),
        warnings=warnings,
        aliases=tuple(front.aliases),
        images=pictures.variants(),
        digest=hashlib.sha256(f"{item.key}{body.html}{hero}{pictures.variants()}".encode()).hexdigest(),
        featured=front.featured,
        standalone=item.standalone,
        search_text=packed(body.text),
        search_words=packed(words),
        search_weights=weights,
    )
    return article, links.problems, depends


def _is_web_address(src: str) -> bool:
    try:
        return bool(urlsplit(src).scheme) or src.startswith("//")
    except ValueError:  # "http://[server]/foto.jpg": an address, if a broken one
        return True


def _hero_problems(src: str, source: Source, config: Config) -> list[Problem]:
    """A lead image must be a file of this site: beside the article, or under static/ with a leading /."""
    line = source.line_of(("image", "src"))
    if _is_web_address(src):
        message = "harus file gambar di samping artikel atau di folder static/, bukan alamat web; unduh fotonya ke sana"
        return [Problem(source.file, line, "image.src", message)]
    if src.startswith("/") and not (config.folder("static") / src.lstrip("/")).is_file():
        shown = f"{config.folders.static}{src}"
        return [Problem(source.file, line, "image.src", f"gambar tidak ditemukan: {src} (dicari di {shown})")]
    return []

"""An article's text rendered within bounds: Markdown beyond the limits of markup_limits.py and
images too large to decode are refused, each with its line and what to do, instead of taking
minutes and gigabytes.

The bounds are on the text, never on the clock: the same article builds or is refused alike on
a laptop, in CI and in the preview, and a refusal can be cached with the rest.
"""

from __future__ import annotations

from pathlib import Path

from ..config import Config
from ..errors import Problem
from ..frontmatter.schema import FrontMatter
from ..frontmatter.source import Source
from ..images.picture import oversized
from ..model import Picture
from .lint import article_warnings
from .markup import Body, MarkdownRenderer, first_paragraph
from .markup_limits import TooCostly, body_problem, line_in
from .resolve import LinkResolver, Pictures
from .sanitize import clean_html


def render_body(
    source: Source,
    front: FrontMatter,
    renderer: MarkdownRenderer,
    links: LinkResolver,
    pictures: Pictures,
    config: Config,
) -> tuple[Body, str, str, tuple[Problem, ...]]:
    """The rendered body, its HTML as published, the summary and the author's warnings; or, for a
    body beyond the limits of markup_limits.py, an empty one and the problem."""
    try:
        too_costly = body_problem(source.body)
        if too_costly is not None:
            raise too_costly
        body = renderer.render(source.body, links, pictures.for_link)
        body_html = clean_html(body.html) if config.security.sanitize else body.html
        summary = front.summary or first_paragraph(body.html)
        return body, body_html, summary, tuple(article_warnings(source, front, body.html))
    except TooCostly as error:
        line, message = source.body_line + line_in(source.body, error), error.message
    except RecursionError:  # Python-Markdown recurses once per level of nesting
        line, message = (
            source.body_line,
            "isi berita bersarang terlalu dalam (daftar ratusan tingkat); periksa tanda - * + dan angka di awal baris",
        )
    links.problems.append(Problem(source.file, line, "", message))
    return Body("", "", ()), "", front.summary or "", ()


def oversized_images(source: Source, pictures: Pictures) -> list[Problem]:
    """The images of the text that are too large to be shown in their sizes, each at its line."""
    problems = []
    for link, picture in pictures.planned.items():
        if picture is not None and picture.refused:
            name = link.rsplit("/", 1)[-1]
            at = source.body.find(name)
            line = source.body_line + (source.body.count("\n", 0, at) if at > 0 else 0)
            problems.append(Problem(source.file, line, "", f"{name}: {picture.refused}"))
    return problems


def oversized_hero(source: Source, file: Path, picture: Picture | None) -> list[Problem]:
    """The lead photo when it is too large to decode: planned in sizes (then said once with the
    body's images) or not (a GIF, drawn only into the link preview)."""
    refused = picture.refused if picture is not None else oversized(file)
    if not refused:
        return []
    return [Problem(source.file, source.line_of(("image", "src")), "image.src", refused)]

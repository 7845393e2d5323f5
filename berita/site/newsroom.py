"""What a news site's pages add to the plain lists: breadcrumbs, and the lede set apart.

Pure functions over articles and HTML, used by the render stage; the home page's lead and
sections are the index's (index.front_page).
"""

from __future__ import annotations

import re

from .. import urls
from ..frontmatter.schema import CATEGORIES
from ..model import Article

# (label, site path) from the home page to the page's parent: the page itself is named by its
# heading, and by its title in the structured data (jsonld.breadcrumbs), which the preview
# keeps up to date when an author retitles an article.
Trail = tuple[tuple[str, str], ...]
HOME = ("Beranda", urls.home())
# A paragraph at the top level of a rendered body: Python-Markdown writes one block a line.
TOP_PARAGRAPH = re.compile(r"<p(?: [^>]*)?>(?:(?!</?p[ >]).)*?</p>(?:\n|$)", re.DOTALL)
LEDE_PARAGRAPHS = 2


def article_trail(article: Article) -> Trail:
    if article.standalone:
        return (HOME,)
    return (HOME, (CATEGORIES[article.category], urls.category(article.category)))


def tag_trail() -> Trail:
    return (HOME, ("Tag", urls.tag_index()))


def archive_trail() -> Trail:
    return (HOME, ("Arsip", urls.archive()))


def split_lede(html: str, paragraphs: int = LEDE_PARAGRAPHS) -> tuple[str, str]:
    """The body's first paragraphs and the rest, for an event box between them on a phone. Only
    paragraphs that open the body are taken; a body that opens with a heading, a list or the
    author's own HTML is not split (its lede is empty)."""
    end = 0
    for _ in range(paragraphs):
        found = TOP_PARAGRAPH.match(html, end)
        if found is None:
            break
        end = found.end()
    return html[:end], html[end:]

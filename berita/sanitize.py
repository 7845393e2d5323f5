"""Cleaning article HTML for sites that publish outside contributions (`[security] sanitize = true`).

Raw HTML in Markdown is allowed by default: the authors are trusted staff. When articles
come from outside, nh3 keeps the markup a news article needs and drops scripts, event
handlers, styles and unsafe URL schemes.
"""

from __future__ import annotations

import nh3

TAGS = set(nh3.ALLOWED_TAGS) | {"picture", "source", "tfoot"}
ATTRIBUTES = {
    **{tag: set(allowed) for tag, allowed in nh3.ALLOWED_ATTRIBUTES.items()},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding"},
    "source": {"srcset", "sizes", "type"},
    "a": {"href", "hreflang", "title"},
    # Heading and footnote anchors, footnote styling.
    "*": {"id", "class", "title"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html: str) -> str:
    """Article HTML with everything but safe markup removed."""
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None)

"""Cleaning article HTML for sites that publish outside contributions (`[security] sanitize = true`).

Raw HTML in Markdown is allowed by default: the authors are trusted staff. When articles
come from outside, nh3 keeps the markup a news article needs and drops scripts, event
handlers, styles and unsafe URL schemes.
"""

from __future__ import annotations

import posixpath

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


# Files a browser runs as active content when it opens them from the site: HTML and its kin,
# SVG (scripts and event handlers run when the file itself is opened), XML (with XSLT or XHTML
# inside), scripts and old plug-in formats. Served from the site's own address, their script
# would run in the site's origin. With sanitize on, such files beside articles are refused.
ACTIVE_SUFFIXES = frozenset(
    [
        ".html",
        ".htm",
        ".xhtml",
        ".xht",
        ".shtml",
        ".svg",
        ".svgz",
        ".xml",
        ".xsl",
        ".xslt",
        ".rss",
        ".atom",
        ".mht",
        ".mhtml",
        ".js",
        ".mjs",
        ".wasm",
        ".swf",
    ]
)


def is_active(path: str) -> bool:
    """Whether a browser opening the file at `path` would run what is in it."""
    return posixpath.splitext(path)[1].lower() in ACTIVE_SUFFIXES

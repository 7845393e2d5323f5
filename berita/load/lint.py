"""Warnings for authors: what to fix before publishing, though the site still builds."""

from __future__ import annotations

import html
import re

from ..errors import Problem
from ..frontmatter.schema import FrontMatter
from ..frontmatter.source import Source
from ..frontmatter.validation import field_path

MEETING_LINK = re.compile(
    r"https?://(?:[\w-]+\.)?(?:zoom\.us/(?:j|w|my|s)/|meet\.google\.com/[a-z]|teams\.microsoft\.com/l/meetup-join|teams\.live\.com/meet)",
    re.IGNORECASE,
)
TITLE_LIMIT = 70
IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(")
# An <img> of the author's own HTML with no alt at all (alt="" is right for a decoration).
HTML_IMAGE_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt\s*=)[^>]*>", re.IGNORECASE)
# An address in the page's HTML, whatever the author wrote it as (a reference-style link, an
# entity-encoded scheme, a scheme split by a newline): the browser's view of it is what counts.
URL_ATTRIBUTE = re.compile(
    r"""\s(?:href|src|action|formaction|poster|data|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
    re.IGNORECASE,
)
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg")

# Searched in the whole body before its lines are: a line's match is also a match in the body
# (no pattern is anchored), and most bodies have none. Each holds what every match of a pattern
# above holds, ignoring case the same way, but starts with a character that has no case: the
# regex engine skips to it, where a pattern that starts with a letter and ignores case is tried
# at every position (20 to 45 times slower on an article).
MAY_BE_MEETING = re.compile(
    r"/(?:(?<=zoom\.us/)|(?<=meet\.google\.com/)|(?<=teams\.microsoft\.com/)|(?<=teams\.live\.com/))", re.IGNORECASE
)
MAY_MATCH = (
    MAY_BE_MEETING,
    IMAGE_WITHOUT_ALT,
    HTML_IMAGE_WITHOUT_ALT,  # starts with "<" already
)
SCRIPT_WARNING = "tautan javascript: tidak aman; pakai alamat https://"


MEETING_WARNING = (
    "tautan rapat (Zoom/Meet/Teams) akan terbit dan bisa dipakai siapa saja untuk masuk; "
    "hapus atau ganti dengan formulir pendaftaran"
)


def _strings(value: object, path: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    """Every text in the front matter with its field path."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _strings(item, (*path, key))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _strings(item, (*path, index))]
    return []


def article_warnings(source: Source, front: FrontMatter, body_html: str) -> list[Problem]:
    """What an author should fix before publishing, though the site still builds."""
    found = []
    title_line = source.line_of(("title",))
    if len(front.title) > TITLE_LIMIT:
        found.append(
            Problem(
                source.file,
                title_line,
                "title",
                f"judul {len(front.title)} karakter; lebih dari {TITLE_LIMIT} akan terpotong di mesin pencari dan WhatsApp",
                "warning",
            )
        )
    if front.summary is None:
        message = "belum ada ringkasan; pratinjau tautan akan memakai paragraf pertama"
        line = source.lines.get(("summary",), title_line)
        found.append(Problem(source.file, line, "summary", message, "warning"))
    for path, value in _strings(source.data, ()):
        if MAY_BE_MEETING.search(value) and MEETING_LINK.search(value):
            found.append(Problem(source.file, source.line_of(path), field_path(path), MEETING_WARNING, "warning"))
    return found + _body_warnings(source) + _script_links(source, body_html)


def script_scheme(address: str) -> str:
    """The scheme (of SCRIPT_SCHEMES) by which following `address` runs a script, as a browser
    reads it (tabs and newlines anywhere dropped, controls and spaces around it); "" for none."""
    read = re.sub(r"[\t\n\r]", "", address).strip("\x00- ").lower()
    return next((scheme for scheme in SCRIPT_SCHEMES if read.startswith(scheme)), "")


def _script_links(source: Source, body_html: str) -> list[Problem]:
    """Links and media of the text whose address runs a script when followed, each on the
    line that holds it (or the text's first line when it cannot be told)."""
    found = []
    for match in URL_ATTRIBUTE.finditer(body_html) if "script" in body_html.lower() or "data:" in body_html else ():
        written = next(group for group in match.groups() if group is not None)
        address = html.unescape(written)
        if script_scheme(address):
            line = _line_holding(source, (written, address, address.strip()))
            found.append(Problem(source.file, line, "", SCRIPT_WARNING, "warning"))
    return sorted(set(found), key=lambda problem: problem.line or 0)


def _line_holding(source: Source, texts: tuple[str, ...]) -> int:
    for text in texts:
        at = source.body.find(text) if text and "\n" not in text else -1
        if at >= 0:
            return source.body_line + source.body.count("\n", 0, at)
    return source.body_line


def _body_warnings(source: Source) -> list[Problem]:
    """Warnings about lines of the body, in line order."""
    found: list[Problem] = []
    if not any(pattern.search(source.body) for pattern in MAY_MATCH):
        return found
    for index, line in enumerate(source.body.split("\n")):
        number = source.body_line + index
        if MEETING_LINK.search(line):
            found.append(Problem(source.file, number, "", MEETING_WARNING, "warning"))
        if IMAGE_WITHOUT_ALT.search(line):
            message = "gambar tanpa teks alternatif; tulis keterangan di dalam ![...] untuk pembaca tunanetra"
            found.append(Problem(source.file, number, "", message, "warning"))
        if HTML_IMAGE_WITHOUT_ALT.search(line):
            message = 'gambar tanpa teks alternatif; tambahkan alt="…" pada <img> untuk pembaca tunanetra'
            found.append(Problem(source.file, number, "", message, "warning"))
    return found

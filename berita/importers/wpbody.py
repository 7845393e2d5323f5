"""A WordPress body made plain HTML, as WordPress itself would show it, before it becomes Markdown.

- block-editor comments (`<!-- wp:paragraph -->`) go; a reusable block (`wp:block`) is replaced by
  its content; a dynamic block (latest posts, a form) has no HTML of its own and is listed for review;
- `[caption]` becomes a figure with its caption, `[gallery]` its images, `[embed]`, `[video]`,
  `[audio]` and a video address alone on its line a link; page builders' layout shortcodes
  (`[vc_row]`, `[et_pb_text]`) are opened up; every other shortcode stays as text and is listed;
- a classic-editor body gets its paragraphs (WordPress adds `<p>` and `<br>` only when it shows a
  post: wpautop), a block-editor body already has them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape, unescape
from urllib.parse import urlsplit

BLOCK_COMMENT = re.compile(r"<!--\s*(/?)wp:([a-z0-9/-]+)(\s+\{.*?\})?\s*(/?)-->", re.DOTALL)
# Blocks that draw something from the database at display time; their absence is worth a look.
QUIET_BLOCKS = {"more", "nextpage", "block", "separator", "spacer"}
SHORTCODE = re.compile(r"\[(\[?)(/?)([a-z][a-z0-9_-]*)(\s[^\[\]]*?)?(/?)\](\]?)", re.IGNORECASE)
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|'([^']*)'|(\S+)"""
)
LAYOUT = re.compile(
    r"vc_(?:row|row_inner|column|column_inner|column_text|section)|et_pb_(?:section|row|row_inner|column|column_inner|text)"
    r"|fusion_(?:builder_container|builder_row|builder_column|text)|su_(?:row|column)|(?:one|two|three)_(?:half|third|fourth)(?:_last)?",
)
HANDLED = {"caption", "wp_caption", "gallery", "embed", "youtube", "video", "audio", "playlist"}
CAPTIONED = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE)
URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.MULTILINE)
URL_PARAGRAPH = re.compile(r"<p>\s*(https?://[^\s<>\"]+)\s*</p>", re.IGNORECASE)
EMBED_WRAPPER = re.compile(r'<div class="wp-block-embed__wrapper">\s*(https?://[^\s<>"]+)\s*</div>', re.IGNORECASE)
PROVIDERS = (
    (("youtube.com", "youtu.be", "youtube-nocookie.com"), "Tonton video di YouTube"),
    (("vimeo.com",), "Tonton video di Vimeo"),
    (("tiktok.com",), "Tonton video di TikTok"),
    (("instagram.com",), "Lihat unggahan di Instagram"),
    (("twitter.com", "x.com"), "Lihat unggahan di X (Twitter)"),
    (("facebook.com", "fb.watch"), "Lihat di Facebook"),
    (("spotify.com", "soundcloud.com"), "Dengarkan di sini"),
    (("docs.google.com", "drive.google.com"), "Buka dokumen di Google"),
    (("slideshare.net", "scribd.com", "issuu.com"), "Buka dokumen"),
)


@dataclass(frozen=True)
class Attachment:
    """An uploaded file of the export, as the body and the featured image refer to it."""

    post_id: int
    url: str
    alt: str
    caption: str
    credit: str
    parent: int
    order: int


@dataclass
class Notes:
    """What the conversion of one body found worth a person's look, by kind."""

    review: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        if text not in self.review:
            self.review.append(text)


def embed_label(url: str) -> str | None:
    """The words of a link to a video or a post elsewhere, or None for any other address."""
    host = (urlsplit(url).hostname or "").lower()
    for hosts, label in PROVIDERS:
        if any(host == name or host.endswith("." + name) for name in hosts):
            return label
    return None


def _link(url: str, caption: str = "") -> str:
    label = embed_label(url) or url
    text = f'<p><a href="{escape(url)}">{escape(label)}</a></p>'
    return text + (f"<p>{caption}</p>" if caption else "")


def attributes(text: str) -> dict[str, str]:
    """A shortcode's attributes, as WordPress's shortcode_parse_atts reads them."""
    found: dict[str, str] = {}
    for position, match in enumerate(ATTRIBUTE.finditer(unescape(text or ""))):
        groups = match.groups()
        for name_at in (0, 2, 4):
            if groups[name_at]:
                found[groups[name_at].lower()] = groups[name_at + 1]
                break
        else:
            found[str(position)] = next(g for g in groups[6:] if g is not None)
    return found


def without_blocks(html: str, reusable: Callable[[int], str | None], notes: Notes) -> str:
    """The body less its block comments; a reusable block's content put in its place."""

    def replace(match: re.Match[str]) -> str:
        closing, name, data, selfclosing = match.groups()
        name = name.removeprefix("core/")
        if closing or not selfclosing:
            return ""
        if name == "block":
            try:
                ref = int(json.loads(data or "{}").get("ref", 0))
            except (ValueError, TypeError, AttributeError):
                ref = 0
            content = reusable(ref)
            if content is None:
                notes.add("blok pakai ulang (wp:block) yang tidak ada di ekspor")
                return ""
            return BLOCK_COMMENT.sub("", content)
        if name not in QUIET_BLOCKS:
            notes.add(f"blok dinamis wp:{name} tidak punya isi tetap; periksa apakah ada yang hilang")
        return ""

    return BLOCK_COMMENT.sub(replace, html)


def expand_shortcodes(
    html: str,
    post_id: int,
    attachments: Callable[[int], Attachment | None],
    children: Callable[[int], list[Attachment]],
    notes: Notes,
) -> str:
    """Captions, galleries, embeds and layout wrappers as HTML; other shortcodes kept and noted."""
    out, position = [], 0
    for match in SHORTCODE.finditer(html):
        if match.start() < position:
            continue
        escaped_open, closing, name, raw, _, escaped_close = match.groups()
        out.append(html[position : match.start()])
        position = match.end()
        lowered = name.lower()
        if escaped_open and escaped_close:  # [[caption]]: WordPress shows it as written, less one bracket
            out.append(match.group(0)[1:-1])
            continue
        closing_tag = re.compile(rf"\[/{re.escape(name)}\]", re.IGNORECASE)
        end = closing_tag.search(html, position) if not closing else None
        inner = html[position : end.start()] if end else ""
        if LAYOUT.fullmatch(lowered):
            continue  # the opening or closing tag goes; what it wraps stays
        if closing:
            out.append("" if lowered in HANDLED else match.group(0))  # a closing tag without its opening one
            continue
        values = attributes(raw or "")
        if lowered in ("caption", "wp_caption"):
            out.append(_caption(inner if end else "", values))
        elif lowered == "gallery":
            out.append(_gallery(values, post_id, attachments, children))
        elif lowered in ("embed", "youtube", "video", "audio", "playlist"):
            url = (
                (inner.strip() if end else "")
                or values.get("src")
                or values.get("url")
                or values.get("mp4")
                or values.get("0", "").lstrip("=")
            )
            out.append(_link(unescape(url)) if url.startswith(("http://", "https://")) else "")
            if not url.startswith(("http://", "https://")):
                notes.add(f"shortcode [{lowered}] tanpa alamat; isinya tidak bisa ditampilkan")
        else:
            out.append(match.group(0))
            # "[catatan]" in a sentence is text; a name with _ or -, attributes or a closing tag is a shortcode.
            if end or "=" in (raw or "") or re.search(r"[_-]", lowered):
                notes.add(f"shortcode [{lowered}] dibiarkan sebagai teks")
            continue
        if end and lowered in ("caption", "wp_caption", "embed", "youtube", "video", "audio"):
            position = end.end()
    out.append(html[position:])
    return "".join(out)


def _caption(inner: str, values: dict[str, str]) -> str:
    found = CAPTIONED.match(inner)
    if not found:
        return inner
    image, text = found.group(1), found.group(2).strip() or escape(values.get("caption", ""))
    return f"<figure>{image}<figcaption>{text}</figcaption></figure>" if text else f"<figure>{image}</figure>"


def _gallery(
    values: dict[str, str],
    post_id: int,
    attachments: Callable[[int], Attachment | None],
    children: Callable[[int], list[Attachment]],
) -> str:
    numbers = [int(n) for n in re.findall(r"\d+", values.get("ids", "") or values.get("include", ""))]
    chosen = (
        [a for a in map(attachments, numbers) if a] if numbers else children(int(values.get("id", post_id) or post_id))
    )
    excluded = {int(n) for n in re.findall(r"\d+", values.get("exclude", ""))}
    figures = []
    for item in chosen:
        if item.post_id in excluded:
            continue
        caption = f"<figcaption>{escape(item.caption)}</figcaption>" if item.caption else ""
        figures.append(f'<figure><img src="{escape(item.url)}" alt="{escape(item.alt)}">{caption}</figure>')
    return "".join(figures)


def link_embeds(html: str) -> str:
    """Embeds (a block's address, or a video address alone on its line) as links."""
    html = EMBED_WRAPPER.sub(lambda m: _link(unescape(m.group(1))), html)
    html = URL_PARAGRAPH.sub(lambda m: _link(unescape(m.group(1))), html)
    return URL_LINE.sub(lambda m: _link(unescape(m.group(1))), html)


BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote"
    "|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure"
    "|figcaption|details|menu|summary|iframe|video|audio|object|script|noscript|option|select"
)
PRESERVED = re.compile(r"<(pre|script|style|textarea)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def autop(html: str) -> str:
    """Paragraphs for a classic-editor body: text separated by a blank line is a paragraph, a
    single line break a <br>, as WordPress's wpautop shows it (blocks and <pre> left alone)."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = PRESERVED.sub(keep, html.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(rf"(<(?:{BLOCK_TAGS})[\s/>])", r"\n\n\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</(?:{BLOCK_TAGS})>)", r"\1\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"(\x00\d+\x00)", r"\n\n\1\n\n", text)
    chunks = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if not re.match(rf"</?(?:{BLOCK_TAGS})[\s/>]|\x00\d+\x00$", chunk, flags=re.IGNORECASE):
            chunk = f"<p>{chunk}</p>"
        # A line break inside text is a <br>; not beside a block's own tags.
        chunk = re.sub(r"(?<!<br>)(?<!<br />)\s*\n", "<br>\n", chunk)
        chunk = re.sub(rf"(</?(?:{BLOCK_TAGS})[^>]*>)\s*<br>", r"\1", chunk, flags=re.IGNORECASE)
        chunk = re.sub(rf"<br>(\s*</?(?:{BLOCK_TAGS})[^>]*>)", r"\1", chunk, flags=re.IGNORECASE)
        chunks.append(chunk)
    text = "\n\n".join(chunks)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def plain_html(
    html: str,
    post_id: int,
    attachments: Callable[[int], Attachment | None],
    children: Callable[[int], list[Attachment]],
    reusable: Callable[[int], str | None],
    notes: Notes,
    rendered: bool = False,
) -> str:
    """A stored WordPress body as the HTML WordPress would show (see the module's notes). A
    `rendered` body (a feed's) has its paragraphs already, unless it is bare text."""
    blocks = "<!-- wp:" in html or (rendered and re.search(r"<(?:p|div|br|h[1-6]|ul|ol|table)\b", html, re.IGNORECASE))
    html = without_blocks(html, reusable, notes)
    html = expand_shortcodes(html, post_id, attachments, children, notes)
    html = link_embeds(html)
    return html if blocks else autop(html)

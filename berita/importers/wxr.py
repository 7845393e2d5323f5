"""A WordPress export (WXR) read as a stream: one `<item>` at a time, in bounded memory.

WXR is RSS 2.0 with WordPress's namespaces (`wp:`, `excerpt:`, `content:`, `dc:`), written by
wp-admin/includes/export.php: the site (`wp:base_site_url`), its authors (`wp:author`, login to
display name) and terms, then one `<item>` per post, page, attachment or menu item. Each item
is turned into a plain `Item` and its element is removed from the tree at once, so an export of
10,000 posts never sits in memory whole.

The parser is the standard library's expat behind defusedxml, which refuses a DTD, entities and
external references outright (an export never has them; they make billion-laughs and XXE
attacks). Control characters that XML forbids but real exports carry (pasted from Word) are
dropped from the bytes before parsing and counted.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import BinaryIO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from ..errors import BuildError, Problem
from ..frontmatter.characters import CONTROL_BYTES

CHUNK = 64 * 1024
NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# http or https (WordPress.com writes https), any version, with or without the last slash.
WORDPRESS = re.compile(r"https?://wordpress\.org/export/[0-9.]+/?(excerpt/?)?")
# Post meta the importer reads; the rest (page builders' megabytes of settings) is not kept.
WANTED_META = {"_thumbnail_id", "_wp_attachment_image_alt", "_wp_old_slug", "_wp_attached_file"}
# The photographer in the attachment's metadata (PHP serialized), when the camera or an editor set one.
CREDIT = re.compile(r's:6:"credit";s:\d+:"([^"]+)";')
# A tag: "<" then a letter, "/" or "!". Not "< 60" nor "<50%", which a title may say.
TAG_OR_ENTITY = re.compile(r"<[A-Za-z/!][^>]*>")


@dataclass(frozen=True)
class Item:
    """One `<item>` of the export, as text (bodies as WordPress stored them)."""

    post_id: int
    post_type: str
    status: str
    title: str
    link: str
    creator: str
    content: str
    excerpt: str
    post_date: str
    post_date_gmt: str
    post_modified_gmt: str
    post_name: str
    parent: int
    menu_order: int
    password: bool
    attachment_url: str
    terms: tuple[tuple[str, str, str], ...]  # (domain, nicename, name): categories and tags
    meta: tuple[tuple[str, str], ...]
    credit: str = ""

    def meta_values(self, key: str) -> list[str]:
        return [value for name, value in self.meta if name == key]


@dataclass
class Channel:
    """What the export says about the site, read before its items."""

    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    authors: dict[str, str] = field(default_factory=dict)  # login -> display name
    removed_controls: int = 0
    # Bytes before the XML declaration: blank lines or a PHP notice a plugin printed into the export.
    skipped_before: int = 0


class _CleanBytes:
    """The export's bytes less the control characters XML 1.0 forbids (bytes below 0x20 are never
    part of a longer UTF-8 character, so they can be dropped byte by byte)."""

    def __init__(self, file: BinaryIO, channel: Channel) -> None:
        self.file, self.channel, self.first = file, channel, True

    def read(self, size: int = CHUNK) -> bytes:
        while True:
            data = self.file.read(size if size and size > 0 else CHUNK)
            if self.first and data.startswith((b"\xff\xfe", b"\xfe\xff")):
                return data  # UTF-16: its bytes below 0x20 are halves of characters
            if self.first:
                data = self._from_declaration(data)
            self.first = False
            cleaned = data.translate(None, CONTROL_BYTES)
            self.channel.removed_controls += len(data) - len(cleaned)
            if cleaned or not data:  # an empty answer means the end to the parser
                return cleaned

    def _from_declaration(self, data: bytes) -> bytes:
        """The first bytes from the XML declaration on: a WordPress export that opens with blank
        lines or a PHP warning (a plugin's) is otherwise refused by every XML parser. Looked for
        in the first read only: a page of PHP notices is a few kilobytes."""
        bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
        found = data.find(b"<?xml", len(bom))
        if found <= len(bom):
            return data
        self.channel.skipped_before = found - len(bom)
        return bom + data[found:]


def _name(tag: str) -> str:
    """`{namespace}local` as `prefix:local` (any WXR version's `wp:`), plain RSS names as they are."""
    if not tag.startswith("{"):
        return tag
    namespace, local = tag[1:].split("}", 1)
    wordpress = WORDPRESS.fullmatch(namespace)
    if wordpress:
        return f"{'excerpt' if wordpress.group(1) else 'wp'}:{local}"
    return f"{NAMESPACES.get(namespace, namespace)}:{local}"


def unreadable_file(error: OSError) -> str:
    """Why the file to import cannot be read, in words its user acts on."""
    if isinstance(error, FileNotFoundError):
        return (
            "file tidak ditemukan; periksa nama dan foldernya (tulis jalur lengkapnya, misalnya ~/Unduhan/ekspor.xml)"
        )
    if isinstance(error, IsADirectoryError):
        return "ini folder, bukan file; tulis jalur file hasil ekspornya di dalam folder itu"
    if isinstance(error, PermissionError):
        return "tidak boleh dibaca oleh akun Anda; salin filenya ke folder Anda lalu impor salinannya"
    return f"tidak bisa dibaca ({error.strerror or error})"


def plain(text: str) -> str:
    """A title or term as text: WordPress stores some with HTML entities (`&amp;`) or tags."""
    return " ".join(unescape(TAG_OR_ENTITY.sub("", text)).split())


def _text(element: ElementTree.Element | None) -> str:
    return element.text or "" if element is not None else ""


def _number(text: str) -> int:
    text = text.strip()
    return int(text) if text.isdigit() and len(text) < 20 else 0


def _item(element: ElementTree.Element) -> Item:
    values: dict[str, str] = {}
    terms, meta = [], []
    credit = ""
    for child in element:
        name = _name(child.tag)
        if name == "category":
            terms.append((child.get("domain", ""), child.get("nicename", ""), plain(_text(child))))
        elif name == "wp:postmeta":
            key = _text(child.find("{*}meta_key"))
            value = _text(child.find("{*}meta_value"))
            if key in WANTED_META:
                meta.append((key, value.strip()))
            elif key == "_wp_attachment_metadata" and (found := CREDIT.search(value)):
                credit = found.group(1)
        elif name not in values:
            values[name] = child.text or ""
    return Item(
        post_id=_number(values.get("wp:post_id", "")),
        post_type=values.get("wp:post_type", "").strip(),
        status=values.get("wp:status", "").strip(),
        title=plain(values.get("title", "")),
        link=values.get("link", "").strip(),
        creator=values.get("dc:creator", "").strip(),
        content=values.get("content:encoded", ""),
        excerpt=values.get("excerpt:encoded", ""),
        post_date=values.get("wp:post_date", "").strip(),
        post_date_gmt=values.get("wp:post_date_gmt", "").strip(),
        post_modified_gmt=values.get("wp:post_modified_gmt", "").strip(),
        post_name=values.get("wp:post_name", "").strip(),
        parent=_number(values.get("wp:post_parent", "")),
        menu_order=_number(values.get("wp:menu_order", "")),
        password=bool(values.get("wp:post_password", "").strip()),
        attachment_url=values.get("wp:attachment_url", "").strip(),
        terms=tuple(terms),
        meta=tuple(meta),
        credit=plain(credit),
    )


def _channel_fact(channel: Channel, name: str, element: ElementTree.Element) -> None:
    if name == "wp:author":
        login = _text(element.find("{*}author_login")).strip()
        display = plain(_text(element.find("{*}author_display_name")))
        if login:
            channel.authors[login] = display or login
    elif name in ("title", "link"):
        setattr(channel, name, plain(_text(element)) if name == "title" else _text(element).strip())
    elif name in ("wp:base_site_url", "wp:base_blog_url", "wp:wxr_version"):
        setattr(channel, name.removeprefix("wp:"), _text(element).strip())


class ExportReader:
    """Reads one export file: `items()` yields its items in order, with `channel` filled in
    from what comes before them. Each call reads the file again from its start."""

    def __init__(self, path: Path, shown: str) -> None:
        self.path, self.shown = path, shown
        self.channel = Channel()
        self._holder: ElementTree.Element | None = None  # the element finished children are removed from

    def items(self) -> Iterator[Item]:
        self.channel = Channel()
        try:
            with self.path.open("rb") as file:
                yield from self._parse(_CleanBytes(file, self.channel))
        except ElementTree.ParseError as exc:
            raise BuildError([self._unreadable(exc)]) from None
        except DefusedXmlException:
            message = "berisi DTD atau entitas XML (<!DOCTYPE …>, <!ENTITY …>), yang tidak pernah ada di ekspor WordPress; file ditolak demi keamanan"
            raise BuildError([Problem(self.shown, None, "", message)]) from None
        except OSError as exc:
            raise BuildError([Problem(self.shown, None, "", unreadable_file(exc))]) from None

    def _parse(self, source: _CleanBytes) -> Iterator[Item]:
        depth = 0
        stack: list[ElementTree.Element] = []
        exported = False
        for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                if depth == 0 and element.tag != "rss":
                    raise BuildError(
                        [self._not_an_export(f"berkas XML ini berakar <{_name(element.tag)}>, bukan <rss>")]
                    )
                stack.append(element)
                depth += 1
                continue
            stack.pop()
            depth -= 1
            name = _name(element.tag)
            if depth == 2 and name == "item":
                if not exported:
                    raise BuildError([self._not_an_export("tidak ada wp:wxr_version sebelum <item> pertama")])
                yield _item(element)
            elif depth == 2:
                _channel_fact(self.channel, name, element)
                exported = exported or name == "wp:wxr_version"
            if depth == 2:
                # Finished with it: out of the tree, so the tree never holds more than one item.
                self._holder = stack[-1]
                self._holder.remove(element)
        if not exported:
            raise BuildError([self._not_an_export("tidak ada wp:wxr_version")])

    def _not_an_export(self, why: str) -> Problem:
        message = (
            f"bukan ekspor WordPress (WXR): {why}. Buat ekspornya di WordPress lewat Alat → Ekspor → Semua konten; "
            "untuk umpan RSS atau Atom pakai `import feed`"
        )
        return Problem(self.shown, None, "", message)

    def _unreadable(self, exc: ElementTree.ParseError) -> Problem:
        line, column = getattr(exc, "position", (None, None))
        reason = str(exc).split(":")[0]
        if reason in ("no element found", "unclosed token") or "unclosed" in reason:
            message = f"berakhir di tengah jalan (baris {line}): file terpotong, mungkin unduhannya belum selesai; ekspor ulang dari WordPress"
        else:
            message = f"bukan XML yang utuh (baris {line}, kolom {column}: {reason}); ekspor ulang dari WordPress lewat Alat → Ekspor"
        return Problem(self.shown, line, "", message)

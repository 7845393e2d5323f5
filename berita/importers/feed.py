"""`build.py import feed FILE_OR_URL`: the entries of an RSS 2.0 or Atom feed as articles.

feedparser reads the feed (every RSS and Atom dialect, their dates and encodings); it is given
bytes this module read itself, never an address, so it fetches nothing. A feed's HTML is kept
as the site published it (feedparser's own cleaning is off) and goes through the same conversion
as a WordPress body: `content:encoded` (Atom's `content`) over `description` (`summary`).
"""

from __future__ import annotations

import calendar
import re
import xml.sax
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import feedparser

from .. import urls
from ..config import Config
from ..errors import BuildError, Problem
from .article import Entry, one_line, slug_from, summary_of
from .photos import MAX_BYTES, FetchError, fetch
from .publish import Options, Plan, Publisher, settle_files, usable_aliases
from .report import Report
from .terms import category_and_tags, fitting_tags, fitting_title
from .wpbody import Attachment, Notes, plain_html
from .wxr import plain, unreadable_file

READ_MORE = re.compile(r"\s*(?:\[(?:…|&#8230;|\.\.\.)\]|The post .* appeared first on .*)\s*$", re.DOTALL)
WARNING = (
    "umpan (RSS/Atom) biasanya hanya memuat tulisan terbaru, sering hanya 10, dan kadang hanya ringkasannya; "
    "untuk memindahkan arsip WordPress seluruhnya pakai `import wordpress` dengan file ekspornya"
)


def _read(source: str, options: Options) -> tuple[bytes, str]:
    """The feed's bytes and its own address (or '' for a file)."""
    if source.startswith(("http://", "https://")):
        if options.offline:
            raise BuildError(
                [
                    Problem(
                        source,
                        None,
                        "",
                        "--offline tidak bisa mengambil umpan dari internet; simpan umpannya sebagai file dulu",
                    )
                ]
            )
        try:
            return fetch(source, frozenset({urlsplit(source).netloc.lower()})), source
        except FetchError as exc:
            raise BuildError([Problem(source, None, "", f"umpan tidak bisa diambil: {exc}")]) from None
    path = Path(source)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise BuildError([Problem(source, None, "", f"lebih dari {MAX_BYTES // 1_000_000} MB; bukan umpan biasa")])
        return path.read_bytes(), ""
    except OSError as exc:
        raise BuildError([Problem(source, None, "", unreadable_file(exc))]) from None


def _parsed(data: bytes, source: str) -> feedparser.FeedParserDict:
    head = data[:20_000]
    if b"<!ENTITY" in data or b"<!DOCTYPE" in head:
        raise BuildError(
            [
                Problem(
                    source,
                    None,
                    "",
                    "berisi DTD atau entitas XML (<!DOCTYPE …>, <!ENTITY …>); file ditolak demi keamanan",
                )
            ]
        )
    if b"wordpress.org/export/" in head:
        raise BuildError(
            [Problem(source, None, "", "ini file ekspor WordPress; pakai `import wordpress` untuk file ini")]
        )
    parsed = feedparser.parse(data, sanitize_html=False)
    broken = parsed.get("bozo_exception")
    if not parsed.get("version") or isinstance(broken, xml.sax.SAXParseException):
        where = (
            f" (baris {broken.getLineNumber()}: {broken.getMessage()})"
            if isinstance(broken, xml.sax.SAXParseException)
            else ""
        )
        message = (
            f"bukan umpan RSS atau Atom yang utuh{where}: isinya rusak, terpotong, atau bukan XML; unduh ulang umpannya"
        )
        raise BuildError([Problem(source, None, "", message)])
    return parsed


def _moment(value: object) -> datetime | None:
    return datetime.fromtimestamp(calendar.timegm(value), UTC) if value else None  # type: ignore[arg-type]


def import_feed(config: Config, source: str, options: Options) -> Report:
    data, address = _read(source, options)
    parsed = _parsed(data, source)
    report = Report(source, "umpan", options.dry_run)
    report.warnings.append(WARNING)
    site = parsed.feed.get("link") or address
    origin = f"{urlsplit(site).scheme}://{urlsplit(site).netloc}" if urlsplit(site).netloc else "http://localhost"
    labels: dict[str, str] = {}
    entries = []
    for number, item in enumerate(parsed.entries):
        date = _moment(dict.get(item, "published_parsed") or dict.get(item, "updated_parsed"))
        title = one_line(plain(item.get("title", "")))
        if date is None:
            report.review.append((title or f"entri ke-{number + 1}", "tanpa tanggal terbit; tidak diimpor"))
            continue
        link = item.get("link", "")
        last = unquote(urlsplit(link).path.rstrip("/").rsplit("/", 1)[-1])
        slug = slug_from(re.sub(r"\.html?$", "", last), title, fallback=f"tulisan-{number + 1}")
        key = f"feed:{item.get('id') or link or title}"
        entries.append((item, date, Plan(key, slug, date.astimezone(config.zone).year, True, number)))
    with Publisher(config, options, report, origin, set()) as publisher:
        settle_files([plan for _, _, plan in entries], publisher.record, config.folder("content"))
        for item, date, plan in entries:
            written = publisher.publish_or_report(
                plan, lambda item=item, date=date, plan=plan: _publish(publisher, item, date, plan, site, labels)
            )
            report.published += written
    return report


def _publish(publisher: Publisher, item: Any, date: datetime, plan: Plan, site: str, labels: dict[str, str]) -> bool:
    """One entry of the feed converted and written (Publisher.publish)."""
    config = publisher.config
    base = urlsplit(site).path.rstrip("/")
    notes = Notes()
    content = item.get("content") or []
    html = content[0].get("value", "") if content else item.get("summary", "")
    if not content:
        notes.add("umpan hanya memuat ringkasan; lengkapi isinya")
    html = plain_html(html, 0, lambda n: None, lambda n: [], lambda n: None, notes, rendered=True)
    category, tags, agenda = category_and_tags([t.get("term", "") for t in item.get("tags", [])], [], labels)
    tags = fitting_tags(tags, notes)
    if agenda:
        notes.add("kategori agenda: diimpor sebagai berita; isi `event` lalu ubah kategorinya bila perlu")
    updated = _moment(dict.get(item, "updated_parsed"))  # not item.get: feedparser would answer the published date
    link = urlsplit(item.get("link", ""))
    path = link.path[len(base) :] if base and link.path.startswith(base + "/") else link.path
    alias = path if link.netloc == urlsplit(site).netloc and path not in ("", "/") and not link.query else ""
    images = [e for e in item.get("enclosures", []) if str(e.get("type", "")).startswith("image/")]
    featured = Attachment(0, images[0].get("href", ""), "", "", "", 0, 0) if images else None
    summary = READ_MORE.sub("", plain(item.get("summary", ""))) if content else ""
    entry = Entry(
        key=plan.key,
        title=fitting_title(one_line(plain(item.get("title", ""))), notes) or f"(tanpa judul) {plan.order + 1}",
        date=date,
        updated=updated if updated and (updated - date).days >= 1 else None,
        category=category,
        tags=tuple(tags),
        summary=summary_of(summary) or summary_of(plain(html)),
        authors=(one_line(item["author"]),) if one_line(item.get("author", "")) else (),
        image=None,
        draft=False,
        aliases=tuple(
            usable_aliases(
                [alias] if alias else [],
                urls.article(date.astimezone(config.zone), Path(plan.file or "x").stem),
                config,
                notes,
            )
        ),
        body="",
    )
    return publisher.publish(entry, plan, html, featured, notes, lambda url: None)

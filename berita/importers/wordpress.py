"""`build.py import wordpress EXPORT.xml`: every post of a WordPress export as a berita article.

Two passes over the file, each one item at a time: the first learns the site, its attachments,
reusable blocks and every post's place (so slugs are settled before anything is written, in the
same order on every run), the second converts and writes the posts one by one.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .. import urls
from ..config import Config
from .article import Entry, one_line, slug_from, summary_of
from .photos import Photos, site_hosts
from .publish import Options, Plan, Publisher, settle_files, site_paths, usable_aliases
from .report import STATUS_NAMES, TYPE_NAMES, Report
from .terms import category_and_tags, fitting_tags, fitting_title
from .wpbody import Attachment, Notes, plain_html
from .wxr import ExportReader, Item, plain

DRAFT_STATUSES = {"draft", "pending", "private"}
FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL | re.IGNORECASE)
UPDATED_AFTER = timedelta(days=1)  # a change on the day of publishing is part of publishing it


# How WordPress writes a post's time, and the shorter forms of it that other tools export.
MOMENT_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")


def _moment(text: str, zone: tzinfo) -> datetime | None:
    """The time `text` gives, or None when it gives none (0000-00-00 00:00:00, a 30th of
    February, a year no calendar of the site can show)."""
    for form in MOMENT_FORMATS:
        try:
            value = datetime.strptime(text.strip(), form)
        except ValueError:
            continue
        if not 1 < value.year < 9000:
            return None
        return value.replace(tzinfo=zone)
    return None


@dataclass
class Survey:
    """What the first pass learns."""

    attachments: dict[int, Attachment] = field(default_factory=dict)
    children: dict[int, list[Attachment]] = field(default_factory=dict)
    reusable: dict[int, str] = field(default_factory=dict)
    plans: dict[int, Plan] = field(default_factory=dict)
    links: dict[str, int] = field(default_factory=dict)  # published post's old path (or ?p=) -> post id
    labels: dict[str, str] = field(default_factory=dict)  # tag address -> its label
    dates: dict[int, datetime] = field(default_factory=dict)  # post id -> when it was published


class WordPressImport:
    def __init__(self, config: Config, export: Path, options: Options) -> None:
        self.config, self.options = config, options
        self.reader = ExportReader(export, str(export))
        self.report = Report(str(export), "WordPress", options.dry_run)
        self.survey = Survey()
        self.base_path = "/"
        self.pages: frozenset[str] = frozenset()  # the new site's addresses (publish.site_paths)

    def run(self) -> Report:
        self._survey()  # reads the whole file: a broken export fails here, before anything is written
        channel = self.reader.channel
        site = channel.base_blog_url or channel.link or channel.base_site_url
        known = {a.url for a in self.survey.attachments.values()}
        with Publisher(self.config, self.options, self.report, site, known) as publisher:
            self.publisher = publisher
            settle_files(list(self.survey.plans.values()), publisher.record, self.config.folder("content"))
            zone = self.config.zone
            self.pages = site_paths(
                self.config,
                [
                    urls.article(self.survey.dates[number].astimezone(zone), Path(plan.file).stem)
                    for number, plan in self.survey.plans.items()
                    if plan.file is not None
                ],
            )
            for item in self.reader.items():
                if item.post_type == "post" and item.post_id in self.survey.plans:
                    plan = self.survey.plans[item.post_id]
                    publisher.publish_or_report(plan, lambda item=item: self._post(item, publisher.photos))
        if channel.skipped_before:
            self.report.warnings.append(
                f"{channel.skipped_before} byte sebelum <?xml dilewati (baris kosong atau pesan PHP di awal ekspor)"
            )
        if channel.removed_controls:
            self.report.warnings.append(f"{channel.removed_controls} karakter kendali tak terlihat dibuang dari ekspor")
        return self.report

    def _date(self, item: Item) -> datetime:
        """When the post was published; when WordPress's dates of it cannot be read (see _moment),
        when it was last changed, else 1 January 1970, and _post notes it for review."""
        zone = self.config.zone
        return self._published(item) or _moment(item.post_modified_gmt, UTC) or datetime(1970, 1, 1, tzinfo=zone)

    def _published(self, item: Item) -> datetime | None:
        return _moment(item.post_date_gmt, UTC) or _moment(item.post_date, self.config.zone)

    def _survey(self) -> None:
        survey = self.survey
        for item in self.reader.items():
            if item.post_type == "attachment":
                alt = next(iter(item.meta_values("_wp_attachment_image_alt")), "")
                found = Attachment(
                    item.post_id,
                    item.attachment_url,
                    one_line(alt),
                    one_line(plain(item.excerpt)),
                    one_line(item.credit),
                    item.parent,
                    item.menu_order,
                )
                survey.attachments[item.post_id] = found
                survey.children.setdefault(item.parent, []).append(found)
            elif item.post_type == "wp_block":
                survey.reusable[item.post_id] = item.content
            if item.post_type != "post":
                self.report.skip(TYPE_NAMES.get(item.post_type, item.post_type or "tanpa jenis"))
                continue
            if item.status not in DRAFT_STATUSES | {"publish", "future"}:
                self.report.skip(f"tulisan {STATUS_NAMES.get(item.status, item.status)}")
                continue
            date = survey.dates[item.post_id] = self._date(item)
            slug = slug_from(unquote(item.post_name), item.title, fallback=f"tulisan-{item.post_id}")
            survey.plans[item.post_id] = Plan(
                self._key(item), slug, date.astimezone(self.config.zone).year, item.status == "publish", item.post_id
            )
            if item.status == "publish" and not item.password:
                for address in [*self._old_paths(item), f"/?p={item.post_id}"]:
                    survey.links.setdefault(address, item.post_id)
            for domain, _, name in item.terms:
                if domain in ("category", "post_tag"):
                    category_and_tags([], [name], survey.labels)
        for children in survey.children.values():
            children.sort(key=lambda a: (a.order, a.post_id))
        channel = self.reader.channel
        self.base_path = (urlsplit(channel.base_blog_url or channel.link).path.rstrip("/") or "") + "/"

    def _key(self, item: Item) -> str:
        channel = self.reader.channel
        return f"wordpress:{channel.base_blog_url or channel.link}#{item.post_id}"

    def _old_paths(self, item: Item) -> list[str]:
        """The post's old addresses as site paths: its permalink, and /?p=ID where the site used that form."""
        parts = urlsplit(item.link)
        base = urlsplit(self.reader.channel.base_blog_url or self.reader.channel.link).path.rstrip("/")
        if parse_qs(parts.query).get("p"):
            return [f"/?p={item.post_id}"]
        path = parts.path
        if base and path.startswith(base + "/"):
            path = path[len(base) :]
        return [path] if path.startswith("/") and path != "/" else []

    def _aliases(self, item: Item, new_path: str, notes: Notes) -> list[str]:
        if item.status != "publish" or item.password:
            return []
        found = self._old_paths(item)
        name = item.post_name.lower()
        for old in item.meta_values("_wp_old_slug"):
            for path in [p for p in found if not p.startswith("/?")]:
                parts = path.rstrip("/").split("/")
                if name and parts[-1].lower() == name:
                    renamed = "/".join([*parts[:-1], old]) + ("/" if path.endswith("/") else "")
                    if self.survey.links.get(renamed, item.post_id) == item.post_id:
                        found.append(renamed)
        return usable_aliases(found, new_path, self.config, notes, self.pages)

    def _post(self, item: Item, photos: Photos) -> bool:
        plan = self.survey.plans[item.post_id]
        notes = Notes()
        survey = self.survey
        html = plain_html(
            item.content,
            item.post_id,
            survey.attachments.get,
            lambda n: survey.children.get(n, []),
            survey.reusable.get,
            notes,
        )
        date = survey.dates[item.post_id]  # the survey's (_date)
        if self._published(item) is None:
            notes.add(
                f"tanggal terbit di WordPress tidak terbaca (tertulis {item.post_date!r}); diisi "
                f"{date.astimezone(self.config.zone):%Y-%m-%d}, perbaiki `date`"
            )
        modified = _moment(item.post_modified_gmt, UTC)
        categories = [name for domain, _, name in item.terms if domain == "category"]
        tags = [name for domain, _, name in item.terms if domain == "post_tag"]
        category, tag_list, agenda = category_and_tags(categories, tags, survey.labels)
        tag_list = fitting_tags(tag_list, notes)
        if agenda:
            notes.add(
                "kategori agenda di WordPress: diimpor sebagai berita; isi `event` lalu ubah kategorinya bila perlu"
            )
        draft = item.status in DRAFT_STATUSES or item.password
        if item.password:
            notes.add("dilindungi kata sandi di WordPress: diimpor sebagai draf")
        new_path = urls.article(date.astimezone(self.config.zone), Path(plan.file).stem)
        summary = summary_of(plain(item.excerpt)) or summary_of(plain(next(iter(FIRST_PARAGRAPH.findall(html)), "")))
        author = self.reader.channel.authors.get(item.creator, "")
        thumbnail = next(iter(item.meta_values("_thumbnail_id")), "")
        featured = survey.attachments.get(int(thumbnail)) if thumbnail.isdigit() else None
        entry = Entry(
            key=plan.key,
            title=fitting_title(one_line(item.title), notes) or f"(tanpa judul) {item.post_id}",
            date=date,
            updated=modified if modified and modified - date >= UPDATED_AFTER else None,
            category=category,
            tags=tuple(tag_list),
            summary=summary,
            authors=(one_line(author),) if one_line(author) else (),
            image=None,
            draft=draft,
            aliases=tuple(self._aliases(item, new_path, notes)),
            body="",
        )
        if not item.title.strip():
            notes.add("tulisan tanpa judul; judul sementara diberikan")
        if not self.publisher.publish(entry, plan, html, featured, notes, self._link_to(plan), item.link):
            return False
        if draft:
            self.report.drafts += 1
        elif item.status == "future":
            self.report.scheduled += 1
        else:
            self.report.published += 1
        return True

    def _link_to(self, plan: Plan) -> Callable[[str], str | None]:
        """Addresses of other published posts, as the relative path of their file (the build checks those links)."""
        survey, site = self.survey, urlsplit(self.reader.channel.base_blog_url or self.reader.channel.link)

        hosts = site_hosts(site.geturl())

        def find(url: str) -> str | None:
            parts = urlsplit(url)
            if parts.netloc and parts.netloc.lower() not in hosts:
                return None
            path = parts.path
            if self.base_path != "/" and path.startswith(self.base_path):
                path = path[len(self.base_path) - 1 :]
            number = parse_qs(parts.query).get("p")
            target = (
                survey.links.get(f"/?p={number[0]}")
                if number
                else survey.links.get(path) or survey.links.get(path.rstrip("/") + "/")
            )
            if target is None or target not in survey.plans or survey.plans[target].file is None:
                return None
            # Without its #part: WordPress's own (#more-12, #respond, #comments) are on no page of
            # berita's, and a heading's id is berita's own (from its text), not WordPress's.
            return posixpath.relpath(survey.plans[target].file, posixpath.dirname(plan.file))

        return find

"""Check stage: whole-site rules, tested on the finished pages before anything is written."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from pathlib import Path
from xml.parsers import expat

from .. import urls
from ..errors import Problem
from ..load.listing import is_markdown
from ..model import Article, Content, OutputFile

# Words the site uses inside /tag/…/ itself (pagination, feeds).
RESERVED_TAG_SLUGS = {"page", "feed", "feed-xml", "index", "index-html"}
ANCHOR = re.compile(r"""(?<![\w-])id=["']([^"']+)["']""")


def check_site(
    articles: Sequence[Article], files: Sequence[OutputFile], templates: str = "templates", base_path: str = "/"
) -> list[Problem]:
    """Every problem that only shows when the whole site is put together; `templates` is how
    the templates folder is named in the files' origins (a page made from a template)."""
    return (
        path_collisions(files, templates)
        + tag_collisions(articles)
        + broken_links(articles, files, base_path)
        + unreadable_xml(files)
    )


def missing_logo(logo: str, statics: Sequence[OutputFile], config_file: str, static: str) -> list[Problem]:
    """The organisation's logo (`[organization] logo`, a path of the site) when none of the site's
    `statics` (the static folder's files, where config.py says a logo is) is there: every page's
    header, the favicon, the feeds, JSON-LD and the web editor would show a broken image. A
    campus that renames or replaces its logo meets this first."""
    target = urls.output_file(logo)
    if not logo or any(item.path == target for item in statics):
        return []
    message = (
        f"file logo tidak ditemukan: {logo} (dicari di {static}{logo}); letakkan logo kampus di sana "
        "atau perbaiki namanya di [organization] logo"
    )
    return [Problem(config_file, None, "organization.logo", message)]


def unreadable_xml(files: Sequence[OutputFile]) -> list[Problem]:
    """Feeds and the sitemap that an XML parser refuses: a feed reader drops the whole feed. The
    load stage refuses what could cause it (control characters in any form); this is the proof
    that a build that ends well wrote only XML that parses, a template's mistake included."""
    problems = []
    for item in files:
        if item.path.endswith(".xml") and isinstance(item.content, bytes):
            parser = expat.ParserCreate()
            try:
                parser.Parse(item.content, True)
            except expat.ExpatError as exc:
                message = f"{item.path} bukan XML yang utuh ({expat.ErrorString(exc.code)}, baris {exc.lineno}); pembaca feed akan menolaknya"
                problems.append(Problem(item.origin, None, "", message))
    return problems


def path_collisions(files: Sequence[OutputFile], templates: str = "templates") -> list[Problem]:
    """Two sources that would write the same output file."""
    origins: dict[str, list[str]] = defaultdict(list)
    for item in files:
        if item.origin not in origins[item.path]:
            origins[item.path].append(item.origin)
    problems = []
    reported: set[frozenset[str]] = set()
    for path in sorted(path for path, claimants in origins.items() if len(claimants) > 1):
        claimants = origins[path]
        # An article's page and its preview image collide together: say it once.
        if frozenset(claimants) in reported:
            continue
        reported.add(frozenset(claimants))
        problems += _collision(urls.site_path(path), claimants, templates)
    return problems


def _collision(address: str, claimants: list[str], templates: str) -> list[Problem]:
    """What each file that claims `address` is told. A page the site makes from a template
    (the home page, /404.html, /tag/…) keeps its address: only the others are told to move.
    Only an article has a `slug`; photos and static files (their sizes too) have only names."""
    made = [origin for origin in claimants if origin.startswith(f"{templates}/")]
    told = [origin for origin in claimants if origin not in made] or claimants
    articles = [origin for origin in claimants if is_markdown(Path(origin))]
    problems = []
    for origin in told:
        field = "slug" if origin in articles else ""
        if made and origin not in made:
            fix = "ubah `slug`, `aliases` atau nama file ini" if field else "ganti nama atau hapus file ini"
            message = f"alamat {address} sudah dipakai halaman situs ({', '.join(made)}); {fix}"
        else:
            others = ", ".join(other for other in claimants if other != origin)
            fix = "ubah `slug` atau nama file salah satunya" if articles else "ganti nama file salah satunya"
            message = f"alamat {address} juga dipakai oleh {others}; {fix}"
        problems.append(Problem(origin, None, field, message))
    return problems


def tag_collisions(articles: Sequence[Article]) -> list[Problem]:
    """Different tags that would share one URL, and tags that make no URL at all."""
    spellings: dict[str, dict[str, str]] = defaultdict(dict)
    problems = []
    for article in articles:
        for tag in article.tags:
            if not tag.slug:
                message = f'tag "{tag.label}" tidak punya huruf atau angka untuk alamatnya'
                problems.append(Problem(article.source, None, "tags", message))
            elif tag.slug in RESERVED_TAG_SLUGS:
                message = (
                    f'tag "{tag.label}" memakai alamat /tag/{tag.slug}/ yang dipakai situs sendiri; pilih kata lain'
                )
                problems.append(Problem(article.source, None, "tags", message))
            spellings[tag.slug].setdefault(tag.label.casefold(), article.source)
    for slug, seen in sorted(spellings.items()):
        if slug and len(seen) > 1:
            listed = "; ".join(f'"{label}" di {source}' for label, source in sorted(seen.items()))
            first = sorted(seen.values())[0]
            problems.append(
                Problem(first, None, "tags", f"beberapa tag memakai alamat /tag/{slug}/: {listed}; samakan ejaannya")
            )
    return problems


def broken_links(articles: Sequence[Article], files: Sequence[OutputFile], base_path: str = "/") -> list[Problem]:
    """Links in article text to pages, files or #anchors the site does not have. A link that
    names the site's base path itself (/berita/tag/ on a site under /berita/) is told so."""
    written = {item.path: item.content for item in files}
    problems = []
    for article in articles:
        for link in article.links:
            file = _written_file(link.target, written)
            if file is None:
                message = f"tautan ke halaman yang tidak ada (atau belum terbit): {link.target}"
                within = "/" + link.target.removeprefix(base_path)
                if base_path != "/" and link.target.startswith(base_path) and _written_file(within, written):
                    message += (
                        f"; tulis {within} saja, tanpa {base_path.rstrip('/')} di depannya: program menambahkannya"
                    )
                problems.append(Problem(article.source, link.line, "", message))
            elif link.fragment and link.fragment not in anchors_of(written[file]):
                message = f"tautan ke bagian #{link.fragment} yang tidak ada di halaman {link.target}"
                problems.append(Problem(article.source, link.line, "", message))
    return problems


def fragment_links(articles: Sequence[Article], written: Collection[str]) -> dict[str, set[str]]:
    """The #anchors that links in article text point to, by the output file they are in."""
    found: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        for link in article.links:
            if link.fragment and (file := _written_file(link.target, written)) is not None:
                found[file].add(link.fragment)
    return found


def _written_file(target: str, written: Collection[str]) -> str | None:
    # A link without its final slash (/2021/04/x) finds the folder's page too.
    for candidate in (urls.output_file(target), urls.output_file(target + "/")):
        if candidate in written:
            return candidate
    return None


def anchors_of(content: Content) -> set[str]:
    """The ids on a page; a page reused from the previous site is read from there."""
    try:
        data = content if isinstance(content, bytes) else content.read_bytes()
    except OSError:
        return set()
    return set(ANCHOR.findall(data.decode("utf-8", "replace")))

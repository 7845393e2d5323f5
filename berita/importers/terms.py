"""Categories and tags of the old site as berita's `category` and `tags`."""

from __future__ import annotations

from ..frontmatter.schema import MAX_SLUG
from ..frontmatter.strict import MAX_TAGS, MAX_TITLE
from ..model import slugify
from ..site.check import RESERVED_TAG_SLUGS
from .article import one_line
from .wpbody import Notes

# A category whose name (or its first word) is one of these becomes berita's category; the most
# specific wins when a post has several. "agenda" is not among them: berita's agenda needs an
# event's time and place, which a WordPress post does not have in fields (see `agenda_words`).
SYNONYMS = {
    "prestasi": {"prestasi", "penghargaan", "juara", "achievement", "achievements", "award", "awards"},
    "pengumuman": {"pengumuman", "announcement", "announcements", "info", "informasi", "edaran", "maklumat"},
    "berita": {"berita", "news", "kabar", "warta", "liputan", "kegiatan"},
}
AGENDA_WORDS = {"agenda", "acara", "event", "events"}
DROPPED = {"uncategorized", "tak-berkategori", "tidak-berkategori", "tanpa-kategori"}


def _matches(name: str, words: set[str]) -> bool:
    slug = slugify(name)
    return slug in words or slug.split("-", 1)[0] in words


def category_and_tags(categories: list[str], tags: list[str], labels: dict[str, str]) -> tuple[str, list[str], bool]:
    """berita's category, the tags (the other categories, then the tags, one label per address:
    `labels` keeps the first spelling met for each), and whether the post was in an agenda category."""
    # Cleaned as a title is: an old database's Windows-1252 quotes (U+0091–U+0094) and other
    # control characters are in no berita file.
    categories, tags = [one_line(name) for name in categories], [one_line(name) for name in tags]
    chosen = "berita"
    for category in ("prestasi", "pengumuman", "berita"):
        if any(_matches(name, SYNONYMS[category]) for name in categories):
            chosen = category
            break
    agenda = any(_matches(name, AGENDA_WORDS) for name in categories)
    found: list[str] = []
    for name in [c for c in categories if not any(_matches(c, words) for words in SYNONYMS.values())] + tags:
        slug = slugify(name)
        if not slug or slug in DROPPED or len(name) > MAX_SLUG:
            continue
        label = labels.setdefault(slug, " ".join(name.split()))
        if label not in found:
            found.append(label)
    return chosen, found, agenda


def fitting_tags(tags: list[str], notes: Notes) -> list[str]:
    """`tags` as berita takes them: none at an address of the site's own (/tag/feed/), at most
    MAX_TAGS (the first ones: WordPress lists a post's categories before its tags). What is left
    out is noted, so that the post is written rather than refused."""
    found = []
    for tag in tags:
        if slugify(tag) in RESERVED_TAG_SLUGS:
            notes.add(f'tag "{tag}" dilewati: alamatnya /tag/{slugify(tag)}/ dipakai situs sendiri')
        else:
            found.append(tag)
    if len(found) > MAX_TAGS:
        notes.add(f"{len(found)} tag di WordPress; {MAX_TAGS} yang pertama diambil, sisanya dilewati: periksa")
    return found[:MAX_TAGS]


def fitting_title(title: str, notes: Notes) -> str:
    """A title berita takes (at most MAX_TITLE characters), cut between words with "…" and
    noted when WordPress's is longer."""
    if len(title) <= MAX_TITLE:
        return title
    notes.add(f"judul di WordPress {len(title)} huruf, lebih dari {MAX_TITLE}; dipotong: periksa `title`")
    cut = title[: MAX_TITLE - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[MAX_TITLE // 2 :] else cut).rstrip() + "…"

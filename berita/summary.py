"""The table printed after a build: what was made and where the time went, like Hugo's."""

from __future__ import annotations

from collections import Counter

from . import urls
from .model import OutputFile
from .pipeline import BuildResult
from .site.search import FOLDER as SEARCH_INDEX

KINDS = (
    ("Artikel", "artikel"),
    ("Halaman daftar", "daftar"),
    ("Halaman tag", "tag"),
    ("Feed", "feed"),
    ("Gambar (pratinjau, ukuran)", "gambar"),
    ("Indeks pencarian", "cari"),
    ("File statis dan lampiran", "statis"),
    ("Lainnya", "lain"),
)


FEED = urls.feed().lstrip("/")
OTHERS = (urls.output_file(urls.sitemap()), urls.output_file(urls.robots()))


def kind_of(item: OutputFile) -> str:
    """Which line of the summary a built file counts on."""
    path = item.path
    if path.startswith(SEARCH_INDEX):  # a file per article: not to be counted as static files
        return "cari"
    if path.endswith(FEED):
        return "feed"
    if path.endswith((".jpg", ".webp", ".png")) and not item.origin.startswith("static/"):
        return "gambar"
    if not path.endswith(".html"):
        return "lain" if path in OTHERS else "statis"
    return urls.list_kind(path) or ("artikel" if item.origin.endswith(".md") else "lain")


def summary_table(result: BuildResult) -> str:
    counts = Counter(kind_of(item) for item in result.files)
    counts["artikel"] = result.articles  # not the pages: an article may also have redirect pages
    width = max(len(label) for label, _ in KINDS)
    lines = [f"  {label:<{width}}  {counts.get(kind, 0):>6}" for label, kind in KINDS]
    lines.append(f"  {'File ditulis (berubah)':<{width}}  {result.written:>6}")
    stages = " · ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings.items())
    total = sum(result.timings.values())
    lines.append(f"  Waktu: {stages} · total {total:.2f} s")
    return "\n".join(lines)

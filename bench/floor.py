"""The part of a cold build of the corpus that no berita build can leave out, timed on one core.

Usage: python bench/floor.py PROJECT CONTENT SITE_NAME

Every article's body goes through Python-Markdown (with berita's configuration), every
article gets its 1200×630 link-preview card, and both land in a folder of their own in the
site (the URL scheme's /YYYY/MM/slug/): the product requires all three and a cold build has
no cache. Only those are timed, as CPU time (user and system) of this one process; reading
and checking the sources, templates, list pages, feeds and the cache are left out, and the
page written is only the article's body (with its title, and its category and tags marked as
Pagefind filters). Prints a JSON object: the number of articles and the seconds each part took.

Then, apart from those, Pagefind's own time over the same pages: one run of Pagefind's binary
(as the development requirements install it) over the whole folder, its CPU time (user and
system, on every core it uses) under "pagefind". That is what a peer's build with search adds
(Pelican's or Hugo's users run Pagefind): one index of every article, from pages already
written. berita's own index costs far less, so with it the floor is a generous bound.
"""

from __future__ import annotations

import html
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BATCH = 200


def page(post: object, body: str) -> str:
    """The article's body as a page for Pagefind: title, category and tags as filters."""
    title = html.escape(str(post["title"]))  # type: ignore[index]
    category = html.escape(str(post.get("category", "berita")))  # type: ignore[attr-defined]
    tags = "".join(
        f'<span data-pagefind-filter="tag">{html.escape(str(tag))}</span>'
        for tag in post.get("tags", [])  # type: ignore[attr-defined]
    )
    return (
        f'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{title}</title></head><body>'
        f'<article data-pagefind-body><h1>{title}</h1><p data-pagefind-filter="kategori">{category}</p>'
        f"{body}<p>{tags}</p></article></body></html>"
    )


def pagefind_seconds(site: Path) -> float:
    """CPU seconds of one Pagefind run over `site`, writing its index into a folder of its own."""
    from pagefind.service import get_executable  # Pagefind as the development requirements install it

    found = get_executable()
    command = [str(found)] if found is not None else [sys.executable, "-m", "pagefind"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([*command, "--site", str(site), "--silent"], check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str]) -> int:
    project, content, site_name = Path(argv[0]), Path(argv[1]), argv[2]
    sys.path.insert(0, str(project))
    import frontmatter

    from berita.frontmatter.schema import CATEGORIES
    from berita.images.cards import preview_image
    from berita.load.markup import MarkdownRenderer

    posts = [frontmatter.loads(path.read_text(encoding="utf-8")) for path in sorted(content.rglob("*.md"))]
    renderer = MarkdownRenderer()
    spent = {"markdown": 0.0, "cards": 0.0, "files": 0.0}
    site = Path(tempfile.mkdtemp(prefix="floor-", dir=content.parent))  # where the build writes
    try:
        # In batches, as a build does each kind of work in turn, but not all at once: 10,000
        # cards kept in memory would be 600 MB.
        for first in range(0, len(posts), BATCH):
            batch = posts[first : first + BATCH]
            started = time.process_time()
            bodies = [renderer.render(post.content).html for post in batch]
            drawn = time.process_time()
            cards = [
                preview_image(str(post["title"]), site_name, None, CATEGORIES[post.get("category", "berita")])
                for post in batch
            ]
            written = time.process_time()
            for number, (body, card) in enumerate(zip(bodies, cards, strict=True), start=first):
                folder = site / f"{number // 100}" / f"{number}"
                folder.mkdir(parents=True)
                (folder / "index.html").write_text(page(batch[number - first], body), encoding="utf-8")
                (folder / "pratinjau.jpg").write_bytes(card)
            done = time.process_time()
            spent["markdown"] += drawn - started
            spent["cards"] += written - drawn
            spent["files"] += done - written
        spent["pagefind"] = pagefind_seconds(site)
    finally:
        shutil.rmtree(site)
    print(json.dumps({"articles": len(posts), **spent}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Files the site copies as they are: static/ and the photos and attachments beside articles,
each the previous site's copy when its source is unchanged."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .. import urls
from ..config import Config
from ..disk import is_racy, state_of
from ..errors import Problem, shown_path
from ..incremental.memo import PageMemo
from ..load.listing import content_files, link_problems
from ..model import Article, OutputFile


def static_files(config: Config) -> tuple[list[OutputFile], list[Problem]]:
    """Files under static/, copied as they are to the same place in the site, and the problems
    of what is there that may not be copied (symbolic links)."""
    folder = config.folder("static")
    if not folder.is_dir():
        return [], []
    files, links = content_files(folder)
    copies = [
        OutputFile(p.relative_to(folder).as_posix(), f"static/{p.relative_to(folder).as_posix()}", p) for p in files
    ]
    return copies, link_problems(links, config.root)


def asset_files(articles: list[Article], config: Config) -> list[OutputFile]:
    """Images and files next to articles, each copied once to its place under the site."""
    folder = config.folder("content")
    used = sorted({asset for article in articles for asset in article.assets})
    return [
        OutputFile(urls.output_file(a), shown_path(folder / a.lstrip("/"), config.root), folder / a.lstrip("/"))
        for a in used
    ]


def reused_copies(files: list[OutputFile], memo: PageMemo | None, started_ns: int) -> list[OutputFile]:
    """Files copied as they are (static files, photos and attachments), each the previous
    site's copy when its source has the size, time and inode it was copied at, as the stamp
    trusts them: a newsroom's photos are most of its bytes, and comparing each with its copy
    would read them all on every build."""
    if memo is None:
        return files
    found = []
    for item in files:
        assert isinstance(item.content, Path)
        try:
            state = state_of(item.content.stat())
        except OSError:  # gone meanwhile: the write stage reports it
            found.append(item)
            continue
        # A file saved just before the build began may change again within its time's resolution.
        fingerprint = "" if is_racy(state, started_ns) else "{}:{}:{}".format(*state)
        previous = memo.get(item.path, fingerprint) if fingerprint else None
        found.append(replace(item, content=item.content if previous is None else previous, fingerprint=fingerprint))
    return found

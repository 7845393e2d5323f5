"""The .cache/ folder of a site, laid out in one place: which cache holds what, under which salt,
and what a build marks as used or prunes. Made once per build from the settings (workspace())."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..errors import Problem
from .cache import Cache, code_salt, generation, mark_used, prune_generations

# The last build's articles by file state, kept whole in the article cache: the next build reads
# only the files changed since (as the preview does, which keeps them in memory). The related
# articles' answer and the photos' hashes are kept beside them, each on its own: a new tag
# changes the one, a new photo the other, not the articles.
KNOWN_FILES, RELATED, PHOTOS = "known-files", "related", "photo-hashes"


@dataclass(frozen=True)
class Workspace:
    """Where one build keeps what the next may reuse, all under `folder` (.cache/)."""

    folder: Path
    # Rendered articles (and the known files beside them), keyed by every setting that shapes one.
    articles: Cache
    # Link-preview cards: the site's name and description are on them.
    previews: Cache
    # Resized photos: they depend on nothing but the photo, its size and format, and the code.
    images: Cache
    # Jinja's compiled templates for this version of berita and these settings.
    compiled: Path

    @property
    def manifest(self) -> Path:
        """Where a build lists the pages it left in the output folder (memo.save_manifest)."""
        return self.folder / "pages.pickle"

    @property
    def search(self) -> Path:
        """What the last build's search index was made of (search.SearchState), to be patched."""
        return self.folder / "search.pickle"

    @property
    def stamp(self) -> Path:
        """The stamp of the last finished build's sources and output (stamp.save_stamp)."""
        return self.folder / "stamp.pickle"

    def generations(self) -> tuple[Path, ...]:
        """The folders of the caches' generations that builds with these settings use."""
        return (self.articles.folder, self.previews.folder, self.images.folder, self.compiled)

    def mark_used(self) -> None:
        """In use now, also by `check` and the preview, which prune nothing."""
        for folder in self.generations():
            mark_used(folder)

    def prune(self) -> None:
        """Mark the generations this build uses as used, and delete the others no build has used
        for a week (cache.prune_generations): each new version of berita or change of settings
        starts a new generation, so without this the cache would only grow."""
        for folder in self.generations():
            prune_generations(folder.parent, folder.name)

    def warnings(self) -> list[Problem]:
        """What the caches found damaged while this build used them (each is made again)."""
        return [*self.articles.warnings, *self.previews.warnings, *self.images.warnings]


def workspace(config: Config) -> Workspace:
    """The layout of `config`'s .cache/ folder for a build with these settings."""
    folder = config.cache_folder
    return Workspace(
        folder,
        # The editor's settings ([cms]) shape no article.
        Cache(folder / "articles", code_salt(config.model_dump(exclude={"root", "cms"}))),
        # The site's name and description are on the cards: another one starts another generation.
        Cache(folder / "previews", code_salt(config.title, config.description)),
        Cache(folder / "images", code_salt()),
        compiled_folder(config),
    )


def compiled_folder(config: Config) -> Path:
    """Where compiled templates are kept, for this version of berita and its libraries and these
    settings: Jinja works out a filter over a constant when it compiles (`"/css/style.css" | link`),
    so the compiled code holds the base path, and every other setting the filters read."""
    return config.cache_folder / "templates" / generation(code_salt(config.model_dump()))

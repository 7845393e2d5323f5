"""The editor's files in the site: its configuration (admin/config.yml) and what its page loads.

The page (templates/admin.html, rendered with the other pages) loads Sveltia CMS from a CDN
at one exact version and lets the browser check its bytes against `SCRIPT_INTEGRITY`. The
configuration is data dumped by PyYAML: a label or a repository name is never formatted into
YAML by hand. Nothing here needs Node: the build only writes these two files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .. import urls
from ..config import Config
from ..frontmatter.schema import MAX_SLUG
from ..model import OutputFile
from .fields import article_fields

# Sveltia CMS, pinned: the npm package @sveltia/cms at this version, its script as unpkg serves
# it. SCRIPT_INTEGRITY is the SHA-384 of that file's bytes (Subresource Integrity); the browser
# refuses any other bytes. tests/browser/test_cms_editor.py installs the same version from npm
# (tests/cms/package-lock.json) and checks the hash against its file. To upgrade, change all
# three together (see docs/deploy.md).
SVELTIA_VERSION = "0.221.1"
SCRIPT_URL = f"https://unpkg.com/@sveltia/cms@{SVELTIA_VERSION}/dist/sveltia-cms.js"
SCRIPT_INTEGRITY = "sha384-JQ+XsKx/UzwdTiNnFStza3XtqqQoVtyNPApkfvwlzZDfhe7giE9CnfQrpHqgv3k6"

# Photos uploaded outside an article (the editor needs a folder for them), under static/.
SHARED_PHOTOS = "img/unggahan"
# A phone photo is a few megabytes; berita makes the sizes the site shows.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
COLLECTION = "berita"


@dataclass(frozen=True)
class EditorPage:
    """What templates/admin.html needs: the script and its hash, and the site's stylesheet."""

    script: str = SCRIPT_URL
    integrity: str = SCRIPT_INTEGRITY
    stylesheet: str = "/css/style.css"


def is_wanted(config: Config) -> bool:
    """Whether the site gets /admin/: the editor is on and knows its repository. Without one
    (a build on an author's own machine, `repo` left for the Pages workflow to fill) there is
    nothing it could commit to, and the site is left without it, quietly: the workflow always
    has it, and a warning here would fail every `check --strict` on a laptop."""
    return config.cms.enabled and bool(config.cms.repo)


def editor_files(config: Config) -> list[OutputFile]:
    """admin/config.yml, when the site has an editor (the page is rendered with the others)."""
    if not is_wanted(config):
        return []
    text = yaml.safe_dump(editor_config(config), sort_keys=False, allow_unicode=True, width=100)
    return [OutputFile(urls.output_file(urls.admin_config()), config.source_name, text.encode("utf-8"))]


def editor_config(config: Config) -> dict[str, Any]:
    """The Sveltia CMS configuration of the site (Decap-compatible), as data."""
    links = urls.Urls(config.base_url)
    settings: dict[str, Any] = {
        "backend": {
            "name": "github",
            "repo": config.cms.repo,
            "branch": config.cms.branch,
            # A fine-grained personal access token, limited to the repository: no OAuth server to run.
            "auth_methods": ["token"],
            "commit_messages": {
                "create": "Berita baru: {{slug}}",
                "update": "Sunting berita: {{slug}}",
                "delete": "Hapus berita: {{slug}}",
                "uploadMedia": "Unggah berkas: {{path}}",
                "deleteMedia": "Hapus berkas: {{path}}",
            },
        },
        # Drafts are pull requests: the Pages workflow checks them before anything goes live.
        "publish_mode": "editorial_workflow",
        "app_title": f"Editor {config.title}",
        "site_url": config.base_url,
        "media_folder": f"{config.folders.static}/{SHARED_PHOTOS}",
        "public_folder": f"/{SHARED_PHOTOS}",
        # Stock photo services are off: a campus news photo is the campus's own.
        "media_libraries": {
            "default": {"config": {"slugify_filename": True, "max_file_size": MAX_UPLOAD_BYTES}},
            "stock_assets": False,
        },
        # As berita's own slugify (model.slugify), which `new` uses for file names.
        "slug": {
            "encoding": "ascii",
            "clean_accents": True,
            "sanitize_replacement": "-",
            "maxlength": MAX_SLUG,
            "trim": True,
            "lowercase": True,
        },
        # Without it an empty optional field is written as '', which the schema refuses.
        "output": {"omit_empty_optional_fields": True},
        "collections": [article_collection(config)],
    }
    if config.organization.logo:
        settings["logo"] = {"src": links.link(config.organization.logo)}
    return settings


def article_collection(config: Config) -> dict[str, Any]:
    """Articles: content/YYYY/<slug>.md by their date's year, photos beside them."""
    return {
        "name": COLLECTION,
        "label": "Berita",
        "label_singular": "Berita",
        "description": "Semua berita, pengumuman, agenda, dan prestasi.",
        "folder": config.folders.content,
        "path": "{{fields.date | date('YYYY')}}/{{slug}}",
        "slug": "{{title}}",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        # Relative to the article: a photo is saved in the article's own folder. Sveltia takes an
        # article whose `path` has a folder (2021/<slug>) for a folder of its own (a "page
        # bundle", 2021/<slug>/index.md) and starts from 2021/<slug>/: one level up is 2021/.
        "media_folder": "..",
        "public_folder": "",
        "summary": "{{title}}",
        "sortable_fields": {"fields": ["date", "title"], "default": {"field": "date", "direction": "descending"}},
        "fields": article_fields(config.timezone),
    }

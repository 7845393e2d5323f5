"""The web editor (berita.cms): its form comes from the schema, its files from the pipeline.

- Every front matter field of the schema has a widget and every widget names a schema field:
  the schema and the generated form are walked separately and compared.
- Labels and hints come from one table, and each hint is said in the author guide.
- /admin/ is made only when `[cms]` is on and knows its repository; it is `noindex`, out of
  the sitemap and the search index, loads the pinned Sveltia CMS with its integrity hash.
- A wrong `[cms]` is one Indonesian message and leaves output/ as it was.

The editor itself, driven in Chromium, is tests/browser/test_cms_editor.py.
"""

from __future__ import annotations

import json
import re
import types
from typing import Any, Union, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel
from sites import PROJECT

from berita import urls
from berita.cms.editor import SCRIPT_INTEGRITY, SCRIPT_URL, SVELTIA_VERSION, editor_config
from berita.cms.fields import BODY, article_fields, model_fields
from berita.cms.labels import FIELDS
from berita.config import load_config
from berita.frontmatter.event import EVENT_TYPES, MODES
from berita.frontmatter.schema import CATEGORIES, MAX_SLUG, FrontMatter

GUIDE = PROJECT / "docs" / "panduan-penulis.md"
CMS = """
[cms]
enabled = true
repo = "poltekesos/berita"
"""


# --- the form against the schema --------------------------------------------------------------


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models a field's type holds, through Optional, list and Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if get_origin(annotation) in (Union, types.UnionType, list) or hasattr(annotation, "__metadata__"):
        return [model for arg in get_args(annotation) for model in models_in(arg)]
    return []


def schema_paths(model: type[BaseModel], prefix: str = "", above: tuple[type[BaseModel], ...] = ()) -> set[str]:
    """Every field an author can write, as a dotted path. A person's representative is a
    person too: the walk stops at a model already entered above (no representative's
    representative), which is as deep as the form goes."""
    found = set()
    for name, info in model.model_fields.items():
        inner = models_in(info.annotation)
        if any(nested in above for nested in inner):
            continue
        found.add(prefix + name)
        for nested in inner:
            found |= schema_paths(nested, f"{prefix}{name}.", (*above, model))
    return found


def widget_paths(fields: list[dict[str, Any]], prefix: str = "") -> set[str]:
    found = set()
    for field in fields:
        found.add(prefix + field["name"])
        found |= widget_paths(field.get("fields", []), f"{prefix}{field['name']}.")
    return found


def every_widget(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [w for field in fields for w in (field, *every_widget(field.get("fields", [])))]


def test_every_schema_field_has_a_widget_and_every_widget_a_schema_field():
    fields = article_fields("Asia/Jakarta")
    expected = schema_paths(FrontMatter)
    shown = widget_paths(fields) - {BODY}
    assert expected - shown == set(), "schema fields with no widget in the editor"
    assert shown - expected == set(), "widgets that name no schema field"
    # The walk reaches the nested fields the issue names.
    for path in ("image.alt", "event.speakers.represented_by.role", "event.opened_by.name", "form.closes", "aliases"):
        assert path in shown


def test_the_walk_over_the_schema_sees_a_field_the_form_lacks():
    """The comparison above is not empty on both sides by accident."""
    fields = [field for field in article_fields("Asia/Jakarta") if field["name"] != "summary"]
    assert "summary" in schema_paths(FrontMatter) - widget_paths(fields)


def test_a_schema_field_without_a_known_widget_is_an_error_not_a_guess(monkeypatch):
    class Odd(BaseModel):
        ratio: float

    monkeypatch.setitem(FIELDS, "ratio", ("Rasio", ""))
    with pytest.raises(TypeError, match="no widget for ratio"):
        list(model_fields(Odd, "", "Asia/Jakarta", ()))


def test_body_is_markdown_and_required():
    body = next(field for field in article_fields("Asia/Jakarta") if field["name"] == BODY)
    assert body["widget"] == "markdown" and body["required"] is True


def widget(path: str) -> dict[str, Any]:
    fields = article_fields("Asia/Jakarta")
    for part in path.split("."):
        found = next(field for field in fields if field["name"] == part)
        fields = found.get("fields", [])
    return found


def test_required_is_what_the_schema_requires():
    assert widget("title")["required"] and widget("date")["required"]
    assert not widget("summary")["required"] and not widget("image")["required"]
    assert widget("image.src")["required"] and widget("image.alt")["required"]
    assert widget("event.start")["required"] and widget("event.mode")["required"]
    assert not widget("event.end")["required"] and not widget("event.type")["required"]
    assert widget("event.speakers.name")["required"] and not widget("event.speakers.role")["required"]
    assert widget("form.url")["required"] and not widget("form.closes")["required"]


def test_choices_are_selects_with_the_labels_the_site_shows():
    for path, labels in (("category", CATEGORIES), ("event.mode", MODES), ("event.type", EVENT_TYPES)):
        field = widget(path)
        assert field["widget"] == "select"
        assert field["options"] == [{"label": label, "value": value} for value, label in labels.items()]
    assert widget("category")["default"] == "berita"


def test_times_are_written_in_the_site_zone_as_the_schema_reads_them():
    for path in ("date", "updated", "event.start", "event.end", "form.closes"):
        field = widget(path)
        assert field["widget"] == "datetime"
        # No offset in the value: the schema reads it in config.timezone, which the input uses.
        assert field["format"] == "YYYY-MM-DDTHH:mm"
        assert field["input_timezone"] == "Asia/Jakarta"
    assert article_fields("Asia/Makassar")[1]["input_timezone"] == "Asia/Makassar"
    assert widget("date")["default"] == "{{now}}"


def test_lists_switches_numbers_and_the_photo():
    assert widget("tags")["widget"] == "list" and "fields" not in widget("tags")
    assert widget("author")["widget"] == "list" and widget("aliases")["widget"] == "list"
    assert widget("event.speakers")["widget"] == "list" and widget("event.speakers")["fields"]
    assert widget("draft") == {**widget("draft"), "widget": "boolean", "default": False}
    # The home page's lead (issue 22): a switch, off unless the author turns it on.
    featured = widget("featured")
    assert featured == {**featured, "widget": "boolean", "default": False, "required": False}
    assert featured["label"] == "Berita utama"
    assert widget("event.participants")["widget"] == "number"
    assert widget("event.participants")["value_type"] == "int" and widget("event.participants")["min"] == 0
    assert widget("image.src")["widget"] == "image"
    assert widget("image")["widget"] == "object" and widget("event.opened_by")["widget"] == "object"


def test_the_schema_patterns_are_checked_in_the_form_with_the_build_messages():
    slug = widget("slug")
    assert slug["maxlength"] == MAX_SLUG
    pattern, message = slug["pattern"]
    assert re.fullmatch(pattern, "kuliah-tamu-ok-oce") and not re.fullmatch(pattern, "Kuliah Tamu")
    assert "huruf kecil" in message
    url, _ = widget("form.url")["pattern"]
    assert re.fullmatch(url, "https://forms.gle/Pq7kT2ocE4Rw9xZa8") and not re.fullmatch(url, "forms.gle/x")


# --- labels and hints -------------------------------------------------------------------------


def test_every_label_and_hint_of_the_table_is_used_and_every_widget_has_a_label():
    widgets = every_widget(article_fields("Asia/Jakarta"))
    assert all(w["label"] for w in widgets)
    shown = {(w["label"], w.get("hint", "")) for w in widgets}
    assert set(FIELDS.values()) - shown == set(), "entries of berita/cms/labels.py that no widget uses"


def plain(markdown: str) -> str:
    """The guide's words without Markdown marks, in one line, for comparing with a hint."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[`*]", "", text).replace("|", " ")
    return re.sub(r"\s+", " ", text).casefold()


@pytest.mark.parametrize("key", sorted(FIELDS))
def test_each_hint_is_what_the_author_guide_says(key):
    guide = plain(GUIDE.read_text(encoding="utf-8"))
    label, hint = FIELDS[key]
    assert plain(label).strip() in guide, f"the label {label!r} of {key} is not in docs/panduan-penulis.md"
    for sentence in re.split(r"(?<=\.)\s+", hint):
        words = plain(sentence).strip().rstrip(".")
        assert words in guide, f"{key}: the guide does not say {sentence!r}"


def test_the_guide_shows_the_editor_as_it_is_and_keeps_no_stray_picture():
    """The screenshots of the editor (make cms-screenshots) are in docs/img/, each one used."""
    guide = GUIDE.read_text(encoding="utf-8")
    shown = set(re.findall(r"!\[[^\]]+\]\(img/([^)]+)\)", guide))
    kept = {path.name for path in (PROJECT / "docs" / "img").glob("*.png")}
    assert shown == kept
    assert {"editor-formulir-1280.png", "editor-formulir-375.png"} <= shown
    for name in kept:
        assert (PROJECT / "docs" / "img" / name).stat().st_size < 100_000, f"{name}: keep the guide light"


# --- the editor's files in a site -------------------------------------------------------------


def test_admin_is_made_only_when_on_and_with_a_repository(tiny_site, capsys):
    site = tiny_site(base_url="https://contoh.github.io/berita/")
    site.article("content/2021/kuliah-tamu.md")
    assert site.build() == 0
    assert not (site.output / "admin").exists(), "the editor is off unless [cms] enabled = true"

    config = site.root / "config.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[cms]\nenabled = true\n", encoding="utf-8")
    capsys.readouterr()
    assert site.build() == 0
    assert "cms" not in capsys.readouterr().err, "no repository on a laptop is no problem (check --strict passes)"
    assert not (site.output / "admin").exists(), "nothing to commit to: no editor"

    assert site.build("--cms-repo", "poltekesos/berita") == 0
    assert (site.output / "admin" / "index.html").is_file() and (site.output / "admin" / "config.yml").is_file()


def cms_site(tiny_site, extra: str = CMS, base_url: str = "https://contoh.github.io/berita/"):
    site = tiny_site(base_url=base_url)
    config = site.root / "config.toml"
    config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")
    site.article("content/2021/kuliah-tamu.md", title="Kuliah Tamu OK OCE", date="2021-04-21T13:00")
    return site


def test_the_admin_page_loads_the_pinned_editor_with_its_hash_and_is_for_nobody_else(tiny_site):
    site = cms_site(tiny_site)
    assert site.build() == 0
    page = site.page(urls.output_file(urls.admin()))
    script = page.find("script", src=True)
    assert script["src"] == SCRIPT_URL and f"@{SVELTIA_VERSION}/" in SCRIPT_URL
    assert script["integrity"] == SCRIPT_INTEGRITY and script["crossorigin"] == "anonymous"
    assert page.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    assert page.find("link", rel="cms-config-url")["href"] == "/berita/admin/config.yml"
    assert 'CMS.registerPreviewStyle("/berita/css/style.css")' in str(page)
    sitemap = (site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/admin/" not in sitemap and "/2021/04/kuliah-tamu/" in sitemap


def test_config_yml_is_the_editor_config_as_yaml(tiny_site):
    site = cms_site(tiny_site, CMS + 'branch = "terbit"\n')
    assert site.build() == 0
    written = yaml.safe_load((site.output / "admin" / "config.yml").read_text(encoding="utf-8"))
    config = load_config(site.root / "config.toml")
    assert written == json.loads(json.dumps(editor_config(config)))
    backend = written["backend"]
    assert backend == {**backend, "name": "github", "repo": "poltekesos/berita", "branch": "terbit"}
    assert backend["auth_methods"] == ["token"]
    assert written["publish_mode"] == "editorial_workflow"
    assert written["output"] == {"omit_empty_optional_fields": True}
    collection = written["collections"][0]
    assert collection["folder"] == "content" and collection["path"] == "{{fields.date | date('YYYY')}}/{{slug}}"
    # Beside the article: Sveltia starts an article's own folder at 2021/<slug>/ (see editor.py).
    assert collection["media_folder"] == ".." and collection["public_folder"] == ""
    assert written["slug"]["encoding"] == "ascii" and written["slug"]["maxlength"] == MAX_SLUG
    assert written["site_url"] == "https://contoh.github.io/berita/"


def test_hostile_site_values_stay_data_in_the_yaml(tiny_site):
    site = cms_site(tiny_site)
    config = site.root / "config.toml"
    hostile = 'BERITA: "UJI" #1 {{slug}}\n- backend: {name: test-repo}'
    text = config.read_text(encoding="utf-8").replace('title = "BERITA UJI"', f"title = {json.dumps(hostile)}")
    config.write_text(text, encoding="utf-8")
    assert site.build() == 0
    written = yaml.safe_load((site.output / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert written["app_title"] == "Editor " + hostile
    assert written["backend"]["name"] == "github"


def test_cms_repo_from_the_command_line_fills_an_empty_repo_only(tmp_path):
    path = tmp_path / "config.toml"
    base = 'title = "Uji"\nbase_url = "https://contoh.org/"\n[organization]\nname = "Uji"\n[cms]\nenabled = true\n'
    path.write_text(base, encoding="utf-8")
    assert load_config(path, cms_repo="owner/repo").cms.repo == "owner/repo"
    path.write_text(base + 'repo = "poltekesos/berita"\n', encoding="utf-8")
    assert load_config(path, cms_repo="owner/repo").cms.repo == "poltekesos/berita"
    assert load_config(path).cms.branch == "main"


BAD_CMS = [
    ('enabled = true\nrepo = "poltekesos"', "cms.repo", 'harus "pemilik/nama" repositori GitHub'),
    ('enabled = true\nrepo = "https://github.com/poltekesos/berita"', "cms.repo", "pemilik/nama"),
    ('enabled = true\nrepo = "a/b"\nbranch = "main branch"', "cms.branch", "harus nama cabang git"),
    ('enabled = true\nrepo = "a/b"\nbranch = "../main"', "cms.branch", "harus nama cabang git"),
    ('enabled = "ya"', "cms.enabled", "harus true atau false"),
    ('enabled = true\nrepositori = "a/b"', "cms.repositori", ""),
]


@pytest.mark.parametrize(("table", "field", "message"), BAD_CMS, ids=[f for _, f, _ in BAD_CMS])
def test_a_wrong_cms_table_is_one_message_and_output_stays(tiny_site, capsys, table, field, message):
    site = cms_site(tiny_site)
    assert site.build() == 0
    before = site.snapshot()
    config = site.root / "config.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(CMS, f"\n[cms]\n{table}\n"), encoding="utf-8")
    capsys.readouterr()
    assert site.build() == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("config.toml")]
    assert len(lines) == 1 and lines[0].startswith(f"config.toml: {field}: "), err
    assert message in lines[0]
    assert "Traceback" not in err
    assert site.snapshot() == before


def test_a_wrong_cms_repo_on_the_command_line_is_told_too(tiny_site, capsys):
    site = cms_site(tiny_site, "\n[cms]\nenabled = true\n")
    assert site.build("--cms-repo", "poltekesos/berita") == 0
    before = site.snapshot()
    capsys.readouterr()
    assert site.build("--cms-repo", "poltekesos berita") == 1
    assert "config.toml: cms.repo: harus" in capsys.readouterr().err
    assert site.snapshot() == before


def test_the_pinned_version_is_the_one_the_browser_tests_install():
    package = json.loads((PROJECT / "tests" / "cms" / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((PROJECT / "tests" / "cms" / "package-lock.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["@sveltia/cms"] == SVELTIA_VERSION
    assert lock["packages"]["node_modules/@sveltia/cms"]["version"] == SVELTIA_VERSION
    assert SCRIPT_INTEGRITY.startswith("sha384-")


def test_code_in_a_sub_package_is_part_of_the_cache_key(monkeypatch, tmp_path):
    """berita/cms/ is code of the build: a change there must not be served from the cache."""
    from berita.incremental import cache

    (tmp_path / "cms").mkdir()
    (tmp_path / "build.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "cms" / "fields.py").write_text("y = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "PACKAGE", tmp_path)
    cache._code_digest.cache_clear()
    try:
        before = cache._code_digest()
        (tmp_path / "cms" / "fields.py").write_text("y = 2\n", encoding="utf-8")
        cache._code_digest.cache_clear()
        assert cache._code_digest() != before
    finally:
        cache._code_digest.cache_clear()

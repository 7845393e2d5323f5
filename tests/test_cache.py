"""The cache's generations: what each version of berita and of the settings made, and their pruning."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from berita.incremental import cache
from berita.incremental.cache import OTHERS_KEPT, UNUSED_FOR, Cache, generation, prune_generations

NOW = 1_800_000_000.0
DAY = 24 * 3600


@pytest.fixture
def deleted(monkeypatch) -> list[list[str]]:
    """What each folder handed to the background deletion held; deleted here at once."""
    handed: list[list[str]] = []

    def delete_now(folder: Path) -> None:
        handed.append(sorted(p.name for p in folder.iterdir()))
        shutil.rmtree(folder)

    monkeypatch.setattr(cache, "delete_in_background", delete_now)
    return handed


def made(folder: Path, name: str, used: float) -> Path:
    """A generation folder holding one entry, last used at `used`."""
    entry = folder / name / "ab" / "abcd.pickle"
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"isi")
    os.utime(folder / name, (used, used))
    return folder / name


def test_entries_live_in_the_folder_of_their_salt(tmp_path) -> None:
    one, other = Cache(tmp_path, b"versi satu"), Cache(tmp_path, b"versi dua")
    one.put(one.key("a"), "nilai")
    assert one.path(one.key("a")).is_relative_to(tmp_path / generation(b"versi satu"))
    assert other.get(other.key("a")) is None
    assert [p.name for p in tmp_path.iterdir()] == [generation(b"versi satu")]


def test_the_generation_in_use_is_kept_and_marked_used(tmp_path, deleted) -> None:
    current = made(tmp_path, "baru", NOW - 30 * DAY)
    prune_generations(tmp_path, "baru", NOW)
    assert current.is_dir()
    assert current.stat().st_mtime == NOW
    assert deleted == []


def test_another_generation_used_this_week_is_kept(tmp_path, deleted) -> None:
    made(tmp_path, "baru", NOW)
    last = made(tmp_path, "lama", NOW - UNUSED_FOR + 60)
    prune_generations(tmp_path, "baru", NOW)
    assert last.is_dir()
    assert deleted == []


def test_a_generation_unused_for_a_week_is_deleted(tmp_path, deleted) -> None:
    made(tmp_path, "baru", NOW)
    made(tmp_path, "lama", NOW - UNUSED_FOR - 60)
    prune_generations(tmp_path, "baru", NOW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baru"]
    assert deleted == [["lama"]]


def test_only_the_most_recently_used_other_generations_are_kept(tmp_path, deleted) -> None:
    made(tmp_path, "baru", NOW)
    for hours in range(1, 5):
        made(tmp_path, f"lama-{hours}", NOW - hours * 3600)
    prune_generations(tmp_path, "baru", NOW)
    kept = [f"lama-{hours}" for hours in range(1, 1 + OTHERS_KEPT)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["baru", *kept])
    assert deleted == [sorted(f"lama-{hours}" for hours in range(1 + OTHERS_KEPT, 5))]


def test_the_leftover_of_a_killed_deletion_is_deleted(tmp_path, deleted) -> None:
    made(tmp_path, "baru", NOW)
    made(tmp_path, ".old-sisa", NOW)
    prune_generations(tmp_path, "baru", NOW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baru"]
    assert deleted == [[".old-sisa"]]


def test_a_cache_folder_that_is_missing_or_a_file_is_left_alone(tmp_path, deleted) -> None:
    prune_generations(tmp_path / "tidak-ada", "baru", NOW)
    (tmp_path / "berkas").write_bytes(b"")
    prune_generations(tmp_path / "berkas", "baru", NOW)
    assert deleted == []


def test_the_deletion_happens_in_the_background_and_really_deletes(tmp_path) -> None:
    made(tmp_path, "baru", NOW)
    made(tmp_path, "lama", NOW - UNUSED_FOR - 60)
    prune_generations(tmp_path, "baru", NOW)
    # Out of the cache at once; the folder it was moved into goes when the background process is done.
    assert "lama" not in [p.name for p in tmp_path.iterdir()]
    deadline = time.monotonic() + 30
    while any(p.name.startswith(".old-") for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [p.name for p in tmp_path.iterdir()] == ["baru"]


def test_the_old_layout_without_generations_is_pruned_in_one_go(tmp_path, deleted) -> None:
    # Before generations, entries sat in two-letter folders straight under the cache's folder.
    for prefix in ("0a", "1b", "2c"):
        made(tmp_path, prefix, NOW - 3600)
    made(tmp_path, "baru", NOW)
    prune_generations(tmp_path, "baru", NOW)
    assert len(deleted) == 1, "one background deletion for all of them, not one per folder"
    assert len(deleted[0]) == 3 - OTHERS_KEPT


def test_files_of_the_old_flat_layout_of_resized_images_are_pruned(tmp_path, deleted) -> None:
    # Before generations, .cache/images/ held the sizes themselves, named by the photo's hash.
    (tmp_path / "0f1e2d3c4b5a69788796-480.jpg").write_bytes(b"foto")
    made(tmp_path, "baru", NOW)
    prune_generations(tmp_path, "baru", NOW)
    assert deleted == [["0f1e2d3c4b5a69788796-480.jpg"]]
    assert [p.name for p in tmp_path.iterdir()] == ["baru"]


def test_check_and_the_preview_mark_the_generation_they_use(tiny_site) -> None:
    site = tiny_site()
    site.article("content/2021/wisuda.md", title="Wisuda Sarjana Terapan")
    assert site.build() == 0
    generations = [p for kind in ("articles", "previews") for p in (site.root / ".cache" / kind).iterdir()]
    long_ago = time.time() - 30 * DAY
    for folder in generations:
        os.utime(folder, (long_ago, long_ago))
    assert site.check() == 0
    assert all(folder.stat().st_mtime > long_ago + DAY for folder in generations)


def test_the_code_salt_is_the_same_for_the_same_code_in_another_folder(tmp_path: Path, monkeypatch) -> None:
    """Two clones in two folders (a campus's CI checkout and an author's machine) make the same
    site, the search index's code included (it comes from this salt); a library installed or
    upgraded changes it."""
    salts = []
    for name in ("satu", "dua"):
        copy = tmp_path / name / "berita"
        shutil.copytree(cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
        with monkeypatch.context() as patch:
            patch.setattr(cache, "PACKAGE", copy)
            patch.syspath_prepend(str(tmp_path / name))
            cache._code_digest.cache_clear()
            salts.append(cache.code_salt())
            (tmp_path / name / "Markdown-9.9.dist-info").mkdir()
            cache._code_digest.cache_clear()
            salts.append(cache.code_salt())
    cache._code_digest.cache_clear()
    assert salts[0] == salts[2], "the same code and libraries in another folder: another salt"
    assert salts[1] == salts[3] != salts[0], "a library installed beside the code left the salt as it was"


def test_the_code_salt_changes_with_a_module_in_any_sub_package(tmp_path: Path, monkeypatch) -> None:
    """Modules live in sub-packages (load/, site/, images/…): editing one must start a new
    generation of every cache, or a stale cache survives a code change."""
    import berita

    assert Path(berita.__file__).resolve().parent == cache.PACKAGE
    copy = tmp_path / "berita"
    shutil.copytree(cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", copy)
    salts = []
    for module in ("load/markup.py", "site/render.py", "images/cards.py", "pipeline.py"):
        cache._code_digest.cache_clear()
        salts.append(cache.code_salt())
        with (copy / module).open("a", encoding="utf-8") as file:
            file.write("\n# changed\n")
    cache._code_digest.cache_clear()
    salts.append(cache.code_salt())
    monkeypatch.undo()
    cache._code_digest.cache_clear()
    assert len(set(salts)) == len(salts), "an edit in a sub-package left the code salt as it was"

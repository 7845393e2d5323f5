"""A build pauses the cyclic garbage collector from start to end (pipeline.paused_garbage_collector):
the caches read, the search index made and the site written too, not only load to check."""

from __future__ import annotations

import gc

from sites import build, copy_demo

from berita import pipeline


def test_a_build_writes_and_indexes_with_the_collector_paused_and_leaves_it_as_it_was(tmp_path, monkeypatch) -> None:
    site = copy_demo(tmp_path / "situs")
    seen: dict[str, bool] = {}

    def watching(name, function):
        def watched(*args, **kwargs):
            seen[name] = gc.isenabled()
            return function(*args, **kwargs)

        monkeypatch.setattr(pipeline, name, watched)

    for name in ("load_manifest", "stored_known_files", "search_files", "write_output", "save_manifest"):
        watching(name, getattr(pipeline, name))
    assert gc.isenabled()
    build(site)
    assert seen == dict.fromkeys(
        ("load_manifest", "stored_known_files", "search_files", "write_output", "save_manifest"), False
    )
    assert gc.isenabled()

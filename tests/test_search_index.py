"""The search index: Pagefind's filter files made the same on every run (pagefind_filters.settle_filters)."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import cbor2
import pytest
from sites import snapshot

from berita.write.pagefind_filters import SIGNATURE, settle_filters

PAGES = {
    "a": ("Berita", ["mahasiswa", "wisuda"]),
    "b": ("Prestasi", ["mahasiswa", "beasiswa"]),
    "c": ("Agenda", ["kuliah tamu", "pekerjaan sosial", "webinar"]),
    "d": ("Pengumuman", ["beasiswa", "seleksi", "mahasiswa baru", "kalender akademik"]),
}


def pages(root: Path, languages: tuple[str, ...] = ("id",)) -> Path:
    for number, (slug, (category, tags)) in enumerate(PAGES.items()):
        filters = "".join(f'<span data-pagefind-filter="tag">{tag}</span>' for tag in tags)
        page = (
            f'<!doctype html><html lang="{languages[number % len(languages)]}"><body><main data-pagefind-body>'
            f'<h1>Berita {slug}</h1><p data-pagefind-filter="kategori">{category}</p>{filters}'
            f"<p>Mahasiswa Poltekesos Bandung mengikuti kegiatan {slug} di kampus.</p></main></body></html>"
        )
        (root / slug).mkdir(parents=True)
        (root / slug / "index.html").write_text(page, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return pages(tmp_path_factory.mktemp("situs"))


def pagefind(site: Path, target: Path) -> Path:
    shutil.copytree(site, target)
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(target), "--silent"], check=True)
    return target / "pagefind"


def read(file: Path):
    data = gzip.decompress(file.read_bytes())
    assert data.startswith(SIGNATURE)
    return cbor2.loads(data[len(SIGNATURE) :])


def filters(bundle: Path) -> dict[str, dict[str, list[int]]]:
    """What the index says: each filter's values and the pages that have them."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = read(bundle / f"pagefind.{entry['languages']['id']['hash']}.pf_meta")
    found = {}
    for name, filter_hash in meta[3]:
        own_name, values = read(bundle / "filter" / f"{filter_hash}.pf_filter")
        assert own_name == name
        found[name] = {value: pages for value, pages in values}
    return found


def test_settled_filters_are_the_same_bytes_on_every_run_and_say_the_same(site: Path, tmp_path: Path) -> None:
    runs = [pagefind(site, tmp_path / str(number)) for number in range(3)]
    said = [filters(bundle) for bundle in runs]
    assert len({str(snapshot(bundle)) for bundle in runs}) > 1, "Pagefind alone differs between runs"
    for bundle in runs:
        settle_filters(bundle)
    assert snapshot(runs[0]) == snapshot(runs[1]) == snapshot(runs[2])
    assert [filters(bundle) for bundle in runs] == said
    assert sorted(said[0]["tag"]) == sorted({tag for _, tags in PAGES.values() for tag in tags})
    assert not [name for name in snapshot(runs[0]) if name.endswith(".tmp")]
    assert len([name for name in snapshot(runs[0]) if name.startswith("filter/")]) == 2, "the old files are gone"


def test_an_index_of_another_layout_is_left_as_pagefind_wrote_it(site: Path, tmp_path: Path) -> None:
    bundle = pagefind(site, tmp_path / "situs")
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_file = bundle / f"pagefind.{entry['languages']['id']['hash']}.pf_meta"
    meta = read(meta_file)
    meta[3] = "bukan daftar filter"  # as if a later Pagefind had moved its fields
    meta_file.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps(meta)))
    before = snapshot(bundle)
    settle_filters(bundle)
    assert snapshot(bundle) == before


def test_an_index_in_several_languages_is_the_same_bytes_on_every_run(tmp_path: Path) -> None:
    # A page in static/ in another language gets an index of its own; Pagefind lists the
    # languages in hash-map order too.
    site = pages(tmp_path / "situs", languages=("id", "en"))
    runs = [pagefind(site, tmp_path / str(number)) for number in range(4)]
    for bundle in runs:
        settle_filters(bundle)
    assert snapshot(runs[0]) == snapshot(runs[1]) == snapshot(runs[2]) == snapshot(runs[3])


def test_a_damaged_index_file_is_left_alone_without_a_traceback(site: Path, tmp_path: Path) -> None:
    bundle = pagefind(site, tmp_path / "situs")
    damaged = sorted((bundle / "filter").iterdir())[0]
    damaged.write_bytes(damaged.read_bytes()[:20])  # cut off inside the gzip stream
    before = snapshot(bundle)
    settle_filters(bundle)
    assert snapshot(bundle) == before

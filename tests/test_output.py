"""The write stage: a site appears all at once or not at all."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sites import PROJECT, snapshot

from berita.errors import BuildError, Problem
from berita.incremental import stamp
from berita.model import OutputFile
from berita.write import folder as output_folder
from berita.write import output
from berita.write.folder import MARKER, refuse_unsafe_output
from berita.write.output import begun_write, write_output


def files(version: str) -> list[OutputFile]:
    return [
        OutputFile("index.html", "t", f"beranda {version}".encode()),
        OutputFile("2021/04/a/index.html", "t", f"artikel {version}".encode()),
    ]


def tree(folder: Path) -> dict[str, bytes]:
    """The site's files in `folder`: without the marker berita knows its folders by."""
    return {path: data for path, data in snapshot(folder).items() if path.rsplit("/", 1)[-1] != MARKER}


def test_new_site_replaces_old_site_entirely(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_output([*files("lama"), OutputFile("hapus.html", "t", b"x")], out)
    write_output(files("baru"), out)
    assert tree(out) == {"index.html": b"beranda baru", "2021/04/a/index.html": b"artikel baru"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.spare", "output"], "folders were left behind"
    assert tree(tmp_path / ".output.spare")["hapus.html"] == b"x", "the spare is the previous site"


def test_failure_while_writing_leaves_previous_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "output"
    write_output(files("lama"), out)
    before = tree(out)
    source = tmp_path / "foto.jpg"
    source.write_bytes(b"jpeg")

    def broken_copy(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", broken_copy)
    handed: list[Path] = []
    monkeypatch.setattr(output, "delete_in_background", handed.append)
    with pytest.raises(OSError):
        write_output([*files("baru"), OutputFile("foto.jpg", "t", source)], out)
    assert tree(out) == before
    assert [p.name for p in handed] and all(p.name.startswith(".output.old-") for p in handed)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == [p.name for p in handed] + ["output"]


def test_files_still_being_made_are_put_in_after_the_others(tmp_path: Path) -> None:
    # A cold build's cards are made in worker processes while the write stage writes the rest.
    out = tmp_path / "output"
    write_output(files("lama"), out)
    cards = [
        OutputFile("kartu/b/pratinjau.jpg", "t", b"kartu b"),
        OutputFile("2021/04/a/pratinjau.jpg", "t", b"kartu a"),
    ]
    with begun_write(files("baru"), out, later={card.path for card in cards}) as filling:
        [fresh] = [p for p in tmp_path.iterdir() if p.name.startswith(".output.new-")]
        assert (fresh / "kartu" / "b").is_dir(), "a file still being made has its folder made with the others"
        assert tree(fresh) == {"index.html": b"beranda baru", "2021/04/a/index.html": b"artikel baru"}
        assert tree(out) == {"index.html": b"beranda lama", "2021/04/a/index.html": b"artikel lama"}
        written = filling.swap_in(cards)
    assert tree(out) == {
        "index.html": b"beranda baru",
        "2021/04/a/index.html": b"artikel baru",
        "2021/04/a/pratinjau.jpg": b"kartu a",
        "kartu/b/pratinjau.jpg": b"kartu b",
    }
    assert {"2021/04/a/pratinjau.jpg", "kartu/b/pratinjau.jpg", "kartu/b/"} <= set(written.states)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.spare", "output"]


def test_a_spare_keeps_a_file_still_being_made_until_it_comes(tmp_path: Path) -> None:
    # The spare holds the card of two builds ago: it is not deleted with the files nobody wants,
    # and the card as made replaces it (a link to the live site's is never written into).
    out = tmp_path / "output"
    card = "2021/04/a/pratinjau.jpg"
    write_output([*files("satu"), OutputFile(card, "t", b"kartu satu")], out)
    write_output([*files("dua"), OutputFile(card, "t", b"kartu dua")], out)
    with begun_write(files("tiga"), out, later={card}) as filling:
        [fresh] = [p for p in tmp_path.iterdir() if p.name.startswith(".output.new-")]
        assert (fresh / card).read_bytes() == b"kartu satu"
        filling.swap_in([OutputFile(card, "t", b"kartu tiga")])
    assert tree(out)[card] == b"kartu tiga"
    assert tree(tmp_path / ".output.spare")[card] == b"kartu dua", "the previous site's card, untouched"


def test_a_record_that_proves_wrong_about_a_file_still_being_made_gives_way_to_a_listing(
    tmp_path: Path, monkeypatch, cache: Path
) -> None:
    out = tmp_path / "output"
    card = "2021/04/a/pratinjau.jpg"
    write_output([*files("satu"), OutputFile(card, "t", b"kartu satu")], out, records=cache)
    write_output([*files("dua"), OutputFile(card, "t", b"kartu dua")], out, records=cache)
    listed = listings(monkeypatch)
    with begun_write(files("tiga"), out, records=cache, later={card}) as filling:
        assert listed == [], "the spare's record stood for its listing"
        [fresh] = [p for p in tmp_path.iterdir() if p.name.startswith(".output.new-")]
        (fresh / card).unlink()  # as a record would be wrong about it: the file it names is gone
        filling.swap_in([OutputFile(card, "t", b"kartu tiga")])
    assert len(listed) == 1
    assert tree(out) == {"index.html": b"beranda tiga", "2021/04/a/index.html": b"artikel tiga", card: b"kartu tiga"}


def test_files_that_cannot_be_made_leave_the_previous_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "output"
    write_output(files("lama"), out)
    before = tree(out)
    handed: list[Path] = []
    monkeypatch.setattr(output, "delete_in_background", handed.append)
    message = "foto utama (image.src) tidak bisa dibaca sebagai gambar"
    with pytest.raises(BuildError), begun_write(files("baru"), out, later={"2021/04/a/pratinjau.jpg"}):
        raise BuildError([Problem("content/2021/a.md", 4, "image.src", message)])  # as the cards' finish does
    assert tree(out) == before
    assert [p.name for p in handed] and all(p.name.startswith(".output.old-") for p in handed)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == [p.name for p in handed] + ["output"]


def test_a_write_left_without_its_swap_leaves_the_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_output(files("lama"), out)
    with begun_write(files("baru"), out):
        pass
    assert tree(out) == {"index.html": b"beranda lama", "2021/04/a/index.html": b"artikel lama"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output.new-")]


def test_the_files_made_are_the_ones_announced(tmp_path: Path) -> None:
    out = tmp_path / "output"
    with pytest.raises(ValueError), begun_write(files("baru"), out, later={"a/pratinjau.jpg"}) as filling:
        filling.swap_in([OutputFile("b/pratinjau.jpg", "t", b"kartu")])
    assert not out.exists()


def test_swap_without_atomic_exchange_still_replaces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    out = tmp_path / "output"
    write_output(files("lama"), out)
    write_output(files("baru"), out)
    assert tree(out)["index.html"] == b"beranda baru"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.spare", "output"]


def test_build_killed_between_renames_gets_previous_site_back(tmp_path: Path) -> None:
    # A build killed after moving the old site aside and before moving the new one in.
    out = tmp_path / "output"
    write_output(files("lama"), out)
    out.rename(tmp_path / ".output.old")
    (tmp_path / ".output.new-abc").mkdir()
    output._recover(out)
    assert tree(out)["index.html"] == b"beranda lama"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.spare", "output"], "the half-made site is a spare"


@pytest.mark.parametrize("name", [".", "..", "content", "content/2021", "templates", "static"])
def test_output_that_would_destroy_sources_is_refused(tmp_path: Path, name: str) -> None:
    root = tmp_path / "proyek"
    sources = [root / "content", root / "templates", root / "static"]
    for folder in sources:
        folder.mkdir(parents=True)
    with pytest.raises(BuildError) as caught:
        refuse_unsafe_output(root / name, root, sources)
    assert "tidak aman" in str(caught.value)


def test_home_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BuildError):
        refuse_unsafe_output(Path.home(), tmp_path, [tmp_path / "content"])


def test_ordinary_output_folder_is_accepted(tmp_path: Path) -> None:
    refuse_unsafe_output(tmp_path / "output", tmp_path, [tmp_path / "content"])
    refuse_unsafe_output(tmp_path / "public" / "berita", tmp_path, [tmp_path / "content"])


def test_a_build_does_not_wait_for_the_previous_site_being_deleted(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "output"
    write_output(files("lama"), out)
    doomed = tmp_path / ".output.old-sebelumnya"  # the site before, its background deletion still running
    (doomed / "2021").mkdir(parents=True)
    (doomed / "2021" / "index.html").write_bytes(b"lama")
    handed: list[Path] = []
    monkeypatch.setattr(output, "delete_in_background", handed.append)
    write_output(files("baru"), out)
    assert doomed in handed, "left to a background process, not deleted while the build waits"
    assert tree(out)["index.html"] == b"beranda baru"


def test_the_spare_becomes_exactly_the_new_site_whatever_it_held(tmp_path: Path) -> None:
    out, spare = tmp_path / "output", tmp_path / ".output.spare"
    write_output(files("lama"), out)
    spare.mkdir()
    (spare / "sisa.html").write_bytes(b"tidak ada di situs baru")
    (spare / "index.html").mkdir()  # a folder where the new site has a file
    (spare / "index.html" / "x").write_bytes(b"x")
    (spare / "2021").write_bytes(b"a file where the new site has a folder")
    (spare / "tautan").symlink_to(tmp_path)
    write_output([*files("baru"), OutputFile("tautan/index.html", "t", b"t")], out)
    assert tree(out) == {
        "index.html": b"beranda baru",
        "2021/04/a/index.html": b"artikel baru",
        "tautan/index.html": b"t",
    }
    assert not (out / "tautan").is_symlink()


def test_bringing_the_spare_up_to_date_never_touches_the_live_site(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "output"
    write_output(files("lama"), out)
    write_output(files("lama"), out)  # now the spare's files are hard links to the live site's
    seen: list[dict[str, bytes]] = []
    swap = output._swap
    monkeypatch.setattr(output, "_swap", lambda fresh, live: seen.append(tree(live)) or swap(fresh, live))
    written = write_output([*files("lama")[:1], OutputFile("2021/04/a/index.html", "t", b"baru")], out).count
    assert seen == [{"index.html": b"beranda lama", "2021/04/a/index.html": b"artikel lama"}]
    assert tree(out)["2021/04/a/index.html"] == b"baru"
    assert tree(tmp_path / ".output.spare")["2021/04/a/index.html"] == b"artikel lama"
    assert written == 1


def test_an_unchanged_file_stays_the_same_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "output"
    write_output(files("lama"), out)
    inode = (out / "index.html").stat().st_ino
    linked: list[str] = []
    for version in ("baru", "lebih baru"):
        home = OutputFile("index.html", "t", b"beranda lama")
        assert write_output([home, OutputFile("2021/04/a/index.html", "t", version.encode())], out).count == 1
        assert (out / "index.html").stat().st_ino == inode, "linked from the previous site, not written again"
        monkeypatch.setattr(output, "_link", lambda previous, target: linked.append(target) or False)
    assert linked == [], "the spare held that very file already: nothing to link"


def test_what_was_written_is_reported_as_the_stamp_would_find_it(tmp_path: Path) -> None:
    out = tmp_path / "output"
    for version in ("lama", "baru", "baru"):
        written = write_output([*files(version), OutputFile("2021/foto.jpg", "t", b"jpeg")], out)
        assert written.states is not None
        assert {f"{out}/{path}": state for path, state in written.states.items()} == stamp.snapshot([out])


def test_a_page_named_twice_is_written_once_and_never_into_the_live_site(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "output"
    twice = [OutputFile("lama/index.html", "t", b"alamat lama"), OutputFile("lama/index.html", "t", b"alamat lama")]
    write_output([*files("lama"), *twice], out)
    write_output([*files("lama"), *twice], out)  # the spare now shares its files with the live site
    live = out / "lama" / "index.html"
    before = live.stat().st_mtime_ns
    seen: list[bytes] = []
    twice_new = [OutputFile("lama/index.html", "t", b"versi 1"), OutputFile("lama/index.html", "t", b"versi 2")]
    swap = output._swap
    monkeypatch.setattr(output, "_swap", lambda fresh, site: seen.append(live.read_bytes()) or swap(fresh, site))
    write_output([*files("lama"), *twice_new], out)
    assert (
        seen == [b"alamat lama"] and (tmp_path / ".output.spare" / "lama" / "index.html").stat().st_mtime_ns == before
    )
    assert (out / "lama" / "index.html").read_bytes() == b"versi 2"


HOLD_LOCK = """
import os, sys, time
from pathlib import Path
from berita.write.folder import one_build_at_a_time

with one_build_at_a_time(Path(sys.argv[1])):
    child = os.fork()  # as a build's worker process
    if child == 0:
        time.sleep(60)
        os._exit(0)
    print(child, flush=True)
    sys.stdin.read()
"""


def _hold_lock(output: Path) -> tuple[subprocess.Popen, int]:
    """Another process holding `output`'s lock, as a build does, with a worker of its own."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(output)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=PROJECT,
    )
    assert holder.stdout is not None
    return holder, int(holder.stdout.readline())


def test_a_second_build_waits_for_the_first_to_finish(tiny_site, monkeypatch) -> None:
    # Not only for its writing: a build that took the previous site's pages as its starting
    # point (memo.load_manifest) while another build replaced them linked the other's pages
    # as its own, and its manifest vouched for them.
    from berita import pipeline

    site = tiny_site()
    site.article("content/2021/a.md", title="Judul Lama")
    assert site.build() == 0
    site.article("content/2021/a.md", title="Judul Baru")
    began: list[str] = []
    load_manifest = pipeline.load_manifest
    monkeypatch.setattr(pipeline, "load_manifest", lambda *args: began.append("memo") or load_manifest(*args))
    results: list[int] = []
    holder, worker = _hold_lock(site.output)  # as another build holds it
    try:
        second = threading.Thread(target=lambda: results.append(site.build()))
        second.start()
        time.sleep(0.3)
        assert not began, "it must not start from the previous site while another build may replace it"
        assert not list(site.root.glob(".output.new-*")), "not even take the spare while it waits"
    finally:
        os.kill(worker, signal.SIGKILL)
        holder.communicate("")  # the other build ends
    second.join(timeout=30)
    assert results == [0] and began == ["memo"]
    assert site.page("2021/04/a/index.html").h1.get_text() == "Judul Baru"


def test_a_second_build_in_another_thread_waits_too(tmp_path: Path) -> None:
    # A POSIX record lock is the whole process's: a build in a second thread would share it,
    # and end it when done while the first still ran.
    entered = threading.Event()

    def second() -> None:
        with output_folder.one_build_at_a_time(tmp_path / "output"):
            entered.set()

    with output_folder.one_build_at_a_time(tmp_path / "output"):
        thread = threading.Thread(target=second, daemon=True)
        thread.start()
        assert not entered.wait(timeout=0.3), "it must wait"
    assert entered.wait(timeout=10)
    thread.join(timeout=10)


def test_a_worker_that_outlives_a_killed_build_does_not_hold_the_lock(tmp_path: Path) -> None:
    # Found when a lock taken before the worker pools were forked kept the builds after a
    # killed one waiting for ever: its workers, left behind, shared the lock.
    holder, worker = _hold_lock(tmp_path / "output")
    try:
        holder.kill()
        holder.wait()
        taken = threading.Event()

        def take() -> None:
            with output_folder.one_build_at_a_time(tmp_path / "output"):
                taken.set()

        threading.Thread(target=take, daemon=True).start()
        assert taken.wait(timeout=10), "the next build must not wait for the killed one's worker"
    finally:
        os.kill(worker, signal.SIGKILL)


def test_an_output_folder_that_cannot_be_made_is_a_message_not_a_traceback(tiny_site, capsys) -> None:
    site = tiny_site()
    site.article("content/2021/a.md")
    (site.root / "berkas.txt").write_text("bukan folder")
    config = site.root / "config.toml"
    config.write_text(config.read_text() + '\n[folders]\noutput = "berkas.txt/output"\n')
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "berkas.txt: gagal menulis output:" in err
    assert "Traceback" not in err


def test_a_failing_atomic_swap_is_an_error_not_a_half_swap(tmp_path: Path) -> None:
    (tmp_path / "ada").mkdir()
    if not output._exchange(tmp_path / "ada", tmp_path / "ada"):
        pytest.skip("no renameat2 here")
    with pytest.raises(FileNotFoundError):
        output._exchange(tmp_path / "tidak-ada", tmp_path / "ada")


def test_a_source_swapped_for_a_link_after_loading_is_not_followed(tmp_path: Path) -> None:
    # The load stage refuses links; a file replaced by one since must not publish what it leads to.
    secret = tmp_path / "rahasia.env"
    secret.write_text("TOKEN=RAHASIA", encoding="utf-8")
    attachment = tmp_path / "lampiran.txt"
    attachment.symlink_to(secret)
    out = tmp_path / "output"
    write_output(files("lama"), out)
    with pytest.raises(OSError):
        write_output([*files("baru"), OutputFile("2021/lampiran.txt", "content/2021/lampiran.txt", attachment)], out)
    assert tree(out) == {"index.html": b"beranda lama", "2021/04/a/index.html": b"artikel lama"}


def test_a_first_large_site_gets_its_spare_made_in_the_background(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(output, "SPARE_IN_BACKGROUND", 2)
    out, spare = tmp_path / "output", tmp_path / ".output.spare"
    write_output(files("lama"), out)
    deadline = time.monotonic() + 30
    while not spare.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.spare", "output"]
    for path in ("index.html", "2021/04/a/index.html", MARKER):
        assert (spare / path).stat().st_ino == (out / path).stat().st_ino, "the live site's very files, linked"
    linked: list[str] = []
    link = output._link
    monkeypatch.setattr(output, "_link", lambda previous, target: linked.append(target) or link(previous, target))
    assert write_output([*files("lama")[:1], OutputFile("2021/04/a/index.html", "t", b"baru")], out).count == 1
    assert linked == [], "the next build found every unchanged file in the spare already"
    assert tree(out) == {"index.html": b"beranda lama", "2021/04/a/index.html": b"baru"}


def test_a_background_spare_taken_half_made_stops_and_the_build_finishes_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(output, "SPARE_IN_BACKGROUND", 2)
    started: list[tuple[Path, Path, Path]] = []
    monkeypatch.setattr(output, "link_copy_in_background", lambda *folders: started.append(folders))
    out = tmp_path / "output"
    write_output(files("lama"), out)
    [(source, half, done)] = started
    assert (source, done) == (out.resolve(), tmp_path.resolve() / ".output.spare")
    (half / "2021").mkdir(parents=True)  # the copy, stopped after one file
    os.link(out / "index.html", half / "index.html")
    assert write_output(files("baru"), out).count == 2
    assert tree(out) == {"index.html": b"beranda baru", "2021/04/a/index.html": b"artikel baru"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.spare", "output"]
    assert tree(tmp_path / ".output.spare") == {"index.html": b"beranda lama", "2021/04/a/index.html": b"artikel lama"}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where write_output keeps its records, each taken as if a minute after the folders it
    records last changed: a folder changed just before is listed (see the racy test below)."""
    monkeypatch.setattr(output, "disk_clock_ns", lambda folder: time.time_ns() + 60 * 10**9)
    return tmp_path / ".cache"


def listings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders the write stage lists from here on (output._listing)."""
    listed: list[str] = []
    listing = output._listing
    monkeypatch.setattr(output, "_listing", lambda folder: listed.append(folder) or listing(folder))
    return listed


def test_a_spare_as_its_build_left_it_is_taken_from_the_record_without_listing(
    tmp_path: Path, monkeypatch, cache: Path
) -> None:
    out = tmp_path / "output"
    write_output(files("satu"), out, records=cache)
    write_output(files("dua"), out, records=cache)  # the first site becomes the spare, its record with it
    listed = listings(monkeypatch)
    write_output([*files("tiga"), OutputFile("2021/05/b/index.html", "t", b"baru")], out, records=cache)
    assert listed == [], "the spare's record stood for its listing"
    assert tree(out) == {
        "index.html": b"beranda tiga",
        "2021/04/a/index.html": b"artikel tiga",
        "2021/05/b/index.html": b"baru",
    }
    write_output(files("empat"), out, records=cache)  # the second site, from its record: the new folder's gone
    assert listed == []
    assert tree(out) == {"index.html": b"beranda empat", "2021/04/a/index.html": b"artikel empat"}
    assert tree(tmp_path / ".output.spare")["2021/05/b/index.html"] == b"baru"


@pytest.mark.parametrize("where", ["output", ".output.spare"])
def test_a_file_added_by_hand_beside_the_site_is_never_kept_by_a_record(
    tmp_path: Path, monkeypatch, cache: Path, where
) -> None:
    # Added to the live site, it is in the spare two builds on; added to the spare, at once. A
    # record written before knows nothing of it, but its folder's time changed: that folder is
    # listed as before, and the file deleted.
    out = tmp_path / "output"
    write_output(files("satu"), out, records=cache)
    write_output(files("dua"), out, records=cache)
    (tmp_path / where / "2021" / "04" / "a" / "google1234.html").write_bytes(b"verifikasi")
    listed = listings(monkeypatch)
    for version in ("tiga", "empat"):
        write_output(files(version), out, records=cache)
        assert tree(out) == {
            "index.html": f"beranda {version}".encode(),
            "2021/04/a/index.html": f"artikel {version}".encode(),
        }
    assert listed, "the changed folder was listed"


def test_a_spare_replaced_by_another_folder_is_listed(tmp_path: Path, monkeypatch, cache: Path) -> None:
    out, spare = tmp_path / "output", tmp_path / ".output.spare"
    write_output(files("satu"), out, records=cache)
    write_output(files("dua"), out, records=cache)
    shutil.copytree(spare, tmp_path / "salinan", copy_function=os.link)  # the same files, another folder
    shutil.rmtree(spare)
    (tmp_path / "salinan").rename(spare)
    (spare / "sisa.html").write_bytes(b"x")
    listed = listings(monkeypatch)
    write_output(files("tiga"), out, records=cache)
    assert listed and tree(out) == {"index.html": b"beranda tiga", "2021/04/a/index.html": b"artikel tiga"}


def test_a_record_that_proves_wrong_while_filling_gives_way_to_a_listing(
    tmp_path: Path, monkeypatch, cache: Path
) -> None:
    out = tmp_path / "output"
    write_output(files("satu"), out, records=cache)
    write_output(files("dua"), out, records=cache)
    recorded = output._recorded_states
    # As a record would be wrong about a file: it says a file is there that is not.
    monkeypatch.setattr(
        output, "_recorded_states", lambda *args: {**(recorded(*args) or {}), "hilang.html": (1, 1, 12345)}
    )
    listed = listings(monkeypatch)
    write_output(files("tiga"), out, records=cache)
    assert len(listed) == 1
    assert tree(out) == {"index.html": b"beranda tiga", "2021/04/a/index.html": b"artikel tiga"}


def test_a_build_killed_while_filling_the_spare_leaves_no_record_of_it(
    tmp_path: Path, monkeypatch, cache: Path
) -> None:
    # Killed part way, a build leaves the spare half filled (the next build takes it back as its
    # spare, output._recover): a record of what it held before would be wrong about it, so none
    # is left, whatever the folders' times say.
    out = tmp_path / "output"
    write_output(files("satu"), out, records=cache)
    write_output(files("dua"), out, records=cache)
    assert output._record_file(cache, out.resolve(), "spare").exists()
    write = output._write

    def killed(item: OutputFile, target: str) -> None:
        write(item, target)
        raise KeyboardInterrupt  # after one file

    monkeypatch.setattr(output, "_write", killed)
    monkeypatch.setattr(output, "_discard", lambda folder: None)  # as when killed: nothing cleans up
    with pytest.raises(KeyboardInterrupt):
        write_output([*files("tiga"), OutputFile("2021/05/b/index.html", "t", b"baru")], out, records=cache)
    monkeypatch.undo()
    assert not output._record_file(cache, out.resolve(), "spare").exists()
    listed = listings(monkeypatch)
    write_output(files("empat"), out, records=cache)
    assert listed, "the half-filled spare was listed"
    assert tree(out) == {"index.html": b"beranda empat", "2021/04/a/index.html": b"artikel empat"}


def test_the_states_a_write_reports_are_those_of_the_site_it_wrote(tmp_path: Path, monkeypatch, cache: Path) -> None:
    # Folders the fill left alone keep the state the spare's record gave them; every other is
    # looked at: the stamp compares these states with the output folder to skip the next build.
    out = tmp_path / "output"
    many = [OutputFile(f"{year}/0{month}/a/index.html", "t", b"x") for year in (2020, 2021) for month in (1, 2, 3)]
    versions = [
        [*files("satu"), *many],
        [*files("dua"), *many],
        [*files("tiga"), *many, OutputFile("2022/01/baru/index.html", "t", b"baru")],
        [*files("empat"), *many[1:]],
    ]
    looked: list[str] = []
    real_stat = os.stat
    monkeypatch.setattr(output.os, "stat", lambda path, *a, **k: looked.append(str(path)) or real_stat(path, *a, **k))
    for number, version in enumerate(versions):
        looked.clear()
        written = write_output(version, out, records=cache)
        assert stamp.snapshot([out]) == {f"{out.resolve()}/{path}": state for path, state in written.states.items()}
        if number >= 2:  # from the spare's record
            assert not any(path.endswith("2020/02") for path in list(looked)), "an untouched folder was looked at"


def test_a_folder_changed_within_a_tick_of_its_record_is_looked_into(tmp_path: Path) -> None:
    # Where the file system's clock ticks coarsely (FAT: 2 s), a file added just after a build
    # can leave its folder's time as the record has it: a folder changed less than
    # disk.RACY_SECONDS before its record was taken is listed and compared with the record.
    out, cache = tmp_path / "output", tmp_path / ".cache"  # records taken now, as by a build
    write_output(files("satu"), out, records=cache)
    write_output(files("dua"), out, records=cache)
    folder = out / "2021" / "04" / "a"
    before = os.stat(folder)
    (folder / "google1234.html").write_bytes(b"verifikasi")
    os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))  # within one tick of a coarse clock
    for version in ("tiga", "empat"):
        write_output(files(version), out, records=cache)
        assert tree(out) == {
            "index.html": f"beranda {version}".encode(),
            "2021/04/a/index.html": f"artikel {version}".encode(),
        }

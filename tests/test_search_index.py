"""The search index (load/search_terms.py, site/search.py): the words of each article, put
together into chunks a reader's query fetches a few of; made the same by a cold and an
incremental build; safe as JSON whatever an author writes. The search page's script is asked
in a real browser in tests/browser/test_search.py."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from searching import SearchIndex, numbers, read_index
from sites import build, copy_demo, make_article, snapshot

from berita.incremental.memo import PageMemo
from berita.load.search_terms import LONGEST_WORD, TITLE_BONUS, search_terms, words_of
from berita.model import Article, packed, unpacked
from berita.site import search

EDITED = "content/2022/webinar-kesehatan-mental-mahasiswa.md"
ADDED = "\nPeserta juga mendapat modul swadaya tentang pengelolaan stres ujian.\n"


def indexed(slug: str, year: int = 2021, text: str = "Isi berita.", title: str = "") -> Article:
    """An article as the load stage gives it, with its words for the index."""
    article = make_article(slug, when=datetime(year, 4, 21, 9, 0, tzinfo=timezone(timedelta(hours=7))))
    article = replace(article, title=title or article.title, search_text=packed(text))
    words, weights = search_terms(article.title, [text])
    return replace(article, search_words=packed(words), search_weights=weights)


SOME = [indexed(f"berita-{n}", 2015 + n % 10, f"Kegiatan ke-{n} mahasiswa dan dosen.") for n in range(30)]


def index_of(folder: Path) -> dict[str, bytes]:
    return {path: data for path, data in snapshot(folder / "output").items() if path.startswith("cari/indeks/")}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("cari") / "situs")
    build(root, "--base-url", "https://example.github.io/berita/")
    return root


@pytest.fixture(scope="module")
def demo_index(demo: Path) -> SearchIndex:
    return read_index(demo / "output")


def test_words_are_found_as_a_reader_types_them() -> None:
    assert words_of("Kesejahteraan SOSIAL, “Poltekesos” Bandung!") == [
        "kesejahteraan",
        "sosial",
        "poltekesos",
        "bandung",
    ]
    # Accents and compatibility forms folded, as the browser's normalize("NFKD") and \p{M} do.
    assert words_of("Café naïve ﬁlm Ｂｅａｓｉｓｗａ") == ["cafe", "naive", "film", "beasiswa"]
    # A mark of another script is dropped too, so the word holds together.
    assert words_of("مَدْرَسَة") == ["مدرسة"]
    assert words_of("PKKMB_2025 (25–27/8)") == ["pkkmb", "2025", "25", "27", "8"]
    # A soft hyphen or a zero-width space pasted from a word processor does not cut a word.
    assert words_of("Kese\u00adjahteraan so\u200bsial") == ["kesejahteraan", "sosial"]


def test_an_articles_words_are_weighted_by_how_much_they_say_about_it() -> None:
    words, weights = search_terms(
        "Wisuda Sarjana Terapan", ["Wisuda digelar di aula. Wisuda dihadiri orang tua.", "x" * (LONGEST_WORD + 1)]
    )
    listed = words.split(" ")
    assert listed == sorted(set(listed)) and len(weights) == len(listed)
    weight = dict(zip(listed, weights, strict=True))
    assert "x" * (LONGEST_WORD + 1) not in weight, "a run longer than any word a reader types"
    assert all(1 <= w <= 255 for w in weights)
    assert weight["wisuda"] > weight["sarjana"] > weight["aula"], "more often, and in the title"
    assert weight["sarjana"] - weight["dihadiri"] >= TITLE_BONUS - 1, "a title's word counts more"
    # A long text's word weighs less than a short one's word said as often.
    _, long_weights = search_terms("", ["aula " + "kata lain " * 400])
    _, short_weights = search_terms("", ["aula kata"])
    assert long_weights[0] < short_weights[0]


def test_the_index_holds_every_word_of_every_article_in_chunks_in_order(demo_index: SearchIndex) -> None:
    firsts = [first for first, _ in demo_index.chunks]
    assert firsts == sorted(firsts) and len(firsts) > 1, "the words cut into chunks, in order"
    for (first, chunk), following in zip(demo_index.chunks, [*firsts[1:], None], strict=True):
        assert min(chunk) == first and (following is None or max(chunk) < following)
    assert len(demo_index.articles) == 23, "the news, not the standalone pages"
    assert not any(a["u"].endswith(("/redaksi/", "/tentang/", "/kontak/")) for a in demo_index.articles)
    assert [a["d"] for a in demo_index.articles] == sorted(a["d"] for a in demo_index.articles), "the oldest is 0"
    seed = next(n for n, a in enumerate(demo_index.articles) if a["u"] == "/berita/2021/04/kuliah-tamu-ok-oce/")
    assert seed in demo_index.words["kewirausahaan"] and seed in demo_index.words["oce"]
    assert demo_index.articles[seed]["j"] == "Kuliah Tamu Kewirausahaan Sosial Bersama OK OCE Indonesia"
    assert demo_index.articles[seed]["k"] == "Berita" and demo_index.articles[seed]["t"] == "21 April 2021"


def test_a_query_finds_the_articles_with_every_word_the_title_first(demo_index: SearchIndex) -> None:
    found = demo_index.find("kewirausahaan sosial")
    assert found[0] == "/berita/2021/04/kuliah-tamu-ok-oce/"
    for link in found:
        text = next(a for a in demo_index.articles if a["u"] == link)
        assert "kewirausahaan" in words_of(f"{text['j']} {text['x']}") or link, link
    assert demo_index.find("kewirausahaan zzzzz") == [], "every word must be found"
    assert demo_index.find("kewira") == demo_index.find("kewirausahaan"), "a word begun finds the word"
    assert demo_index.find("KEWIRAUSAHAAN") == demo_index.find("kewirausahaan")
    # A title that holds the word comes before a text that only mentions it.
    titled = [a["u"] for a in demo_index.articles if "mahasiswa" in words_of(a["j"])]
    assert set(demo_index.find("mahasiswa")[: len(titled)]) == set(titled)


def test_the_filters_hold_each_category_and_tag(demo_index: SearchIndex) -> None:
    categories = demo_index.filters["kategori"]
    assert set(categories) == {"Berita", "Pengumuman", "Agenda", "Prestasi"}
    assert sorted(n for values in categories.values() for n in values) == list(range(23)), "one each"
    seed = next(n for n, a in enumerate(demo_index.articles) if a["u"].endswith("/kuliah-tamu-ok-oce/"))
    assert seed in demo_index.filters["tag"]["kewirausahaan sosial"]


def test_the_search_page_names_the_word_table_under_the_base_path(demo: Path) -> None:
    page = (demo / "output" / "cari" / "index.html").read_text(encoding="utf-8")
    assert 'data-index="/berita/cari/indeks/kata-2.json"' in page
    # The index's format in the script's address: never a script of another format kept by the browser.
    assert f'<script src="/berita/js/cari.js?v={search.VERSION}" defer></script>' in page
    assert search.TABLE.endswith(f"-{search.VERSION}.json")


def test_an_incremental_build_makes_the_index_of_a_cold_one(tmp_path: Path) -> None:
    incremental, cold = copy_demo(tmp_path / "bertahap"), copy_demo(tmp_path / "dingin")
    build(incremental)
    before = index_of(incremental)
    for root in (incremental, cold):
        (root / EDITED).write_text((root / EDITED).read_text(encoding="utf-8") + ADDED, encoding="utf-8")
        build(root)
    after = index_of(incremental)
    assert after == index_of(cold)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert "cari/indeks/kata-2.json" in changed
    assert sum(path.startswith("cari/indeks/artikel/") for path in changed) == 1, "only the edited article's file"
    assert any(path.endswith(".json") and "/artikel/" not in path for path in changed - {"cari/indeks/kata-2.json"})
    assert "/berita/" not in after["cari/indeks/kata-2.json"].decode()
    assert read_index(incremental / "output").find("stres ujian"), "the new words are found"


def test_articles_files_unchanged_are_taken_from_the_last_build() -> None:
    articles = SOME
    first = search.search_files(articles, "https://example.org/", b"salt", None).files
    memo = PageMemo(known={f.path: (f.fingerprint, Path("kept") / f.path) for f in first if f.fingerprint})
    again = search.search_files(articles, "https://example.org/", b"salt", memo).files
    assert [f.path for f in again] == [f.path for f in first]
    kept = [f for f in again if isinstance(f.content, Path)]
    assert len(kept) == len(articles), "every article's own file, none of the rest"
    other_base = search.search_files(articles, "https://example.org/lain/", b"salt", memo).files
    assert not any(isinstance(f.content, Path) for f in other_base), "another base path, other links"
    other_code = search.search_files(articles, "https://example.org/", b"garam", memo).files
    assert not any(isinstance(f.content, Path) for f in other_code)
    shuffled = list(articles)
    random.Random(7).shuffle(shuffled)
    assert search.search_files(shuffled, "https://example.org/", b"salt", None).files == first


def test_a_word_with_many_articles_is_a_chunk_alone(monkeypatch) -> None:
    monkeypatch.setattr(search, "CHUNK_BYTES", 200)
    many = [replace(a, search_words=packed("sosial zebra"), search_weights=b"\x05\x06") for a in SOME[:10] * 10]
    many = [replace(a, source=f"content/{n}.md") for n, a in enumerate(many)]
    files = {f.path: f.content for f in search.search_files(many, "https://example.org/", b"s", None).files}
    table = json.loads(files[search.TABLE])
    assert [first for first, _ in table["potongan"]] == ["sosial", "zebra"]
    chunk = json.loads(files[search.FOLDER + table["potongan"][0][1]])
    # Numbers as gaps, each with its weight; each run of RUN numbers begun by -1 minus its first.
    assert chunk == {"sosial": [-1, 5, *[1, 5] * 63, -65, 5, *[1, 5] * 35]}
    assert len(table["potongan"]) == 2, "each word a chunk alone: more than CHUNK_BYTES each"


@pytest.mark.parametrize(
    "title",
    ["</script><script>alert(1)</script>", '"},"u":"javascript:alert(1)', "\u2028\u2029 \\u0000 \x00"],
)
def test_what_an_author_writes_stays_a_string_of_the_index(title: str) -> None:
    article = indexed("contoh", title=title, text=title)
    files = {f.path: f.content for f in search.search_files([article], "https://example.org/", b"s", None).files}
    record = json.loads(files[search.FOLDER + "artikel/0.json"])
    assert record["j"] == title and record["x"] == title and record["u"] == "/2021/04/contoh/"
    assert all(json.loads(content) is not None for content in files.values() if isinstance(content, bytes))


def test_words_are_in_the_order_the_browser_compares_them(monkeypatch) -> None:
    # cari.js finds a word's chunk by comparing it with each chunk's first word, in UTF-16 code
    # units: "\U00020000" (a letter beyond U+FFFF) comes before "\ufa0e" there, after it in Python.
    monkeypatch.setattr(search, "CHUNK_BYTES", 1)  # each word a chunk of its own
    words = sorted(["\U00020000", "\ufa0e", "sosial"])
    article = replace(SOME[0], search_words=packed(" ".join(words)), search_weights=b"\x05\x06\x07")
    files = {f.path: f.content for f in search.search_files([article], "https://example.org/", b"s", None).files}
    table = json.loads(files[search.TABLE])
    firsts = [first for first, _ in table["potongan"]]
    assert firsts == ["sosial", "\U00020000", "\ufa0e"]

    def chunk_for(word: str) -> str:  # cari.js's chunksFor, comparing as a browser does
        at = max(n for n, first in enumerate(firsts) if first.encode("utf-16-be") <= word.encode("utf-16-be"))
        return table["potongan"][at][1]

    for word in words:
        assert word in json.loads(files[search.FOLDER + chunk_for(word)]), word


VOCABULARY = [f"kata{n}" for n in range(40)]


def worded(number: int, rng: random.Random) -> Article:
    """An article numbered `number` (the order of the index: one date, sources in order) with
    a few words of VOCABULARY, each of some weight, and a digest that changes with them."""
    chosen = sorted(rng.sample(VOCABULARY, rng.randint(1, 8)))
    weights = bytes(rng.randint(1, 255) for _ in chosen)
    article = replace(
        SOME[0], source=f"content/{number:05d}.md", path=f"/2021/04/b{number}/", search_text=packed(f"Isi {number}")
    )
    digest = f"{number}:{' '.join(chosen)}:{weights.hex()}"
    return replace(article, search_words=packed(" ".join(chosen)), search_weights=weights, digest=digest)


def test_a_patched_index_is_the_index_made_from_nothing(monkeypatch) -> None:
    """Edits, new articles after the newest, words gone from every article, and the changes that
    renumber articles (one between others, one deleted): each build patches the last build's
    index where it can, and gives the bytes a build from nothing gives."""
    monkeypatch.setattr(search, "CHUNK_BYTES", 80)  # a few words a chunk: chunks come and go
    monkeypatch.setattr(search, "RUN", 4)  # a few numbers a run: runs come and go
    monkeypatch.setattr(search, "PATCH_SHARE", 0.5)
    patched = []
    monkeypatch.setattr(search, "_patched", lambda *a, _p=search._patched: patched.append(1) or _p(*a))
    rng = random.Random(23)
    articles = [worded(n * 10, rng) for n in range(12)]
    last, memo = None, None
    for step in range(300):
        change = rng.choice(["edit"] * 6 + ["new", "between", "deleted", "word gone"])
        if change == "edit":
            at = rng.randrange(len(articles))
            articles[at] = replace(worded(int(articles[at].source[8:13]), rng), source=articles[at].source)
        elif change == "new":
            articles.append(worded(int(articles[-1].source[8:13]) + 10, rng))
        elif change == "between" and len(articles) > 2:
            articles.insert(1, worded(int(articles[0].source[8:13]) + 1, rng))
        elif change == "deleted" and len(articles) > 2:
            articles.pop(rng.randrange(len(articles)))
        elif change == "word gone":
            gone = rng.choice(VOCABULARY)
            for at, article in enumerate(articles):
                pairs = [
                    (w, b)
                    for w, b in zip(unpacked(article.search_words).split(), article.search_weights, strict=True)
                    if w != gone
                ]
                if pairs and len(pairs) < len(article.search_weights):
                    words, weights = " ".join(w for w, _ in pairs), bytes(b for _, b in pairs)
                    articles[at] = replace(
                        article, search_words=packed(words), search_weights=weights, digest=f"{at}{words}"
                    )
        index = search.search_files(articles, "https://example.org/", b"salt", memo, last)
        assert index.files == search.search_files(articles, "https://example.org/", b"salt", None).files, step
        last = index.state
        memo = PageMemo(known={f.path: (f.fingerprint, f.content) for f in index.files if f.fingerprint})
    assert len(patched) > 150, "most builds patch the last index"


def test_a_patched_index_keeps_the_chunks_it_did_not_touch(monkeypatch) -> None:
    monkeypatch.setattr(search, "CHUNK_BYTES", 300)
    rng = random.Random(5)
    articles = [worded(n, rng) for n in range(200)]
    first = search.search_files(articles, "https://example.org/", b"salt", None)
    memo = PageMemo(known={f.path: (f.fingerprint, Path("kept") / f.path) for f in first.files if f.fingerprint})
    edited = replace(
        articles[7], search_words=packed("kata3"), search_weights=b"\x09", digest="lain", search_text=packed("Isi lain")
    )
    again = search.search_files(
        [*articles[:7], edited, *articles[8:]], "https://example.org/", b"salt", memo, first.state
    )
    chunks = [f for f in again.files if "/artikel/" not in f.path and f.fingerprint]
    written = [json.loads(f.content) for f in chunks if not isinstance(f.content, Path)]
    touched = set(unpacked(articles[7].search_words).split()) | {"kata3"}
    assert written, "the chunks of the edited article's words, old and new"
    assert all(touched & set(chunk) for chunk in written), "no chunk without one of them"
    assert len(written) < len(chunks) / 2, "the others are the last build's files"
    assert sum(isinstance(f.content, Path) for f in again.files if "/artikel/" in f.path) == 199


def test_another_base_path_or_code_starts_the_index_from_nothing(monkeypatch) -> None:
    rng = random.Random(9)
    articles = [worded(n, rng) for n in range(20)]
    first = search.search_files(articles, "https://example.org/", b"salt", None).state
    monkeypatch.setattr(search, "_patched", lambda *a: pytest.fail("patched"))
    for base, salt in (("https://example.org/lain/", b"salt"), ("https://example.org/", b"garam")):
        index = search.search_files(articles, base, salt, None, first)
        assert index.files == search.search_files(articles, base, salt, None).files
        assert index.changed
    older = search.search_files(articles, "https://example.org/", b"salt", None).state
    del older.__dict__["salt"]  # as a state kept by a version of berita that named it otherwise
    index = search.search_files(articles, "https://example.org/", b"salt", None, older)
    assert index.files == search.search_files(articles, "https://example.org/", b"salt", None).files


def test_the_next_build_patches_the_index_the_last_one_kept(tmp_path: Path, monkeypatch) -> None:
    root = copy_demo(tmp_path / "situs")
    build(root)
    state = root / ".cache" / "search.pickle"
    assert state.is_file()
    (root / EDITED).write_text((root / EDITED).read_text(encoding="utf-8") + ADDED, encoding="utf-8")
    patched = []
    monkeypatch.setattr(search, "_patched", lambda *a, _p=search._patched: patched.append(1) or _p(*a))
    build(root)
    assert patched, "the index of the last build, patched"
    state.write_bytes(b"rusak")  # damaged: the next build makes the index from nothing
    (root / EDITED).write_text((root / EDITED).read_text(encoding="utf-8") + "\nLagi.\n", encoding="utf-8")
    build(root)
    cold = copy_demo(tmp_path / "dingin")
    (cold / EDITED).write_text((root / EDITED).read_text(encoding="utf-8"), encoding="utf-8")
    build(cold)
    assert index_of(root) == index_of(cold)
    assert read_index(root / "output").find("stres ujian")


def test_a_words_list_is_in_runs_each_begun_by_its_number(monkeypatch) -> None:
    """Each run of RUN numbers (here 0–255, 256–511, …) begins with -1 minus its first number,
    then gaps: a run never depends on the one before, so that an edit rewrites only its own."""
    monkeypatch.setattr(search, "RUN", 256)
    held = [3, 4, 255, 256, 600, 601, 1300]
    flat = [n for number in held for n in (number, 7)]
    listed = json.loads(search._listed(list(flat)))
    assert listed[0::2] == [-4, 1, 251, -257, -601, 1, -1301]
    assert numbers(listed[0::2]) == held and set(listed[1::2]) == {7}
    patched = search._patched_list(search._listed(list(flat)), {256: 0, 1000: 9, 4: 3, 2000: 0})
    assert numbers(json.loads(patched)[0::2]) == [3, 4, 255, 600, 601, 1000, 1300]
    assert patched == search._listed([3, 7, 4, 3, 255, 7, 600, 7, 601, 7, 1000, 9, 1300, 7])
    assert search._patched_list(search._listed([5, 1]), {5: 0}) is None, "no article left: no word"

"""What keeps a large site's articles small in memory: an article holds its largest fields
packed, and the load's second pass sends each worker its files packed instead of forking the
workers while every parsed file is in memory (docs/architecture.md, "Memory")."""

from __future__ import annotations

import pickle
from dataclasses import fields
from pathlib import Path

from sites import copy_demo

from berita.config import load_config
from berita.load import content
from berita.load.reading import Parsed
from berita.model import packed, unpacked

LONG_BODY = "\n\n".join(
    f"Paragraf ke-{n}: mahasiswa Poltekesos Bandung mengikuti kuliah lapangan di panti sosial." for n in range(80)
)


def test_an_article_holds_its_body_text_and_words_packed(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "site")
    article_file = root / "content" / "2024" / "panjang.md"
    front = "---\ntitle: Kuliah Lapangan di Panti Sosial\ndate: 2024-03-04\ncategory: berita\nsummary: Ringkas.\n---\n"
    article_file.write_text(front + LONG_BODY + "\n", encoding="utf-8")
    articles = content.load_articles(load_config(root / "config.toml"))
    article = next(a for a in articles if a.slug == "panjang")
    assert "Paragraf ke-79: mahasiswa" in article.body_html
    assert "Paragraf ke-79: mahasiswa" in unpacked(article.search_text)
    assert "lapangan" in unpacked(article.search_words).split()
    # No text of the article's length is held as it is: the body, its text and words are packed.
    largest = max(len(value) for f in fields(article) if isinstance(value := getattr(article, f.name), str | bytes))
    assert largest < len(article.body_html) / 4


def test_packed_gives_back_what_it_was_given() -> None:
    for text in ("", "Kuliah tamu", "Ḥadīth — “kutip” 教育 \U0001f600", LONG_BODY):
        assert unpacked(packed(text)) == text
    assert len(packed(LONG_BODY)) < len(LONG_BODY.encode()) / 4
    assert unpacked(b"") == "", "an Article's search fields left at their default hold no text"


def test_the_articles_are_rendered_from_packed_files_not_forked_ones(tmp_path: Path, monkeypatch) -> None:
    """Workers forked while the main process held every parsed file copied each one they
    touched: 200 MB more for a cold build of 10,000 articles. They are sent the files packed."""
    calls: list[tuple[object, list[object], tuple[object, ...]]] = []
    real = content.map_items

    def recorded(function, items, initializer=None, initargs=(), **options):
        calls.append((function, list(items), initargs))
        return real(function, items, initializer, initargs, **options)

    monkeypatch.setattr(content, "map_items", recorded)
    root = copy_demo(tmp_path / "site")
    articles = content.load_articles(load_config(root / "config.toml"))
    rendering = [(items, initargs) for function, items, initargs in calls if function is content._render]
    assert len(rendering) == 1
    items, initargs = rendering[0]
    assert len(items) == len(articles) > 10
    assert all(isinstance(item, content.Packed) for item in items)
    assert all(isinstance(pickle.loads(item.pickled), Parsed) for item in items)
    shared = pickle.dumps(initargs)  # what a forked worker starts with
    assert not any(item.pickled in shared for item in items), "no parsed file is in the workers' start"

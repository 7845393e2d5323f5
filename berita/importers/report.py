"""The import's report, in Indonesian: a table on the terminal and a Markdown file.

Everything in it that came from the export (titles, addresses, shortcode names) is hostile
input: on the terminal its control characters and escape sequences are shown as `\\x1b`, never
sent; in the Markdown file it is escaped so it cannot break the table or become HTML.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

TYPE_NAMES = {
    "page": "halaman (page)",
    "attachment": "lampiran (attachment)",
    "nav_menu_item": "butir menu",
    "revision": "revisi",
    "wp_block": "blok pakai ulang",
    "custom_css": "CSS tema",
}
STATUS_NAMES = {"trash": "di tempat sampah", "auto-draft": "draf otomatis", "inherit": "ikut induknya"}


def terminal_safe(text: str) -> str:
    """Text as it may be printed: control and format characters (ANSI escapes, direction marks) shown as codes."""
    return "".join(
        (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
        else c
        for c in text
    )


def markdown_safe(text: str) -> str:
    text = terminal_safe(text).replace("\\", "\\\\")
    return re.sub(r"([|`*_\[\]<>#])", r"\\\1", text)


@dataclass
class Report:
    """What one import did and what a person should look at."""

    source: str
    kind: str  # "WordPress" or "umpan"
    dry_run: bool = False
    published: int = 0
    drafts: int = 0
    scheduled: int = 0
    unwritten: int = 0  # posts not written, each with its reason under review
    skipped: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)  # baru, diperbarui, sama, diubah
    copied: int = 0
    downloaded: int = 0
    remote: list[tuple[str, str, str]] = field(default_factory=list)  # (article, address, why)
    review: list[tuple[str, str]] = field(default_factory=list)  # (article, why)
    warnings: list[str] = field(default_factory=list)

    def skip(self, what: str) -> None:
        self.skipped[what] += 1

    def rows(self) -> list[tuple[str, str]]:
        would = " (akan)" if self.dry_run else ""
        rows = [
            ("Sumber", self.source),
            ("Artikel terbit", str(self.published)),
            ("Draf (draft: true)", str(self.drafts)),
            ("Terjadwal (tanggal nanti)", str(self.scheduled)),
            ("Tidak ditulis (lihat Perlu diperiksa)", str(self.unwritten)),
        ]
        rows += [(f"Dilewati: {name}", str(count)) for name, count in sorted(self.skipped.items())]
        rows += [
            (f"File artikel baru{would}", str(self.outcomes["baru"])),
            (f"File artikel diperbarui{would}", str(self.outcomes["diperbarui"])),
            ("File artikel tidak berubah", str(self.outcomes["sama"])),
            ("Diubah tangan sejak impor, tidak ditimpa", str(self.outcomes["diubah"])),
            ("Gambar/berkas disalin dari --uploads", str(self.copied)),
            ("Gambar/berkas diunduh", str(self.downloaded)),
            ("Gambar/berkas tetap di alamat lama", str(len(self.remote))),
            ("Perlu diperiksa", str(len(self.review))),
        ]
        return rows

    def terminal(self) -> str:
        rows = [(label, terminal_safe(value)) for label, value in self.rows()]
        width = max(len(label) for label, _ in rows)
        title = f"Impor {self.kind}" + (" — uji coba (--dry-run), tidak ada yang ditulis" if self.dry_run else "")
        lines = [title, "-" * len(title)] + [f"{label:<{width}}  {value}" for label, value in rows]
        lines += [f"peringatan: {terminal_safe(text)}" for text in self.warnings]
        shown = self.review[:20]
        if shown:
            lines += ["", "Perlu diperiksa:"] + [
                f"  {terminal_safe(where)}: {terminal_safe(why)}" for where, why in shown
            ]
            if len(self.review) > len(shown):
                lines.append(f"  … dan {len(self.review) - len(shown)} lagi (lihat laporan lengkap)")
        return "\n".join(lines)

    def markdown(self) -> str:
        lines = [f"# Laporan impor {self.kind}", "", "| | jumlah |", "|---|---|"]
        lines += [f"| {label} | {markdown_safe(value)} |" for label, value in self.rows()]
        if self.warnings:
            lines += ["", "## Peringatan", ""] + [f"- {markdown_safe(text)}" for text in self.warnings]
        if self.review:
            lines += ["", "## Perlu diperiksa", "", "| artikel | alasan |", "|---|---|"]
            lines += [f"| {markdown_safe(where)} | {markdown_safe(why)} |" for where, why in self.review]
        if self.remote:
            lines += [
                "",
                "## Gambar dan berkas yang tetap di alamat lama",
                "",
                "| artikel | alamat | alasan |",
                "|---|---|---|",
            ]
            lines += [f"| {markdown_safe(a)} | {markdown_safe(u)} | {markdown_safe(w)} |" for a, u, w in self.remote]
        return "\n".join(lines) + "\n"

"""`build.py new "Judul"`: a new article file with every field ready to fill."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from .config import Config
from .dates import ZONE_NAMES
from .errors import BuildError, Problem, shown_path
from .frontmatter.characters import LINE_SEPARATOR, UNPRINTABLE
from .frontmatter.schema import CATEGORIES
from .load.reading import problems_of
from .model import title_slug

HEAD = """\
---
# Judul berita. Beri tanda kutip bila berisi titik dua, misalnya "Kuliah Tamu: OK OCE".
title: {title}
# Waktu terbit ({zone}), tahun-bulan-hari lalu jam. Tanggal di masa depan = terbit terjadwal.
date: {date}
# Hapus baris ini (atau tulis false) bila berita siap terbit.
draft: true
# Berita utama di beranda: hapus tanda # di depan baris berikut.
# featured: true
# Salah satu dari: berita, pengumuman, agenda, prestasi.
category: {category}
# Daftar tag, dipisah koma di dalam kurung siku.
tags: []
# Ringkasan satu atau dua kalimat untuk beranda dan pratinjau WhatsApp. Kosong = paragraf pertama.
summary:
# Penulis; kosong = penulis bawaan situs.
author:
# Foto utama: hapus tanda # di depan empat baris berikut lalu isi. alt (keterangan untuk tunanetra) wajib.
# image:
#   src: foto.jpg
#   alt: Mahasiswa mengikuti kuliah tamu di auditorium
#   caption: Keterangan foto.
#   credit: Humas {organization}
# Tautan formulir: hapus tanda # di depan empat baris berikut lalu isi.
# form:
#   url: https://forms.gle/...
#   label: Isi Formulir Kehadiran
#   closes: {today}
"""

EVENT = """\
# Info kegiatan. Kosongkan yang tidak perlu.
event:
  # Mulai dan selesai: tahun-bulan-hari lalu jam, misalnya {today}T09:00.
  start: {today}T09:00
  end:
  # Salah satu dari: daring, luring, hibrida.
  mode: luring
  # Untuk daring/hibrida, misalnya Zoom Meeting. Jangan tulis tautan rapat Zoom di sini.
  platform:
  # Untuk luring/hibrida, misalnya Auditorium {organization}.
  venue:
  # Salah satu dari: kuliah_tamu, seminar, webinar, workshop, pelatihan, lainnya.
  type:
  organizer:
  study_program:
  course:
  # Narasumber: satu baris "- name: ..." per orang; role dan affiliation boleh kosong.
  speakers: []
  # Pembuka acara, misalnya {{name: "Dr. Nama Lengkap, M.Si.", role: Direktur {organization}}}.
  opened_by:
  moderator:
  # Jumlah peserta (angka saja) dan keterangannya.
  participants:
  participants_note:
"""

BODY = """\
---

Tulis isi berita di sini. Paragraf pertama menjawab apa, siapa, kapan, dan di mana.
"""


def new_article(config: Config, title: str, category: str, with_event: bool, now: datetime) -> Path:
    """Create content/YYYY/<slug>.md for `title`; refuse to overwrite an existing file, and
    refuse to write one that `check` would refuse (it is read back first, as the build reads it)."""
    title = title.strip()
    if UNPRINTABLE.search(title) or LINE_SEPARATOR.search(title) or "\n" in title:
        message = "judul harus satu baris teks biasa, tanpa baris baru atau karakter kendali"
        raise BuildError([Problem("", None, "title", message)])
    slug = title_slug(title)
    if not slug:
        raise BuildError([Problem("", None, "title", "judul harus berisi huruf atau angka")])
    if category not in CATEGORIES:
        raise BuildError([Problem("", None, "category", f"harus salah satu dari: {', '.join(CATEGORIES)}")])
    path = config.folder("content") / f"{now:%Y}" / f"{slug}.md"
    if path.exists():
        shown = path.relative_to(config.root).as_posix()
        raise BuildError([Problem(shown, None, "", "file sudah ada; pakai judul lain atau sunting file itu")])
    fields = {
        "title": _quoted(title),
        "date": f"{now:%Y-%m-%dT%H:%M}",
        "category": category,
        "today": f"{now:%Y-%m-%d}",
        # The examples name the campus of config.toml, in one line (they are comments).
        "organization": " ".join((config.organization.short_name or config.organization.name).split()),
        "zone": ZONE_NAMES.get(config.timezone, config.timezone),
    }
    text = HEAD.format(**fields) + (EVENT.format(**fields) if with_event or category == "agenda" else "") + BODY
    problems = problems_of(text.encode(), shown_path(path, config.root), config)
    if problems:
        raise BuildError(problems)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:
        file.write(text)
    return path


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

"""Command line: `python build.py [build|check] [options]`. Exit 0 only for a complete site."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path

from .config import load_config
from .errors import BuildError
from .pipeline import BuildOptions, build, build_site

COMMANDS = ("build", "check")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description="berita: situs berita kampus dari file Markdown.")
    commands = parser.add_subparsers(dest="command")
    for name, help_text in (
        ("build", "bangun situs ke folder output"),
        ("check", "periksa isi dan tautan tanpa menulis"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument(
            "--config", type=Path, default=Path("config.toml"), help="file konfigurasi (bawaan: config.toml)"
        )
        command.add_argument("--base-url", help="alamat situs, menggantikan base_url di config.toml")
        command.add_argument("--drafts", action="store_true", help="ikutkan artikel draf")
        command.add_argument("--future", action="store_true", help="ikutkan artikel yang dijadwalkan terbit nanti")
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv = ["build", *argv]
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    try:
        config = load_config(args.config, args.base_url)
        options = BuildOptions(drafts=args.drafts, future=args.future)
        now = datetime.now(config.zone)
        if args.command == "check":
            result = build_site(config, options, now)
            print(f"Pemeriksaan selesai: {result.articles} artikel, tidak ada masalah.")
            return 0
        result = build(config, options, now)
    except BuildError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"\nGagal: {count} masalah ditemukan. Folder output tidak diubah.", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    print(
        f"Selesai: {result.articles} artikel, {len(result.files)} file ditulis ke {config.folders.output}/ ({seconds:.1f} detik)."
    )
    return 0

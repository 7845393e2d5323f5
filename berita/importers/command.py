"""`build.py import wordpress|feed …`: runs an import and shows its report."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .record import atomic_write
from .report import Report, terminal_safe

if TYPE_CHECKING:
    from ..config import Config

REPORT_FOLDER = Path(".cache") / "impor"


def add_arguments(sub: argparse.ArgumentParser) -> None:
    kinds = sub.add_subparsers(dest="source_kind", required=True, metavar="{wordpress,feed}")
    wordpress = kinds.add_parser("wordpress", help="file ekspor WordPress (Alat → Ekspor)")
    wordpress.add_argument("export", type=Path, help="file .xml hasil ekspor WordPress")
    wordpress.add_argument("--uploads", type=Path, help="salinan folder wp-content/uploads situs lama")
    feed = kinds.add_parser("feed", help="umpan RSS 2.0 atau Atom, dari file atau alamat web")
    feed.add_argument("feed", help="file umpan atau alamatnya (https://…/feed/)")
    for parser in (wordpress, feed):
        parser.add_argument(
            "--offline", action="store_true", help="jangan mengunduh apa pun; gambar tetap di alamat lama"
        )
        parser.add_argument("--dry-run", action="store_true", help="hanya tampilkan laporan; tidak menulis apa pun")
        parser.add_argument(
            "--config", type=Path, default=Path("config.toml"), help="file konfigurasi (bawaan: config.toml)"
        )


def run_import(args: argparse.Namespace, config: Config) -> int:
    """The import the arguments ask for; its report on the terminal and, unless --dry-run, in a file."""
    # Here, not at the top: every command defines the import's options (add_arguments), and
    # the importers' code (urllib, email) would add a twentieth of a second to each.
    from .publish import Options

    options = Options(getattr(args, "uploads", None), args.offline, args.dry_run)
    if args.source_kind == "wordpress":
        from .wordpress import WordPressImport

        if options.uploads is not None and not options.uploads.is_dir():
            from ..errors import BuildError, Problem

            raise BuildError(
                [
                    Problem(
                        str(options.uploads),
                        None,
                        "--uploads",
                        "bukan folder; tunjuk salinan folder wp-content/uploads",
                    )
                ]
            )
        report: Report = WordPressImport(config, args.export, options).run()
    else:
        from .feed import import_feed

        report = import_feed(config, args.feed, options)
    print(report.terminal())
    if not options.dry_run:
        target = (
            config.root / REPORT_FOLDER / f"laporan-{'wordpress' if args.source_kind == 'wordpress' else 'umpan'}.md"
        )
        atomic_write(target, report.markdown().encode("utf-8"))
        print(f"\nLaporan lengkap: {terminal_safe(target.relative_to(config.root).as_posix())}")
    return 0

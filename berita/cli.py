"""Command line: `python build.py [build|check|new|serve] …`. Exit 0 only for a complete site."""

from __future__ import annotations

import argparse
import gc
import io
import os
import sys
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo

from .config import load_config
from .errors import BuildError, Problem, printable, shown
from .frontmatter.moments import moment_from_text
from .pipeline import BuildOptions, BuildResult, build, build_site
from .summary import summary_table

COMMANDS = ("build", "check", "new", "serve", "import")
# argparse's words for a mistake on the command line, and what a user reads instead.
USAGE_MISTAKES = (
    ("the following arguments are required: ", "wajib diisi: "),
    ("unrecognized arguments: ", "tidak dikenal: "),
    ("expected one argument", "butuh satu nilai sesudahnya"),
    ("invalid choice: ", "pilihan tidak dikenal: "),
    ("choose from ", "pilih salah satu dari "),
    ("not allowed with argument ", "tidak bisa dipakai bersama "),
    ("argument ", ""),
)


class Parser(argparse.ArgumentParser):
    """argparse, with its mistakes told in Indonesian and the way to the help named (exit 2, as
    argparse does for a command line it cannot read; a problem of the site exits 1)."""

    def error(self, message: str) -> NoReturn:
        for english, indonesian in USAGE_MISTAKES:
            message = message.replace(english, indonesian)
        if self.prog == "build.py new" and "wajib diisi: title" in message:
            message += ' (judul berita, misalnya: build.py new "Kuliah Tamu Kewirausahaan Sosial")'
        self.exit(2, f"{self.prog}: {printable(message)}; lihat {self.prog} --help\n")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = Parser(prog="build.py", description="berita: situs berita kampus dari file Markdown.")
    commands = parser.add_subparsers(dest="command")
    helps = {
        "build": "bangun situs ke folder output (perintah bawaan)",
        "check": "periksa isi, tautan, dan gambar tanpa menulis apa pun",
        "new": "buat file berita baru yang siap diisi",
        "serve": "pratinjau dengan muat ulang otomatis",
        "import": "impor arsip dari ekspor WordPress atau umpan RSS/Atom",
    }
    sub = {name: commands.add_parser(name, help=text, description=text) for name, text in helps.items()}
    from .importers.command import add_arguments  # the import's own options, beside its code

    add_arguments(sub["import"])
    for name in COMMANDS[:4]:
        sub[name].add_argument(
            "--config", type=Path, default=Path("config.toml"), help="file konfigurasi (bawaan: config.toml)"
        )
    for name in ("build", "check", "serve"):
        sub[name].add_argument("--base-url", help="alamat situs, menggantikan base_url di config.toml")
    for name in ("build", "check"):
        sub[name].add_argument(
            "--cms-repo",
            metavar="PEMILIK/NAMA",
            help="repositori GitHub untuk editor web /admin/ bila [cms] repo di config.toml kosong",
        )
    sub["build"].add_argument("--profile", action="store_true", help="tampilkan fungsi yang paling lama (cProfile)")
    clock_help = {
        "build": "bangun situs seolah-olah sekarang WAKTU (misalnya 2027-01-05T09:00): untuk melihat kapan "
        "berita terjadwal terbit dan agenda berganti; bawaan: jam komputer",
        "new": "beri berita baru tanggal WAKTU (misalnya 2027-01-05T09:00) alih-alih sekarang",
    }
    clock_help["check"] = clock_help["build"].replace("bangun situs", "periksa situs")
    for name, text in clock_help.items():
        sub[name].add_argument("--clock", metavar="WAKTU", help=text)
    for name in ("build", "check"):
        sub[name].add_argument("--drafts", action="store_true", help="ikutkan artikel draf")
        sub[name].add_argument("--future", action="store_true", help="ikutkan artikel yang dijadwalkan terbit nanti")
    sub["check"].add_argument("--strict", action="store_true", help="anggap peringatan sebagai kesalahan")
    sub["new"].add_argument("title", help='judul berita, misalnya "Kuliah Tamu Kewirausahaan Sosial"')
    sub["new"].add_argument(
        "--category", default=None, help="berita, pengumuman, agenda, atau prestasi (bawaan: berita)"
    )
    sub["new"].add_argument("--event", action="store_true", help="sertakan isian info kegiatan (event)")
    sub["serve"].add_argument(
        "--port", type=port_number, default=8000, help="port 0–65535 (bawaan: 8000; 0: port kosong mana saja)"
    )
    sub["serve"].add_argument(
        "--host",
        type=host_name,
        default="127.0.0.1",
        help="alamat yang didengarkan (bawaan: 127.0.0.1, hanya komputer ini)",
    )
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:  # build.py chek
        parser.error(f"perintah tidak dikenal: {argv[0]!r} (pilih salah satu dari {', '.join(COMMANDS)})")
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv = ["build", *argv]
    return parser.parse_args(argv)


def port_number(text: str) -> int:
    """--port: 0 (a free port, named when the preview starts) to 65535."""
    port = int(text) if text.isascii() and text.isdigit() else -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"harus bilangan bulat 0 sampai 65535 (0: port kosong mana saja), tertulis {_quoted(text)}; "
            "misalnya --port 8000"
        )
    return port


def host_name(text: str) -> str:
    """--host: an address or a name, as the system resolves it when the preview opens its port."""
    if not text or "/" in text or not text.isprintable() or any(char.isspace() for char in text):
        raise argparse.ArgumentTypeError(
            f"harus alamat IP atau nama komputer saja, tanpa http:// dan tanpa spasi, tertulis {_quoted(text)}; "
            "misalnya --host 127.0.0.1 (hanya komputer ini) atau --host 0.0.0.0 (terbuka untuk jaringan)"
        )
    return text


def _quoted(text: str) -> str:
    return shown(text) if text.isprintable() else ascii(text)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    try:
        if args.command == "serve":
            from .preview.server import serve

            return serve(args.config, args.host, args.port, args.base_url)
        config = load_config(args.config, getattr(args, "base_url", None), getattr(args, "cms_repo", None))
        now = clock(args.clock, config.zone) if getattr(args, "clock", None) else datetime.now(config.zone)
        if args.command == "import":
            from .importers.command import run_import

            return run_import(args, config)
        if args.command == "new":
            from .scaffold import new_article

            category = args.category or ("agenda" if args.event else "berita")
            path = new_article(config, args.title, category, args.event, now)
            print(f"Dibuat: {path.relative_to(config.root).as_posix()}")
            return 0
        options = BuildOptions(drafts=args.drafts, future=args.future)
        if args.command == "check":
            result = build_site(config, options, now)
            report(result.warnings)
            if args.strict and result.warnings:
                print(f"\nGagal (--strict): {len(result.warnings)} peringatan.", file=sys.stderr)
                return 1
            print(f"Pemeriksaan selesai: {result.articles} artikel, {len(result.warnings)} peringatan.")
            return 0
        result = profiled(build, config, options, now) if args.profile else build(config, options, now)
    except BuildError as error:
        report(error.problems)
        if args.command in ("build", "check", "import"):
            untouched = {"build": " Folder output tidak diubah.", "import": " Tidak ada yang ditulis."}.get(
                args.command, ""
            )
            print(f"\nGagal: {len(error.problems)} masalah ditemukan.{untouched}", file=sys.stderr)
        return 1
    report(result.warnings)
    seconds = time.perf_counter() - started
    print(summary_table(result))
    done = f"{result.articles} artikel, {len(result.files)} file di {config.folders.output}/ ({seconds:.1f} detik)"
    if result.unchanged:
        print(f"Tidak ada yang berubah sejak build terakhir; {config.folders.output}/ sudah terbaru: {done}.")
    else:
        print(f"Selesai: {done}.")
    return 0


def clock(text: str, zone: ZoneInfo) -> datetime:
    """The moment `--clock` names, read as front matter dates are (a naive one is in the site's zone)."""
    try:
        return moment_from_text(text.strip(), zone).at
    except ValueError as exc:
        raise BuildError([Problem("--clock", None, "", f"{exc}; tertulis {shown(text)}")]) from None


def run() -> NoReturn:
    """main() as the program: exit without freeing a large site's objects one by one at the
    end (a tenth of a second at 1,000 articles); by then every file is written and closed.

    A build, a check or `new` runs with the cyclic garbage collector off for good, not only
    paused while the site is made (pipeline.paused_garbage_collector): the caches read, the
    search index made and the site written are covered too, and it is never switched on again
    to walk the millions of objects the build made, for a process about to end (an eighth of a
    build after one edit at 10,000 articles). The preview runs for hours and an import fetches
    photos through objects that refer to each other: they keep it."""
    if sys.argv[1:2] not in (["serve"], ["import"]):
        gc.disable()
    try:
        code = main()
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (`build.py | head`): the rest has nowhere to go
        code = 1  # as Python itself ends then
    os._exit(code)


def profiled(function: Callable[..., BuildResult], *args: object) -> BuildResult:
    """Run the build under cProfile and print where the time went."""
    import cProfile  # here, not at the top: every build would pay for importing it
    import pstats

    profile = cProfile.Profile()
    result = profile.runcall(function, *args)
    stats = io.StringIO()
    pstats.Stats(profile, stream=stats).sort_stats("cumulative").print_stats(30)
    print(stats.getvalue(), file=sys.stderr)
    return result


def report(problems: Iterable[Problem]) -> None:
    """Print problems for a person, and as annotations when running in GitHub Actions."""
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem, file=sys.stderr)
        if annotate:
            print(github_annotation(problem))


def github_annotation(problem: Problem) -> str:
    """`::error file=…,line=…,title=…::message`, escaped as GitHub's workflow commands require."""
    properties = [f"file={_escape(problem.file, True)}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    if problem.field:
        properties.append(f"title={_escape(problem.field, True)}")
    return f"::{problem.level} {','.join(properties)}::{_escape(problem.message, False)}"


def _escape(text: str, is_property: bool) -> str:
    # GitHub reads %0A in a command's data as a line of the annotation, never as a new command;
    # other controls (escapes that a log viewer would act on) are shown as escapes.
    text = printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text

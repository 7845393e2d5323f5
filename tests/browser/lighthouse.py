"""`make lighthouse`: Lighthouse (mobile) on the home page, the seed article, a tag page and the
search page of the sample site, three runs each; the median of each category is printed.

Builds the sample site for the address it is served at (so canonical links point at the page
Lighthouse reads), serves it under /berita/, runs `npx --yes lighthouse@12.2.3` with Debian's
Chromium, writes the JSON and HTML reports into .cache/lighthouse/ (git-ignored) and prints
the four category scores of every run and their medians. Needs Node's npx and the npm registry
the first time. Target: 100 in every category (performance varies a little from run to run on
a busy machine: hence the median). `python tests/browser/lighthouse.py --runs 1` for one run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent.parent)]

from browsing import PAGES as KINDS  # noqa: E402
from browsing import serve  # noqa: E402
from conftest import CHROMIUM_FLAGS, chromium_path  # noqa: E402
from sites import PROJECT, build, copy_demo  # noqa: E402

LIGHTHOUSE = "lighthouse@12.2.3"
PAGES = {name: KINDS[name] for name in ("beranda", "artikel", "tag", "cari")}
RUNS = 3
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
REPORTS = PROJECT / ".cache" / "lighthouse"


def run(url: str, name: str) -> dict[str, int]:
    env = {**os.environ, "CHROME_PATH": chromium_path() or "/usr/bin/chromium"}
    command = [
        shutil.which("npx") or "npx",
        "--yes",
        LIGHTHOUSE,
        url,
        "--quiet",
        "--form-factor=mobile",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        "--output=html",
        f"--output-path={REPORTS / name}",
        f"--chrome-flags={' '.join(['--headless', *CHROMIUM_FLAGS])}",
    ]
    subprocess.run(command, env=env, check=True, timeout=600)
    report = json.loads((REPORTS / f"{name}.report.json").read_text(encoding="utf-8"))
    return {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}


def main(argv: list[str] | None = None) -> int:
    runs = int(argv[argv.index("--runs") + 1]) if argv and "--runs" in argv else RUNS
    if shutil.which("npx") is None:
        print("make lighthouse needs Node.js (npx)", file=sys.stderr)
        return 1
    REPORTS.mkdir(parents=True, exist_ok=True)
    scores: dict[str, list[dict[str, int]]] = {name: [] for name in PAGES}
    with tempfile.TemporaryDirectory() as folder:
        root = copy_demo(Path(folder))
        with serve(root / "output") as base:
            build(root, "--base-url", base)
            for number in range(1, runs + 1):
                for name, path in PAGES.items():
                    scores[name].append(run(base + path, f"{name}-{number}"))
    print(f"\n{'':14}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for name, found in scores.items():
        for number, values in enumerate(found, start=1):
            print(f"{name + ' #' + str(number):14}" + "".join(f"{values[c]:>16}" for c in CATEGORIES))
        print(f"{name + ' median':14}" + "".join(f"{median(v[c] for v in found):>16g}" for c in CATEGORIES))
    print(f"\nreports: {REPORTS.relative_to(PROJECT)}/<page>-<run>.report.html")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

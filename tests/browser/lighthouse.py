"""`make lighthouse`: Lighthouse (mobile) on the home page and the seed article of the sample site.

Builds the sample site for the address it is served at (so canonical links point at the page
Lighthouse reads), serves it under /berita/, runs `npx --yes lighthouse@12.2.3` with Debian's
Chromium, writes the JSON and HTML reports into .cache/lighthouse/ (git-ignored) and prints
the four category scores. Needs Node's npx and the npm registry the first time.
Targets: performance ≥ 95, accessibility, best practices and SEO 100.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent.parent)]

from browsing import SEED, serve  # noqa: E402
from conftest import CHROMIUM_FLAGS, chromium_path  # noqa: E402
from sites import PROJECT, build, copy_demo  # noqa: E402

LIGHTHOUSE = "lighthouse@12.2.3"
PAGES = {"beranda": "", "artikel": SEED}
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


def main() -> int:
    if shutil.which("npx") is None:
        print("make lighthouse needs Node.js (npx)", file=sys.stderr)
        return 1
    REPORTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        root = copy_demo(Path(folder))
        with serve(root / "output") as base:
            build(root, "--base-url", base)
            scores = {name: run(base + path, name) for name, path in PAGES.items()}
    print(f"\n{'':10}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for name, values in scores.items():
        print(f"{name:10}" + "".join(f"{values[c]:>16}" for c in CATEGORIES))
    print(f"\nreports: {REPORTS.relative_to(PROJECT)}/<page>.report.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Driving the real Sveltia CMS in Chromium, for the web editor's tests and screenshots.

The npm package at the version berita pins (tests/cms/package-lock.json) is installed with
`npm ci` into .cache/sveltia/ (git-ignored) and served in place of the CDN: the page still asks
unpkg for the script, and its integrity attribute makes the browser refuse any other bytes.
The editor uses Sveltia's `test-repo` backend here (a configuration override of the tests
only), which keeps the repository in the origin private file system (OPFS), under
`sveltia-cms-test/`. Nothing else leaves the machine: every other request is refused.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import Locator, Page, Route
from sites import PROJECT

from berita.cms.editor import SCRIPT_URL

PACKAGE = PROJECT / "tests" / "cms"
INSTALL = PROJECT / ".cache" / "sveltia"
SCRIPT = "node_modules/@sveltia/cms/dist/sveltia-cms.js"
# Sveltia loads two fonts from jsDelivr's copy of the Fontsource packages; the lock pins those too.
FONTS = re.compile(
    r"^https://cdn\.jsdelivr\.net/fontsource/fonts/(material-symbols-outlined|source-sans-3):vf@[^/]+/latin-wght-normal\.woff2$"
)
ROOT = "sveltia-cms-test"  # the test-repo backend's folder in the OPFS


class Unavailable(Exception):
    """npm or Node is missing, or the pinned package could not be installed."""


def install() -> Path:
    """The installed packages (node_modules' parent), installed again when the lock changed."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        raise Unavailable("npm and Node.js are needed (Debian: apt-get install nodejs npm)")
    lock = (PACKAGE / "package-lock.json").read_bytes()
    stamp = INSTALL / ".installed"
    digest = hashlib.sha256(lock + (PACKAGE / "package.json").read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text() == digest and (INSTALL / SCRIPT).is_file():
        return INSTALL
    INSTALL.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(PACKAGE / name, INSTALL / name)
    command = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    try:
        done = subprocess.run(command, cwd=INSTALL, capture_output=True, text=True, timeout=900, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise Unavailable(f"npm ci failed: {error}") from None
    if done.returncode != 0:
        raise Unavailable(f"npm ci failed: {done.stderr.strip()[-2000:]}")
    stamp.write_text(digest)
    return INSTALL


def sri(path: Path) -> str:
    """The Subresource Integrity value of a file's bytes (SHA-384)."""
    import base64

    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()


def test_repo_config(config_yml: str) -> str:
    """The site's admin/config.yml with the backend swapped for Sveltia's test-repo (which has
    no editorial workflow): everything else, the form above all, is the site's own."""
    config = yaml.safe_load(config_yml)
    config["backend"] = {"name": "test-repo"}
    config.pop("publish_mode", None)
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def serve_editor(
    page: Page,
    site_url: str,
    installed: Path,
    script: bytes | None = None,
    test_repo: bool = True,
    output: Path | None = None,
) -> None:
    """Route the CDN to the installed package (or to `script`), the config to the test-repo
    one, and refuse every other request that leaves the site. With `output`, the site's
    address is answered from that built folder (any address, https included)."""
    body = (installed / SCRIPT).read_bytes() if script is None else script
    origin = re.match(r"https?://[^/]+", site_url).group(0)

    def site_route(route: Route) -> None:
        assert output is not None
        path = route.request.url.split("?")[0].removeprefix(site_url)
        file = output / (path + "index.html" if path.endswith("/") or not path else path)
        if file.is_file():
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            route.fulfill(body=file.read_bytes(), headers={"Content-Type": kind})
        else:
            route.fulfill(status=404, body="tidak ada")

    def script_route(route: Route) -> None:
        # crossorigin="anonymous": the CDN's CORS header is part of what the browser checks.
        route.fulfill(body=body, headers={"Access-Control-Allow-Origin": "*", "Content-Type": "text/javascript"})

    def config_route(route: Route) -> None:
        if output is not None:
            text = (output / "admin" / "config.yml").read_text(encoding="utf-8")
            route.fulfill(body=test_repo_config(text), headers={"Content-Type": "application/yaml"})
        else:
            response = route.fetch()
            route.fulfill(response=response, body=test_repo_config(response.text()))

    def outside(route: Route) -> None:
        match = FONTS.match(route.request.url)
        if match:
            font = installed / "node_modules" / "@fontsource-variable" / match[1] / "files"
            data = (font / f"{match[1]}-latin-wght-normal.woff2").read_bytes()
            route.fulfill(body=data, headers={"Access-Control-Allow-Origin": "*", "Content-Type": "font/woff2"})
        else:
            route.abort()

    # The last route added is tried first.
    page.route(lambda url: not url.startswith(origin), outside)
    if output is not None:
        page.route(f"{site_url}**", site_route)
    page.route(SCRIPT_URL, script_route)
    if test_repo:
        page.route(re.compile(r"/admin/config\.yml(\?.*)?$"), config_route)


WRITE_FILE = """async ([path, data]) => {
  let folder = await navigator.storage.getDirectory();
  const parts = path.split('/');
  for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, {create: true});
  const writable = await (await folder.getFileHandle(parts.at(-1), {create: true})).createWritable();
  await writable.write(typeof data === 'string' ? data : new Uint8Array(data));
  await writable.close();
}"""

READ_FILES = """async () => {
  const found = {};
  async function walk(folder, prefix) {
    for await (const [name, handle] of folder.entries()) {
      if (handle.kind === 'directory') await walk(handle, prefix + name + '/');
      else found[prefix + name] = Array.from(new Uint8Array(await (await handle.getFile()).arrayBuffer()));
    }
  }
  await walk(await navigator.storage.getDirectory(), '');
  return found;
}"""


def write_repo_file(page: Page, path: str, data: str | bytes) -> None:
    """A file of the test repository (a path such as content/2021/x.md), in the OPFS."""
    page.evaluate(WRITE_FILE, [f"{ROOT}/{path}", data if isinstance(data, str) else list(data)])


def repo_files(page: Page) -> dict[str, bytes]:
    """Every file of the test repository, read back from the browser's OPFS."""
    found = page.evaluate(READ_FILES)
    return {path.removeprefix(f"{ROOT}/"): bytes(data) for path, data in found.items() if path.startswith(f"{ROOT}/")}


def field(scope: Page | Locator, label: str) -> Locator:
    """The group of one form field, by its label (Sveltia wraps the label in isolation marks)."""
    return scope.get_by_role("group", name=f"“\u2068{label}\u2069” Field", exact=True)


def reveal(page: Page, locator: Locator, tries: int = 60) -> Locator:
    """Sveltia draws form fields as they scroll into view: scroll the form until it exists."""
    page.mouse.move(200, 400)
    for _ in range(tries):
        if locator.count():
            locator.first.scroll_into_view_if_needed()
            return locator
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(50)
    raise AssertionError(f"the form never showed {locator}")


def fill(page: Page, scope: Page | Locator, label: str, value: Any) -> None:
    """Type a value into a text, number or date field."""
    box = reveal(page, field(scope, label)).get_by_role("textbox").or_(field(scope, label).get_by_role("spinbutton"))
    box.first.fill(str(value))


def open_optional(page: Page, scope: Page | Locator, label: str) -> Locator:
    """An optional object (photo, event, person) ticked on, and its group."""
    group = reveal(page, field(scope, label))
    group.get_by_role("checkbox").first.check()
    return group

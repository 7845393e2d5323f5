"""`make cms-screenshots`: the web editor as the author guide shows it, into docs/img/.

The real Sveltia CMS (the pinned npm package, see sveltia.py) in the same Chromium the tests
use, at 1280 px and 375 px. The site is served at an https address of GitHub Pages' kind,
answered from a local build (so the editor shows what an author sees there, not the extra
"local repository" button it offers on localhost); the sign-in pages use the site's own
configuration (GitHub, token), the editing pages Sveltia's test repository, with the seed
article typed in as test_cms_editor.py types it. The PNGs are reduced to 256 colours.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent.parent)]

from conftest import CHROMIUM_FLAGS, chromium_path  # noqa: E402
from PIL import Image  # noqa: E402
from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402
from sites import PROJECT  # noqa: E402
from sveltia import field, install, reveal, serve_editor  # noqa: E402
from test_cms_editor import fill_seed, make_site, sign_in  # noqa: E402

from berita.cli import main  # noqa: E402

SITE = "https://poltekesos.github.io/berita/"
TARGET = PROJECT / "docs" / "img"


def shot(page: Page, name: str) -> None:
    path = TARGET / f"{name}.png"
    page.screenshot(path=str(path))
    image = Image.open(path).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    image.save(path, optimize=True)
    print(f"{path.relative_to(PROJECT)} ({path.stat().st_size // 1024} kB)")


def main_() -> int:
    installed = install()
    TARGET.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        root = make_site(Path(folder) / "situs")
        config = root / "config.toml"
        text = config.read_text(encoding="utf-8").replace("BERITA UJI", "BERITA POLTEKESOS")
        config.write_text(text.replace("https://contoh.github.io/berita/", SITE), encoding="utf-8")
        assert main(["build", "--config", str(config)]) == 0
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
            for width, height in ((1280, 800), (375, 812)):
                context = browser.new_context(
                    viewport={"width": width, "height": height}, locale="id-ID", timezone_id="Asia/Jakarta"
                )
                # Sign-in: the site's own configuration, GitHub with a token.
                page = context.new_page()
                serve_editor(page, SITE, installed, test_repo=False, output=root / "output")
                page.goto(SITE + "admin/")
                token = page.get_by_role("button", name="Sign In Using Access Token")
                expect(token).to_be_visible()
                shot(page, f"editor-masuk-{width}")
                if width < 1280:
                    page.close()  # on a phone the guide shows the sign-in and the form only
                    page = context.new_page()
                    serve_editor(page, SITE, installed, output=root / "output")
                    page.goto(SITE + "admin/")
                    sign_in(page)
                    fill_seed(page)
                    reveal(page, field(page, "Judul")).first.evaluate("group => group.scrollIntoView({block: 'start'})")
                    shot(page, f"editor-formulir-{width}")
                    context.close()
                    continue
                token.click()
                expect(page.get_by_role("alertdialog")).to_be_visible()
                shot(page, f"editor-token-{width}")
                page.close()
                # Writing: the seed article in the test repository.
                page = context.new_page()
                serve_editor(page, SITE, installed, output=root / "output")
                page.goto(SITE + "admin/")
                sign_in(page)
                fill_seed(page)
                page.evaluate("document.activeElement && document.activeElement.blur()")
                for label, name in (("Foto utama", "foto"), ("Info kegiatan", "kegiatan"), ("Judul", "formulir")):
                    reveal(page, field(page, label)).first.evaluate("group => group.scrollIntoView({block: 'start'})")
                    page.wait_for_timeout(300)
                    shot(page, f"editor-{name}-{width}")
                page.get_by_role("button", name="Save", exact=True).click()
                expect(page.get_by_text("Entry saved.")).to_be_visible()
                page.wait_for_timeout(4000)  # until the message has gone
                shot(page, f"editor-daftar-{width}")
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main_())

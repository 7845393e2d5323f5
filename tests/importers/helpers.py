"""What the import tests share: a site with an export beside it, photos, snapshots, a local server."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PIL import Image

from berita.cli import main

# The originals and WordPress's resized copies of the photos the campus export uses.
PHOTOS = {
    "2021/04/seminar-nasional.jpg": (96, 64),
    "2021/04/seminar-nasional-1024x683.jpg": (48, 32),
    "2021/03/poster-seminar.png": (80, 45),
    "2021/03/poster-seminar-1024x576.png": (40, 22),
    "2021/03/kampus-depan.jpg": (60, 40),
    "2021/03/kampus-aula.jpg": (60, 40),
}


def photo(size: tuple[int, int], kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, "PNG" if kind == "png" else "JPEG")
    return out.getvalue()


def uploads(folder: Path) -> Path:
    """A copy of wp-content/uploads with the campus export's photos."""
    for relative, size in PHOTOS.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(photo(size, relative.rsplit(".", 1)[1]))
    return folder


def run_import(site, source: Path | str, *args: str, kind: str = "wordpress") -> int:
    return main(["import", kind, str(source), "--config", str(site.root / "config.toml"), *args])


def state(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `root` with its bytes and modification time: proof that nothing was written."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), os.stat(p).st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`folder` over HTTP on 127.0.0.1 (never anything else); yields the address."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()

"""The export's photos and files, brought beside the articles that show them.

An address under `wp-content/uploads/` is taken from `--uploads` (a copy of that folder) or
downloaded, only from the exported site's own host (never from an address the export merely
mentions), with a timeout and a size limit. A resized copy (`foto-1024x683.jpg`) is traced to its
original (`foto.jpg`) when the export or the folder has it. What cannot be had (`--offline`, a
failed download, a file that is not what its name says) keeps its old address and is reported.
"""

from __future__ import annotations

import base64
import http.client
import io
import posixpath
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import IO
from urllib.parse import quote, unquote, urljoin, urlsplit

from ..model import slugify
from .record import Record, digest

TIMEOUT = 20  # seconds for a download to answer and for each read
MAX_BYTES = 20_000_000
UPLOADS = "/wp-content/uploads/"
SIZED = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)")
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
FILE_SUFFIXES = {".pdf": (b"%PDF",), ".docx": (b"PK",), ".xlsx": (b"PK",), ".pptx": (b"PK",)}
FILE_SUFFIXES |= {name: (b"\xd0\xcf\x11\xe0",) for name in (".doc", ".xls", ".ppt")}
DATA_URL = re.compile(r"data:image/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/=\s]+)$")
JETPACK = re.compile(r"i[0-3]\.wp\.com")


class FetchError(Exception):
    """Why a download failed, in Indonesian."""


class _SameHost(urllib.request.HTTPRedirectHandler):
    def __init__(self, hosts: frozenset[str]) -> None:
        self.hosts = hosts

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Message, newurl: str
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).netloc.lower() not in self.hosts or urlsplit(newurl).scheme not in ("http", "https"):
            raise FetchError(f"dialihkan ke situs lain ({urlsplit(newurl).netloc})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def site_hosts(site: str) -> frozenset[str]:
    """The hosts the exported site answered at: its own, and the same with or without "www."
    (a site moved between them keeps the old form in its posts)."""
    host = urlsplit(site).netloc.lower()
    if not host:
        return frozenset()
    return frozenset({host, host.removeprefix("www.") if host.startswith("www.") else f"www.{host}"})


# What an address keeps as it is when quoted for a request: its own syntax and what is quoted already.
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


def fetch(url: str, hosts: frozenset[str], limit: int | None = None) -> bytes:
    """The bytes at `url`, from one of `hosts` only, within TIMEOUT and `limit` (MAX_BYTES)."""
    limit = limit or MAX_BYTES
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in hosts:
        raise FetchError("bukan dari situs yang diekspor")
    opener = urllib.request.build_opener(_SameHost(hosts))
    # As a browser sends it: WordPress keeps an upload's name as it was given ("Foto Wisuda 1.jpg").
    request = urllib.request.Request(quote(url, safe=URL_SAFE), headers={"User-Agent": "berita-import"})
    try:
        with opener.open(request, timeout=TIMEOUT) as answer:
            if int(answer.headers.get("Content-Length") or 0) > limit:
                raise FetchError(f"lebih dari {limit / 1_000_000:g} MB")
            data = answer.read(limit + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"server menjawab {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"tidak tersambung ({reason})") from None
    except (http.client.HTTPException, ValueError):  # an answer that is not HTTP, or its headers garbled
        raise FetchError("jawaban server tidak bisa dibaca") from None
    if len(data) > limit:
        raise FetchError(f"lebih dari {limit / 1_000_000:g} MB")
    return data


def acceptable(data: bytes, suffix: str) -> bool:
    """Whether the bytes are what the name says: a photo Pillow can read whole, or a document."""
    if suffix in FILE_SUFFIXES:
        return data.startswith(FILE_SUFFIXES[suffix])
    from PIL import Image  # here: most imports bring few photos, and Pillow takes a while to load

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            return (image.format or "").lower() in ("jpeg", "png", "gif", "webp")
    except Exception:  # Pillow raises many kinds for a damaged or foreign file
        return False


@dataclass
class Photos:
    """Finds and stores the photos and files of one import."""

    site: str  # the exported site's address: where relative and root-relative addresses lead
    uploads: Path | None
    offline: bool
    record: Record
    known: set[str] = field(default_factory=set)  # the export's attachment addresses
    copied: int = 0
    downloaded: int = 0
    _stored: dict[str, str | None] = field(default_factory=dict)
    _failures: dict[str, str] = field(default_factory=dict)
    _taken: dict[str, dict[str, str]] = field(default_factory=dict)  # folder -> stem -> file name

    @property
    def hosts(self) -> frozenset[str]:
        return site_hosts(self.site)

    def ours(self, url: str) -> str | None:
        """The address as a full URL on the exported site when it is an upload there, else None."""
        url = url.strip()
        full = urljoin(self.site.rstrip("/") + "/", url)
        parts = urlsplit(full)
        if JETPACK.fullmatch(parts.hostname or ""):  # Jetpack's copy: i0.wp.com/kampus.ac.id/wp-content/…
            host, _, rest = parts.path.lstrip("/").partition("/")
            full, parts = f"{urlsplit(self.site).scheme}://{host}/{rest}", urlsplit(f"https://{host}/{rest}")
        if parts.netloc.lower() not in self.hosts or UPLOADS not in parts.path:
            return None
        return f"{urlsplit(self.site).scheme}://{parts.netloc}{parts.path}"

    def original(self, url: str) -> str:
        """The original of a resized copy, when the export or the uploads folder knows it."""
        bare = SIZED.sub("", url)
        if bare == url:
            return url
        candidates = [bare] + [bare[: -len(s)] + "-scaled" + s for s in [posixpath.splitext(bare)[1]]]
        for candidate in candidates:
            if candidate in self.known or (self.uploads and self._in_uploads(candidate)):
                return candidate
        return url

    def _in_uploads(self, url: str) -> Path | None:
        assert self.uploads is not None
        relative = unquote(urlsplit(url).path.split(UPLOADS, 1)[1])
        path = (self.uploads / relative).resolve()
        root = self.uploads.resolve()
        return path if path.is_relative_to(root) and path.is_file() else None

    def failure(self, url: str) -> str:
        return self._failures.get(url, "tidak ditemukan")

    def store(self, url: str, folder: str) -> str | None:
        """The name (beside the article, in content/`folder`) of the file `url` shows, or None
        when it stays at its old address (see `failure`)."""
        data_url = DATA_URL.match(url.strip())
        address = f"data:{digest(url.encode())}" if data_url else self.ours(url)
        if address is None:
            return None
        address = address if data_url else self.original(address)
        key = f"{folder}|{address}"
        if key not in self._stored:
            self._stored[key] = self._store(url, address, data_url, folder, key)
        return self._stored[key]

    def _store(self, url: str, address: str, data_url: re.Match[str] | None, folder: str, key: str) -> str | None:
        recorded = self.record.files.get(key)
        if recorded and (self.record.content / recorded["file"]).is_file():
            self.record.claimed.add(recorded["file"])
            return posixpath.basename(recorded["file"])  # kept from an earlier run (or edited since: kept too)
        suffix = (
            f".{data_url.group(1).replace('jpeg', 'jpg')}"
            if data_url
            else posixpath.splitext(urlsplit(address).path)[1].lower()
        )
        if suffix not in PHOTO_SUFFIXES and suffix not in FILE_SUFFIXES:
            self._failures[url] = "jenis berkas tidak diimpor"
            return None
        data = self._bytes(url, address, data_url)
        if data is None:
            return None
        if not acceptable(data, suffix):
            self._failures[url] = "isinya bukan gambar atau dokumen yang utuh"
            return None
        stem = "gambar" if data_url else posixpath.splitext(posixpath.basename(unquote(urlsplit(address).path)))[0]
        name = self._free_name(
            folder, slugify(SIZED.sub("", stem + suffix).removesuffix(suffix)) or "berkas", suffix, data
        )
        relative = f"{folder}/{name}"
        self.record.write(relative, data, None)
        self.record.files[key] = {"file": relative, "sha256": digest(data)}
        return name

    def _bytes(self, url: str, address: str, data_url: re.Match[str] | None) -> bytes | None:
        if data_url:
            try:
                return base64.b64decode(re.sub(r"\s", "", data_url.group(2)), validate=True)
            except ValueError:
                self._failures[url] = "data: tidak bisa dibaca"
                return None
        if self.uploads is not None:
            found = self._in_uploads(address)
            if found is not None:
                self.copied += 1
                return found.read_bytes()
        if self.offline:
            self._failures[url] = "--offline" if self.uploads is None else "tidak ada di folder --uploads (--offline)"
            return None
        if self.record.dry_run:
            self._failures[url] = "akan diunduh (--dry-run)"
            return None
        try:
            data = fetch(address, self.hosts)
        except FetchError as exc:
            self._failures[url] = f"gagal diunduh: {exc}"
            return None
        self.downloaded += 1
        return data

    def _free_name(self, folder: str, stem: str, suffix: str, data: bytes) -> str:
        """A name no other file of the folder has, by stem (berita names a photo's sizes after it:
        foto.jpg and foto.png would share foto-480.webp)."""
        directory = self.record.content / folder
        taken = self._taken.get(folder)
        if taken is None:  # once per folder: a year of a large site holds thousands of photos
            names = [p.name for p in directory.iterdir() if p.suffix.lower() != ".md"] if directory.is_dir() else []
            names += [
                posixpath.basename(f)
                for f in self.record.owned()
                if posixpath.dirname(f) == folder and not f.endswith(".md")
            ]
            taken = self._taken[folder] = {Path(name).stem.lower(): name for name in names}
        stem = stem[:80]
        for number in range(1, 10_000):
            candidate = stem if number == 1 else f"{stem}-{number}"
            existing = taken.get(candidate.lower())
            if existing is None:
                taken[candidate.lower()] = candidate + suffix
                return candidate + suffix
            if (
                existing == candidate + suffix
                and (directory / existing).is_file()
                and digest((directory / existing).read_bytes()) == digest(data)
            ):
                return existing
        raise RuntimeError("no free name")  # 10,000 files of one name in one folder: not a real site

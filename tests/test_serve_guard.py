"""The preview's guard, in process and at its start: which hosts name it, and the command line
refused before anything is built.

What a running preview answers over the network is in tests/test_serve_security.py.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sites import PROJECT, TinySite

from berita.cli import parse_args
from berita.preview.guard import Hosts, network_warning, preview_url


def small_site(tiny_site) -> TinySite:
    site = tiny_site()
    site.article("content/2021/kuliah-tamu.md", title="Kuliah Tamu Kewirausahaan Sosial")
    return site


# --------------------------------------------------------------------------------------
# Which names reach the preview
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bound", "authority", "arrived_at", "allowed"),
    [
        ("127.0.0.1", "127.0.0.1:8000", "127.0.0.1", True),
        ("127.0.0.1", "localhost:8000", "127.0.0.1", True),
        ("127.0.0.1", "LOCALHOST:8000", "127.0.0.1", True),
        ("127.0.0.1", "[::1]:8000", "127.0.0.1", True),
        ("127.0.0.1", "[0:0:0:0:0:0:0:1]:8000", "127.0.0.1", True),
        ("127.0.0.1", "127.0.0.1", "127.0.0.1", False),  # no port: 80, not 8000
        ("127.0.0.1", "127.0.0.1:80", "127.0.0.1", False),
        ("127.0.0.1", "127.0.0.1:08000", "127.0.0.1", True),
        ("127.0.0.1", "127.0.0.1:٨٠٠٠", "127.0.0.1", False),  # digits, but not ASCII ones
        ("127.0.0.1", "::1:8000", "127.0.0.1", False),  # IPv6 without brackets
        ("127.0.0.1", "berita.example:8000", "127.0.0.1", False),
        ("127.0.0.1", "localhost.:8000", "127.0.0.1", False),
        ("127.0.0.1", "127.0.0.1.nip.io:8000", "127.0.0.1", False),
        ("127.0.0.1", "10.0.0.5:8000", "127.0.0.1", False),
        ("127.0.0.1", "", "127.0.0.1", False),
        ("127.0.0.1", None, "127.0.0.1", False),
        ("127.0.0.1", ":8000", "127.0.0.1", False),
        # A wildcard: its own address as the request reached it, the names of loopback, itself.
        ("0.0.0.0", "10.0.0.5:8000", "10.0.0.5", True),
        ("0.0.0.0", "10.0.0.5:8000", "::ffff:10.0.0.5", True),  # an IPv4 client of a dual-stack socket
        ("0.0.0.0", "10.0.0.5:8000", "127.0.0.1", False),
        ("0.0.0.0", "10.0.0.6:8000", "10.0.0.5", False),
        ("0.0.0.0", "laptop-humas.local:8000", "10.0.0.5", False),
        ("0.0.0.0", "localhost:8000", "127.0.0.1", True),
        ("0.0.0.0", "0.0.0.0:8000", "127.0.0.1", True),
        ("::", "[fd00::5]:8000", "fd00::5", True),
        ("::", "[fd00::6]:8000", "fd00::5", False),
        # A name given as --host is the preview's name.
        ("laptop-humas.lan", "laptop-humas.lan:8000", "10.0.0.5", True),
        ("laptop-humas.lan", "Laptop-Humas.LAN:8000", "10.0.0.5", True),
        ("laptop-humas.lan", "laptop-humas.lan.example:8000", "10.0.0.5", False),
    ],
)
def test_hosts_that_name_the_preview(bound: str, authority: str | None, arrived_at: str, allowed: bool) -> None:
    assert Hosts(bound, 8000).allow(authority, arrived_at) is allowed


def test_a_host_without_port_names_a_preview_on_port_80() -> None:
    assert Hosts("127.0.0.1", 80).allow("localhost", "127.0.0.1")
    assert not Hosts("127.0.0.1", 80).allow("localhost:8000", "127.0.0.1")


@pytest.mark.parametrize(
    ("host", "url", "warned"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000/berita/", False),
        ("localhost", "http://localhost:8000/berita/", False),
        ("::1", "http://[::1]:8000/berita/", False),
        ("0.0.0.0", "http://127.0.0.1:8000/berita/", True),
        ("::", "http://[::1]:8000/berita/", True),
        ("192.168.1.20", "http://192.168.1.20:8000/berita/", True),
    ],
)
def test_the_address_printed_is_one_to_open(host: str, url: str, warned: bool) -> None:
    assert preview_url(host, 8000, "/berita/") == url
    assert (network_warning(host) is not None) is warned


# --------------------------------------------------------------------------------------
# The command line: refused before anything is built
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--port", "-1", 'tertulis "-1"'),
        ("--port", "65536", 'tertulis "65536"'),
        ("--port", "99999999999999999999", "0 sampai 65535"),
        ("--port", "delapan", 'tertulis "delapan"'),
        ("--port", "80.5", "bilangan bulat"),
        ("--port", "", 'tertulis ""'),
        ("--host", "", 'tertulis ""'),
        ("--host", "http://127.0.0.1:8000/", "tanpa http://"),
        ("--host", "127.0.0.1 ", "tanpa http:// dan tanpa spasi"),
        ("--host", "local\x1b[31mhost", r"'local\x1b[31mhost'"),  # an escape is shown, never sent to the terminal
    ],
)
def test_a_bad_port_or_host_is_refused_by_the_command_line(option: str, value: str, said: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit:
        parse_args(["serve", f"{option}={value}"])
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert f"build.py serve: {option}: harus" in err and said in err, err
    assert "\x1b" not in err and "Traceback" not in err


def test_port_0_is_any_free_port() -> None:
    assert parse_args(["serve", "--port", "0"]).port == 0


def tree(root: Path) -> dict[str, int]:
    return {path.relative_to(root).as_posix(): path.lstat().st_mtime_ns for path in root.rglob("*")}


def start(site: TinySite, *options: str, seconds: float = 60) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(PROJECT / "build.py"), "serve", "--config", str(site.root / "config.toml")]
    return subprocess.run(
        [*command, *options], cwd=site.root, capture_output=True, text=True, timeout=seconds, check=False
    )


def refused_at_start(site: TinySite, *options: str) -> str:
    """Start the preview with `options`: it must stop at once, exit 1 and leave the site as it was."""
    before = tree(site.root)
    result = start(site, *options)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stdout == "", result.stdout + result.stderr
    assert tree(site.root) == before and not (site.root / "output").exists()  # not even built
    [line] = result.stderr.splitlines()
    return line


def test_a_port_in_use_is_one_message(tiny_site) -> None:
    site = small_site(tiny_site)
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        line = refused_at_start(site, "--port", str(port))
    assert line.startswith(f"--port: port {port} di 127.0.0.1 sudah dipakai program lain"), line
    assert "--port 8000" in line


@pytest.mark.parametrize(
    ("host", "said"),
    [
        ("tidak-ada.invalid", '"tidak-ada.invalid" bukan alamat IP atau nama komputer yang dikenal'),
        ("300.1.2.3", '"300.1.2.3" bukan alamat IP atau nama komputer yang dikenal'),
        ("203.0.113.77", '"203.0.113.77" bukan alamat komputer ini'),
    ],
)
def test_a_host_that_cannot_be_opened_is_one_message(tiny_site, host: str, said: str) -> None:
    line = refused_at_start(small_site(tiny_site), "--host", host, "--port", "0")
    assert line.startswith(f"--host: {said}"), line


def test_port_0_opens_a_free_port_and_says_which(tiny_site) -> None:
    site = small_site(tiny_site)
    command = [sys.executable, str(PROJECT / "build.py"), "serve", "--config", str(site.root / "config.toml")]
    process = subprocess.Popen(
        [*command, "--port", "0"], cwd=site.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        line = next(line for line in process.stdout if line.startswith("Pratinjau:"))
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        assert port != 0
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.sendall(f"HEAD / HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n".encode())
            assert connection.recv(1024).startswith(b"HTTP/1.1 200 OK")
    finally:
        process.terminate()
        process.wait(timeout=10)

"""`build.py import feed`: the entries of an RSS 2.0 or Atom feed as articles, with a warning
that a feed holds only the latest entries."""

from __future__ import annotations

import re

import pytest
import yaml
from importers.helpers import run_import, serving, state

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Kabar Kampus STKS</title>
  <link>https://kabar.stks.ac.id</link>
  <description>Berita kampus</description>
  <item>
    <title>Kuliah Tamu: Pekerja Sosial di Rumah Sakit</title>
    <link>https://kabar.stks.ac.id/2024/05/14/kuliah-tamu-pekerja-sosial-rumah-sakit/</link>
    <dc:creator><![CDATA[Humas STKS]]></dc:creator>
    <pubDate>Tue, 14 May 2024 02:30:00 +0000</pubDate>
    <category><![CDATA[Berita]]></category>
    <category><![CDATA[Kuliah Tamu]]></category>
    <guid isPermaLink="false">https://kabar.stks.ac.id/?p=812</guid>
    <description><![CDATA[Program studi menghadirkan praktisi rumah sakit [&#8230;]]]></description>
    <content:encoded><![CDATA[<p>Program Studi Pekerjaan Sosial menghadirkan praktisi dari <strong>RSUP Hasan Sadikin</strong>.</p>
<ul><li>Sesi pertama<ul><li>tanya jawab</li></ul></li></ul>
<p><iframe src="https://www.youtube.com/embed/Ab12Cd34" width="560" height="315"></iframe></p>]]></content:encoded>
  </item>
  <item>
    <title>Pengumuman Libur Idulfitri</title>
    <link>https://kabar.stks.ac.id/2024/04/01/libur-idulfitri/</link>
    <pubDate>Mon, 01 Apr 2024 01:00:00 +0000</pubDate>
    <category><![CDATA[Pengumuman]]></category>
    <guid isPermaLink="false">https://kabar.stks.ac.id/?p=790</guid>
    <description><![CDATA[Perkuliahan diliburkan mulai 8 April 2024.]]></description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Blog Himpunan Mahasiswa</title>
  <link href="https://hima.example.ac.id/"/>
  <id>tag:hima.example.ac.id,2024:blog</id>
  <updated>2024-06-02T03:00:00Z</updated>
  <entry>
    <title type="html">Bakti Sosial &amp;amp; Donor Darah</title>
    <link rel="alternate" href="https://hima.example.ac.id/2024/06/bakti-sosial.html"/>
    <id>tag:hima.example.ac.id,2024:post-1</id>
    <published>2024-06-01T10:00:00+07:00</published>
    <updated>2024-06-01T10:00:00+07:00</updated>
    <author><name>Divisi Humas HIMA</name></author>
    <category term="Prestasi Mahasiswa"/>
    <content type="html">&lt;p&gt;Himpunan mahasiswa menggelar bakti sosial.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def front(path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_rss_feed_from_a_file(tiny_site, tmp_path, capsys) -> None:
    site = tiny_site()
    (tmp_path / "umpan.xml").write_text(RSS, encoding="utf-8")
    assert run_import(site, tmp_path / "umpan.xml", kind="feed") == 0
    out = capsys.readouterr().out
    assert "umpan (RSS/Atom) biasanya hanya memuat tulisan terbaru" in out
    assert re.search(r"Artikel terbit\s+2\n", out)
    lecture = site.root / "content/2024/kuliah-tamu-pekerja-sosial-rumah-sakit.md"
    fields = front(lecture)
    assert fields["title"] == "Kuliah Tamu: Pekerja Sosial di Rumah Sakit"
    assert fields["author"] == "Humas STKS" and fields["category"] == "berita" and fields["tags"] == ["Kuliah Tamu"]
    assert fields["summary"] == "Program studi menghadirkan praktisi rumah sakit"
    assert fields["aliases"] == ["/2024/05/14/kuliah-tamu-pekerja-sosial-rumah-sakit/"]
    text = lecture.read_text(encoding="utf-8")
    assert "date: 2024-05-14T09:30:00" in text
    assert "- Sesi pertama\n    - tanya jawab" in text
    assert "[Tonton video di YouTube](https://www.youtube.com/watch?v=Ab12Cd34)" in text
    assert front(site.root / "content/2024/libur-idulfitri.md")["category"] == "pengumuman"
    assert "umpan hanya memuat ringkasan" in (site.root / ".cache/impor/laporan-umpan.md").read_text(encoding="utf-8")
    assert site.build() == 0
    assert (site.output / "2024/05/14/kuliah-tamu-pekerja-sosial-rumah-sakit/index.html").is_file()
    before = state(site.root / "content")
    assert run_import(site, tmp_path / "umpan.xml", kind="feed") == 0
    assert state(site.root / "content") == before


def test_atom_feed_from_an_address(tiny_site, tmp_path) -> None:
    site = tiny_site()
    (tmp_path / "web").mkdir()
    (tmp_path / "web/feeds.xml").write_text(ATOM, encoding="utf-8")
    with serving(tmp_path / "web") as address:
        assert run_import(site, f"{address}/feeds.xml", kind="feed") == 0
    fields = front(site.root / "content/2024/bakti-sosial.md")
    assert fields["title"] == "Bakti Sosial & Donor Darah" and fields["category"] == "prestasi"
    assert fields["author"] == "Divisi Humas HIMA" and fields["aliases"] == ["/2024/06/bakti-sosial.html"]
    assert site.build() == 0
    assert (site.output / "2024/06/bakti-sosial.html").is_file()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"bukan umpan sama sekali", "bukan umpan RSS atau Atom"),
        (RSS.encode()[:1500], "bukan umpan RSS atau Atom yang utuh (baris"),
        (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><item><title>&x;</title></item></channel></rss>',
            "DTD atau entitas",
        ),
        (
            b'<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel></channel></rss>',
            "pakai `import wordpress`",
        ),
    ],
    ids=["teks", "terpotong", "xxe", "ekspor-wordpress"],
)
def test_bad_feed_is_refused_and_nothing_is_written(tiny_site, tmp_path, capsys, data, message) -> None:
    site = tiny_site()
    (tmp_path / "umpan.xml").write_bytes(data)
    before = state(site.root)
    assert run_import(site, tmp_path / "umpan.xml", kind="feed") == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert state(site.root) == before


def test_feed_address_with_offline_is_refused(tiny_site, capsys) -> None:
    site = tiny_site()
    assert run_import(site, "https://kabar.stks.ac.id/feed/", "--offline", kind="feed") == 1
    assert "simpan umpannya sebagai file dulu" in capsys.readouterr().err

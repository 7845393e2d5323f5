"""Synthetic corpus for the benchmark: the same articles for berita, Pelican and Hugo.

`write_sites(root, n, seed)` makes three sites under `root`:

    root/berita/   config.toml + content/YYYY/<slug>.md   (berita's front matter schema)
    root/pelican/  pelicanconf.py + content/YYYY/<slug>.md (Title:/Date:/Tags:/… metadata)
    root/hugo/     hugo.toml + layouts/ + content/artikel/YYYY/<slug>.md (YAML front matter)

Every article has the same body in the three sites; only links to other articles are written
the way each generator resolves them (berita: the source file, Pelican: `{filename}`, Hugo: the
URL). Everything comes from one `random.Random(seed)`, so a seed always gives the same corpus.
Run it alone to look at a corpus: `python bench/corpus.py 50 /tmp/corpus`; with `--photos`
every berita article gets a lead photo (`add_photos`).
"""

from __future__ import annotations

import io
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
SEED = 20240421
FIRST_DAY = datetime(2015, 1, 1, 7, 0)
DAYS = 3652  # ten years: 2015-01-01 to 2024-12-31
CATEGORIES = {"berita": 45, "pengumuman": 20, "agenda": 20, "prestasi": 15}
EVENT_SHARE_OF_BERITA = 0.3  # with every agenda article, about a third of all articles have an event

TAGS = [
    "beasiswa", "kuliah tamu", "pekerjaan sosial", "pengabdian masyarakat", "penelitian", "wisuda",
    "mahasiswa baru", "pkkmb", "seminar nasional", "webinar", "workshop", "pelatihan",
    "kewirausahaan sosial", "rehabilitasi sosial", "perlindungan anak", "lansia", "disabilitas",
    "kesehatan mental", "kerja sama", "dinas sosial", "kementerian sosial", "akreditasi",
    "kurikulum", "magang", "praktikum", "lomba", "prestasi mahasiswa", "karya tulis ilmiah",
    "dosen", "hibah penelitian", "jurnal", "perpustakaan", "alumni", "karier", "ukm",
    "olahraga", "seni budaya", "bakti sosial", "desa binaan", "pemberdayaan masyarakat",
    "kemiskinan", "bencana", "relawan", "penyuluhan sosial", "media sosial", "literasi digital",
    "antiperundungan", "kesetaraan gender", "keluarga", "remaja", "narkoba", "inklusi",
    "pendampingan", "kebijakan sosial", "internasional", "pertukaran pelajar", "ujian", "libur semester",
    "penerimaan mahasiswa", "dies natalis",
]  # fmt: skip

SUBJECTS = [
    "Politeknik Kesejahteraan Sosial Bandung", "Prodi Pekerjaan Sosial", "Prodi Rehabilitasi Sosial",
    "Prodi Penyuluhan Sosial", "Prodi Perlindungan dan Pemberdayaan Sosial", "Bagian Kemahasiswaan",
    "Lembaga Penelitian dan Pengabdian kepada Masyarakat", "Badan Eksekutif Mahasiswa", "para dosen",
    "mahasiswa tingkat akhir", "tim pendamping", "panitia pelaksana", "Direktur Poltekesos",
    "Wakil Direktur Bidang Akademik", "pengurus himpunan mahasiswa", "para alumni", "peserta kegiatan",
    "narasumber", "mitra lembaga", "Dinas Sosial Provinsi Jawa Barat",
]  # fmt: skip
VERBS = [
    "menyelenggarakan", "mengadakan", "membahas", "menekankan", "menjelaskan", "memaparkan",
    "mendukung", "mengembangkan", "meningkatkan", "memperkuat", "menyampaikan", "merancang",
    "mengevaluasi", "mendampingi", "melaksanakan", "menyusun", "mengapresiasi", "mendorong",
    "memperkenalkan", "mengkaji",
]  # fmt: skip
OBJECTS = [
    "program pemberdayaan masyarakat", "pendampingan keluarga penerima manfaat", "layanan rehabilitasi sosial",
    "kurikulum berbasis praktik", "penelitian terapan", "kerja sama antarlembaga", "kegiatan pengabdian",
    "kompetensi pekerja sosial", "perlindungan anak di ruang digital", "kesehatan mental mahasiswa",
    "pelayanan bagi penyandang disabilitas", "penanganan lanjut usia terlantar", "literasi keuangan keluarga",
    "kewirausahaan sosial di desa binaan", "penyusunan laporan praktikum", "sistem informasi kesejahteraan sosial",
    "data terpadu kesejahteraan sosial", "kampanye antiperundungan", "penguatan karakter mahasiswa",
    "rencana strategis kampus", "program magang di lembaga mitra", "materi kuliah lapangan",
]  # fmt: skip
CONTEXTS = [
    "secara daring melalui Zoom Meeting", "di Aula Poltekesos Bandung", "di Gedung Serbaguna kampus",
    "bersama perwakilan pemerintah daerah", "selama tiga hari berturut-turut", "pada semester ganjil",
    "pada semester genap", "dengan melibatkan masyarakat setempat", "sesuai arahan pimpinan",
    "sebagai bagian dari tridarma perguruan tinggi", "dalam rangka dies natalis", "di Kabupaten Bandung Barat",
    "di Kecamatan Sukasari", "bersama mitra industri", "secara hibrida", "menjelang akhir tahun akademik",
]  # fmt: skip
CONNECTORS = [
    "Selain itu,", "Dalam kesempatan tersebut,", "Menurut panitia,", "Di sisi lain,", "Lebih lanjut,",
    "Oleh karena itu,", "Sementara itu,", "Pada sesi berikutnya,", "Sebagai tindak lanjut,", "Dengan demikian,",
]  # fmt: skip
QUALIFIERS = [
    "yang berkelanjutan", "yang tepat sasaran", "secara menyeluruh", "dengan sungguh-sungguh",
    "bagi sivitas akademika", "bagi masyarakat luas", "sesuai kebutuhan lapangan", "secara bertahap",
    "dengan penuh semangat", "yang inklusif",
]  # fmt: skip
HEADINGS = [
    "Latar Belakang Kegiatan", "Jalannya Acara", "Materi yang Disampaikan", "Tanggapan Peserta",
    "Rencana Tindak Lanjut", "Persyaratan", "Tata Cara Pendaftaran", "Jadwal Kegiatan", "Capaian dan Harapan",
    "Peran Pekerja Sosial", "Kerja Sama dengan Mitra", "Hasil Evaluasi", "Catatan Panitia", "Informasi Lanjutan",
]  # fmt: skip
LIST_ITEMS = [
    "Mengisi formulir pendaftaran secara lengkap", "Melampirkan kartu tanda mahasiswa",
    "Mengikuti sesi pembukaan tepat waktu", "Membawa laptop dan alat tulis", "Menyusun laporan kegiatan",
    "Berkoordinasi dengan dosen pembimbing", "Mengunggah dokumen dalam satu berkas PDF",
    "Menjaga ketertiban selama kegiatan", "Mengikuti evaluasi di akhir sesi", "Menyebarkan informasi kepada rekan",
    "Memperhatikan protokol kesehatan", "Mengisi daftar hadir peserta",
]  # fmt: skip
EVENTS = ["Kuliah Tamu", "Seminar Nasional", "Webinar", "Workshop", "Pelatihan", "Pengabdian Masyarakat", "Lokakarya"]
TOPICS = [
    "Kewirausahaan Sosial", "Perlindungan Anak", "Kesehatan Mental Remaja", "Rehabilitasi Sosial Lansia",
    "Penyuluhan Sosial Digital", "Pemberdayaan Keluarga", "Inklusi Disabilitas", "Kebijakan Sosial Daerah",
    "Literasi Digital", "Pencegahan Perundungan", "Penanggulangan Bencana", "Pengentasan Kemiskinan",
]  # fmt: skip
ACHIEVEMENTS = ["Juara I", "Juara II", "Juara III", "Medali Emas", "Penghargaan Terbaik", "Finalis"]
CONTESTS = ["Lomba Karya Tulis Ilmiah", "Lomba Video Kampanye", "Debat Mahasiswa", "Kompetisi Esai", "Pekan Olahraga"]
ANNOUNCEMENTS = [
    "Pendaftaran Beasiswa", "Jadwal Ujian Akhir Semester", "Penerimaan Mahasiswa Baru", "Libur Semester",
    "Pendaftaran Wisuda", "Seleksi Pertukaran Pelajar", "Pembayaran Uang Kuliah",
]  # fmt: skip
NAMES = [
    "Dr. Siti Rahmawati, M.Si.", "Drs. Ujang Sobari, M.Si.", "Dr. Agus Setiawan", "Dewi Lestari, M.Sos.",
    "Prof. Bambang Wibisono", "Rina Marlina, S.ST.", "Dr. Hendra Gunawan", "Nurul Hidayah, M.Kesos.",
    "Yusuf Maulana", "Dr. Ratna Sari Dewi",
]  # fmt: skip
# How a news report ends a quote: "…," ujar Nama, Jabatan.
SAID = ["ujar", "kata", "jelas", "tutur", "ungkap"]
ROLES = ["Dosen Pekerjaan Sosial", "Kepala Dinas Sosial", "Praktisi Rehabilitasi Sosial", "Peneliti", "Ketua Prodi"]
VENUES = ["Aula Poltekesos Bandung", "Gedung Serbaguna", "Ruang Seminar Lantai 3", "Balai Desa Sukalaksana"]
PLATFORMS = ["Zoom Meeting", "Google Meet", "YouTube Poltekesos"]
EVENT_TYPES = ["kuliah_tamu", "seminar", "webinar", "workshop", "pelatihan", "lainnya"]
EXTERNAL = [
    "https://poltekesos.ac.id/", "https://kemensos.go.id/", "https://www.instagram.com/poltekesosbandung/",
    "https://dinsos.jabarprov.go.id/", "https://pddikti.kemdikbud.go.id/",
]  # fmt: skip

LINK = re.compile(r"\(@@(\d+)@@\)")


@dataclass(eq=False)  # hashed by identity: the harness keys saved texts by article
class Article:
    index: int
    slug: str
    title: str
    date: datetime
    category: str
    tags: list[str]
    summary: str
    body: str  # internal links written as (@@index@@)
    event: dict | None = None
    extra: dict = field(default_factory=dict)

    @property
    def folder(self) -> str:
        return f"{self.date.year:04d}"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Writer:
    """Sentences, paragraphs and whole articles from the vocabulary above."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self) -> str:
        r = self.rng
        words = [r.choice(SUBJECTS), r.choice(VERBS), r.choice(OBJECTS)]
        if r.random() < 0.6:
            words.append(r.choice(CONTEXTS))
        if r.random() < 0.5:
            words.append(r.choice(QUALIFIERS))
        if r.random() < 0.3:
            words.insert(0, r.choice(CONNECTORS))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, count: int, links: list[str]) -> str:
        sentences = [self.sentence() for _ in range(count)]
        if links and self.rng.random() < 0.5:
            # emphasis and a link inside a sentence, as authors write them
            pick = self.rng.randrange(len(sentences))
            words = sentences[pick].split(" ")
            at = self.rng.randrange(1, max(2, len(words) - 2))
            words[at] = f"[{words[at]}]({links.pop()})"
            if self.rng.random() < 0.4:
                words[0] = f"**{words[0]}**"
            sentences[pick] = " ".join(words)
        return " ".join(sentences)

    def quote(self) -> str:
        """Quoted speech, as most news reports have it: "…," ujar Nama, Jabatan."""
        r = self.rng
        said = " ".join(self.sentence() for _ in range(r.randint(1, 2)))[:-1]  # its full stop becomes the comma
        return f'"{said}," {r.choice(SAID)} {r.choice(NAMES)}, {r.choice(ROLES)}.'

    def table(self) -> str:
        r = self.rng
        rows = ["| Kegiatan | Waktu | Tempat |", "|---|---|---|"]
        for _ in range(r.randint(3, 5)):
            rows.append(
                f"| {r.choice(EVENTS)} {r.choice(TOPICS)} | {r.randint(8, 15):02d}.00 WIB | {r.choice(VENUES)} |"
            )
        return "\n".join(rows)

    def listing(self) -> str:
        items = self.rng.sample(LIST_ITEMS, self.rng.randint(3, 6))
        if self.rng.random() < 0.5:
            return "\n".join(f"- {item}." for item in items)
        return "\n".join(f"{n}. {item}." for n, item in enumerate(items, 1))

    def body(self, index: int, total: int) -> str:
        """600 to 900 words: lead, 2 to 4 sections with headings, lists, links, quoted speech,
        sometimes a table."""
        r = self.rng
        target = r.randint(600, 900)
        links = [r.choice(EXTERNAL) for _ in range(r.randint(1, 2))]
        if total > 1:
            links += [f"@@{(index + r.randint(1, total - 1)) % total}@@" for _ in range(r.randint(0, 2))]
        r.shuffle(links)
        blocks = [self.paragraph(r.randint(3, 5), links), self.paragraph(r.randint(2, 4), links)]
        if r.random() < 0.8:
            blocks.append(self.quote())
        words = sum(len(b.split()) for b in blocks)
        headings = r.sample(HEADINGS, r.randint(2, 4))
        table_in = r.randrange(len(headings)) if r.random() < 0.2 else -1  # a table now and then
        for number, heading in enumerate(headings):
            section_end = words + (target - words) / (len(headings) - number)
            blocks.append(f"## {heading}")
            blocks.append(self.paragraph(r.randint(2, 5), links))
            if r.random() < 0.3:
                blocks.append(self.quote())
            if r.random() < 0.6:
                blocks.append(self.listing())
            if number == table_in:
                blocks.append(self.table())
            words = sum(len(b.split()) for b in blocks)
            while words < section_end:
                blocks.append(self.paragraph(r.randint(2, 5), links))
                words = sum(len(b.split()) for b in blocks)
        blocks.append(
            "Ikuti kabar terbaru di Instagram [@poltekesosbandung](https://www.instagram.com/poltekesosbandung/)."
        )
        return "\n\n".join(blocks) + "\n"

    def title(self, category: str, year: int) -> str:
        r = self.rng
        if category == "prestasi":
            return f"Mahasiswa Raih {r.choice(ACHIEVEMENTS)} {r.choice(CONTESTS)} {year}"
        if category == "pengumuman":
            return f"{r.choice(ANNOUNCEMENTS)} Tahun Akademik {year}/{year + 1}"
        return f"{r.choice(EVENTS)} {r.choice(TOPICS)} di Poltekesos"

    def person(self) -> dict:
        return {"name": self.rng.choice(NAMES), "role": self.rng.choice(ROLES)}

    def event(self, date: datetime) -> dict:
        r = self.rng
        start = (date + timedelta(days=r.randint(-3, 10))).replace(hour=r.choice([8, 9, 13]), minute=0)
        mode = r.choice(["daring", "luring", "hibrida"])
        event: dict = {"start": start, "end": start + timedelta(hours=r.choice([2, 3, 4])), "mode": mode}
        if mode in ("daring", "hibrida"):
            event["platform"] = r.choice(PLATFORMS)
        if mode in ("luring", "hibrida"):
            event["venue"] = r.choice(VENUES)
        event["type"] = r.choice(EVENT_TYPES)
        event["speakers"] = [self.person() for _ in range(r.randint(1, 3))]
        event["participants"] = r.randint(20, 400)
        return event


def make_articles(n: int, seed: int = SEED) -> list[Article]:
    """`n` articles, always the same ones for the same `n` and `seed`."""
    rng = random.Random(seed)
    writer = Writer(rng)
    names, weights = list(CATEGORIES), list(CATEGORIES.values())
    articles = []
    for index in range(n):
        date = FIRST_DAY + timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(0, 10 * 60, 5))
        category = rng.choices(names, weights)[0]
        title = writer.title(category, date.year)
        slug = f"{slugify(title)}-{index + 1}"
        tags = rng.sample(TAGS, rng.randint(1, 4))
        has_event = category == "agenda" or (category == "berita" and rng.random() < EVENT_SHARE_OF_BERITA)
        event = writer.event(date) if has_event else None
        summary = writer.sentence()
        body = writer.body(index, n)
        articles.append(Article(index, slug, title, date, category, tags, summary, body, event))
    return articles


# ---- berita --------------------------------------------------------------------------------


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml(value: object, indent: int) -> list[str]:
    """A tiny YAML writer for the front matter's shapes (dicts, lists of dicts, scalars)."""
    pad = " " * indent
    lines = []
    for key, item in value.items():  # type: ignore[union-attr]
        if isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            lines += _yaml(item, indent + 2)
        elif isinstance(item, list) and item and isinstance(item[0], dict):
            lines.append(f"{pad}{key}:")
            for element in item:
                inner = _yaml(element, indent + 4)
                lines.append(f"{pad}  - {inner[0].lstrip()}")
                lines += inner[1:]
        elif isinstance(item, list):
            lines.append(f"{pad}{key}: [{', '.join(_yaml_text(x) for x in item)}]")
        elif isinstance(item, datetime):
            lines.append(f"{pad}{key}: {item.strftime('%Y-%m-%dT%H:%M:%S')}")
        elif isinstance(item, int):
            lines.append(f"{pad}{key}: {item}")
        else:
            lines.append(f"{pad}{key}: {_yaml_text(str(item))}")
    return lines


def berita_text(article: Article, by_index: dict[int, Article]) -> str:
    front: dict = {
        "title": article.title,
        "date": article.date,
        "category": article.category,
        "tags": article.tags,
        "summary": article.summary,
    }
    if article.event:
        front["event"] = article.event
    body = LINK.sub(
        lambda m: f"(../{by_index[int(m.group(1))].folder}/{by_index[int(m.group(1))].slug}.md)", article.body
    )
    return "---\n" + "\n".join(_yaml(front, 0)) + "\n---\n\n" + body


BERITA_CONFIG = """\
# berita benchmark site (generated by bench/corpus.py)
title = "BERITA BENCH"
description = "Korpus sintetis untuk mengukur kecepatan berita."
base_url = "https://berita.example.ac.id/"
language = "id"
timezone = "Asia/Jakarta"
per_page = 10
default_author = "Humas Poltekesos Bandung"

[organization]
name = "Politeknik Kesejahteraan Sosial (Poltekesos) Bandung"
short_name = "Poltekesos Bandung"
logo = "/img/logo.svg"

[folders]
content = "content"
templates = "{templates}"
static = "{static}"
output = "output"

[search]
enabled = false
"""


# ---- Pelican and Hugo ----------------------------------------------------------------------


def pelican_text(article: Article, by_index: dict[int, Article]) -> str:
    head = [
        f"Title: {article.title}",
        f"Date: {article.date.strftime('%Y-%m-%d %H:%M')}",
        f"Category: {article.category}",
        f"Tags: {', '.join(article.tags)}",
        f"Slug: {article.slug}",
        f"Summary: {article.summary}",
    ]
    body = LINK.sub(
        lambda m: f"({{filename}}/{by_index[int(m.group(1))].folder}/{by_index[int(m.group(1))].slug}.md)", article.body
    )
    return "\n".join(head) + "\n\n" + body


def hugo_text(article: Article, by_index: dict[int, Article]) -> str:
    def url(m: re.Match) -> str:
        other = by_index[int(m.group(1))]
        return f"(/{other.date.year:04d}/{other.date.month:02d}/{other.slug}/)"

    front = [
        "---",
        f"title: {_yaml_text(article.title)}",
        f"date: {article.date.strftime('%Y-%m-%dT%H:%M:%S')}+07:00",
        f"tags: [{', '.join(_yaml_text(t) for t in article.tags)}]",
        f"categories: [{article.category}]",
        f"slug: {article.slug}",
        f"summary: {_yaml_text(article.summary)}",
        "---",
    ]
    return "\n".join(front) + "\n\n" + LINK.sub(url, article.body)


# ---- the three sites -----------------------------------------------------------------------


def write_sites(root: Path, n: int, seed: int = SEED, project: Path = PROJECT) -> list[Article]:
    """Write the berita, Pelican and Hugo sites of `n` articles under `root`; return the articles.

    The berita site uses the templates and static files of the berita checkout `project`.
    """
    articles = make_articles(n, seed)
    by_index = {a.index: a for a in articles}
    berita, pelican, hugo = root / "berita", root / "pelican", root / "hugo"
    for article in articles:
        for folder, text in (
            (berita / "content" / article.folder, berita_text(article, by_index)),
            (pelican / "content" / article.folder, pelican_text(article, by_index)),
            (hugo / "content" / "artikel" / article.folder, hugo_text(article, by_index)),
        ):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{article.slug}.md").write_text(text, encoding="utf-8")
    config = BERITA_CONFIG.format(templates=project / "templates", static=project / "static")
    (berita / "config.toml").write_text(config, encoding="utf-8")
    shutil.copy(BENCH / "pelican" / "pelicanconf.py", pelican / "pelicanconf.py")
    shutil.copy(BENCH / "hugo" / "hugo.toml", hugo / "hugo.toml")
    shutil.copytree(BENCH / "hugo" / "layouts", hugo / "layouts")
    return articles


# A phone photo as a newsroom uploads it (scaled down by the phone's sharing, not by the staff).
PHOTO_SIZE = (2400, 1600)
PHOTO_PICTURES = 8
PHOTO_ALT = "Suasana kegiatan mahasiswa di kampus Poltekesos Bandung"


def add_photos(site: Path, articles: list[Article], seed: int = SEED) -> None:
    """A lead photo beside every article of the berita site `site`, named in its front matter.

    A few pictures are drawn; every file differs from the others by a JPEG comment, so each is
    a photo of its own to read, hash and cache, and costs what a real one costs to decode.
    """
    from PIL import Image, ImageDraw, ImageFilter  # only here: the corpus itself needs no Pillow

    rng = random.Random(seed)
    grain = Image.effect_noise(PHOTO_SIZE, 30).convert("RGB")
    pictures = []
    for _ in range(PHOTO_PICTURES):
        image = Image.new("RGB", PHOTO_SIZE, tuple(rng.randrange(256) for _ in range(3)))
        draw = ImageDraw.Draw(image)
        for _ in range(14):
            x, y = rng.randrange(PHOTO_SIZE[0]), rng.randrange(PHOTO_SIZE[1])
            box = (x, y, x + rng.randrange(150, 900), y + rng.randrange(150, 700))
            draw.ellipse(box, fill=tuple(rng.randrange(256) for _ in range(3)))
        image = Image.blend(image.filter(ImageFilter.GaussianBlur(4)), grain, 0.12)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
        pictures.append(out.getvalue())
    for article in articles:
        folder = site / "content" / article.folder
        data = pictures[article.index % len(pictures)]
        comment = f"foto {article.slug}".encode()
        unique = data[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + data[2:]
        (folder / f"{article.slug}.jpg").write_bytes(unique)
        source = folder / f"{article.slug}.md"
        text = source.read_text(encoding="utf-8")
        lead = f'---\nimage: {{src: "{article.slug}.jpg", alt: "{PHOTO_ALT}"}}\n'
        source.write_text(text.replace("---\n", lead, 1), encoding="utf-8")


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("corpus")
    made = write_sites(target, count)
    if "--photos" in sys.argv:
        add_photos(target / "berita", made)
    words = [len(LINK.sub("(x)", a.body).split()) for a in made]
    events = sum(1 for a in made if a.event)
    print(f"{len(made)} articles in {target}: {min(words)}-{max(words)} words, {events} with events")

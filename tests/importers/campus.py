"""The export most tests import: a campus news site with every kind of post and body an
Indonesian WordPress site has after a few years."""

from __future__ import annotations

from .exports import Post, attachment, export

SITE = "https://poltekesos.ac.id"

BLOCK_BODY = """<!-- wp:paragraph -->
<p>Politeknik Kesejahteraan Sosial (Poltekesos) Bandung menggelar <strong>Seminar Nasional Pekerjaan Sosial</strong> pada Rabu (21/4/2021) di <a href="https://poltekesos.ac.id/2021/03/10/pendaftaran-seminar/">Auditorium</a>.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2 class="wp-block-heading">Rangkaian Kegiatan</h2>
<!-- /wp:heading -->

<!-- wp:list -->
<ul class="wp-block-list"><!-- wp:list-item -->
<li>Pembukaan oleh Direktur<!-- wp:list -->
<ul class="wp-block-list"><!-- wp:list-item -->
<li>Sambutan Ketua Panitia</li>
<!-- /wp:list-item --><!-- wp:list-item -->
<li>Doa bersama</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list --></li>
<!-- /wp:list-item --><!-- wp:list-item -->
<li>Paparan narasumber</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list -->

<!-- wp:table -->
<figure class="wp-block-table"><table><thead><tr><th>No</th><th>Kegiatan</th><th>Waktu</th></tr></thead><tbody><tr><td>1</td><td>Registrasi</td><td>08.00 WIB</td></tr><tr><td>2</td><td>Seminar | sesi 1</td><td>09.00 WIB</td></tr></tbody></table></figure>
<!-- /wp:table -->

<!-- wp:image {"id":101,"sizeSlug":"large"} -->
<figure class="wp-block-image size-large"><img src="https://poltekesos.ac.id/wp-content/uploads/2021/04/seminar-nasional-1024x683.jpg" alt="Peserta seminar di auditorium" class="wp-image-101"/><figcaption class="wp-element-caption">Peserta seminar nasional.</figcaption></figure>
<!-- /wp:image -->

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ","type":"video","providerNameSlug":"youtube"} -->
<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=dQw4w9WgXcQ
</div><figcaption>Rekaman seminar</figcaption></figure>
<!-- /wp:embed -->

<!-- wp:latest-posts {"postsToShow":3} /-->

<!-- wp:paragraph -->
<p>Contoh kode &lt;script&gt;alert(1)&lt;/script&gt; ditulis sebagai teks, 5 * 3 = 15.</p>
<!-- /wp:paragraph -->"""

CLASSIC_BODY = """Poltekesos Bandung membuka <strong>pendaftaran seminar</strong> untuk mahasiswa dan umum.

[caption id="attachment_102" align="aligncenter" width="1024"]<a href="https://poltekesos.ac.id/wp-content/uploads/2021/03/poster-seminar.png"><img class="size-large wp-image-102" src="https://poltekesos.ac.id/wp-content/uploads/2021/03/poster-seminar-1024x576.png" alt="Poster seminar nasional" width="1024" height="576" /></a> Poster resmi seminar nasional[/caption]

<h3>Syarat Pendaftaran</h3>
<ol>
	<li>Mengisi formulir</li>
	<li>Membayar biaya
<ul>
	<li>mahasiswa gratis</li>
	<li>umum Rp50.000</li>
</ul>
</li>
</ol>
Informasi lebih lanjut:
Bagian Kemahasiswaan
Jl. Ir. H. Juanda No. 367, Bandung

https://youtu.be/abcdefghijk

[gallery ids="103,104"]

[contact-form-7 id="12" title="Pendaftaran"]"""


def campus_posts(site: str = SITE) -> list:
    seminar = Post(
        201,
        "Seminar Nasional: Pekerjaan Sosial di Era Digital",
        "seminar-nasional-pekerjaan-sosial",
        BLOCK_BODY.replace(SITE, site),
        creator="rina",
        modified_gmt="2021-05-02 03:00:00",
        excerpt="Seminar nasional menghadirkan praktisi &amp; akademisi pekerjaan sosial.",
        terms=[
            ("category", "berita", "Berita"),
            ("category", "kemahasiswaan", "Kemahasiswaan"),
            ("post_tag", "seminar", "Seminar"),
        ],
        meta=[("_thumbnail_id", "101"), ("_wp_old_slug", "seminar-nasional-2021"), ("_edit_last", "2")],
    )
    registration = Post(
        150,
        "Pendaftaran Seminar Nasional Dibuka",
        "pendaftaran-seminar",
        CLASSIC_BODY.replace(SITE, site),
        date="2021-03-10 09:00:00",
        date_gmt="2021-03-10 02:00:00",
        terms=[("category", "pengumuman", "Pengumuman"), ("post_tag", "kuliah-tamu", "kuliah tamu")],
        meta=[("_thumbnail_id", "102")],
    )
    return [
        registration,
        attachment(101, site, "2021/04/seminar-nasional.jpg", 201, alt="Peserta seminar nasional di auditorium"),
        attachment(102, site, "2021/03/poster-seminar.png", 150, caption="Poster seminar"),
        attachment(
            103, site, "2021/03/kampus-depan.jpg", 150, alt="Gedung kampus tampak depan", caption="Gedung utama"
        ),
        attachment(104, site, "2021/03/kampus-aula.jpg", 150, alt="Aula kampus"),
        seminar,
        Post(
            202,
            "Mahasiswa Juara Lomba Karya Tulis",
            "%e2%80%9cjuara%e2%80%9d-lomba-karya-tulis-%d8%a7%d9%84%d8%b9%d8%b1%d8%a8%d9%8a%d8%a9",
            "<p>Tim mahasiswa meraih juara pertama.</p>",
            date="2021-06-01 10:00:00",
            date_gmt="2021-06-01 03:00:00",
            terms=[("category", "prestasi-mahasiswa", "Prestasi Mahasiswa"), ("category", "agenda", "Agenda")],
        ),
        Post(
            203,
            "Draf Berita Wisuda",
            "",
            "<p>Masih ditulis.</p>",
            status="draft",
            date="2021-09-01 10:00:00",
            date_gmt="0000-00-00 00:00:00",
        ),
        Post(
            204,
            "Rapat Pimpinan (menunggu tinjauan)",
            "rapat-pimpinan",
            "<p>Menunggu.</p>",
            status="pending",
            date="2021-09-02 10:00:00",
            date_gmt="2021-09-02 03:00:00",
        ),
        Post(
            205,
            "Catatan Internal",
            "catatan-internal",
            "<p>Hanya untuk pengelola.</p>",
            status="private",
            date="2021-09-03 10:00:00",
            date_gmt="2021-09-03 03:00:00",
        ),
        Post(
            206,
            "Wisuda Tahun Akademik 2099",
            "wisuda-2099",
            "<p>Wisuda akan digelar.</p>",
            status="future",
            date="2099-10-01 08:00:00",
            date_gmt="2099-10-01 01:00:00",
            link=f"{site}/?p=206",
        ),
        Post(207, "Tentang Kami", "tentang", "<p>Halaman profil.</p>", post_type="page", link=f"{site}/tentang/"),
        Post(208, "Beranda", "beranda", "", post_type="nav_menu_item", link=f"{site}/?p=208"),
        Post(209, "Berita Lama Dihapus", "berita-lama", "<p>x</p>", status="trash", date_gmt="2021-01-01 00:00:00"),
        Post(
            210,
            "Seminar Nasional: Pekerjaan Sosial di Era Digital",
            "seminar-nasional-pekerjaan-sosial-2",
            "<p>Ulasan kedua.</p>",
            date="2021-04-22 13:00:00",
            date_gmt="2021-04-22 06:00:00",
        ),
    ]


def campus_export(site: str = SITE) -> str:
    return export(campus_posts(site), site)

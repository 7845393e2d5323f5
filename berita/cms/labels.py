"""What the editor's form says about each front matter field: its Indonesian label and hint.

One table, by the field's dotted path from the article (`event.speakers`). A person has the
same fields wherever one appears (speakers, opened_by, moderator, represented_by), so a
person's own fields are written once, under `person.`. The body of the article is `body`.

Every hint is said in the author guide (docs/panduan-penulis.md) in the same words;
tests/test_cms.py holds the two together and checks that every schema field is here.
"""

from __future__ import annotations

FIELDS: dict[str, tuple[str, str]] = {
    "title": (
        "Judul",
        "Usahakan paling panjang 70 karakter; judul yang lebih panjang terpotong di hasil pencarian Google "
        "dan di pratinjau WhatsApp.",
    ),
    "date": (
        "Waktu terbit",
        "Tanggal ini juga menentukan alamat berita (/2021/04/…) dan urutannya di beranda dan arsip. "
        "Berita bertanggal di masa depan belum terbit dan baru muncul setelah waktunya tiba. "
        "Setelah berita terbit, jangan ubah waktu terbit lagi: alamat berita bisa ikut berubah dan tautan "
        "yang sudah dibagikan menjadi rusak.",
    ),
    "updated": ("Waktu diperbarui", "Tidak boleh lebih awal daripada waktu terbit."),
    "category": ("Kategori", "Kategori agenda selalu mendapat isian kegiatan."),
    "tags": (
        "Tag",
        'Tag yang hanya beda huruf besar-kecil ("Kuliah Tamu" dan "kuliah tamu") dianggap satu tag. '
        "Sebaiknya pakai ejaan yang sama dengan berita-berita lain (lihat daftar tag di /tag/).",
    ),
    "summary": (
        "Ringkasan",
        "Satu atau dua kalimat untuk beranda, daftar berita, dan pratinjau tautan di WhatsApp. "
        "Bila kosong, paragraf pertama isi berita dipakai.",
    ),
    "author": ("Penulis", "Bila kosong, dipakai penulis bawaan situs."),
    "image": ("Foto utama", "Foto tampil besar di bawah judul."),
    "image.src": ("Berkas foto", "Foto yang Anda unggah disimpan di folder yang sama dengan file berita."),
    "image.alt": (
        "Teks alternatif",
        "Teks pengganti foto untuk pembaca tunanetra (dibacakan oleh pembaca layar) dan bila foto gagal dimuat. "
        'Gambarkan isi fotonya, bukan "foto" atau nama file.',
    ),
    "image.caption": ("Keterangan foto", "Keterangan di bawah foto."),
    "image.credit": ("Pemilik foto", 'Pemilik foto; tampil sebagai "Foto: …", misalnya Humas.'),
    "body": (
        "Isi berita",
        "Paragraf pertama sebaiknya menjawab apa, siapa, kapan, dan di mana.",
    ),
    "slug": (
        "Alamat berita",
        "Biasanya tidak perlu ditulis, karena bawaannya adalah nama file. "
        "Hanya boleh huruf kecil a-z, angka 0-9, dan tanda -, paling panjang 100 karakter.",
    ),
    "draft": ("Draf", "Berita draf tampil di pratinjau (dengan tanda DRAF) tetapi tidak pernah terbit."),
    "featured": (
        "Berita utama",
        "Beranda dibuka dengan satu berita utama: fotonya besar, judulnya paling besar. "
        "Bawaannya adalah berita terbaru. Nyalakan untuk memilih berita ini.",
    ),
    "event": (
        "Info kegiatan",
        "Diisi untuk berita tentang sebuah kegiatan. "
        "Jangan pernah menulis tautan rapat Zoom/Meet di kolom mana pun: halaman situs dibaca siapa saja.",
    ),
    "event.start": ("Mulai", "Mulai kegiatan."),
    "event.end": ("Selesai", "Selesai kegiatan; tidak boleh sebelum waktu mulai."),
    "event.mode": ("Pelaksanaan", "Daring, luring, atau hibrida."),
    "event.platform": ("Platform", "Untuk daring/hibrida, misalnya Zoom Meeting atau kanal YouTube kampus."),
    "event.venue": ("Tempat", "Untuk luring/hibrida, misalnya aula atau auditorium kampus."),
    "event.type": ("Jenis kegiatan", "Kuliah tamu, seminar, webinar, workshop, pelatihan, atau lainnya."),
    "event.organizer": ("Penyelenggara", "Penyelenggara, misalnya Himpunan Mahasiswa Pekerjaan Sosial."),
    "event.study_program": ("Program studi", "Program studi, misalnya Pekerjaan Sosial Program Sarjana Terapan."),
    "event.course": ("Mata kuliah", "Mata kuliah (untuk kuliah tamu)."),
    "event.speakers": ("Narasumber", "Daftar narasumber."),
    "event.opened_by": ("Dibuka oleh", "Yang membuka acara."),
    "event.moderator": ("Moderator", "Moderator acara."),
    "event.participants": ("Jumlah peserta", "Jumlah peserta, angka saja."),
    "event.participants_note": (
        "Keterangan peserta",
        "Keterangan peserta, misalnya mahasiswa, dosen, dan pekerja sosial.",
    ),
    "person.name": ("Nama", "Nama lengkap dengan gelar."),
    "person.role": ("Jabatan", "Jabatan, misalnya Direktur atau Ketua Program Studi."),
    "person.affiliation": ("Lembaga asal", "Lembaga asal; tampil di dalam kurung."),
    "person.represented_by": (
        "Diwakili oleh",
        "Dipakai bila narasumber yang diundang diwakili oleh orang lain.",
    ),
    "form": ("Tombol formulir", "Tombol tampil di bawah isi berita."),
    "form.url": ("Alamat formulir", "Alamat formulir, diawali https:// (Google Form, formulir pendaftaran)."),
    "form.label": ("Tulisan pada tombol", 'Tulisan pada tombol; bawaannya "Isi Formulir".'),
    "form.closes": ("Ditutup", "Kapan formulir ditutup."),
    "aliases": (
        "Alamat lama",
        "Hanya untuk berita yang dipindahkan dari portal lama: alamat lama berita itu, diawali / (tanpa nama domain).",
    ),
}

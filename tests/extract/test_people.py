"""People and their posts, as Indonesian news writes them."""

from __future__ import annotations

import pytest

from .conftest import agency_name, person


@pytest.mark.parametrize(("body", "name", "prefix", "suffix", "title", "agency"), [
    # title, then name with degrees
    ("Kepala Dinas Kesehatan Kabupaten Klaten, dr. Siti Aminah, M.Kes, mengatakan bahwa layanan posyandu "
     "akan diperluas ke semua desa.",
     "Siti Aminah", "dr.", "M.Kes", "Kepala Dinas", "Dinas Kesehatan Kabupaten Klaten"),
    # name, then title with abbreviations: subdit › ditjen › ministry
    ("Sementara itu, Budi Santoso, Kasubdit Pengelolaan Media Dirjen IKP Kementerian Kominfo menjelaskan bahwa "
     "siaran pers harus terbit sebelum isu berkembang.",
     "Budi Santoso", None, None, "Kepala Subdirektorat Pengelolaan Media",
     "Direktorat Jenderal Informasi dan Komunikasi Publik"),
    # title and name without a comma, an acting head of region
    ("Pj Gubernur Jateng Nana Sudjana meminta seluruh bupati menyiapkan posko pengaduan banjir di setiap kecamatan.",
     "Nana Sudjana", None, None, "Penjabat Gubernur", "Pemerintah Provinsi Jawa Tengah"),
    # a bidang's head: the bidang is in the title, the agency is the dinas, its region qualified
    ("Kabid Statistik Diskominfo Kabupaten Magelang, Rina Kartika, S.Si., M.T., memaparkan bahwa data sektoral "
     "kini dapat diunduh warga.",
     "Rina Kartika", None, "S.Si., M.T.", "Kepala Bidang Statistik",
     "Dinas Komunikasi dan Informatika Kabupaten Magelang"),
    # a police rank is an honorific, not part of the name
    ("Kabid Humas Polda Jatim, Kombes Pol Dirmanto Wibowo, mengimbau warga tidak menyebarkan video kecelakaan itu.",
     "Dirmanto Wibowo", "Kombes Pol", None, "Kepala Bidang Humas", "Kepolisian Daerah Jawa Timur"),
    # regional secretary acting ad interim: attached to the city's government
    ("Pelaksana Harian (Plh) Sekretaris Daerah Kota Bitung, Ir. Frans Lumowa, MT, membuka kegiatan itu dan "
     "menyampaikan bahwa keterbukaan informasi adalah kewajiban.",
     "Frans Lumowa", "Ir.", "MT", "Pelaksana Harian Sekretaris Daerah", "Pemerintah Kota Bitung"),
])
def test_appositive_people_and_posts(extract, body, name, prefix, suffix, title, agency) -> None:
    doc = extract(body)
    p = person(doc, name)
    assert p.honorific_prefix == prefix
    assert p.honorific_suffix == suffix
    assert [pos.title for pos in p.positions] == [title]
    assert agency_name(doc, p.positions[0].agency) == agency


def test_agency_hierarchy_from_compound_names(extract) -> None:
    doc = extract("Kepala Bidang Aplikasi Informatika Dinas Komunikasi dan Informatika Provinsi Jawa Timur, "
                  "Arief Setiawan, menyampaikan bahwa aplikasi layanan warga sudah dipakai di 38 daerah.")
    by_key = {a.key: a for a in doc.agencies}
    dinas = next(a for a in doc.agencies if a.name == "Dinas Komunikasi dan Informatika Provinsi Jawa Timur")
    assert by_key[dinas.parent].name == "Pemerintah Provinsi Jawa Timur"
    bidang = next(a for a in doc.agencies if a.name.startswith("Bidang Aplikasi Informatika"))
    assert bidang.parent == dinas.key


def test_nickname_and_misspelling_join_the_person(extract) -> None:
    doc = extract("Ketua Komisi B DPRD Kabupaten Kapuas, H. Rudi Hartono, SE, menilai anggaran promosi terlalu kecil. "
                  "“Kami akan memperjuangkan tambahan anggaran itu pada pembahasan berikutnya,” tegas politisi yang "
                  "akrab disapa Bang Rudi itu.\n\nRudy kemudian meminta dinas menyiapkan data kunjungan wisatawan.")
    assert [p.name for p in doc.people] == ["Rudi Hartono"]
    rudi = doc.people[0]
    assert "Bang Rudi" in rudi.aliases and "Rudy" in rudi.aliases
    assert rudi.positions[0].title == "Ketua Komisi B"
    assert agency_name(doc, rudi.positions[0].agency) == "Dewan Perwakilan Rakyat Daerah Kabupaten Kapuas"
    assert [s.speaker for s in doc.statements] == [rudi.key] * 3


@pytest.mark.parametrize(("body", "name", "alias"), [
    ("MATARAM – Kepala Dinas Pariwisata NTB, L. Muh. Fauzan, mengatakan bahwa kunjungan wisatawan ke Lombok naik "
     "tajam.", "Lalu Muhammad Fauzan", "L. Muh. Fauzan"),
    ("MAKASSAR – Kepala Dinas Pendidikan Kota Makassar, A. Muh. Arfan, S.Pd, menyebut sekolah baru akan dibuka. "
     "Andi Arfan menambahkan bahwa guru honorer juga akan diangkat.", "Andi Muhammad Arfan", "Andi Arfan"),
])
def test_abbreviated_given_names_expand_where_customary(extract, body, name, alias) -> None:
    doc = extract(body)
    assert [p.name for p in doc.people] == [name]
    assert alias in doc.people[0].aliases


def test_initial_is_kept_where_the_custom_does_not_hold(extract) -> None:
    doc = extract("Kepala Dinas Pertanian Kabupaten Sleman, L. Budi Hartanto, mengatakan bahwa panen raya dimulai "
                  "pekan depan.")
    assert [p.name for p in doc.people] == ["L. Budi Hartanto"]


def test_bare_title_refers_to_its_holder(extract) -> None:
    doc = extract("Pelantikan itu dilakukan Wakil Bupati Wajo, H. Amran Mahmud, M.Si, di Aula Kantor Bupati. "
                  "Dalam arahannya, Wabup menyampaikan bahwa kepala desa harus melayani warga tanpa pilih kasih.")
    assert [p.name for p in doc.people] == ["Amran Mahmud"]
    assert doc.statements[0].speaker == doc.people[0].key


def test_participant_without_a_title_gets_no_position(extract) -> None:
    doc = extract("Salah satu peserta dari Kecamatan Bayat, Wahyu Lestari, mengaku baru pertama kali mengikuti "
                  "pelatihan menulis berita.")
    assert person(doc, "Wahyu Lestari").positions == []


def test_known_official_misspelt_resolves_from_reference(extract) -> None:
    doc = extract("Program ini pernah diusulkan Gubernur Ganjat Pranowo beberapa waktu lalu, sebagaimana pernah "
                  "disampaikan oleh Gubernur Gabjar Pranowo kepada wartawan.")
    ganjar = person(doc, "Ganjar Pranowo")
    assert "Gabjar Pranowo" in ganjar.aliases


def test_name_after_title_then_the_sentence_goes_on(extract) -> None:
    # "Title, Name verb ...": no comma closes the name
    doc = extract("Sementara itu, Kepala Diskominfo Kabupaten Sleman, Rahmat Hidayat menjelaskan bahwa pelatihan "
                  "berlangsung selama dua hari.")
    p = person(doc, "Rahmat Hidayat")
    assert [pos.title for pos in p.positions] == ["Kepala Dinas"]
    assert agency_name(doc, p.positions[0].agency) == "Dinas Komunikasi dan Informatika Kabupaten Sleman"


def test_one_word_name_after_a_post_with_degrees_or_a_speech_verb(extract) -> None:
    doc = extract("Menanggapi hal itu, Kepala Diskominfo Wartono, S.H, M.Si., menyampaikan bahwa "
                  "anggaran telah disesuaikan.")
    p = person(doc, "Wartono")
    assert [pos.title for pos in p.positions] == ["Kepala Dinas"]


def test_place_words_are_no_one_word_names(extract) -> None:
    doc = extract("Gubernur Sulawesi Tenggara mengatakan bahwa informasi publik harus terbuka bagi warga.")
    assert [p.name for p in doc.people] == []


def test_council_member_without_a_comma_gets_the_council(extract) -> None:
    doc = extract("Rapat itu digelar DPRD Kabupaten Klaten. Dalam rapat, Anggota Komisi II Siti Rahayu, S.H "
                  "mempertanyakan anggaran publikasi.")
    p = person(doc, "Siti Rahayu")
    assert [pos.title for pos in p.positions] == ["Anggota Komisi II"]
    assert agency_name(doc, p.positions[0].agency) == "Dewan Perwakilan Rakyat Daerah Kabupaten Klaten"


def test_regency_short_name_from_the_reference_list(extract) -> None:
    # "Kukar" is Kabupaten Kutai Kartanegara (seeds/reference/regions.lexicon.yaml)
    doc = extract("Bupati Kukar Rendi Solihin mengatakan bahwa layanan informasi desa akan diperluas.")
    p = person(doc, "Rendi Solihin")
    assert agency_name(doc, p.positions[0].agency) == "Pemerintah Kabupaten Kutai Kartanegara"


def test_the_reference_list_ends_a_regency_name_before_a_person(extract) -> None:
    doc = extract("Hadir Ketua DPRD Kabupaten Sambas Hj. Yunita Sari, S.Pd., dan Sekretaris Daerah Kabupaten Sambas, "
                  "Ir. H. Fery Madani. Rapat membahas anggaran.")
    assert person(doc, "Yunita Sari").positions[0].title == "Ketua"
    assert agency_name(doc, person(doc, "Yunita Sari").positions[0].agency) == \
        "Dewan Perwakilan Rakyat Daerah Kabupaten Sambas"


def test_titles_glued_to_the_name_and_degrees_without_commas(extract) -> None:
    doc = extract("Acara dibuka Sekretaris Daerah Kabupaten Klaten, Ir.H.Joko Prasetyo S.Sos. M.M mewakili "
                  "Bupati Klaten.")
    p = person(doc, "Joko Prasetyo")
    assert p.honorific_prefix == "Ir. H."
    assert p.positions[0].title == "Sekretaris Daerah"


def test_initials_without_dots(extract) -> None:
    doc = extract("Kepala Diskominfo Provinsi Kalsel, M Rahmadi mengatakan bahwa laporan itu sudah lengkap.")
    assert person(doc, "M Rahmadi").positions[0].title == "Kepala Dinas"


def test_list_of_title_name_pairs(extract) -> None:
    doc = extract("Tampil sebagai narasumber adalah Kabid Humas Polda Kaltim Budi Haryanto, Anggota Bawaslu Kaltim "
                  "Rina Melati, dan Wakapolres Kutai Barat Kompol Dedi Wijaya.")
    assert person(doc, "Budi Haryanto").positions[0].title == "Kepala Bidang Humas"
    assert agency_name(doc, person(doc, "Rina Melati").positions[0].agency).startswith(
        "Badan Pengawas Pemilihan Umum")
    assert person(doc, "Dedi Wijaya").positions[0].title == "Wakil Kepala Kepolisian Resor"


def test_fused_head_and_agency(extract) -> None:
    doc = extract("Rombongan didampingi Kadiskominfo Kota Klaten Sutrisno menyampaikan terima kasih atas sambutannya.")
    p = person(doc, "Sutrisno")
    assert p.positions[0].title == "Kepala Dinas"
    assert agency_name(doc, p.positions[0].agency) == "Dinas Komunikasi dan Informatika Kota Klaten"


def test_head_of_region_name_is_not_taken_for_a_region(extract) -> None:
    doc = extract("Ia menyampaikan bahwa Ibu Wali Kota Rahayu Ningsih Wulandari sangat peduli pada media.")
    assert [p.name for p in doc.people] == ["Rahayu Ningsih Wulandari"]


def test_province_name_ends_before_the_person(extract) -> None:
    doc = extract("Kegiatan yang dibuka Sekretaris Daerah Provinsi Kalimantan Timur Sri Handayani ini mengambil tema "
                  "keterbukaan informasi.")
    p = person(doc, "Sri Handayani")
    assert agency_name(doc, p.positions[0].agency) == "Pemerintah Provinsi Kalimantan Timur"


def test_title_name_then_comma_and_the_sentence_goes_on(extract) -> None:
    doc = extract("Hal itu sesuai arahan Gubernur Kalsel Hasan Basri, pemberitaan kehumasan harus cepat.")
    p = person(doc, "Hasan Basri")
    assert agency_name(doc, p.positions[0].agency) == "Pemerintah Provinsi Kalimantan Selatan"


def test_organisation_posts_take_any_name(extract) -> None:
    doc = extract("Narasumber lain adalah Pemimpin Redaksi Borneo Pagi, Rahmat Subekti, yang membahas etika.")
    p = person(doc, "Rahmat Subekti")
    assert p.positions[0].title == "Pemimpin Redaksi"
    assert agency_name(doc, p.positions[0].agency) == "Borneo Pagi"


def test_ministry_word_before_a_region_is_the_regions_dinas(extract) -> None:
    doc = extract("Kepala Dinkominfo Klaten diwakili Sekretaris Kominfo Klaten Hj Nur Aini, S.Pd, MT mengatakan "
                  "bahwa studi tiru berjalan baik.")
    p = person(doc, "Nur Aini")
    assert agency_name(doc, p.positions[0].agency).startswith("Dinas Komunikasi dan Informatika")


def test_nickname_cue_and_initials_in_brackets(extract) -> None:
    doc = extract("Pengurus PWI Jawa Barat, H Ahmad Sobari atau yang akrab disapa Ahmad Kribo, mengapresiasi acara "
                  "itu. Sebelumnya Gubernur Jawa Barat Abdul Hadi Saputra (AHS) melantik pengurus baru.")
    assert sorted(p.name for p in doc.people) == ["Abdul Hadi Saputra", "Ahmad Sobari"]
    assert "Ahmad Kribo" in person(doc, "Ahmad Sobari").aliases
    assert "AHS" in person(doc, "Abdul Hadi Saputra").aliases


def test_secretary_of_the_dinas_just_named(extract) -> None:
    doc = extract("Rombongan diterima Kepala Dinas Kominfo Kota Ambon, Joni Latuconsina didampingi Sekretaris Dinas, "
                  "Marten Lekransy, dan sejumlah pejabat.")
    p = person(doc, "Marten Lekransy")
    assert agency_name(doc, p.positions[0].agency) == "Dinas Komunikasi dan Informatika Kota Ambon"


def test_title_with_a_list_of_fields_before_the_name(extract) -> None:
    doc = extract("Gubernur Maluku Utara melalui Staf Ahli Gubernur Bidang Hukum, Politik, dan Pemerintahan, Hamdan "
                  "Sangadji, dalam sambutannya menegaskan bahwa informasi harus terbuka.")
    p = person(doc, "Hamdan Sangadji")
    assert p.positions[0].title.startswith("Staf Ahli Gubernur")
    assert agency_name(doc, p.positions[0].agency) == "Pemerintah Provinsi Maluku Utara"


def test_abbreviation_defined_after_a_post_names_the_agency(extract) -> None:
    doc = extract("Rombongan dipimpin Kepala Dinas Komunikasi dan Informatika (Kominfo) Malteng, Hendra Tomasoa. "
                  "Mereka diterima Kepala Dinas Kominfo dan Persandian Kota Ambon, Yohanes Latul, di ruang rapat.")
    p = person(doc, "Yohanes Latul")
    assert agency_name(doc, p.positions[0].agency).startswith("Dinas Komunikasi")
    assert agency_name(doc, person(doc, "Hendra Tomasoa").positions[0].agency) == \
        "Dinas Komunikasi dan Informatika Kabupaten Maluku Tengah"


def test_head_of_a_field_without_an_agency_and_a_month_inside_a_name(extract) -> None:
    doc = extract("Tamu disambut Kepala Dinas Kominfo Kabupaten Klaten diwakili Kabid IKP Dewi Juli Astuti, S.Sos,MM "
                  "bersama staf. Anggota Komisi II lainnya Suyatno menyarankan agar anggaran dinaikkan.")
    p = person(doc, "Dewi Juli Astuti")
    assert p.positions[0].title == "Kepala Bidang Informasi dan Komunikasi Publik"
    assert person(doc, "Suyatno").positions[0].title == "Anggota Komisi II"


def test_name_closing_a_passive_clause_then_its_post(extract) -> None:
    doc = extract("Hal itu diungkapkan Rudi Hermawan Saputra, Kepala UPTD Layanan Digital Diskominfo Jabar, "
                  "di Bandung.")
    p = person(doc, "Rudi Hermawan Saputra")
    assert p.positions[0].title == "Kepala UPTD Layanan Digital"


def test_attendance_list_of_heads_ranks_and_unit_numbers(extract) -> None:
    doc = extract("Hadir dalam acara itu Wakil Bupati Sleman Danang Wicaksono, Kapolres Sleman AKBP Yusuf Ardiansyah, "
                  "dan Ketua DPRD Sleman Haris Setiawan.")
    assert [(p.name, p.positions[0].title) for p in doc.people] == [
        ("Danang Wicaksono", "Wakil Bupati"), ("Yusuf Ardiansyah", "Kepala Kepolisian Resor"),
        ("Haris Setiawan", "Ketua")]
    doc = extract("Dandim 0734/Yogyakarta Letkol Inf Bambang Hermanto mengatakan bahwa TNI siap membantu.")
    assert person(doc, "Bambang Hermanto").positions[0].title == "Komandan Komando Distrik Militer"


def test_no_person_from_an_agencys_place_or_a_list_of_bodies(extract) -> None:
    for body in ("Kepala Puskesmas Mlati mengatakan bahwa vaksinasi dilanjutkan.",
                 "Direktur RSUD Soedarso menjelaskan bahwa layanan tetap buka.",
                 "Hadir Kapolres Sambas Sugiyatmo, S.I.K, M.H., OPD, Forkopimda, Mahasiswa dan tamu undangan."):
        doc = extract(body)
        assert [p.name for p in doc.people] in ([], ["Sugiyatmo"]), body


def test_long_balinese_names_names_in_capitals_and_degrees_without_dots(extract) -> None:
    doc = extract("Kepala Dinas Kominfo Kabupaten Badung, I Gusti Ngurah Gede Jaya Saputra, mengatakan bahwa jaringan "
                  "sudah baik. Kepala Dinas Kominfo Kabupaten Gowa, ARIFIN SAHIDU, menyampaikan terima kasih. "
                  "Kabag Prokopim Setda Sintang, Dr Hudiyono MSi mengatakan bahwa rapat berjalan lancar.")
    names = [p.name for p in doc.people]
    assert names == ["I Gusti Ngurah Gede Jaya Saputra", "Arifin Sahidu", "Hudiyono"]
    assert person(doc, "Hudiyono").honorific_suffix == "MSi"


def test_field_of_a_staf_ahli_is_part_of_the_title(extract) -> None:
    doc = extract("Bupati Sleman melalui Staf Ahli Bupati Bidang Pemerintahan, Ni Luh Putu Wulandari, membuka acara "
                  "di Kabupaten Sleman.")
    p = person(doc, "Ni Luh Putu Wulandari")
    assert p.positions[0].title == "Staf Ahli Bupati Bidang Pemerintahan"
    assert agency_name(doc, p.positions[0].agency) == "Pemerintah Kabupaten Sleman"


def test_region_words_before_a_name_and_a_nickname_in_brackets(extract) -> None:
    doc = extract("Sekda Provinsi Jawa Tengah Sumarno menyampaikan arahan gubernur. Ketua DPRD Kota Bogor Bima Arya "
                  "Sugiarto menyampaikan dukungan. Kepala Diskominfo Bantul Kurniawan Nur Hidayat (Wawan) mengatakan "
                  "bahwa jaringan diperluas.")
    assert [p.name for p in doc.people] == ["Sumarno", "Bima Arya Sugiarto", "Kurniawan Nur Hidayat"]
    assert "Wawan" in person(doc, "Kurniawan Nur Hidayat").aliases


def test_titles_in_lower_case_before_names(extract) -> None:
    doc = extract("Lima komisioner yang dilantik adalah ketua Azwar Marsaoly, wakil ketua Ismail Sahupala, dan "
                  "lainnya. Acara itu dihadiri anggota Komisi I DPRD Klaten Sri Mulyani dan warga sekitar.")
    assert person(doc, "Ismail Sahupala").positions[0].title == "Wakil Ketua"
    p = person(doc, "Sri Mulyani")
    assert agency_name(doc, p.positions[0].agency) == "Dewan Perwakilan Rakyat Daerah Kabupaten Klaten"


def test_the_place_a_police_post_serves_is_no_name(extract) -> None:
    doc = extract("Kapolsek Depok Barat menegaskan bahwa patroli ditingkatkan. Wabup Muba Beni Hernadi mengatakan "
                  "bahwa KIM harus aktif.")
    assert [p.name for p in doc.people] == ["Beni Hernadi"]
    assert agency_name(doc, doc.people[0].positions[0].agency) == "Pemerintah Kabupaten Musi Banyuasin"


def test_abbreviated_lalu_where_a_listed_lombok_regency_is_named(extract) -> None:
    doc = extract("Plt Kadis Kominfo Lombok Timur, L. Muh. Ahmad Rifai, S.Sos menjelaskan bahwa pelatihan digelar.")
    assert [p.name for p in doc.people] == ["Lalu Muhammad Ahmad Rifai"]


def test_head_of_region_with_degrees_and_ranks_with_undotted_degrees(extract) -> None:
    doc = extract("Bupati Sambas H. Satria, S.Sos.I., M.H. menyampaikan sambutan. Kapolda Sulteng Irjen Pol Dr Agus "
                  "Nugraha SIK SH MH mengatakan bahwa situasi aman. Danrem 151/Binaiya Brigjen TNI Antonio Rangel da "
                  "Silva mengatakan bahwa TNI siap membantu.")
    assert [p.name for p in doc.people] == ["Satria", "Agus Nugraha", "Antonio Rangel da Silva"]
    assert person(doc, "Satria").positions[0].title == "Bupati"
    assert person(doc, "Agus Nugraha").positions[0].title == "Kepala Kepolisian Daerah"


def test_name_then_post_without_commas(extract) -> None:
    doc = extract("Bertempat di Ruang Rapat Lantai 8, Abdul Rahman Tuwu Asisten III Administrasi Kota Mojokerto "
                  "didampingi staf menyampaikan maksud kunjungan.")
    p = person(doc, "Abdul Rahman Tuwu")
    assert p.positions[0].title == "Asisten III Administrasi"
    assert agency_name(doc, p.positions[0].agency) == "Pemerintah Kota Mojokerto"


def test_second_word_of_a_title_in_lower_case(extract) -> None:
    doc = extract("Secara terpisah, Ketua panitia Forum Komunikasi Pers Biro Humas dan Protokol Setda Papua Barat, "
                  "Jefri Betaubun dalam laporannya mengatakan bahwa kegiatan terlaksana.")
    p = person(doc, "Jefri Betaubun")
    assert p.positions[0].title == "Ketua Panitia Forum Komunikasi Pers"
    assert agency_name(doc, p.positions[0].agency).startswith("Biro Hubungan Masyarakat dan Protokol")

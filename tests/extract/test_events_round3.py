"""Events and their dates: round-three rules (generalisation), one invented paragraph each."""

from __future__ import annotations

import datetime as dt


def test_a_cited_regulation_year_does_not_override_the_weekday(extract) -> None:
    # 24/10 was a Thursday in 2019 and 2024, never in 2016-2018: the regulation's year is older than the meeting
    doc = extract("Dinas Komunikasi dan Informatika Kabupaten Sleman menggelar Rapat Koordinasi PPID di Aula "
                  "Setda, Kamis (24/10). Rapat membahas revisi Peraturan Bupati Nomor 12 Tahun 2016 tentang "
                  "Layanan Informasi Publik.")
    (event,) = doc.events
    assert event.start == dt.date(2019, 10, 24)


def test_a_festival_is_an_event(extract) -> None:
    doc = extract("Komisi Informasi Provinsi Bali menggelar Festival Desa Terbuka Informasi di Denpasar, 12-13 "
                  "November 2025. Tiap kabupaten mengutus dua desa.")
    (event,) = doc.events
    assert (event.name, event.start, event.end) == ("Festival Desa Terbuka Informasi", dt.date(2025, 11, 12),
                                                   dt.date(2025, 11, 13))


def test_a_final_night_where_an_official_gave_a_speech(extract) -> None:
    doc = extract("“Kami mendukung acara pencarian bakat seperti ini,” ungkap Asisten II Setda Provinsi Bali, Rudi "
                  "Hartono, saat memberikan sambutan pada malam final Lomba Duta Wisata, di Ballroom Hotel Nirwana, "
                  "Minggu, (8/9/2019).")
    (event,) = doc.events
    assert event.name.startswith("malam final") and event.start == dt.date(2019, 9, 8)


def test_an_event_noun_then_what_it_is_in_lower_case(extract) -> None:
    doc = extract("Dinas Kominfo Provinsi Jambi melaksanakan Upacara penaikan bendera yang rutin digelar setiap "
                  "bulan. Upacara yang dilaksanakan di Halaman Kantor Dinas Kominfo dipimpin oleh Kepala Dinas, "
                  "Senin (17/7/2017).")
    (event,) = doc.events
    assert (event.name, event.venue) == ("Upacara penaikan bendera", "Halaman Kantor Dinas Kominfo")


def test_a_dateline_with_a_full_date_in_brackets_dates_the_release(extract) -> None:
    doc = extract("SLEMAN (17/02/2012) slemankab.go.id - Bagian Protokol Setda Sleman menerima kunjungan kerja "
                  "mahasiswa Universitas Gadjah Mada di Pendopo Parasamya, Rabu (15/02).")
    (event,) = doc.events
    assert event.start == dt.date(2012, 2, 15)


def test_receiving_a_visit_is_the_visit(extract) -> None:
    doc = extract("Dinas Kominfo Kota Ambon menerima kunjungan kerja Diskominfo Kabupaten Buru di Balai Kota, Jumat "
                  "(11/8).", published=dt.date(2023, 8, 12))
    (event,) = doc.events
    assert event.name.startswith("kunjungan kerja") and event.start == dt.date(2023, 8, 11)


def test_a_weekday_that_fits_no_year_near_does_not_push_the_date_far_past_the_release(extract) -> None:
    # 15/2 is a Wednesday in none of 2024-2026: the release of 1 November 2025 reports 15 February 2025
    doc = extract("Dinas Kominfo Kota Tual menggelar Rapat Koordinasi Kehumasan di Aula Setda, Rabu (15/2).",
                  published=dt.date(2025, 11, 1))
    (event,) = doc.events
    assert event.start == dt.date(2025, 2, 15)

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

"""Speaking and acting on another's behalf."""

from __future__ import annotations

import pytest

from humasgraph.model.enums import Act

from .conftest import person


@pytest.mark.parametrize(("body", "delegate", "principal", "act"), [
    ("Asisten Perekonomian Setda Kabupaten Klaten, Drs. Bambang Sutejo, yang membacakan sambutan Bupati Klaten, "
     "menekankan bahwa pasar desa harus bersih.", "Bambang Sutejo", "Bupati Klaten", Act.reading_speech),
    ("Sambutan Gubernur Jawa Timur dibacakan oleh Kepala Biro Umum Setda Jatim, Lilik Suryani, dalam acara itu. "
     "Lilik menyampaikan bahwa koperasi desa akan mendapat pendampingan.",
     "Lilik Suryani", "Gubernur Jawa Timur", Act.reading_speech),
    ("Sekretaris Daerah Kabupaten Pati yang diwakili Kepala Diskominfo, Agus Salim, membuka kegiatan tersebut.",
     "Agus Salim", "Sekretaris Daerah Kabupaten Pati", Act.opening),
    ("Staf Ahli Menteri Bidang Hukum, Dr. Nia Kurnia, hadir mewakili Menteri Kesehatan dalam forum itu. "
     "Dalam sambutannya, Nia menyampaikan bahwa data kesehatan warga wajib dilindungi.",
     "Nia Kurnia", "Menteri Kesehatan", Act.representing),
    ("Kepala Biro Hukum Setda Jambi, Yusuf Effendi, melalui Kepala Bagian Perundang-undangan, Rini Astuti, "
     "menyampaikan bahwa rancangan peraturan itu sudah diharmonisasi.", "Rini Astuti", "Yusuf Effendi",
     Act.representing),
])
def test_delegation_patterns(extract, body, delegate, principal, act) -> None:
    doc = extract(body)
    (d,) = doc.delegations
    assert d.delegate == person(doc, delegate).key
    assert d.principal == principal
    assert d.act == act
    # the delegate's words carry the principal
    assert all(s.on_behalf_of == principal for s in doc.statements if s.speaker == d.delegate)


def test_principal_as_a_post_without_holder(extract) -> None:
    doc = extract("Kepala Bidang Humas Dinas Kominfo Kota Kediri, Ari Wibowo, membacakan sambutan Wali Kota Kediri "
                  "sekaligus membuka acara Pelatihan Konten Kreatif di Aula Balai Kota, Rabu (9/10).",
                  published=__import__("datetime").date(2024, 10, 10))
    (post,) = doc.posts
    assert post.title == "Wali Kota"
    assert next(a.name for a in doc.agencies if a.key == post.agency) == "Pemerintah Kota Kediri"
    (speaker,) = doc.events[0].speakers
    assert speaker.on_behalf_of == "Wali Kota Kediri"
    assert "opening" in [r.value for r in speaker.roles]


def test_atas_nama_inside_a_quote_binds_only_that_quote(extract) -> None:
    doc = extract("Pelaksana Harian (Plh) Sekretaris Daerah Kota Tidore, Ir. Rahim Ismail, membuka kegiatan itu. "
                  "“Atas nama Pak Wali Kota, saya mengucapkan selamat datang kepada semua peserta,” kata Rahim.\n\n"
                  "Ia menilai pelayanan di kelurahan masih perlu dipercepat.")
    on_behalf = [s.on_behalf_of for s in doc.statements]
    assert on_behalf == ["Wali Kota Tidore", None]
    (d,) = doc.delegations
    assert (d.principal, d.act) == ("Wali Kota Tidore", Act.representing)


def test_another_voice_ends_the_delegates_turn(extract) -> None:
    doc = extract("Asisten Pemerintahan Setda Kabupaten Demak, Slamet Riyadi, yang membacakan sambutan Bupati Demak, "
                  "menyampaikan bahwa sekolah rusak akan diperbaiki.\n\n"
                  "Kepala Dinas Pendidikan Kabupaten Demak, Nurul Huda, mengatakan bahwa perbaikan dimulai Januari.\n\n"
                  "“Kami juga akan memeriksa sekolah di pesisir,” kata Slamet.")
    assert [s.on_behalf_of for s in doc.statements] == ["Bupati Demak", None, None]


def test_representing_a_collective(extract) -> None:
    doc = extract("Sebanyak 30 pengurus Karang Taruna dikukuhkan di Pendopo Kabupaten Kendal, Sabtu (2/3/2024). "
                  "Ketua Karang Taruna Desa Sukorejo, Dimas Prasetyo, mewakili para pengurus menyampaikan terima kasih "
                  "atas kepercayaan yang diberikan.")
    (d,) = doc.delegations
    assert d.delegate == person(doc, "Dimas Prasetyo").key
    assert d.principal.startswith("para pengurus Karang Taruna")


def test_no_delegation_for_accompanying(extract) -> None:
    doc = extract("Kepala Dinas Pertanian Kabupaten Boyolali, Joko Santoso, didampingi Kabid Hortikultura, "
                  "Ani Susanti, meninjau panen cabai dan mengatakan bahwa harga mulai stabil.")
    assert doc.delegations == []


def test_principal_named_as_a_person_is_not_the_speaker(extract) -> None:
    doc = extract("Wakil Gubernur Jawa Tengah, Taj Yasin Maimoen, yang hadir mewakili Gubernur Jawa Tengah, "
                  "Ganjar Pranowo, mengatakan bahwa masukan warga menentukan arah pembangunan.\n\n"
                  "“Semua usulan akan kami baca satu per satu,” kata Gus Yasin, sapaan akrabnya.")
    yasin = person(doc, "Taj Yasin Maimoen")
    assert "Gus Yasin" in yasin.aliases
    assert [(s.speaker, s.on_behalf_of) for s in doc.statements] == [(yasin.key, "Ganjar Pranowo")] * 2
    (d,) = doc.delegations
    assert (d.delegate, d.principal, d.act) == (yasin.key, "Ganjar Pranowo", Act.representing)

"""The languages of the web pages: Indonesian by default, English on request, and their messages.

A page's language is ``?lang=`` when given, else the first language of ``Accept-Language`` (by
quality, then order) that we have, else Indonesian: the people this is for read Indonesian, and
a browser set to English asks for English itself. The catalogue is a table here rather than
gettext files: a few dozen short strings, and a test that every key has both languages.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import HumasgraphError
from .negotiation import ranked

__all__ = ["DEFAULT", "LANGUAGES", "MESSAGES", "Messages", "UnknownLanguage", "choose"]

LANGUAGES = ("id", "en")
DEFAULT = "id"

# key → {language → text}. Keys name what a text is for, not what it says.
MESSAGES: dict[str, dict[str, str]] = {
    "site.name": {"id": "humasgraph", "en": "humasgraph"},
    "site.tagline": {"id": "Graf pengetahuan komunikasi pemerintah Indonesia",
                     "en": "A knowledge graph of Indonesian government communication"},
    "nav.home": {"id": "Beranda", "en": "Home"},
    "nav.graphiql": {"id": "GraphiQL", "en": "GraphiQL"},
    "nav.language": {"id": "Bahasa", "en": "Language"},
    "nav.skip": {"id": "Lompat ke isi", "en": "Skip to content"},
    "language.id": {"id": "Bahasa Indonesia", "en": "Indonesian"},
    "language.en": {"id": "Bahasa Inggris", "en": "English"},
    "graphiql.title": {"id": "GraphiQL — kueri humasgraph", "en": "GraphiQL — query humasgraph"},
    "graphiql.loading": {"id": "Memuat GraphiQL…", "en": "Loading GraphiQL…"},
    "graphiql.noscript": {"id": "GraphiQL membutuhkan JavaScript. Tanpa JavaScript, kirim kueri dengan "
                                "POST ke /graphql.",
                          "en": "GraphiQL needs JavaScript. Without it, POST queries to /graphql."},
    "graphiql.intro": {"id": "# Siapa berbicara di rapat koordinasi, atas nama siapa?\n"
                             "# Tekan Ctrl-Enter (atau tombol ▶) untuk menjalankan kueri.",
                       "en": "# Who spoke at which coordination meeting, on behalf of whom?\n"
                             "# Press Ctrl-Enter (or the ▶ button) to run the query."},
    "home.title": {"id": "Siapa berbicara untuk siapa dalam komunikasi pemerintah",
                   "en": "Who speaks for whom in government communication"},
    "home.search.label": {"id": "Cari orang, instansi, jabatan, atau kegiatan",
                          "en": "Search people, agencies, posts or events"},
    "home.search.placeholder": {"id": "mis. Ganjar Pranowo, Diskominfo Jateng",
                                "en": "e.g. Ganjar Pranowo, Diskominfo Jateng"},
    "home.search.button": {"id": "Cari", "en": "Search"},
    "home.search.suggestions": {"id": "Saran", "en": "Suggestions"},
    "home.results": {"id": "Hasil pencarian", "en": "Search results"},
    "home.noresults": {"id": "Tidak ada yang cocok.", "en": "Nothing matches."},
    "home.counts": {"id": "Isi graf", "en": "What the graph holds"},
    "kind.person": {"id": "orang", "en": "person"},
    "kind.agency": {"id": "instansi", "en": "agency"},
    "kind.post": {"id": "jabatan", "en": "post"},
    "kind.event": {"id": "kegiatan", "en": "event"},
    "count.people": {"id": "Orang", "en": "People"},
    "count.agencies": {"id": "Instansi", "en": "Agencies"},
    "count.posts": {"id": "Jabatan", "en": "Posts"},
    "count.events": {"id": "Kegiatan", "en": "Events"},
    "count.statements": {"id": "Pernyataan", "en": "Statements"},
    "count.delegations": {"id": "Perwakilan", "en": "Delegations"},
    "count.articles": {"id": "Artikel", "en": "Articles"},
    "page.graphiql": {"id": "Kueri GraphQL halaman ini, di GraphiQL", "en": "This page's GraphQL query, in GraphiQL"},
    "nav.network": {"id": "Jaringan", "en": "Network"},
    # The network page (/network) and the picture (_network.html).
    "network.title": {"id": "Jaringan: siapa berbicara untuk siapa", "en": "Network: who speaks for whom"},
    "network.intro": {"id": "Siapa mewakili siapa, dan siapa tampil bersama siapa di kegiatan yang sama. "
                               "Klik sebuah simpul untuk membuka halamannya.",
                      "en": "Who represented whom, and who appeared with whom at the same events. "
                            "Click a node to open its page."},
    "network.form.kind": {"id": "Jaringan", "en": "Network"},
    "network.kind.delegations": {"id": "Perwakilan (berbicara atas nama)", "en": "Delegations (spoke on behalf of)"},
    "network.kind.coappearance": {"id": "Tampil bersama di kegiatan", "en": "Appeared together at events"},
    "network.kind.other": {"id": "lainnya", "en": "other"},
    "network.form.from": {"id": "Dari tanggal", "en": "From"},
    "network.form.to": {"id": "Sampai tanggal", "en": "To"},
    "network.form.province": {"id": "Provinsi (atau kota, kabupaten)", "en": "Province (or city, regency)"},
    "network.form.province.placeholder": {"id": "mis. Jawa Tengah", "en": "e.g. Jawa Tengah"},
    "network.form.agency": {"id": "Instansi (beserta unit di bawahnya)", "en": "Agency (with the units under it)"},
    "network.form.agency.placeholder": {"id": "mis. Diskominfo Jateng", "en": "e.g. Diskominfo Jateng"},
    "network.form.around": {"id": "Atau: jaringan di sekitar (orang, instansi, jabatan, kegiatan)",
                            "en": "Or: the network around (a person, agency, post or event)"},
    "network.form.around.placeholder": {"id": "mis. Agung Hikmati", "en": "e.g. Agung Hikmati"},
    "network.form.depth": {"id": "Sejauh (langkah)", "en": "How far (steps)"},
    "network.form.max": {"id": "Simpul paling banyak", "en": "At most this many nodes"},
    "network.form.show": {"id": "Tampilkan", "en": "Show"},
    "network.summary": {"id": "%d simpul, %d garis.", "en": "%d nodes, %d lines."},
    "network.leftout": {"id": "%d simpul dengan hubungan paling sedikit tidak ditampilkan (dari %d).",
                        "en": "%d nodes with the fewest links are left out (of %d)."},
    "network.legend": {"id": "Keterangan", "en": "Legend"},
    "network.edge.spoke_for": {"id": "berbicara atas nama", "en": "spoke on behalf of"},
    "network.edge.appeared_with": {"id": "tampil bersama", "en": "appeared with"},
    "network.edge.other": {"id": "hubungan lain", "en": "other link"},
    "network.relation.spoke_for": {"id": "berbicara atas nama", "en": "spoke on behalf of"},
    "network.relation.appeared_with": {"id": "tampil bersama", "en": "appeared with"},
    "network.relation.spoke_at": {"id": "berbicara di", "en": "spoke at"},
    "network.relation.held_post": {"id": "menjabat", "en": "held the post"},
    "network.relation.post_in": {"id": "jabatan di", "en": "is a post in"},
    "network.relation.part_of": {"id": "bagian dari", "en": "is part of"},
    "network.relation.attended": {"id": "menghadiri", "en": "attended"},
    "network.relation.organised": {"id": "menyelenggarakan", "en": "organised"},
    "network.zoom.in": {"id": "Perbesar", "en": "Zoom in"},
    "network.zoom.out": {"id": "Perkecil", "en": "Zoom out"},
    "network.zoom.reset": {"id": "Ukuran semula", "en": "Reset view"},
    "network.table": {"id": "Daftar garis sebagai tabel (%d)", "en": "The lines as a table (%d)"},
    "network.table.from": {"id": "Dari", "en": "From"},
    "network.table.relation": {"id": "Hubungan", "en": "Relation"},
    "network.table.to": {"id": "Ke", "en": "To"},
    "network.table.events": {"id": "Kegiatan", "en": "Events"},
    "network.empty": {"id": "Tidak ada hubungan yang cocok dengan saringan ini.",
                      "en": "No links match these filters."},
    "network.exports": {"id": "Seluruh jaringan sebagai berkas (perlu token bila ekspor tidak publik):",
                        "en": "The whole network as files (a token is needed unless exports are public):"},
    "footer.data": {"id": "Data juga tersedia sebagai GraphQL, SPARQL, dan Linked Data (Turtle, JSON-LD).",
                    "en": "The data is also served as GraphQL, SPARQL and Linked Data (Turtle, JSON-LD)."},
}


class UnknownLanguage(HumasgraphError):
    """``?lang=`` names a language the pages do not have."""


@dataclass(frozen=True)
class Messages:
    """The catalogue in one language: ``messages("key")`` is the text of ``key``."""

    lang: str

    def __call__(self, key: str) -> str:
        try:
            return MESSAGES[key][self.lang]
        except KeyError:
            # A missing key is a bug in a template, not the reader's doing: fail loudly in tests.
            raise KeyError(f"message {key!r} has no {self.lang!r} text in humasgraph.api.language.MESSAGES") from None


def _accepted(header: str) -> list[str]:
    """The primary language subtags of an ``Accept-Language`` header, best first (q=0 left out)."""
    best = sorted((-quality, position, tag.split("-")[0]) for tag, quality, position in ranked(header) if quality > 0)
    return [tag for _, _, tag in best]


def choose(query: str | None, accept_language: str | None) -> str:
    """The page language: ``?lang=`` if given (one of ``LANGUAGES``), else the header's best, else Indonesian."""
    if query is not None:
        lang = query.strip().lower()
        if lang not in LANGUAGES:
            raise UnknownLanguage(f"lang {query!r} is not a language of these pages; expected one of: "
                                  f"{', '.join(sorted(LANGUAGES))}")
        return lang
    for tag in _accepted(accept_language or ""):
        if tag in LANGUAGES:
            return tag
        if tag == "*":
            return DEFAULT
    return DEFAULT

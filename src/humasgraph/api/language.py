"""The languages of the web pages: Indonesian by default, English on request, and their messages.

A page's language is ``?lang=`` when given, else the first language of ``Accept-Language`` (by
quality, then order) that we have, else Indonesian: the people this is for read Indonesian, and
a browser set to English asks for English itself. The catalogue is a table here rather than
gettext files: a few dozen short strings, and a test that every key has both languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph

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
    "kind.statement": {"id": "pernyataan", "en": "statement"},
    "kind.delegation": {"id": "perwakilan", "en": "delegation"},
    "kind.article": {"id": "artikel", "en": "article"},
    "kind.place": {"id": "tempat", "en": "place"},
    "kind.tenure": {"id": "masa jabatan", "en": "tenure"},
    "kind.other": {"id": "entitas", "en": "entity"},
    "page.none": {"id": "Belum ada.", "en": "None yet."},
    "page.source": {"id": "sumber", "en": "source"},
    "page.sources": {"id": "Artikel sumber", "en": "Source articles"},
    "page.details": {"id": "rincian", "en": "details"},
    "page.aliases": {"id": "Juga disebut", "en": "Also called"},
    "page.also": {"id": "Data yang sama sebagai", "en": "The same data as"},
    "event.type": {"id": "Jenis", "en": "Type"},
    "event.date": {"id": "Tanggal", "en": "Date"},
    "event.where": {"id": "Tempat", "en": "Where"},
    "event.organizer": {"id": "Penyelenggara", "en": "Organiser"},
    "event.participants": {"id": "Peserta", "en": "Participants"},
    "event.speakers": {"id": "Pembicara", "en": "Speakers"},
    "event.delegations": {"id": "Perwakilan", "en": "Delegations"},
    "event.attending": {"id": "Instansi yang hadir", "en": "Agencies attending"},
    "event.same_organizer": {"id": "Kegiatan lain penyelenggara yang sama", "en": "Other events of the same organiser"},
    "speaker.for": {"id": "atas nama", "en": "on behalf of"},
    "speaker.holder": {"id": "dijabat oleh", "en": "held by"},
    "speaker.holder_unknown": {"id": "pejabatnya tidak disebut", "en": "holder not named"},
    "statement.for": {"id": "atas nama", "en": "on behalf of"},
    "statement.speaker": {"id": "Disampaikan oleh", "en": "Spoken by"},
    "statement.on_behalf_of": {"id": "Atas nama", "en": "On behalf of"},
    "statement.kind": {"id": "Bentuk", "en": "Form"},
    "statement.direct": {"id": "kutipan langsung", "en": "direct quote"},
    "statement.reported": {"id": "kutipan tidak langsung", "en": "reported speech"},
    "statement.evidence": {"id": "Terbaca dari teks", "en": "Read in the text"},
    "delegation.delegate": {"id": "Wakil", "en": "Delegate"},
    "delegation.principal": {"id": "Mewakili", "en": "On behalf of"},
    "delegation.event": {"id": "Kegiatan", "en": "Event"},
    "delegation.acts": {"id": "Tindakan", "en": "What they did"},
    "person.posts": {"id": "Jabatan dari waktu ke waktu", "en": "Posts over time"},
    "person.current": {"id": "sekarang", "en": "now"},
    "person.seen": {"id": "terlihat di artikel", "en": "seen in articles"},
    "person.events": {"id": "Kegiatan", "en": "Events"},
    "person.statements": {"id": "Pernyataan", "en": "Statements"},
    "person.spoke_for": {"id": "Mewakili orang lain", "en": "Spoke for others"},
    "person.represented_by": {"id": "Diwakili oleh", "en": "Was represented by"},
    "agency.tree": {"id": "Induk dan unit di bawahnya", "en": "Parents and sub-units"},
    "agency.posts": {"id": "Jabatan dan pejabatnya", "en": "Posts and their holders"},
    "agency.post": {"id": "Jabatan", "en": "Post"},
    "agency.holder": {"id": "Pejabat sekarang", "en": "Current holder"},
    "agency.events": {"id": "Kegiatan yang diselenggarakan", "en": "Events organised"},
    "post.title": {"id": "Nama jabatan", "en": "Title"},
    "post.agency": {"id": "Instansi", "en": "Agency"},
    "post.current": {"id": "Pejabat sekarang", "en": "Current holder"},
    "post.holders": {"id": "Pejabat dari waktu ke waktu", "en": "Holders over time"},
    "post.nobody": {"id": "Belum diketahui siapa yang menjabat.", "en": "No holder known yet."},
    "post.statements": {"id": "Pernyataan atas nama jabatan ini", "en": "Statements on behalf of this post"},
    "article.read": {"id": "baca artikel asli", "en": "read the original"},
    "article.statements": {"id": "Pernyataan dalam artikel", "en": "Statements in the article"},
    "article.mentions": {"id": "Yang disebut", "en": "Mentioned"},
    "place.type": {"id": "Jenis", "en": "Type"},
    "place.within": {"id": "Di dalam", "en": "Within"},
    "entity.network": {"id": "Jaringan di sekitarnya", "en": "The network around"},
    "entity.network_more": {"id": "Lihat dua langkah, di halaman jaringan", "en": "See two steps, on the network page"},
    "home.latest": {"id": "Kegiatan terbaru", "en": "Latest events"},
    "home.months": {"id": "Artikel per bulan terbit", "en": "Articles by month published"},
    "notfound.title": {"id": "Halaman tidak ditemukan", "en": "Page not found"},
    "notfound.text": {"id": "Tidak ada yang diketahui di alamat ini.", "en": "Nothing is known at this address."},
    "notfound.home": {"id": "Kembali ke beranda", "en": "Back to the home page"},
}


# message prefix → the SKOS scheme of schema/concepts.ttl whose labels it takes ("event_type.training").
SCHEMES = {"event_type": "event-type", "role": "role", "act": "act", "acting": "acting",
           "agency_type": "agency-type", "place_type": "place-type"}
_CONCEPT = "https://w3id.org/humasgraph/concept/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"


def concepts_path() -> Path:
    """``schema/concepts.ttl``: packaged with a wheel, or in a checkout."""
    package = Path(__file__).resolve().parents[1]  # humasgraph/
    packaged = package / "_schema" / "concepts.ttl"
    return packaged if packaged.is_file() else package.parents[1] / "schema" / "concepts.ttl"


@cache
def concept_messages() -> dict[str, dict[str, str]]:
    """The labels of the concepts, as messages: ``event_type.training`` → {id: Pelatihan, en: Training}.

    ``acting_short.<notation>`` is a tenure's short mark (Plt., Plh., Pj.): the Indonesian
    abbreviation, in both languages, as English-language reports write it too.
    """
    graph = pyoxigraph.Store()
    graph.load(path=str(concepts_path()), format=pyoxigraph.RdfFormat.TURTLE)
    pref, alt = pyoxigraph.NamedNode(_SKOS + "prefLabel"), pyoxigraph.NamedNode(_SKOS + "altLabel")

    def labels(concept: pyoxigraph.NamedNode, predicate: pyoxigraph.NamedNode) -> dict[str, str]:
        return {q.object.language or "": q.object.value  # type: ignore[union-attr]
                for q in graph.quads_for_pattern(concept, predicate, None)}

    scheme_of = {v: k for k, v in SCHEMES.items()}
    out: dict[str, dict[str, str]] = {}
    solutions = graph.query(f"SELECT ?c ?s ?n WHERE {{ ?c <{_SKOS}inScheme> ?s ; <{_SKOS}notation> ?n }}")
    assert isinstance(solutions, pyoxigraph.QuerySolutions)  # a SELECT
    for row in solutions:
        concept, scheme, notation = row["c"], row["s"], row["n"]  # type: ignore[index]
        prefix = scheme_of.get(scheme.value.removeprefix(_CONCEPT))
        if prefix is None:
            continue
        named = labels(concept, pref)
        out[f"{prefix}.{notation.value}"] = {lang: named.get(lang) or named.get("en") or notation.value
                                            for lang in LANGUAGES}
        short = labels(concept, alt).get("id")
        if prefix == "acting" and short:
            out[f"acting_short.{notation.value}"] = dict.fromkeys(LANGUAGES, short)
    return out


class UnknownLanguage(HumasgraphError):
    """``?lang=`` names a language the pages do not have."""


@dataclass(frozen=True)
class Messages:
    """The catalogue in one language: ``messages("key")`` is the text of ``key``."""

    lang: str

    def __call__(self, key: str) -> str:
        try:
            return (MESSAGES.get(key) or concept_messages()[key])[self.lang]
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

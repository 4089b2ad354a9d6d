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

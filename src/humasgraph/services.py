"""Use cases shared by the command line, the API and the explorer: one ``Services`` per open store.

``Services`` is the one composition root and the one door: it opens the store, wires the importer
and the merges over it, keeps what is built beside the store (the search index, the list orders,
the network projection), and answers every read a page, a command or a resolver asks for. The
CLI and the API import no ``queries`` or ``store`` module; the records they get back are the read
model re-exported here.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode

from .derived.indexed import FileOrders, FileSearch
from .derived.indexfile import IndexFile
from .derived.orders import Orders
from .derived.search import Hit, SearchIndex
from .errors import QueryRejected
from .ingest.importer import Importer, Outcome
from .ingest.merges import MergeRecord, Merges
from .ingest.reading import parse_document
from .ingest.shapes import Shapes
from .model.document import Document
from .model.identity import Minter
from .queries import entities, evidence, links, lists
from .queries import flagship as flagship_queries
from .queries import prefetch as prefetching
from .queries.describe import Description, describe, kept_as
from .queries.entities import (
    AccountRecord,
    AgencyRecord,
    ArticleRecord,
    DelegationRecord,
    EventRecord,
    PersonRecord,
    PlaceRecord,
    PostRecord,
    StatementRecord,
)
from .queries.evidence import EvidenceRecord
from .queries.flagship import EventInfo, Tenure, held_on
from .queries.links import Appearance
from .queries.lists import Page, Where
from .queries.prefetch import Need, Prefetched
from .queries.stats import articles_by_month
from .queries.stats import stats as stats_query
from .settings import Settings
from .sparql.answers import Limits, NotAcceptable, TooLarge, Wanted, answer
from .store import OxigraphStore, Store, open_store
from .store.readers import Busy, Job, ReaderDied

if TYPE_CHECKING:
    import networkx as nx

    from .derived.analytics import Analytics

# The door, the read model it hands out (a record per entity kind, the words of its lists), and what a
# SPARQL answer in a reader process can end in besides a reply (Busy, ReaderDied).
__all__ = [
    "AccountRecord", "AgencyRecord", "Appearance", "ArticleRecord", "Busy", "DelegationRecord", "Description",
    "EventInfo", "EventRecord", "EvidenceRecord", "Hit", "Need", "Page", "PersonRecord", "PlaceRecord", "PostRecord",
    "Prefetched", "ReaderDied", "Services", "StatementRecord", "Tenure", "Where", "held_on",
]


# link → (the root list, its filter, its kept date order) that answer the link newest first; the
# walk checks at most WALK_BUDGET candidates (about four queries) before the store orders instead.
WALK_BUDGET = 2000
KEPT_LINKS = {"person.statements": ("statement", "speaker", "date"), "person.events": ("event", "speaker", "start"),
              "entity.sources": ("article", "mentions", "published")}


@dataclass
class Services:
    """The store, the minter, and what can be done with them."""

    settings: Settings
    store: Store
    minter: Minter
    importer: Importer
    merges: Merges
    # Kept beside the store, made on first use (``warm`` makes them ahead of the first request).
    _search: SearchIndex | FileSearch | None = field(default=None, init=False, repr=False, compare=False)
    _orders: Orders | FileOrders | None = field(default=None, init=False, repr=False, compare=False)
    _index_file: IndexFile | None = field(default=None, init=False, repr=False, compare=False)
    _analytics: Analytics | None = field(default=None, init=False, repr=False, compare=False)
    _made: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    @classmethod
    def open(cls, settings: Settings, *, read_only: bool = False, store: Store | None = None) -> Services:
        """Open the store the settings name and wire the use cases over it."""
        store = store if store is not None else open_store(settings, read_only=read_only)
        minter = Minter(settings.base_iri)
        importer = Importer(store, minter, shapes=Shapes.load(), gazetteer=lambda: gazetteer_of(store),
                            max_file_bytes=settings.max_file_bytes)
        return cls(settings, store, minter, importer, Merges(store, minter, importer))

    def close(self) -> None:
        if self._index_file is not None:
            self._index_file.close()
        self.store.close()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # --- what is kept beside the store -------------------------------------------------------

    def _file(self) -> IndexFile | None:
        """The index file beside an on-disk embedded store opened for writing, or the one the settings name
        for a remote store (``index_file``, shared by its workers); called holding ``_made``.

        A read-only view may be behind the store, and would move the file back; it, an in-memory
        store and a remote store without ``index_file`` keep their indexes in memory.
        """
        store = self.store
        if self._index_file is None:
            if isinstance(store, OxigraphStore) and store.path is not None and not store.read_only:
                self._index_file = IndexFile(store, store.path)
            elif self.settings.index_file:
                from .store.sparql import SparqlStore  # noqa: PLC0415 - only a remote deployment needs httpx

                if isinstance(store, SparqlStore):  # the endpoint as shown: no user info kept in the file
                    self._index_file = IndexFile(store, None, identity=f"sparql {store.query_endpoint.url}",
                                                 path=Path(self.settings.index_file), remote=self.settings)
        return self._index_file

    @property
    def search_index(self) -> SearchIndex | FileSearch:
        """The name index behind ``search``, kept in step with the store's change feed."""
        with self._made:
            if self._search is None:
                file = self._file()
                self._search = FileSearch(file) if file is not None else SearchIndex(self.store, self.minter)
            return self._search

    @property
    def orders(self) -> Orders | FileOrders:
        """The newest-first orders of the root lists that sort by a date (events by start, …)."""
        with self._made:
            if self._orders is None:
                file = self._file()
                self._orders = FileOrders(file) if file is not None else Orders(self.store)
            return self._orders

    @property
    def analytics(self) -> Analytics:
        """The network projection (connections, paths, centrality, top speakers), kept up to date with the store.

        Computed in this process (the command line, the Python API); an app serves it with
        ``analytics_for_serving``.
        """
        from .derived.analytics import Analytics  # noqa: PLC0415 - networkx only for those who ask

        with self._made:
            if self._analytics is None:
                self._analytics = Analytics(self.store, file=self._file())
            return self._analytics

    def analytics_for_serving(self) -> Analytics:
        """The projection as a served app keeps it: betweenness and PageRank in worker processes that
        are killed at a request's deadline (started on first use, or ahead by the app)."""
        from .derived.analytics import Analytics  # noqa: PLC0415 - networkx only for those who ask
        from .derived.metrics import MetricWorkers  # noqa: PLC0415

        with self._made:
            if self._analytics is None or self._analytics.workers is None:
                s = self.settings
                self._analytics = Analytics(self.store, MetricWorkers(s.analytics_workers, s.analytics_memory_mb),
                                            file=self._file())
            return self._analytics

    def whole_network(self) -> nx.MultiDiGraph:
        """The whole network projection as of now, for an export: read off the index file when the store
        has one, else drawn from the store's facts; kept by neither (the exporter lets it go)."""
        from .derived.graphs import network  # noqa: PLC0415 - networkx only for those who ask
        from .queries.projection import read_facts  # noqa: PLC0415

        with self._made:
            file = self._file()
        if file is not None:
            return self.analytics.network().graph
        return network(read_facts(self.store))

    def warm(self) -> None:
        """Build what is kept beside the store (search index, list orders) before the first request.

        Built on first use they are correct too, but at 100k articles a first request would pay
        tens of seconds and pass the time limit. The index file beside an on-disk store holds the
        network projection too, built here with them; elsewhere the projection is left to its
        first use (a served app builds it in the background).
        """
        self.search_index.current()
        self.orders.warm()

    # --- writes ------------------------------------------------------------------------------

    def import_paths(self, paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str], *,
                     dry_run: bool = False, progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
        """Import files and folders (str or Path; one path alone is accepted too): one outcome per file."""
        if isinstance(paths, str | os.PathLike):
            paths = [paths]
        return self.importer.import_paths([Path(p) for p in paths], dry_run=dry_run, progress=progress)

    def import_document(self, doc: Document, *, source: str = "<document>") -> Outcome:
        """Validate and import one document (an extracted one, or one built in Python)."""
        return self.importer.import_document(doc, source=source)

    def import_json(self, text: str, *, source: str) -> Outcome:
        """Parse, validate and import one document given as JSON text (``ValidationFailed`` names the fields)."""
        doc, _ = parse_document(text, source, "json", self.importer.complete)
        return self.importer.import_document(doc, source=source)

    def retract(self, url: str) -> int:
        return self.importer.retract(url)

    def merge(self, keep: str, other: str) -> MergeRecord:
        return self.merges.merge(keep, other)

    def unmerge(self, other: str) -> MergeRecord:
        return self.merges.unmerge(other)

    # --- reads: the whole graph ----------------------------------------------------------------

    def generation(self) -> str:
        """The store's write generation: it changes with every write."""
        return self.store.generation()

    def stats(self, *, quads: bool = True) -> dict[str, int]:
        return stats_query(self.store, self.minter, quads=quads)

    def articles_by_month(self, limit: int = 12) -> list[tuple[str, int]]:
        """(``YYYY-MM``, articles published that month) for the latest ``limit`` months, latest first."""
        return articles_by_month(self.store, limit)

    def latest_events(self, limit: int = 10) -> list[EventRecord]:
        """The events that started last (undated ones after), with their records."""
        page = self.list_page("event", "", sort="start", descending=True, offset=0, limit=limit)
        found = self.records("event", page.iris)
        return [found[i] for i in page.iris if i in found]  # type: ignore[misc]

    def flagship(self, *, event_type: str | None = "coordination_meeting",
                 events: Sequence[str] | None = None, limit: int = 50) -> list[EventInfo]:
        """Who spoke at which event, in which post, on whose behalf."""
        nodes = [NamedNode(e) for e in events] if events is not None else None
        return flagship_queries.flagship(self.store, event_type=event_type, events=nodes, limit=limit,
                                         merges=self.minter.merges_graph)

    def search(self, q: str, kinds: Sequence[str], limit: int) -> list[Hit]:
        """People, agencies, posts and events by name, best first, forgiving spelling."""
        return self.search_index.search(q, kinds, limit)

    def list_page(self, kind: str, pattern: str, *, sort: str, descending: bool, offset: int,
                  limit: int, facet: str | None = None) -> Page:
        """One page of a root list of ``kind`` matching ``pattern`` (a compiled ``Where``), read off a kept order
        when there is one. ``facet``: the value of the order's facet (``orders.FACETS``) that ``pattern`` asks for
        and nothing else; the page is then read off that value's order, with nothing left to check."""
        index = self.orders.get(kind, sort)
        if index is not None and facet is not None and index.facet is not None:
            found = lists.page_in_order(self.store, kind, "",
                                        lambda n: index.first(n, descending=descending, facet=facet),
                                        offset=offset, limit=limit)
            if found is not None:
                return found
        if index is not None:
            found = lists.page_in_order(self.store, kind, pattern, lambda n: index.first(n, descending=descending),
                                        offset=offset, limit=limit)
            if found is not None:
                return found
        return lists.page(self.store, kind, pattern, sort=sort, descending=descending, offset=offset, limit=limit)

    def list_count(self, kind: str, pattern: str) -> int:
        """How many of ``kind`` match ``pattern`` (a compiled ``Where``)."""
        return lists.count(self.store, kind, pattern)

    # --- reads: entities by IRI, in batches (the API's loaders, the explorer's pages) -----------

    def records(self, kind: str, iris: Sequence[str], known: Container[str] = ()) -> dict[str, object]:
        """IRI → the record of an entity of ``kind``; a place's or agency's come with those above it."""
        return entities.records_up(self.store, kind, iris, known)

    def kinds_of(self, iris: Sequence[str]) -> dict[str, tuple[str, str]]:
        """IRI → (its kind, the IRI it is known by now, after merges); unknown IRIs are absent."""
        return entities.kinds(self.store, iris, self.minter.merges_graph)

    def linked(self, link: str, iris: Sequence[str]) -> dict[str, list[str]]:
        """IRI → the IRIs it reaches by ``link`` (a name of ``queries.links.LINKS``)."""
        return links.linked(self.store, link, iris)

    def linked_first(self, link: str, iri: str, limit: int, *, walk: bool = True) -> list[str]:
        """The first ``limit`` IRIs ``iri`` reaches by ``link``, in the link's order.

        A link that is a filter of a root list with a kept date order (a person's statements,
        events and source articles) walks that order newest first and checks the candidates a chunk
        at a time: a busy official's latest fifty are found without ordering all his thousands. When
        ``WALK_BUDGET`` candidates did not fill the page (a parent rare in the order), and for every
        other link, the store orders and cuts (``links.first``): a rare parent has few children.
        ``walk=False`` goes to the store at once (an event's few source articles).
        """
        kept = KEPT_LINKS.get(link) if walk else None
        index = self.orders.get(kept[0], kept[2]) if kept is not None else None
        if kept is not None and index is not None:
            kind, facet, _ = kept
            where = Where(kind).linked(facet, [iri])
            found = lists.page_in_order(self.store, kind, where, lambda n: index.first(n, descending=True),
                                        offset=0, limit=limit, max_checked=WALK_BUDGET)
            if found is not None:
                return found.iris
        return links.first(self.store, link, iri, limit)

    def ancestors(self, agencies: Sequence[str]) -> dict[str, list[str]]:
        """Agency IRI → the agencies above it, nearest first."""
        return links.ancestors(self.store, agencies)

    def appearances(self, events: Sequence[str]) -> dict[str, list[Appearance]]:
        """Event IRI → who appeared at it, in which role."""
        return links.appearances(self.store, events)

    def tenures(self, iris: Sequence[str], *, by: str) -> dict[str, list[Tenure]]:
        """Person (``by="person"``) or post (``by="post"``) IRI → its tenures."""
        return flagship_queries.tenures_of(self.store, [NamedNode(i) for i in iris], by=by)

    def prefetch(self, roots: Sequence[str], needs: Sequence[Need],
                 narrow: Mapping[str, Iterable[str]] | None = None) -> Prefetched:
        """What ``records``, ``kinds_of``, ``linked``, ``appearances`` and ``tenures`` answer for everything the
        needs' paths reach from ``roots``, in one query (a compiled GraphQL selection's reads).

        On the embedded store only: the query binds property paths (transitive ones too) from VALUES inside
        UNION branches, which Virtuoso refuses ("transitive start not given") or answers wrongly (see
        ``queries.entities.records_up``). Elsewhere nothing is read ahead, and the caller reads as the readers do.
        """
        if not isinstance(self.store, OxigraphStore):
            return Prefetched()
        return prefetching.prefetch(self.store, self.minter.merges_graph, roots, needs, narrow)

    def evidence(self, iris: Sequence[str]) -> dict[str, EvidenceRecord]:
        """Fact IRI → where in its article's text it was read."""
        return dict(evidence.evidence(self.store, iris))

    def kept_as(self, iri: str) -> str | None:
        """The IRI a merged entity is known by now, or None when ``iri`` was not merged away."""
        return kept_as(self.store, NamedNode(iri), self.minter.merges_graph)

    def describe(self, iri: str) -> Description:
        """What the graph says about one IRI (bounded), with the labels of what it mentions."""
        return describe(self.store, NamedNode(iri), self.minter.meta_graph)

    def gazetteer(self) -> object:
        """Names the graph already knows, for the extractor to resolve misspellings against."""
        return gazetteer_of(self.store)

    # --- SPARQL ------------------------------------------------------------------------------

    @property
    def graph_base(self) -> str:
        """The IRI prefix of the source graphs a query may name."""
        return self.settings.base_iri + "graph/"

    def sparql(self, text: str, fmt: str = "table") -> bytes:
        """Answer a read-only query without limits (the operator's own): ``fmt`` (``results.FORMATS``) for SELECT
        and ASK, N-Triples for CONSTRUCT and DESCRIBE."""
        from .sparql.guard import check_query  # noqa: PLC0415
        from .sparql.results import render_results  # noqa: PLC0415

        store = self.store
        if isinstance(store, OxigraphStore):
            # The same checks, graphs and serialisation as /sparql.
            unlimited = Limits(rows=sys.maxsize, bytes=sys.maxsize, seconds=float("inf"))
            return answer(store.raw_query, text, Wanted(fmt, "application/n-triples"), unlimited,
                          graph_base=self.graph_base, all_graph=store.all_graph).body
        # A remote store answers with its own default graph (the union where it is set up so).
        checked = check_query(text, self.graph_base)
        if checked.form == "ASK":
            asked = store.ask(checked.text)
            out = json.dumps({"head": {}, "boolean": asked}) if fmt == "json" else str(asked).lower()
            return (out + "\n").encode()
        if checked.form in ("CONSTRUCT", "DESCRIBE"):
            return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in store.construct(checked.text)).encode()
        rows = store.select(checked.text)
        return render_results(rows.variables, rows, fmt).encode()

    @property
    def sparql_in_process(self) -> bool:
        """True when ``sparql_reply`` runs in this process (an in-memory store), so a timeout cannot stop its work."""
        return self._embedded().path is None

    def sparql_reply(self, text: str, wanted: Wanted, limits: Limits, *, defaults: Sequence[str] = (),
                     named: Sequence[str] = (), wait: float = 0.0) -> tuple[object, ...]:
        """Answer a query within ``limits``, blocking: in a reader process on an embedded store on disk.

        The reply is ``("ok", body, media type, truncated)`` or ``(kind, message)`` with kind one of
        not_acceptable, rejected, too_large, timeout, memory, error; ``Busy`` when no reader is
        free within ``wait`` seconds, ``ReaderDied`` when its process died.
        """
        store = self._embedded()
        job = Job(text, wanted, limits, self.graph_base, store.all_graph.value, tuple(defaults), tuple(named))
        if store.path is None:
            return _in_process(store, job)
        s = self.settings
        return store.readers(s.sparql_workers, s.sparql_memory_mb, s.sparql_refresh).run(job, limits.seconds, wait)

    def start_sparql_readers(self) -> None:
        """Start the reader processes ahead of the first query (on an on-disk embedded store)."""
        store, s = self.store, self.settings
        if isinstance(store, OxigraphStore) and store.path is not None and not store.read_only:
            store.readers(s.sparql_workers, s.sparql_memory_mb, s.sparql_refresh)

    def _embedded(self) -> OxigraphStore:
        if not isinstance(self.store, OxigraphStore):
            raise QueryRejected("/sparql needs the embedded store; query the remote endpoint directly")
        return self.store


def _in_process(store: OxigraphStore, job: Job) -> tuple[object, ...]:
    try:
        got = answer(store.raw_query, job.text, job.wanted, job.limits, graph_base=job.graph_base,
                     all_graph=store.all_graph, defaults=list(job.defaults), named=list(job.named))
    except NotAcceptable as exc:
        return ("not_acceptable", str(exc))
    except TooLarge as exc:
        return ("too_large", str(exc))
    except TimeoutError:
        return ("timeout", "")
    return ("ok", got.body, got.media_type, got.truncated)


def gazetteer_of(store: Store) -> object:
    """The extractor's gazetteer of the people and agencies ``store`` knows."""
    from .extract import Gazetteer  # noqa: PLC0415 - only extraction needs it
    from .queries.names import known_names  # noqa: PLC0415

    people, agencies = known_names(store)
    return Gazetteer(people=people, agencies=agencies)

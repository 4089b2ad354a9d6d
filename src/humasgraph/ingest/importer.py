"""Import: validate → resolve → write, each article all-or-nothing.

A file that fails validation (format, references or SHACL shapes) writes nothing, and the
others go on. Articles are written in batches, one transaction per batch; re-importing an
unchanged article writes nothing at all, so importing twice leaves the same triples.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as Lit

from pyoxigraph import NamedNode

from ..errors import FieldError, HumasgraphError, NotFound, StoreError, ValidationFailed
from ..model.document import Document
from ..model.identity import Minter, Resolver
from ..model.index import Index
from ..queries.identity import StoreKeys
from ..queries.sources import source_states
from ..queries.stored import StoredEntities
from ..store import GraphWrite, Store
from .inputs import DEFAULT_MAX_FILE_BYTES, RawInput, read_input, shown
from .pins import pin_problems, pinned_iris
from .quads import ArticleGraph, GraphBuilder, document_hash
from .reading import parse_document
from .references import complete as complete_references
from .shapes import Shapes

__all__ = ["Importer", "Loaded", "Outcome", "expand_paths", "failed", "read_file"]

DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")
TEXT_SUFFIXES = (".txt", ".html", ".htm")
# Tables of words (abbreviations, lexicons) live beside the reference documents but are not articles.
LEXICON_SUFFIX = ".lexicon.yaml"

Status = Lit["imported", "replaced", "unchanged", "valid", "failed", "skipped"]


@dataclass
class Loaded:
    """A validated document and where it came from."""

    doc: Document
    index: Index
    source: str
    kind: str = "curated"
    extractor: str | None = None


@dataclass
class Outcome:
    """What happened to one input.

    ``triples``: what its graph holds now (or would, in a dry run); ``removed``: what the graph it
    replaced held. ``errors`` are the ``problems`` rendered as lines naming the file.
    """

    source: str
    status: Status
    url: str | None = None
    triples: int = 0
    errors: list[str] = field(default_factory=list)
    problems: list[FieldError] = field(default_factory=list)
    removed: int = 0

    @classmethod
    def failed(cls, source: str, problems: list[FieldError]) -> Outcome:
        return cls(source, "failed", errors=[p.render(source) for p in problems], problems=problems)


def failed(source: str, exc: HumasgraphError) -> Outcome:
    """The outcome of an input refused before import: one line per problem, each naming the source."""
    if isinstance(exc, ValidationFailed):
        return Outcome(source, "failed", errors=exc.lines(), problems=list(exc.errors))
    return Outcome.failed(source, [FieldError("", str(exc))])


def read_file(path: Path, max_bytes: int) -> RawInput:
    """Read one importable file (nothing parsed yet); ``ValidationFailed`` naming it if it cannot be."""
    suffix = path.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES + TEXT_SUFFIXES:
        raise ValidationFailed(shown(path), [FieldError(
            "", f"unknown kind of file {suffix or '(no suffix)'!r}; expected one of "
                f"{', '.join(DOCUMENT_SUFFIXES + TEXT_SUFFIXES)}")])
    return read_input(path, max_bytes)


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named, and the importable files under folders named (sorted, recursively).

    In a folder, a text or HTML article with curated metadata of the same name beside it
    (``a.txt`` and ``a.yaml``) is represented by that metadata and not extracted again.
    """
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            # Not only regular files: a FIFO or a device named like an article is refused by name, not skipped.
            files = sorted(p for p in path.rglob("*") if _importable(p) and not p.is_dir())
            curated = {p.with_suffix("") for p in files if p.suffix.lower() in DOCUMENT_SUFFIXES}
            out.extend(p for p in files
                       if p.suffix.lower() in DOCUMENT_SUFFIXES or p.with_suffix("") not in curated)
        else:
            out.append(path)
    return out


def _importable(path: Path) -> bool:
    name = path.name.lower()
    if name.startswith(".") or name.endswith(".meta.json") or name.endswith(LEXICON_SUFFIX):
        return False
    return path.suffix.lower() in DOCUMENT_SUFFIXES + TEXT_SUFFIXES


class Importer:
    """Imports documents into a store."""

    def __init__(self, store: Store, minter: Minter, *, shapes: Shapes | None = None,
                 batch_size: int = 1000, gazetteer: Callable[[], object] | None = None,
                 max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> None:
        self.store = store
        self.minter = minter
        self.shapes = shapes if shapes is not None else Shapes.load()
        # One bulk load per batch. Each load leaves files in level 0 of every RocksDB index, and
        # merging them down costs CPU that grows with the store: batches of 1000 took 11-30 % less
        # CPU per article than batches of 200 at 2k-10k articles (benchmarks/import_stages.py), and
        # stalled 1 s instead of 63 s in 15k articles on top of 300k. On an idle machine below 10k,
        # 200 is faster (the merges run free on the other core): an import to 1M spends most of
        # its time in a large store. They hold twice the memory (peak RSS 790 MiB at 10k); 1000
        # synthetic articles are ~335,000 quads, under the store's BULK_LIMIT.
        # docs/performance.md, "An import that keeps its rate".
        self.batch_size = batch_size
        self.max_file_bytes = max_file_bytes
        self.keys = StoreKeys(store, minter.merges_graph)
        self.resolver = Resolver(minter, self.keys)
        self.builder = GraphBuilder(minter, self.resolver)
        self._gazetteer_factory = gazetteer
        self._gazetteer: object | None = None
        self.stored = StoredEntities(store, minter.base)

    # --- reading -------------------------------------------------------------------------------

    def read(self, path: str | os.PathLike[str]) -> Loaded:
        """Read and validate one file: a YAML/JSON document, or a text/HTML article to extract."""
        return self.load(read_file(Path(path), self.max_file_bytes))

    def load(self, raw: RawInput) -> Loaded:
        """Validate one file already read (here, or by ``humasgraph import`` handing it to a server)."""
        if raw.suffix in TEXT_SUFFIXES:
            from ..extract import EXTRACTOR_VERSION, extract_input  # noqa: PLC0415 - only for raw articles

            doc = extract_input(raw, gazetteer=self._gazetteer_for_extraction())  # type: ignore[arg-type]
            return Loaded(doc, doc.index(raw.source), raw.source, "extracted", EXTRACTOR_VERSION)
        if raw.suffix not in DOCUMENT_SUFFIXES:
            raise ValidationFailed(raw.source, [FieldError(
                "", f"unknown kind of file {raw.suffix or '(no suffix)'!r}; expected one of "
                    f"{', '.join(DOCUMENT_SUFFIXES + TEXT_SUFFIXES)}")])
        doc, index = parse_document(raw.text, raw.source, "json" if raw.suffix == ".json" else "yaml", self.complete)
        kind = "reference" if doc.article.url.startswith(REFERENCE_PREFIX) else "curated"
        return Loaded(doc, index, raw.source, kind)

    def complete(self, doc: Document, source: str) -> Document:
        """``doc`` with items for the people, posts and agencies it names that only the store knows."""
        return complete_references(doc, source, self.stored)

    def _gazetteer_for_extraction(self) -> object | None:
        if self._gazetteer is None and self._gazetteer_factory is not None:
            self._gazetteer = self._gazetteer_factory()
        return self._gazetteer

    # --- importing -----------------------------------------------------------------------------

    def import_paths(self, paths: Sequence[str | os.PathLike[str]], *, dry_run: bool = False,
                     progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
        """Import every file (folders walked); one outcome per file, in order."""
        outcomes: list[Outcome] = []

        def loaded() -> Iterator[Loaded | Outcome]:
            for path in expand_paths(paths):
                try:
                    yield self.read(path)
                except HumasgraphError as exc:
                    yield failed(shown(path), exc)

        for outcome in self.import_loaded(loaded(), dry_run=dry_run):
            outcomes.append(outcome)
            if progress is not None:
                progress(outcome)
        return outcomes

    def import_loaded(self, items: Iterable[Loaded | Outcome], *, dry_run: bool = False) -> Iterator[Outcome]:
        """Import validated documents in batches; outcomes (failures passed through) in order."""
        for batch in self._batches(items):
            yield from self._import_batch(batch, dry_run)

    def _batches(self, items: Iterable[Loaded | Outcome]) -> Iterator[list[Loaded | Outcome]]:
        """Batches of at most ``batch_size``; an article repeated starts a new batch."""
        batch: list[Loaded | Outcome] = []
        urls: set[str] = set()
        for item in items:
            if isinstance(item, Loaded):
                if item.doc.article.url in urls:
                    yield batch
                    batch, urls = [], set()
                urls.add(item.doc.article.url)
            batch.append(item)
            if len(batch) >= self.batch_size:
                yield batch
                batch, urls = [], set()
        if batch:
            yield batch

    def import_document(self, doc: Document, *, source: str = "<document>", kind: str = "curated",
                        extractor: str | None = None) -> Outcome:
        """Validate and import one document; raise ``ValidationFailed`` if it is invalid."""
        doc = self.complete(doc, source)
        index = doc.index(source)
        (outcome,) = self._import_batch([Loaded(doc, index, source, kind, extractor)], dry_run=False)
        if outcome.status == "failed":
            raise ValidationFailed(source, [FieldError("", e) for e in outcome.errors])
        return outcome

    def _import_batch(self, batch: Sequence[Loaded | Outcome], dry_run: bool) -> list[Outcome]:
        with _collector_paused():
            prepared = self._prepare(batch, dry_run)
            if dry_run:
                self.resolver.forget()
                return prepared.outcomes()
            failure: StoreError | None = None
            if prepared.writes:
                try:
                    self.store.write(prepared.writes)
                except StoreError as exc:
                    failure = exc
            outcomes = self._settle(prepared, failure)
            # The batch's quads and terms go now, while the collector is off: alive when it came
            # back on, each of them (pyoxigraph's terms are tracked by it) was scanned by the first
            # collection, 0.3 ms per article.
            del prepared
        return outcomes

    def _prepare(self, batch: Sequence[Loaded | Outcome], dry_run: bool) -> _Prepared:
        """Validate and build a batch: the outcome of each article, and the writes to make."""
        docs = [b for b in batch if isinstance(b, Loaded)]
        graphs = [self.minter.graph(d.doc.article.url) for d in docs]
        states = source_states(self.store, self.minter.meta_graph, graphs) if docs else {}
        prepared = _Prepared(batch, docs)
        results = prepared.results
        pinned = pinned_iris(d.doc for d in docs)
        types = self.keys.types_of(pinned) if pinned else {}
        articles = [d.doc.article.url for d in docs]
        # The name keys of the batch's new articles in one lookup per kind (a changed article is
        # looked up as it is built): each article resolves exactly as alone, since it asks the
        # store for all of its keys before resolving any, and the store does not change meanwhile.
        self.builder.prefetch((d.doc, d.index) for d, g in zip(docs, graphs, strict=True) if g.value not in states)
        accepted: dict[str, tuple[str, str]] = {}  # ids pinned by the batch's articles so far
        for item, graph in zip(docs, graphs, strict=True):
            pin_errors = pin_problems(item.doc, self.minter, articles, types, accepted)
            if pin_errors:
                results[id(item)] = Outcome(item.source, "failed", errors=[e.render(item.source) for e in pin_errors])
                continue
            state = states.get(graph.value)
            content_hash = document_hash(item.doc)
            if state is not None and state.hash == content_hash:
                results[id(item)] = Outcome(item.source, "unchanged", item.doc.article.url, state.triples)
                continue
            try:
                built = self.builder.build(item.doc, item.index, source_kind=item.kind, extractor=item.extractor,
                                           content_hash=content_hash)
            except HumasgraphError as exc:
                results[id(item)] = Outcome.failed(item.source, [FieldError("", str(exc))])
                continue
            problems = self.shapes.check_triples(built.triples)
            if problems:
                results[id(item)] = Outcome.failed(item.source, problems)
                continue
            status: Status = "valid" if dry_run else ("replaced" if state is not None else "imported")
            results[id(item)] = Outcome(item.source, status, item.doc.article.url, len(built.quads),
                                        removed=state.triples if state is not None else 0)
            prepared.writes.append(self._write_of(built, new=state is None))
        return prepared

    def _settle(self, prepared: _Prepared, failure: StoreError | None) -> list[Outcome]:
        """The outcomes of a written batch: if its write failed, each article it carried failed."""
        if failure is not None:
            self.resolver.forget()
            for item in prepared.docs:
                if prepared.results[id(item)].status in ("imported", "replaced"):
                    prepared.results[id(item)] = Outcome.failed(item.source, [FieldError("", str(failure))])
        return prepared.outcomes()

    def _write_of(self, built: ArticleGraph, *, new: bool) -> GraphWrite:
        return GraphWrite(built.graph, built.quads, built.meta,
                          meta_subjects=(built.graph, self.minter.activity(built.graph)), new=new,
                          triples=built.triples)

    # --- retracting and rebuilding -------------------------------------------------------------

    def retract(self, url: str) -> int:
        """Remove one article's graph and its description; the number of triples removed."""
        graph = self.minter.graph(url)
        state = source_states(self.store, self.minter.meta_graph, [graph]).get(graph.value)
        if state is None:
            raise NotFound(f"no article with url {url!r} in the store")
        self.store.write([GraphWrite(graph, None, meta_subjects=(graph, self.minter.activity(graph)))])
        self.resolver.forget()
        return state.triples

    def rebuild(self, graphs: Iterable[NamedNode],
                same_as: Mapping[str, NamedNode] | None = None) -> list[GraphWrite]:
        """Writes that rebuild source graphs from their stored documents, with the merges now in force.

        Each graph keeps the identities it was first resolved to and the time it was generated,
        so a merge followed by its undo leaves the store exactly as it was.
        """
        self.resolver.forget()
        if same_as is not None:
            self.resolver.use_same_as(same_as)
        states = source_states(self.store, self.minter.meta_graph, list(graphs), with_document=True)
        writes = []
        for graph_iri, state in sorted(states.items()):
            doc = Document.model_validate(json.loads(state.document or "{}"))
            built = self.builder.build(doc, doc.index(graph_iri), source_kind=state.kind,
                                       extractor=state.extractor, generated=state.generated,
                                       resolution=state.resolution)
            writes.append(self._write_of(built, new=False))
        return writes


class _Prepared:
    """A validated and built batch: each article's outcome so far, and the writes to make."""

    def __init__(self, batch: Sequence[Loaded | Outcome], docs: list[Loaded]) -> None:
        self.batch = batch
        self.docs = docs
        self.results: dict[int, Outcome] = {}
        self.writes: list[GraphWrite] = []

    def outcomes(self) -> list[Outcome]:
        return [self.results[id(b)] if isinstance(b, Loaded) else b for b in self.batch]


# Reference data (provinces, ministries) is imported as sources whose URL starts with this.
REFERENCE_PREFIX = "https://humasgraph.id/reference/"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for one batch.

    Building a batch allocates hundreds of thousands of tuples and terms, none of them in a
    cycle, and each allocation burst set off collections that scanned every object the process
    held (1-2 ms per article). Reference counting frees the batch as before; the collector runs
    again when the batch is written.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

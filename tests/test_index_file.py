"""The index file beside an on-disk store answers as the in-memory indexes do, follows every write, and
is read again, not rebuilt, when a server starts over a store it is current with."""

from __future__ import annotations

import itertools
import math
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from humasgraph.derived import index_layout, indexed, indexfile, ranking, search, search_file
from humasgraph.derived.indexed import _Words
from humasgraph.derived.indexfile import index_path
from humasgraph.derived.orders import FACETS, ORDERED, SortedIndex
from humasgraph.derived.search import SearchIndex
from humasgraph.model.enums import EventType
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.store import feed
from humasgraph.synthetic import generate
from index_helpers import index_file as _file
from index_helpers import load as _load
from index_helpers import network_as_layout_9

SEED_ARTICLE = Path(__file__).resolve().parents[1] / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.yaml"
DOCS = list(generate(40, seed=7))
QUERIES = ("ganjar", "gabjar pranowo", "diskominfo jateng", "kepala dinas", "agung hikmati",
           "Drs. Budi Santoso, M.Si", "rapat koordinasi kehumasan", "Dewii Lestari", "siti", "xyzzy", "ab")


def _assert_as_in_memory(services: Services) -> None:
    """Every search and every kept order equal those of indexes built afresh in memory."""
    fresh = SearchIndex(services.store, services.minter)
    for q in QUERIES:
        for kinds in (("person", "agency", "post", "event"), ("post",)):
            assert services.search(q, kinds, 10) == fresh.search(q, kinds, 10), (q, kinds)
    for kind, sort in sorted(ORDERED):
        order = services.orders.get(kind, sort)
        assert order is not None
        kept = SortedIndex(services.store, kind, sort)
        for descending in (True, False):
            for n in (1, 7, 10_000):
                assert order.first(n, descending=descending) == kept.first(n, descending=descending)
        if (kind, sort) in FACETS:
            _assert_facets(services, order, kept, kind)
    with _file(services).reading() as db:  # each word's postings counted by band, as the postings hold them
        assert sorted(db.execute("SELECT word, band, n FROM bands")) == sorted(db.execute(search_file.bands_counted()))
        _assert_banded(db)


def _assert_banded(db: sqlite3.Connection) -> None:
    """``banded`` holds the entries of each word and band the postings hold, and no other word."""
    held: dict[int, set[int]] = {}
    cases = " ".join(f"WHEN len < {hi} THEN {b}" for b, hi in enumerate(search_file.BANDS[1:-1]))
    for word, entry, band in db.execute(f"SELECT word, entry, CASE {cases} ELSE {len(search_file.BANDS) - 2} END "
                                        f"FROM postings"):
        held.setdefault(search_file.band_key(word, band), set()).add(entry)
    assert len(held) > 50
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.banded_terms USING fts5vocab(main, banded, row)")
    assert {int(term): n for term, n in db.execute("SELECT term, doc FROM temp.banded_terms")} == \
        {key: len(entries) for key, entries in held.items()}
    for key, entries in held.items():
        assert {e for (e,) in db.execute("SELECT rowid FROM banded WHERE banded MATCH ?", (f'"{key}"',))} == entries


def _assert_facets(services: Services, order: object, kept: SortedIndex, kind: str) -> None:
    """The order by each value of its facet is the whole order with the others left out, in the file and in memory."""
    path = {"event": "hg:eventType"}[kind]
    graph = services.store.all_graph.value
    rows = services.store.select(f"SELECT ?x ?f WHERE {{ GRAPH <{graph}> {{ ?x {path} ?f }} }}")
    values: dict[str, set[str]] = {}
    for row in rows:
        values.setdefault(row["f"].value, set()).add(row["x"].value)
    assert len(values) >= 2
    for value in [*sorted(values), "https://w3id.org/humasgraph/concept/event-type/none-such"]:
        for descending in (True, False):
            whole = kept.first(10_000, descending=descending)
            expected = [x for x in whole if x in values.get(value, set())]
            for n in (1, 7, 10_000):
                got = order.first(n, descending=descending, facet=value)  # type: ignore[attr-defined]
                assert got == kept.first(n, descending=descending, facet=value) == expected[:n], (value, n)


def test_the_file_follows_every_kind_of_write(services: Services) -> None:
    _load(services, DOCS[:25])
    services.import_paths([SEED_ARTICLE])
    services.warm()
    file = _file(services)
    assert file.path == index_path(Path(services.settings.store)) and file.path.exists()
    assert (file.builds, file.updates) == (1, 0)
    assert Path(f"{file.path}-wal").stat().st_size == 0  # a build's log, as large as the file, is cut back
    with file.reading() as db:  # a build drops the secondary indexes while it writes, and makes them again
        made = {name for (name,) in db.execute("SELECT name FROM sqlite_schema WHERE type = 'index'")}
    assert len(index_layout.INDEXES) >= 9 and {s.split()[5] for s in index_layout.INDEXES} <= made
    _assert_as_in_memory(services)
    assert services.search("gabjar", ["person"], 1)[0].label == "Ganjar Pranowo"  # a typo still finds him

    _load(services, DOCS[25:])  # new articles
    changed = DOCS[3].model_copy(deep=True)  # a replaced article: a statement and an alias less
    changed.statements = changed.statements[1:]
    if changed.people:
        changed.people[0].aliases = []
    _load(services, [changed])
    _assert_as_in_memory(services)
    retyped = DOCS[8].model_copy(deep=True)  # an event of another type now: it moves from one type's order to another's
    assert retyped.events
    retyped.events[0].type = next(t for t in EventType if t != retyped.events[0].type)
    _load(services, [retyped])
    _assert_as_in_memory(services)
    services.retract(DOCS[5].article.url)
    _assert_as_in_memory(services)
    (event,) = [e for e in services.flagship(limit=500) if "Helmi Hafid" in {s.name for s in e.speakers}]
    keep, other = event.speakers[0].person, event.speakers[1].person
    services.merge(keep, other)
    _assert_as_in_memory(services)
    services.unmerge(other)
    _assert_as_in_memory(services)
    assert file.builds == 1 and file.updates >= 4  # each step an update in place, never a rebuild

    graph = services.minter.graph(DOCS[0].article.url)
    services.store.update(f"DELETE WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")  # a write naming no graphs
    _assert_as_in_memory(services)
    assert file.builds == 2


@pytest.mark.parametrize("where", ["file", "file, a row a step", "memory"])
def test_the_walk_in_label_order_finds_the_shortlist_that_scoring_every_candidate_finds(
        services: Services, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    _load(services, DOCS)
    index = services.search_index if where.startswith("file") else SearchIndex(services.store, services.minter)
    if where == "file, a row a step":  # a band's entries found by the walk or by ``banded``, whichever is first
        monkeypatch.setattr(indexed, "STEPS", (1, 1))
    monkeypatch.setattr(ranking, "SHORTLIST", 5)  # the corpus is small: few entries share a word 50 times
    walked = []
    best_covered = ranking._best_covered
    monkeypatch.setattr(ranking, "_best_covered", lambda *args: walked.append(best_covered(*args)) or walked[-1])
    for q in (*QUERIES, "kepala", "rapat koordinasi", "dinas provinsi", "pranowo ganjar", "bidang"):
        for kinds in (search.KINDS, ("event",), ("person", "post")):
            for limit in (1, 3):
                monkeypatch.setattr(ranking, "WALK_ABOVE", 0)
                first = index.search(q, kinds, limit)
                monkeypatch.setattr(ranking, "WALK_ABOVE", 10**9)
                assert first == index.search(q, kinds, limit), (q, kinds, limit)
    shortlists = [found for found in walked if found is not None]
    assert len(shortlists) >= 20 and len(shortlists) < len(walked)  # the walk served many, and fell back too


@pytest.mark.parametrize("where", ["file", "file, a row a step", "memory"])
def test_the_shortlist_read_a_level_of_cover_at_a_time_is_the_one_scoring_every_candidate_finds(
        services: Services, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    _load(services, DOCS)
    index = services.search_index if where.startswith("file") else SearchIndex(services.store, services.minter)
    if where == "file, a row a step":
        monkeypatch.setattr(indexed, "STEPS", (1, 1))
    monkeypatch.setattr(ranking, "SHORTLIST", 5)  # the corpus is small: few entries share a word 50 times
    monkeypatch.setattr(ranking, "WALK_ABOVE", 0)
    monkeypatch.setattr(ranking, "LEVELS_ABOVE", 0)
    monkeypatch.setattr(ranking, "PROFILES_ASKED", 1000)
    leveled, covered = ranking._leveled, ranking._covered
    answered = []
    profiles: list[int] = []  # how many a query the levels answered has

    def both(source: ranking.Source, matches: list[dict[str, float]], seeds: list[int], *, kinds: list[str],
             size: int, candidates: int) -> dict[int, float] | None:
        found = leveled(source, matches, seeds, kinds=kinds, size=size, candidates=candidates)
        if found is None:  # too many asked: every candidate is scored
            return None
        profiles.append(math.prod(len(set(words.values())) + 1 for words in matches if words))
        sizes = [sum(source.size(m) for m in words) for words in matches]
        assert found == covered(source, matches, sizes, seeds, kinds=kinds, size=size), (matches, kinds, size)
        answered.append(found)
        return found

    monkeypatch.setattr(ranking, "_leveled", both)
    # Events' names whole, and with a letter of each long word left out: queries of eight to twenty words, whose
    # profiles can be too many to make all (the levels make them best first, as many as are asked).
    names = sorted({e.name.lower() for doc in DOCS[::8] for e in doc.events})[:4]
    names.append(f"{names[0]} {names[1]}")  # twenty words or so
    typed = [" ".join(w[:2] + w[3:] if len(w) > 6 else w for w in name.split()) for name in names]
    for q in (*QUERIES, "kepala", "rapat koordinasi", "dinas provinsi", "pranowo ganjar", "bidang", "kota bima",
              "kepala dinas kominfo jateng", "gubernur jawa", *names, *typed):
        for kinds in (search.KINDS, ("event",), ("person", "post")):
            for limit in (1, 3):
                index.search(q, kinds, limit)
    assert len(answered) >= 50 and sum(len(found) >= 5 for found in answered) >= 20  # levels read, and enough
    assert max(profiles) > 1000, max(profiles)


def test_the_levels_ask_more_profiles_before_scoring_every_candidate_where_there_are_more_candidates(
        services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    _load(services, DOCS)
    monkeypatch.setattr(ranking, "SHORTLIST", 5)
    monkeypatch.setattr(ranking, "WALK_ABOVE", 0)
    monkeypatch.setattr(ranking, "LEVELS_ABOVE", 0)
    monkeypatch.setattr(ranking, "PROFILES_ASKED", 1)
    leveled = ranking._leveled
    found: list[dict[int, float] | None] = []
    monkeypatch.setattr(ranking, "_leveled",
                        lambda *args, **kwargs: found.append(leveled(*args, **kwargs)) or found[-1])
    queries = ("kepala dinas kominfo jateng", "rapat koordinasi kehumasan", "gubernur jawa", "dinas provinsi")
    given_up = {}
    for per in (10**9, 1):  # one profile at most; as many as there are candidates
        monkeypatch.setattr(ranking, "CANDIDATES_PER_PROFILE", per)
        found.clear()
        answers = [services.search(q, search.KINDS, 3) for q in queries]
        given_up[per] = found.count(None)
    assert given_up[10**9] > given_up[1] and len(found) > given_up[1]
    monkeypatch.setattr(ranking, "CANDIDATES_PER_PROFILE", 10**9)
    assert [services.search(q, search.KINDS, 3) for q in queries] == answers  # the same answers either way


def test_the_profiles_are_made_best_first_as_all_of_them_sorted_would_give_them() -> None:
    """``ranking._by_cover`` against every combination made and sorted: the same covers in the same order, each with
    the same combinations, for levels as the queries' words have them (a word's similarities, then 0.0)."""
    rnd = random.Random(3)
    sims = [1.0, 0.9, 0.8571428571428572, 0.8, 0.7777777777777779, 0.75, 0.7]
    for _ in range(200):
        levels = [[*sorted(rnd.sample(sims, rnd.randint(1, 3)), reverse=True), 0.0] for _ in range(rnd.randint(1, 6))]
        by_cover: dict[float, list[tuple[float, ...]]] = {}
        for combo in itertools.product(*levels):
            cover = 0.0
            for sim in combo:
                if sim:
                    cover += sim
            by_cover.setdefault(cover, []).append(combo)
        made = list(ranking._by_cover(levels))
        assert [cover for cover, _ in made] == sorted(by_cover, reverse=True)
        assert all(sorted(combos) == sorted(by_cover[cover]) for cover, combos in made)
    many = [[1.0, 0.8, 0.0]] * 20  # 3**20 combinations: only those asked for are made
    first = list(itertools.islice(ranking._by_cover(many), 3))
    assert [(cover, len(combos)) for cover, combos in first] == [(20.0, 1), (19.8, 20), (19.6, 190)]


def test_a_search_scoring_every_candidate_answers_as_in_memory_however_the_candidates_are_covered(
        services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """With few seed words (the rarest), the other words' postings are intersected with the candidates in SQLite:
    read through when they are fewer than the candidates, else intersected in ``banded`` with the seed words'."""
    _load(services, DOCS)
    memory = SearchIndex(services.store, services.minter)
    monkeypatch.setattr(ranking, "WALK_ABOVE", 10**9)  # every candidate scored
    monkeypatch.setattr(ranking, "PRUNED_ABOVE", 0)  # and those that cannot reach the shortlist dropped
    among = []
    held_among = _Words._held_among
    monkeypatch.setattr(_Words, "_held_among", lambda self, *args: among.append(held_among(self, *args)) or among[-1])
    checked = 0
    for seed_limit, key_cost in itertools.product((1, 3, 10, ranking.SEED_LIMIT), (0, indexed.KEY_COST, 10**9)):
        monkeypatch.setattr(ranking, "SEED_LIMIT", seed_limit)
        monkeypatch.setattr(indexed, "KEY_COST", key_cost)  # 0: the candidates always looked up by key; 10**9: never
        for q in (*QUERIES, "kepala dinas provinsi", "rapat koordinasi bima", "pranowo ganjar", "dinas kota"):
            for kinds in (search.KINDS, ("event",), ("person", "post")):
                got = services.search(q, kinds, 10)
                assert got == memory.search(q, kinds, 10), (q, kinds, seed_limit, key_cost)
                checked += bool(got)
    assert checked >= 90 and len(among) >= 50 and sum(map(bool, among)) >= 20  # intersected, and found some


@pytest.mark.parametrize("where", ["file", "file, keys looked up", "memory"])
def test_scoring_every_candidate_drops_only_those_that_cannot_reach_the_shortlist(
        services: Services, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """``_covered`` scores the terms rarest first and drops the candidates that cannot reach the shortlist with the
    terms left (MaxScore): against every candidate scored by every term, the same shortlist with the same covers (the
    same floats), for long names whole and mistyped, and short queries, with shortlists of 5 to 50."""
    _load(services, DOCS)
    index = services.search_index if where.startswith("file") else SearchIndex(services.store, services.minter)
    monkeypatch.setattr(ranking, "PRUNED_ABOVE", 0)  # the corpus is small
    if where == "file, keys looked up":
        monkeypatch.setattr(indexed, "KEY_COST", 0)  # the candidates left looked up by key in every word's postings
    covered = ranking._covered
    compared: list[int] = []  # candidates dropped, a shortlist each
    reaching = ranking._reaching

    def counted(candidates: set[int], *args: object) -> set[int]:
        kept = reaching(candidates, *args)  # type: ignore[arg-type]
        compared[-1] += len(candidates) - len(kept)
        return kept

    def checked(source: ranking.Source, matches: list[dict[str, float]], sizes: list[int], seeds: list[int], *,
                kinds: list[str], size: int) -> dict[int, float]:
        compared.append(0)
        found = covered(source, matches, sizes, seeds, kinds=kinds, size=size)
        usable = [i for i, words in enumerate(matches) if words]
        among = [w for i in seeds for w in matches[i]]
        every = {e for i in seeds for w in matches[i] for e in source.slots_of(w) if source.kind(e) in kinds}
        total = dict.fromkeys(every, 0.0)
        for i in usable:  # in the query's order, as the shortlist's covers are summed
            for e, sim in source.cover(matches[i], sizes[i], every, among).items():
                total[e] += sim
        source.load(total)
        best = sorted(total, key=lambda e: (-total[e], len(source.entry(e).label), source.entry(e).iri))[:size]
        assert found == {e: total[e] for e in best}, (matches, kinds, size)
        return found

    monkeypatch.setattr(ranking, "_covered", checked)
    monkeypatch.setattr(ranking, "_reaching", counted)
    monkeypatch.setattr(ranking, "WALK_ABOVE", 10**9)  # every candidate scored
    names = sorted({e.name.lower() for doc in DOCS[::5] for e in doc.events})[:6]
    typed = [" ".join(w[:2] + w[3:] if len(w) > 6 else w for w in name.split()) for name in names]
    for shortlist, limit in ((5, 1), (5, 4), (50, 1)):  # of max(shortlist, 5 * limit)
        monkeypatch.setattr(ranking, "SHORTLIST", shortlist)
        for q in (*QUERIES, "kepala dinas provinsi", "rapat koordinasi bima", *names, *typed):
            for kinds in (search.KINDS, ("event",), ("person", "post")):
                index.search(q, kinds, limit)
    assert len(compared) >= 200 and sum(1 for n in compared if n) >= 20, compared  # and some were dropped


def _one_way(name: str) -> object:
    """``_Words._band`` finding a band's entries only the one way ``name`` (a method of ``_Words``; a first term of
    several words is never walked)."""
    def band(self: _Words, first: list[int], rest: list[list[int]], out_of: list[int], *, band: int,
             lengths: tuple[int, int], codes: str, n: int, out: dict[int, int]) -> None:
        if name == "_walked" and len(first) == 1:
            way = self._walked(first, rest, out_of, lengths=lengths, codes=codes, n=n)
        else:
            way = self._intersected([first, *rest], out_of, band=band, codes=codes, n=n)
        try:
            while True:
                next(way)
        except StopIteration as done:
            out.update(done.value)
    return band


def test_the_walk_by_bands_finds_the_first_entries_holding_every_term(services: Services,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    race = _Words._band
    _load(services, DOCS[:20])
    services.warm()
    _load(services, DOCS[20:])  # ids given by an update, after those of the build: not in the order of their IRIs
    services.warm()
    with _file(services).reading() as db:
        entries = {e: (len(label), iri, kind, set(forms.replace(search_file.FORM_SEPARATOR, " ").split()))
                   for e, label, iri, kind, forms in db.execute("SELECT e.id, e.label, i.iri, e.kind, e.forms "
                                                                 "FROM entries AS e JOIN iris AS i ON i.id = e.id")}
        common = [w for (w,) in db.execute("SELECT word FROM vocab WHERE n >= 3 ORDER BY n DESC, word LIMIT 24")]
        # Terms of one word and of two (an entry holding both comes twice down the postings, and counts once);
        # "kementerian" with "menteri", say, is a term of two when a query word is as like the one as the other.
        picks = [[[common[i]], [common[j]]] for i in range(0, 24, 5) for j in range(1, 24, 7) if i != j]
        picks += [[[common[i], common[i + 1]], [common[j]]] for i in range(0, 20, 4) for j in range(2, 24, 6)]
        picks += [[[common[0]], [common[3]], [common[8]]], [[common[5]]], [[common[1], common[2]]], [["xyzzy"]]]
        checked = ties = 0
        # A band's entries are sought two ways, a few rows of each in turn, the first to finish giving them: in steps
        # of a row and then two, of a row, of two and three (either may finish first, the walk mid-length), as the
        # server steps, and each way alone. Bands that hold every label in one are a walk down the term with the
        # fewest postings in all (``banded`` keeps the file's bands: walked alone).
        runs = [*((search_file.BANDS, steps, None) for steps in ((1, 2), (1, 1), (2, 3), indexed.STEPS)),
                (search_file.BANDS, indexed.STEPS, "_walked"), (search_file.BANDS, indexed.STEPS, "_intersected"),
                ((0, 1 << 30), indexed.STEPS, "_walked")]
        for bands, steps, alone in runs:
            monkeypatch.setattr(indexed, "BANDS", bands)
            monkeypatch.setattr(indexed, "STEPS", steps)
            monkeypatch.setattr(_Words, "_band", _one_way(alone) if alone else race)
            if len(bands) == 2:
                db.execute("SAVEPOINT one_band")  # the counts as one band would keep them (rolled back below)
                db.execute("DELETE FROM bands")
                db.execute("INSERT INTO bands SELECT word, 0, count(*) FROM postings GROUP BY word")
            for terms in picks:
                if len(bands) == 2 and any(len(term) > 1 for term in terms):
                    continue  # a term of several words is never walked: intersected in ``banded``, by the file's bands
                for kinds in (search.KINDS, ("event",), ("agency", "post")):
                    for n in (1, 4, 50):
                        held = sorted((e for e, (_, _, kind, words) in entries.items() if kind in kinds
                                       and all(words & set(term) for term in terms)), key=lambda e: entries[e][:2])
                        got = _Words(db).best_matched(terms, kinds, n)
                        assert got == held[:n], (terms, kinds, n, bands, steps, alone)
                        checked += bool(got)
                        # the n-th shares its label's length with an entry after it: the IRIs decide
                        ties += len(held) > n and entries[held[n - 1]][0] == entries[held[n]][0]
            if len(bands) == 2:
                db.execute("ROLLBACK TO one_band")
        assert checked > 500 and ties > 20, (checked, ties)


@pytest.mark.parametrize("alone", [None, "_walked", "_intersected"])
def test_a_band_breaks_ties_of_label_length_by_iri_whichever_way_finds_it(monkeypatch: pytest.MonkeyPatch,
                                                                          alone: str | None) -> None:
    """Twelve agencies and posts with labels of one length, their ids in the reverse order of their IRIs (as an update
    gives ids), two of a shorter label and one of a longer: the first n are the shorter, then the first IRIs,
    however the band's rows come (by kind, then id) and wherever a step ends."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    index_layout.start_layout(db)
    names = [("agency", f"Dinas Kota {c}", f"https://example.org/{9 - i:02}") for i, c in enumerate("ABCDEFGHIJ")]
    names += [("post", "Dinas Kota K", "https://example.org/50"), ("post", "Dinas Kota L", "https://example.org/045"),
              ("agency", "Dinas Kota", "https://example.org/70"), ("post", "Dinas Kota", "https://example.org/60"),
              ("agency", "Kota Dinas Lama", "https://example.org/80")]
    ids = {iri: slot for slot, (_, _, iri) in enumerate(names, start=1)}
    db.executemany("INSERT INTO iris (id, iri) VALUES (?, ?)", ((slot, iri) for iri, slot in ids.items()))
    entries = [search.Entry(iri, kind, label, [label.lower()], frozenset(label.lower().split()))
               for kind, label, iri in names]
    db.execute("BEGIN")
    search_file.put_entries(db, ids, entries)
    db.execute("COMMIT")
    if alone:
        monkeypatch.setattr(_Words, "_band", _one_way(alone))
    by_order = sorted(entries, key=lambda e: (len(e.label), e.iri))
    for steps in ((1, 1), (1, 2), (2, 3), (3, 5), indexed.STEPS):
        monkeypatch.setattr(indexed, "STEPS", steps)
        for kinds in (("agency", "post"), ("agency",)):
            held = [ids[e.iri] for e in by_order if e.kind in kinds]
            for n in range(1, 16):
                assert _Words(db).best_matched([["dinas"], ["kota"]], kinds, n) == held[:n], (steps, kinds, n)


@pytest.mark.parametrize("alone", [None, "_walked", "_intersected"])
def test_profiles_of_many_terms_skip_the_bands_where_their_rarest_terms_have_no_entry_together(
        services: Services, monkeypatch: pytest.MonkeyPatch, alone: str | None) -> None:
    """Profiles of four to six terms, less some words, asked one after another of one search as its levels ask them:
    the first entries holding what one of them says, as read from the entries themselves, whether a band is skipped
    because its rarest three terms have no entry together, or because an intersection asked before in the search
    (the same terms or fewer, less the same words or fewer) found none, or is read."""
    _load(services, DOCS)
    services.warm()
    none_hold = _Words._none_hold
    skipped: list[bool] = []
    monkeypatch.setattr(_Words, "_none_hold", lambda self, *args: skipped.append(none_hold(self, *args)) or skipped[-1])
    if alone:
        monkeypatch.setattr(_Words, "_band", _one_way(alone))
    with _file(services).reading() as db:
        entries = {e: (len(label), iri, kind, set(forms.replace(search_file.FORM_SEPARATOR, " ").split()))
                   for e, label, iri, kind, forms in db.execute("SELECT e.id, e.label, i.iri, e.kind, e.forms "
                                                                 "FROM entries AS e JOIN iris AS i ON i.id = e.id")}
        common = [w for (w,) in db.execute("SELECT word FROM vocab WHERE n >= 3 ORDER BY n DESC, word LIMIT 16")]

        def first(profiles: list[ranking.Profile], kinds: tuple[str, ...], n: int) -> list[int]:
            held = [e for e, (_, _, kind, words) in entries.items() if kind in kinds and any(
                all(words & set(term) for term in terms) and not words & set(excluded) for terms, excluded in profiles)]
            return sorted(held, key=lambda e: entries[e][:2])[:n]

        # The words of long labels (names some entries hold whole, and others in part) and the commonest words (few
        # entries hold six of them): each a search's profiles, asked in turn as levels are.
        long = sorted({tuple(sorted(words)) for _, _, _, words in entries.values() if len(words) >= 6})[::7][:6]
        searches = []
        for picked in [*(list(words) for words in long), *(common[start:start + 6] for start in range(0, 10, 3))]:
            terms = [[w] for w in picked[:6]]
            searches.append([(terms[:k], []) for k in (6, 5, 4)])
            # the same terms less a word, then not less it: none of the first is not none of the second
            searches.append([*((terms[:i] + terms[i + 1:], terms[i]) for i in range(5)), (terms[1:], [])])
            searches.append([([[picked[0], common[0]], *terms[2:6]], [common[15]]), (terms[:5], [])])
        checked = found = 0
        for profiles in searches:
            for kinds in (search.KINDS, ("event",), ("agency", "post")):
                for n in (1, 5, 50):
                    words = _Words(db)  # one search: what a band lacks is remembered from one profile to the next
                    for i, profile in enumerate(profiles):
                        got = words.first_holding([profile], kinds, n)
                        assert got == first([profile], kinds, n), (profile, kinds, n)
                        checked += 1
                        found += bool(got)
                        together = profiles[:i + 1]
                        assert words.first_holding(together, kinds, n) == first(together, kinds, n), (together, kinds)
    assert checked > 250 and found > 50, (checked, found)
    assert skipped.count(True) > 50 and skipped.count(False) > 50, (skipped.count(True), skipped.count(False))


def test_the_first_by_label_are_the_shortest_labels_then_the_first_iris(services: Services) -> None:
    _load(services, DOCS)
    services.warm()
    with _file(services).reading() as db:
        labels = {e: (len(label), iri) for e, label, iri in db.execute(
            "SELECT e.id, e.label, i.iri FROM entries AS e JOIN iris AS i ON i.id = e.id")}
        common = [w for (w,) in db.execute("SELECT word FROM vocab WHERE n >= 3 ORDER BY n DESC, word LIMIT 12")]
        words = _Words(db)
        held = [words.slots_of(w) for w in common]
        # Slots of one word, of several, every other one (so that the n-th shares its length with slots left out)
        picks = [*held, sorted({*held[0], *held[3], *held[7]}), held[1][::2], held[2][1::3], []]
        checked = 0
        for slots in picks:
            expected = sorted(slots, key=labels.__getitem__)
            for n in (0, 1, 4, len(slots) // 2, len(slots), len(slots) + 3):
                assert words.first_by_label(slots, n) == expected[:n], (len(slots), n)
                # the n-th shares its label's length with a slot after it: the IRIs decide
                checked += 0 < n < len(expected) and labels[expected[n - 1]][0] == labels[expected[n]][0]
    assert checked >= 3


def test_a_current_file_is_read_again_without_a_build(settings: Settings) -> None:
    with Services.open(settings) as services:
        _load(services, DOCS[:10])
        services.warm()
        before = [services.search(q, ["person", "agency", "post", "event"], 10) for q in QUERIES]
    with Services.open(settings) as services:
        services.warm()
        assert (_file(services).builds, _file(services).updates) == (0, 0)
        assert [services.search(q, ["person", "agency", "post", "event"], 10) for q in QUERIES] == before
        _load(services, DOCS[10:12])  # written while no index was open: read from the feed at the next look
    with Services.open(settings) as services:
        services.warm()
        assert (_file(services).builds, _file(services).updates) == (0, 1)
        _assert_as_in_memory(services)


def test_a_file_further_behind_than_the_feed_keeps_is_rebuilt(settings: Settings,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feed, "RETAINED", 3)
    with Services.open(settings) as services:
        _load(services, DOCS[:2])
        services.warm()
        for doc in DOCS[2:8]:
            _load(services, [doc])  # six writes: past what the feed keeps
        services.warm()
        assert _file(services).builds == 2
        _assert_as_in_memory(services)


def test_a_backlog_larger_than_a_build_is_rebuilt(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(indexfile, "REBUILD_PAST_GRAPHS", 5)
    with Services.open(settings) as services:
        _load(services, DOCS[:2])
        services.warm()
        _load(services, DOCS[2:6])  # four graphs: updated
        services.warm()
        assert (_file(services).builds, _file(services).updates) == (1, 1)
        _load(services, DOCS[6:12])  # six graphs: rebuilt
        services.warm()
        assert (_file(services).builds, _file(services).updates) == (2, 1)
        _assert_as_in_memory(services)


def test_a_backlog_larger_than_a_share_of_the_file_is_rebuilt(settings: Settings,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(indexfile, "REBUILD_AT_LEAST", 3)
    monkeypatch.setattr(indexfile, "REBUILD_PAST_SHARE", 0.5)
    with Services.open(settings) as services:
        _load(services, DOCS[:2])
        services.warm()
        _load(services, DOCS[2:4])  # two graphs, as many as the file holds, but fewer than three: updated
        services.warm()
        _load(services, DOCS[4:8])  # four graphs, more than half of four: rebuilt
        services.warm()
        assert (_file(services).builds, _file(services).updates) == (2, 1)
        _load(services, DOCS[8:11])  # three graphs, fewer than half of eight: updated
        services.warm()
        assert (_file(services).builds, _file(services).updates) == (2, 2)
        _assert_as_in_memory(services)


@pytest.mark.parametrize("damage", ["another store", "another layout"])
def test_a_file_of_another_store_or_layout_is_rebuilt(settings: Settings, damage: str) -> None:
    with Services.open(settings) as services:
        _load(services, DOCS[:6])
        services.warm()
        file = _file(services)
        if damage == "another layout":
            with file._writing() as db:
                db.execute("UPDATE state SET value = 'old' WHERE key = 'layout'")
    if damage == "another store":
        shutil.rmtree(settings.store)  # the same folder, a new store with as many writes
        with Services.open(settings) as services:
            _load(services, DOCS[6:12])
    with Services.open(settings) as services:
        services.warm()
        assert _file(services).builds == 1
        _assert_as_in_memory(services)


def test_a_file_of_layout_8_is_upgraded_in_place_not_rebuilt(settings: Settings) -> None:
    with Services.open(settings) as services:
        _load(services, DOCS[:12])
        services.warm()
        with _file(services)._writing() as db:  # the file as layout 8 wrote it: no label lengths in the postings
            network_as_layout_9(db)  # and the network's IRIs, not their ids (layout 10)
            db.execute("DROP INDEX postings_len")
            db.execute("ALTER TABLE postings DROP COLUMN len")
            db.execute("DROP TABLE bands")  # and no counts by band (layout 12)
            db.execute("DROP TABLE banded")  # nor words keyed by band (layout 13)
            db.execute("UPDATE state SET value = '8' WHERE key = 'layout'")
    with Services.open(settings) as services:
        services.warm()
        file = _file(services)
        assert (file.builds, file.updates, file.state("layout")) == (0, 0, index_layout.LAYOUT)
        with file.reading() as db:
            (n, wrong), = db.execute("SELECT count(*), count(*) FILTER (WHERE p.len != length(e.label)) "
                                     "FROM postings AS p JOIN entries AS e ON e.id = p.entry")
            assert n > 100 and wrong == 0
            plan = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN SELECT entry FROM postings "
                                                     "WHERE word = 1 ORDER BY len"))
            assert "postings_len" in plan
        _assert_as_in_memory(services)


def test_a_new_file_opened_by_another_process_keeps_what_the_first_wrote(tmp_path: Path) -> None:
    """Two processes opening one new file (a remote store's workers sharing it): the second finds the first's tables
    in this layout, not a state without a layout that it would take for another layout's and drop."""
    first = sqlite3.connect(tmp_path / "shared.index.sqlite", isolation_level=None)
    index_layout.start_layout(first)
    assert first.execute("SELECT value FROM state WHERE key = 'layout'").fetchone() == (index_layout.LAYOUT,)
    first.execute("INSERT INTO iris (id, iri) VALUES (1, 'https://example.org/1')")
    second = sqlite3.connect(tmp_path / "shared.index.sqlite", isolation_level=None)
    index_layout.start_layout(second)
    assert second.execute("SELECT iri FROM iris").fetchall() == [("https://example.org/1",)]
    first.close()
    second.close()


def test_a_table_of_an_older_layout_is_dropped_without_a_rebuild(settings: Settings) -> None:
    with Services.open(settings) as services:
        _load(services, DOCS[:6])
        services.warm()
        with _file(services)._writing() as db:  # layout 6 kept the pairs of nodes an edge joins
            db.execute("CREATE TABLE net_pairs (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID")
            db.execute("INSERT INTO net_pairs VALUES ('x', 'y')")
    with Services.open(settings) as services:
        services.warm()
        file = _file(services)
        assert (file.builds, file.updates) == (0, 0)
        with file.reading() as db:
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
        assert "net_pairs" not in tables and {"postings", "grams", "grams_data", "net_edges"} <= tables
        _assert_as_in_memory(services)


def test_a_large_store_is_indexed_in_a_child_process_over_a_snapshot(settings: Settings,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(indexfile, "BUILD_APART_BYTES", 0)
    store = Path(settings.store)
    with Services.open(settings) as services:
        _load(services, DOCS[:10])
        asked = services.store.queries  # type: ignore[attr-defined]
        services.warm()
        assert services.store.queries - asked <= 2  # type: ignore[attr-defined]  # the feed, not a full read
        file = _file(services)
        assert file.builds == 1 and file.state("identity") == (store / "IDENTITY").read_text().strip()
        assert not list(store.parent.glob(f".{store.name}.index-build*"))  # the snapshot is gone
        _assert_as_in_memory(services)
        _load(services, DOCS[10:14])
        _assert_as_in_memory(services)
        assert (file.builds, file.updates) == (1, 1)


def test_in_memory_and_read_only_stores_keep_their_indexes_in_memory(settings: Settings) -> None:
    with Services.open(Settings(store=":memory:")) as services:
        assert isinstance(services.search_index, SearchIndex)
    with Services.open(settings) as services:
        _load(services, DOCS[:2])
    with Services.open(settings, read_only=True) as services:
        assert isinstance(services.search_index, SearchIndex)
        assert not index_path(Path(settings.store)).exists()

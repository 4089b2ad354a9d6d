"""The naive importer a newcomer would write: rdflib's default in-memory Dataset, one ``add`` per triple.

It maps a document field by field to triples (IRIs from slugs of names, no resolution against
what the graph already holds, no validation, no union graph, no provenance), one named graph
per article. The benchmarks run it on the same documents as our importer, as the baseline.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS, XSD

from humasgraph.model.document import Document
from humasgraph.model.names import slug

SCHEMA = Namespace("http://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
HG = Namespace("https://w3id.org/humasgraph/ns#")
BASE = "https://naive.example/id/"


def _iri(kind: str, name: str) -> URIRef:
    return URIRef(f"{BASE}{kind}/{slug(name)}")


def import_naive(dataset: Dataset, docs: Iterable[Document]) -> int:
    """Add every document to ``dataset``, one graph per article; the number of triples added."""
    added = 0
    for doc in docs:
        g = dataset.graph(URIRef(f"{BASE}graph/{slug(doc.article.url, limit=200)}"))

        def add(s: URIRef, p: URIRef, o: URIRef | Literal | None, g: Graph = g) -> None:
            nonlocal added
            if o is not None:
                g.add((s, p, o))
                added += 1

        def lit(value: object) -> Literal | None:
            return None if value is None else Literal(value)

        a = URIRef(doc.article.url)
        add(a, RDF.type, SCHEMA.NewsArticle)
        add(a, SCHEMA.headline, lit(doc.article.title))
        add(a, SCHEMA.datePublished, lit(doc.article.published))
        add(a, SCHEMA.publisher, lit(doc.article.publisher))
        add(a, SCHEMA.inLanguage, lit(doc.article.language))
        keys: dict[str, URIRef] = {}
        for ag in doc.agencies:
            node = keys[ag.key or ag.name] = keys[ag.name] = _iri("agency", ag.name)
            add(node, RDF.type, ORG.Organization)
            add(node, SCHEMA.name, Literal(ag.name))
            for alias in ag.aliases:
                add(node, SKOS.altLabel, Literal(alias))
            if ag.type is not None:
                add(node, HG.agencyType, Literal(ag.type.value))
            add(a, SCHEMA.mentions, node)
        for ag in doc.agencies:
            if ag.parent:
                add(keys[ag.key or ag.name], ORG.subOrganizationOf, keys[ag.parent])
        for post in doc.posts:
            node = keys[post.key or post.title] = _iri("post", f"{post.title} {post.agency or ''}")
            add(node, RDF.type, ORG.Post)
            add(node, SKOS.prefLabel, Literal(post.title))
            if post.agency:
                add(node, ORG.postIn, keys[post.agency])
        for p in doc.people:
            node = keys[p.key or p.name] = keys[p.name] = _iri("person", p.name)
            add(node, RDF.type, SCHEMA.Person)
            add(node, SCHEMA.name, Literal(p.name))
            add(node, SCHEMA.honorificPrefix, lit(p.honorific_prefix))
            add(node, SCHEMA.honorificSuffix, lit(p.honorific_suffix))
            for alias in p.aliases:
                add(node, SKOS.altLabel, Literal(alias))
            add(a, SCHEMA.mentions, node)
            for pos in p.positions:
                post = _iri("post", f"{pos.title} {pos.agency or ''}")
                tenure = _iri("tenure", f"{p.name} {pos.title} {pos.agency or ''} {pos.start or ''}")
                add(post, RDF.type, ORG.Post)
                add(post, SKOS.prefLabel, Literal(pos.title))
                if pos.agency:
                    add(post, ORG.postIn, keys[pos.agency])
                add(tenure, RDF.type, ORG.Membership)
                add(tenure, ORG.member, node)
                add(tenure, HG.post, post)
                add(tenure, HG.start, lit(pos.start))
                add(tenure, HG.end, lit(pos.end))
        for e in doc.events:
            node = keys[e.key or e.name] = _iri("event", f"{e.name} {e.start or ''}")
            add(node, RDF.type, SCHEMA.Event)
            add(node, SCHEMA.name, Literal(e.name))
            add(node, HG.eventType, Literal(e.type.value))
            add(node, SCHEMA.startDate, lit(e.start))
            add(node, SCHEMA.endDate, lit(e.end))
            if e.venue:
                venue = _iri("place", f"{e.venue} {e.city or ''}")
                add(node, SCHEMA.location, venue)
                add(venue, SCHEMA.name, Literal(e.venue))
                if e.city:
                    city = _iri("place", e.city)
                    add(venue, SCHEMA.containedInPlace, city)
                    add(city, SCHEMA.name, Literal(e.city))
                    if e.province:
                        province = _iri("place", e.province)
                        add(city, SCHEMA.containedInPlace, province)
                        add(province, SCHEMA.name, Literal(e.province))
            if e.organizer:
                add(node, SCHEMA.organizer, keys.get(e.organizer))
            add(node, HG.participantCount, lit(e.participant_count))
            for ref in e.participants:
                add(node, SCHEMA.attendee, keys.get(ref))
            add(a, SCHEMA.mentions, node)
        for i, st in enumerate(doc.statements):
            node = URIRef(f"{BASE}statement/{slug(doc.article.url, limit=200)}/{i}")
            speaker = keys[st.speaker]
            add(node, RDF.type, SCHEMA.Quotation)
            add(node, SCHEMA.text, Literal(st.text))
            add(node, HG.direct, Literal(st.direct))
            add(node, HG.speaker, speaker)
            add(node, SCHEMA.author, keys[st.on_behalf_of] if st.on_behalf_of else speaker)
            add(node, HG.onBehalfOf, keys.get(st.on_behalf_of) if st.on_behalf_of else None)
            add(node, HG.role, lit(st.role.value if st.role else None))
            add(node, SCHEMA.dateCreated, lit(st.date))
            add(node, SCHEMA.isPartOf, a)
            if st.event:
                event = keys[st.event]
                add(node, HG.atEvent, event)
                add(event, SCHEMA.performer, speaker)
        for i, d in enumerate(doc.delegations):
            node = URIRef(f"{BASE}delegation/{slug(doc.article.url, limit=200)}/{i}")
            add(node, RDF.type, PROV.Delegation)
            add(node, HG.delegate, keys[d.delegate])
            add(node, PROV.agent, keys[d.principal])
            add(node, PROV.hadRole, Literal(d.act.value))
            add(node, PROV.hadActivity, keys.get(d.event) if d.event else None)
            add(keys[d.delegate], PROV.actedOnBehalfOf, keys[d.principal])
    return added


__all__ = ["XSD", "import_naive"]

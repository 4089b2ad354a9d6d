"""A user's read-only SPARQL query: checked (``guard``), run within limits (``answers``), written out (``results``).

``humasgraph sparql`` and ``/sparql`` share it; on an embedded store the reader processes of
``humasgraph.store.readers`` run it, away from the server's own process.
"""

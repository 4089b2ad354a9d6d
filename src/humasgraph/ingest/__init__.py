"""An article's way into the store: validate, resolve, build its quads, check them, write.

``importer`` runs the walk, one article all-or-nothing: ``references`` completes a document
from what the store knows, ``pins`` checks the IRIs it pins, ``quads`` builds the quads of its
article graph and provenance, ``shapes`` checks them against the SHACL shapes. ``merges`` merges
two entities (and undoes it) by rebuilding the graphs that mention them; ``intake`` takes
``humasgraph import``'s files over a socket while a server holds the store.
"""

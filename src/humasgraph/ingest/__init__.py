"""An article's way into the store: read, validate, resolve, build its quads, check them, write.

``inputs`` reads a file within a size limit and ``reading`` turns YAML or JSON into a validated
document. ``importer`` runs the walk, one article all-or-nothing: ``references`` completes a
document from what the store knows, ``pins`` checks the IRIs it pins, ``naming`` gives each item
its IRI, ``quads`` builds the quads of its article graph and ``provenance`` their PROV
description, ``shapes`` (compiled by ``shape_compiler``) checks them against the SHACL shapes.
``merges`` merges two entities (and undoes it) by rebuilding the graphs that mention them;
``intake`` takes ``humasgraph import``'s files over a socket while a server holds the store.
"""

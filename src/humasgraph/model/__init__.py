"""What the graph is made of, before any store: the vocabulary, the kinds, the import format, names.

``vocab`` spells every IRI of a vocabulary, ``kinds`` declares the entity kinds once,
``document`` holds the pydantic models of the import format, ``names`` the Indonesian name rules
and keys, ``identity`` mints IRIs and resolves mentions, ``accounts`` the normal form of an
official account. Nothing here reads a file or a store.
"""

"""What is kept beside the store and derived from it, kept in step with its change feed.

``follower`` follows the store's change feed (which entities each source graph stated);
``search`` the name index, ``orders`` the date orders of the root lists (both in memory);
``indexfile`` keeps both in a SQLite file beside an on-disk store and ``indexed`` answers from
it; ``network`` the network projection that ``humasgraph.derived.analytics`` answers from, kept
in the same file by ``network_file`` and read by ``network_reads`` (``walks``: its BFS).
``Services`` builds them.
"""

"""humasgraph: a knowledge graph of Indonesian government communication.

The Python API is ``humasgraph.open(store)``, which gives the same ``Services`` the command line
and the GraphQL API use (docs/python.md).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .services import Services

__version__ = "0.1.0"

__all__ = ["__version__", "open"]


def open(store: str | os.PathLike[str] = "./humasgraph-data", *, read_only: bool = False,  # noqa: A001
         **settings: Any) -> Services:
    """The services over ``store``: a folder (created if need be), ``":memory:"`` or a SPARQL endpoint URL.

    Other settings (``base_iri``, ``store_timeout`` …, see docs/settings.md) are keywords; the
    environment is not read. Close the services when done, or use them in a ``with`` block.
    """
    from .services import Services  # noqa: PLC0415 - `import humasgraph` stays light
    from .settings import Settings  # noqa: PLC0415

    return Services.open(Settings.load({}, store=os.fspath(store), **settings), read_only=read_only)

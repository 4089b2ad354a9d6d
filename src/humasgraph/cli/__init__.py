"""The ``humasgraph`` command: ``main`` parses the arguments and runs one of ``commands``.

``report`` renders answers and documents for a terminal or as JSON.
"""

from __future__ import annotations

from .main import main, parser

__all__ = ["main", "parser"]

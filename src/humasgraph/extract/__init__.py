"""Raw Indonesian government news (text or HTML) → article metadata documents in the import format.

The extractor reads as a careful reader of Indonesian PR news would: officials with their posts
and agencies, the event, dates, quotations and reported speech, and who spoke on whose behalf.
Its output is the same document a person curates by hand, for review before import.
"""

from __future__ import annotations

from .gazetteer import Gazetteer
from .pipeline import extract_text
from .source import extract_file, extract_html, extract_input

__all__ = ["EXTRACTOR_VERSION", "Gazetteer", "extract_file", "extract_html", "extract_input", "extract_text"]

EXTRACTOR_VERSION = "humasgraph-extract/0.1.0"

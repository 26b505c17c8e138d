"""The writers: one module per output format, each turning a `Document` into bytes.

A writer module defines `EXTENSION` and `render(document, resources, strict=False) -> bytes`
(under `strict`, a writer that meets anything it would otherwise only warn about fails). The table
below maps each format name to its module, which is imported only when that format is
written, so `contractgen --help` pays for neither python-docx nor WeasyPrint.
"""

from __future__ import annotations

import importlib
from types import ModuleType

FORMATS: dict[str, str] = {
    "docx": "contractgen.writers.docx",
    "pdf": "contractgen.writers.pdf",
    "md": "contractgen.writers.markdown",
    "html": "contractgen.writers.html",
}
DEFAULT_FORMATS = ("docx", "pdf", "md")
EXTENSIONS = {"docx": ".docx", "pdf": ".pdf", "md": ".md", "html": ".html"}


def writer(name: str) -> ModuleType:
    """The writer module for a format name (one of FORMATS)."""
    return importlib.import_module(FORMATS[name])

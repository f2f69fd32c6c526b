"""Exports of a statement: one renderer per format, each a pure function from an
`ExportDocument` to bytes. The route (`api/exports.py`) gathers the document and runs a
renderer off the event loop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from server.export import docx, html, markdown, pdf, text
from server.export.document import ExportDocument, file_name


@dataclass(frozen=True)
class Format:
    """One export format: its media type and its renderer."""

    media_type: str
    render: Callable[[ExportDocument], bytes]
    # Laid out in pure Python for tens of milliseconds (PDF, DOCX): rendered in a worker
    # process, so it cannot hold the interpreter lock the event loop needs.
    is_heavy: bool = False
    # Compressed inside already (a PDF's streams, a DOCX's zip): not gzipped again on the wire.
    is_compressed: bool = False


FORMATS: dict[str, Format] = {
    "pdf": Format("application/pdf", pdf.render, is_heavy=True, is_compressed=True),
    "docx": Format(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        docx.render,
        is_heavy=True,
        is_compressed=True,
    ),
    "html": Format("text/html; charset=utf-8", html.render),
    "md": Format("text/markdown; charset=utf-8", markdown.render),
    "txt": Format("text/plain; charset=utf-8", text.render),
}

__all__ = ["FORMATS", "ExportDocument", "Format", "file_name"]

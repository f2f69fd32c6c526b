"""The PDF export: the HTML export printed by WeasyPrint, whose Pango layout shapes Arabic
(joined letters, right to left) and lays out Chinese and Japanese with the installed fonts."""

from __future__ import annotations

from typing import cast

from weasyprint import HTML

from server.export.document import ExportDocument
from server.export.html import render_page


def render(document: ExportDocument) -> bytes:
    """The statement as a PDF (A4). Blocking: run it in a worker thread."""
    return cast(bytes, HTML(string=render_page(document)).write_pdf())

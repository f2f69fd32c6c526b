"""The PDF export: the HTML export printed by WeasyPrint, whose Pango layout shapes Arabic
(joined letters, right to left) and lays out Chinese and Japanese with the installed fonts.

WeasyPrint fetches every URL a page names (any scheme, 10 s a read) unless told otherwise.
The page needs none (its style is inline, its fonts installed), so its fetcher refuses them
all: nothing typed makes the server request an address or read a file."""

from __future__ import annotations

from typing import NoReturn, cast

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from server.export.document import ExportDocument
from server.export.html import render_page


class _NothingFetched(URLFetcher):  # type: ignore[misc]
    """A URL fetcher that fetches nothing: WeasyPrint then leaves the resource out."""

    def fetch(self, url: str, headers: object = None) -> NoReturn:
        raise ValueError("a statement's export loads nothing from anywhere")


def render(document: ExportDocument) -> bytes:
    """The statement as a PDF (A4). Blocking: run it in a worker process."""
    page = HTML(string=render_page(document), url_fetcher=_NothingFetched())
    return cast(bytes, page.write_pdf())

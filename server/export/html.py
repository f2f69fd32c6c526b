"""The HTML export: one print-ready file with inline CSS, in the statement's language and
direction. The PDF export is this page printed.

The statement is rendered by markdown-it with raw HTML off, and every header value is escaped,
so nothing typed becomes an element. A Markdown image is drawn as its alt text, and the page
forbids itself every load (Content-Security-Policy), so opening the file fetches nothing."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from server.export.document import (
    ExportDocument,
    count_line,
    date_line,
    on_behalf_line,
    place_line,
    signatory_line,
    speaker_line,
    state_label,
    xml_safe,
)
from server.export.labels import has_catalogue

# Fonts named by family so the PDF finds them through fontconfig: Amiri shapes Arabic, WenQuanYi
# Micro Hei covers Chinese and Japanese, DejaVu Sans the rest.
_CSS = """
@page { size: A4; margin: 22mm 20mm; }
html { font-family: "DejaVu Sans", "Amiri", "WenQuanYi Micro Hei", sans-serif;
       font-size: 11.5pt; line-height: 1.5; color: #111; }
html:lang(ar) { font-family: "Amiri", "DejaVu Sans", sans-serif; font-size: 14pt; }
html:lang(zh), html:lang(ja) { font-family: "WenQuanYi Micro Hei", "DejaVu Sans", sans-serif; }
body { max-width: 44em; margin: 2em auto; padding: 0 1em; }
@media print { body { margin: 0; padding: 0; max-width: none; } }
header { border-bottom: 1px solid #999; margin-bottom: 1.2em; padding-bottom: 0.6em; }
.state { font-weight: bold; letter-spacing: 0.08em; }
.state.draft { color: #a40000; font-size: 1.4em; border: 2px solid #a40000;
               display: inline-block; padding: 0 0.4em; }
.place, .date, .count { color: #444; margin: 0.2em 0; }
h1.title { font-size: 1.6em; margin: 0.3em 0; }
.text h1 { font-size: 1.35em; } .text h2 { font-size: 1.2em; } .text h3 { font-size: 1.05em; }
footer { border-top: 1px solid #999; margin-top: 1.5em; padding-top: 0.6em; }
footer ul { margin: 0.3em 0; padding-inline-start: 1.4em; }
"""


# Nothing from anywhere: the page's style is inline and its fonts are the reader's own.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def _image_as_alt_text(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
) -> str:
    """An image's alt text, its emphasis kept, where markdown-it would draw an <img>."""
    return renderer.renderInline(tokens[idx].children or [], options, env)


# The word count's configuration (CommonMark, raw HTML off), images read as their alt text.
MARKDOWN = MarkdownIt("commonmark", {"html": False})
MARKDOWN.add_render_rule("image", _image_as_alt_text)


def _label(document: ExportDocument, text: str) -> str:
    """Chorus's own words (labels, the count, the date): in the statement's language they run
    as the page does; in English, for a language without a catalogue, they are kept left to
    right inside a right-to-left page."""
    if has_catalogue(document.language):
        return f"<span>{escape(text)}</span>"
    return f'<span dir="ltr">{escape(text)}</span>'


def _isolated(text: str) -> str:
    """A value people typed (a title, an organisation), its direction taken from itself."""
    return f"<bdi>{escape(text)}</bdi>"


def render_page(document: ExportDocument) -> str:
    """The HTML page as a string (the PDF export prints it), holding only characters XML
    can."""
    lang = escape(document.language or "en")
    direction = "rtl" if document.direction == "rtl" else "ltr"
    draft = " draft" if document.is_draft else ""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}" dir="{direction}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
        f"<title>{escape(document.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f'<p class="state{draft}">{_label(document, state_label(document))}</p>',
        f'<p class="place">{_isolated(place_line(document))}</p>',
        f'<h1 class="title">{_isolated(document.title)}</h1>',
        f'<p class="date">{_label(document, date_line(document))}</p>',
        "</header>",
        f'<main class="text">{MARKDOWN.render(document.text)}</main>',
        "<footer>",
    ]
    if document.signatories:
        on_behalf = _label(document, on_behalf_line(document))
        parts.append(f'<p class="on-behalf"><strong>{on_behalf}</strong></p>')
        parts.append('<ul class="signatories">')
        parts += [f"<li>{_isolated(signatory_line(o, c))}</li>" for o, c in document.signatories]
        parts.append("</ul>")
    if document.speaker:
        parts.append(
            f'<p class="speaker">{_label(document, speaker_line(document))} '
            f"{_isolated(document.speaker)}</p>"
        )
    parts += [
        f'<p class="count">{_label(document, count_line(document))}</p>',
        "</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return xml_safe("\n".join(parts))


def render(document: ExportDocument) -> bytes:
    """The statement as one HTML file (UTF-8)."""
    return render_page(document).encode("utf-8")

"""The plain text export: the rendered text (no Markdown syntax), list markers kept."""

from __future__ import annotations

from server.export.blocks import blocks_of
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


def render(document: ExportDocument) -> bytes:
    """The statement as UTF-8 text, paragraphs separated by blank lines."""
    lines = [f"{state_label(document)} · {date_line(document)}", "", document.title, ""]
    lines += [place_line(document), ""]
    for block in blocks_of(document.text):
        indent = "   " * max(block.depth - 1, 0)
        prefix = f"{indent}{block.marker} " if block.marker else indent
        lines += [prefix + block.text, ""]
    if document.signatories:
        lines += [on_behalf_line(document)]
        lines += [f"- {signatory_line(o, c)}" for o, c in document.signatories]
        lines.append("")
    if document.speaker:
        lines += [f"{speaker_line(document)} {document.speaker}", ""]
    lines += [count_line(document), ""]
    return xml_safe("\n".join(lines)).encode("utf-8")

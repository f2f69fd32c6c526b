"""The Markdown export: the header as Markdown, then the statement's own Markdown.

Raw HTML typed into a statement is backslash-escaped, so a reader that renders HTML in
Markdown shows `<script>` as text rather than running it; an image is written as its alt
text, so no reader of the file fetches its address."""

from __future__ import annotations

import re

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
from server.export.images import images_as_alt_text

# A "<" that could open a tag, a comment or an autolink; "&" that could open an entity.
_MARKUP = re.compile(r"<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)")


def _inert(value: str) -> str:
    return _MARKUP.sub(lambda match: "\\" + match.group(0), value)


def _plain(value: str) -> str:
    """A header value as literal text: the characters that could start emphasis, code, links,
    markup or (first on the line) a block are escaped."""
    inline = re.sub(r"([\\`*_\[\]<>&|~])", r"\\\1", value)
    return re.sub(r"^([#+\->])", r"\\\1", inline)


def render(document: ExportDocument) -> bytes:
    """The statement as a Markdown file (UTF-8)."""
    lines = [
        f"**{state_label(document)}** · {date_line(document)}",
        "",
        f"# {_plain(document.title)}",
        "",
        _plain(place_line(document)),
        "",
        _inert(images_as_alt_text(document.text.strip())),
        "",
        "---",
        "",
    ]
    if document.signatories:
        lines += [f"**{on_behalf_line(document)}**", ""]
        lines += [f"- {_plain(signatory_line(o, c))}" for o, c in document.signatories]
        lines.append("")
    if document.speaker:
        lines += [f"{speaker_line(document)} {_plain(document.speaker)}", ""]
    lines += [count_line(document), ""]
    return xml_safe("\n".join(lines)).encode("utf-8")

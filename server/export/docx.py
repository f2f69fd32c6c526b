"""The DOCX export: real Word paragraphs built from the Markdown token stream (headings,
paragraphs, lists, bold and italic), never from HTML. A right-to-left statement gets bidi
paragraphs (`w:bidi`) and right-to-left runs (`w:rtl`); every run carries the language."""

from __future__ import annotations

import io

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

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


class _Writer:
    def __init__(self, document: ExportDocument) -> None:
        self.rtl = document.direction == "rtl"
        self.language = document.language or "en"
        self.word: Document = docx.Document()

    def paragraph(self, style: str | None = None) -> Paragraph:
        paragraph = self.word.add_paragraph(style=style)
        if self.rtl:
            properties = paragraph._p.get_or_add_pPr()
            properties.append(OxmlElement("w:bidi"))
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return paragraph

    def run(
        self, paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False
    ) -> Run:
        run = paragraph.add_run(xml_safe(text))
        run.bold = bold or None
        run.italic = italic or None
        properties = run._r.get_or_add_rPr()
        if self.rtl:
            properties.append(OxmlElement("w:rtl"))
            if bold:
                properties.append(OxmlElement("w:bCs"))
            if italic:
                properties.append(OxmlElement("w:iCs"))
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), self.language)
        lang.set(qn("w:bidi" if self.rtl else "w:eastAsia"), self.language)
        properties.append(lang)
        return run

    def line(self, text: str, style: str | None = None, *, bold: bool = False) -> Paragraph:
        paragraph = self.paragraph(style)
        self.run(paragraph, text, bold=bold)
        return paragraph


def render(document: ExportDocument) -> bytes:
    """The statement as a Word document."""
    out = _Writer(document)
    state = out.line(state_label(document), bold=True)
    if document.is_draft:
        for run in state.runs:
            run.font.size = Pt(16)
            run.font.color.rgb = RGBColor(0xA4, 0x00, 0x00)
    out.line(place_line(document))
    out.line(document.title, "Title")
    out.line(date_line(document))
    for block in blocks_of(document.text):
        if block.level:
            style: str | None = f"Heading {min(block.level, 9)}"
        elif block.marker:
            kind = "List Number" if block.marker != "•" else "List Bullet"
            style = kind if block.depth <= 1 else f"{kind} {min(block.depth, 3)}"
        else:
            style = None
        paragraph = out.paragraph(style)
        for piece in block.runs:
            out.run(paragraph, piece.text, bold=piece.bold, italic=piece.italic)
    if document.signatories:
        out.line(on_behalf_line(document), bold=True)
        for organisation, country in document.signatories:
            out.line(signatory_line(organisation, country), "List Bullet")
    if document.speaker:
        out.line(f"{speaker_line(document)} {document.speaker}")
    out.line(count_line(document))
    buffer = io.BytesIO()
    out.word.save(buffer)
    return buffer.getvalue()

"""Every format exports any text a person can type: control characters, NUL, U+FFFE/U+FFFF,
bidi controls, lone surrogates, in the text, the title, the organisations' names and the
speaker's. The renderers are called directly (they are pure), the PDF with fewer examples
since it is slow; and one through a real server."""

from __future__ import annotations

import io
from datetime import date

import docx
import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.export import FORMATS, ExportDocument
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import wait_until, yclient

# Every code point, surrogates and non-characters included, and the ones most likely to break
# a renderer drawn far more often than among a million.
AWKWARD = "\x00\x01\x08\x0b\x0c\x1b\x7f\x85\u200e\u202e\u2066\u2069\ufeff\ufffe\uffff\ud800\udfff"
CHARACTER = st.one_of(st.sampled_from(AWKWARD), st.characters(exclude_categories=()))
TYPED = st.text(CHARACTER, max_size=40)


def _document(
    text: str, title: str, organisations: list[str], speaker: str, rtl: bool
) -> ExportDocument:
    return ExportDocument(
        forum="HLPF 2027",
        session="VNR session 1: Kenya",
        country="Kenya",
        title=title,
        language="ar" if rtl else "en",
        direction="rtl" if rtl else "ltr",
        text=text,
        words=len(text.split()),
        seconds=len(text.split()) * 60 // 150,
        state="drafting",
        date=date(2027, 7, 13),
        signatories=[(name, "Kenya") for name in organisations],
        speaker=speaker or None,
    )


def _opens(extension: str, body: bytes) -> None:
    """The file reads back as what it says it is."""
    if extension == "pdf":
        assert len(pypdf.PdfReader(io.BytesIO(body)).pages) >= 1
    elif extension == "docx":
        docx.Document(io.BytesIO(body))
    else:
        body.decode("utf-8")


def _check_every_format(formats: list[str], document: ExportDocument) -> None:
    for extension in formats:
        _opens(extension, FORMATS[extension].render(document))


STATEMENT = {
    "text": TYPED,
    "title": TYPED,
    "organisations": st.lists(TYPED, max_size=3),
    "speaker": TYPED,
    "rtl": st.booleans(),
}


@settings(max_examples=300, deadline=None, database=None)
@given(**STATEMENT)
def test_docx_html_markdown_and_text_export_any_text(
    text: str, title: str, organisations: list[str], speaker: str, rtl: bool
) -> None:
    document = _document(text, title, organisations, speaker, rtl)
    _check_every_format(["docx", "html", "md", "txt"], document)


@settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(**STATEMENT)
def test_pdf_exports_any_text(
    text: str, title: str, organisations: list[str], speaker: str, rtl: bool
) -> None:
    _check_every_format(["pdf"], _document(text, title, organisations, speaker, rtl))


def test_every_format_exports_each_awkward_character() -> None:
    for character in AWKWARD:
        typed = f"A{character}B"
        document = _document(typed, typed, [typed], typed, rtl=False)
        _check_every_format(list(FORMATS), document)


@pytest.mark.anyio
async def test_a_control_character_in_the_text_exports_as_docx(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina:
        kenya = next(
            s["id"]
            for s in amina.get("/api/statements").json()["statements"]
            if s["country"] == "Kenya"
        )
        async with yclient(server, kenya, cookie_of(amina)) as client:
            await client.edit(" Pasted\x01 from a form.")
            await wait_until(
                lambda: "Pasted" in amina.get(f"/api/statements/{kenya}/export.txt").text,
                what="the export to have the typed text",
            )
            answer = amina.get(f"/api/statements/{kenya}/export.docx")
    assert answer.status_code == 200, answer.text
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(answer.content)).paragraphs)
    assert "Pasted from a form." in text

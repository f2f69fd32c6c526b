"""Exports through a real server: every format carries the text, the title, the valid
signatories and the server's count; Arabic stays shaped and right to left (PDF, DOCX), Chinese
and Japanese render, typed markup stays text; refused like the statement itself; named for
forum, country and state."""

from __future__ import annotations

import html
import io
import re
import unicodedata
from typing import Any

import docx
import httpx
import pypdf
import pytest

from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import wait_until, yclient

pytestmark = pytest.mark.anyio

FORMATS = ("pdf", "docx", "html", "md", "txt")
KYCN = "Kenya Youth Climate Network"
SCRIPT = "<script>alert(1)</script>"
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


def _ids(http: httpx.Client) -> dict[str, int]:
    """Country name -> statement id, from the real list."""
    return {s["country"]: s["id"] for s in http.get("/api/statements").json()["statements"]}


def _export(http: httpx.Client, sid: int, extension: str) -> httpx.Response:
    answer = http.get(f"/api/statements/{sid}/export.{extension}")
    assert answer.status_code == 200, answer.text
    return answer


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFKC", text)


def _pdf_fonts(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts: list[str] = []
    for page in reader.pages:
        found: Any = page["/Resources"].get("/Font", {})
        fonts += [str(font.get_object()["/BaseFont"]) for font in found.values()]
    return fonts


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def _text_of(extension: str, data: bytes) -> str:
    if extension == "pdf":
        return " ".join(_pdf_text(data).split())
    if extension == "docx":
        return " ".join(_docx_text(data).split())
    text = data.decode("utf-8")
    if extension == "html":
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return " ".join(text.split())


def _sign(http: httpx.Client, sid: int, organisation: str) -> None:
    organisations = http.get("/api/organisations").json()["organisations"]
    oid = next(o["id"] for o in organisations if o["name"] == organisation)
    digest = http.get(f"/api/statements/{sid}/signatures").json()["digest"]
    answer = http.post(
        f"/api/statements/{sid}/signatures", json={"organisation_id": oid, "digest": digest}
    )
    assert answer.status_code == 201, answer.text


async def test_every_format_carries_text_title_signatories_and_count(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina:
        kenya = _ids(amina)["Kenya"]
        _sign(amina, kenya, KYCN)
        statement = amina.get(f"/api/statements/{kenya}").json()
        minutes, seconds = divmod(statement["seconds"], 60)
        count = f"{statement['words']} words · {minutes}:{seconds:02d}"
        for extension in FORMATS:
            text = _text_of(extension, _export(amina, kenya, extension).content)
            assert statement["title"] in text, extension
            assert "one in three young people" in text, extension
            assert "Delivered on behalf of" in text, extension
            assert f"{KYCN} (Kenya)" in text, extension
            assert count in text, extension
            assert "DRAFT" in text, extension
            assert "HLPF 2027" in text and "VNR session 1: Kenya" in text, extension


async def test_a_stale_signature_is_not_listed(server: Server, accounts: dict[str, str]) -> None:
    with signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina:
        kenya = _ids(amina)["Kenya"]
        _sign(amina, kenya, KYCN)
        async with yclient(server, kenya, cookie_of(amina)) as client:
            await client.edit(" A new question for the Government.")
            await wait_until(
                lambda: "new question" in _export(amina, kenya, "txt").text,
                what="the export to have the typed words",
            )
            text = _export(amina, kenya, "txt").text
        assert KYCN not in text and "Delivered on behalf of" not in text


async def test_the_arabic_statement_is_shaped_and_right_to_left(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia:
        egypt = _ids(sofia)["Egypt"]
        pdf = _export(sofia, egypt, "pdf").content
        text = _pdf_text(pdf)
        assert ARABIC_LETTER.search(text)
        # Logical order, not letters drawn right to left and read back reversed.
        assert "المجتمع المدني" in text, text[:300]
        assert any("Amiri" in font for font in _pdf_fonts(pdf))
        word = docx.Document(io.BytesIO(_export(sofia, egypt, "docx").content))
        body = [p for p in word.paragraphs if ARABIC_LETTER.search(p.text)]
        assert body
        for paragraph in body:
            assert paragraph._p.pPr is not None
            assert paragraph._p.pPr.find(docx.oxml.ns.qn("w:bidi")) is not None
            for run in paragraph.runs:
                assert run._r.rPr is not None
                assert run._r.rPr.find(docx.oxml.ns.qn("w:rtl")) is not None
        page = _export(sofia, egypt, "html").text
        assert '<html lang="ar" dir="rtl">' in page


async def test_typed_markup_is_text_in_every_export(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina:
        kenya = _ids(amina)["Kenya"]
        async with yclient(server, kenya, cookie_of(amina)) as client:
            await client.edit(f"\n\n{SCRIPT} <img src=x onerror=alert(2)>\n")
            await wait_until(
                lambda: "alert(1)" in _export(amina, kenya, "txt").text,
                what="the export to have the typed markup",
            )
            page = _export(amina, kenya, "html").text
            pdf = _pdf_text(_export(amina, kenya, "pdf").content)
            markdown = _export(amina, kenya, "md").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert SCRIPT in pdf
    assert "\\<script>" in markdown and "\\<img" in markdown


async def test_chinese_and_japanese_render(server: Server, accounts: dict[str, str]) -> None:
    typed = "日本の市民社会は政府に質問します。中国的公民社会。"
    with signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina:
        brazil = _ids(amina)["Brazil"]
        async with yclient(server, brazil, cookie_of(amina)) as client:
            await client.edit(typed)
            await wait_until(
                lambda: typed in _export(amina, brazil, "txt").text,
                what="the export to have the typed text",
            )
            pdf = _export(amina, brazil, "pdf").content
            word = _docx_text(_export(amina, brazil, "docx").content)
    assert typed in "".join(_pdf_text(pdf).split())
    assert any("WenQuanYi" in font for font in _pdf_fonts(pdf))
    assert typed in word


async def test_refused_like_the_statement(server: Server, accounts: dict[str, str]) -> None:
    with httpx.Client(base_url=server.base_url, timeout=10) as anonymous:
        answer = anonymous.get("/api/statements/1/export.pdf")
        assert answer.status_code == 401
        assert answer.json()["error"]["code"]
    with signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina:
        egypt = _ids(amina)["Egypt"]
        kenya = _ids(amina)["Kenya"]
        unknown = amina.get("/api/statements/9999/export.pdf")
        assert unknown.status_code == 404
        assert unknown.json()["error"]["code"] == "no_such_statement"
        bad = amina.get(f"/api/statements/{kenya}/export.exe")
        assert bad.status_code == 404
        assert bad.json()["error"]["code"] == "no_such_export_format"
    with signed_in_as(server, "lucas@example.org", accounts["lucas@example.org"]) as lucas:
        for extension in FORMATS:
            refused = lucas.get(f"/api/statements/{egypt}/export.{extension}")
            assert refused.status_code == 403, refused.text
            assert refused.json()["error"]["code"] == "not_in_group"


async def test_file_names_and_media_types(server: Server, accounts: dict[str, str]) -> None:
    media = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "html": "text/html; charset=utf-8",
        "md": "text/markdown; charset=utf-8",
        "txt": "text/plain; charset=utf-8",
    }
    with signed_in_as(server, "mei@example.org", accounts["mei@example.org"]) as mei:
        ids = _ids(mei)
        for extension in FORMATS:
            answer = _export(mei, ids["Japan"], extension)
            assert answer.headers["content-type"] == media[extension]
            assert answer.headers["content-disposition"] == (
                f'attachment; filename="hlpf-2027-japan-final.{extension}"'
            )
        kenya = _export(mei, ids["Kenya"], "pdf")
        assert 'filename="hlpf-2027-kenya-draft.pdf"' in kenya.headers["content-disposition"]
        final = _text_of("txt", _export(mei, ids["Japan"], "txt").content)
        assert "Final" in final and "DRAFT" not in final


async def test_the_confirmed_speaker_is_named(server: Server, accounts: dict[str, str]) -> None:
    with (
        signed_in_as(server, "kwame@example.org", accounts["kwame@example.org"]) as kwame,
    ):
        kenya = _ids(kwame)["Kenya"]
        before = _export(kwame, kenya, "txt").text
        assert "Speaker:" not in before
        volunteers = kwame.get(f"/api/statements/{kenya}/speakers").json()["volunteers"]
        amina = next(v for v in volunteers if v["name"] == "Amina Yusuf")
        confirmed = kwame.put(
            f"/api/statements/{kenya}/speakers/confirmed", json={"speaker_id": amina["id"]}
        )
        assert confirmed.status_code == 200, confirmed.text
        for extension in FORMATS:
            text = _text_of(extension, _export(kwame, kenya, extension).content)
            assert "Speaker: Amina Yusuf" in text, extension

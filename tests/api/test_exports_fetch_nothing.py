"""A statement is spoken text: whatever address it names (an image, an SVG inside a data: URI
that points further, a reference, an autolink, raw HTML), no export makes the server request
it or read a file, and no exported file makes its reader load anything. An image is its alt
text in every format."""

from __future__ import annotations

import base64
import io
import re
import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from html import unescape
from pathlib import Path

import docx
import pypdf
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from server.export import FORMATS, ExportDocument

ALT_TEXTS = ("a map of the river", "the flooded school", "a drawing", "a photo", "a badge")
SENTINEL = b"SENTINEL"


class Listener:
    """A TCP server on loopback that notes what every connection sends first, then closes it."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        self.port: int = self._socket.getsockname()[1]
        self.heard: list[bytes] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(2)
                try:
                    self.heard.append(connection.recv(1024) or b"(nothing sent)")
                except OSError:
                    self.heard.append(b"(nothing sent)")

    def heard_before_now(self) -> list[bytes]:
        """Every connection made before this call: a last one of our own, accepted after all
        earlier ones, marks the end."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as last:
            last.sendall(SENTINEL)
            deadline = time.monotonic() + 10
            while SENTINEL not in self.heard:
                assert time.monotonic() < deadline, f"the listener missed us: {self.heard}"
                time.sleep(0.01)
        return self.heard[: self.heard.index(SENTINEL)]

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(5)
        self._socket.close()


@contextmanager
def listening() -> Iterator[Listener]:
    listener = Listener()
    try:
        yield listener
    finally:
        listener.stop()


def _png() -> bytes:
    """A 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def pointing_text(port: int, local_file: Path) -> str:
    """A statement naming the listener and a local file in every way Markdown allows."""
    here = f"http://127.0.0.1:{port}"
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' width="30" height="30">'
        f'<image href="{here}/svg-href.png" width="10" height="10"/>'
        f'<image xlink:href="{here}/svg-xlink.png" width="10" height="10"/>'
        f'<image href="{local_file.as_uri()}" width="10" height="10"/>'
        "</svg>"
    )
    data = "data:image/png;base64," + base64.b64encode(svg.encode()).decode()
    return "\n\n".join(
        [
            "We ask the Government three questions.",
            f"![a map of the river]({here}/plain.png)",
            f'![the *flooded* school]({here}/titled.png "the school")',
            f"![a drawing]({data})",
            "![a photo][photo] and ![another photo]",
            f"[![a badge]({here}/badge.png)]({here}/link)",
            f'<{here}/autolink> and <img src="{here}/raw.png">',
            f"![a local file]({local_file.as_uri()})",
            f"- ![in a list]({here}/list.png)\n  ![over\n  two lines]({here}/lines.png)",
            f"> ![quoted]({here}/quote.png)",
            f"[photo]: {here}/reference.png",
            f"[another photo]: {here}/shortcut.png",
        ]
    )


def _document(text: str) -> ExportDocument:
    return ExportDocument(
        forum="HLPF 2027",
        session="VNR session 1: Kenya",
        country="Kenya",
        title="Statement to the voluntary national review of Kenya",
        language="en",
        direction="ltr",
        text=text,
        words=40,
        seconds=16,
        state="drafting",
        date=date(2027, 7, 13),
    )


def _images(tokens: Sequence[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        if token.type == "image":
            found.append(token)
        found += _images(token.children or [])
    return found


def _readable(extension: str, body: bytes) -> str:
    if extension == "pdf":
        reader = pypdf.PdfReader(io.BytesIO(body))
        text = "\n".join(page.extract_text() for page in reader.pages)
    elif extension == "docx":
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
    else:
        text = body.decode("utf-8")
    if extension == "html":
        text = unescape(re.sub(r"<[^>]+>", "", text))
    if extension == "md":
        text = text.replace("*", "")
    return " ".join(text.split())


@pytest.mark.parametrize("extension", list(FORMATS))
def test_no_export_fetches_what_the_text_points_at(extension: str, tmp_path: Path) -> None:
    local_file = tmp_path / "private.png"
    local_file.write_bytes(_png())
    with listening() as listener:
        body = FORMATS[extension].render(_document(pointing_text(listener.port, local_file)))
        heard = listener.heard_before_now()
    assert heard == [], f"the {extension} export requested: {heard}"
    text = _readable(extension, body)
    for alt in ALT_TEXTS:
        assert alt in text, (extension, alt, text)
    if extension == "pdf":
        assert b"/Image" not in body, "an image was embedded in the PDF"
    if extension == "html":
        page = body.decode("utf-8")
        assert "<img" not in page.lower()
        assert (
            '<meta http-equiv="Content-Security-Policy"'
            " content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        ) in page
    if extension == "md":
        # No Markdown reader shows an image from the file.
        tokens = MarkdownIt("commonmark").parse(body.decode("utf-8"))
        assert _images(tokens) == [], [t.attrs for t in _images(tokens)]

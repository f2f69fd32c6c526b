"""What every export of a statement carries, as plain values, and the words all formats share
(the count line, the state, the file name), in the statement's language where a catalogue has
it (`server.export.labels`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from server.export import labels


@dataclass(frozen=True)
class ExportDocument:
    """A statement as exported: its place (forum, session, country), its text (Markdown), who
    it speaks for (valid signatories as (organisation, country)), who delivers it (the
    confirmed speaker, None until one is), the server's count and its state on `date`."""

    forum: str
    session: str
    country: str
    title: str
    language: str
    direction: str  # "ltr" or "rtl"
    text: str
    words: int
    seconds: int
    state: str  # "drafting", "final" or "delivered"
    date: date
    signatories: Sequence[tuple[str, str]] = field(default_factory=tuple)
    speaker: str | None = None
    is_joint: bool = False

    @property
    def is_draft(self) -> bool:
        return self.state not in ("final", "delivered")


# What XML 1.0 cannot hold (python-docx refuses it; WeasyPrint parses the page as XML-ish):
# C0 controls other than tab, newline and carriage return, lone surrogates (which UTF-8 cannot
# hold either) and the non-characters U+FFFE and U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NOT_A_CHARACTER = re.compile("[\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: str) -> str:
    """`value` as every format can hold it: the invisible control characters XML refuses are
    dropped (a paste's leftovers), and lone surrogates and non-characters, which stand for no
    letter, become U+FFFD (the replacement character). Everything else, bidi controls
    included, is kept."""
    return _NOT_A_CHARACTER.sub("\ufffd", _CONTROL.sub("", value))


def count_line(document: ExportDocument) -> str:
    """'312 words · 2:05' by the server's count, in the statement's language."""
    return labels.count_label(document.language, document.words, document.seconds)


def state_label(document: ExportDocument) -> str:
    """What the export says of its state: a draft says DRAFT (BORRADOR...) plainly."""
    return labels.state_label(document.language, document.state, document.is_draft)


def on_behalf_line(document: ExportDocument) -> str:
    """'Delivered on behalf of:', in the statement's language."""
    return labels.on_behalf_label(document.language)


def speaker_line(document: ExportDocument) -> str:
    """'Speaker:', in the statement's language (the name follows it)."""
    return labels.speaker_label(document.language)


def place_line(document: ExportDocument) -> str:
    """'HLPF 2027 · VNR session 1: Kenya · Kenya'."""
    return " · ".join(part for part in (document.forum, document.session, document.country) if part)


def signatory_line(organisation: str, country: str) -> str:
    return f"{organisation} ({country})" if country else organisation


def date_line(document: ExportDocument) -> str:
    return labels.date_label(document.language, document.date)


def _slug(value: str) -> str:
    ascii_only = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")


def file_name(document: ExportDocument, extension: str) -> str:
    """The download's name: forum, country (a joint statement: its session) and state,
    slugified to ASCII, e.g. 'hlpf-2027-kenya-final.pdf'."""
    where = document.session if document.is_joint else document.country
    state = "draft" if document.is_draft else document.state
    parts = [_slug(part) for part in (document.forum, where, state)]
    return "-".join(part for part in parts if part) + "." + extension

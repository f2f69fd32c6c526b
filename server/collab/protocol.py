"""The y-websocket message layer as pure functions over bytes, on pycrdt's own primitives.

Framing: varUint message type, then for SYNC a varUint sync type, then a varUint8Array payload.
Everything a peer sends is checked here before the room sees it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

from pycrdt import (
    Decoder,
    Encoder,
    YMessageType,
    YSyncMessageType,
    create_update_message,
    write_message,
    write_var_uint,
)

from server.collab import close_codes
from server.domain.messages import Message as DomainMessage

QUERY_AWARENESS = 3
# Chorus' own message, sent only to clients that ask with ?saved=1: the state vector that is
# durably stored, so an editor can say "saved" truthfully. Stock clients never receive it.
SAVED = 100
# Chorus's own message: whether this connection may write now, and why not. Like SAVED, only
# sent to editors that ask (`?saved=1`); stock clients never see it.
WRITABLE = 101

EMPTY_UPDATE = b"\x00\x00"


class Kind(IntEnum):
    SYNC_STEP1 = 0
    SYNC_STEP2 = 1
    SYNC_UPDATE = 2
    AWARENESS = 3
    QUERY_AWARENESS = 4


class ProtocolError(Exception):
    """A message the connection must be closed for; `code` is the close code to use."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Message:
    kind: Kind
    payload: bytes


def _read_uint(decoder: Decoder) -> int:
    try:
        return decoder.read_var_uint()
    except (IndexError, RuntimeError):
        raise ProtocolError(close_codes.INVALID_PAYLOAD, "truncated message") from None


def _read_payload(decoder: Decoder) -> bytes:
    length = _read_uint(decoder)
    if length > decoder.length:
        raise ProtocolError(close_codes.INVALID_PAYLOAD, "length prefix exceeds the message")
    if length < decoder.length:
        raise ProtocolError(close_codes.INVALID_PAYLOAD, "bytes after the payload")
    start = decoder.i0
    return decoder.stream[start : start + length]


_SYNC_KINDS = {
    YSyncMessageType.SYNC_STEP1: Kind.SYNC_STEP1,
    YSyncMessageType.SYNC_STEP2: Kind.SYNC_STEP2,
    YSyncMessageType.SYNC_UPDATE: Kind.SYNC_UPDATE,
}


def parse_message(data: bytes) -> Message:
    """Split one websocket message into its kind and payload; refuses anything malformed."""
    if not data:
        raise ProtocolError(close_codes.INVALID_PAYLOAD, "empty message")
    decoder = Decoder(data)
    message_type = _read_uint(decoder)
    if message_type == YMessageType.SYNC:
        sync_type = _read_uint(decoder)
        kind = _SYNC_KINDS.get(sync_type)  # type: ignore[call-overload]
        if kind is None:
            raise ProtocolError(close_codes.INVALID_PAYLOAD, f"unknown sync message {sync_type}")
        return Message(kind, _read_payload(decoder))
    if message_type == YMessageType.AWARENESS:
        return Message(Kind.AWARENESS, _read_payload(decoder))
    if message_type == QUERY_AWARENESS:
        return Message(Kind.QUERY_AWARENESS, b"")
    raise ProtocolError(close_codes.INVALID_PAYLOAD, f"unknown message type {message_type}")


class AwarenessEntry(NamedTuple):
    """One client's part of an awareness update, and where its bytes are in the update."""

    client_id: int
    clock: int
    is_removal: bool  # a null state: the client is gone
    start: int
    end: int


def awareness_entries(payload: bytes) -> list[AwarenessEntry]:
    """The entries of an awareness update, as y-protocols writes it (varUint count, then for
    each client varUint id, varUint clock, varString state as JSON), without decoding the
    states; refuses a truncated update."""
    decoder = Decoder(payload)
    entries = []
    for _ in range(_read_uint(decoder)):
        start = decoder.i0
        client_id = _read_uint(decoder)
        clock = _read_uint(decoder)
        length = _read_uint(decoder)
        if length > decoder.length:
            raise ProtocolError(close_codes.INVALID_PAYLOAD, "truncated awareness update")
        state_at = decoder.i0
        decoder.i0 += length
        decoder.length -= length
        # pycrdt and Yjs read an empty state as null too.
        is_removal = length == 0 or (length == 4 and payload[state_at : decoder.i0] == b"null")
        entries.append(AwarenessEntry(client_id, clock, is_removal, start, decoder.i0))
    return entries


def awareness_subset(payload: bytes, entries: Sequence[AwarenessEntry]) -> bytes:
    """An awareness update holding only `entries` of `payload`, each as its sender wrote it."""
    return write_var_uint(len(entries)) + b"".join(payload[e.start : e.end] for e in entries)


def as_update_message(message: Message, raw: bytes) -> bytes:
    """The bytes to forward for an accepted update: the sender's own when it sent an update,
    re-framed once (not per receiver) when it came as a sync step 2."""
    if message.kind == Kind.SYNC_UPDATE:
        return raw
    return create_update_message(message.payload)


def saved_message(state_vector: bytes) -> bytes:
    encoder = Encoder()
    encoder.write_var_uint(SAVED)
    return encoder.to_bytes() + write_message(state_vector)


def writable_message(can_write: bool, reason: DomainMessage | None = None) -> bytes:
    """Type, 1 or 0, then the reason's English, its stable code and its params as JSON, each
    as length-prefixed UTF-8 bytes (lib0's `readVarString` reads them; pycrdt's own string
    writer counts characters, not bytes). Clients that know only the English stop after it."""
    encoder = Encoder()
    encoder.write_var_uint(WRITABLE)
    encoder.write_var_uint(1 if can_write else 0)
    text, code, params = ("", "", "{}")
    if reason is not None:
        text, code = reason.text, reason.code
        params = json.dumps(dict(reason.params), ensure_ascii=False, separators=(",", ":"))
    return (
        encoder.to_bytes()
        + write_message(text.encode())
        + write_message(code.encode())
        + write_message(params.encode())
    )

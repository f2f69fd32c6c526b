"""Encryption at rest for personal data (email, nationality, phone) and keyed look-up hashes.

Values are sealed with AES-256-GCM under the current key of a `KeyRing`; older keys stay in
the ring so rows written before a rotation still open, and `needs_rotation` finds the rows a
background job should re-seal. Look-up (find a user by email) goes through an HMAC with a
separate key that never rotates with the encryption keys, so stored hashes stay valid.

Blob layout, version 1:

    b"v1" | key id length (1 byte) | key id (ASCII) | nonce (12 bytes) | ciphertext + tag

The header is authenticated together with the caller's associated data, so neither the key
id nor the version can be altered without decryption failing.

Sealing is not signing in: this sits below `db/` (which seals and opens rows with it) and
`auth/`, and needs nothing but the settings.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from types import MappingProxyType

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from server.config import Settings

KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # 96 bits: the size GCM is specified for; random per message
MIN_LOOKUP_KEY_BYTES = 32
_VERSION = b"v1"
_TAG_BYTES = 16
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")


class PersonalDataError(Exception):
    """A blob that cannot be opened; the message never contains key material or plaintext."""


class UnknownKeyError(PersonalDataError):
    """The blob names a key id that is not in the ring (removed too early, or another ring)."""


class DecryptionError(PersonalDataError):
    """The blob is malformed, was altered, or belongs to another row or column."""


def normalise_email(value: str) -> str:
    """The form of an email used for look-up: NFC, surrounding whitespace removed, casefolded."""
    return unicodedata.normalize("NFC", value).strip().casefold()


def decode_key(text: str) -> bytes:
    """Decode one base64 key (standard or URL-safe alphabet); raises ValueError if not base64."""
    cleaned = text.strip().replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(cleaned, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("key is not valid base64") from None


def _encode_key(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def generate_key_ring_string(key_id: str = "k1") -> str:
    """A fresh one-key ring in the `id:base64key` form that `KeyRing.parse` reads."""
    _check_key_id(key_id)
    return f"{key_id}:{_encode_key(AESGCM.generate_key(bit_length=KEY_BYTES * 8))}"


def with_new_key(ring_text: str) -> tuple[str, str]:
    """A ring string with a fresh key in front (so it becomes current), and that key's id:
    the next free `kN`. The other keys stay, so everything sealed before still opens."""
    taken = {entry.partition(":")[0].strip() for entry in ring_text.split(",") if entry.strip()}
    # Above every `kN` in the ring, so an id retired earlier is not likely to come back.
    numbers = [int(key_id[1:]) for key_id in taken if re.fullmatch(r"k\d{1,9}", key_id)]
    key_id = f"k{max(numbers, default=0) + 1}"
    return f"{generate_key_ring_string(key_id)},{ring_text.strip()}", key_id


def generate_lookup_key_string() -> str:
    """A fresh base64 look-up key for `decode_key`; set it once and never change it."""
    return _encode_key(os.urandom(MIN_LOOKUP_KEY_BYTES))


def field_context(table: str, column: str, row_id: int | str) -> bytes:
    """Associated data that binds a blob to one cell, e.g. b"users.email:42"."""
    return f"{table}.{column}:{row_id}".encode()


def _check_key_id(key_id: str) -> None:
    if not _KEY_ID.fullmatch(key_id):
        raise ValueError(
            f"key id {key_id!r} must be 1-32 characters of letters, digits, '-' or '_'"
        )


class KeyRing:
    """Encryption keys by id (one of them current) plus the stable look-up key.

    Takes `keys` (id -> 32-byte key), `current_id` (the id new blobs are sealed with) and
    `lookup_key` (at least 32 bytes, independent of the encryption keys). Refuses, with
    ValueError, an empty ring, a bad id, a key of the wrong length, a current id that is not
    in the ring and a short look-up key.
    """

    __slots__ = ("_current_id", "_keys", "_lookup_key")

    def __init__(self, keys: Mapping[str, bytes], *, current_id: str, lookup_key: bytes) -> None:
        if not keys:
            raise ValueError("key ring is empty")
        for key_id, key in keys.items():
            _check_key_id(key_id)
            if len(key) != KEY_BYTES:
                raise ValueError(
                    f"key {key_id!r} is {len(key)} bytes; AES-256 keys are {KEY_BYTES} bytes"
                )
        if current_id not in keys:
            raise ValueError(f"current key id {current_id!r} is not in the ring")
        if len(lookup_key) < MIN_LOOKUP_KEY_BYTES:
            raise ValueError(f"look-up key must be at least {MIN_LOOKUP_KEY_BYTES} bytes")
        self._keys: Mapping[str, AESGCM] = MappingProxyType(
            {key_id: AESGCM(key) for key_id, key in keys.items()}
        )
        self._current_id = current_id
        self._lookup_key = bytes(lookup_key)

    @classmethod
    def parse(cls, text: str, *, lookup_key: bytes) -> KeyRing:
        """Read `"k2:base64key,k1:base64key"`; the first entry is current.

        Raises ValueError naming the entry by position (never echoing key material) for an
        empty ring, an entry without `:`, a bad or repeated id, bad base64 or a wrong length.
        """
        entries = [entry.strip() for entry in text.split(",")]
        if not any(entries):
            raise ValueError("key ring is empty; expected 'id:base64key[,id:base64key...]'")
        keys: dict[str, bytes] = {}
        for position, entry in enumerate(entries, start=1):
            key_id, sep, encoded = entry.partition(":")
            key_id = key_id.strip()
            if not sep or not key_id or not encoded.strip():
                raise ValueError(f"key ring entry {position} is not of the form 'id:base64key'")
            _check_key_id(key_id)
            if key_id in keys:
                raise ValueError(f"key ring entry {position} repeats key id {key_id!r}")
            try:
                key = decode_key(encoded)
            except ValueError:
                raise ValueError(
                    f"key ring entry {position} ({key_id!r}) is not valid base64"
                ) from None
            if len(key) != KEY_BYTES:
                raise ValueError(
                    f"key ring entry {position} ({key_id!r}) decodes to {len(key)} bytes;"
                    f" expected {KEY_BYTES}"
                )
            keys[key_id] = key
        first_id = next(iter(keys))
        return cls(keys, current_id=first_id, lookup_key=lookup_key)

    @property
    def current_id(self) -> str:
        return self._current_id

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(self._keys)

    def __repr__(self) -> str:
        # Ids only: a ring may end up in a log or a traceback.
        return f"KeyRing(current_id={self._current_id!r}, key_ids={list(self._keys)!r})"

    def encrypt(self, plaintext: str, *, associated_data: bytes) -> bytes:
        """Seal `plaintext` under the current key, bound to `associated_data` (see
        `field_context`); returns a v1 blob. Refuses empty associated data with ValueError.
        """
        _check_associated_data(associated_data)
        key_id = self._current_id.encode("ascii")
        header = _VERSION + bytes([len(key_id)]) + key_id
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._keys[self._current_id].encrypt(
            nonce, plaintext.encode("utf-8"), header + associated_data
        )
        return header + nonce + sealed

    def decrypt(self, blob: bytes, *, associated_data: bytes) -> str:
        """Open a blob sealed with any key still in the ring; returns the plaintext.

        Raises UnknownKeyError if its key id is not in the ring and DecryptionError if it is
        malformed, altered, or sealed for different associated data.
        """
        _check_associated_data(associated_data)
        key_id, header_len = _read_header(blob)
        aead = self._keys.get(key_id)
        if aead is None:
            raise UnknownKeyError(
                f"blob was sealed with key {key_id!r}, which is not in the key ring"
            )
        header = blob[:header_len]
        nonce = blob[header_len : header_len + NONCE_BYTES]
        try:
            plaintext = aead.decrypt(
                nonce, blob[header_len + NONCE_BYTES :], header + associated_data
            )
        except InvalidTag:
            raise DecryptionError(
                "blob failed authentication: it was altered or belongs to another row or column"
            ) from None
        return plaintext.decode("utf-8")

    def needs_rotation(self, blob: bytes) -> bool:
        """True when `blob` was sealed with a key other than the current one.

        Reads only the header; raises DecryptionError if that header is malformed.
        """
        key_id, _ = _read_header(blob)
        return key_id != self._current_id

    def reencrypt(self, blob: bytes, *, associated_data: bytes) -> bytes:
        """The blob re-sealed under the current key (unchanged if already current).

        Raises as `decrypt` does.
        """
        plaintext = self.decrypt(blob, associated_data=associated_data)
        if not self.needs_rotation(blob):
            return blob
        return self.encrypt(plaintext, associated_data=associated_data)

    def lookup_hash(self, value: str, *, normalise: Callable[[str], str] = normalise_email) -> str:
        """HMAC-SHA256 of the normalised `value` under the look-up key, as 64 hex characters.

        Stable across rotations of the encryption keys; equal for values that normalise alike.
        """
        return hmac.new(
            self._lookup_key, normalise(value).encode("utf-8"), hashlib.sha256
        ).hexdigest()


def _check_associated_data(associated_data: bytes) -> None:
    # Empty associated data would let a blob be copied to any row undetected.
    if not associated_data:
        raise ValueError("associated_data must name the row and column, e.g. b'users.email:42'")


def _read_header(blob: bytes) -> tuple[str, int]:
    """The key id of a v1 blob and the header length; DecryptionError if malformed."""
    if not blob.startswith(_VERSION):
        raise DecryptionError("blob is not in a known format (expected version v1)")
    if len(blob) < len(_VERSION) + 1:
        raise DecryptionError("blob is truncated")
    id_len = blob[len(_VERSION)]
    header_len = len(_VERSION) + 1 + id_len
    if len(blob) < header_len + NONCE_BYTES + _TAG_BYTES:
        raise DecryptionError("blob is truncated")
    try:
        key_id = blob[len(_VERSION) + 1 : header_len].decode("ascii")
    except UnicodeDecodeError:
        raise DecryptionError("blob has a malformed key id") from None
    if not _KEY_ID.fullmatch(key_id):
        raise DecryptionError("blob has a malformed key id")
    return key_id, header_len


def _derived(secret_key: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=KEY_BYTES, salt=None, info=purpose).derive(
        secret_key.encode()
    )


def key_ring_of(settings: Settings) -> KeyRing:
    """The app's key ring from its settings. Settings built in code without keys (tests) get
    keys derived from the secret key; `load_settings` always provides real ones."""
    if settings.lookup_key:
        lookup_key = decode_key(settings.lookup_key)
    else:
        lookup_key = _derived(settings.secret_key, b"chorus lookup key")
    if settings.personal_data_keys:
        return KeyRing.parse(settings.personal_data_keys, lookup_key=lookup_key)
    key = _derived(settings.secret_key, b"chorus personal data key")
    return KeyRing({"k0": key}, current_id="k0", lookup_key=lookup_key)

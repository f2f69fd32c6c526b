from __future__ import annotations

import base64
import os

import pytest

from server.sealing import (
    DecryptionError,
    KeyRing,
    UnknownKeyError,
    decode_key,
    field_context,
    generate_key_ring_string,
    generate_lookup_key_string,
    normalise_email,
    with_new_key,
)

LOOKUP_KEY = bytes(range(32))
AD = field_context("users", "email", 42)


def _b64(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def _ring(text: str) -> KeyRing:
    return KeyRing.parse(text, lookup_key=LOOKUP_KEY)


@pytest.fixture
def old_entry() -> str:
    return generate_key_ring_string("k1")


@pytest.fixture
def new_entry() -> str:
    return generate_key_ring_string("k2")


def test_round_trip(old_entry: str) -> None:
    ring = _ring(old_entry)
    for value in ("ada@example.org", "", "Ngozi Okonjo-Iweala", "+254 700 000000", "Türkiye 🇹🇷"):
        assert ring.decrypt(ring.encrypt(value, associated_data=AD), associated_data=AD) == value


def test_field_context_names_table_column_and_row() -> None:
    assert field_context("users", "email", 42) == b"users.email:42"


def test_blob_layout_is_versioned_and_names_the_key(old_entry: str) -> None:
    blob = _ring(old_entry).encrypt("x", associated_data=AD)
    assert blob[:2] == b"v1"
    assert blob[2] == 2
    assert blob[3:5] == b"k1"
    # header + 12-byte nonce + 1 byte of ciphertext + 16-byte tag
    assert len(blob) == 5 + 12 + 1 + 16


def test_ciphertext_contains_no_plaintext(old_entry: str) -> None:
    ring = _ring(old_entry)
    secret = "very.private.person@example.org"
    blob = ring.encrypt(secret, associated_data=AD)
    assert secret.encode() not in blob
    for start in range(len(secret) - 4):
        assert secret[start : start + 5].encode() not in blob


def test_fresh_nonce_each_time(old_entry: str) -> None:
    ring = _ring(old_entry)
    blobs = [ring.encrypt("same value", associated_data=AD) for _ in range(50)]
    assert len(set(blobs)) == 50
    assert len({blob[5 : 5 + 12] for blob in blobs}) == 50


def test_tampering_anywhere_is_detected(old_entry: str) -> None:
    ring = _ring(old_entry)
    blob = ring.encrypt("ada@example.org", associated_data=AD)
    for position in range(5, len(blob)):  # nonce, ciphertext and tag
        altered = bytearray(blob)
        altered[position] ^= 0x01
        with pytest.raises(DecryptionError, match="altered"):
            ring.decrypt(bytes(altered), associated_data=AD)
    with pytest.raises(DecryptionError):
        ring.decrypt(blob[:-1], associated_data=AD)
    with pytest.raises(DecryptionError, match="truncated"):
        ring.decrypt(blob[:20], associated_data=AD)


def test_rewriting_the_key_id_is_detected(old_entry: str) -> None:
    # Both keys are the same bytes, so only the authenticated header can catch the swap.
    key = old_entry.partition(":")[2]
    ring = _ring(f"k1:{key},k9:{key}")
    blob = ring.encrypt("ada@example.org", associated_data=AD)
    with pytest.raises(DecryptionError):
        ring.decrypt(blob.replace(b"k1", b"k9", 1), associated_data=AD)


def test_unknown_version_is_refused(old_entry: str) -> None:
    ring = _ring(old_entry)
    blob = ring.encrypt("x", associated_data=AD)
    with pytest.raises(DecryptionError, match="format"):
        ring.decrypt(b"v2" + blob[2:], associated_data=AD)


def test_wrong_associated_data_is_refused(old_entry: str) -> None:
    ring = _ring(old_entry)
    blob = ring.encrypt("ada@example.org", associated_data=field_context("users", "email", 42))
    for other in (
        field_context("users", "email", 43),
        field_context("users", "phone", 42),
        field_context("members", "email", 42),
    ):
        with pytest.raises(DecryptionError, match="another row or column"):
            ring.decrypt(blob, associated_data=other)


def test_empty_associated_data_is_refused(old_entry: str) -> None:
    ring = _ring(old_entry)
    with pytest.raises(ValueError, match="associated_data"):
        ring.encrypt("x", associated_data=b"")
    blob = ring.encrypt("x", associated_data=AD)
    with pytest.raises(ValueError, match="associated_data"):
        ring.decrypt(blob, associated_data=b"")


def test_rotation(old_entry: str, new_entry: str) -> None:
    before = _ring(old_entry)
    old_blob = before.encrypt("ada@example.org", associated_data=AD)
    assert not before.needs_rotation(old_blob)

    after = _ring(f"{new_entry},{old_entry}")
    assert after.current_id == "k2"
    assert after.key_ids == ("k2", "k1")
    assert after.decrypt(old_blob, associated_data=AD) == "ada@example.org"
    assert after.needs_rotation(old_blob)

    new_blob = after.reencrypt(old_blob, associated_data=AD)
    assert not after.needs_rotation(new_blob)
    assert new_blob[3:5] == b"k2"
    assert after.decrypt(new_blob, associated_data=AD) == "ada@example.org"
    assert after.reencrypt(new_blob, associated_data=AD) == new_blob

    # Once every row is re-sealed, the old key can leave the ring.
    only_new = _ring(new_entry)
    assert only_new.decrypt(new_blob, associated_data=AD) == "ada@example.org"


def test_unknown_key_id_gives_a_clear_error(old_entry: str, new_entry: str) -> None:
    blob = _ring(old_entry).encrypt("ada@example.org", associated_data=AD)
    with pytest.raises(UnknownKeyError, match=r"'k1'.*not in the key ring"):
        _ring(new_entry).decrypt(blob, associated_data=AD)


def test_lookup_hash_is_stable_across_rotation(old_entry: str, new_entry: str) -> None:
    before = _ring(old_entry)
    after = _ring(f"{new_entry},{old_entry}")
    assert before.lookup_hash("ada@example.org") == after.lookup_hash("ada@example.org")
    assert len(before.lookup_hash("ada@example.org")) == 64
    assert before.lookup_hash("ada@example.org") != before.lookup_hash("bob@example.org")


def test_lookup_hash_depends_on_the_lookup_key(old_entry: str) -> None:
    other = KeyRing.parse(old_entry, lookup_key=bytes(reversed(range(32))))
    assert _ring(old_entry).lookup_hash("a@b.org") != other.lookup_hash("a@b.org")


def test_lookup_hash_ignores_case_and_surrounding_whitespace(old_entry: str) -> None:
    ring = _ring(old_entry)
    expected = ring.lookup_hash("ada@example.org")
    for variant in ("Ada@Example.ORG", "  ada@example.org\n", "\tADA@EXAMPLE.ORG "):
        assert ring.lookup_hash(variant) == expected
    assert normalise_email("  Ada@Example.ORG ") == "ada@example.org"
    # Composed and decomposed forms of the same letter are the same address.
    assert ring.lookup_hash("jos\u00e9@example.org") == ring.lookup_hash("jose\u0301@example.org")


def test_lookup_hash_takes_another_normalisation(old_entry: str) -> None:
    ring = _ring(old_entry)

    def digits(value: str) -> str:
        return "".join(c for c in value if c.isdigit())

    assert ring.lookup_hash("+254 700-000", normalise=digits) == ring.lookup_hash(
        "254700000", normalise=digits
    )


def test_generated_strings_parse() -> None:
    ring = _ring(generate_key_ring_string())
    assert ring.current_id == "k1"
    assert len(decode_key(generate_lookup_key_string())) == 32
    assert generate_key_ring_string() != generate_key_ring_string()


def test_url_safe_base64_is_accepted() -> None:
    key = b"\xfb\xff" * 16  # encodes with '+' and '/' in the standard alphabet
    urlsafe = base64.urlsafe_b64encode(key).decode("ascii")
    assert "-" in urlsafe or "_" in urlsafe
    ring = _ring(f"k1:{urlsafe}")
    assert ring.decrypt(ring.encrypt("x", associated_data=AD), associated_data=AD) == "x"


def test_repr_shows_no_key_material(old_entry: str) -> None:
    encoded = old_entry.partition(":")[2]
    text = repr(_ring(old_entry))
    assert encoded not in text
    assert "k1" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        (" , ", "empty"),
        ("k1", "entry 1 is not of the form"),
        ("k1:", "entry 1 is not of the form"),
        (":" + _b64(bytes(32)), "entry 1 is not of the form"),
        ("k 1:" + _b64(bytes(32)), "key id"),
        ("k1:not base64!", r"entry 1 \('k1'\) is not valid base64"),
        ("k1:" + _b64(bytes(16)), r"entry 1 \('k1'\) decodes to 16 bytes; expected 32"),
        (f"k1:{_b64(bytes(32))},k1:{_b64(bytes(32))}", "entry 2 repeats key id 'k1'"),
        (f"k2:{_b64(bytes(32))},,k1:{_b64(bytes(32))}", "entry 2 is not of the form"),
    ],
)
def test_bad_key_ring_strings(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _ring(text)


def test_bad_key_ring_errors_do_not_echo_keys() -> None:
    short = _b64(os.urandom(16))
    with pytest.raises(ValueError) as raised:
        _ring(f"k1:{short}")
    assert short not in str(raised.value)


def test_constructor_refusals() -> None:
    key = bytes(32)
    with pytest.raises(ValueError, match="empty"):
        KeyRing({}, current_id="k1", lookup_key=LOOKUP_KEY)
    with pytest.raises(ValueError, match="not in the ring"):
        KeyRing({"k1": key}, current_id="k2", lookup_key=LOOKUP_KEY)
    with pytest.raises(ValueError, match="look-up key"):
        KeyRing({"k1": key}, current_id="k1", lookup_key=b"short")
    with pytest.raises(ValueError, match="31 bytes"):
        KeyRing({"k1": bytes(31)}, current_id="k1", lookup_key=LOOKUP_KEY)
    with pytest.raises(ValueError, match="key id"):
        generate_key_ring_string("k:1")


def test_a_new_key_goes_in_front_with_the_next_free_id() -> None:
    lookup = b"l" * 32
    old = generate_key_ring_string("k1") + "," + generate_key_ring_string("k3")
    ring_text, key_id = with_new_key(old)
    assert key_id == "k4"  # above the highest id in the ring
    ring = KeyRing.parse(ring_text, lookup_key=lookup)
    assert ring.current_id == "k4" and ring.key_ids == ("k4", "k1", "k3")
    sealed = KeyRing.parse(old, lookup_key=lookup).encrypt("a@b.c", associated_data=b"t.c:1")
    assert ring.needs_rotation(sealed)
    assert (
        ring.decrypt(ring.reencrypt(sealed, associated_data=b"t.c:1"), associated_data=b"t.c:1")
        == "a@b.c"
    )

"""Sealing to the team key: round trip, and blobs that were tampered with or moved fail."""

from __future__ import annotations

import pytest

from intake.sealing import (
    PAD_TO,
    SealError,
    TeamPrivateKey,
    generate_private_raw,
    open_sealed,
    seal,
)


@pytest.fixture(scope="module")
def key() -> TeamPrivateKey:
    return TeamPrivateKey(7, generate_private_raw())


def test_a_sealed_blob_opens_with_the_team_key(key: TeamPrivateKey) -> None:
    blob = seal(key.public_raw(), 7, b"what happened", record="report:C-1", field="report")
    assert b"what happened" not in blob
    assert open_sealed({7: key}, blob, record="report:C-1", field="report") == b"what happened"


def test_every_flipped_byte_makes_the_blob_fail_to_open(key: TeamPrivateKey) -> None:
    blob = seal(key.public_raw(), 7, b"evidence", record="report:C-1", field="report")
    for position in (6, len(blob) // 2, len(blob) - 1):
        tampered = bytearray(blob)
        tampered[position] ^= 0x01
        with pytest.raises(SealError):
            open_sealed({7: key}, bytes(tampered), record="report:C-1", field="report")


def test_a_blob_moved_to_another_record_or_field_fails(key: TeamPrivateKey) -> None:
    blob = seal(key.public_raw(), 7, b"evidence", record="report:C-1", field="report")
    with pytest.raises(SealError):
        open_sealed({7: key}, blob, record="report:C-2", field="report")
    with pytest.raises(SealError):
        open_sealed({7: key}, blob, record="report:C-1", field="message:x")


def test_another_team_key_cannot_open_it(key: TeamPrivateKey) -> None:
    blob = seal(key.public_raw(), 7, b"evidence", record="r", field="f")
    stranger = TeamPrivateKey(7, generate_private_raw())
    with pytest.raises(SealError):
        open_sealed({7: stranger}, blob, record="r", field="f")
    with pytest.raises(SealError, match="no copy"):
        open_sealed({8: key}, blob, record="r", field="f")


def test_ciphertext_length_hides_the_length_of_short_texts(key: TeamPrivateKey) -> None:
    short = seal(key.public_raw(), 7, b"a", record="r", field="f")
    longer = seal(key.public_raw(), 7, b"a" * (PAD_TO - 10), record="r", field="f")
    assert len(short) == len(longer)

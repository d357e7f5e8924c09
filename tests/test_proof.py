"""Tests for intake.proof.statement: signed proof-of-reporting statements."""

from __future__ import annotations

import base64
import hashlib
import json
import random
from datetime import date

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from intake.proof.statement import (
    BEGIN_SIGNATURE,
    MAX_DOCUMENT_BYTES,
    ProofCheck,
    PublicKeyEntry,
    SigningKey,
    load_public_key_pem,
    load_signing_key,
    make_proof,
    new_signing_key,
    private_key_bytes,
    public_entry,
    public_key_pem,
    verify_proof,
)

KEY = new_signing_key()
KEYS = [public_entry(KEY)]
RECEIVED = "2026-03"
CATEGORIES = ["Sexual misconduct", "Bullying"]
REFERENCE = "rf_9c2d41a7e0b3"


def proof(key: SigningKey = KEY, **overrides: object) -> bytes:
    fields: dict[str, object] = {
        "reference": REFERENCE,
        "categories": CATEGORIES,
        "received_in": RECEIVED,
    }
    fields.update(overrides)
    return make_proof(key, **fields)  # type: ignore[arg-type]


DOCUMENT = proof()


# --- a genuine statement -----------------------------------------------------------


def test_genuine_statement_verifies() -> None:
    check = verify_proof(DOCUMENT, KEYS)
    assert check.valid is True
    assert check.key_retired is False
    assert "genuine" in check.message
    assert check.statement == {
        "categories": CATEGORIES,
        "issuer": "Candour",
        "received_in": "2026-03",
        "reference": REFERENCE,
        "version": 2,
    }


def test_document_explains_itself_in_plain_english() -> None:
    text = DOCUMENT.decode("utf-8")
    prose = " ".join(text.split("-----BEGIN CANDOUR STATEMENT-----")[0].split())
    assert (
        "This statement, signed by Candour, confirms that a report in the categories "
        "“Sexual misconduct” and “Bullying” was made to the independent misconduct team in "
        "March 2026." in prose
    )


def test_statement_is_canonical_json_between_delimiters() -> None:
    lines = DOCUMENT.decode("utf-8").split("\n")
    start = lines.index("-----BEGIN CANDOUR STATEMENT-----")
    assert lines[start + 2] == "-----END CANDOUR STATEMENT-----"
    assert lines[start + 1] == (
        '{"categories":["Sexual misconduct","Bullying"],"issuer":"Candour",'
        f'"received_in":"2026-03","reference":"{REFERENCE}","version":2}}'
    )
    assert lines[start + 3] == f"Key-Id: {KEY.key_id}"
    assert lines[start + 4] == BEGIN_SIGNATURE
    assert len(base64.b64decode(lines[start + 5], validate=True)) == 64
    assert lines[start + 6] == "-----END CANDOUR SIGNATURE-----"
    assert lines[start + 7 :] == [""]


def test_single_category_reads_naturally() -> None:
    text = proof(categories=["Corruption"]).decode("utf-8")
    assert "in the category “Corruption” was" in " ".join(text.split())


def test_non_ascii_category_verifies_and_reads_as_written() -> None:
    document = proof(categories=["Misuse of police systems – data protection"])
    check = verify_proof(document, KEYS)
    assert check.valid
    assert check.statement is not None
    assert check.statement["categories"] == ["Misuse of police systems – data protection"]
    assert "“Misuse of police systems – data protection”" in document.decode("utf-8")


def test_statement_contains_only_the_reference_not_other_identifiers() -> None:
    check = verify_proof(DOCUMENT, KEYS)
    assert check.statement is not None
    assert set(check.statement) == {"categories", "issuer", "received_in", "reference", "version"}


# --- tampering ---------------------------------------------------------------------


def _region_positions(document: bytes) -> dict[str, int]:
    text = document.decode("utf-8")
    sig_start = document.index(BEGIN_SIGNATURE.encode()) + len(BEGIN_SIGNATURE) + 1
    return {
        "prose date": document.index(b"March 2026"),
        "prose categories": document.index("“Bullying”".encode()) + 3,
        "prose first byte": 0,
        "statement marker": document.index(b"BEGIN CANDOUR STATEMENT"),
        "json date": document.index(b'"2026-03"') + 6,
        "json reference": document.index(REFERENCE.encode()) + 4,
        "json brace": text.index('{"categories"'),
        "key id": document.index(b"Key-Id: ") + 10,
        "signature first": sig_start,
        "signature middle": sig_start + 40,
        "signature padding": document.index(b"==\n"),
        "end marker": document.rindex(b"END CANDOUR SIGNATURE"),
        "final newline": len(document) - 1,
    }


@pytest.mark.parametrize("region", list(_region_positions(DOCUMENT)))
def test_changing_one_byte_in_any_part_invalidates(region: str) -> None:
    position = _region_positions(DOCUMENT)[region]
    for replacement in (0x20, 0x41, 0x61, 0x0A):
        if DOCUMENT[position] == replacement:
            continue
        edited = DOCUMENT[:position] + bytes([replacement]) + DOCUMENT[position + 1 :]
        check = verify_proof(edited, KEYS)
        assert check.valid is False, (region, replacement)
        assert check.statement is None


def test_flipping_any_bit_of_any_byte_invalidates() -> None:
    for position in range(len(DOCUMENT)):
        edited = bytearray(DOCUMENT)
        edited[position] ^= 0x01
        assert verify_proof(bytes(edited), KEYS).valid is False, position


def test_inserting_or_deleting_a_byte_invalidates() -> None:
    for position in range(0, len(DOCUMENT), 7):
        inserted = DOCUMENT[:position] + b" " + DOCUMENT[position:]
        deleted = DOCUMENT[:position] + DOCUMENT[position + 1 :]
        assert verify_proof(inserted, KEYS).valid is False, position
        assert verify_proof(deleted, KEYS).valid is False, position


def test_non_canonical_base64_of_the_same_signature_is_invalid() -> None:
    # The last base64 digit before "==" has spare bits; other digits can decode to the
    # very same signature bytes, and that edit must still be caught.
    lines = DOCUMENT.split(b"\n")
    sig_line = lines[-3].decode()
    signature = base64.b64decode(sig_line)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    variants = [
        sig_line[:85] + digit + sig_line[86:]
        for digit in alphabet
        if digit != sig_line[85] and base64.b64decode(sig_line[:85] + digit + "==") == signature
    ]
    assert variants  # there are always three such variants
    for variant in variants:
        edited = b"\n".join([*lines[:-3], variant.encode(), *lines[-2:]])
        assert verify_proof(edited, KEYS).valid is False


def test_trailing_bytes_or_windows_line_endings_invalidate() -> None:
    assert not verify_proof(DOCUMENT + b"\n", KEYS).valid
    assert not verify_proof(DOCUMENT.replace(b"\n", b"\r\n"), KEYS).valid


def test_statement_swapped_in_from_another_proof_is_invalid() -> None:
    other = proof(received_in="2025").split(b"-----BEGIN CANDOUR STATEMENT-----")
    mine = DOCUMENT.split(b"-----BEGIN CANDOUR STATEMENT-----")
    spliced = mine[0] + b"-----BEGIN CANDOUR STATEMENT-----" + other[1]
    check = verify_proof(spliced, KEYS)
    assert not check.valid
    assert "altered" in check.message


# --- keys --------------------------------------------------------------------------


def test_unknown_key_is_invalid_and_says_so() -> None:
    stranger = new_signing_key()
    check = verify_proof(proof(stranger), KEYS)
    assert check.valid is False
    assert stranger.key_id in check.message
    assert "does not recognise" in check.message


def test_impostor_key_claiming_a_known_key_id_is_invalid() -> None:
    impostor = SigningKey(key_id=KEY.key_id, private_key=new_signing_key().private_key)
    check = verify_proof(proof(impostor), KEYS)
    assert check.valid is False
    assert "altered or was not issued by Candour" in check.message


def test_no_keys_at_all_is_invalid() -> None:
    assert verify_proof(DOCUMENT, []).valid is False


def test_statement_signed_with_a_retired_key_still_verifies_and_says_so() -> None:
    old = new_signing_key()
    current = new_signing_key()
    keys = [public_entry(current), public_entry(old, retired_on=date(2026, 4, 1))]

    check = verify_proof(proof(old), keys)
    assert check.valid is True
    assert check.key_retired is True
    assert "signed with a key retired on 1 April 2026" in check.message


def test_retired_key_cannot_vouch_for_a_report_after_its_retirement() -> None:
    old = new_signing_key()
    keys = [public_entry(old, retired_on=date(2026, 1, 31))]
    check = verify_proof(proof(old, received_in="2026-02"), keys)
    assert check.valid is False
    assert "31 January 2026" in check.message


def test_rotation_picks_the_matching_key() -> None:
    keys = [public_entry(new_signing_key()) for _ in range(3)] + KEYS
    assert verify_proof(DOCUMENT, keys).valid


def test_key_id_is_first_16_hex_of_sha256_of_raw_public_key() -> None:
    raw = KEY.private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    assert KEY.key_id == hashlib.sha256(raw).hexdigest()[:16]


def test_private_key_round_trips_through_raw_bytes() -> None:
    raw = private_key_bytes(KEY)
    assert len(raw) == 32
    restored = load_signing_key(KEY.key_id, raw)
    assert restored.key_id == KEY.key_id
    assert verify_proof(proof(restored), KEYS).valid


def test_loading_a_private_key_under_the_wrong_id_is_refused() -> None:
    with pytest.raises(ValueError, match="key id"):
        load_signing_key("0" * 16, private_key_bytes(KEY))
    with pytest.raises(ValueError):
        load_signing_key(KEY.key_id, b"short")


def test_public_key_round_trips_through_pem() -> None:
    pem = public_key_pem(KEYS[0])
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    assert "PRIVATE" not in public_key_pem(KEY)
    entry = PublicKeyEntry(KEY.key_id, load_public_key_pem(pem), None)
    assert verify_proof(DOCUMENT, [entry]).valid


def test_loading_a_non_ed25519_pem_is_refused() -> None:
    pem = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    with pytest.raises(ValueError):
        load_public_key_pem(pem)


# --- malformed input never raises --------------------------------------------------


@pytest.mark.parametrize(
    ("document", "expected_words"),
    [
        (b"", "not a Candour"),
        (b"\xff\xfe\x00garbage", "not a UTF-8 text file"),
        (b"hello\n", "incomplete"),
        (DOCUMENT.split(BEGIN_SIGNATURE.encode())[0], "incomplete"),
        (b"x" * (MAX_DOCUMENT_BYTES + 1), "too large"),
        (
            DOCUMENT.replace(DOCUMENT.split(b"\n")[-3], b"!!!not base64!!!"),
            "signature in this statement is damaged",
        ),
        (DOCUMENT.replace(f"Key-Id: {KEY.key_id}".encode(), b"Key-Id: ../../x"), "key id"),
    ],
)
def test_malformed_documents_are_invalid_with_a_message(
    document: bytes, expected_words: str
) -> None:
    check = verify_proof(document, KEYS)
    assert isinstance(check, ProofCheck)
    assert check.valid is False
    assert check.statement is None
    assert expected_words in check.message


def test_valid_document_padded_beyond_64_kb_is_refused() -> None:
    padded = b" " * MAX_DOCUMENT_BYTES + DOCUMENT
    check = verify_proof(padded, KEYS)
    assert check.valid is False
    assert "too large" in check.message


def test_non_bytes_input_is_invalid_not_an_exception() -> None:
    check = verify_proof(DOCUMENT.decode(), KEYS)  # type: ignore[arg-type]
    assert check.valid is False


def test_random_bytes_never_raise() -> None:
    rng = random.Random(20260303)
    for _ in range(500):
        garbage = rng.randbytes(rng.randrange(0, 4096))
        assert verify_proof(garbage, KEYS).valid is False


def test_random_splices_into_a_real_document_never_raise_or_verify() -> None:
    rng = random.Random(1829)
    for _ in range(1000):
        start = rng.randrange(len(DOCUMENT) + 1)
        cut = rng.randrange(0, 40)
        inserted = rng.randbytes(rng.randrange(0, 40))
        edited = DOCUMENT[:start] + inserted + DOCUMENT[start + cut :]
        assert verify_proof(edited, KEYS).valid is (edited == DOCUMENT)


# --- making statements -------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        {"received_in": "2026-03-03"},
        {"received_in": "2026-13"},
        {"received_in": "2026-Q5"},
        {"received_in": "March 2026"},
        {"categories": ["Bullying\n-----BEGIN CANDOUR SIGNATURE-----"]},
        {"categories": ["Bully\u202eing"]},
        {"categories": [""]},
        {"reference": ""},
        {"reference": "abc\ndef"},
        {"reference": "x" * 201},
    ],
)
def test_make_proof_refuses_bad_fields(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        proof(KEY, **overrides)


def test_a_proof_may_leave_out_the_categories_and_the_period() -> None:
    document = proof(categories=[], received_in="")
    prose = " ".join(document.decode().split("-----BEGIN CANDOUR STATEMENT-----")[0].split())
    assert "confirms that a report was made to the independent misconduct team." in prose
    check = verify_proof(document, KEYS)
    assert check.valid and "confirms a report was made." in check.message


@pytest.mark.parametrize(
    ("period", "words"),
    [("2026-Q1", "January to March 2026"), ("2026", "in 2026"), ("2026-11", "November 2026")],
)
def test_a_quarter_or_a_year_reads_naturally(period: str, words: str) -> None:
    document = proof(received_in=period)
    assert words in " ".join(document.decode().split())
    assert words in verify_proof(document, KEYS).message


def test_a_version_1_statement_giving_the_day_still_verifies() -> None:
    """Statements downloaded before proofs were coarsened keep working."""
    statement = (
        '{"categories":["Bullying"],"issuer":"Candour","received_on":"2026-03-03",'
        f'"reference":"{REFERENCE}","version":1}}'
    )
    body = (
        "CANDOUR: PROOF OF REPORTING\n\n"
        f"-----BEGIN CANDOUR STATEMENT-----\n{statement}\n-----END CANDOUR STATEMENT-----\n"
        f"Key-Id: {KEY.key_id}\n"
    ).encode()
    signature = base64.b64encode(KEY.private_key.sign(body)).decode()
    document = body + f"{BEGIN_SIGNATURE}\n{signature}\n-----END CANDOUR SIGNATURE-----\n".encode()
    check = verify_proof(document, KEYS)
    assert check.valid
    assert "confirms a report made on 3 March 2026" in check.message


def test_statement_json_parses_to_what_was_asked_for() -> None:
    lines = proof(categories=["A", "B", "C"]).decode().split("\n")
    statement = json.loads(lines[lines.index("-----BEGIN CANDOUR STATEMENT-----") + 1])
    assert statement["categories"] == ["A", "B", "C"]
    assert statement["received_in"] == "2026-03"

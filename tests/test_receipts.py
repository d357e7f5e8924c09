"""Receipt codes: enough randomness, forgiving input, stored only as a keyed hash."""

from __future__ import annotations

import math

from intake import receipts

KEY = b"k" * 16 + b"e" * 16


def test_a_receipt_carries_at_least_80_random_bits() -> None:
    code = receipts.new_receipt()
    bare = receipts.normalise(code)
    assert bare is not None
    assert len(bare) * math.log2(len(receipts.ALPHABET)) >= 80
    assert len({receipts.new_receipt() for _ in range(200)}) == 200


def test_pasted_receipts_match_whatever_the_case_spaces_and_lookalikes() -> None:
    code = receipts.new_receipt()
    messy = " " + code.lower().replace("-", " ") + "\n"
    assert receipts.receipt_hash(KEY, messy) == receipts.receipt_hash(KEY, code)
    lookalikes = "OOOO-IIII-LLLL-UUUU-4444"
    assert receipts.normalise(lookalikes) == "000011111111VVVV4444"


def test_the_hash_depends_on_the_server_key() -> None:
    code = receipts.new_receipt()
    assert receipts.receipt_hash(KEY, code) != receipts.receipt_hash(b"x" * 32, code)
    assert code.encode() not in receipts.receipt_hash(KEY, code)


def test_malformed_input_still_yields_a_lookup_hash_that_matches_nothing() -> None:
    assert receipts.normalise("not a receipt") is None
    wrong = receipts.lookup_hash(KEY, "not a receipt")
    assert len(wrong) == 32
    assert wrong != receipts.receipt_hash(KEY, receipts.new_receipt())

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


def test_a_receipt_pasted_with_words_around_it_is_found() -> None:
    """The page says "you can paste it": pasting "Receipt: …" or the downloaded file's text was
    refused as the wrong format."""
    code = "SK8J-XGJ4-D6JV-221Y-1A0Y"
    bare = code.replace("-", "")
    assert receipts.normalise(f"Receipt: {code}") == bare
    downloaded = (
        f"Candour receipt\n\n{code}\n\nKeep this somewhere only you can reach. It is the only "
        "way back to your report.\nAnyone who has it can read the team's messages to you.\n"
    )
    assert receipts.normalise(downloaded) == bare
    assert receipts.normalise(f"my receipt is {code.lower().replace('-', ' ')} thanks") == bare
    # Two codes, or a code run into other letters, are not guessed between.
    assert receipts.normalise(f"{code} or {receipts.new_receipt()}") is None
    assert receipts.normalise(f"X{bare}") is None
    assert receipts.normalise(f"Receipt: {code}-F") is None  # a group too many: mistyped
    # A paste that lost its line breaks runs the code into the words around it.
    assert receipts.normalise(downloaded.replace("\n", "")) == bare
    # Five four-letter words read as symbols too (O as 0, L as 1), but hold no digit.
    assert receipts.normalise(f"They said that they have been told {code}") == bare


def test_the_hash_depends_on_the_server_key() -> None:
    code = receipts.new_receipt()
    assert receipts.receipt_hash(KEY, code) != receipts.receipt_hash(b"x" * 32, code)
    assert code.encode() not in receipts.receipt_hash(KEY, code)


def test_malformed_input_still_yields_a_lookup_hash_that_matches_nothing() -> None:
    assert receipts.normalise("not a receipt") is None
    wrong = receipts.lookup_hash(KEY, "not a receipt")
    assert len(wrong) == 32
    assert wrong != receipts.receipt_hash(KEY, receipts.new_receipt())

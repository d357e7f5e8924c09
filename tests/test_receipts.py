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


def test_only_a_receipts_own_characters_are_a_receipt() -> None:
    """A receipt with anything before or after it ("…ZZZZ", "… thanks", "Receipt: …") opened
    the report: one lookup could try several receipts. Spaces, dashes, capitals and look-alikes
    are all that is forgiven; anything longer or shorter is the wrong format."""
    code = "SK8J-XGJ4-D6JV-221Y-1A0Y"
    bare = code.replace("-", "")
    assert receipts.normalise(code) == bare
    assert receipts.normalise(f"  {bare.lower()}\n") == bare
    assert receipts.normalise(code.replace("-", " ")) == bare
    assert receipts.normalise(code.replace("-", "\u2013")) == bare  # an en dash, as phones type
    assert receipts.normalise(" ".join(bare)) == bare  # read aloud a character at a time
    assert receipts.normalise("SK8J-XGJ4-D6JV-22IY-IAOY") == bare  # I as 1, O as 0
    for longer in (
        f"{code}ZZZZ",
        f"{bare}ZZZZ",
        f"{code} thanks",
        f"ZZZZ{code}",
        f"X{bare}",
        f"Receipt: {code}",
        f"my receipt is {code.lower().replace('-', ' ')} thanks",
        f"{code}-F",
        f"{code}.",
        f"Candour receipt\n\n{code}\n\nKeep this somewhere only you can reach.\n",
    ):
        assert receipts.normalise(longer) is None, longer
        assert receipts.lookup_hash(KEY, longer) != receipts.receipt_hash(KEY, code), longer
        assert receipts.shown_back(longer) == longer.strip()
    for shorter in (code[:-1], bare[1:], code[:19]):
        assert receipts.normalise(shorter) is None, shorter
    # Other punctuation separates nothing, and a letter that capitalises to two is no receipt.
    assert receipts.normalise(code.replace("-", ".")) is None
    assert receipts.normalise("\u00df" + bare[2:]) is None  # "ß".upper() == "SS"


def test_the_hash_depends_on_the_server_key() -> None:
    code = receipts.new_receipt()
    assert receipts.receipt_hash(KEY, code) != receipts.receipt_hash(b"x" * 32, code)
    assert code.encode() not in receipts.receipt_hash(KEY, code)


def test_malformed_input_still_yields_a_lookup_hash_that_matches_nothing() -> None:
    assert receipts.normalise("not a receipt") is None
    wrong = receipts.lookup_hash(KEY, "not a receipt")
    assert len(wrong) == 32
    assert wrong != receipts.receipt_hash(KEY, receipts.new_receipt())

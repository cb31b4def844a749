import random

import pytest

from ruamkan.accounts.lib import citizen_id as cid
from ruamkan.accounts.lib.phone import to_e164


def reference_check_digit(first12: str) -> int:
    # Straight from the definition: d13 = (11 − Σ_{i=1..12} d_i·(14−i) mod 11) mod 10.
    s = 0
    for i in range(1, 13):
        s += int(first12[i - 1]) * (14 - i)
    return (11 - s % 11) % 10


def test_known_valid_id():
    # 1-1037-00012-34-? : 13+12+0+30+63+0+0+0+5+8+9+8 = 148; 148 mod 11 = 5; (11 − 5) mod 10 = 6
    assert reference_check_digit("110370001234") == 6
    assert cid.validate("1103700012346") == "1103700012346"


def test_wrong_check_digit_refused():
    with pytest.raises(cid.InvalidCitizenId) as err:
        cid.validate("1103700012345")
    assert err.value.code == "check_digit"


def test_every_wrong_last_digit_refused_and_one_right():
    rng = random.Random(2569)
    for _ in range(200):
        first12 = "".join(rng.choice("0123456789") for _ in range(12))
        ok = [d for d in "0123456789" if cid.is_valid(first12 + d)]
        assert ok == [str(reference_check_digit(first12))]


def test_thai_digits_dashes_and_spaces():
    assert cid.validate("๑-๑๐๓๗-๐๐๐๑๒-๓๔-๖") == "1103700012346"
    assert cid.validate(" 1 1037 00012 34 6 ") == "1103700012346"
    assert cid.validate("1–1037–00012–34–6") == "1103700012346"  # en dashes from word processors


def test_leading_zero_accepted_for_stateless_residents():
    number = cid.with_check_digit("012345678901")
    assert number.startswith("0")
    assert cid.validate(number) == number


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "empty"), ("110370001234", "length"), ("11037000123456", "length"),
     ("1103700O12345", "not_digits"), ("abc", "not_digits"), ("   ", "empty")],
)
def test_malformed(text, code):
    with pytest.raises(cid.InvalidCitizenId) as err:
        cid.validate(text)
    assert err.value.code == code


def test_mask_shows_first_and_last_digit_only():
    assert cid.mask("1103700012346") == "1-xxxx-xxxxx-xx-6"
    assert "0370001234" not in cid.mask("1103700012346")


def test_keyed_hash_depends_on_key_and_normalised_number():
    a = cid.keyed_hash("1103700012346", "key-one")
    assert a == cid.keyed_hash("๑-๑๐๓๗-๐๐๐๑๒-๓๔-๖", "key-one")
    assert a != cid.keyed_hash("1103700012346", "key-two")
    assert len(a) == 64 and "1103700012346" not in a


@pytest.mark.parametrize(
    ("text", "e164"),
    [("081-234-5678", "+66812345678"), ("๐๘๑ ๒๓๔ ๕๖๗๘", "+66812345678"),
     ("+66 81 234 5678", "+66812345678"), ("+66081234567", "+6681234567"),
     ("0066812345678", "+66812345678"), ("+14155550100", "+14155550100")],
)
def test_thai_phone_to_e164(text, e164):
    assert to_e164(text) == e164

"""One vocabulary for codes: what the room makes, the phone types and the QR carries agree."""

from __future__ import annotations

import pytest

from workshop import codes, qr


def test_every_made_join_code_makes_a_join_address() -> None:
    for _ in range(200):
        code = codes.new_join_code()
        assert codes.is_join_code(code)
        assert qr.join_url("http://127.0.0.1:8501", code).endswith(f"code={code}")


@pytest.mark.parametrize("look_alike", ["0", "O", "1", "I", "L"])
def test_look_alike_characters_are_not_in_a_join_code(look_alike: str) -> None:
    assert look_alike not in codes.JOIN_CODE_ALPHABET
    with pytest.raises(qr.BadJoinCode):
        qr.join_url("http://127.0.0.1:8501", "ABCDE" + look_alike)


def test_typed_codes_are_normalised_the_same_everywhere() -> None:
    assert codes.normalise_join_code(" abc-23 4 ") == "ABC234"
    assert qr.join_url("http://h:1", "abc-234").endswith("code=ABC234")


def test_tokens_are_long_random_and_recognised() -> None:
    tokens = {codes.new_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(codes.looks_like_token(t) and len(t) >= 32 for t in tokens)
    assert not codes.looks_like_token("short")
    assert not codes.looks_like_token("x" * 20 + "/")

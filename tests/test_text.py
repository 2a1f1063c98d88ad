"""How names are said inside ri's own sentences: one rule for every format and command."""

from __future__ import annotations

import pytest

from reverse_interview.text import in_sentence, ordinal


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Leadership Growth", "leadership growth"),
        ("Technical growth", "technical growth"),
        ("DevOps Culture", "DevOps culture"),
        ("AWS", "AWS"),
        ("Mentoring", "mentoring"),
        ("Speaking at PyCon", "speaking at PyCon"),
    ],
)
def test_a_name_mid_sentence_is_lower_case_but_for_words_with_inner_capitals(
    name: str, said: str
) -> None:
    assert in_sentence(name) == said


@pytest.mark.parametrize(
    ("n", "said"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_ordinals(n: int, said: str) -> None:
    assert ordinal(n) == said

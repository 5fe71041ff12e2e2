"""The words after a number that tell what it counts or measures."""
from __future__ import annotations

import doctest

import pytest

from vntext import nouns
from vntext.nouns import counted_noun_at, duration_word_at, portion_word_at


@pytest.mark.parametrize(
    ("text", "counted", "portion", "duration"),
    [
        ("3/5 bị cáo", True, False, False),
        ("3/5 số bị cáo", False, True, False),
        ("3/5 diện tích", False, True, False),
        ("2-3 lần", True, False, True),
        ("2-3 tiếng", False, False, True),
        ("2-3 Người", True, False, True),
        ("2-3 người.", True, False, True),
        ("2-3 ngườii", False, False, False),
        ("2-3, tại", False, False, False),
    ],
)
def test_words_after_a_number(text: str, counted: bool, portion: bool, duration: bool) -> None:
    assert counted_noun_at(text, 3) is counted
    assert portion_word_at(text, 3) is portion
    assert duration_word_at(text, 3) is duration


def test_docstring_examples() -> None:
    assert doctest.testmod(nouns).failed == 0

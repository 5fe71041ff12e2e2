"""Every entry of the shipped abbreviation lists that is read by spelling its letters uses the same
letter names as the generic spelling rule (``vntext.abbreviations.LETTER_NAMES``): a listener hears
one name for each letter, whichever rule spelled the word."""
from __future__ import annotations

import re

import pytest

from vntext import normalize
from vntext.abbreviations import ABBREVIATIONS, LETTER_NAMES, spell_letters

# The house letter names, and the other names letters are given (English-style "đi", "pi",
# consonant sounds "gờ", "rờ", the long forms "en nờ", "em mờ").
_HOUSE_NAME_WORDS = {word for name in LETTER_NAMES.values() for word in name.split()}
_OTHER_LETTER_NAME_WORDS = {
    "bi", "si", "xi", "đi", "di", "pi", "ti", "gi", "gờ", "cờ", "dờ", "đờ", "pờ", "tờ", "bờ", "mờ",
    "nờ", "ây", "ai", "kây", "eo", "xì", "liu", "đáp", "dắp", "phờ", "vi", "zét", "ếch",
}  # fmt: skip
# Listed because they are read as a word, not spelled.
_WORDS = {"TV": "ti vi", "NVIDIA": "en vi đi a"}


def _is_a_spelling(spoken: str) -> bool:
    words = spoken.replace("-", " ").split()
    return bool(words) and all(w in _HOUSE_NAME_WORDS | _OTHER_LETTER_NAME_WORDS for w in words)


SPELLED_ENTRIES = sorted((a, s) for a, s in ABBREVIATIONS.items() if _is_a_spelling(s) and a not in _WORDS)


def test_the_lists_have_spelled_entries() -> None:
    assert {"GDP", "GRDP", "WHO", "VNPT"} <= {a for a, _ in SPELLED_ENTRIES}


@pytest.mark.parametrize("abbreviation, spoken", SPELLED_ENTRIES)
def test_a_spelled_entry_uses_the_house_letter_names(abbreviation: str, spoken: str) -> None:
    letters = re.sub(r"[^\w]", "", abbreviation).upper()
    assert spoken == spell_letters(letters)


def test_words_listed_as_spelled_are_read_as_words() -> None:
    for abbreviation, spoken in _WORDS.items():
        assert ABBREVIATIONS[abbreviation] == spoken


@pytest.mark.parametrize(
    "written, spoken",
    [
        ("GRDP của tỉnh tăng 6,8%.", "Giê e rờ dê pê của tỉnh tăng sáu phẩy tám phần trăm."),
        ("GDP cả nước tăng.", "Giê dê pê cả nước tăng."),
        ("Tập đoàn VNPT và EVN ký kết hợp tác.", "Tập đoàn vê en pê tê và e vê en ký kết hợp tác."),
        # an unlisted acronym is spelled by the generic rule with the same names
        ("Mạng SCTV mở rộng vùng phủ sóng.", "Mạng ét xê tê vê mở rộng vùng phủ sóng."),
        ("Đài CNN và hãng tin AFP đưa tin.", "Đài xê en en và hãng tin a ép pê đưa tin."),
        ("Tổ chức IMF nhận định.", "Tổ chức i em ép nhận định."),
    ],
)
def test_listed_and_generic_spellings_sound_alike(written: str, spoken: str) -> None:
    assert normalize(written) == spoken

"""Normalization for speech: every written form becomes the words a newsreader says.

``normalize`` applies the rules in ``RULES`` one after another. The order matters:

1. Unicode composition and spacing, so every later rule sees one spelling of each letter.
2. The station lexicon (before everything: a station's own reading wins).
3. URLs and e-mail addresses, then phone numbers: their digits and dots are not numbers.
4. Legal document numbers (100/2019/NĐ-CP), dates, month/year, quarters, months: before ranges
   and fractions claim "15-01-2018" or "15/1".
5. Ranges and scores: the dash between numbers still carries its unit (15cm-25cm).
6. Times (21:03, 14h30, 8h, 12p03s).
7. Money, units and percentages: they leave the numbers as digits.
8. Roman numerals and abbreviations (Q.1 → quận 1) before the numbers they may leave behind;
   an acronym glued to a number (BT2) is split first so the acronym is read by its rule.
9. Fractions, ordinals ("thứ 4" → "thứ tư") and finally every remaining number.
10. Symbols, then spacing again.

House style for numbers, dates and measures is documented in ``vntext.numbers``,
``vntext.datetimes`` and ``vntext.measures``.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

from vntext.abbreviations import expand_abbreviations
from vntext.datetimes import (
    read_clock_times,
    read_dates,
    read_document_numbers,
    read_hour_marks,
    read_minutes_seconds,
    read_month_years,
    read_months,
    read_quarters,
)
from vntext.lexicon import apply_lexicon
from vntext.measures import (
    read_currencies,
    read_currency_before_amount,
    read_money_shorthand,
    read_per_units,
    read_percentages,
    read_units,
)
from vntext.numbers import read_fractions, read_numbers, read_ordinals
from vntext.phones import read_phone_numbers
from vntext.ranges import read_ranges
from vntext.roman import read_roman_numerals
from vntext.symbols import read_symbols
from vntext.urls import read_urls_and_emails

_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f\u200b]+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" +(?=[,.;:!?)])")
_ACRONYM_AND_NUMBER = re.compile(r"\b([A-ZĐ]{2,})(\d)")


def compose_unicode(text: str) -> str:
    """Compose letters and tone marks into single characters (NFC) and unify spaces.

    >>> compose_unicode("Hoa\u0300  Bi\u0300nh") == "Hoà Bình"
    True
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text)


def separate_acronyms_from_numbers(text: str) -> str:
    """Put a space between an acronym and the number glued to it, so both rules see their part.

    >>> separate_acronyms_from_numbers("Cầu BT2 nối với QL1A")
    'Cầu BT 2 nối với QL 1A'
    """
    return _ACRONYM_AND_NUMBER.sub(r"\1 \2", text)


def tidy_spaces(text: str) -> str:
    """Collapse runs of spaces and remove spaces the rules left before punctuation.

    >>> tidy_spaces(" mười  hai ki lô gam , rồi ")
    'mười hai ki lô gam, rồi'
    """
    lines = (_SPACE_BEFORE_PUNCTUATION.sub("", _SPACES.sub(" ", line)).strip() for line in text.split("\n"))
    return "\n".join(lines)


RULES: tuple[Callable[[str], str], ...] = (
    read_urls_and_emails,
    read_phone_numbers,
    read_document_numbers,
    read_dates,
    read_month_years,
    read_quarters,
    read_months,
    read_ranges,
    read_clock_times,
    read_hour_marks,
    read_minutes_seconds,
    read_money_shorthand,
    read_currency_before_amount,
    read_currencies,
    read_units,
    read_per_units,
    read_percentages,
    read_roman_numerals,
    separate_acronyms_from_numbers,
    expand_abbreviations,
    read_fractions,
    read_ordinals,
    read_numbers,
    read_symbols,
    tidy_spaces,
)


def normalize(text: str, lexicon: Mapping[str, str] | None = None) -> str:
    """Turn written text into the words a newsreader says, keeping case and punctuation.

    >>> normalize("Sáng 15/1, giá xăng giảm 1.200 đồng/lít, còn 21.500đ (giảm 5,3%).")
    'Sáng ngày mười lăm tháng một, giá xăng giảm một nghìn hai trăm đồng một lít, còn hai mươi mốt nghìn năm trăm đồng (giảm năm phẩy ba phần trăm).'
    """
    text = apply_lexicon(compose_unicode(text), lexicon)
    for rule in RULES:
        text = rule(text)
    return text

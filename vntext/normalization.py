"""Normalization for speech: every written form becomes the words a newsreader says.

``normalize`` applies the rules in ``RULES`` one after another. The order matters:

1. Unicode composition and spacing, so every later rule sees one spelling of each letter.
2. The station lexicon (before everything: a station's own reading wins).
3. URLs and e-mail addresses, then phone numbers and identifiers (tax codes, accounts): their
   digits and dots are not numbers.
4. Licence plates, fishing boats (QT 90279 TS), house numbers and road chainages, and "+/-":
   their slashes, dashes and signs are not dates, fractions, ranges or minus signs.
5. Legal document numbers (100/2019/NĐ-CP, 57-NQ/TW), standards (ISO 9001:2015) and fuel grades
   (RON 95-III), then dates (with "/", "." or "-", and spaced "17 - 3 - 2004"), month/year,
   quarters, months: before ranges and fractions claim "15-01-2018" or "15/1".
6. Seasons (2023/24), then ranges and scores: the dash between numbers still carries its unit
   (15cm-25cm).
7. Times (21:03, 14h30, 8h, 12p03s).
8. "x" between numbers, money, units and percentages: they leave the numbers as digits.
9. Fractions and counts (3/4, 53/53, TOEIC 850/990), while the name before them is still
   written.
10. Roman numerals, then codes of letters and digits (H5N1, VN266, gold 9999, Đề án 06), then
    abbreviations (Q.1 → quận 1), before the numbers they may leave behind.
11. Ranks ("hạng 1"), ordinals ("thứ 4") and finally every remaining number.
12. Symbols, then spacing again.

``explain`` runs the same loop and reports every rule that changed the text; ``rule_for`` names
the rule that first rewrote a given span of the input.

House style for numbers, dates and measures is documented in ``vntext.numbers``,
``vntext.datetimes`` and ``vntext.measures``.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from vntext.abbreviations import drop_restated_abbreviations, expand_abbreviations
from vntext.addresses import read_chainages, read_house_numbers
from vntext.codes import (
    read_aircraft_models,
    read_fishing_boat_numbers,
    read_fuel_grades,
    read_gold_purity,
    read_identifiers,
    read_letter_digit_codes,
    read_licence_plates,
    read_numbered_plans,
)
from vntext.datetimes import (
    read_clock_times,
    read_dates,
    read_day_lists,
    read_hour_marks,
    read_match_minutes,
    read_minutes_seconds,
    read_month_years,
    read_months,
    read_quarters,
    read_spaced_dates,
)
from vntext.documents import read_document_codes, read_document_numbers, read_standard_numbers
from vntext.lexicon import apply_lexicon
from vntext.measures import (
    read_currencies,
    read_currency_before_amount,
    read_money_shorthand,
    read_per_units,
    read_percentages,
    read_units,
    read_units_after_number_words,
)
from vntext.numbers import read_fractions, read_numbers, read_ordinals, read_ranks
from vntext.phones import read_phone_numbers
from vntext.ranges import read_ranges, read_seasons
from vntext.roman import read_roman_numerals
from vntext.symbols import read_diameter_signs, read_multiplication, read_plus_minus, read_symbols
from vntext.urls import read_urls_and_emails

_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f\u200b]+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" +(?=[,.;:!?)])")


def compose_unicode(text: str) -> str:
    """Compose letters and tone marks into single characters (NFC) and unify spaces.

    >>> compose_unicode("Hoa\u0300  Bi\u0300nh") == "Hoà Bình"
    True
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text)


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
    read_identifiers,
    read_licence_plates,
    read_fishing_boat_numbers,
    read_house_numbers,
    read_chainages,
    read_plus_minus,
    read_document_numbers,
    read_document_codes,
    read_standard_numbers,
    read_fuel_grades,
    read_day_lists,
    read_dates,
    read_spaced_dates,
    read_month_years,
    read_quarters,
    read_months,
    read_seasons,
    read_ranges,
    read_clock_times,
    read_hour_marks,
    read_minutes_seconds,
    read_match_minutes,
    read_multiplication,
    read_diameter_signs,
    read_money_shorthand,
    read_currency_before_amount,
    read_currencies,
    read_units,
    read_units_after_number_words,
    read_per_units,
    read_percentages,
    read_fractions,
    read_roman_numerals,
    read_gold_purity,
    read_aircraft_models,
    read_numbered_plans,
    read_letter_digit_codes,
    expand_abbreviations,
    read_ranks,
    read_ordinals,
    read_numbers,
    read_symbols,
    drop_restated_abbreviations,
    tidy_spaces,
)

LEXICON_STEP = "lexicon"


@dataclass(frozen=True)
class RuleStep:
    """One rule that changed the text: its name and the whole text before and after it."""

    rule: str
    before: str
    after: str


_NAMED_RULES: tuple[tuple[str, Callable[[str], str]], ...] = tuple((rule.__name__, rule) for rule in RULES)


def _run(text: str, lexicon: Mapping[str, str] | None, changes: list[RuleStep] | None) -> str:
    """The one normalization loop: composition, the lexicon, then RULES; records each step that
    changed the text when asked to."""
    steps: tuple[tuple[str, Callable[[str], str]], ...] = (
        (compose_unicode.__name__, compose_unicode),
        (LEXICON_STEP, lambda written: apply_lexicon(written, lexicon)),
        *_NAMED_RULES,
    )
    for name, rule in steps:
        after = rule(text)
        if changes is not None and after != text:
            changes.append(RuleStep(name, text, after))
        text = after
    return text


def normalize(text: str, lexicon: Mapping[str, str] | None = None) -> str:
    """Turn written text into the words a newsreader says, keeping case and punctuation.

    >>> normalize("Sáng 15/1, giá xăng giảm 1.200 đồng/lít, còn 21.500đ (giảm 5,3%).")
    'Sáng ngày mười lăm tháng một, giá xăng giảm một nghìn hai trăm đồng một lít, còn hai mươi mốt nghìn năm trăm đồng (giảm năm phẩy ba phần trăm).'
    """
    return _run(text, lexicon, None)


def explain(text: str, lexicon: Mapping[str, str] | None = None) -> list[RuleStep]:
    """The rules that changed ``text``, in the order they ran, each with the text before and after.

    Steps are named after the rule functions of ``RULES``; the station lexicon is "lexicon", and
    "compose_unicode" appears when the input had decomposed letters or odd spaces. The last step's
    ``after`` is ``normalize(text, lexicon)``; an empty list means nothing changed.

    >>> [(step.rule, step.after) for step in explain("Lúc 8h, QTV đưa tin", {"QTV": "Quảng Trị ti vi"})]
    [('lexicon', 'Lúc 8h, Quảng Trị ti vi đưa tin'), ('read_hour_marks', 'Lúc tám giờ, Quảng Trị ti vi đưa tin')]
    """
    changes: list[RuleStep] = []
    _run(text, lexicon, changes)
    return changes


def _follow_span(before: str, after: str, start: int, end: int) -> tuple[int, int, bool]:
    """Where ``before[start:end]`` ends up in ``after``, and whether the step rewrote any of it."""
    touched = False
    new_start = new_end = None
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        overlaps = i1 < end and start < i2 if i1 < i2 else start < i1 < end
        if tag != "equal" and overlaps:
            touched = True
        if new_start is None and (start < i2 or (i1 == i2 == start)):
            new_start = j1 + (start - i1) if tag == "equal" else j1
        if new_end is None and end <= i2 and i1 < i2:
            new_end = j1 + (end - i1) if tag == "equal" else j2
    return (new_start if new_start is not None else len(after),
            new_end if new_end is not None else len(after), touched)


def rule_for(text: str, span: tuple[int, int], lexicon: Mapping[str, str] | None = None) -> str | None:
    """The name of the first rule that rewrote ``text[span[0]:span[1]]``, or None if none did.

    >>> text = "Sáng 15/1, tàu SE3 chạy"
    >>> rule_for(text, (5, 9)), rule_for(text, (15, 18)), rule_for(text, (0, 4))
    ('read_dates', 'read_letter_digit_codes', None)
    """
    start, end = span
    for step in explain(text, lexicon):
        start, end, touched = _follow_span(step.before, step.after, start, end)
        if touched:
            return step.rule
    return None

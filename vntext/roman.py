"""Roman numerals after the words that announce them: "khóa XV", "thế kỷ XXI", "quý III/2024".

A roman-looking word is only read when a trigger word stands right before it, so "VI" in
"VI PHẠM", a name, or a stray "XL" is never touched. Readings:

* after "thứ" (lần thứ, kỳ họp thứ): the ordinal, "thứ nhất", "thứ tư", "thứ mười bốn";
* after "hạng" and "giải": the ranking words, "hạng nhất", "giải nhì", "hạng ba", "giải tư";
* after every other trigger: the cardinal, "khóa mười lăm", "quý bốn", "thế kỷ hai mươi mốt",
  "báo động hai" (a flood alarm level),
  "khoản ba", "đoạn bảy", "số mười", "năm MMXXIII" = "năm hai nghìn không trăm hai mươi ba".

A numeral is written all in capitals or all in small letters and follows the strict grammar up
to MMMCMXCIX (3999): "IIII", "VX" or "Xi" are not numerals. What may follow which trigger:

* I, V, X and L (1 to 89): after every trigger.
* C, D and M (from 90 on) only after the words that number parts of a text, "chương", "phần",
  "mục", "phụ lục", "đoạn", "khoản", "tập" and "số": "loại C", "hạng D", "nhóm MC" stay letters.
  In capitals such a numeral needs three letters or more (or is XC), because two capitals with C,
  D or M are almost always an acronym ("phần MC", "đoạn MV", "số CV", "tập CD"); in small
  letters, which acronyms do not use, two letters are enough ("mục xc", "mục cd").
* after "năm" only a year from M on ("năm MMXXIII", "năm mmxx"): "năm" is also the number five.
* a lone C, D or M is never a numeral: it is a class, a letter or a unit ("loại C", "số m").

Words that read as something else are left alone when the sentence goes on in the same case:

* a small-letter numeral that is a single letter ("số l", "phần v"), a Vietnamese syllable
  ("vi", "xi", "li", "mi", "di", "ci") or a unit symbol ("cm", "mm", "ml") is read only when no
  small-letter word follows it: "khoản vi" is "khoản sáu", but "các khoản vi phạm", "số xi măng",
  "số di động" and "số mm mưa" keep their words;
* a capital numeral that is a Vietnamese syllable is left before another capital word, so the
  headline "CÁC KHOẢN VI PHẠM" keeps "VI".

A list after one trigger is read whole ("khóa XIV và XV"). A quarter with its year
("quý III/2024", "quý 3/2024") is read "quý ba năm hai nghìn không trăm hai mươi tư".
"""
from __future__ import annotations

import re

from vntext.abbreviations import is_vietnamese_syllable
from vntext.numbers import read_cardinal, read_ordinal

__all__ = ["read_roman_after_names", "read_roman_numerals", "roman_to_int"]

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

# Triggers read with the cardinal number. Both spellings of the tone mark are in use
# ("khóa"/"khoá", "kỷ"/"kỉ", "quý"/"quí").
_TEXT_PART_TRIGGERS = r"chương|phần|mục|phụ lục|đoạn|khoản|tập|số"
_CARDINAL_TRIGGERS = (
    r"khóa|khoá|đại hội|thế k[ỷỉ]|qu[ýí]|trung ương|quân khu|quân đoàn|báo động"
    r"|giai đoạn|đợt|k[ỳì]|vùng|khu vực|cấp|nhóm|loại|năm"
)
# Abbreviated triggers match in this exact case only.
_ABBREVIATED_TRIGGERS = r"ĐH|TW|T\.Ư|TƯ|QK"
_RANK_TRIGGERS = r"hạng|giải"
_ORDINAL_TRIGGERS = r"thứ"
# Read "thứ" + the ordinal: "Thế chiến II" = "thế chiến thứ hai".
_WAR_TRIGGERS = r"thế chiến|chiến tranh thế giới"
_TEXT_PART = re.compile(rf"(?i:{_TEXT_PART_TRIGGERS})")
_YEAR_TRIGGER = "năm"

# The strict grammar up to MMMCMXCIX, all in capitals or all in small letters.
_UPPER_ROMAN = r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_VALID_NUMERAL = re.compile(rf"(?=.)(?:{_UPPER_ROMAN}|{_UPPER_ROMAN.lower()})")
_HUNDREDS_LETTERS = frozenset("CDMcdm")
# Small-letter numerals that are also a Vietnamese syllable or a unit symbol.
_WORD_LIKE = frozenset({"i", "vi", "xi", "li", "ci", "di", "mi", "cm", "mm", "ml", "cl", "dl"})
_LIST_SEPARATOR = r"(?:\s*,\s*|\s+và\s+|\s*[-–]\s*|\s+đến\s+)"
_SEPARATOR_SPLIT = re.compile(rf"({_LIST_SEPARATOR})")

# A candidate is a run of roman letters standing alone (then checked against the grammar and
# for a trigger before it). It starts with its letters so the engine can skip to them.
_CANDIDATE = re.compile(
    r"[IVXLCDMivxlcdm](?<![^\W_].)[IVXLCDMivxlcdm]*(?![^\W_])"
    rf"(?:{_LIST_SEPARATOR}[IVXLCDMivxlcdm]+(?![^\W_]))*"
    r"(?:/(?P<year>(?:19|20)\d\d)(?!\d))?"
)
_TRIGGER_BEFORE = re.compile(
    rf"(?<![^\W_])(?P<trigger>(?i:{_TEXT_PART_TRIGGERS}|{_CARDINAL_TRIGGERS}|{_RANK_TRIGGERS}"
    rf"|{_ORDINAL_TRIGGERS}|{_WAR_TRIGGERS})|{_ABBREVIATED_TRIGGERS})[ \t\u00a0]+\Z"
)
_WORD_AFTER = re.compile(r"[ \t\u00a0]+([^\W\d_]+)")
_QUARTER_IN_DIGITS = re.compile(r"(?P<quarter>[1-4])(?<![^\W_].)/(?P<year>(?:19|20)\d\d)(?!\d)")
_QUARTER_BEFORE = re.compile(r"(?<![^\W_])(?i:qu[ýí])[ \t\u00a0]+\Z")
_RANK_WORDS = {1: "nhất", 2: "nhì", 3: "ba", 4: "tư"}
# A numeral of I, V and X up to 39 after a capitalised word or an acronym; checked further by
# ``_name_numeral``. The letters come first so the engine skips straight to them.
_NAME_NUMERAL = re.compile(
    r"(?<![^\W_])(?P<name>[A-ZĐ][^\W_]*)(?P<space>[ \t]+)"
    r"(?P<numeral>(?=[IVX])(?:XXX|XX|X)?(?:IX|IV|VI{0,3}|I{1,3})?)(?![^\W_])"
)
_ROYAL_TITLE_BEFORE = re.compile(
    r"(?<![^\W_])(?i:vua|nhà vua|nữ hoàng|hoàng đế|giáo hoàng|quốc vương|nữ vương|hoàng tử|công chúa"
    r"|thái tử|hoàng hậu|sa hoàng|pharaoh)[ \t]+(?:[A-Z][^\W\d_]*[ \t]+){1,3}\Z"
)


def roman_to_int(numeral: str) -> int:
    """Value of a well-formed roman numeral (either case).

    >>> roman_to_int("XIV"), roman_to_int("mmxxiii")
    (14, 2023)
    """
    values = [_ROMAN_VALUES[letter] for letter in numeral.upper()]
    total = 0
    for index, value in enumerate(values):
        if index + 1 < len(values) and value < values[index + 1]:
            total -= value
        else:
            total += value
    return total


def _is_numeral_for(trigger: str, numeral: str) -> bool:
    """True when ``numeral`` is a roman numeral that may follow ``trigger``.

    >>> _is_numeral_for("mục", "cd"), _is_numeral_for("loại", "C"), _is_numeral_for("phần", "MC")
    (True, False, False)
    """
    if not _VALID_NUMERAL.fullmatch(numeral):
        return False
    if trigger.lower() == _YEAR_TRIGGER:
        return len(numeral) > 1 and numeral[0] in "Mm" and (numeral.islower() or len(numeral) > 2)
    if _HUNDREDS_LETTERS.isdisjoint(numeral):
        return True
    if len(numeral) == 1 or not _TEXT_PART.fullmatch(trigger):
        return False
    return numeral.islower() or len(numeral) > 2 or numeral == "XC"


def _reads_as_words(numeral: str, text: str, end: int) -> bool:
    """True when a numeral is more likely a word of the sentence that goes on after it.

    >>> _reads_as_words("vi", "các khoản vi phạm", 12), _reads_as_words("vi", "khoản vi.", 8)
    (True, False)
    """
    if numeral.islower() and len(numeral) > 1 and numeral not in _WORD_LIKE:
        return False
    if numeral.isupper() and numeral.lower() not in ("vi", "xi", "li", "mi", "di", "ci"):
        return False
    following = _WORD_AFTER.match(text, end)
    if following is None:
        return False
    word = following.group(1)
    return word[0].islower() if numeral.islower() else len(word) > 1 and word.isupper()


def _read_for_trigger(trigger: str, value: int) -> str:
    """Words for a numeral after a given trigger.

    >>> _read_for_trigger("hạng", 2), _read_for_trigger("lần thứ", 4), _read_for_trigger("khóa", 4)
    ('nhì', 'tư', 'bốn')
    """
    lowered = trigger.lower()
    if lowered in ("thế chiến", "chiến tranh thế giới"):
        return "thứ " + read_ordinal(value)
    if lowered in ("hạng", "giải"):
        return _RANK_WORDS.get(value) or read_cardinal(value)
    if lowered.endswith("thứ"):
        return read_ordinal(value)
    return read_cardinal(value)


def _read_year(year: str | None) -> str:
    return f" năm {read_cardinal(int(year))}" if year else ""


def _replace_candidate(match: re.Match[str]) -> str:
    text, start = match.string, match.start()
    before = _TRIGGER_BEFORE.search(text, max(0, start - 24), start)
    if before is None:
        return match.group(0)
    trigger, year = before.group("trigger"), match.group("year")
    written = match.group(0)
    if year:
        written = written[: -len(year) - 1]
    parts = _SEPARATOR_SPLIT.split(written)
    last = len(parts) - 1
    words: list[str] = []
    for index in range(0, len(parts), 2):
        part = parts[index]
        if not _is_numeral_for(trigger, part) or (
            index == last and not year and _reads_as_words(part, text, match.end())
        ):
            if index == 0:
                return match.group(0)
            # Read the list up to the first word that is not a numeral, keep the rest.
            return "".join(words) + "".join(parts[index - 1 :]) + ("/" + year if year else "")
        if index:
            words.append(parts[index - 1])
        words.append(_read_for_trigger(trigger, roman_to_int(part)))
    if year and trigger.lower() in ("quý", "quí"):
        words.append(_read_year(year))
    elif year:
        words.append("/" + year)
    return "".join(words)


def read_roman_numerals(text: str) -> str:
    """Read roman numerals that follow a trigger word; leave every other capital word alone.

    >>> read_roman_numerals("Quốc hội khóa XV khai mạc kỳ họp thứ VIII, thông qua khoản IV")
    'Quốc hội khóa mười lăm khai mạc kỳ họp thứ tám, thông qua khoản bốn'
    """
    text = _CANDIDATE.sub(_replace_candidate, text)
    text = read_roman_after_names(text)
    return read_quarter_of_year(text)


def _name_numeral(match: re.Match[str]) -> str:
    text, end = match.string, match.end()
    name, numeral = match["name"], match["numeral"]
    unchanged = match.group(0)
    if numeral in ("V", "X") or (name.isupper() and is_vietnamese_syllable(name)):
        return unchanged  # an initial ("Nguyễn Văn V") or a headline in capitals ("HÀNH VI")
    if is_vietnamese_syllable(numeral) and is_vietnamese_syllable(name):
        return unchanged  # a Vietnamese name written in capitals ("Nguyễn Văn VI")
    following = _WORD_AFTER.match(text, end)
    if following and following.group(1)[0].isupper():
        return unchanged  # part of a longer name ("CLB XI Quảng Trị") or a headline
    value = roman_to_int(numeral)
    if _ROYAL_TITLE_BEFORE.search(text, max(0, match.start() - 40), end - len(numeral)):
        spoken = "thứ " + read_ordinal(value)
    else:
        spoken = read_cardinal(value)
    return name + match["space"] + spoken


def read_roman_after_names(text: str) -> str:
    """Read a roman numeral of two letters or more (or "I") after a name: a monarch, a sequel, an
    industrial park, a department. After a royal title it is the ordinal ("thứ hai"). A single V or
    X after a name is an initial ("Nguyễn Văn V"), and numerals with L, C, D or M are sizes and
    acronyms ("XL"), so they are left; so is a numeral before another capitalised word (a longer
    name, a headline) and a syllable such as "VI" after a Vietnamese name ("Nguyễn Văn VI").

    >>> read_roman_after_names("Nữ hoàng Elizabeth II dự lễ; vệ tinh GPS III; KCN Đức Hòa III")
    'Nữ hoàng Elizabeth thứ hai dự lễ; vệ tinh GPS ba; KCN Đức Hòa ba'
    >>> read_roman_after_names("Anh Nguyễn Văn V khai; áo cỡ XL; HÀNH VI VI PHẠM")
    'Anh Nguyễn Văn V khai; áo cỡ XL; HÀNH VI VI PHẠM'
    """
    if not any(letter in text for letter in "IVX"):
        return text
    return _NAME_NUMERAL.sub(_name_numeral, text)


def read_quarter_of_year(text: str) -> str:
    """Read a quarter written with digits and its year.

    >>> read_quarter_of_year("Doanh thu quý 3/2024 tăng")
    'Doanh thu quý ba năm hai nghìn không trăm hai mươi tư tăng'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start = match.string, match.start()
        if not _QUARTER_BEFORE.search(source, max(0, start - 8), start):
            return match.group(0)
        return read_cardinal(int(match.group("quarter"))) + _read_year(match.group("year"))

    if "/" not in text:
        return text
    return _QUARTER_IN_DIGITS.sub(spoken, text)

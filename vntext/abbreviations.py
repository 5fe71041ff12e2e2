"""Abbreviations of Vietnamese public life and unknown acronyms, read the way a newsreader says them.

Three rules, applied in this order by ``expand_abbreviations``:

1. ``expand_listed_abbreviations``: the shipped list ``vntext/data/abbreviations.tsv``
   ("UBND" → "ủy ban nhân dân"), case-sensitive, whole words, longest first.
2. ``expand_abbreviations_in_context``: the ambiguous ones, decided by their neighbours
   (CA, CP, ĐH, ĐT, SN, road numbers "QL1A", and "Q." / "P." before a number or a name).
3. ``spell_acronyms``: any other all-capital word of 2–6 letters is spelled with Vietnamese
   letter names ("BIDV" → "bê i dê vê"). Time zones after a clock time are acronyms like any
   other and are spelled the same way, as a newsreader says them: "9:00 UTC" is "chín giờ u tê
   xê", "15 giờ GMT" is "mười lăm giờ giê em mờ tê".

Letter names (the names taught in Vietnamese schools, as newsreaders spell acronyms):
A a, Ă á, Â ớ, B bê, C xê, D dê, Đ đê, E e, Ê ê, F ép, G giê, H hát, I i, J gi, K ca,
L e lờ, M em mờ, N en nờ, O o, Ô ô, Ơ ơ, P pê, Q quy, R e rờ, S ét, T tê, U u, Ư ư, V vê,
W vê kép, X ích, Y i dài, Z dét.

Capitalised Vietnamese words are protected: a word that could be a Vietnamese syllable
("VI", "NAM", "TU") is left as written when it stands next to another capitalised word, as in
the headline "HÀNH VI VI PHẠM" or "VIỆT NAM". Roman numerals made of I, V and X are never
spelled (``vntext.roman`` reads them after trigger words).
"""
from __future__ import annotations

import re
from importlib.resources import files

from vntext.lexicon import parse_lexicon
from vntext.numbers import read_cardinal

__all__ = [
    "ABBREVIATIONS",
    "LETTER_NAMES",
    "expand_abbreviations",
    "expand_abbreviations_in_context",
    "expand_listed_abbreviations",
    "spell_acronyms",
    "spell_letters",
]

ABBREVIATIONS: dict[str, str] = parse_lexicon(
    files("vntext").joinpath("data/abbreviations.tsv").read_text(encoding="utf-8")
)

LETTER_NAMES = {
    "A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e",
    "Ê": "ê", "F": "ép", "G": "giê", "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e lờ",
    "M": "em mờ", "N": "en nờ", "O": "o", "Ô": "ô", "Ơ": "ơ", "P": "pê", "Q": "quy",
    "R": "e rờ", "S": "ét", "T": "tê", "U": "u", "Ư": "ư", "V": "vê", "W": "vê kép",
    "X": "ích", "Y": "i dài", "Z": "dét",
}  # fmt: skip

_LOWER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
_UPPER = _LOWER.upper()
_ACRONYM_LETTERS = "".join(LETTER_NAMES)

# A word touches the match when a letter or digit is right next to it.
_START = r"(?<![^\W_])"
_END = r"(?![^\W_])"

_SENTENCE_END = ".!?…\n"
_OPENERS = " \t\"“‘'([«-–—"  # newline excluded: it ends the walk back
_CAPS_WORD_BEFORE = re.compile(rf"(?<![^\W_])[{_UPPER}]+[ \t]+\Z")
_CAPS_WORD_AFTER = re.compile(rf"[ \t]+[{_UPPER}]+(?![^\W_])")
_WORD_BEFORE = re.compile(r"(\S+)\s*\Z")

_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"(?:uyê|uya|uyu|ươi|ươu|uôi|iêu|yêu|oai|oay|oeo|uây|iê|yê|uô|ươ|ưu|ưa|ưi|ai|ao|au|ay|âu|ây"
    r"|eo|êu|ia|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uơ|uy|[aăâeêioôơuưy])"
    r"(?:ng|nh|ch|[cmnpt])?"
)


def is_vietnamese_syllable(word: str) -> bool:
    """True when a capitalised word could be read as one Vietnamese syllable.

    >>> is_vietnamese_syllable("NAM"), is_vietnamese_syllable("BIDV")
    (True, False)
    """
    return _SYLLABLE.fullmatch(word.lower()) is not None


def _next_to_caps_word(text: str, start: int, end: int) -> bool:
    """True when another all-capital word stands right before or after text[start:end]."""
    if _CAPS_WORD_BEFORE.search(text, max(0, start - 40), start):
        return True
    return _CAPS_WORD_AFTER.match(text, end) is not None


def _opens_sentence(text: str, start: int) -> bool:
    """True when position ``start`` begins a sentence or a line (opening quotes skipped)."""
    index = start - 1
    while index >= 0 and text[index] in _OPENERS:
        index -= 1
    if index < 0 or text[index] in _SENTENCE_END[1:]:
        return True
    if text[index] != ".":
        return False
    word = _WORD_BEFORE.search(text, max(0, index - 40), index + 1)
    # "GS. TS. Lê Văn A", "Hồ Văn T. (SN 1990)": a dot closing an abbreviation or an initial
    # does not end the sentence.
    return not (word and (word.group(1) in ABBREVIATIONS or len(word.group(1)) == 2))


def _as_written_at(text: str, start: int, spoken: str) -> str:
    """Capitalise an expansion that opens a sentence."""
    if spoken and _opens_sentence(text, start):
        return spoken[0].upper() + spoken[1:]
    return spoken


def _trie_pattern(words: list[str]) -> str:
    r"""A regex alternation of ``words`` factored by common prefixes, longest match first.

    >>> print(_trie_pattern(["TP", "TP.HCM", "TX"]))
    T(?:P(?:\.HCM)?|X)
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict) -> str:
    ends_here = "" in node
    branches = [re.escape(char) + _node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        if len(branches) == 1 and len(body) > 1 and not body.startswith("(?:"):
            body = "(?:" + body + ")"
        return body + "?"
    return body


_LISTED = re.compile(rf"{_START}(?P<abbr>{_trie_pattern(list(ABBREVIATIONS))})(?:(?<=\.)|{_END})")
_SYLLABLE_ENTRIES = frozenset(a for a in ABBREVIATIONS if is_vietnamese_syllable(a))
_CAN_END_SENTENCE = frozenset({"v.v."})
_NEXT_STARTS_SENTENCE = re.compile(rf"\s*(?:\Z|\n|\s[\"“(]?[{_UPPER}])")


def _replace_listed(match: re.Match[str]) -> str:
    text, abbreviation = match.string, match.group("abbr")
    start, end = match.span()
    if abbreviation in _SYLLABLE_ENTRIES and _next_to_caps_word(text, start, end):
        return abbreviation
    spoken = _as_written_at(text, start, ABBREVIATIONS[abbreviation])
    if abbreviation.endswith("."):
        following = _NEXT_STARTS_SENTENCE.match(text, end)
        if following and (abbreviation in _CAN_END_SENTENCE or not following.group(0).strip(" \t")):
            spoken += "."
        elif end < len(text) and (text[end].isalnum()):
            spoken += " "
    return spoken


def expand_listed_abbreviations(text: str) -> str:
    """Expand the abbreviations of the shipped list; a sentence-opening one is capitalised.

    >>> expand_listed_abbreviations("UBND tỉnh chỉ đạo đẩy nhanh GPMB. HTX Triệu Thành đạt và vượt KH.")
    'Ủy ban nhân dân tỉnh chỉ đạo đẩy nhanh giải phóng mặt bằng. Hợp tác xã Triệu Thành đạt và vượt kế hoạch.'
    """
    return _LISTED.sub(_replace_listed, text)


# --- Abbreviations read by their context

# Patterns start with their literal letters and look behind afterwards, so the regex engine can
# skip ahead to those letters instead of trying every position of the text.
_ROAD = re.compile(
    rf"(?P<kind>QL|ĐT|ĐH|TL)(?<![^\W_]..)[ .]?(?P<number>\d{{1,3}})(?P<letter>[A-Z]?){_END}"
)
_ROAD_NAMES = {"QL": "quốc lộ", "ĐT": "đường tỉnh", "ĐH": "đường huyện", "TL": "tỉnh lộ"}

_ADMIN_UNIT = (
    r"tỉnh|huyện|thành phố|thị xã|thị trấn|xã|phường|quận|các|Quảng Trị|TP|TX|H\.|[Tt]hủ đô"
)
_POLICE = re.compile(rf"CA(?<![^\W_]CA){_END}")
_POLICE_RANK_BEFORE = re.compile(
    rf"{_START}(?:[Gg]iám đốc|[Tt]rưởng|[Ll]ực lượng|[Cc]án bộ|[Cc]hiến sĩ|[Đđ]ội|[Pp]hòng|[Bb]ộ"
    rf"|[Cc]ục) \Z"
)
_POLICE_UNIT_AFTER = re.compile(rf" (?:{_ADMIN_UNIT}){_END}")
_PHONE_OR_TEAM = re.compile(
    r"ĐT(?<![^\W_]ĐT)(?=\s*:|\s+\(?0\d|(?P<team> (?:Việt Nam|quốc gia|U\d)))"
)
_CONGRESS_NEXT = (
    r"Đảng|đại biểu|Đoàn|Hội|Công đoàn|[Cc]hi bộ|lần|nhiệm kỳ|toàn quốc|thi đua|Mặt trận|"
    r"[IVXL]+|mười|hai mươi|\d"
)
_CONGRESS_OR_UNIVERSITY = re.compile(
    rf"ĐH(?<![^\W_]ĐH){_END}(?:(?= (?:{_CONGRESS_NEXT}){_END})(?P<congress>)|)"
)
_JOINT_STOCK = re.compile(rf"CP(?<![^\W_]CP){_END}")
_COMPANY_BEFORE = re.compile(r"(?:[Cc]ông ty|C[Tt]y) \Z")
_BIRTH_YEAR = re.compile(rf"SN(?<![^\W_]SN)(?= (?:19|20)\d\d{_END})")
_DISTRICT_OR_WARD = re.compile(rf"(?P<unit>[QP])(?<![^\W_][QP])\. ?(?=\d|[{_UPPER}][{_LOWER}])")
_TITLE_CASE_WORD_BEFORE = re.compile(rf"[{_UPPER}][{_LOWER}]+ \Z")


def read_road_numbers(text: str) -> str:
    """Read road numbers: quốc lộ, đường tỉnh, đường huyện, tỉnh lộ.

    >>> read_road_numbers("Sạt lở trên QL9 và ĐT 585, cầu trên QL1A thông xe")
    'Sạt lở trên quốc lộ chín và đường tỉnh năm trăm tám mươi lăm, cầu trên quốc lộ một A thông xe'
    """

    def spoken(match: re.Match[str]) -> str:
        words = _ROAD_NAMES[match.group("kind")] + " " + read_cardinal(int(match.group("number")))
        if match.group("letter"):
            words += " " + match.group("letter")
        return _as_written_at(match.string, match.start(), words)

    if not any(kind in text for kind in _ROAD_NAMES):
        return text
    return _ROAD.sub(spoken, text)


def read_police(text: str) -> str:
    """Read CA as "công an" only next to a unit or a police rank.

    >>> read_police("Giám đốc CA tỉnh cùng CA huyện Gio Linh khám nghiệm hiện trường")
    'Giám đốc công an tỉnh cùng công an huyện Gio Linh khám nghiệm hiện trường'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start, end = match.string, match.start(), match.end()
        if _POLICE_UNIT_AFTER.match(source, end) or _POLICE_RANK_BEFORE.search(
            source, max(0, start - 20), start
        ):
            return _as_written_at(source, start, "công an")
        return match.group(0)

    if "CA" not in text:
        return text
    return _POLICE.sub(spoken, text)


def read_phone_or_team(text: str) -> str:
    """Read ĐT as "điện thoại" before a phone number, "đội tuyển" before a team.

    >>> read_phone_or_team("Mọi thông tin liên hệ ĐT: 0233 3852 123. ĐT Việt Nam thắng")
    'Mọi thông tin liên hệ điện thoại: 0233 3852 123. Đội tuyển Việt Nam thắng'
    """

    def spoken(match: re.Match[str]) -> str:
        words = "đội tuyển" if match.group("team") else "điện thoại"
        return _as_written_at(match.string, match.start(), words)

    if "ĐT" not in text:
        return text
    return _PHONE_OR_TEAM.sub(spoken, text)


def read_congress_or_university(text: str) -> str:
    """Read ĐH as "đại hội" before a congress word, otherwise "đại học".

    >>> read_congress_or_university("ĐH Đảng bộ tỉnh lần thứ XVII; sinh viên ĐH Huế")
    'Đại hội Đảng bộ tỉnh lần thứ XVII; sinh viên đại học Huế'
    """

    def spoken(match: re.Match[str]) -> str:
        words = "đại hội" if match.group("congress") is not None else "đại học"
        return _as_written_at(match.string, match.start(), words)

    if "ĐH" not in text:
        return text
    return _CONGRESS_OR_UNIVERSITY.sub(spoken, text)


def read_joint_stock_or_government(text: str) -> str:
    """Read CP as "cổ phần" after "công ty", otherwise "Chính phủ".

    >>> read_joint_stock_or_government("Công ty CP Môi trường thực hiện theo chỉ đạo của CP")
    'Công ty cổ phần Môi trường thực hiện theo chỉ đạo của Chính phủ'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start = match.string, match.start()
        if _COMPANY_BEFORE.search(source, max(0, start - 10), start):
            return "cổ phần"
        return _as_written_at(source, start, "Chính phủ")

    if "CP" not in text:
        return text
    return _JOINT_STOCK.sub(spoken, text)


def read_birth_year(text: str) -> str:
    """Read SN before a year as "sinh năm".

    >>> read_birth_year("Đối tượng Hồ Văn T. (SN 1992, trú xã Hướng Phùng)")
    'Đối tượng Hồ Văn T. (sinh năm 1992, trú xã Hướng Phùng)'
    """
    if "SN" not in text:
        return text
    return _BIRTH_YEAR.sub("sinh năm", text)


def read_district_and_ward(text: str) -> str:
    """Read "Q." and "P." as quận and phường before a number or a place name, not after a name.

    >>> read_district_and_ward("Trụ sở tại P. Đông Lương; anh Trần Văn P. Đông cho biết")
    'Trụ sở tại phường Đông Lương; anh Trần Văn P. Đông cho biết'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start = match.string, match.start()
        if _TITLE_CASE_WORD_BEFORE.search(source, max(0, start - 30), start):
            return match.group(0)
        words = "quận " if match.group("unit") == "Q" else "phường "
        return _as_written_at(source, start, words)

    if "Q." not in text and "P." not in text:
        return text
    return _DISTRICT_OR_WARD.sub(spoken, text)


def expand_abbreviations_in_context(text: str) -> str:
    """Expand the ambiguous abbreviations whose reading depends on their neighbours.

    >>> expand_abbreviations_in_context("CA huyện Hải Lăng phối hợp sửa QL1A")
    'Công an huyện Hải Lăng phối hợp sửa quốc lộ một A'
    """
    text = read_road_numbers(text)
    for rule in _CONTEXT_RULES:
        text = rule(text)
    return text


_CONTEXT_RULES = (
    read_police,
    read_phone_or_team,
    read_congress_or_university,
    read_joint_stock_or_government,
    read_birth_year,
    read_district_and_ward,
)


# --- Unknown acronyms

_ACRONYM = re.compile(
    rf"[{_ACRONYM_LETTERS}](?<![^\W_][{_ACRONYM_LETTERS}])[{_ACRONYM_LETTERS}]{{1,5}}{_END}"
)
_ROMAN_LOOKING = re.compile(r"[IVX]+")


def spell_letters(acronym: str) -> str:
    """Spell an acronym with Vietnamese letter names.

    >>> spell_letters("BIDV")
    'bê i dê vê'
    """
    return " ".join(LETTER_NAMES[letter] for letter in acronym)


def _replace_acronym(match: re.Match[str]) -> str:
    word, text = match.group(0), match.string
    if _ROMAN_LOOKING.fullmatch(word):
        return word
    if is_vietnamese_syllable(word) and _next_to_caps_word(text, *match.span()):
        return word
    return _as_written_at(text, match.start(), spell_letters(word))


def spell_acronyms(text: str) -> str:
    """Spell unknown all-capital words of 2–6 letters; keep capitalised Vietnamese words.

    >>> spell_acronyms("Agribank và BIDV hỗ trợ; HÀNH VI VI PHẠM bị xử lý")
    'Agribank và bê i dê vê hỗ trợ; HÀNH VI VI PHẠM bị xử lý'
    """
    return _ACRONYM.sub(_replace_acronym, text)


def expand_abbreviations(text: str) -> str:
    """Read road numbers, expand listed abbreviations, then ambiguous ones, then spell acronyms.

    >>> expand_abbreviations("Đ/c Bí thư TU làm việc với BIDV về vốn cho DN trên QL9")
    'Đồng chí Bí thư tỉnh ủy làm việc với bê i dê vê về vốn cho doanh nghiệp trên quốc lộ chín'
    """
    # Road numbers first, so the listed "QL" does not split "QL.9".
    text = read_road_numbers(text)
    text = expand_listed_abbreviations(text)
    for rule in _CONTEXT_RULES:
        text = rule(text)
    return spell_acronyms(text)

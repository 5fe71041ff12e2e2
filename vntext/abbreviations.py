"""Abbreviations of Vietnamese public life and unknown acronyms, read the way a newsreader says them.

``expand_abbreviations`` applies these rules in order:

1. ``read_road_numbers``: "QL1A", "ĐT 585" (before the list claims "QL" and "ĐT").
2. Context rules for words the list would otherwise claim (``_BEFORE_LIST``): plate series
   after "biển số" and ticker symbols after "mã" or "cổ phiếu" are spelled ("cổ phiếu VND" is
   "cổ phiếu vê en dê"), "VN" before a flight number is spelled, the table ``_OVERRIDES``
   (QH, PV, BTV, BCT, BTC, TBT, THA read otherwise next to the words that say so; CT, BT, TN,
   BĐ, ĐC, ĐK read only there), the field of a provincial department after "Sở" ("Sở TC" is "Sở
   tài chính", ``DEPARTMENT_FIELDS``), BKS of a company (ban kiểm soát) or of a vehicle (biển
   kiểm soát), BBT, and KS, LS and BS by the word after them (a surname, a place, a plate).
   Document numbers ("1520/QĐ-UBND") are read earlier, by ``vntext.documents``.
3. ``expand_listed_abbreviations``: the shipped lists ``vntext/data/abbreviations-<field>.tsv``
   ("UBND" → "ủy ban nhân dân"), case-sensitive, whole words, longest first. "-" and "&" inside
   an abbreviation also match an en dash and a space on either side ("GD - ĐT", "VH - TT&DL").
4. Context rules for ambiguous words that are not listed (``_AFTER_LIST``): CA, CS, CP, CĐ, CK,
   CN, ĐH, ĐT, KL, SN and "Q." / "P." / "H." before a number or a name. A title listed with its
   full stop ("KS.", "CN.") is only a title before a name.
5. ``spell_acronyms``: any other all-capital word of 2–6 letters is spelled with Vietnamese
   letter names ("BIDV" → "bê i dê vê"); acronyms joined by a dash are spelled one after the
   other, the dash silent ("RT-PCR"). Time zones after a clock time are acronyms like any
   other and are spelled the same way, as a newsreader says them: "9:00 UTC" is "chín giờ u tê
   xê", "15 giờ GMT" is "mười lăm giờ giê em tê".

Foreign acronyms. Vietnamese radio spells most of them with the Vietnamese letter names below
(FBI "ép bê i", CNN "xê en en", CEO "xê e o"), so they need no entry. Those it says as a
word are listed with that word (NATO "na tô", ASEAN "a sê an", UNESCO "u nét xcô", FIFA "phi
pha", SEA Games "xi ghêm"); those with an established Vietnamese name are listed with the name
(EU "Liên minh châu Âu"); WHO is spelled "vê kép hát o", never read as the English word.
Mixed-case names of well-known organisations and events (Interpol, Asiad, Olympic) are listed.

Letter names (the names newsreaders spell acronyms with; where the school name has two
syllables, the short one said on air is used: S "ét", X "ích", M "em", N "en"):
A a, Ă á, Â ớ, B bê, C xê, D dê, Đ đê, E e, Ê ê, F ép, G giê, H hát, I i, J gi, K ca,
L e lờ, M em, N en, O o, Ô ô, Ơ ơ, P pê, Q quy, R e rờ, S ét, T tê, U u, Ư ư, V vê,
W vê kép, X ích, Y i dài, Z dét.

Capitalised Vietnamese words are protected: a word that could be a Vietnamese syllable
("VI", "NAM", "TU") is left as written when it stands next to another capitalised word, as in
the headline "HÀNH VI VI PHẠM" or "VIỆT NAM". Roman numerals made of I, V and X are never
spelled (``vntext.roman`` reads them after trigger words).
"""
from __future__ import annotations

import re
import unicodedata
from importlib.resources import files
from typing import NamedTuple

from vntext.lexicon import parse_lexicon
from vntext.numbers import read_cardinal

__all__ = [
    "ABBREVIATIONS",
    "DEPARTMENT_FIELDS",
    "FIELDS",
    "READ_WITH_THEIR_NUMBER",
    "LETTER_NAMES",
    "expand_abbreviations",
    "expand_abbreviations_in_context",
    "expand_listed_abbreviations",
    "load_fields",
    "read_department_codes",
    "spell_acronyms",
    "spell_letters",
    "spell_tickers",
]

_DATA_PREFIX, _DATA_SUFFIX = "abbreviations-", ".tsv"


def load_fields() -> dict[str, dict[str, str]]:
    """Read the shipped lists, one per field: ``{"state": {"UBND": "ủy ban nhân dân", ...}, ...}``.

    An abbreviation listed in two fields with two different readings is an error.

    >>> load_fields()["justice"]["HĐXX"]
    'hội đồng xét xử'
    """
    fields: dict[str, dict[str, str]] = {}
    seen_in: dict[str, str] = {}
    for item in sorted(files("vntext").joinpath("data").iterdir(), key=lambda entry: entry.name):
        if not (item.name.startswith(_DATA_PREFIX) and item.name.endswith(_DATA_SUFFIX)):
            continue
        field = item.name[len(_DATA_PREFIX) : -len(_DATA_SUFFIX)]
        entries = parse_lexicon(item.read_text(encoding="utf-8"))
        for abbreviation in entries:
            if abbreviation in seen_in:
                raise ValueError(
                    f"{abbreviation!r} is listed in both {seen_in[abbreviation]} and {field}"
                )
            seen_in[abbreviation] = field
        fields[field] = entries
    return fields


FIELDS: dict[str, dict[str, str]] = load_fields()

# Abbreviations read together with the number glued to them, which a rule for letter-digit codes
# should leave to this module: "BĐ3" is "báo động ba", "QK4" "quân khu bốn", "CMT8" "Cách mạng
# tháng Tám", "SĐ312" "sư đoàn ba trăm mười hai".
READ_WITH_THEIR_NUMBER: frozenset[str] = frozenset({"BĐ", "QK", "SĐ", "CMT"})
ABBREVIATIONS: dict[str, str] = {
    abbreviation: spoken for entries in FIELDS.values() for abbreviation, spoken in entries.items()
}

LETTER_NAMES = {
    "A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e",
    "Ê": "ê", "F": "ép", "G": "giê", "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e lờ",
    "M": "em", "N": "en", "O": "o", "Ô": "ô", "Ơ": "ơ", "P": "pê", "Q": "quy",
    "R": "e rờ", "S": "ét", "T": "tê", "U": "u", "Ư": "ư", "V": "vê", "W": "vê kép",
    "X": "ích", "Y": "i dài", "Z": "dét",
}  # fmt: skip

_LOWER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
_UPPER = _LOWER.upper()
_ACRONYM_LETTERS = "".join(LETTER_NAMES)

# A word touches the match when a letter or digit is right next to it.
_START = r"(?<![^\W_])"
_END = r"(?![^\W_])"
_WORD_CHAR = re.compile(r"[^\W_]")

_SENTENCE_END = ".!?…\n"
_OPENERS = " \t\"“‘'([«-–—"  # newline excluded: it ends the walk back
# In a headline in capitals, words may be apart by a colon, a dash or a number ("QUẢNG TRỊ: HƠN
# 2.000 HỘ DÂN BỊ NGẬP").
_CAPS_WORD_BEFORE = re.compile(rf"(?<![^\W_])(?P<word>[{_UPPER}]+)[ \t]*[:–-]?[ \t]+(?:[\d.,%]+[ \t]+)?\Z")
_CAPS_WORD_AFTER = re.compile(rf"[ \t]*[:–-]?[ \t]+(?:[\d.,%]+[ \t]+)?(?P<word>[{_UPPER}]+)(?![^\W_])")
_WORD_BEFORE = re.compile(r"(\S+)\s*\Z")

_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"(?:uyê|uya|uyu|ươi|ươu|uôi|iêu|yêu|oai|oay|oeo|uây|iê|yê|uô|ươ|ưu|ưa|ưi|ai|ao|au|ay|âu|ây"
    r"|eo|êu|ia|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uơ|uy|[aăâeêioôơuưy])"
    r"(?:ng|nh|ch|[cmnpt])?"
)


# The five tone marks, which change no letter of the syllable ("THỨ" is written like "THƯ").
_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))


def is_vietnamese_syllable(word: str) -> bool:
    """True when a capitalised word could be read as one Vietnamese syllable, whatever its tone.

    >>> is_vietnamese_syllable("NAM"), is_vietnamese_syllable("THỨ"), is_vietnamese_syllable("BIDV")
    (True, True, False)
    """
    lower = word.lower()
    if not lower.isascii():
        lower = unicodedata.normalize("NFC", unicodedata.normalize("NFD", lower).translate(_TONE_MARKS))
    return _SYLLABLE.fullmatch(lower) is not None


def _next_to_caps_word(text: str, start: int, end: int) -> bool:
    """True when another capitalised Vietnamese word stands right before or after text[start:end],
    as in a headline in capitals; an acronym next to it ("BCH TƯ") makes no headline.

    >>> _next_to_caps_word("HÀNH VI VI PHẠM", 5, 7), _next_to_caps_word("Hội nghị BCH TƯ Đảng", 13, 15)
    (True, False)
    """
    before = _CAPS_WORD_BEFORE.search(text, max(0, start - 40), start)
    if before and is_vietnamese_syllable(before["word"]):
        return True
    after = _CAPS_WORD_AFTER.match(text, end)
    return after is not None and is_vietnamese_syllable(after["word"])


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


# Inside an abbreviation, "-" also matches an en dash, and "-" or "&" may have a space on either side.
_SEPARATOR_PATTERNS = {"-": r"\ ?[-–]\ ?", "&": r"\ ?&\ ?"}
_SPACED_SEPARATOR = re.compile(r" ?([-–&]) ?")


def _char_pattern(char: str) -> str:
    return _SEPARATOR_PATTERNS.get(char) or re.escape(char)


def _listed_form(written: str) -> str:
    """The listed spelling of a matched abbreviation: "GD – ĐT" is listed as "GD-ĐT".

    >>> _listed_form("VH - TT & DL")
    'VH-TT&DL'
    """
    if written in ABBREVIATIONS:
        return written
    return _SPACED_SEPARATOR.sub(lambda m: "-" if m.group(1) in "-–" else "&", written)


def _node_pattern(node: dict) -> str:
    ends_here = "" in node
    branches = [_char_pattern(char) + _node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        if len(branches) == 1 and len(body) > 1 and not body.startswith("(?:"):
            body = "(?:" + body + ")"
        return body + "?"
    return body


# The trie comes first so the regex engine can skip to the letters that start an entry; the
# start of the word is checked when a match is found.
_LISTED = re.compile(rf"(?P<abbr>{_trie_pattern(list(ABBREVIATIONS))})(?:(?<=\.)|{_END})")
_SYLLABLE_ENTRIES = frozenset(a for a in ABBREVIATIONS if is_vietnamese_syllable(a))
_CAN_END_SENTENCE = frozenset({"v.v."})
# A title written with its stop stands before a name or another title: "KS. Lê Văn Tâm",
# "TS.BS Phạm Văn Sơn" (where BS may already be read).
_TITLES_WITH_STOP = frozenset(a for a in FIELDS.get("titles", {}) if a.endswith("."))
_NAME_FOLLOWS = re.compile(
    rf"[ \t]*[{_UPPER}]|[{_LOWER}]|[ \t]+(?:bác sĩ|dược sĩ|kỹ sư|luật sư|kiến trúc sư|tiến sĩ|thạc sĩ|giáo sư"
    rf"|phó giáo sư|nghệ sĩ){_END}"
)
# "TP." before one capitalised word and then a lower-case one ends its sentence ("của TP. Xây
# dựng ..."), unless that word is a one-word city: place names are mostly two words or more.
_PLACE_PREFIXES = frozenset({"TP.", "Tp.", "TX.", "Tx.", "TT."})
_SENTENCE_OPENS_AFTER = re.compile(
    rf" (?!(?:Huế|Vinh|Hội An|Sa Pa|HCM){_END})[{_UPPER}][{_LOWER}]* [{_LOWER}]"
)
_NEXT_STARTS_SENTENCE = re.compile(rf"\s*(?:\Z|\n|\s[\"“(]?[{_UPPER}])")


def _replace_listed(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    if start and _WORD_CHAR.match(text, start - 1):
        return match.group(0)
    abbreviation = _listed_form(match.group("abbr"))
    if abbreviation in _TITLES_WITH_STOP and not _NAME_FOLLOWS.match(text, end):
        # "thứ Bảy và CN." ends a sentence: the stop is not a title's.
        return abbreviation
    if abbreviation in _SYLLABLE_ENTRIES and _next_to_caps_word(text, start, end):
        return abbreviation
    spoken = _as_written_at(text, start, ABBREVIATIONS[abbreviation])
    if abbreviation.endswith("."):
        following = _NEXT_STARTS_SENTENCE.match(text, end)
        if following and (
            abbreviation in _CAN_END_SENTENCE
            or not following.group(0).strip(" \t")
            or (abbreviation in _PLACE_PREFIXES and _SENTENCE_OPENS_AFTER.match(text, end))
        ):
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
    r"[Tt]ỉnh|[Hh]uyện|[Tt]hành phố|[Tt]hị xã|[Tt]hị trấn|xã|phường|quận|các|Quảng Trị|TP|TX|H\.|[Tt]hủ đô"
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
_JOINT_STOCK = re.compile(rf"(?:CP|cp)(?<![^\W_]..){_END}")
_COMPANY_BEFORE = re.compile(r"(?:[Cc]ông ty|C[Tt]y) \Z")
# A count or a price of shares: "2 triệu CP", "25.000 đồng/cp" (or "đồng một cp" once the
# per-unit rule has read the slash).
_SHARES_BEFORE = re.compile(r"(?:\d|[Tt]riệu|nghìn|ngàn|tỷ|tỉ|trăm|vạn) \Z")
_SHARE_PRICE_BEFORE = re.compile(r"(?:đồng ?/ ?|đồng (?:một|mỗi|trên) )\Z")
_BIRTH_YEAR = re.compile(rf"SN(?<![^\W_]SN)(?= (?:19|20)\d\d{_END})")
_DISTRICT_OR_WARD = re.compile(rf"(?P<unit>[QPH])(?<![^\W_][QPH])\. ?(?=\d|[{_UPPER}][{_LOWER}])")
_UNIT_NAMES = {"Q": "quận ", "P": "phường ", "H": "huyện "}
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
    """Read CP as "cổ phần" after "công ty" or a price, "cổ phiếu" after a count, else "Chính phủ".

    Lower-case "cp" is only ever a share, so it is read only after a count or a price.

    >>> read_joint_stock_or_government("Công ty CP Môi trường bán 2 triệu CP theo chỉ đạo của CP")
    'Công ty cổ phần Môi trường bán 2 triệu cổ phiếu theo chỉ đạo của Chính phủ'
    >>> read_joint_stock_or_government("giá 25.000 đồng/cp")
    'giá 25.000 đồng/cổ phần'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start = match.string, match.start()
        if _COMPANY_BEFORE.search(source, max(0, start - 10), start):
            return "cổ phần"
        if _SHARES_BEFORE.search(source, max(0, start - 12), start):
            return "cổ phiếu"
        if _SHARE_PRICE_BEFORE.search(source, max(0, start - 12), start):
            return "cổ phần"
        if match.group(0) == "cp":
            return "cp"
        return _as_written_at(source, start, "Chính phủ")

    if "CP" not in text and "cp" not in text:
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
    """Read "Q.", "P." and "H." as quận, phường and huyện before a number or a place name.

    After a name they are initials ("Trần Văn P.") and stay as written.

    >>> read_district_and_ward("Trụ sở tại P. Đông Lương, H. Gio Linh; anh Trần Văn P. Đông cho biết")
    'Trụ sở tại phường Đông Lương, huyện Gio Linh; anh Trần Văn P. Đông cho biết'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start = match.string, match.start()
        if _TITLE_CASE_WORD_BEFORE.search(source, max(0, start - 30), start):
            return match.group(0)
        return _as_written_at(source, start, _UNIT_NAMES[match.group("unit")])

    if "Q." not in text and "P." not in text and "H." not in text:
        return text
    return _DISTRICT_OR_WARD.sub(spoken, text)


# --- Context rules for words the shipped list would otherwise claim (run before the list)

_SURNAMES = (
    "Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đào|Đoàn|Vương|"
    "Trịnh|Trương|Đinh|Lâm|Phùng|Mai|Tô|Hà|Tạ|Lương|Lưu|Cao|Chu|Châu|Quách|Thái|Tôn|Kiều|La|Lại|"
    "Triệu|Nông|Hứa|Từ|Khúc|Âu|Giang|Thân|Lò|Đàm|Tăng|Diệp|Mạc|Doãn|Nghiêm|Bạch|Tống|Hầu|Lã|"
    "Lục|Lữ|Quan|Mã|Thạch|Tiêu|Ninh|Hàn|Phí|Văn|Khổng|Ông|Viên|Kim|Bế"
)
_SURNAME_AFTER = re.compile(rf" (?:{_SURNAMES}) [{_UPPER}]")
_CAPITALISED_AFTER = re.compile(rf" [{_UPPER}][{_LOWER}]")

# Cheap checks before the context rules: most sentences hold no run of capitals at all.
_TWO_CAPITALS = re.compile(r"[A-ZĐ][A-ZĐ]")
_THREE_CAPITALS = re.compile(r"[A-Z]{3}")
# The letters of a plate after the words that announce one.
_PLATE_SERIES = re.compile(
    r"(?P<words>(?:biển số|biển kiểm soát|BKS|BSX):? )(?P<series>[A-ZĐ]{1,3})(?= ?[-.]?\d)"
)

# Stock tickers: three capitals after "mã" / "cổ phiếu" / an exchange name, and lists of them.
_TICKER_CUES = ("mã", "Mã", "cổ phiếu", "Cổ phiếu", "HOSE:", "HoSE:", "HNX:", "UPCoM:", "UPCOM:")
_TICKER = r"[A-Z]{3}(?![^\W_])"
_TICKERS = re.compile(
    rf"(?:[Mm]ã(?<![^\W_].ã)(?: cổ phiếu| chứng khoán| CK)?|[Cc]ổ phiếu(?<![^\W_].ổ phiếu)"
    rf"|HOSE:|HoSE:|HNX:|UPCoM:|UPCOM:)"
    rf" (?P<tickers>{_TICKER}(?:(?:, | và | hoặc | hay |/){_TICKER})*)"
)
_TICKER_WORD = re.compile(r"[A-Z]{3}")
# Listed entries read as a word are not tickers ("mã PIN").
_WORD_READINGS = frozenset({"PIN", "MAX", "COP", "FED", "SARS"})

# Flight numbers: "VN 266", "chuyến bay QH1523": the airline code is spelled.
_AIRLINE_CODE = re.compile(
    r"(?:VN(?<![^\W_]VN)|(?<=[Cc]huyến bay )[A-Z]{2}) ?(?=\d{2,4}(?![\d.,]\d|[^\W_])"
    r"(?! (?:năm|tuổi|người|triệu|tỷ|tỉ|nghìn|ngàn|tấn|ha|km)(?![^\W_])))"
)

# The fields of the provincial departments ("Sở"), as written after "Sở" and inside the code of a
# department ("SYT" is Sở Y tế). Only these short forms: longer ones (GTVT, TN&MT) are listed.
DEPARTMENT_FIELDS: dict[str, str] = {
    "YT": "y tế", "TC": "tài chính", "XD": "xây dựng", "NV": "nội vụ", "TP": "tư pháp",
    "CT": "công thương", "NN": "nông nghiệp", "NgV": "ngoại vụ", "DL": "du lịch", "GD": "giáo dục",
}  # fmt: skip
_DEPARTMENT = re.compile(
    rf"(?<![^\W_])(?P<word>[Ss]ở[ \t]+)(?P<field>{'|'.join(DEPARTMENT_FIELDS)}){_END}(?![ \t]?[&\-–][ \t]?[{_UPPER}])"
)

# BKS of a company is its "ban kiểm soát"; any other BKS is a licence plate (listed).
_SUPERVISORY_BOARD = re.compile(rf"BKS(?<![^\W_]BKS){_END}")
_BOARD_BEFORE = re.compile(
    r"(?:HĐQT|[Hh]ội đồng quản trị|[Tt]rưởng|[Tt]hành viên|[Bb]an Giám đốc|BGĐ|TGĐ)(?:,| và)? \Z"
)

_BBT = re.compile(rf"BBT(?<![^\W_]BBT){_END}")
_SENTENCE_BREAK = re.compile(r"[.!?;\n]")
_PARTY_NEARBY = re.compile(r"Bộ Chính trị|BCT|[Tt]rung ương|TW|TƯ|Đảng|BCH|Ban Chấp hành|[Tt]ỉnh ủy")

_TITLE_OR_PLACE = re.compile(r"(?P<abbr>KS|LS|BS)(?<![^\W_]..)(?![^\W_]|\.)")
_PLATE_AFTER = re.compile(r" ?:? ?\d")
_VEHICLE_BEFORE = re.compile(
    r"(?:xe|ô tô|mô tô|xe máy|tàu|phương tiện|mang|gắn|đeo|treo) \Z"
)


class _Override(NamedTuple):
    """A listed abbreviation read otherwise when its neighbours say so.

    ``before`` must match the words right before it, ``after`` the words right after it,
    ``nearby`` anywhere in the same sentence; any one that is set and matches decides.
    """

    abbreviation: str
    spoken: str
    before: str | None = None
    after: str | None = None
    nearby: str | None = None


_OVERRIDES = (
    # Quốc hội is the default; planning documents are "quy hoạch".
    _Override("QH", "quy hoạch", after=r" (?:chi tiết|chung|phân khu|sử dụng đất|xây dựng|tỷ lệ|1/)"),
    # PetroVietnam's companies keep their brand: "PV GAS", "PV Power".
    _Override(
        "PV", "pê vê",
        after=r" (?:Power|POWER|OIL|Oil|Drilling|Trans|Comtrans|Combank|Coating|Chem|Machino"
        r"|EP|Engineering|Pipe|Shipyard|TEX)(?![^\W_])",
    ),
    # Ban thường vụ is the default; a television presenter is a "biên tập viên".
    _Override(
        "BTV", "biên tập viên",
        before=r"(?:[Nn]ữ|[Nn]am|[Cc]ựu|[Nn]gười|[Đđ]ài|[Kk]ênh) \Z",
        after=r" (?:dẫn|truyền hình|thời sự|của (?:VTV|HTV|VTC|VOV|kênh|[Đđ]ài|chương trình))"
        # or a person's name: two capitalised words that do not name a Party or union body
        rf"| (?!(?:Tỉnh|Huyện|Thành|Thị|Quận|Đảng|Trung|Hội|Liên|Công|Ủy|Ban|Đoàn|Chi|Mặt|Khối)"
        rf"{_END})[{_UPPER}][{_LOWER}]+ [{_UPPER}][{_LOWER}]",
    ),
    # Bộ Chính trị and ban tổ chức are the defaults; ministers and their fields say otherwise.
    _Override(
        "BCT", "Bộ Công Thương",
        before=r"(?:[Bb]ộ trưởng|[Tt]hứ trưởng|[Ll]ãnh đạo|[Vv]ăn phòng) \Z",
        nearby=r"xăng|dầu|điện|EVN|xuất khẩu|nhập khẩu|thương mại|công nghiệp|năng lượng|hàng hóa",
    ),
    # Not listed, as they mean too many things alone; read next to the words that settle them.
    _Override("CT", "công ty", after=rf" (?:TNHH|CP|CPĐT|cổ phần|trách nhiệm){_END}"),
    _Override(
        "CT", "chủ tịch",
        after=r" (?:UBND|HĐND|HĐQT|UBMTTQ|MTTQ|LĐLĐ|nước|Quốc hội|QH|xã|phường|huyện|tỉnh|thành phố|TP)"
        rf"{_END}",
    ),
    _Override(
        "BT", "bí thư",
        after=r" (?:Tỉnh ủy|Huyện ủy|Thành ủy|Thị ủy|Quận ủy|Đảng ủy|Chi bộ|chi bộ|Đảng bộ|TU|HU|ĐU"
        rf"|Tỉnh đoàn|Thành đoàn|Huyện đoàn|Đoàn){_END}",
    ),
    _Override("TN", "tốt nghiệp", after=rf" (?:THPT|trung học|ĐH|đại học){_END}"),
    # "Phó Bí thư TT Tỉnh ủy", "TT HĐND": the standing committee or its member; "TT Y tế": a centre.
    _Override(
        "TT", "thường trực",
        before=r"(?:[Pp]hó [Bb]í thư|[Pp]hó [Cc]hủ tịch|[Ủủ]y viên|[Tt]hành viên) \Z",
        after=r" (?:Tỉnh ủy|Huyện ủy|Thành ủy|Thị ủy|Quận ủy|Đảng ủy|HĐND|UBND|TU|HU|Ban Bí thư|Quốc hội)"
        rf"{_END}",
    ),
    _Override(
        "TT", "trung tâm",
        after=r" (?:Y tế|YT|Văn hóa|VH|Thông tin|Dạy nghề|Hành chính|Phục vụ|Kiểm soát|Điều hành|Thương mại"
        rf"|Giáo dục|GDNN|Huấn luyện|Khuyến nông|Quan trắc|Dự báo|Cứu hộ|Bảo trợ|Phát triển|Nghiên cứu){_END}",
    ),
    # Flood alarm levels: "trên BĐ3", "báo động II".
    _Override("BĐ", "báo động", after=r" ?(?:[123]|I{1,3})(?![^\W_])"),
    _Override("ĐC", "địa chỉ", after=r" ?:"),
    # Bệnh viện ĐK, phòng khám ĐK: "đa khoa".
    _Override("ĐK", "đa khoa", before=r"(?:[Bb]ệnh viện|BV|[Pp]hòng khám|PK|[Tt]rung tâm [Yy] tế) \Z"),
    # Tổng Bí thư is the default; a paper's editor-in-chief and deputy are "tổng biên tập".
    _Override(
        "TBT", "tổng biên tập",
        before=r"(?:[Pp]hó|[Nn]guyên Phó) \Z",
        after=r" (?:báo|[Bb]áo|tạp chí|[Tt]ạp chí|[Đđ]ài|kênh|tờ)(?![^\W_])",
    ),
    # Thi hành án is the default; in health news THA is high blood pressure.
    _Override(
        "THA", "tăng huyết áp",
        nearby=r"bệnh|huyết|tim mạch|đột quỵ|người bệnh|điều trị|tiểu đường|đái tháo đường",
    ),
    _Override(
        "BTC", "Bộ Tài chính",
        before=r"(?:[Bb]ộ trưởng|[Tt]hứ trưởng|[Ll]ãnh đạo|[Vv]ăn phòng) \Z",
        nearby=r"thuế|ngân sách|NSNN|trái phiếu|[Kk]ho bạc|KBNN|tỷ giá|lạm phát|nợ công|tài khóa",
    ),
)
_OVERRIDE_WORD = re.compile(
    rf"(?P<abbr>{'|'.join(sorted({o.abbreviation for o in _OVERRIDES}))}){_END}"
)
_OVERRIDES_OF: dict[str, list[tuple[_Override, re.Pattern[str] | None, re.Pattern[str] | None,
                                   re.Pattern[str] | None]]] = {}
for _override in _OVERRIDES:
    _OVERRIDES_OF.setdefault(_override.abbreviation, []).append(
        (
            _override,
            re.compile(_override.before) if _override.before else None,
            re.compile(_override.after) if _override.after else None,
            re.compile(_override.nearby) if _override.nearby else None,
        )
    )


def _same_sentence(source: str, start: int, end: int, reach: int = 80) -> str:
    """The words of the sentence around source[start:end], at most ``reach`` characters each side."""
    before = _SENTENCE_BREAK.split(source[max(0, start - reach) : start])[-1]
    after = _SENTENCE_BREAK.split(source[end : end + reach])[0]
    return before + " " + after


def read_listed_by_context(text: str) -> str:
    """Read a listed abbreviation otherwise when its neighbours call for it (``_OVERRIDES``).

    >>> read_listed_by_context("Bộ trưởng BCT ký; QH chi tiết 1/500; PV Power; BTV Hoài Anh; BTV Huyện ủy")
    'Bộ trưởng Bộ Công Thương ký; quy hoạch chi tiết 1/500; pê vê Power; biên tập viên Hoài Anh; BTV Huyện ủy'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start, end = match.string, match.start(), match.end()
        if start and _WORD_CHAR.match(source, start - 1):
            return match.group(0)
        for override, before, after, nearby in _OVERRIDES_OF[match.group("abbr")]:
            if (
                (before and before.search(source, max(0, start - 20), start))
                or (after and after.match(source, end))
                or (nearby and nearby.search(_same_sentence(source, start, end)))
            ):
                return _as_written_at(source, start, override.spoken)
        return match.group(0)

    if not _TWO_CAPITALS.search(text):
        return text
    return _OVERRIDE_WORD.sub(spoken, text)


def spell_plate_series(text: str) -> str:
    """Spell the series letters of a plate after "biển số" or "BKS", even listed ones ("BV").

    >>> spell_plate_series("Sà lan mang biển số BV 478 bị bắt giữ")
    'Sà lan mang biển số bê vê 478 bị bắt giữ'
    """
    if "biển" not in text and "BKS" not in text and "BSX" not in text:
        return text
    return _PLATE_SERIES.sub(
        lambda match: match.group("words") + spell_letters(match.group("series")), text
    )


def spell_tickers(text: str) -> str:
    """Spell stock tickers after "mã", "cổ phiếu" or an exchange name, even listed ones.

    >>> spell_tickers("Cổ phiếu VND tăng trần, mã VIC, HPG và KDC giảm")
    'Cổ phiếu vê en dê tăng trần, mã vê i xê, hát pê giê và ca dê xê giảm'
    """

    def spoken(match: re.Match[str]) -> str:
        tickers = match.group("tickers")
        if tickers[:3] in _WORD_READINGS:
            return match.group(0)
        spelled = _TICKER_WORD.sub(lambda word: spell_letters(word.group(0)), tickers)
        return match.group(0)[: match.start("tickers") - match.start()] + spelled

    if not _THREE_CAPITALS.search(text) or not any(cue in text for cue in _TICKER_CUES):
        return text
    return _TICKERS.sub(spoken, text)


def read_flight_numbers(text: str) -> str:
    """Spell the airline code of a flight number: "VN266" is not "Việt Nam 266".

    >>> read_flight_numbers("Chuyến bay VN 266 và chuyến bay QH1523 hạ cánh; EU cho VN 80.000 tấn")
    'Chuyến bay vê en 266 và chuyến bay quy hát 1523 hạ cánh; EU cho VN 80.000 tấn'
    """

    def spoken(match: re.Match[str]) -> str:
        return spell_letters(match.group(0).strip()) + " "

    if "VN" not in text and "huyến bay" not in text:
        return text
    return _AIRLINE_CODE.sub(spoken, text)


def read_department_codes(text: str) -> str:
    """Read the short field of a provincial department after "Sở": "Sở TC" is "Sở tài chính".

    "TP" or "CT" alone mean a city or a chairman; after "Sở" they are a department's field.

    >>> read_department_codes("Sở TC và Sở XD thẩm định; sở TP hướng dẫn; TC của dự án; Sở GD&ĐT")
    'Sở tài chính và Sở xây dựng thẩm định; sở tư pháp hướng dẫn; TC của dự án; Sở GD&ĐT'
    """
    if "ở" not in text:
        return text
    return _DEPARTMENT.sub(lambda match: match["word"] + DEPARTMENT_FIELDS[match["field"]], text)


def read_supervisory_board(text: str) -> str:
    """Read BKS as "ban kiểm soát" next to a company's board; elsewhere it is a licence plate.

    >>> read_supervisory_board("Trưởng BKS công ty; HĐQT và BKS họp; xe mang BKS 43A")
    'Trưởng ban kiểm soát công ty; HĐQT và ban kiểm soát họp; xe mang BKS 43A'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start = match.string, match.start()
        if _BOARD_BEFORE.search(source, max(0, start - 30), start):
            return "ban kiểm soát"
        return match.group(0)

    if "BKS" not in text:
        return text
    return _SUPERVISORY_BOARD.sub(spoken, text)


def read_secretariat_or_editors(text: str) -> str:
    """Read BBT as "Ban Bí thư" near words of the Party, otherwise "ban biên tập" (of a paper).

    >>> read_secretariat_or_editors("Bộ Chính trị, BBT chỉ đạo. Thư bạn đọc gửi BBT")
    'Bộ Chính trị, Ban Bí thư chỉ đạo. Thư bạn đọc gửi ban biên tập'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start, end = match.string, match.start(), match.end()
        near = _PARTY_NEARBY.search(_same_sentence(source, start, end, reach=60))
        words = "Ban Bí thư" if near else "ban biên tập"
        return _as_written_at(source, start, words)

    if "BBT" not in text:
        return text
    return _BBT.sub(spoken, text)


def read_titles_or_places(text: str) -> str:
    """Read KS, LS and BS by the word after them.

    Before a Vietnamese surname they are titles (kỹ sư, luật sư, bác sĩ). KS before another
    name is a hotel ("KS Mường Thanh"); BS before a number or after a vehicle is a plate
    number (biển số); BS is otherwise a doctor. KS and LS with nothing to tell are spelled.

    >>> read_titles_or_places("Ông KS Nguyễn Văn An ở KS Mường Thanh; LS Trần Thị Bình; xe mang BS 29A")
    'Ông kỹ sư Nguyễn Văn An ở khách sạn Mường Thanh; luật sư Trần Thị Bình; xe mang biển số 29A'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start, end = match.string, match.start(), match.end()
        abbreviation = match.group("abbr")
        title = _SURNAME_AFTER.match(source, end) is not None
        if abbreviation == "BS":
            plate = _PLATE_AFTER.match(source, end) or _VEHICLE_BEFORE.search(
                source, max(0, start - 12), start
            )
            words = "biển số" if plate and not title else "bác sĩ"
        elif title:
            words = "kỹ sư" if abbreviation == "KS" else "luật sư"
        elif abbreviation == "KS" and _CAPITALISED_AFTER.match(source, end):
            words = "khách sạn"
        else:
            return abbreviation
        return _as_written_at(source, start, words)

    if "KS" not in text and "LS" not in text and "BS" not in text:
        return text
    return _TITLE_OR_PLACE.sub(spoken, text)


# --- Context rules for ambiguous words that are not listed (run after the list)

_POLICE_BRANCH = re.compile(rf"CS(?<![^\W_]CS){_END}")
_POLICE_BRANCH_AFTER = re.compile(
    rf" (?:PCCC|PC&CC|phòng cháy|QLHC|quản lý hành chính|giao thông|GT|hình sự|HS|kinh tế|KT|điều tra|ĐT"
    rf"|cơ động|CĐ|môi trường|MT|trật tự|TT|khu vực|KV|bảo vệ|ma túy|biển|thi hành án){_END}"
)
_POLICE_UNIT_BEFORE = re.compile(r"(?:Phòng|Cục|Đội|Trung đoàn|Tiểu đoàn|Trại|Bộ Tư lệnh) \Z")
_COLLEGE_OR_UNION = re.compile(rf"CĐ(?<![^\W_]CĐ){_END}")
_COLLEGE_BEFORE = re.compile(
    r"(?:[Tt]rường|hệ|bậc|cấp|học|sinh viên|thi|tuyển sinh|vào|ĐH|đại học)(?:,| và| -| /|/)? \Z"
)
_COLLEGE_AFTER = re.compile(
    r"(?:,| và| -| /|/) ?(?:ĐH|đại học)|"
    r" (?:nghề|Sư phạm|Kỹ thuật|Kinh tế|Du lịch|Nghệ thuật|Văn hóa|Cộng đồng|Công nghệ|Dược)"
)
_UNION_BEFORE = re.compile(
    r"(?:[Cc]hủ tịch|[Pp]hó Chủ tịch|[Pp]hó chủ tịch|[Đđ]oàn viên|[Bb]an [Cc]hấp hành|BCH|[Bb]an "
    r"[Tt]hường vụ|BTV|cán bộ|[Cc]ông đoàn viên|kinh phí|[Tt]ổ chức|LĐLĐ|[Tt]ổng LĐLĐ) \Z"
)
_UNION_AFTER = re.compile(
    r" (?:cơ sở|ngành|cấp trên|[Vv]iên chức|Công Thương|Đường sắt|Dệt may|Điện lực|Cao su|"
    r"Ngân hàng|[Cc]ông ty|khối|các khu)"
)

_SUNDAY_OR_ERA = re.compile(rf"(?:(?P<before>TCN)(?<![^\W_]TCN)|CN(?<![^\W_]CN)){_END}")
_ERA_BEFORE = re.compile(r"(?:[Tt]rước|[Ss]au|năm|\d) \Z")
_SUNDAY_BEFORE = re.compile(
    r"(?:[Nn]gày|[Ss]áng|[Tt]rưa|[Cc]hiều|[Tt]ối|[Đđ]êm|[Hh]ôm|[Tt]hứ (?:\d|[Bb]ảy|7)(?:,| và| -)|"
    r"T7(?:,| và| -)|các ngày|[Tt]hứ Bảy và) \Z"
)
_SUNDAY_AFTER = re.compile(r" (?:tuần (?:này|trước|tới|qua|sau)|vừa qua|hằng tuần|hàng tuần)")

_SECURITIES_OR_SPECIALITY = re.compile(rf"CK(?<![^\W_]CK)(?:(?= ?(?:II|I|1|2){_END})(?P<grade>)|{_END})")
_SECURITIES_BEFORE = re.compile(
    r"(?:mã|sàn|thị trường|TT|[Cc]ông ty|[Ủủ]y ban|giao dịch|đầu tư|nhà đầu tư|tài khoản|ngành|kênh|"
    r"môi giới|quỹ|[Ss]ở giao dịch|SGD) \Z"
)

_FOREST_OR_CONCLUSION = re.compile(rf"KL(?<![^\W_]KL){_END}(?:(?=/| số{_END})(?P<conclusion>)|)")
_FOREST_BEFORE = re.compile(
    r"(?:[Hh]ạt|[Cc]hi cục|[Cc]ục|[Ll]ực lượng|cán bộ|[Tt]rạm|[Đđ]ội|[Hh]ạt trưởng|[Bb]ộ đội) \Z"
)


def read_police_branch(text: str) -> str:
    """Read CS as "cảnh sát" before a police branch or after a police unit; spell it otherwise.

    >>> read_police_branch("Phòng CS PCCC và Cục CS giao thông; CS của quỹ")
    'Phòng cảnh sát PCCC và Cục cảnh sát giao thông; CS của quỹ'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start, end = match.string, match.start(), match.end()
        if _POLICE_BRANCH_AFTER.match(source, end) or _POLICE_UNIT_BEFORE.search(
            source, max(0, start - 20), start
        ):
            return _as_written_at(source, start, "cảnh sát")
        return match.group(0)

    if "CS" not in text:
        return text
    return _POLICE_BRANCH.sub(spoken, text)


def read_college_or_union(text: str) -> str:
    """Read CĐ as "cao đẳng" among schools, "công đoàn" among union words; spell it otherwise.

    >>> read_college_or_union("Trường CĐ Y tế; các trường CĐ, ĐH; Chủ tịch CĐ ngành Y tế; CĐ cơ sở")
    'Trường cao đẳng Y tế; các trường cao đẳng, ĐH; Chủ tịch công đoàn ngành Y tế; công đoàn cơ sở'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start, end = match.string, match.start(), match.end()
        before = source[max(0, start - 25) : start]
        if _COLLEGE_BEFORE.search(before) and not _UNION_BEFORE.search(before):
            words = "cao đẳng"
        elif _UNION_BEFORE.search(before) or _UNION_AFTER.match(source, end):
            words = "công đoàn"
        elif _COLLEGE_AFTER.match(source, end):
            words = "cao đẳng"
        else:
            return match.group(0)
        return _as_written_at(source, start, words)

    if "CĐ" not in text:
        return text
    return _COLLEGE_OR_UNION.sub(spoken, text)


def read_sunday_or_era(text: str) -> str:
    """Read CN as "Chủ nhật" after a day word, "Công nguyên" after "trước"/"sau" or a year.

    TCN after a year is "trước Công nguyên". Any other CN is spelled by the generic rule.

    >>> read_sunday_or_era("Thứ 7 và CN mở cửa; năm 208 TCN; thế kỷ 2 sau CN; chi nhánh CN Huế")
    'Thứ 7 và Chủ nhật mở cửa; năm 208 trước Công nguyên; thế kỷ 2 sau Công nguyên; chi nhánh CN Huế'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start, end = match.string, match.start(), match.end()
        before = source[max(0, start - 20) : start]
        if match.group("before"):
            words = "trước Công nguyên" if _ERA_BEFORE.search(before) else match.group(0)
        elif re.search(r"(?:[Tt]rước|[Ss]au) \Z", before):
            words = "Công nguyên"
        elif _SUNDAY_BEFORE.search(before) or _SUNDAY_AFTER.match(source, end):
            words = "Chủ nhật"
        else:
            return match.group(0)
        return _as_written_at(source, start, words)

    if "CN" not in text:
        return text
    return _SUNDAY_OR_ERA.sub(spoken, text)


def read_securities_or_speciality(text: str) -> str:
    """Read CK as "chuyên khoa" before a grade, "chứng khoán" after market words; else spell it.

    >>> read_securities_or_speciality("Bác sĩ CK II khám; công ty CK lớn; thị trường CK sôi động")
    'Bác sĩ chuyên khoa II khám; công ty chứng khoán lớn; thị trường chứng khoán sôi động'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start = match.string, match.start()
        if match.group("grade") is not None:
            words = "chuyên khoa"
        elif _SECURITIES_BEFORE.search(source, max(0, start - 20), start):
            words = "chứng khoán"
        else:
            return match.group(0)
        return _as_written_at(source, start, words)

    if "CK" not in text:
        return text
    return _SECURITIES_OR_SPECIALITY.sub(spoken, text)


def read_forest_rangers_or_conclusion(text: str) -> str:
    """Read KL as "kiểm lâm" after a ranger unit, "kết luận" in a document number; else spell it.

    >>> read_forest_rangers_or_conclusion("Hạt KL Hướng Hóa thực hiện Kết luận 01-KL/TW")
    'Hạt kiểm lâm Hướng Hóa thực hiện Kết luận 01-kết luận/TW'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start = match.string, match.start()
        if match.group("conclusion") is not None:
            words = "kết luận"
        elif _FOREST_BEFORE.search(source, max(0, start - 20), start):
            words = "kiểm lâm"
        else:
            return match.group(0)
        return _as_written_at(source, start, words)

    if "KL" not in text:
        return text
    return _FOREST_OR_CONCLUSION.sub(spoken, text)


def expand_abbreviations_in_context(text: str) -> str:
    """Expand the ambiguous abbreviations whose reading depends on their neighbours.

    >>> expand_abbreviations_in_context("CA huyện Hải Lăng phối hợp sửa QL1A")
    'Công an huyện Hải Lăng phối hợp sửa quốc lộ một A'
    """
    text = read_road_numbers(text)
    for rule in (*_BEFORE_LIST, *_AFTER_LIST):
        text = rule(text)
    return text


# Rules for words that are also listed, so they must decide before the list expands them.
_BEFORE_LIST = (
    read_department_codes,
    spell_plate_series,
    spell_tickers,
    read_listed_by_context,
    read_flight_numbers,
    read_supervisory_board,
    read_secretariat_or_editors,
    read_titles_or_places,
)
# Rules for words that are not listed.
_AFTER_LIST = (
    read_police,
    read_police_branch,
    read_phone_or_team,
    read_congress_or_university,
    read_joint_stock_or_government,
    read_birth_year,
    read_district_and_ward,
    read_college_or_union,
    read_sunday_or_era,
    read_securities_or_speciality,
    read_forest_rangers_or_conclusion,
)


# --- Unknown acronyms

_ACRONYM = re.compile(
    rf"[{_ACRONYM_LETTERS}](?<![^\W_][{_ACRONYM_LETTERS}])[{_ACRONYM_LETTERS}]{{1,5}}"
    rf"(?:-[{_ACRONYM_LETTERS}]{{2,6}})*{_END}"
)
_ROMAN_LOOKING = re.compile(r"[IVX]+")


def spell_letters(acronym: str) -> str:
    """Spell an acronym with Vietnamese letter names.

    >>> spell_letters("BIDV")
    'bê i dê vê'
    """
    return " ".join(LETTER_NAMES[letter] for letter in acronym)


def _spoken_acronym(word: str, text: str, start: int, end: int) -> str:
    """One all-capital word spelled, unless it is a Roman numeral or a capitalised Vietnamese word.

    >>> _spoken_acronym("PCR", "xét nghiệm PCR", 11, 14), _spoken_acronym("VI", "HÀNH VI VI PHẠM", 5, 7)
    ('pê xê e rờ', 'VI')
    """
    if _ROMAN_LOOKING.fullmatch(word):
        return word
    if is_vietnamese_syllable(word) and _next_to_caps_word(text, start, end):
        return word
    return _as_written_at(text, start, spell_letters(word))


def _replace_acronym(match: re.Match[str]) -> str:
    written, text, start = match.group(0), match.string, match.start()
    words = written.split("-")
    if len(words) == 1:
        return _spoken_acronym(written, text, start, match.end())
    if any(_ROMAN_LOOKING.fullmatch(w) or is_vietnamese_syllable(w) for w in words):
        spoken = []
        for word in words:
            spoken.append(_spoken_acronym(word, text, start, start + len(word)))
            start += len(word) + 1
        return "-".join(spoken)
    # "RT-PCR": acronyms joined by a dash are spelled one after the other, the dash silent.
    return _as_written_at(text, start, " ".join(spell_letters(w) for w in words))


def spell_acronyms(text: str) -> str:
    """Spell unknown all-capital words of 2–6 letters; keep capitalised Vietnamese words.

    >>> spell_acronyms("Agribank và BIDV hỗ trợ; HÀNH VI VI PHẠM bị xử lý; xét nghiệm RT-PCR")
    'Agribank và bê i dê vê hỗ trợ; HÀNH VI VI PHẠM bị xử lý; xét nghiệm e rờ tê pê xê e rờ'
    """
    return _ACRONYM.sub(_replace_acronym, text)


# "N.V.A", "Lê T.T. Hà": initials run together, each letter with a dot (the last one's may be missing,
# and is kept when it ends the sentence).
_DOTTED_INITIALS = re.compile(
    rf"(?<![^\W_]|\.)(?:[{_ACRONYM_LETTERS}]\.){{1,5}}[{_ACRONYM_LETTERS}](?:\.(?!\s*$))?(?![^\W_])"
)
# "Liên Hợp Quốc (Liên Hợp Quốc)": a bracket that only repeats the words before it.
_BRACKETED = re.compile(r"[ \t]*\((?P<inside>[^()\n]{2,80})\)")


def spell_dotted_initials(text: str) -> str:
    """Spell initials run together with dots, letter by letter: a patient or a suspect named by
    initials is read by the names of the letters.

    >>> spell_dotted_initials("Bệnh nhân N.V.A (45 tuổi) và bà Lê T.T. Hà; TP.HCM và U.S.A.")
    'Bệnh nhân en vê a (45 tuổi) và bà Lê tê tê Hà; TP.HCM và u ét a.'
    """
    if "." not in text:
        return text
    return _DOTTED_INITIALS.sub(lambda m: spell_letters(m.group(0).replace(".", "")), text)


def drop_restated_abbreviations(text: str) -> str:
    """Leave out a bracket that only repeats the words before it once both are read: an abbreviation
    given after its full name ("Liên Hợp Quốc (LHQ)"), an amount given again in figures ("1 tỷ đồng
    (1.000.000.000 đồng)"). A newsreader says it once. Runs after every other rule.

    >>> drop_restated_abbreviations("Liên Hợp Quốc (Liên Hợp Quốc) họp; Tổ chức Y tế Thế giới (vê kép hát o)")
    'Liên Hợp Quốc họp; Tổ chức Y tế Thế giới (vê kép hát o)'
    """
    if "(" not in text:
        return text

    def drop(match: re.Match[str]) -> str:
        inside = " ".join(match["inside"].split()).casefold()
        before = " ".join(match.string[max(0, match.start() - len(inside) - 8):match.start()].split()).casefold()
        if not before.endswith(inside):
            return match.group(0)
        starts_a_word = len(before) == len(inside) or not before[-len(inside) - 1].isalnum()
        return "" if starts_a_word else match.group(0)

    return _BRACKETED.sub(drop, text)


def expand_abbreviations(text: str) -> str:
    """Read road numbers, expand listed abbreviations, then ambiguous ones, then spell acronyms.

    >>> expand_abbreviations("Đ/c Bí thư TU làm việc với BIDV về vốn cho DN trên QL9")
    'Đồng chí Bí thư tỉnh ủy làm việc với bê i dê vê về vốn cho doanh nghiệp trên quốc lộ chín'
    """
    # Road numbers first, so the listed "QL" does not split "QL.9".
    text = read_road_numbers(text)
    for rule in _BEFORE_LIST:
        text = rule(text)
    text = expand_listed_abbreviations(text)
    for rule in _AFTER_LIST:
        text = rule(text)
    return spell_acronyms(spell_dotted_initials(text))

"""Web addresses, e-mail addresses, phone numbers and symbols, read the way a newsreader says them.

Choices:

* URLs drop the scheme and "www." and read every other part: "." is "chấm", "/" is
  "gạch chéo", "-" is "gạch ngang", "_" is "gạch dưới"; "@" in an e-mail is "a còng".
  A label written as joined Vietnamese syllables is split into them ("baoquangtri" →
  "bao quang tri"); any other label is kept as written ("qtv", "gov").
* Phone numbers are read digit by digit, one group at a time, the groups separated by commas
  so the engine pauses: the writer's own groups are kept, a run without separators is grouped
  the usual way (mobile 4-3-3, landline 4-3-4, hotline 1900 4-4).
* Symbols: "&" is "và", "+" is "cộng", "~" is "khoảng", "≥"/"≤" are "lớn hơn hoặc bằng"/
  "nhỏ hơn hoặc bằng", and "/" between two words is read as a list ("xã/phường" →
  "xã, phường"), or "trên" before a unit of rate ("lượt/ngày" → "lượt trên ngày").
  "%" and dashes are left for the measures rule and for pauses.
"""
from __future__ import annotations

import re
from functools import lru_cache

from vntext.numbers import read_digits

__all__ = ["read_phone_numbers", "read_symbols", "read_urls_and_emails"]

# A bare address (no "http" or "www") is only taken when it ends with one of these, in lower
# case, so "TP.HCM" or "GS.TS" are never read as addresses.
_TOP_LEVEL_DOMAINS = "vn|com|net|org|gov|edu|info|biz|int|asia|io|tv|me|uk|us"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_PATH = r"(?:[/?#][^\s\"“”'<>()\[\]{}]*)?"
_WEB_ADDRESS = re.compile(
    r"(?<![\w@./-])(?:"
    rf"(?P<email>[A-Za-z0-9][A-Za-z0-9._%+-]*@{_LABEL}(?:\.{_LABEL})+)"
    rf"|(?P<url>(?:(?i:https?|ftp)://(?:www\.)?|(?i:www)\.){_LABEL}(?:\.{_LABEL})+{_PATH}"
    rf"|{_LABEL}(?:\.{_LABEL})*\.(?:{_TOP_LEVEL_DOMAINS})(?![\w@-]){_PATH})"
    r")"
)
# Cheap test run first: text without any of these holds no address.
_ADDRESS_HINT = re.compile(rf"@|://|(?i:www)\.|\.(?:{_TOP_LEVEL_DOMAINS})(?![\w@-])")
_WHITE_SPACE = re.compile(r"\s")
_SCHEME_AND_WWW = re.compile(r"^(?:(?i:https?|ftp)://)?(?:(?i:www)\.)?")
_TRAILING_PUNCTUATION = ".,;:!?…"
_URL_PIECE = re.compile(r"[A-Za-z]+|\d+|.")
_SYMBOL_NAMES = {
    ".": "chấm", "/": "gạch chéo", "-": "gạch ngang", "_": "gạch dưới", "@": "a còng",
    "?": "chấm hỏi", "=": "bằng", "&": "và", "#": "thăng", ":": "hai chấm", "%": "phần trăm",
    "+": "cộng", "~": "ngã",
}  # fmt: skip

_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:uye|uya|uyu|uoi|uou|oai|oay|ieu|yeu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ui|uo|uu|uy|ye"
    r"|[aeiouy])"
    r"(?:ng|nh|ch|[cmnpt])?"
)


@lru_cache(maxsize=1024)
def split_syllables(word: str) -> str:
    """Split letters written without spaces into Vietnamese syllables, if they are some.

    >>> split_syllables("baoquangtri"), split_syllables("hanoimoi"), split_syllables("qtv")
    ('bao quang tri', 'ha noi moi', 'qtv')
    """
    lower = word.lower()
    # best[i] = (cost, syllables) for lower[i:]; a syllable starting with a vowel costs more,
    # so "hanoimoi" is "ha noi moi" rather than "han oi moi".
    best: list[tuple[int, list[str]] | None] = [None] * (len(lower) + 1)
    best[len(lower)] = (0, [])
    for start in range(len(lower) - 1, -1, -1):
        for end in range(start + 1, min(len(lower), start + 7) + 1):
            rest = best[end]
            if rest is None or not _SYLLABLE.fullmatch(lower, start, end):
                continue
            cost = rest[0] + (3 if lower[start] in "aeiouy" else 1)
            if best[start] is None or cost < best[start][0]:
                best[start] = (cost, [word[start:end], *rest[1]])
    found = best[0]
    return " ".join(found[1]) if found else word


def _read_address(address: str) -> str:
    """Read a URL or an e-mail address piece by piece.

    >>> _read_address("https://www.qtv.vn/tin-tuc")
    'qtv chấm vn gạch chéo tin gạch ngang tuc'
    """
    address = _SCHEME_AND_WWW.sub("", address).rstrip("/")
    words = []
    for piece in _URL_PIECE.findall(address):
        if piece.isalpha():
            words.append(split_syllables(piece))
        elif piece.isdigit():
            words.append(piece)
        else:
            words.append(_SYMBOL_NAMES.get(piece, piece))
    return " ".join(words)


def _replace_address(match: re.Match[str]) -> str:
    address = match.group(0)
    kept = address.rstrip(_TRAILING_PUNCTUATION)
    return _read_address(kept) + address[len(kept) :]


def read_urls_and_emails(text: str) -> str:
    """Read web and e-mail addresses aloud; nothing of the address is dropped but "www.".

    >>> read_urls_and_emails("Xem tại baoquangtri.vn hoặc gửi về toasoan@baoquangtri.vn.")
    'Xem tại bao quang tri chấm vn hoặc gửi về toa soan a còng bao quang tri chấm vn.'
    """
    pieces: list[str] = []
    done = 0
    # Addresses hold no white space: only the words around a hint are looked at.
    for hint in _ADDRESS_HINT.finditer(text):
        if hint.start() < done:
            continue
        start = max(text.rfind(space, done, hint.start()) for space in " \t\n") + 1
        start = max(start, done)
        after = _WHITE_SPACE.search(text, hint.end())
        end = after.start() if after else len(text)
        pieces.append(text[done:start])
        pieces.append(_WEB_ADDRESS.sub(_replace_address, text[start:end]))
        done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


# --- Phone numbers

_PHONE = re.compile(
    r"(?:\+84|\(\+84\)|\(0\d{2,3}\)|0\d{1,3}|1[89]00)(?:[ .-]?\d{1,4}){1,5}(?![\w])"
)
# Not inside a longer number, a word or a date; checked on each match rather than as a
# look-behind, so the engine can skip straight to the first digit.
_NOT_BEFORE_PHONE = re.compile(r"[\w.,/+-]")
_DIGIT_GROUP = re.compile(r"\d+")


def _phone_length(digits: str) -> int | None:
    """How many digits a phone number has, judged from all the digits the match holds.

    >>> _phone_length("0912345678"), _phone_length("84912345678"), _phone_length("19001234")
    (10, 11, 8)
    """
    if digits.startswith("84"):
        return 12 if digits[2:3] == "2" else 11
    if digits.startswith("02"):
        return 11
    if digits.startswith("0"):
        return 10
    if digits.startswith(("1800", "1900")):
        return 10 if len(digits) >= 10 else 8
    return None


def _split_long_group(group: str, first: bool) -> list[str]:
    """Cut a run of digits written without separators into groups a reader says in one breath.

    >>> _split_long_group("0912345678", True), _split_long_group("3852123", False)
    (['0912', '345', '678'], ['385', '2123'])
    """
    if len(group) <= 4:
        return [group]
    if first and len(group) >= 8:
        return [group[:4], *_split_long_group(group[4:], False)]
    if len(group) == 5:
        return [group[:2], group[2:]]
    if len(group) in (6, 7):
        return [group[:3], group[3:]]
    return [group[:3], *_split_long_group(group[3:], False)]


def _replace_phone(match: re.Match[str]) -> str:
    written = match.group(0)
    if match.start() and _NOT_BEFORE_PHONE.match(match.string, match.start() - 1):
        return written
    plus = written.lstrip("(").startswith("+")
    wanted = _phone_length("".join(_DIGIT_GROUP.findall(written)))
    groups: list[str] = []
    count, end = 0, 0
    # The match may run on into a following number ("0912 345 678 2 lần"): stop at the
    # group that completes the phone number and leave the rest as it was.
    for found in _DIGIT_GROUP.finditer(written):
        groups.append(found.group(0))
        count += len(found.group(0))
        end = found.end()
        if wanted is not None and count >= wanted:
            break
    if wanted is None or count != wanted:
        return written
    if plus:
        groups = [groups[0][:2], groups[0][2:], *groups[1:]]
        groups = [group for group in groups if group]
    spoken_groups: list[str] = []
    for index, group in enumerate(groups):
        spoken_groups.extend(_split_long_group(group, first=index == 0 and not plus))
    words = ", ".join(read_digits(group) for group in spoken_groups)
    return ("cộng " if plus else "") + words + written[end:]


def read_phone_numbers(text: str) -> str:
    """Read phone numbers digit by digit, group by group, with commas for pauses.

    >>> read_phone_numbers("Đường dây nóng: 0233.3852.123 hoặc 1900 1234")
    'Đường dây nóng: không hai ba ba, ba tám năm hai, một hai ba hoặc một chín không không, một hai ba bốn'
    """
    return _PHONE.sub(_replace_phone, text)


# --- Symbols

_LETTER = r"[^\W\d_]"
_RATE_UNITS = (
    r"ngày|tuần|tháng|quý|năm|giờ|phút|người|hộ|khẩu|lượt|lần|con|chiếc|suất|ha|sào|"
    r"học sinh|học viên|sản phẩm|cây|m2|m²|xe"
)
_SLASH_RATE = re.compile(rf"/(?<={_LETTER}/)(?=(?:{_RATE_UNITS})(?![^\W_]))")
_SLASH_LIST = re.compile(rf"/(?<={_LETTER}/)(?={_LETTER})")
# "km/h", "kg/m": short Latin words on both sides are units, left to the measures rule.
_UNIT_SLASH = re.compile(r"(?<![^\W_])[A-Za-z]{1,3}/[A-Za-z]{1,3}(?![^\W_])")
_SPOKEN_SYMBOL = re.compile(r"([&+~≥≤±×])[ \t]*")
_ANY_SPOKEN_SYMBOL = re.compile(r"[&+~≥≤±×]")
_SYMBOL_WORDS = {
    "&": "và", "+": "cộng", "~": "khoảng", "≥": "lớn hơn hoặc bằng", "≤": "nhỏ hơn hoặc bằng",
    "±": "cộng trừ", "×": "nhân",
}  # fmt: skip


def read_slashes(text: str) -> str:
    """Read "/" between words: "trên" before a unit of rate, otherwise a list comma.

    >>> read_slashes("Mỗi xã/phường đón 300 lượt/ngày")
    'Mỗi xã, phường đón 300 lượt trên ngày'
    """
    if "/" not in text:
        return text
    text = _SLASH_RATE.sub(" trên ", text)
    if "/" not in text:
        return text
    kept = {match.start() + match.group(0).index("/") for match in _UNIT_SLASH.finditer(text)}
    return _SLASH_LIST.sub(lambda m: m.group(0) if m.start() in kept else ", ", text)


def _spoken_symbol(match: re.Match[str]) -> str:
    """The symbol's word, with one space on each side unless at the edge of the text."""
    text = match.string
    before = " " if match.start() > 0 and not text[match.start() - 1].isspace() else ""
    after = ""
    if match.end() < len(text) and (match.group(0)[-1] in " \t" or text[match.end()].isalnum()):
        after = " "
    return before + _SYMBOL_WORDS[match.group(1)] + after


def read_symbols(text: str) -> str:
    """Read the symbols a newsreader says aloud: &, +, ~, ≥, ≤, ±, × and "/" between words.

    >>> read_symbols("Khu du lịch Cửa Tùng & Cửa Việt đón ~5.000 khách, phim 18+")
    'Khu du lịch Cửa Tùng và Cửa Việt đón khoảng 5.000 khách, phim 18 cộng'
    """
    if _ANY_SPOKEN_SYMBOL.search(text):
        text = _SPOKEN_SYMBOL.sub(_spoken_symbol, text)
    return read_slashes(text)

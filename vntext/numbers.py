"""Reading numbers in Vietnamese words.

House style (the way a northern newsreader reads; one choice everywhere):

* thousands are "nghìn" (not "ngàn"); 10^9 is "tỷ"; beyond that the units repeat
  (10^12 = "một nghìn tỷ", 10^18 = "một tỷ tỷ");
* a zero tens digit after hundreds reads "linh" (105 = "một trăm linh năm");
* an empty hundreds place inside a larger number reads "không trăm"
  (2024 = "hai nghìn không trăm hai mươi tư"); wholly empty groups are skipped
  (1000001 = "một triệu không trăm linh một");
* after "mươi": 1 is "mốt", 4 is "tư", 5 is "lăm" (21 "hai mươi mốt", 24 "hai mươi tư",
  25 "hai mươi lăm"); after "mười": 5 is "lăm", 4 stays "bốn" (14 "mười bốn", 15 "mười lăm");
* a decimal comma reads "phẩy"; one or two decimals without a leading zero read as a number
  (12,5 = "mười hai phẩy năm", 6,25 = "sáu phẩy hai mươi lăm"), otherwise digit by digit
  (0,007 = "không phẩy không không bảy", 60,240 = "sáu mươi phẩy hai bốn không");
* dots group thousands (9.000.000); a dot that does not group thousands reads "chấm" (2.0);
* negatives read "âm"; ordinals: "thứ nhất", "thứ tư", otherwise "thứ" + the number.

Every ``read_*`` function is pure and takes digits as written; ``read_numbers`` is the rule that
rewrites every remaining number in running text.
"""
from __future__ import annotations

import re

from vntext.nouns import counted_noun_at, portion_word_at

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUP_NAMES = ("", "nghìn", "triệu")
_BILLION = 10**9


def read_digits(digits: str) -> str:
    """Read a string of digits one by one.

    >>> read_digits("007")
    'không không bảy'
    """
    return " ".join(DIGITS[int(d)] for d in digits if d.isdigit())


def _read_tens_and_units(n: int, after_hundreds: bool) -> str:
    """Read 0–99; ``after_hundreds`` adds "linh" before a lone unit (105 → "linh năm")."""
    tens, units = divmod(n, 10)
    if tens == 0:
        if units == 0:
            return ""
        return f"linh {DIGITS[units]}" if after_hundreds else DIGITS[units]
    head = "mười" if tens == 1 else f"{DIGITS[tens]} mươi"
    if units == 0:
        return head
    if units == 5:
        tail = "lăm"
    elif units == 1 and tens > 1:
        tail = "mốt"
    elif units == 4 and tens > 1:
        tail = "tư"
    else:
        tail = DIGITS[units]
    return f"{head} {tail}"


def _read_group(n: int, full: bool) -> str:
    """Read 0–999; ``full`` reads an empty hundreds place ("không trăm") inside a larger number."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0 and not full:
        return _read_tens_and_units(rest, after_hundreds=False)
    words = f"{DIGITS[hundreds]} trăm"
    if rest:
        words += " " + _read_tens_and_units(rest, after_hundreds=True)
    return words


def _read_below_billion(n: int, leading: bool) -> str:
    groups = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words: list[str] = []
    top = len(groups) - 1
    for index in range(top, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        full = not (leading and index == top)
        text = _read_group(group, full)
        if _GROUP_NAMES[index]:
            text += " " + _GROUP_NAMES[index]
        words.append(text)
    return " ".join(words)


def read_cardinal(n: int) -> str:
    """Read a whole number in words.

    >>> read_cardinal(2024)
    'hai nghìn không trăm hai mươi tư'
    """
    if n < 0:
        return "âm " + read_cardinal(-n)
    if n == 0:
        return "không"
    return _read_cardinal(n, leading=True)


def _read_cardinal(n: int, leading: bool) -> str:
    if n < _BILLION:
        return _read_below_billion(n, leading)
    billions, rest = divmod(n, _BILLION)
    words = _read_cardinal(billions, leading) + " tỷ"
    if rest:
        words += " " + _read_cardinal(rest, leading=False)
    return words


def read_ordinal(n: int) -> str:
    """Read the number after "thứ": 1 and 4 have their own ordinal words.

    >>> read_ordinal(4)
    'tư'
    """
    if n == 1:
        return "nhất"
    if n == 4:
        return "tư"
    return read_cardinal(n)


def read_month(n: int) -> str:
    """Read a month number the way it follows "tháng".

    >>> read_month(4)
    'tư'
    """
    return "tư" if n == 4 else read_cardinal(n)


def read_fraction_digits(digits: str) -> str:
    """Read the digits after a decimal comma (house style in the module docstring).

    >>> read_fraction_digits("25")
    'hai mươi lăm'
    """
    if len(digits) <= 2 and not digits.startswith("0"):
        return read_cardinal(int(digits))
    return read_digits(digits)


def read_written_number(written: str) -> str:
    """Read one number as written in Vietnamese text: dot thousands, comma decimals, a sign.

    >>> read_written_number("-1.234,05")
    'âm một nghìn hai trăm ba mươi tư phẩy không năm'
    """
    sign = ""
    if written[:1] in "-−":
        sign, written = "âm ", written[1:]
    whole, _, decimals = written.partition(",")
    if _THOUSANDS.fullmatch(whole):
        words = read_cardinal(int(whole.replace(".", "")))
    elif "." in whole:
        words = " chấm ".join(_read_plain(part) for part in whole.split("."))
    else:
        words = _read_plain(whole)
    if decimals:
        words += " phẩy " + read_fraction_digits(decimals)
    return sign + words


def _read_plain(digits: str) -> str:
    """A run of digits: as a number, or digit by digit when a leading zero makes it a code."""
    if len(digits) > 2 and digits.startswith("0"):
        return read_digits(digits)
    return read_cardinal(int(digits))


_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_ORDINAL = re.compile(r"\b([Tt]hứ)\s+(\d{1,4})(?![\d/.,:]\d)(?!\w)")
_NUMBER = re.compile(
    r"(?=[-−\d])(?:(?<![\w.,])[-−](?=\d))?"
    r"(?<!\d)\d+(?:\.\d+)*(?:,\d+)?"
)


_FRACTION = re.compile(
    r"(?=[-−\d])(?<![\w.,/])(?:(?P<whole>[-−]?\d{1,3})\s+)?(?P<sign>[-−])?"
    r"(?P<top>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)/(?P<bottom>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)"
    r"(?![\d/]|[.,]\d)"
)
# "khoảng 2/3 người dân", "hơn 1/4 đội bay": a share of a whole, read "phần" whatever follows.
_APPROXIMATELY_BEFORE = re.compile(
    r"(?<![^\W_])(?i:khoảng|gần|hơn|chiếm|bằng|tới|chừng|xấp xỉ|ngót|non|tận|quá|dưới|trên)[ \t]+$"
)
_ROUND_THE_CLOCK = (24, 7)
# "Mega 6/45", "TOEIC 850/990", "lớp 6/2": a slash after a name (in capitals, or capitalised
# inside a sentence), or after a word that numbers classes, rooms and lots, joins two numbers.
_NAME_BEFORE = re.compile(
    r"(?<![^\W_])(?:[A-ZĐ]{2,}[A-Za-z]*|(?<=[^\W\d_] )[A-Z][A-Za-z]*"
    r"|(?i:lớp|tổ|khu phố|lô|phòng|căn|tầng|ki ốt|kiốt|toa|ghế|cổng|bến))[ \t]+$"
)


def read_fraction(top: int, bottom: int) -> str:
    """Read a fraction; a denominator of 4 reads "tư".

    >>> read_fraction(3, 4)
    'ba phần tư'
    """
    return f"{read_cardinal(top)} phần {read_month(bottom) if bottom == 4 else read_cardinal(bottom)}"


def _is_year(written: str) -> bool:
    return len(written) == 4 and 1900 <= int(written) <= 2100


def _is_count_of_total(text: str, start: int, end: int, top: int, bottom: int) -> bool:
    """True when top/bottom counts items out of a total ("53/53 phiếu", "2/5 đối tượng", "24/24")
    rather than being a fraction ("3/4 số hộ", "khoảng 2/3 người dân")."""
    before = text[max(0, start - 16):start]
    if _APPROXIMATELY_BEFORE.search(before) or portion_word_at(text, end):
        return False
    if top == bottom or (top, bottom) == _ROUND_THE_CLOCK or (top > bottom >= 10):
        return True  # all of a total, or a pair like "huyết áp 160/100": no share of a whole
    if _NAME_BEFORE.search(before):
        return True
    # "1/4 dự án" is a quarter of the project; "3/4 dự án" three projects out of four.
    return top > 1 and counted_noun_at(text, end)


def read_fractions(text: str) -> str:
    """Read fractions and mixed numbers left after the date rule (which claims 15/1 in date context).

    A count out of a total reads "trên": all of a total (53/53, 24/24, and "24/7", round the
    clock), a counted noun after a top above one (2/5 đối tượng), a name or a class, room or lot
    word before it (Mega 6/45, lớp 6/2), a top above a bottom of ten or more, which no share of a
    whole has (huyết áp 160/100), and a decimal top (29,5/30 điểm). Numbers may group thousands
    (1.520/1.600 điểm). A share of a whole reads "phần" (3/4 số hộ, khoảng 2/3 người dân, 1/4 dự
    án, 9/4). A decimal bottom is read as written (1/28,9 triệu). Two years are a season (mùa giải
    2018/2019 reads "đến") or a pair said with a pause (1990/1992).

    >>> read_fractions("Khoảng 3/4 số hộ dân, tức 2 1/2 lần năm ngoái")
    'Khoảng ba phần tư số hộ dân, tức hai và một phần hai lần năm ngoái'
    >>> read_fractions("Trúng cử với 53/53 phiếu, bắt được 2/5 đối tượng, trực 24/7")
    'Trúng cử với năm mươi ba trên năm mươi ba phiếu, bắt được hai trên năm đối tượng, trực hai mươi tư trên bảy'
    >>> read_fractions("Huyết áp 160/100, đạt 29,5/30 điểm và 1.520/1.600 điểm")
    'Huyết áp một trăm sáu mươi trên một trăm, đạt hai mươi chín phẩy năm trên ba mươi điểm và một nghìn năm trăm hai mươi trên một nghìn sáu trăm điểm'
    """

    def words(match: re.Match[str]) -> str:
        top_written, bottom_written = match["top"], match["bottom"]
        if "," in top_written:
            # "29,5/30 điểm": a mark out of a total.
            return f"{read_written_number(top_written)} trên {read_written_number(bottom_written)}"
        top, bottom = int(top_written.replace(".", "")), int(bottom_written.partition(",")[0].replace(".", ""))
        if bottom == 0:
            return match.group(0)
        sign = "âm " if match["sign"] else ""
        whole = match["whole"]
        if not (whole or sign) and _is_year(top_written) and _is_year(bottom_written) and top < bottom:
            joint = " đến " if bottom == top + 1 else ", "  # a season (2018/2019) or two years
            return read_cardinal(top) + joint + read_cardinal(bottom)
        if "," in bottom_written:
            fraction = f"{sign}{read_cardinal(top)} phần {read_written_number(bottom_written)}"
        elif not whole and not sign and _is_count_of_total(match.string, match.start(), match.end(), top, bottom):
            return f"{sign}{read_cardinal(top)} trên {read_cardinal(bottom)}"
        else:
            fraction = sign + read_fraction(top, bottom)
        if whole and top >= bottom:
            return f"{whole} {fraction}"
        return f"{read_written_number(whole)} và {fraction}" if whole else fraction

    if "/" not in text:
        return text
    return _FRACTION.sub(words, text)


_RANK = re.compile(r"\b([Hh]ạng|[Gg]iải)\s+([1-4])(?![\d/.,:]\d)(?![^\W_])")
_RANK_WORDS = {1: "nhất", 2: "nhì", 3: "ba", 4: "tư"}
_NOT_A_RANK_AFTER = re.compile(r"[ \t]+(?i:sao|người|đội)(?![^\W_])")


def read_ranks(text: str) -> str:
    """Read a rank after "hạng" or "giải" with the ranking words: "hạng nhất", "giải nhì".

    >>> read_ranks("Đội xếp hạng 1, đoạt giải 2 và giải 4; khách sạn hạng 3 sao")
    'Đội xếp hạng nhất, đoạt giải nhì và giải tư; khách sạn hạng 3 sao'
    """

    def words(match: re.Match[str]) -> str:
        if _NOT_A_RANK_AFTER.match(match.string, match.end()):
            return match.group(0)
        return f"{match.group(1)} {_RANK_WORDS[int(match.group(2))]}"

    if "ạng" not in text and "iải" not in text:
        return text
    return _RANK.sub(words, text)


def read_ordinals(text: str) -> str:
    """Read "thứ" + number as an ordinal (weekdays included).

    >>> read_ordinals("Thứ 4 là lần thứ 1 đội về nhất")
    'Thứ tư là lần thứ nhất đội về nhất'
    """
    return _ORDINAL.sub(lambda m: f"{m.group(1)} {read_ordinal(int(m.group(2)))}", text)


def read_numbers(text: str) -> str:
    """Read every remaining written number: thousands dots, decimal commas, minus signs.

    >>> read_numbers("Giá vàng giảm -1.500.000 đồng, còn 82,5 triệu")
    'Giá vàng giảm âm một triệu năm trăm nghìn đồng, còn tám mươi hai phẩy năm triệu'
    """
    return _NUMBER.sub(lambda m: _spaced(m, read_written_number(m.group(0))), text)


def _spaced(match: re.Match[str], words: str) -> str:
    """Keep the words apart from letters glued to the number (``5G`` → ``năm G``)."""
    text = match.string
    before = text[match.start() - 1] if match.start() else " "
    after = text[match.end()] if match.end() < len(text) else " "
    if before.isalpha():
        words = " " + words
    if after.isalpha():
        words += " "
    return words

"""Codes made of letters and digits: licence plates, model and unit codes, numbered plans.

* Licence plates (38A-049.84, 29C-123.45, 75A-0123) are read in their usual groups: the
  province as a number, the series letters with their Vietnamese names, then each group of the
  serial as written ("ba mươi tám a không bốn chín tám mươi tư"): a group with a leading zero or a
  four-digit serial digit by digit, any other group as a number. The full shape is enough; a
  looser one needs "biển số", "biển kiểm soát" or "BKS" before it. The digits a paper hides
  ("74A-016.xx") are not said.
* Fishing boats (QT 90279 TS, QNg-90123-TS): the province code and "TS" spelled, the number
  digit by digit, as the registration is said.
* Letters glued to digits (H5N1, SE3, VN30, PC02, MH370, 24K, 319MT) are read part by part:
  letters with their Vietnamese names, digits as a number, or digit by digit when they start with
  a zero ("pê xê không hai") or run past four digits. A code joined by a dash (F-16, Su-30MK2,
  COVID-19) loses the dash, and a pair after a code (the train pair SE 7/8) is joined by
  "trên". Road numbers (QL1A, ĐT741) are left to the road rule, the abbreviations read with
  their number (QK4 = quân khu bốn, BĐ3 = báo động ba) are given a space for the abbreviation
  rule, and a listed word of three letters or more (COVID) is left to the abbreviation list.
  Numbers after a dot in a code are read after "chấm" (PM2.5, the variant XBB.1.5), and the
  slash between an influenza type and its subtype is silent (cúm A/H5N1). A code mixing capital
  and small letters around a digit is spelled the same way (HbA1c "hát bê a một xê", SpO2),
  unless three small letters in a row make it a word ("iPhone15"). An aircraft registration
  ("VN-A327") is spelled and its digits read one by one.
* Gold purity after "vàng" (vàng 9999) is read digit by digit, as in the trade.
* A fuel grade after RON is read as a number, and the emission standard after its dash as a
  number too, the dash silent: "RON 95-III" is "RON chín mươi lăm ba" ("RON" itself is listed:
  "rôn").
* Boeing models (737, 787) are read digit by digit after "Boeing" or before "MAX"
  ("bảy ba bảy mác tám").
* An identifier after its name (mã số thuế, số tài khoản, CMND, căn cước, số seri, mã hồ sơ…)
  is read digit by digit when it has five digits or more: it is a code, not a quantity. Letters
  opening it are spelled ("H12.34-240315" → "hát, một hai, ba bốn, hai bốn không ba một năm").
* A number with a leading zero after a plan or document name (Đề án 06, Chỉ thị 05) keeps its
  zero: "đề án không sáu".
"""
from __future__ import annotations

import re

from vntext.abbreviations import ABBREVIATIONS, LETTER_NAMES, READ_WITH_THEIR_NUMBER, spell_letters
from vntext.numbers import read_cardinal, read_digits

__all__ = [
    "read_aircraft_models",
    "read_fishing_boat_numbers",
    "read_fuel_grades",
    "read_gold_purity",
    "read_identifiers",
    "read_letter_digit_codes",
    "read_licence_plates",
    "read_numbered_plans",
]

_CAPITALS = "".join(LETTER_NAMES)
_PLATE = re.compile(
    rf"(?P<province>\d(?<![\w.,/-]\d)\d)(?P<joint>-?)(?P<series>[{_CAPITALS}]{{1,2}}\d?)"
    r"(?P<dash>[ \t]?[-–.][ \t]?|[ \t])(?P<serial>\d{3}\.\d{2}|\d{4,5}|\d{3}(?P<mask>\.(?:xx|XX|\*\*)))"
    r"(?![\w]|[.,]\d)"
)
_PLATE_WORDS_BEFORE = re.compile(
    r"(?<![^\W_])(?:(?i:biển số|biển kiểm soát|biển)(?:[ \t]+xe)?|BKS|BSX)[ \t]*:?[ \t]*$"
)
_CODE = re.compile(
    rf"(?P<code>[{_CAPITALS}](?<![\w-].)[{_CAPITALS}]{{0,4}}\d+(?:[{_CAPITALS}]{{1,3}}\d*)*)"
    rf"(?P<dotted>(?:\.\d+)*)(?![\w]|-\d|[.,]\d)"
)
# "HbA1c", "SpO2": letters of both cases around a digit, none a run of three small letters (which
# would make a word: "iPhone15", "Covid19").
_MIXED_CASE_CODE = re.compile(
    r"(?<![^\W_])(?=[A-Za-z\d]{0,7}[A-Z])(?=[A-Za-z\d]{0,7}[a-z])(?P<code>[A-Za-z]{1,4}\d{1,3}[A-Za-z]{0,3})(?![^\W_])"
)
_THREE_SMALL_LETTERS = re.compile(r"[a-z]{3}")
# "XBB.1.5": a variant name, letters and numbers joined by dots.
_DOTTED_CODE = re.compile(rf"(?P<letters>[{_CAPITALS}](?<![\w.-].)[{_CAPITALS}]{{1,4}})(?P<dotted>(?:\.\d+)+)(?![\w]|[.,]\d)")
# An aircraft registration: the country's letters, a dash, a letter and three or four digits
# ("VN-A327"), spelled and read digit by digit.
_REGISTRATION = re.compile(r"(?<![\w-])(?P<country>[A-Z]{2})-(?P<letter>[A-Z])(?P<digits>\d{3,4})(?![\w-])")
# "cúm A/H5N1": the type, a slash, then the subtype.
_TYPE_AND_SUBTYPE = re.compile(rf"(?<![^\W_])(?P<type>[A-D])/(?=[{_CAPITALS}]{{1,3}}\d)")
# Fishing boat numbers: the province code, four or five digits, "TS" (thủy sản).
_FISHING_BOAT = re.compile(
    rf"(?P<province>[{_CAPITALS}](?<![^\W_].)[A-Za-zĐđ]{{1,2}})[ \t]*[-–]?[ \t]*(?P<number>\d{{4,5}})"
    rf"[ \t]*[-–]?[ \t]*TS(?![^\W_])"
)
_NUMBER_AND_LETTERS = re.compile(rf"(?P<number>\d(?<![\w.,]\d)\d*)(?P<letters>[{_CAPITALS}]{{1,3}})(?![\w])")
_DASHED_CODE = re.compile(
    rf"(?P<name>[{_CAPITALS}](?<![\w-].)[A-Za-z]{{0,5}})[-–](?P<rest>\d+(?:[{_CAPITALS}]{{1,3}}\d*)*)(?![\w-])"
)
_CODE_AND_PAIR = re.compile(
    rf"(?P<code>[{_CAPITALS}](?<![\w-].)[{_CAPITALS}]{{0,3}})[ \t]?"
    r"(?P<first>\d{1,4})/(?P<second>\d{1,4})(?![\w/]|[.,]\d)"
)
_CODE_PIECE = re.compile(rf"[{_CAPITALS}]+|\d+")
_IDENTIFIER = re.compile(
    r"(?<![^\W_])(?P<name>(?i:mã số thuế|mã số doanh nghiệp|mã số|mã vạch|mã hồ sơ|mã bưu chính|mã"
    r"|số tài khoản|tài khoản|chứng minh nhân dân|chứng minh thư|căn cước công dân|căn cước|hộ chiếu"
    r"|số seri|số sê-ri|số sê ri|số hiệu|số khung|số máy|số hợp đồng)|STK|CMND|CMT|CCCD|MST)"
    r"(?P<gap>[ \t]*(?:[:(][ \t]*)?(?:(?:[^\W\d_]+[ \t]+){0,3}?(?i:số|là)[ \t]+)?)"
    r"(?P<number>(?:[A-Z]{1,3}(?=\d))?\d{2,}(?:[ .-]\d{2,})*)(?!\d|[.,]\d)"
)
_AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3})+")  # "tài khoản 15.000 đồng" is money
_IDENTIFIER_HINT = re.compile(r"\d\d[ .-]?\d\d[ .-]?\d")
_IDENTIFIER_NAME_HINTS = ("mã", "tài khoản", "chứng minh", "căn cước", "hộ chiếu", "số s", "số hiệu", "số khung",
                          "số máy", "số hợp đồng", "stk", "cmnd", "cmt", "cccd", "mst")
# Cheap tests run first: most sentences hold no code, plate, purity or plan number.
_CODE_HINT = re.compile(
    rf"[{_CAPITALS}][ \t]?\d|\d[{_CAPITALS}]|[{_CAPITALS}][A-Za-z]{{0,5}}[-–]\d|[{_CAPITALS}][./]\d|[A-D]/[{_CAPITALS}]"
)
_PLATE_HINT = re.compile(rf"\d\d-?[{_CAPITALS}]")
_MIXED_CASE_HINT = re.compile(r"[a-z][A-Z]|[A-Z][a-z]{0,2}\d")
_PLAN_HINT = re.compile(r"[ \t]0\d")
# Road numbers are read by the road rule ("QL1A" = "quốc lộ một A"); Q and P before a number are
# a district and a ward.
_LEFT_FOR_OTHER_RULES = frozenset({"QL", "ĐT", "ĐH", "TL", "Q", "P"})
_GOLD_PURITY = re.compile(
    r"(?<![^\W_])(?i:vàng)(?P<between>(?:[ \t]+[^\W\d_]+){0,3})[ \t]+(?P<purity>9{3,4})(?![\w]|[.,]\d)"
)
_FUEL_GRADE = re.compile(
    r"(?<![^\W_])(?P<ron>RON|Ron)[ \t]*(?P<grade>\d{2,3})"
    r"(?:[ \t]*[-–][ \t]*(?P<standard>IV|V|I{1,3}|[2-5])(?![^\W_]|[.,]\d))?(?![\d.,]\d)"
)
_ROMAN_STANDARDS = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
# Diesel by its sulphur content and emission standard: "0,05S-II".
_DIESEL_GRADE = re.compile(r"(?<=\dS)[ \t]*[-–][ \t]*(?P<standard>IV|V|I{1,3})(?![^\W_])")
_BOEING = re.compile(
    r"(?<![\w.,])(?P<model>7[0-8]7)(?!\w|[.,]\d)(?P<max>[ \t]+MAX(?![\w]))?"
)
_BOEING_BEFORE = re.compile(r"(?<![^\W_])Boeing[ \t]+$")
_PLAN_NUMBER = re.compile(
    r"(?<![^\W_])(?P<name>(?i:đề án|chỉ thị|kế hoạch|nghị quyết|quyết định|thông tư|công văn|công điện"
    r"|chương trình|chuyên án|kết luận|thông báo|quy định|văn bản|tờ trình|mã số|mã))"
    r"(?P<number_word>[ \t]+(?i:số))?[ \t]+(?P<number>0\d{1,3})(?![\w]|/\d|[.,]\d)"
)


def _read_digit_run(digits: str) -> str:
    """Digits inside a code: a number, or digit by digit with a leading zero or past four digits.

    >>> _read_digit_run("370"), _read_digit_run("02"), _read_digit_run("092")
    ('ba trăm bảy mươi', 'không hai', 'không chín hai')
    """
    if (len(digits) > 1 and digits.startswith("0")) or len(digits) > 4:
        return read_digits(digits)
    return read_cardinal(int(digits))


def spell_code(code: str) -> str:
    """Read a code piece by piece: letters by their names, digits by ``_read_digit_run``.

    >>> spell_code("H5N1"), spell_code("PC02")
    ('hát năm en một', 'pê xê không hai')
    """
    words = []
    for piece in _CODE_PIECE.findall(code):
        if piece.isdigit():
            words.append(_read_digit_run(piece))
        else:
            words.append(" ".join(LETTER_NAMES[letter] for letter in piece))
    return " ".join(words)


def _read_dotted(dotted: str) -> str:
    """The numbers after the dots of a code ("PM2.5", "XBB.1.5"), each after "chấm".

    >>> _read_dotted(".1.5")
    ' chấm một chấm năm'
    """
    return "".join(f" chấm {_read_digit_run(piece)}" for piece in dotted.split(".")[1:])


def _read_serial(serial: str) -> str:
    groups = serial.split(".")
    if len(groups) == 1:
        digits = groups[0]
        groups = [digits[:3], digits[3:]] if len(digits) == 5 else [digits]
    return " ".join(
        read_digits(group) if group.startswith("0") or len(group) == 4 else read_cardinal(int(group))
        for group in groups
    )


def read_licence_plates(text: str) -> str:
    """Read licence plates in their usual groups.

    >>> read_licence_plates("Xe ô tô BKS 38A-049.84 va chạm với xe biển số 75A-0123.")
    'Xe ô tô BKS ba mươi tám a, không bốn chín tám mươi tư va chạm với xe biển số bảy mươi lăm a, không một hai ba.'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start = match.string, match.start()
        full_shape = not match["joint"] and "." in match["serial"] and match["dash"].strip() in "-–"
        if not full_shape and not _PLATE_WORDS_BEFORE.search(source, max(0, start - 24), start):
            return match.group(0)
        province = read_cardinal(int(match["province"]))
        serial = match["serial"]
        if match["mask"]:
            # "74A-016.xx": the hidden digits are not said.
            return f"{province} {spell_code(match['series'])}, {read_digits(serial[:3])}"
        return f"{province} {spell_code(match['series'])}, {_read_serial(serial)}"

    if not _PLATE_HINT.search(text):
        return text
    return _PLATE.sub(spoken, text)


def read_fishing_boat_numbers(text: str) -> str:
    """Read a fishing boat's number: its province code spelled, the digits one by one, "TS" spelled.

    >>> read_fishing_boat_numbers("Tàu cá QT 90279 TS và tàu QNg-90123-TS bị nạn")
    'Tàu cá quy tê chín không hai bảy chín tê ét và tàu quy en giê chín không một hai ba tê ét bị nạn'
    """

    def spoken(match: re.Match[str]) -> str:
        province = spell_letters(match["province"].upper())
        return f"{province} {read_digits(match['number'])} {spell_letters('TS')}"

    if "TS" not in text:
        return text
    return _FISHING_BOAT.sub(spoken, text)


def read_letter_digit_codes(text: str) -> str:
    """Read codes of letters and digits part by part.

    >>> read_letter_digit_codes("Cúm H5N1, chuyến bay VN266, phòng PC02, vàng 24K, chuyên án 319MT")
    'Cúm hát năm en một, chuyến bay vê en hai trăm sáu mươi sáu, phòng pê xê không hai, vàng hai mươi tư ca, chuyên án ba trăm mười chín em tê'
    >>> read_letter_digit_codes("Máy bay số hiệu VN-A327 hạ cánh")
    'Máy bay số hiệu vê en a ba hai bảy hạ cánh'
    >>> read_letter_digit_codes("Chỉ số HbA1c 9%, SpO2 95%; iPhone15 mới")
    'Chỉ số hát bê a một xê 9%, ét pê o hai 95%; iPhone15 mới'
    >>> read_letter_digit_codes("Cúm A/H5N1, bụi mịn PM2.5, biến thể XBB.1.5; TP.1 giữ nguyên")
    'Cúm A hát năm en một, bụi mịn pê em hai chấm năm, biến thể ích bê bê chấm một chấm năm; TP.1 giữ nguyên'
    >>> read_letter_digit_codes("Tiêm kích F-16 và Su-30MK2; dịch COVID-19; sửa QL1A; đôi tàu SE 7/8")
    'Tiêm kích ép mười sáu và Su ba mươi em ca hai; dịch COVID mười chín; sửa QL1A; đôi tàu ét e bảy trên tám'
    """

    def code(match: re.Match[str]) -> str:
        written, dotted = match["code"], match["dotted"]
        letters = _CODE_PIECE.match(written)
        if letters and letters.group(0) in _LEFT_FOR_OTHER_RULES:
            return match.group(0)
        if letters and letters.group(0) in READ_WITH_THEIR_NUMBER:
            return letters.group(0) + " " + written[letters.end():] + dotted  # "QK4" is "quân khu bốn"
        if letters and len(letters.group(0)) >= 3 and letters.group(0) in ABBREVIATIONS:
            return letters.group(0) + " " + spell_code(written[letters.end():]) + _read_dotted(dotted)
        return spell_code(written) + _read_dotted(dotted)

    def dotted_code(match: re.Match[str]) -> str:
        letters = match["letters"]
        if letters in _LEFT_FOR_OTHER_RULES or letters in ABBREVIATIONS or letters + "." in ABBREVIATIONS:
            return match.group(0)
        return spell_code(letters) + _read_dotted(match["dotted"])

    def dashed(match: re.Match[str]) -> str:
        name = match["name"]
        if name in _LEFT_FOR_OTHER_RULES:
            return match.group(0)
        if name.isupper() and not (len(name) >= 3 and name in ABBREVIATIONS):
            name = spell_code(name)
        return f"{name} {spell_code(match['rest'])}"

    def code_and_pair(match: re.Match[str]) -> str:
        letters = match["code"]
        if letters in _LEFT_FOR_OTHER_RULES or (len(letters) >= 3 and letters in ABBREVIATIONS):
            return match.group(0)
        first, second = _read_digit_run(match["first"]), _read_digit_run(match["second"])
        return f"{spell_code(letters)} {first} trên {second}"

    def number_and_letters(match: re.Match[str]) -> str:
        return f"{_read_digit_run(match['number'])} {spell_code(match['letters'])}"

    def mixed_case(match: re.Match[str]) -> str:
        written = match["code"]
        if _THREE_SMALL_LETTERS.search(written) or written in ABBREVIATIONS:
            return written
        return spell_code(written.upper())

    if not _CODE_HINT.search(text):
        return text
    if _MIXED_CASE_HINT.search(text):
        text = _MIXED_CASE_CODE.sub(mixed_case, text)
    if "/" in text:
        text = _TYPE_AND_SUBTYPE.sub(r"\g<type> ", text)
    if "-" in text:
        text = _REGISTRATION.sub(
            lambda m: f"{spell_letters(m['country'] + m['letter'])} {read_digits(m['digits'])}", text
        )
    if "." in text:
        text = _DOTTED_CODE.sub(dotted_code, text)
    text = _DASHED_CODE.sub(dashed, text)
    if "/" in text:
        text = _CODE_AND_PAIR.sub(code_and_pair, text)
    text = _CODE.sub(code, text)
    return _NUMBER_AND_LETTERS.sub(number_and_letters, text)


def read_gold_purity(text: str) -> str:
    """Read the purity of gold digit by digit.

    >>> read_gold_purity("Giá vàng 9999 tăng, vàng miếng SJC 999 giảm; 9999 người dự")
    'Giá vàng chín chín chín chín tăng, vàng miếng SJC chín chín chín giảm; 9999 người dự'
    """
    if "999" not in text:
        return text
    return _GOLD_PURITY.sub(
        lambda m: m.group(0)[: m.start("purity") - m.start()] + read_digits(m["purity"]), text
    )


def read_fuel_grades(text: str) -> str:
    """Read a petrol grade after RON and the emission standard after its dash, the dash silent;
    so is the dash between a diesel's sulphur content and its standard ("0,05S-II").

    >>> read_fuel_grades("Xăng RON 95-III giảm, RON 95-V giữ giá, xăng E5 RON 92 tăng")
    'Xăng RON chín mươi lăm ba giảm, RON chín mươi lăm năm giữ giá, xăng E5 RON chín mươi hai tăng'
    >>> read_fuel_grades("Dầu diesel 0,05S-II giảm")
    'Dầu diesel 0,05S hai giảm'
    """

    def spoken(match: re.Match[str]) -> str:
        words = f"{match['ron']} {read_cardinal(int(match['grade']))}"
        standard = match["standard"]
        if standard:
            words += " " + read_cardinal(_ROMAN_STANDARDS.get(standard) or int(standard))
        return words

    if "S-" in text or "S –" in text or "S -" in text:
        text = _DIESEL_GRADE.sub(lambda match: " " + read_cardinal(_ROMAN_STANDARDS[match["standard"]]), text)
    if "RON" not in text and "Ron" not in text:
        return text
    return _FUEL_GRADE.sub(spoken, text)


def read_aircraft_models(text: str) -> str:
    """Read Boeing model numbers digit by digit, and MAX as it is said.

    >>> read_aircraft_models("Máy bay Boeing 787 và 96 chiếc 737 MAX 8 bị dừng bay")
    'Máy bay Boeing bảy tám bảy và 96 chiếc bảy ba bảy mác 8 bị dừng bay'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start = match.string, match.start()
        if not match["max"] and not _BOEING_BEFORE.search(source, max(0, start - 10), start):
            return match.group(0)
        return read_digits(match["model"]) + (" mác" if match["max"] else "")

    if "7" not in text or ("MAX" not in text and "Boeing" not in text):
        return text
    return _BOEING.sub(spoken, text)


def read_identifiers(text: str) -> str:
    """Read tax codes, account, identity card and serial numbers digit by digit.

    >>> read_identifiers("Mã số thuế 3200123456, tài khoản số 0071001234567, mã 12")
    'Mã số thuế ba hai không không một hai ba bốn năm sáu, tài khoản số không không bảy một không không một hai ba bốn năm sáu bảy, mã 12'
    """

    def spoken(match: re.Match[str]) -> str:
        groups = _CODE_PIECE.findall(match["number"])
        if sum(len(group) for group in groups if group.isdigit()) < 5 or _AMOUNT.fullmatch(match["number"]):
            return match.group(0)
        words = (read_digits(group) if group.isdigit() else spell_letters(group) for group in groups)
        return match["name"] + match["gap"] + ", ".join(words)

    if not _IDENTIFIER_HINT.search(text):
        return text
    lowered = text.lower()
    if not any(name in lowered for name in _IDENTIFIER_NAME_HINTS):
        return text
    return _IDENTIFIER.sub(spoken, text)


def read_numbered_plans(text: str) -> str:
    """Keep the leading zero of a plan or document number: it is part of the name.

    >>> read_numbered_plans("Triển khai Đề án 06 và Chỉ thị số 05/CT-TTg của Thủ tướng, có 05 người")
    'Triển khai Đề án không sáu và Chỉ thị số không năm/CT-TTg của Thủ tướng, có 05 người'
    """
    if not _PLAN_HINT.search(text):
        return text
    return _PLAN_NUMBER.sub(
        lambda m: m.group(0)[: m.start("number") - m.start()] + read_digits(m["number"]), text
    )

"""Numbers of legal and administrative documents and of standards, read the way they are said on air.

House reading: the number (with "năm" and its year when it has one), then every part of the code
that follows it, expanded; the slashes and dashes between them are silent.

* "Quyết định 1520/QĐ-UBND" → "Quyết định một nghìn năm trăm hai mươi quyết định ủy ban nhân dân"
* "Nghị quyết số 57-NQ/TW" → "Nghị quyết số năm mươi bảy nghị quyết trung ương"
* "Thông tư 22/2023/TT-BGDĐT" → "Thông tư hai mươi hai năm hai nghìn không trăm hai mươi ba thông
  tư Bộ Giáo dục và Đào tạo"
* "Luật số 31/2024/QH15" → "Luật số ba mươi mốt năm hai nghìn không trăm hai mươi tư Quốc hội
  mười lăm"
* "Công văn số 245/UBND-KT" → "Công văn số hai trăm bốn mươi lăm ủy ban nhân dân ca tê"

A number with a leading zero keeps it, as plan numbers do ("01/CĐ-TTg" → "không một công điện Thủ
tướng"). Each part of the code is read, in this order, from:

1. ``DOCUMENT_PARTS``: the kinds of document (QĐ quyết định, NQ nghị quyết, TT thông tư, CT chỉ
   thị, KL kết luận, CV công văn…) and the issuers whose short form means something else outside a
   document number (TW and TƯ trung ương, TU tỉnh ủy, CP Chính phủ, BTC Bộ Tài chính, BCT Bộ Công
   Thương, UB ủy ban);
2. a provincial department, "S" + its field ("SYT" Sở Y tế, "STC" Sở Tài chính from
   ``DEPARTMENT_FIELDS``, "STNMT" Sở Tài nguyên và Môi trường from the listed fields);
3. the shipped abbreviation list (UBND, HĐND, BGDĐT, BYT, NHNN…);
4. otherwise its letters are spelled ("KT" → "ca tê", "NVY" → "en vê i dài").

Digits glued to a part are read after it ("QH15" → "Quốc hội mười lăm"). A code is only taken
for a document number when it has two parts or more, or when its one part is a kind of document,
or a document word stands before the number ("Công văn số 12/UBND"), so "95-III" (a fuel grade)
or a class "12-A1" are left to other rules. A number and a year alone ("Nghị định 46/2016") are
read the same way after a document word, so the year is not taken for a month.

A code named without its number ("theo tinh thần NQ/TW") is read the same way when it opens with
a kind of document and every part is known.

A standard's year follows a colon ("ISO 9001:2015", "TCVN 5945:2005", "QCVN 41:2019/BGTVT") and is
read the same way: "chín nghìn không trăm linh một năm hai nghìn không trăm mười lăm".
"""
from __future__ import annotations

import re

from vntext.abbreviations import ABBREVIATIONS, DEPARTMENT_FIELDS, FIELDS, spell_letters
from vntext.numbers import read_cardinal, read_digits

__all__ = [
    "DOCUMENT_PARTS",
    "read_code_part",
    "read_document_codes",
    "read_document_numbers",
    "read_standard_numbers",
]

# The kinds of document, read in full after the number.
_DOCUMENT_KINDS = {
    "QĐ": "quyết định", "NQ": "nghị quyết", "NĐ": "nghị định", "TT": "thông tư", "TTLT": "thông tư liên tịch",
    "NQLT": "nghị quyết liên tịch", "CT": "chỉ thị", "KL": "kết luận", "CV": "công văn", "TB": "thông báo",
    "KH": "kế hoạch", "HD": "hướng dẫn", "BC": "báo cáo", "TTr": "tờ trình", "CĐ": "công điện",
    "QyĐ": "quy định", "QC": "quy chế", "CTr": "chương trình", "ĐA": "đề án", "GP": "giấy phép",
    "GCN": "giấy chứng nhận", "BB": "biên bản", "PL": "pháp lệnh",
}  # fmt: skip
# Issuers whose short form means something else outside a document number.
_ISSUERS = {
    "TW": "trung ương", "TƯ": "trung ương", "TU": "tỉnh ủy", "HU": "huyện ủy", "ĐU": "đảng ủy",
    "CP": "Chính phủ", "TTg": "Thủ tướng", "QH": "Quốc hội", "UB": "ủy ban", "BTC": "Bộ Tài chính",
    "BCT": "Bộ Công Thương",
}  # fmt: skip
DOCUMENT_PARTS: dict[str, str] = {**_DOCUMENT_KINDS, **_ISSUERS}
# The fields of ministries and departments listed with three letters or more ("TNMT", "GTVT"):
# after "S" in a code they name a department ("STNMT" is Sở Tài nguyên và Môi trường).
_LISTED_FIELDS = frozenset(
    abbreviation for abbreviation in FIELDS["state"] if len(abbreviation) >= 3 and abbreviation.isalpha()
)

_LETTERS = "A-Za-zĐđƠơƯư"
# A part of a code: a capital, at least one more letter ("&" may join two: "BGD&ĐT"), then at
# most two digits ("QH15").
_PART = rf"[A-ZĐ](?:[{_LETTERS}]|&(?=[A-ZĐ])){{1,11}}\d{{0,2}}"
_JOIN = r"[ \t]?[-/][ \t]?"
_DOCUMENT_NUMBER = re.compile(
    rf"(?P<number>\d(?<![\w./,:-]\d)\d{{0,4}})(?=[ \t]?[-/])"
    rf"(?:[ \t]?/[ \t]?(?P<year>(?:19|20)\d\d)(?!\d))?"
    rf"(?:(?P<sep>{_JOIN})(?P<code>{_PART}(?:{_JOIN}{_PART})*))?"
    rf"(?![\w&]|[-/]\w)"
)
_DOCUMENT_HINT = re.compile(rf"\d[ \t]?[-/][ \t]?(?:[A-ZĐ][{_LETTERS}]|(?:19|20)\d\d)")
_DOCUMENT_WORD_BEFORE = re.compile(
    r"(?<![^\W_])(?i:nghị định|thông tư|quyết định|nghị quyết|chỉ thị|công văn|luật|văn bản|kết luận"
    r"|thông báo|kế hoạch|hướng dẫn|tờ trình|công điện|quy định|báo cáo|giấy phép|pháp lệnh|số)"
    r"[ \t]*:?[ \t]*\Z"
)
_ROMAN_ONLY = re.compile(r"[IVX]+")
_PART_PIECES = re.compile(r"(?P<letters>[^\d]+)(?P<digits>\d*)")
_STANDARD = re.compile(
    rf"(?<![\w/-])(?P<name>(?:ISO|TCVN|QCVN|TCXDVN|QCXDVN|IEC|TCN)(?:/IEC)?)[ \t]+"
    rf"(?P<number>\d{{1,5}}(?:-\d{{1,3}})?):(?P<year>(?:19|20)\d\d)"
    rf"(?:/(?P<code>{_PART}(?:{_JOIN}{_PART})*))?(?![\w&])"
)


# A code named without its number ("theo tinh thần NQ/TW"): a kind of document, then issuers.
_BARE_CODE = re.compile(rf"(?<![\w/&-])(?P<code>{_PART}(?:[-/]{_PART})+)(?![\w&]|[-/]\w)")
_BARE_CODE_HINT = re.compile(r"[A-ZĐ][-/][A-ZĐ]")


def _read_number(digits: str) -> str:
    """A document number: digit by digit when it keeps a leading zero, otherwise as a number."""
    return read_digits(digits) if len(digits) > 1 and digits.startswith("0") else read_cardinal(int(digits))


def read_code_part(part: str) -> str:
    """Read one part of a document code (the order of lookups is in the module docstring).

    >>> [read_code_part(p) for p in ("QĐ", "UBND", "TW", "QH15", "SYT", "KT", "TTg")]
    ['quyết định', 'ủy ban nhân dân', 'trung ương', 'Quốc hội mười lăm', 'Sở y tế', 'ca tê', 'Thủ tướng']
    """
    pieces = _PART_PIECES.fullmatch(part)
    letters, digits = (pieces["letters"], pieces["digits"]) if pieces else (part, "")
    if letters in DOCUMENT_PARTS:
        words = DOCUMENT_PARTS[letters]
    elif letters.startswith("S") and (letters[1:] in DEPARTMENT_FIELDS or letters[1:] in _LISTED_FIELDS):
        words = "Sở " + (DEPARTMENT_FIELDS.get(letters[1:]) or ABBREVIATIONS[letters[1:]])
    elif letters in ABBREVIATIONS:
        words = ABBREVIATIONS[letters]
    else:
        words = spell_letters(letters.upper().replace("&", ""))
    return f"{words} {read_cardinal(int(digits))}" if digits else words


def _read_code(code: str) -> str:
    return " ".join(read_code_part(part) for part in re.split(_JOIN, code))


def _is_document_code(match: re.Match[str]) -> bool:
    """Whether the code after a number makes it a document number (rules in the module docstring)."""
    parts = re.split(_JOIN, match["code"])
    if any(_ROMAN_ONLY.fullmatch(part) for part in parts):
        return False
    if len(parts) > 1 or parts[0] in _DOCUMENT_KINDS:
        return True
    source, start = match.string, match.start()
    return bool(match["year"]) or _DOCUMENT_WORD_BEFORE.search(source, max(0, start - 24), start) is not None


def read_document_numbers(text: str) -> str:
    """Read document numbers: the number, its year, then the parts of its code, separators silent.

    >>> read_document_numbers("Theo Quyết định 1520/QĐ-UBND và Nghị quyết số 57-NQ/TW")
    'Theo Quyết định một nghìn năm trăm hai mươi quyết định ủy ban nhân dân và Nghị quyết số năm mươi bảy nghị quyết trung ương'
    >>> read_document_numbers("Nghị định 100/2019/NĐ-CP thay Nghị định 46/2016; xăng RON 95-III")
    'Nghị định một trăm năm hai nghìn không trăm mười chín nghị định Chính phủ thay Nghị định bốn mươi sáu năm hai nghìn không trăm mười sáu; xăng RON 95-III'
    """

    def spoken(match: re.Match[str]) -> str:
        source, start = match.string, match.start()
        if match["code"] is None:
            if not (match["year"] and _DOCUMENT_WORD_BEFORE.search(source, max(0, start - 24), start)):
                return match.group(0)
            if match["sep"]:
                return match.group(0)
        elif not _is_document_code(match):
            return match.group(0)
        words = _read_number(match["number"])
        if match["year"]:
            words += " năm " + read_cardinal(int(match["year"]))
        if match["code"]:
            words += " " + _read_code(match["code"])
        return words

    if not _DOCUMENT_HINT.search(text):
        return text
    return _DOCUMENT_NUMBER.sub(spoken, text)


def _is_known_part(part: str) -> bool:
    pieces = _PART_PIECES.fullmatch(part)
    letters = pieces["letters"] if pieces else part
    return (
        letters in DOCUMENT_PARTS
        or letters in ABBREVIATIONS
        or (letters.startswith("S") and (letters[1:] in DEPARTMENT_FIELDS or letters[1:] in _LISTED_FIELDS))
    )


def read_document_codes(text: str) -> str:
    """Read a document's code named without its number the same way: "NQ/TW" is "nghị quyết trung
    ương". Only a code that opens with a kind of document and whose every part is known is read; a
    listed pair keeps its listed reading ("KH-CN" is "khoa học - công nghệ").

    >>> read_document_codes("Thực hiện NQ/TW và các QĐ-UBND của tỉnh; KH-CN; TT-Huế")
    'Thực hiện nghị quyết trung ương và các quyết định ủy ban nhân dân của tỉnh; KH-CN; TT-Huế'
    """

    def spoken(match: re.Match[str]) -> str:
        code = match["code"]
        parts = re.split(r"[-/]", code)
        if code in ABBREVIATIONS or parts[0] not in _DOCUMENT_KINDS or not all(map(_is_known_part, parts)):
            return code
        return _read_code(code)

    if not _BARE_CODE_HINT.search(text):
        return text
    return _BARE_CODE.sub(spoken, text)


def read_standard_numbers(text: str) -> str:
    """Read the number and year of a standard ("ISO 9001:2015", "QCVN 41:2019/BGTVT").

    >>> read_standard_numbers("Đạt chuẩn ISO 9001:2015")
    'Đạt chuẩn ISO chín nghìn không trăm linh một năm hai nghìn không trăm mười lăm'
    >>> read_standard_numbers("Theo QCVN 41:2019/BGTVT")
    'Theo QCVN bốn mươi mốt năm hai nghìn không trăm mười chín Bộ Giao thông vận tải'
    """

    def spoken(match: re.Match[str]) -> str:
        number = " ".join(_read_number(piece) for piece in match["number"].split("-"))
        words = f"{match['name']} {number} năm {read_cardinal(int(match['year']))}"
        return words + (" " + _read_code(match["code"]) if match["code"] else "")

    if ":" not in text:
        return text
    return _STANDARD.sub(spoken, text)

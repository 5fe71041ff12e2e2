"""Percentages, money and units of measure after a number.

House style:

* "%" reads "phần trăm"; "‰" reads "phần nghìn";
* đ, ₫, đồng, VND, VNĐ read "đồng"; "$" reads "đô la" and "USD" / "US$" read "đô la Mỹ";
  € / EUR "ơ rô"; ¥ / JPY "yên Nhật"; £ / GBP "bảng Anh"; CNY / NDT "nhân dân tệ";
* money shorthand: 10k = "mười nghìn", 10tr = "mười triệu", 1tr2 = "một triệu hai trăm nghìn",
  10t = "mười tỷ", 2t3 = "hai tỷ ba trăm triệu";
* a rate per period after "%" reads "một" (6%/năm = "sáu phần trăm một năm");
* a price per unit of time reads "trên" (50.000đ/ngày = "… đồng trên ngày"); a price per any other
  unit reads "một" (đ/kg = "đồng một ki lô gam", đồng/lít = "đồng một lít");
* units read in Vietnamese spelling (km = "ki lô mét", m² / m2 = "mét vuông", ha = "héc ta",
  °C = "độ C", MW = "mê ga oát", cc = "phân khối", a star rating 4* = "bốn sao"); unit/unit
  reads "trên" (km/h = "ki lô mét trên giờ"), and so does a slash before an amount ("lít/100 km"
  = "lít trên một trăm ki lô mét").

Numbers themselves are left as digits for the number rule that runs later.
"""
from __future__ import annotations

import re

from vntext.numbers import read_cardinal

# (written, spoken, matches in any letter case)
_UNIT_TABLE = (
    ("km", "ki lô mét", True), ("m", "mét", False), ("dm", "đề xi mét", True),
    ("cm", "xăng ti mét", True), ("mm", "mi li mét", True), ("µm", "mi crô mét", True),
    ("nm", "na nô mét", False), ("inch", "inch", True),
    ("km2", "ki lô mét vuông", True), ("km²", "ki lô mét vuông", True),
    ("m2", "mét vuông", False), ("m²", "mét vuông", False), ("cm2", "xăng ti mét vuông", True),
    ("cm²", "xăng ti mét vuông", True), ("ha", "héc ta", True),
    ("m3", "mét khối", False), ("m³", "mét khối", False), ("cm3", "xăng ti mét khối", True),
    ("cm³", "xăng ti mét khối", True),
    ("kg", "ki lô gam", True), ("g", "gam", False), ("mg", "mi li gam", False),
    ("µg", "mi crô gam", True), ("mcg", "mi crô gam", True),
    ("l", "lít", False), ("ml", "mi li lít", False),
    ("°C", "độ C", True), ("°F", "độ F", True), ("°K", "độ K", True), ("oC", "độ C", False),
    ("W", "oát", False), ("kW", "ki lô oát", True), ("MW", "mê ga oát", True),
    ("mW", "mi li oát", False), ("GW", "gi ga oát", True), ("TW", "tê ra oát", True),
    ("kWh", "ki lô oát giờ", True), ("MWh", "mê ga oát giờ", True), ("GWh", "gi ga oát giờ", True),
    ("V", "vôn", True), ("kV", "ki lô vôn", True), ("mV", "mi li vôn", False),
    ("mA", "mi li am pe", False), ("mAh", "mi li am pe giờ", True),
    ("Hz", "hẹc", True), ("kHz", "ki lô hẹc", True), ("MHz", "mê ga hẹc", True),
    ("GHz", "gi ga hẹc", True), ("hp", "mã lực", True), ("CV", "mã lực", False),
    ("KB", "ki lô bai", True), ("MB", "mê ga bai", True), ("GB", "gi ga bai", True),
    ("TB", "tê ra bai", True), ("Mbps", "mê ga bít trên giây", True),
    ("kcal", "ki lô ca lo", True), ("mmHg", "mi li mét thủy ngân", True),
    ("h", "giờ", False), ("s", "giây", False), ("min", "phút", False), ("cc", "phân khối", False),
    ("G/L", "giga trên lít", False), ("*", "sao", False),
)
_UNITS_EXACT = {written: spoken for written, spoken, _ in _UNIT_TABLE}
_UNITS_ANY_CASE = {written.lower(): spoken for written, spoken, any_case in _UNIT_TABLE if any_case}
# Single letters need to touch the number: "3 s" or "2 l" after a space is rarely a unit.
_UNITS_NEED_CONTACT = {"l", "s", "h", "V", "W", "v", "w", "min", "oC", "*"}
_TIME_WORDS = {"h": "giờ", "giờ": "giờ", "ngày": "ngày", "tuần": "tuần", "tháng": "tháng",
               "năm": "năm", "quý": "quý", "phút": "phút", "giây": "giây", "s": "giây",
               "min": "phút", "đêm": "đêm", "ca": "ca", "buổi": "buổi", "lượt": "lượt"}

_CURRENCY_TABLE = (
    ("đ", "đồng"), ("₫", "đồng"), ("đồng", "đồng"), ("VND", "đồng"), ("VNĐ", "đồng"),
    ("$", "đô la"), ("USD", "đô la Mỹ"), ("US$", "đô la Mỹ"), ("€", "ơ rô"), ("EUR", "ơ rô"),
    ("euro", "ơ rô"), ("¥", "yên Nhật"), ("JPY", "yên Nhật"), ("£", "bảng Anh"),
    ("GBP", "bảng Anh"), ("CNY", "nhân dân tệ"), ("NDT", "nhân dân tệ"), ("KRW", "won"),
    ("AUD", "đô la Úc"), ("SGD", "đô la Singapore"),
)
_CURRENCIES = {written.lower(): spoken for written, spoken in _CURRENCY_TABLE}


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_UNIT_NAMES = _alternation(_UNITS_EXACT)
# Units read after a number word ("5 triệu km", "cả trăm m2", "một kg"): the common ones written
# with two characters or more, none of them a Vietnamese word.
_UNITS_AFTER_WORDS = r"k(?:m[2²]?|g|Wh?)|m[23²³lgm]|ha|cm|M[WB]|G[BW]|TB"
_NUMBER_WORDS = r"một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|lăm|mốt|tư|trăm|nghìn|ngàn|triệu|tỷ|tỉ|chục|vạn|vài|mấy"
_UNIT_AFTER_WORD = re.compile(
    rf"(?<![^\W_])(?P<word>{_NUMBER_WORDS})[ \t](?P<unit>{_UNITS_AFTER_WORDS})"
    rf"(?:/(?P<per>{_UNIT_NAMES}))?(?![^\W_])"
)
_UNIT_AFTER_SPACE = re.compile(rf"[ \t](?:{_UNITS_AFTER_WORDS})(?![^\W_])")
# Things a price is quoted per that are written short: "đồng/cp" is "đồng một cổ phần".
_PER_ITEM_WORDS = {"cp": "cổ phần", "ccq": "chứng chỉ quỹ"}
_MULTIPLIERS = {"k": 1000, "tr": 10**6, "t": 10**9}
_MONEY_SHORTHAND = re.compile(r"(?=\d)(?<![\w.,])(\d+)(k|tr|t)(\d{1,3})?(?!\w)")
# "vé 75K": a capital K is thousands only after a word of price; "chạy 42K" is a race, "4K" a screen.
_PRICE_K = re.compile(r"(?=\d)(?<![\w.,])(\d+)K(?!\w)")
_PRICE_WORD_BEFORE = re.compile(
    r"(?<![^\W_])(?i:giá|vé|phí|lương|thưởng|trị giá|đồng giá|mua|bán)[^\d.;:!?]{0,12}$"
)
_AMOUNT_END = r"(?P<amount>\d|nghìn|ngàn|triệu|tỷ|tỉ)"
_CURRENCY_AFTER = re.compile(
    _AMOUNT_END + r"\s?(?P<currency>" + _alternation(w for w, _ in _CURRENCY_TABLE) + r")"
    r"(?![^\W_])(?P<per>(?:[ \t]?/[ \t]?[^\W_]+[²³]?)*)",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(
    r"(?=[U$€£¥])(?<![\w$€£¥])(?P<currency>US\$|\$|€|£|¥)\s?(?P<amount>\d+(?:[.,]\d+)*(?:\s(?:nghìn|ngàn|triệu|tỷ|tỉ)\b)?)"
)
_UNIT_AFTER = re.compile(
    r"(?P<digit>\d)(?P<space>\s?)(?P<unit>" + _UNIT_NAMES + r")"
    r"(?:/(?P<per>" + _UNIT_NAMES + r"))?(?!\w)",
    re.IGNORECASE,
)
# "1m75": a height in metres and centimetres, "một mét bảy mươi lăm".
_METRES_AND_CENTIMETRES = re.compile(r"(?<![\w.,])(?P<metres>\d)m(?P<centimetres>\d{1,2})(?!\w|[.,]\d)")
_PER_UNIT = re.compile(r"(?<=[^\W\d_])[ \t]?/[ \t]?(?P<unit>" + _UNIT_NAMES + r")(?!\w)", re.IGNORECASE)
_WORD_BEFORE_SLASH = re.compile(r"[^\W\d_]{2,}\Z")
# "1,8 lít/100 km", "70 mm/24 giờ": a quantity per an amount of something, read "trên".
_PER_QUANTITY = re.compile(
    r"(?<=[^\W\d_])[ \t]?/[ \t]?(?=\d[\d.,]*[ \t]?(?:ki lô|mét|mi li|xăng ti|héc ta|lít|tấn|gam|giờ|ngày|tuần"
    r"|tháng|năm|người|dân|hộ|trẻ|ca|lượt|km|kg|h|m|l)(?![^\W_]))"
)
_PERCENT = re.compile(r"(?P<digit>\d)\s?(?P<sign>[%‰])(?:/(?P<per>[^\W\d_]+)(?!\w))?")
_PERCENTAGE_POINT = re.compile(r"(?<![^\W_])điểm ?%")


def _unit_words(written: str) -> str | None:
    return _UNITS_EXACT.get(written) or _UNITS_ANY_CASE.get(written.lower())


def read_money_shorthand(text: str) -> str:
    """Read the k / tr / t shorthand for thousands, millions and billions.

    >>> read_money_shorthand("Lương 15tr, thưởng 2tr5, vé 50k")
    'Lương 15 triệu, thưởng hai triệu năm trăm nghìn, vé 50 nghìn'
    >>> read_money_shorthand("Vé 2D giá 75K; giải chạy 42K, màn hình 4K")
    'Vé 2D giá 75 nghìn; giải chạy 42K, màn hình 4K'
    """

    def words(match: re.Match[str]) -> str:
        amount, mark, rest = match.group(1), match.group(2).lower(), match.group(3)
        multiplier = _MULTIPLIERS[mark]
        if not rest:
            return f"{amount} {read_cardinal(multiplier).split()[-1]}"
        value = int(amount) * multiplier + int(rest.ljust(3, "0")) * multiplier // 1000
        return read_cardinal(value)

    if "K" in text:
        text = _PRICE_K.sub(
            lambda m: f"{m.group(1)} nghìn" if _PRICE_WORD_BEFORE.search(m.string, max(0, m.start() - 24), m.start())
            else m.group(0), text)
    return _MONEY_SHORTHAND.sub(words, text)


def read_currency_before_amount(text: str) -> str:
    """Move a currency sign written before the amount to after it.

    >>> read_currency_before_amount("Apple chi $3 tỷ, giá vé £50")
    'Apple chi 3 tỷ đô la, giá vé 50 bảng Anh'
    """
    return _CURRENCY_BEFORE.sub(
        lambda m: f"{m['amount']} {_CURRENCIES[m['currency'].lower()]}", text
    )


def read_currencies(text: str) -> str:
    """Read currency signs and codes after an amount, with an optional "/unit" price.

    >>> read_currencies("Thịt lợn 120.000đ/kg, xăng 23.500 đồng/lít, thuê 500.000đ/ngày, 2 tỷ USD")
    'Thịt lợn 120.000 đồng một ki lô gam, xăng 23.500 đồng một lít, thuê 500.000 đồng trên ngày, 2 tỷ đô la Mỹ'
    >>> read_currencies("Thu nhập 85 triệu đồng/người/năm")
    'Thu nhập 85 triệu đồng một người một năm'
    """

    def words(match: re.Match[str]) -> str:
        spoken = f"{match['amount']} {_CURRENCIES[match['currency'].lower()]}"
        pers = [per.strip(" \t") for per in match["per"].split("/")[1:]]
        for per in pers:
            time_word = _TIME_WORDS.get(per.lower())
            item = _PER_ITEM_WORDS.get(per.lower()) or _unit_words(per) or _CURRENCIES.get(per.lower()) or per
            # "đồng/người/năm": a chain reads "một" throughout ("một người một năm"), not "một người trên năm".
            spoken += f" trên {time_word}" if time_word and len(pers) == 1 else f" một {time_word or item}"
        return spoken

    return _CURRENCY_AFTER.sub(words, text)


def read_units(text: str) -> str:
    """Read a unit of measure written after a number, including unit/unit.

    >>> read_units("Gió giật 120km/h, mưa 50 mm, diện tích 1.200 m2, nhiệt độ 38°C, cao 1m68")
    'Gió giật 120 ki lô mét trên giờ, mưa 50 mi li mét, diện tích 1.200 mét vuông, nhiệt độ 38 độ C, cao 1 mét 68'
    """

    def words(match: re.Match[str]) -> str:
        unit = match["unit"]
        spoken = _unit_words(unit)
        if spoken is None or (match["space"] and unit in _UNITS_NEED_CONTACT):
            return match.group(0)
        if match["per"]:
            per = _unit_words(match["per"])
            if per is None:
                return match.group(0)
            spoken += f" trên {per}"
        return f"{match['digit']} {spoken}"

    text = _METRES_AND_CENTIMETRES.sub(r"\g<metres> mét \g<centimetres>", text)
    return _UNIT_AFTER.sub(words, text)


def read_units_after_number_words(text: str) -> str:
    """Read a unit after a number word: "5 triệu km", "cả trăm m2", "một kg".

    >>> read_units_after_number_words("Tàu bay 5 triệu km, cả trăm m2 đất, 41 µg một kg")
    'Tàu bay 5 triệu ki lô mét, cả trăm mét vuông đất, 41 µg một ki lô gam'
    """

    def words(match: re.Match[str]) -> str:
        spoken = _unit_words(match["unit"])
        if spoken is None:
            return match.group(0)
        if match["per"]:
            per = _unit_words(match["per"])
            if per is None:
                return match.group(0)
            spoken += f" trên {per}"
        return f"{match['word']} {spoken}"

    if not _UNIT_AFTER_SPACE.search(text):
        return text
    return _UNIT_AFTER_WORD.sub(words, text)


def read_per_units(text: str) -> str:
    """Read "/unit" after a word as "trên" + the unit, and "/" before an amount ("/100 km") as "trên".

    After an abbreviation in capitals the slash joins the parts of a code: "NQ/TW" is no "per
    terawatt", "KL/TU" no "per ton".

    >>> read_per_units("Mật độ 2.400 người/km2, năng suất 60 tạ/ha, tốn 1,8 lít/100 km")
    'Mật độ 2.400 người trên ki lô mét vuông, năng suất 60 tạ trên héc ta, tốn 1,8 lít trên 100 km'
    >>> read_per_units("Theo tinh thần NQ/TW và chỉ đạo của HĐND/TW")
    'Theo tinh thần NQ/TW và chỉ đạo của HĐND/TW'
    """

    def words(match: re.Match[str]) -> str:
        before = _WORD_BEFORE_SLASH.search(match.string, max(0, match.start() - 12), match.start())
        if before and before.group(0).isupper():
            return match.group(0)  # "NQ/TW": parts of a code, not "per terawatt"
        spoken = _unit_words(match["unit"])
        return f" trên {spoken}" if spoken else match.group(0)

    if "/" not in text:
        return text
    text = _PER_QUANTITY.sub(" trên ", text)
    return _PER_UNIT.sub(words, text)


def read_percentages(text: str) -> str:
    """Read "%" and "‰" after a number; a rate per period reads "một" (6%/năm).

    >>> read_percentages("Lạm phát 3,5%, tỷ lệ sinh 12‰, lãi suất 6%/năm, giảm 0,5 điểm %")
    'Lạm phát 3,5 phần trăm, tỷ lệ sinh 12 phần nghìn, lãi suất 6 phần trăm một năm, giảm 0,5 điểm phần trăm'
    """

    def words(match: re.Match[str]) -> str:
        spoken = match["digit"] + (" phần trăm" if match["sign"] == "%" else " phần nghìn")
        return spoken + (f" một {match['per']}" if match["per"] else "")

    if "%" not in text and "‰" not in text:
        return text
    if "điểm" in text:
        text = _PERCENTAGE_POINT.sub("điểm phần trăm", text)
    return _PERCENT.sub(words, text)

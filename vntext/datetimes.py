"""Dates and times read the way a newsreader says them.

A full date reads "ngày mười lăm tháng một năm hai nghìn không trăm mười tám"; "ngày" is not
added when the text already says "ngày", "hôm", "mùng" or "mồng", nor after a holiday or street word
("lễ 30/4" is "lễ ba mươi tháng tư"). Months read "tháng một" … "tháng tư" … "tháng mười hai".
Times read "mười bốn giờ ba mươi phút"; zero minutes and seconds are dropped, except in running
text, where a time written to the second is read in full.

A day and month without a year is a date only where a newsreader would take it for one
(``_is_short_date``):

* written with "/" or ".": after a word of the day (ngày, hôm, sáng, trưa, chiều, tối, đêm,
  khuya, hôm nay, tối qua, sáng sớm, a weekday, a trading session "phiên"), a holiday word (lễ, dịp, Tết, Quốc khánh, kỷ
  niệm, mừng), a time word (từ, đến, tới, vào, trước, sau, lúc) or an event word (khai mạc,
  khai giảng, diễn ra, tổ chức, khởi công…), next to another date, before "vừa qua", "tới",
  "này", "âm lịch" or a closing parenthesis, after a street or square named after a day
  ("đường 3/2" is "đường ba tháng hai"), when a range joins it to another date ("30/4-1/5"),
  or when it is a national day or holiday (30/4, 2/9, 20/11…); never when a portion word or a
  counted noun follows ("1/4 số cử tri", "6/7 thành viên"). Alone, "9/4" stays a fraction.
* written with "-", which is also a range or a score: after a word of the day or a holiday word,
  unless a word of frequency is around it ("mỗi ngày 2-3 lần"); after a time or event word only
  when the day is larger than the month ("từ 25-4"), when another date is next to it ("25-4 đến
  2-5-2019"), or when nothing after it says what a range would count ("có hiệu lực từ 1-7.",
  but "từ 2-3 triệu").

A day range before a month ("13-17/10") and a list of days before a month after a word of the
day ("ngày 14, 15/3") are dates.
"""
from __future__ import annotations

import re

from vntext.nouns import counted_noun_at, duration_word_at, portion_word_at
from vntext.numbers import read_cardinal, read_month
from vntext.ranges import score_word_before

_DAY_WORDS = (
    r"ngày|hôm|sáng|trưa|chiều|tối|đêm|khuya|mùng|mồng|phiên|phiên giao dịch"
    r"|(?:hôm|ngày|sáng|trưa|chiều|tối|đêm|khuya)\s+(?:nay|qua|mai|kia|sớm|muộn)"
    r"|thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật"
)
_HOLIDAY_WORDS = r"lễ|dịp|tết|quốc khánh|kỷ niệm|kỉ niệm|mừng"
_TIME_WORDS = (
    r"từ|đến|tới|vào|trước|sau|lúc|hết|hạn|khai giảng|khai mạc|bế mạc|bế giảng|khởi công|khánh thành"
    r"|diễn ra|tổ chức|ban hành|bắt đầu|kết thúc"
)
_STREET_WORDS = r"đường|phố|quảng trường|công viên|ngã tư|ngã sáu|ngã bảy"
_DAY_WORD_BEFORE = re.compile(rf"(?<![^\W_])(?:{_DAY_WORDS})[ \t]*[,(]?[ \t]*$", re.IGNORECASE)
_HOLIDAY_WORD_BEFORE = re.compile(rf"(?<![^\W_])(?:{_HOLIDAY_WORDS})[ \t]*[,(]?[ \t]*$", re.IGNORECASE)
_STREET_WORD_BEFORE = re.compile(rf"(?<![^\W_])(?:{_STREET_WORDS})[ \t]*$", re.IGNORECASE)
_TIME_WORD_BEFORE = re.compile(rf"(?<![^\W_])(?:{_TIME_WORDS})[ \t]*$", re.IGNORECASE)
# "mỗi ngày 2-3 lần", "trong đêm 2-3 tiếng": the day word counts, the dash is a range.
_FREQUENCY_BEFORE = re.compile(
    rf"(?<![^\W_])(?:mỗi|một|hằng|hàng|trong|vài|những|các|mấy)[ \t]+(?:{_DAY_WORDS})[ \t]*$", re.IGNORECASE
)
_RATIO_BEFORE = re.compile(r"(?<![^\W_])(?:tỷ lệ|tỉ lệ|tỷ số|tỉ số|gấp|lớp|số)[ \t]*$", re.IGNORECASE)
_DATE_WORDS_AFTER = re.compile(
    r"[ \t]*(?:vừa qua|tới|này|hằng năm|hàng năm|âm lịch|dương lịch|\)|(?-i:ÂL|AL|DL)(?![^\W_]))", re.IGNORECASE
)
_DASH_DATE_WORDS_AFTER = re.compile(
    r"[ \t]*(?:vừa qua|hằng năm|hàng năm|âm lịch|dương lịch|(?-i:ÂL|AL|DL)(?![^\W_]))", re.IGNORECASE
)
# "có hiệu lực từ 1-7.", "vào 2-9 hằng năm": nothing after the pair says what it would count.
_DASH_DATE_END = re.compile(
    r"[ \t]*(?:[,.;:)]|$|(?i:năm (?:nay|tới|sau|trước|\d)|vừa qua|hằng năm|hàng năm|âm lịch|dương lịch)(?![^\W_]))"
)
# "hôm 5/11" is "hôm năm tháng mười một": "hôm" already says which day ("hôm qua 5/11" still takes "ngày").
_NO_DAY_PREFIX_BEFORE = re.compile(
    rf"(?<![^\W_])(?:ngày|ngày mai|ngày kia|hôm|mùng|mồng|{_HOLIDAY_WORDS}|{_STREET_WORDS})[ \t]*[,(]?[ \t]*$",
    re.IGNORECASE,
)
_PREVIOUS_DATE = re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{4})?\s*(?:[-–,]|và|đến|tới|hoặc)?\s*$")
_OPENING_PARENTHESIS = re.compile(r"\([ \t]*$")
_SCORE_PHRASE_BEFORE = re.compile(r"(?<![^\W_])(?i:dẫn|thắng|thua|hòa|hoà|vượt|bám)[ \t]+(?i:trước|sau)[ \t]*$")
_END_OF_A_DAY_SPAN = re.compile(r"(?<![\d/.,-])\d{1,2}[ \t]+(?:đến|tới)[ \t]+$")
_LINKED_TO_A_DATE_WITHOUT_PREFIX = re.compile(
    rf"(?<![^\W_])(?:{_HOLIDAY_WORDS}|{_STREET_WORDS})[ \t]+\d{{1,2}}[/.]\d{{1,2}}[ \t]*[-–][ \t]*$", re.IGNORECASE
)
_NEXT_DATE = re.compile(
    r"\s*(?:[-–,]|và|đến|tới|hoặc)\s*(?:ngày\s+)?\d{1,2}(?P<sep>[/.-])\d{1,2}(?:(?P=sep)\d{4})?(?!\d)"
)
# Days the country marks every year, said as dates even with no word of time around them:
# liberation (30/4), national day (2/9), women's days (8/3, 20/10), teachers (20/11), the army
# (22/12), war invalids (27/7), Hồ Chí Minh's birthday (19/5), the Party (3/2), the Youth Union
# (26/3), the August Revolution (19/8), Valentine's day, Christmas and New Year's Eve.
_HOLIDAYS = frozenset({(30, 4), (2, 9), (8, 3), (20, 10), (20, 11), (22, 12), (27, 7), (19, 5), (3, 2), (26, 3),
                       (19, 8), (14, 2), (24, 12), (25, 12), (31, 12)})

_DATE = re.compile(
    r"(?=\d)(?<![\d/.,])"
    r"(?:(?P<first>\d{1,2})\s*[-–]\s*)?"
    r"(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?:(?P=sep)(?P<year>\d{4}))?"
    r"(?!\d|[/.,]\d)"
    r"(?P<link>\s*[-–]\s*(?=\d{1,2}[/.]\d))?"
)
_DAY_LIST = re.compile(
    r"(?=\d)(?<![\d/.,])(?P<days>\d{1,2}(?:[ \t]*(?:,|và)[ \t]*\d{1,2})+)"
    r"[ \t]*(?P<sep>[/.-])[ \t]*(?P<month>\d{1,2})(?:(?P=sep)(?P<year>\d{4}))?(?!\d|[/.,]\d)"
)
_DAY_LIST_HINT = re.compile(r"\d[ \t]*(?:,|và)[ \t]*\d{1,2}[ \t]*[/.-][ \t]*\d")
_DAY_LIST_SEPARATOR = re.compile(r"[ \t]*(,|và)[ \t]*")
_MONTH_YEAR = re.compile(
    r"(?=[Tt\d])(?P<word>\b[Tt]háng\s+)?(?<![\d/.,])(?P<month>\d{1,2})"
    r"(?(word)(?:[ \t]*[/.–-][ \t]*|\s+)|/)(?P<year>\d{4})(?![\d/])"
)
# "ngày 17 - 3 - 2004", "Tối 21 - 3": a date written with spaced dashes.
_SPACED_DATE = re.compile(
    r"(?=\d)(?<![\d/.,])(?P<day>\d{1,2})[ \t]+[-–][ \t]+(?P<month>\d{1,2})"
    r"(?:[ \t]*[-–][ \t]*(?P<year>\d{4}))?(?![\d]|[.,]\d|[ \t]*[-–][ \t]*\d)"
)
_SPACED_DATE_HINT = re.compile(r"\d[ \t]+[-–][ \t]+\d")
# "mồng 1 - 6 Tết": days of a lunar month, a span of days.
_LUNAR_DAY_BEFORE = re.compile(r"(?<![^\W_])(?i:mồng|mùng)[ \t]*$")
_MONTH_LIST_YEAR = re.compile(
    r"\b(?P<word>[Tt]háng)\s+(?P<months>\d{1,2}(?:\s*(?:,|và|;)\s*\d{1,2})+)\s*[/.-]\s*(?P<year>\d{4})(?![\d/])"
)
_MONTH_LIST_SEPARATOR = re.compile(r"\s*(,|và|;)\s*")
# "bản đồ tỷ lệ 1/2000", "xác suất 1/1999": a scale or odds, not a month and year.
_SCALE_BEFORE = re.compile(r"(?<![^\W_])(?i:tỷ lệ|tỉ lệ|bản đồ|xác suất|tỷ số|tỉ số)[ \t]+$")
_QUARTER_WORD_BEFORE = re.compile(r"(?<![^\W_])(?i:qu[ýí])[ \t]+$")
_MONTH = re.compile(r"\b([Tt]háng)\s+(\d{1,2})(?!\d|[/.,:]\d)")
_QUARTER = re.compile(r"\b([Qq]u[ýí])\s+(IV|I{1,3}|[1-4])(?:\s*[/.-]\s*(\d{4}))?(?![\w/])")
_QUARTER_NUMBERS = {"I": 1, "II": 2, "III": 3, "IV": 4}
_CLOCK = re.compile(
    r"(?=\d)(?<![\d:.,])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])"
    r"(?:\s+(utc|gmt|ict|pst|pdt|est|edt|cet|jst|kst))?(?!\w)"
    r"(?P<minute_word>\s+phút(?![^\W_]))?",
    re.IGNORECASE,
)
_HOUR_MARK = re.compile(
    r"(?=\d)(?<![\w.,])(\d{1,2})(?:h|g(?=\d))(\d{2})(?:['’]|\s?phút|p(?:h)?)?(?!\w)"
    r"|(?<![\w.,])(\d{1,2})h(?!\w)(?:\s+(utc|gmt|ict|pst|est|jst|kst)(?!\w))?",
    re.IGNORECASE,
)
# "trực 24/24h", "12/24h": hours out of the day's twenty-four.
_HOURS_OF_THE_DAY = re.compile(r"(?<![\w.,/])(?P<hours>\d{1,2})/24[ \t]?h(?![^\W_])", re.IGNORECASE)
# "13g chiều", "lúc 7g": g is also the gram, so an hour only before a part of the day or after "lúc".
_HOUR_G = re.compile(r"(?=\d)(?<![\w.,])(?P<hour>\d{1,2})[ \t]?g(?![^\W_])")
_HOUR_G_HINT = re.compile(r"\d[ \t]?g(?![^\W_])")
# "từ 7g-11g", "13g30-17g": two hours joined by a dash are a time span, not grams.
_HOUR_G_SPAN = re.compile(
    r"(?=\d)(?<![\w.,])(?P<first>\d{1,2})g(?P<first_minutes>\d{2})?[ \t]*(?:[-–]|đến|tới)[ \t]*"
    r"(?P<second>\d{1,2})g(?P<second_minutes>\d{2})?(?![^\W_])"
)
_SPAN_WORD_BEFORE = re.compile(r"(?<![^\W_])(?i:từ|lúc|vào)[ \t]*$")
_LUC_BEFORE = re.compile(r"(?<![^\W_])(?i:lúc)[ \t]*$")
_PART_OF_DAY_AFTER = re.compile(
    r"[ \t]+(?:sáng|trưa|chiều|tối|đêm|khuya|ngày|hôm)(?![^\W_])", re.IGNORECASE
)
_WORD_BEFORE_ON_LINE = re.compile(r"[^\W\d_]+[^\n\d]*$")
_MINUTE_SECOND = re.compile(r"(?=\d)(?<![\w.,])(\d{1,2})p(\d{1,2})s(?!\w)")
_BARE_MINUTES = re.compile(r"(?=\d)(?<![\w.,])(\d{1,3})p(?!\w)")
# The minute of a match: "phút 89'", "phút 90+3'", and a scorer's minutes "(12', 45+1')".
_MINUTE_MARK = r"(?P<minute>\d{1,3})(?:[ \t]*\+[ \t]*(?P<added>\d{1,2}))?['’′](?![\w'’′])"
_MATCH_MINUTE = re.compile(rf"(?<![^\W_])(?P<word>[Pp]hút)[ \t]+{_MINUTE_MARK}")
_SCORER_MINUTES = re.compile(r"\((?:[ \t]*\d{1,3}(?:[ \t]*\+[ \t]*\d{1,2})?['’′][ \t]*,?)+[ \t]*\)")
_SCORER_MINUTE = re.compile(_MINUTE_MARK)


def _is_date(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _year_words(year: str | None) -> str:
    return f" năm {read_cardinal(int(year))}" if year else ""


def _is_short_date(match: re.Match[str], day: int, month: int) -> bool:
    """True when a day and month written without a year are a date here (rules in the module doc)."""
    text, start, end = match.string, match.start(), match.end()
    before = text[max(0, start - 30):start]
    next_date = _NEXT_DATE.match(text, end)
    if next_date and (portion_word_at(text, next_date.end()) or counted_noun_at(text, next_date.end())):
        return False  # "từ 1/3 đến 1/2 lượng mưa", "từ 2-3 đến 4-5 người": two shares or counts
    next_to_a_date = bool(match["link"] or _PREVIOUS_DATE.search(before) or next_date)
    if match["sep"] == "-":
        if _DAY_WORD_BEFORE.search(before) or _HOLIDAY_WORD_BEFORE.search(before):
            if _FREQUENCY_BEFORE.search(before):
                return False
            return day > month or not duration_word_at(text, end)
        if _SCORE_PHRASE_BEFORE.search(before) or _RATIO_BEFORE.search(before):
            return False  # "dẫn trước 2-1", "tỷ số 3-1": a score, though "trước" is a time word
        if _TIME_WORD_BEFORE.search(before):
            if day > month or next_to_a_date or _DASH_DATE_END.match(text, end):
                return not duration_word_at(text, end) and not counted_noun_at(text, end)
            return False
        if score_word_before(text, start):
            return False  # "thắng (3-1)"
        if _DASH_DATE_END.match(text, end) and (
            _is_dated_in_parentheses(text, start, end, day, month) or _previous_is_a_date(text, start)
        ):
            return True  # "Ngày Thầy thuốc Việt Nam (27-2)", "dịp lễ 30-4 và 1-5,"
        return next_to_a_date and bool(_DASH_DATE_WORDS_AFTER.match(text, end) or match["link"])
    if _DAY_WORD_BEFORE.search(before) or _HOLIDAY_WORD_BEFORE.search(before) or match["link"]:
        return True
    if _STREET_WORD_BEFORE.search(before):
        return True  # streets and squares named after a date: "đường 3/2", "quảng trường 30/4"
    if portion_word_at(text, end) or counted_noun_at(text, end):
        return False
    if _TIME_WORD_BEFORE.search(before) or next_to_a_date or _DATE_WORDS_AFTER.match(text, end):
        return True
    if match["first"]:
        return True
    return (day, month) in _HOLIDAYS and not _RATIO_BEFORE.search(before)


def _is_dated_in_parentheses(text: str, start: int, end: int, day: int, month: int) -> bool:
    """True for "(27-2)": a day and month alone in parentheses after a name, as a named day is
    dated. A range goes up, so a first number larger than the second is no range; a national day
    is a date either way.

    >>> text = "Ngày Thầy thuốc (27-2), kết quả (1-3)"
    >>> _is_dated_in_parentheses(text, 17, 21, 27, 2), _is_dated_in_parentheses(text, 32, 35, 1, 3)
    (True, False)
    """
    if text[end:end + 1] != ")" or not _OPENING_PARENTHESIS.search(text, max(0, start - 4), start):
        return False
    return day > month or (day, month) in _HOLIDAYS


def _previous_is_a_date(text: str, start: int) -> bool:
    """True when the pair before this one ("lễ 30-4 và 1-5") is itself dated by a word of the day,
    a holiday or time word.

    >>> _previous_is_a_date("Dịp lễ 30-4 và 1-5", 15), _previous_is_a_date("Tỷ số 3-1 và 2-2", 13)
    (True, False)
    """
    before = text[max(0, start - 40):start]
    previous = _PREVIOUS_DATE.search(before)
    if previous is None or not previous.group(0).rstrip().endswith(("và", ",", "hoặc")):
        return False
    earlier = before[:previous.start()]
    return bool(
        _DAY_WORD_BEFORE.search(earlier) or _HOLIDAY_WORD_BEFORE.search(earlier) or _TIME_WORD_BEFORE.search(earlier)
    )


def _is_a_name(match: re.Match[str], before: str) -> bool:
    """True when a national day stands with no word of time around it, as the name of a school,
    a street or an event ("Trường THCS 2/9"): said without "ngày"."""
    if match["year"] or (int(match["day"]), int(match["month"])) not in _HOLIDAYS:
        return False
    return not (_DAY_WORD_BEFORE.search(before) or _TIME_WORD_BEFORE.search(before))


def _date_words(match: re.Match[str]) -> str:
    day, month, year = int(match["day"]), int(match["month"]), match["year"]
    first = int(match["first"]) if match["first"] else None
    if not _is_date(day, month) or (first is not None and not 1 <= first < day):
        return match.group(0)
    if not year and not _is_short_date(match, day, month):
        return match.group(0)
    before = match.string[max(0, match.start() - 30):match.start()]
    prefix = "" if _NO_DAY_PREFIX_BEFORE.search(before) or _is_a_name(match, before) else "ngày "
    if prefix and (_LINKED_TO_A_DATE_WITHOUT_PREFIX.search(before) or _END_OF_A_DAY_SPAN.search(before)):
        prefix = ""  # "lễ 30/4 - 1/5", "từ 25 đến 27-6": said like the day before it
    days = read_cardinal(day)
    if first is not None:
        days = f"{read_cardinal(first)} đến {days}"
    link = " đến " if match["link"] else ""
    return f"{prefix}{days} tháng {read_month(month)}{_year_words(year)}{link}"


def read_day_lists(text: str) -> str:
    """Read a list of days before one month after a word of the day: "ngày 14, 15/3".

    >>> read_day_lists("Hội thảo diễn ra hai ngày 14, 15/3; rét đậm các ngày 5, 6 và 7-1.")
    'Hội thảo diễn ra hai ngày mười bốn, mười lăm tháng ba; rét đậm các ngày năm, sáu và bảy tháng một.'
    """

    def words(match: re.Match[str]) -> str:
        source, start = match.string, match.start()
        parts = _DAY_LIST_SEPARATOR.split(match["days"])
        days = [int(day) for day in parts[::2]]
        month = int(match["month"])
        if not (1 <= month <= 12 and all(1 <= day <= 31 for day in days) and days == sorted(set(days))):
            return match.group(0)
        before = source[max(0, start - 30):start]
        if not _DAY_WORD_BEFORE.search(before):
            return match.group(0)
        spoken = "".join(
            read_cardinal(int(part)) if index % 2 == 0 else (", " if part == "," else f" {part} ")
            for index, part in enumerate(parts)
        )
        prefix = "" if _NO_DAY_PREFIX_BEFORE.search(before) else "ngày "
        return f"{prefix}{spoken} tháng {read_month(month)}{_year_words(match['year'])}"

    if not _DAY_LIST_HINT.search(text):
        return text
    return _DAY_LIST.sub(words, text)


def read_dates(text: str) -> str:
    """Read day/month(/year) dates written with /, . or - (and day ranges like 15-20/1).

    >>> read_dates("Sáng 15/1, tại Hà Nội, hội nghị diễn ra đến 20/1/2024.")
    'Sáng ngày mười lăm tháng một, tại Hà Nội, hội nghị diễn ra đến ngày hai mươi tháng một năm hai nghìn không trăm hai mươi tư.'
    """
    return _DATE.sub(_date_words, text)


def read_spaced_dates(text: str) -> str:
    """Read dates written with spaced dashes: "ngày 17 - 3 - 2004", "Tối 21 - 3", "(22 - 3)".

    With a year the three numbers are a date. Without one, the pair is a date after a word of the
    day or a holiday word (not one of frequency, not "mồng": "mồng 1 - 6 Tết" is a span of days,
    and not before a word of duration: "ngày 2 - 3 lần" is a range), or alone in parentheses with
    a first number above the second.

    >>> read_spaced_dates("Ngày 17 - 3 – 2004, tối 21 - 3; mỗi ngày 2 - 3 lần")
    'Ngày mười bảy tháng ba năm hai nghìn không trăm linh bốn, tối ngày hai mươi mốt tháng ba; mỗi ngày 2 - 3 lần'
    >>> read_spaced_dates("Ngày nước thế giới (22 - 3)")
    'Ngày nước thế giới (ngày hai mươi hai tháng ba)'
    """

    def words(match: re.Match[str]) -> str:
        source, start, end = match.string, match.start(), match.end()
        day, month = int(match["day"]), int(match["month"])
        if not _is_date(day, month):
            return match.group(0)
        before = source[max(0, start - 30):start]
        if not match["year"]:
            day_word = _DAY_WORD_BEFORE.search(before) or _HOLIDAY_WORD_BEFORE.search(before)
            if day_word and (
                _FREQUENCY_BEFORE.search(before) or duration_word_at(source, end) or _LUNAR_DAY_BEFORE.search(before)
            ):
                return match.group(0)
            if not day_word and not (
                _is_dated_in_parentheses(source, start, end, day, month) and not score_word_before(source, start)
            ):
                return match.group(0)
        prefix = "" if _NO_DAY_PREFIX_BEFORE.search(before) else "ngày "
        return f"{prefix}{read_cardinal(day)} tháng {read_month(month)}{_year_words(match['year'])}"

    if not _SPACED_DATE_HINT.search(text):
        return text
    return _SPACED_DATE.sub(words, text)


def read_month_years(text: str) -> str:
    """Read month/year forms: "tháng 1/2024", "tháng 1 2024", a bare "4/2024" (not after "quý"
    or a word of scale, "bản đồ 1/2000") and a list of months before one year ("tháng 1,2/2019"
    is January and February, not a decimal).

    >>> read_month_years("Từ tháng 7/2024, lương cơ sở tăng; đến 12/2025 sẽ đánh giá lại.")
    'Từ tháng bảy năm 2024, lương cơ sở tăng; đến tháng mười hai năm 2025 sẽ đánh giá lại.'
    >>> read_month_years("Hợp đồng gia hạn đến tháng 1,2/2019.")
    'Hợp đồng gia hạn đến tháng một, hai năm 2019.'
    """

    def month_list(match: re.Match[str]) -> str:
        parts = _MONTH_LIST_SEPARATOR.split(match["months"])
        if not all(1 <= int(month) <= 12 for month in parts[::2]):
            return match.group(0)
        spoken = [read_month(int(part)) if index % 2 == 0 else ("," if part == ";" else part)
                  for index, part in enumerate(parts)]
        listed = "".join(word if word == "," else f" {word}" for word in spoken).strip()
        return f"{match['word']} {listed} năm {match['year']}"

    def words(match: re.Match[str]) -> str:
        month = int(match["month"])
        if not 1 <= month <= 12:
            return match.group(0)
        if not match["word"]:
            if not 1900 <= int(match["year"]) <= 2100:
                return match.group(0)
            before = match.string[max(0, match.start() - 16):match.start()]
            if _QUARTER_WORD_BEFORE.search(before) or _SCALE_BEFORE.search(before):
                return match.group(0)
        word = match["word"] or "tháng "
        return f"{word.rstrip()} {read_month(month)} năm {match['year']}"

    if "háng" in text:
        text = _MONTH_LIST_YEAR.sub(month_list, text)
    return _MONTH_YEAR.sub(words, text)


def read_months(text: str) -> str:
    """Read "tháng" + a month number with the month's own word (4 is "tư").

    >>> read_months("Tháng 4 và tháng 12 là mùa cao điểm")
    'Tháng tư và tháng mười hai là mùa cao điểm'
    """

    def words(match: re.Match[str]) -> str:
        month = int(match.group(2))
        if not 1 <= month <= 12:
            return match.group(0)
        return f"{match.group(1)} {read_month(month)}"

    return _MONTH.sub(words, text)


def read_quarters(text: str) -> str:
    """Read quarters written in Roman or Arabic figures, with an optional year.

    >>> read_quarters("GDP quý III/2024 tăng 7,4%")
    'GDP quý ba năm 2024 tăng 7,4%'
    """

    def words(match: re.Match[str]) -> str:
        figure = match.group(2)
        number = _QUARTER_NUMBERS.get(figure) or int(figure)
        year = f" năm {match.group(3)}" if match.group(3) else ""
        return f"{match.group(1)} {read_cardinal(number)}{year}"

    return _QUARTER.sub(words, text)


def _clock_words(hours: int, minutes: int, seconds: int = 0, every_part: bool = False) -> str:
    """Hours, then minutes and seconds unless zero; ``every_part`` reads zeros too.

    >>> _clock_words(9, 0), _clock_words(3, 0, 3), _clock_words(12, 0, 0, every_part=True)
    ('chín giờ', 'ba giờ ba giây', 'mười hai giờ không phút không giây')
    """
    words = f"{read_cardinal(hours)} giờ"
    if every_part:
        return f"{words} {read_cardinal(minutes)} phút {read_cardinal(seconds)} giây"
    if minutes:
        words += f" {read_cardinal(minutes)} phút"
    if seconds:
        words += f" {read_cardinal(seconds)} giây"
    return words


def read_clock_times(text: str) -> str:
    """Read hh:mm(:ss) times, with an optional time zone spelled in capitals.

    Zero minutes and seconds are dropped (8:00:00 is "tám giờ"), except in running text, where a
    time written to the second is a precise moment and every written part is read ("đúng
    12:00:00" is "đúng mười hai giờ không phút không giây"). A "phút" after the time is not said
    twice (10:20 phút); a first part above 24 before "phút" is minutes and seconds (45:20 phút).

    >>> read_clock_times("Cập nhật lúc 21:03, khai mạc 9:00 UTC, pháo hoa bắn đúng 12:00:00")
    'Cập nhật lúc hai mươi mốt giờ ba phút, khai mạc chín giờ UTC, pháo hoa bắn đúng mười hai giờ không phút không giây'
    >>> read_clock_times("Lễ bắt đầu lúc 10:20 phút, về đích sau 45:20 phút.")
    'Lễ bắt đầu lúc mười giờ hai mươi phút, về đích sau bốn mươi lăm phút hai mươi giây.'
    """

    def words(match: re.Match[str]) -> str:
        hours, minutes = int(match.group(1)), int(match.group(2))
        seconds = int(match.group(3) or 0)
        if match["minute_word"] and not match.group(3) and hours > 24 and minutes <= 59:
            return f"{read_cardinal(hours)} phút {read_cardinal(minutes)} giây"
        if hours > 24 or minutes > 59 or seconds > 59:
            return match.group(0)
        zone = f" {match.group(4).upper()}" if match.group(4) else ""
        in_running_text = bool(match.group(3)) and _WORD_BEFORE_ON_LINE.search(
            match.string, max(0, match.start() - 40), match.start()
        )
        spoken = _clock_words(hours, minutes, seconds, every_part=bool(in_running_text)) + zone
        if match["minute_word"] and (zone or not spoken.endswith("phút")):
            spoken += match["minute_word"]
        return spoken

    if ":" not in text:
        return text
    return _CLOCK.sub(words, text)


def read_hour_marks(text: str) -> str:
    """Read times written with h or g: 8h, 14h30, 8g30, 09h05, and "13g" before a part of the day
    or after "lúc" (elsewhere 13g is thirteen grams). Two hours with g joined by a dash are a
    span when one of them has minutes or "từ", "lúc" or "vào" comes before ("từ 7g-11g").

    >>> read_hour_marks("Từ 8h đến 14h30, trận đấu bắt đầu lúc 19g05")
    'Từ tám giờ đến mười bốn giờ ba mươi phút, trận đấu bắt đầu lúc mười chín giờ năm phút'
    >>> read_hour_marks("Khoảng 13g chiều, mỗi gói 13g muối")
    'Khoảng mười ba giờ chiều, mỗi gói 13g muối'
    >>> read_hour_marks("Mở cửa từ 7g-11g và 13g30-17g; mỗi ngày 5g-10g muối")
    'Mở cửa từ bảy giờ đến mười một giờ và mười ba giờ ba mươi phút đến mười bảy giờ; mỗi ngày 5g-10g muối'
    >>> read_hour_marks("Trực 24/24h, máy chạy 12/24h")
    'Trực hai mươi tư trên hai mươi tư giờ, máy chạy mười hai trên hai mươi tư giờ'
    """

    def words(match: re.Match[str]) -> str:
        if match.group(3):
            hours = int(match.group(3))
            zone = f" {match.group(4).upper()}" if match.group(4) else ""
            return _clock_words(hours, 0) + zone if hours <= 24 else match.group(0)
        hours, minutes = int(match.group(1)), int(match.group(2))
        if hours > 24 or minutes > 59:
            return match.group(0)
        return _clock_words(hours, minutes)

    def hour_g(match: re.Match[str]) -> str:
        source, start, end = match.string, match.start(), match.end()
        hours = int(match["hour"])
        if hours > 24:
            return match.group(0)
        if _PART_OF_DAY_AFTER.match(source, end) or _LUC_BEFORE.search(source, max(0, start - 12), start):
            return _clock_words(hours, 0)
        return match.group(0)

    def hour_g_span(match: re.Match[str]) -> str:
        source, start = match.string, match.start()
        first, second = int(match["first"]), int(match["second"])
        first_minutes, second_minutes = int(match["first_minutes"] or 0), int(match["second_minutes"] or 0)
        if max(first, second) > 24 or max(first_minutes, second_minutes) > 59:
            return match.group(0)
        has_minutes = match["first_minutes"] or match["second_minutes"]
        if not (has_minutes or (first < second and _SPAN_WORD_BEFORE.search(source, max(0, start - 8), start))):
            return match.group(0)
        return f"{_clock_words(first, first_minutes)} đến {_clock_words(second, second_minutes)}"

    if _HOUR_G_HINT.search(text):
        text = _HOUR_G_SPAN.sub(hour_g_span, text)
    text = _HOURS_OF_THE_DAY.sub(
        lambda m: f"{read_cardinal(int(m['hours']))} trên hai mươi tư giờ" if int(m["hours"]) <= 24 else m.group(0), text)
    text = _HOUR_MARK.sub(words, text)
    if _HOUR_G_HINT.search(text):
        text = _HOUR_G.sub(hour_g, text)
    return text


def read_minutes_seconds(text: str) -> str:
    """Read minute and second marks: 12p03s, 5p.

    >>> read_minutes_seconds("Cô về nhất với thành tích 12p03s, hơn người thứ hai 5p")
    'Cô về nhất với thành tích mười hai phút ba giây, hơn người thứ hai năm phút'
    """

    def minutes_seconds(match: re.Match[str]) -> str:
        minutes, seconds = int(match.group(1)), int(match.group(2))
        words = f"{read_cardinal(minutes)} phút"
        return words + (f" {read_cardinal(seconds)} giây" if seconds else "")

    text = _MINUTE_SECOND.sub(minutes_seconds, text)
    return _BARE_MINUTES.sub(lambda m: f"{read_cardinal(int(m.group(1)))} phút", text)


def _match_minute(match: re.Match[str], word: str = "phút") -> str:
    spoken = f"{word} {read_cardinal(int(match['minute']))}"
    return spoken + (f" cộng {read_cardinal(int(match['added']))}" if match["added"] else "")


def read_match_minutes(text: str) -> str:
    """Read the minutes of a match, written with a prime: after "phút", and a scorer's minutes in
    brackets, each read "phút …" (a minute of added time "cộng …").

    >>> read_match_minutes("Phút 89', Tiến Linh ghi bàn. Quang Hải (12', 90+3') lập cú đúp.")
    'Phút tám mươi chín, Tiến Linh ghi bàn. Quang Hải (phút mười hai, phút chín mươi cộng ba) lập cú đúp.'
    """
    if "'" not in text and "’" not in text and "′" not in text:
        return text
    text = _MATCH_MINUTE.sub(lambda m: _match_minute(m, m["word"]), text)

    def scorer(match: re.Match[str]) -> str:
        minutes = [_match_minute(found) for found in _SCORER_MINUTE.finditer(match.group(0))]
        return f"({', '.join(minutes)})"

    return _SCORER_MINUTES.sub(scorer, text)

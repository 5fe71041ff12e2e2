"""Dates and times read the way a newsreader says them.

A full date reads "ngày mười lăm tháng một năm hai nghìn không trăm mười tám"; "ngày" is not
repeated when the text already says "ngày", "mùng" or "mồng". A day and month without a year
(15/1, 7.4) is a date only in date context: after ngày, hôm, sáng, trưa, chiều, tối, đêm, khuya,
từ, đến, vào, a weekday, in parentheses "(15/1)", or followed by "vừa qua", "tới", "này";
elsewhere 3/4 stays a fraction for the fraction rule. Months read "tháng một" … "tháng tư" …
"tháng mười hai". Times read "mười bốn giờ ba mươi phút"; zero minutes and seconds are dropped.
"""
from __future__ import annotations

import re

from vntext.numbers import read_cardinal, read_month

_DATE_WORDS_BEFORE = re.compile(
    r"(?:\b(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|khuya|mùng|mồng|từ|đến|tới|vào|trước|sau|nay|qua|"
    r"mai|lúc|thứ\s+\w+,?|chủ\s+nhật,?)|\()\s*$",
    re.IGNORECASE,
)
_DATE_WORDS_AFTER = re.compile(r"\s*(?:vừa qua|tới|này|hằng năm|hàng năm|\))", re.IGNORECASE)
_DAY_WORD_BEFORE = re.compile(r"\b(?:ngày|mùng|mồng)\s*$", re.IGNORECASE)
_PREVIOUS_DATE = re.compile(r"\d{1,2}[/.]\d{1,2}(?:[/.]\d{4})?\s*(?:[-–,]|và|đến|tới|hoặc)?\s*$")

_DATE = re.compile(
    r"(?=\d)(?<![\d/.,])"
    r"(?:(?P<first>\d{1,2})\s*[-–]\s*)?"
    r"(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?:(?P=sep)(?P<year>\d{4}))?"
    r"(?!\d|[/.,]\d)"
    r"(?P<link>\s*[-–]\s*(?=\d{1,2}[/.]\d))?"
)
_MONTH_YEAR = re.compile(
    r"(?=[Tt\d])(?P<word>\b[Tt]háng\s+)?(?<![\d/.,])(?P<month>\d{1,2})(?(word)(?:[/.-]|\s+)|/)(?P<year>\d{4})(?![\d/])"
)
_MONTH = re.compile(r"\b([Tt]háng)\s+(\d{1,2})(?!\d|[/.,:]\d)")
_QUARTER = re.compile(r"\b([Qq]uý)\s+(IV|I{1,3}|[1-4])(?:\s*[/.-]\s*(\d{4}))?(?![\w/])")
_QUARTER_NUMBERS = {"I": 1, "II": 2, "III": 3, "IV": 4}
_DOCUMENT_NUMBER = re.compile(r"(?=\d)(?<![\d/])(\d{1,4})/(\d{4})(?P<issuer>/(?=[A-ZĐ]))?(?![\d/])")
_DOCUMENT_WORDS_BEFORE = re.compile(
    r"\b(?:nghị định|thông tư|quyết định|nghị quyết|chỉ thị|công văn|luật|văn bản|số)\s*$", re.IGNORECASE
)

_CLOCK = re.compile(
    r"(?=\d)(?<![\d:.,])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])"
    r"(?:\s+(utc|gmt|ict|pst|pdt|est|edt|cet|jst|kst))?(?!\w)",
    re.IGNORECASE,
)
_HOUR_MARK = re.compile(
    r"(?=\d)(?<![\w.,])(\d{1,2})(?:h|g(?=\d))(\d{2})(?:['’]|\s?phút|p(?:h)?)?(?!\w)"
    r"|(?<![\w.,])(\d{1,2})h(?!\w)(?:\s+(utc|gmt|ict|pst|est|jst|kst)(?!\w))?",
    re.IGNORECASE,
)
_MINUTE_SECOND = re.compile(r"(?=\d)(?<![\w.,])(\d{1,2})p(\d{1,2})s(?!\w)")
_BARE_MINUTES = re.compile(r"(?=\d)(?<![\w.,])(\d{1,3})p(?!\w)")


def _is_date(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _year_words(year: str | None) -> str:
    return f" năm {read_cardinal(int(year))}" if year else ""


def _in_date_context(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 30):start]
    return bool(
        _DATE_WORDS_BEFORE.search(before)
        or _PREVIOUS_DATE.search(before)
        or _DATE_WORDS_AFTER.match(text, end)
    )


def _date_words(match: re.Match[str]) -> str:
    day, month, year = int(match["day"]), int(match["month"]), match["year"]
    first = int(match["first"]) if match["first"] else None
    if not _is_date(day, month) or (first is not None and not 1 <= first < day):
        return match.group(0)
    if not year and (match["sep"] == "-" or not _in_date_context(match.string, match.start(), match.end())):
        return match.group(0)
    before = match.string[max(0, match.start() - 10):match.start()]
    prefix = "" if _DAY_WORD_BEFORE.search(before) else "ngày "
    days = read_cardinal(day)
    if first is not None:
        days = f"{read_cardinal(first)} đến {days}"
    link = " đến " if match["link"] else ""
    return f"{prefix}{days} tháng {read_month(month)}{_year_words(year)}{link}"


def read_document_numbers(text: str) -> str:
    """Read legal document numbers (number/year/issuer) so the year is not taken for a date.

    >>> read_document_numbers("Nghị định 100/2019/NĐ-CP thay Nghị định 46/2016")
    'Nghị định 100 năm 2019 NĐ-CP thay Nghị định 46 năm 2016'
    """

    def words(match: re.Match[str]) -> str:
        before = match.string[max(0, match.start() - 20):match.start()]
        if not (match["issuer"] or _DOCUMENT_WORDS_BEFORE.search(before)):
            return match.group(0)
        return f"{match.group(1)} năm {match.group(2)}" + (" " if match["issuer"] else "")

    return _DOCUMENT_NUMBER.sub(words, text)


def read_dates(text: str) -> str:
    """Read day/month(/year) dates written with /, . or - (and day ranges like 15-20/1).

    >>> read_dates("Sáng 15/1, tại Hà Nội, hội nghị diễn ra đến 20/1/2024.")
    'Sáng ngày mười lăm tháng một, tại Hà Nội, hội nghị diễn ra đến ngày hai mươi tháng một năm hai nghìn không trăm hai mươi tư.'
    """
    return _DATE.sub(_date_words, text)


def read_month_years(text: str) -> str:
    """Read month/year forms: "tháng 1/2024", "tháng 1 2024" and a bare "4/2024".

    >>> read_month_years("Từ tháng 7/2024, lương cơ sở tăng; đến 12/2025 sẽ đánh giá lại.")
    'Từ tháng bảy năm 2024, lương cơ sở tăng; đến tháng mười hai năm 2025 sẽ đánh giá lại.'
    """

    def words(match: re.Match[str]) -> str:
        month = int(match["month"])
        if not 1 <= month <= 12:
            return match.group(0)
        if not match["word"] and not 1900 <= int(match["year"]) <= 2100:
            return match.group(0)
        word = match["word"] or "tháng "
        return f"{word.rstrip()} {read_month(month)} năm {match['year']}"

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


def _clock_words(hours: int, minutes: int, seconds: int = 0) -> str:
    words = f"{read_cardinal(hours)} giờ"
    if minutes:
        words += f" {read_cardinal(minutes)} phút"
    if seconds:
        words += f" {read_cardinal(seconds)} giây"
    return words


def read_clock_times(text: str) -> str:
    """Read hh:mm(:ss) times, with an optional time zone spelled in capitals.

    >>> read_clock_times("Cập nhật lúc 21:03, khai mạc 9:00 UTC")
    'Cập nhật lúc hai mươi mốt giờ ba phút, khai mạc chín giờ UTC'
    """

    def words(match: re.Match[str]) -> str:
        hours, minutes = int(match.group(1)), int(match.group(2))
        seconds = int(match.group(3) or 0)
        if hours > 24 or minutes > 59 or seconds > 59:
            return match.group(0)
        zone = f" {match.group(4).upper()}" if match.group(4) else ""
        return _clock_words(hours, minutes, seconds) + zone

    return _CLOCK.sub(words, text)


def read_hour_marks(text: str) -> str:
    """Read times written with h or g: 8h, 14h30, 8g30, 09h05.

    >>> read_hour_marks("Từ 8h đến 14h30, trận đấu bắt đầu lúc 19g05")
    'Từ tám giờ đến mười bốn giờ ba mươi phút, trận đấu bắt đầu lúc mười chín giờ năm phút'
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

    return _HOUR_MARK.sub(words, text)


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

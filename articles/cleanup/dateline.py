"""Datelines: the line under a headline that says when the article was published."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from articles.cleanup.lines import normalize_line

STATION_TIMEZONE = "Asia/Ho_Chi_Minh"

_DATE = re.compile(r"(?<!\d)(?P<day>\d{1,2})\s*([/.\-])\s*(?P<month>\d{1,2})\s*\2\s*(?P<year>\d{4})(?!\d)")
_TIME = re.compile(
    r"(?<![\d/])(?P<hour>\d{1,2})\s*(?::|h|g)\s*(?P<minute>\d{2})(?:\s*:\s*(?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>am|pm|sa|ch)\b)?(?![\d/])",
    re.IGNORECASE,
)
_ZONE = re.compile(r"\(?\s*(?:gmt|utc)\s*(?P<offset>[+\-]\s*\d{1,2})(?::?00)?\s*\)?", re.IGNORECASE)
_DATELINE_WORDS = re.compile(
    r"cập nhật|ngày đăng|đăng lúc|đăng ngày|xuất bản|thời gian|đăng|lúc|ngày"
    r"|thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật|\bcn\b|\bt[2-7]\b",
    re.IGNORECASE,
)


def _dateline_parts(text: str) -> tuple[re.Match[str], re.Match[str] | None, re.Match[str] | None] | None:
    """Date, time and zone of a line that holds nothing else but dateline words, or None."""
    dates = list(_DATE.finditer(text))
    if len(dates) != 1:
        return None
    rest = text[: dates[0].start()] + " " + text[dates[0].end():]
    times = list(_TIME.finditer(rest))
    if len(times) > 1:
        return None
    if times:
        rest = rest[: times[0].start()] + " " + rest[times[0].end():]
    zone = _ZONE.search(rest)
    if zone:
        rest = rest[: zone.start()] + " " + rest[zone.end():]
    rest = _DATELINE_WORDS.sub(" ", rest)
    if re.sub(r"[\s,|:\-–—/().]+", "", rest):
        return None
    return dates[0], times[0] if times else None, zone


def parse_dateline(line: str, tz: str = STATION_TIMEZONE) -> datetime | None:
    """The time a dateline line gives, as an aware datetime; None if the line is not a dateline.

    The whole line must be a dateline: a sentence that merely mentions a date is not one.
    Without an explicit "GMT+7" the time is read in ``tz``.

    >>> parse_dateline("Thứ hai, 15/01/2018 - 21:03")
    datetime.datetime(2018, 1, 15, 21, 3, tzinfo=zoneinfo.ZoneInfo(key='Asia/Ho_Chi_Minh'))
    >>> parse_dateline("Ngày 15/01/2018, tỉnh tổ chức hội nghị") is None
    True
    """
    text = normalize_line(line)
    if not text or len(text) > 80:
        return None
    parts = _dateline_parts(text)
    if parts is None:
        return _parse_iso_dateline(text, tz)
    date, time, zone = parts
    hour = minute = second = 0
    if time is not None:
        hour, minute, second = (int(time.group(name) or 0) for name in ("hour", "minute", "second"))
        ampm = (time.group("ampm") or "").lower()
        if ampm in ("pm", "ch") and hour < 12:
            hour += 12
        elif ampm in ("am", "sa") and hour == 12:
            hour = 0
    zone_info: tzinfo = ZoneInfo(tz)
    if zone is not None:
        zone_info = timezone(timedelta(hours=int(zone.group("offset").replace(" ", ""))))
    try:
        return datetime(int(date.group("year")), int(date.group("month")), int(date.group("day")),
                        hour, minute, second, tzinfo=zone_info)
    except ValueError:
        return None


def _parse_iso_dateline(text: str, tz: str) -> datetime | None:
    """An ISO 8601 time on a line of its own (``2026-11-03T08:15:00+07:00``), or None."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+\-]\d{2}:?\d{2})?", text):
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(tz))


def is_dateline(line: str) -> bool:
    """True when the whole line is a dateline.

    >>> is_dateline("Cập nhật: 08:15 - 03/11/2026")
    True
    """
    return parse_dateline(line) is not None

"""When bulletins are compiled and how long they may be: parsing the schedule and slot settings."""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta

__all__ = ["parse_slot", "parse_times", "scheduled_window"]


def parse_slot(text: str) -> float:
    """Seconds in a slot length: ``15m``, ``90s``, ``1h``, ``1h30m``, or plain seconds.

    >>> parse_slot("15m"), parse_slot("1h30m"), parse_slot("45")
    (900.0, 5400.0, 45.0)
    """
    text = text.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", text)
    if not text or not match or not any(match.groups()):
        raise ValueError(f"not a slot length: {text!r} (use e.g. 15m, 90s, 1h30m)")
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return float(hours * 3600 + minutes * 60 + seconds)


def parse_times(text: str) -> list[time]:
    """The bulletin schedule: ``"06:00,11:30,18:00"`` → sorted local times."""
    times = []
    for part in text.replace(" ", ",").split(","):
        if part:
            hour, _, minute = part.partition(":")
            times.append(time(int(hour), int(minute or 0)))
    return sorted(times)


def scheduled_window(times: list[time], at: datetime) -> tuple[datetime, datetime]:
    """The window that ends at the latest scheduled time not after ``at`` and starts at the one before.

    >>> tz = ZoneInfo("Asia/Ho_Chi_Minh")
    >>> since, until = scheduled_window(parse_times("06:00,18:00"), datetime(2026, 11, 27, 18, 0, 5, tzinfo=tz))
    >>> since.isoformat(), until.isoformat()
    ('2026-11-27T06:00:00+07:00', '2026-11-27T18:00:00+07:00')
    """
    if not times:
        raise ValueError("no bulletin times configured")
    tz = at.tzinfo
    moments = sorted(
        datetime.combine(at.date() + timedelta(days=d), t, tzinfo=tz) for d in (-2, -1, 0) for t in times
    )
    past = [m for m in moments if m <= at]
    return past[-2], past[-1]

"""What each ``LOA_*`` setting must look like, checked once when the settings are made.

Each check takes the value and answers whether it is usable; ``CHECKS`` pairs it with what is
expected, so a bad value gives one line naming the variable, the value and the expectation:
``LOA_MP3_BITRATE=abc: expected a bitrate like 64k (8k to 320k)``.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

# The constant bit rates an MP3 encoder (LAME) writes, in kbit/s.
MP3_BITRATES = (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
# Settings whose value is never repeated in a message.
SECRET = frozenset({"webhook_secret", "secret_key", "callback_secret"})
SHOWN_CHARS = 80

_ENGINE = re.compile(r"[a-z][a-z0-9_-]*|[A-Za-z_][\w.]*:[A-Za-z_]\w*")
_HOST_NAME = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_CLOCK = re.compile(r"([01]?\d|2[0-3])(:[0-5]\d)?")
_SLOT = re.compile(r"\d+(\.\d+)?|(\d+h)?(\d+m)?(\d+s)?")


def web_url(value: str) -> bool:
    """An absolute http(s) URL with a host and without user name or password.

    >>> web_url("https://radio.example.vn/loa"), web_url("notaurl"), web_url("ftp://x.vn"), web_url("http://u:p@x.vn")
    (True, False, False, False)
    """
    if any(c.isspace() or ord(c) < 0x20 for c in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and parts.username is None


def storage_url(value: str) -> bool:
    """``s3://bucket/prefix``: a bucket name as S3 allows it, then an optional prefix of plain folders.

    >>> storage_url("s3://loa-media/dai-1"), storage_url("/srv/loa"), storage_url("s3://Bad_Bucket"), storage_url("s3://b1/../x")
    (True, False, False, False)
    """
    match = re.fullmatch(r"s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/[^?#]*)?", value)
    if not match:
        return False
    parts = [p for p in (match[2] or "").strip("/").split("/") if p]
    return all(p not in (".", "..") and "\\" not in p and not any(ord(c) < 0x20 for c in p) for p in parts)


def _optional(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: value == "" or check(value)


def _between(low: float, high: float) -> Callable[[Any], bool]:
    return lambda value: low <= value <= high


def _text(value: str) -> bool:
    """Text that can go in a feed: something to show, no control characters (feeds cannot carry them)."""
    return bool(value.strip()) and not any(ord(c) < 0x20 and c not in "\t\n" or ord(c) == 0x7F for c in value)


def _zone(value: str) -> bool:
    try:
        ZoneInfo(value)
    except (ValueError, KeyError, OSError):
        return False
    return True


def _bitrate(value: str) -> bool:
    """
    >>> _bitrate("64k"), _bitrate("abc"), _bitrate("65k"), _bitrate("64")
    (True, False, False, False)
    """
    match = re.fullmatch(r"(\d{1,3})k", value)
    return bool(match) and int(match[1]) in MP3_BITRATES  # type: ignore[index]


def _engine_spec(value: str) -> bool:
    return bool(_ENGINE.fullmatch(value))


def _engine_chain(value: str) -> bool:
    specs = [s.strip() for s in value.split(",") if s.strip()]
    return bool(specs) and all(_engine_spec(s) and s != "auto" for s in specs)


def _database_url(value: str) -> bool:
    return bool(re.fullmatch(r"[a-z][a-z0-9+]*://[^\x00-\x1f\x7f]*", value))


def _redis_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018
    except ValueError:
        return False
    return (parts.scheme in ("redis", "rediss") and bool(parts.hostname)) or (parts.scheme == "unix" and bool(parts.path))


def _key_prefix(value: str) -> bool:
    return len(value) <= 100 and not any(c.isspace() or ord(c) < 0x20 for c in value)


def _image_url(value: str) -> bool:
    """Apple and feedgen take only a .jpg or .png cover (feedgen drops any other without a word)."""
    return web_url(value) and urlsplit(value).path.lower().endswith((".jpg", ".jpeg", ".png"))


def _clock_times(value: str) -> bool:
    """
    >>> _clock_times("06:00,11:30,18:00"), _clock_times("6"), _clock_times("25:00"), _clock_times("sáng")
    (True, True, False, False)
    """
    return all(_CLOCK.fullmatch(part) for part in value.replace(" ", ",").split(",") if part)


def _slot(value: str) -> bool:
    """
    >>> _slot("15m"), _slot("1h30m"), _slot("45"), _slot("h"), _slot("mười phút")
    (True, True, True, False, False)
    """
    text = value.strip().lower()
    return bool(_SLOT.fullmatch(text)) and any(c.isdigit() for c in text)


def _web_urls(value: str) -> bool:
    return all(web_url(u) for u in value.replace(",", " ").split())


def _email(value: str) -> bool:
    return bool(_EMAIL.fullmatch(value))


_WHOLE_SECONDS = "a whole number of seconds, at least 1"
_SECONDS = "a number of seconds above 0"

# field -> (its check, what is expected)
CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "database_url": (_optional(_database_url), "a database URL like postgresql+psycopg://loa@db/loa or sqlite:///path"),
    "redis_url": (_redis_url, "a Redis URL like redis://127.0.0.1:6379/0"),
    "key_prefix": (_key_prefix, "at most 100 characters without spaces"),
    "timezone": (_zone, "a time zone name like Asia/Ho_Chi_Minh"),
    "engine": (lambda v: v == "auto" or _engine_spec(v), "auto, an engine name like gtts or espeak, or package.module:Class"),
    "engine_chain": (_engine_chain, "engine names separated by commas, like gtts,espeak (not auto)"),
    "engine_retries": (_between(0, 100), "a whole number from 0 to 100"),
    "breaker_failures": (_between(1, 10_000), "a whole number, at least 1"),
    "breaker_cooldown": (lambda v: v > 0, _SECONDS),
    "gtts_tld": (lambda v: bool(_HOST_NAME.fullmatch(v)), "a Google domain ending like com.vn or com"),
    "gtts_timeout": (lambda v: v > 0, _SECONDS),
    "gtts_probe_timeout": (lambda v: v > 0, _SECONDS),
    "espeak_voice": (lambda v: bool(re.fullmatch(r"[A-Za-z0-9_+-]+", v)), "an espeak-ng voice name like vi"),
    "espeak_rate": (_between(80, 450), "words per minute from 80 to 450"),
    "sample_rate": (_between(8000, 192_000), "a sample rate in Hz from 8000 to 192000, like 24000"),
    "channels": (lambda v: v in (1, 2), "1 (mono) or 2 (stereo)"),
    "pause_clause_ms": (_between(0, 10_000), "milliseconds from 0 to 10000"),
    "pause_sentence_ms": (_between(0, 10_000), "milliseconds from 0 to 10000"),
    "pause_paragraph_ms": (_between(0, 10_000), "milliseconds from 0 to 10000"),
    "pause_headline_ms": (_between(0, 10_000), "milliseconds from 0 to 10000"),
    "mp3_bitrate": (_bitrate, "a bitrate like 64k (8k to 320k)"),
    "drop_kill_hours": (_between(1, 24 * 366), "a whole number of hours, at least 1"),
    "drop_group": (lambda v: bool(re.fullmatch(r"[A-Za-z0-9_-]{1,10}", v)),
                   "a Rivendell group name (1 to 10 letters, digits, - or _)"),
    "public_base_url": (web_url, "an http(s) URL"),
    "storage_url": (_optional(storage_url), "empty (the data directory) or s3://bucket/prefix"),
    "s3_endpoint_url": (_optional(web_url), "an http(s) URL of the S3-compatible service, like http://minio:9000"),
    "storage_public_url": (_optional(web_url), "an http(s) URL where the stored files are public, like "
                                               "https://cdn.example.vn/loa"),
    "feed_title": (_text, "text without control characters"),
    "feed_description": (_text, "text without control characters"),
    "feed_author": (_text, "text without control characters"),
    "feed_email": (_email, "an e-mail address like podcast@radio.vn"),
    "feed_image_url": (_optional(_image_url), "an http(s) URL of a .jpg or .png image"),
    "feed_category": (_text, "an Apple Podcasts category like News"),
    "feed_link": (_optional(web_url), "an http(s) URL"),
    "callback_url": (_optional(web_url), "an http(s) URL of the CMS, like https://cms.example.vn/loa/callback"),
    "bulletin_times": (_clock_times, "local times like 06:00,11:30,18:00"),
    "bulletin_slot": (_optional(_slot), "a slot length like 15m, 90s or 1h30m"),
    "station_name": (_text, "text without control characters"),
    "source_feeds": (_web_urls, "http(s) URLs separated by spaces or commas"),
    "poll_interval": (_between(1, 7 * 86_400), _WHOLE_SECONDS),
    "fetch_timeout": (lambda v: v > 0, _SECONDS),
    "fetch_max_bytes": (lambda v: v >= 1, "a whole number of bytes, at least 1"),
    "max_article_chars": (lambda v: v >= 1, "a whole number of characters, at least 1"),
    "task_soft_time_limit": (lambda v: v >= 1, _WHOLE_SECONDS),
    "task_time_limit": (lambda v: v >= 1, _WHOLE_SECONDS),
    "retry_delay": (lambda v: v >= 0, "a whole number of seconds, 0 or more"),
    "visibility_timeout": (lambda v: v >= 1, _WHOLE_SECONDS),
    "unacked_restore_interval": (lambda v: v > 0, _SECONDS),
    "reconcile_interval": (lambda v: v > 0, _SECONDS),
    "stall_after": (lambda v: v > 0, _SECONDS),
    "reconcile_attempts": (lambda v: v >= 1, "a whole number, at least 1"),
    "engine_rate_limit_wait": (lambda v: v >= 0, "seconds, 0 or more"),
    "embed_frame_ancestors": (lambda v: bool(v.strip()) and not any(c in v for c in ";,\r\n\x00"),
                              "a frame-ancestors source list separated by spaces, like * or https://www.example.vn"),
    "voice": (lambda v: v == "" or bool(re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", v)), "a voice name like nu-bac"),
    "azure_rate": (_between(0.5, 2.0), "a speaking rate from 0.5 to 2.0"),
    "azure_pitch": (_between(-12, 12), "semitones from -12 to 12"),
    "google_cloud_speaking_rate": (_between(0.25, 4.0), "a speaking rate from 0.25 to 4.0"),
    "google_cloud_pitch": (_between(-20, 20), "semitones from -20 to 20"),
    "fpt_speed": (_between(-3, 3), "a whole number from -3 to 3"),
    "viettel_speed": (_between(0.7, 1.3), "a speaking rate from 0.7 to 1.3"),
    "viettel_max_chars": (lambda v: v >= 1, "a whole number of characters, at least 1"),
}
for _engine in ("google_cloud", "azure", "fpt", "viettel"):
    CHECKS[f"{_engine}_timeout"] = (lambda v: v > 0, _SECONDS)
    CHECKS[f"{_engine}_requests_per_second"] = (lambda v: v > 0, "requests a second, more than 0")
    CHECKS[f"{_engine}_chars_per_minute"] = (lambda v: v >= 0, "a whole number of characters, 0 for no limit")
CHECKS["fpt_ready_timeout"] = (lambda v: v > 0, _SECONDS)


def shown(field: str, value: Any) -> str:
    """The value as a message may repeat it: never a secret or a password, never a whole page of it.

    >>> shown("redis_url", "redis://:hunter2@redis:6379/0"), shown("secret_key", "k" * 40)
    ('redis://:…@redis:6379/0', '…')
    """
    if field in SECRET:
        return "…"
    text = str(value)
    text = re.sub(r"(//[^/@\s]*?:)[^/@\s]*@", r"\1…@", text)
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def problem(field: str, value: Any) -> str | None:
    """``LOA_<FIELD>=<value>: expected ...`` when ``value`` is not usable for ``field``, else None."""
    found = CHECKS.get(field)
    if found is None:
        return None
    check, expected = found
    if check(value):
        return None
    return f"LOA_{field.upper()}={shown(field, value)}: expected {expected}"

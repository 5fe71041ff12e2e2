"""Datelines: the variants pages print, time zones, and sentences that only mention a date."""
from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from articles.cleanup import parse_dateline

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thứ hai, 15/01/2018 - 21:03", datetime(2018, 1, 15, 21, 3, tzinfo=HANOI)),
        ("Thứ Hai, 15/1/2018 | 21:03", datetime(2018, 1, 15, 21, 3, tzinfo=HANOI)),
        ("Cập nhật: 08:15 - 03/11/2026", datetime(2026, 11, 3, 8, 15, tzinfo=HANOI)),
        ("Chủ nhật, 01-11-2026, 07:30", datetime(2026, 11, 1, 7, 30, tzinfo=HANOI)),
        ("Thứ năm, 26/11/2026 - 08:15", datetime(2026, 11, 26, 8, 15, tzinfo=HANOI)),
        ("THỨ BẢY, 07/12/2024 - 6:05", datetime(2024, 12, 7, 6, 5, tzinfo=HANOI)),
        ("Thứ 6, 06/12/2024 14h30", datetime(2024, 12, 6, 14, 30, tzinfo=HANOI)),
        ("Cập nhật lúc 08:15:42 ngày 03/11/2026", datetime(2026, 11, 3, 8, 15, 42, tzinfo=HANOI)),
        ("Ngày đăng: 03.11.2026", datetime(2026, 11, 3, tzinfo=HANOI)),
        ("2026-11-03T08:15:00+07:00", datetime(2026, 11, 3, 8, 15, tzinfo=HANOI)),
        ("  Thứ hai,\u00a015/01/2018 - 21:03  ", datetime(2018, 1, 15, 21, 3, tzinfo=HANOI)),
    ],
)
def test_parse_dateline_variants(line, expected):
    parsed = parse_dateline(line)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(hours=7)


def test_parse_dateline_with_explicit_offset():
    parsed = parse_dateline("15/01/2018 21:03 GMT+7")
    assert parsed == datetime(2018, 1, 15, 21, 3, tzinfo=HANOI)
    assert parsed.tzinfo == timezone(timedelta(hours=7))


def test_parse_dateline_uses_given_timezone():
    parsed = parse_dateline("Thứ hai, 15/01/2018 - 21:03", tz="Europe/Berlin")
    assert parsed == datetime(2018, 1, 15, 21, 3, tzinfo=ZoneInfo("Europe/Berlin"))
    assert parsed.utcoffset() == timedelta(hours=1)


def test_parse_dateline_decomposed_unicode():
    decomposed = unicodedata.normalize("NFD", "Thứ năm, 26/11/2026 - 08:15")
    assert parse_dateline(decomposed) == datetime(2026, 11, 26, 8, 15, tzinfo=HANOI)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "Ngày 15/01/2018, tỉnh tổ chức hội nghị tổng kết",
        "Từ 19h ngày 26/10 đến 13h ngày 28/10",
        "31/02/2024 - 08:00",
        "15/01/2018 - 25:10",
        "Thứ hai, 15/01/2018 - 21:03 đến 16/01/2018",
        "Minh Hoàng",
    ],
)
def test_parse_dateline_rejects_non_datelines(line):
    assert parse_dateline(line) is None

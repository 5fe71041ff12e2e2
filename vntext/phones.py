"""Phone numbers, read digit by digit the way a newsreader says them.

One group at a time, the groups separated by commas so the engine pauses: the writer's own
groups are kept, a run without separators is grouped the usual way (mobile 4-3-3, landline
4-3-4, hotline 1900 4-4). Numbers of the old plan are known by their length (01x mobiles have
eleven digits), and a second number after a slash ("04.3584.4444/01689.166.566") is read too.
After a phone word (điện thoại, hotline, đường dây nóng, tổng đài, đầu số, fax…) any number of
five digits or more is a phone number ("đầu số 881.888"); three- and four-digit service numbers
(113, 1022) stay numbers, except the short code a text message is sent to ("soạn tin QT gửi 1405":
"một bốn không năm").
"""
from __future__ import annotations

import re

from vntext.numbers import read_digits

__all__ = ["read_phone_numbers"]

_PHONE = re.compile(
    r"(?:\+84|\(\+84\)|\(0\d{2,3}\)|0\d{1,3}|1[89]00)(?:[ .-]?\d{1,4}){1,5}(?![\w])"
)
# Not inside a longer number, a word or a date; checked on each match rather than as a
# look-behind, so the engine can skip straight to the first digit.
_NOT_BEFORE_PHONE = re.compile(r"[\w.,/+-]")
_DIGIT_GROUP = re.compile(r"\d+")
# "0243.584.4444/01689.166.566": a slash between two phone numbers.
_PHONE_LIST_BEFORE = re.compile(r"\d/")
# Every phone number has five digits or more, grouped or not.
_LONG_NUMBER_HINT = re.compile(r"\d\d[ .-]?\d\d[ .-]?\d")
# "Nhắn tin theo cú pháp QT gửi 1405": the number a text message goes to is said digit by digit.
_SMS_WORDS = re.compile(r"(?i:nhắn tin|soạn tin|tin nhắn|cú pháp)|SMS")
_SMS_CODE = re.compile(
    r"(?<![^\W_])(?i:gửi|gởi)(?:[ \t]+(?i:tới|đến|về))?(?:[ \t]+(?i:số|đầu số|tổng đài))?[ \t]+"
    r"(?P<number>\d{3,5})(?!\d|[.,]\d|[ \t]*(?:đồng|nghìn|triệu|tỷ|người|lượt|tin|hộ)(?![^\W_]))"
)
_PHONE_WORDS = re.compile(
    r"(?<![^\W_])(?:(?i:điện thoại|hotline|đường dây nóng|tổng đài|đầu số|số máy|máy lẻ|fax|tel|di động)|ĐT|SĐT|ĐTDĐ)"
    r"[ \t]*(?:[:(][ \t]*)?(?:(?i:số|là)[ \t]+)?"
    r"(?P<number>\d{2,}(?:[. -]\d{2,})*)(?!\d|[.,]\d)"
)


def _phone_length(digits: str) -> int | None:
    """How many digits a phone number has, judged from all the digits the match holds.

    >>> _phone_length("0912345678"), _phone_length("84912345678"), _phone_length("19001234")
    (10, 11, 8)
    """
    if digits.startswith("84"):
        return 12 if digits[2:3] == "2" else 11
    if digits.startswith("02") or (digits.startswith("01") and len(digits) >= 11):
        return 11
    if digits.startswith("0"):
        return 10
    if digits.startswith(("1800", "1900")):
        return 10 if len(digits) >= 10 else 8
    return None


def _split_long_group(group: str, first: bool) -> list[str]:
    """Cut a run of digits written without separators into groups a reader says in one breath.

    >>> _split_long_group("0912345678", True), _split_long_group("3852123", False)
    (['0912', '345', '678'], ['385', '2123'])
    """
    if len(group) <= 4 or (first and len(group) == 5 and group.startswith("01")):
        return [group]  # the five-digit prefix of an old mobile number (01689) is said in one breath
    if first and len(group) >= 8:
        return [group[:4], *_split_long_group(group[4:], False)]
    if len(group) == 5:
        return [group[:2], group[2:]]
    if len(group) in (6, 7):
        return [group[:3], group[3:]]
    return [group[:3], *_split_long_group(group[3:], False)]


def _replace_phone(match: re.Match[str]) -> str:
    written = match.group(0)
    before = match.string[max(0, match.start() - 2):match.start()]
    if before[-1:] and _NOT_BEFORE_PHONE.match(before[-1]) and not _PHONE_LIST_BEFORE.fullmatch(before):
        return written
    plus = written.lstrip("(").startswith("+")
    wanted = _phone_length("".join(_DIGIT_GROUP.findall(written)))
    groups: list[str] = []
    count, end = 0, 0
    # The match may run on into a following number ("0912 345 678 2 lần"): stop at the
    # group that completes the phone number and leave the rest as it was.
    for found in _DIGIT_GROUP.finditer(written):
        groups.append(found.group(0))
        count += len(found.group(0))
        end = found.end()
        if wanted is not None and count >= wanted:
            break
    if wanted is None or count != wanted:
        return written
    if plus:
        groups = [groups[0][:2], groups[0][2:], *groups[1:]]
        groups = [group for group in groups if group]
    spoken_groups: list[str] = []
    for index, group in enumerate(groups):
        spoken_groups.extend(_split_long_group(group, first=index == 0 and not plus))
    words = ", ".join(read_digits(group) for group in spoken_groups)
    return ("cộng " if plus else "") + words + written[end:]


def read_phone_numbers(text: str) -> str:
    """Read phone numbers digit by digit, group by group, with commas for pauses.

    >>> read_phone_numbers("Đường dây nóng: 0233.3852.123 hoặc 1900 1234")
    'Đường dây nóng: không hai ba ba, ba tám năm hai, một hai ba hoặc một chín không không, một hai ba bốn'
    >>> read_phone_numbers("Tổng đài 1022, đầu số 881.888, điện thoại 080.48228")
    'Tổng đài 1022, đầu số tám tám một, tám tám tám, điện thoại không tám không, bốn tám hai hai tám'
    >>> read_phone_numbers("Soạn tin theo cú pháp QT gửi 1405 để ủng hộ 20.000 đồng")
    'Soạn tin theo cú pháp QT gửi một bốn không năm để ủng hộ 20.000 đồng'
    """
    if _SMS_WORDS.search(text):
        text = _SMS_CODE.sub(lambda m: m.group(0)[:m.start("number") - m.start()] + read_digits(m["number"]), text)
    if not _LONG_NUMBER_HINT.search(text):
        return text
    text = _PHONE.sub(_replace_phone, text)
    return _PHONE_WORDS.sub(_after_phone_word, text)


def _after_phone_word(match: re.Match[str]) -> str:
    """Read the number after a phone word digit by digit when it has five digits or more."""
    groups = _DIGIT_GROUP.findall(match["number"])
    if sum(len(group) for group in groups) < 5:
        return match.group(0)
    spoken = ", ".join(read_digits(group) for group in groups)
    return match.group(0)[: match.start("number") - match.start()] + spoken

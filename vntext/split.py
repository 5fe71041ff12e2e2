"""Sentence splitting for Vietnamese news text.

Each non-empty line is a unit of its own (headline, dateline, caption, list item), then each line
is cut after sentence-final punctuation (``.``, ``!``, ``?``, ``…``, ``...``) together with any
closing quotes or brackets. A candidate end is accepted by looking at both sides of it: the word
before it (abbreviations, initials) and what comes after it (an uppercase letter, a digit, an
opening quote, a new dialogue turn).

>>> split_sentences("Sáng 15/1, TP.HCM mưa lớn. Nhiều tuyến đường ngập sâu.")
['Sáng 15/1, TP.HCM mưa lớn.', 'Nhiều tuyến đường ngập sâu.']
"""
from __future__ import annotations

import bisect
import re

from vntext.split_abbreviations import TITLE_ABBREVIATIONS

OPENING_QUOTES = "\"“‘«'"
OPENING_BRACKETS = "([{"
DASHES = "-–—"

# A run of sentence-final punctuation, possibly interleaved with closing quotes and brackets:
# `.`, `?!`, `...`, `!".`, `?”)`.
_END_CLUSTER = re.compile(r"[.!?…]+(?:[\"”’»')\]}]+[.!?…]*)*")

_TOKEN = re.compile(r"\S+")
_TOP_LEVEL_DOMAIN = re.compile(r"\.(?:vn|com|net|org|gov|edu|info|biz|asia|int|io)(?![\w])", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?…\"”’»')]}"
# "... ghép gan qua đời (NAM ĐỊNH) Nguyễn Thị D., ..." : a headline run into its lead
_INLINE_DATELINE = re.compile(r"(?<=\w)\s+(?=\((\w+(?: \w+)+)\)\s+\w)")


def split_lines(text: str) -> list[str]:
    """Cut text into its non-empty lines, stripped; a line never merges with the next.

    >>> split_lines("Mưa lớn ở Hà Nội\\n\\nThứ hai, 15/01/2018 - 21:03\\n")
    ['Mưa lớn ở Hà Nội', 'Thứ hai, 15/01/2018 - 21:03']
    """
    return [line.strip() for line in text.splitlines() if line.strip()]


def is_web_address(token: str) -> bool:
    """True for a URL, an e-mail address or a dotted domain name.

    >>> is_web_address("www.qtv.vn"), is_web_address("toasoan@baoquangtri.vn"), is_web_address("TP.HCM")
    (True, True, False)
    """
    lowered = token.lower()
    return (
        "@" in token
        or "://" in token
        or lowered.startswith("www.")
        or _TOP_LEVEL_DOMAIN.search(token) is not None
    )


def web_address_spans(line: str) -> list[tuple[int, int]]:
    """Spans of URLs, e-mail addresses and dotted domain names, whose dots never end a sentence.

    Punctuation around the address (brackets, quotes, a final full stop) is left outside.

    >>> line = "Xem tại www.qtv.vn hoặc gửi thư tới (toasoan@baoquangtri.vn)."
    >>> [line[start:end] for start, end in web_address_spans(line)]
    ['www.qtv.vn', 'toasoan@baoquangtri.vn']
    """
    spans: list[tuple[int, int]] = []
    for match in _TOKEN.finditer(line):
        start, end = match.span()
        while start < end and line[start] in OPENING_QUOTES + OPENING_BRACKETS:
            start += 1
        while end > start and line[end - 1] in _TRAILING_PUNCTUATION:
            end -= 1
        if end > start and is_web_address(line[start:end]):
            spans.append((start, end))
    return spans


def word_before(line: str, index: int) -> str:
    """The word that ends at ``index`` (just before a full stop), without opening quotes or brackets.

    >>> word_before("theo PGS.TS. Lê Văn Minh", 11)
    'PGS.TS'
    >>> word_before('nói: "(TP. HCM', 9)
    'TP'
    """
    start = index
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    return line[start:index].lstrip(OPENING_QUOTES + OPENING_BRACKETS)


def is_title_abbreviation(word: str) -> bool:
    """True when ``word`` is a title or place abbreviation, which never ends a sentence.

    In a dotted compound the first part must be listed; later parts may also be single capitals.

    >>> is_title_abbreviation("PGS.TS"), is_title_abbreviation("Th.S"), is_title_abbreviation("TP.HCM")
    (True, True, False)
    """
    parts = word.split(".")
    if parts[0] not in TITLE_ABBREVIATIONS:
        return False
    return all(part in TITLE_ABBREVIATIONS or (len(part) == 1 and part.isupper()) for part in parts[1:])


_LIST_MARKER = re.compile(r"(?:\d{1,3}|[IVXLC]{1,6}|[a-zA-Z])")


def is_list_marker(line: str, start: int) -> bool:
    """True when ``line[:start]`` is an enumeration marker opening the line (``1.``, ``II.``, ``a.``).

    >>> is_list_marker("1. Giảm thuế phí.", 1), is_list_marker("II. Tình hình chung", 2)
    (True, True)
    >>> is_list_marker("Lớp 5. Các em", 5)
    False
    """
    return _LIST_MARKER.fullmatch(line, 0, start) is not None


def is_initial(word: str) -> bool:
    """True for a one-letter word that can be a name initial, such as ``V`` in ``Nguyễn V. A.``

    Vietnamese one-letter words (``ở``, ``à``, ``ạ``) are words, not initials.

    >>> is_initial("V"), is_initial("Đ"), is_initial("ở"), is_initial("Vy"), is_initial("5")
    (True, True, False, False, False)
    """
    return len(word) == 1 and (word.isupper() or "a" <= word <= "z")


def is_initials(word: str) -> bool:
    """True for name initials run together, such as ``T.T`` in ``Lê T.T. Hà``.

    >>> is_initials("T.T"), is_initials("V.A.B"), is_initials("T"), is_initials("TP.HCM"), is_initials("a.b")
    (True, True, False, False, False)
    """
    parts = word.split(".")
    return len(parts) >= 2 and all(len(part) == 1 and part.isupper() for part in parts)


def is_name_context(line: str, index: int) -> bool:
    """True when the word before position ``index`` is capitalized or an initial (``Nguyễn V.``, ``V. A.``).

    >>> line = "ông Nguyễn V. A. cho biết"
    >>> is_name_context(line, line.index("V.")), is_name_context(line, line.index("Nguyễn"))
    (True, False)
    """
    end = index
    while end > 0 and line[end - 1].isspace():
        end -= 1
    previous = word_before(line, end).rstrip(".,")
    return bool(previous) and previous[0].isupper()


def next_visible(line: str, index: int) -> int:
    """Index of the first non-space character at or after ``index`` (``len(line)`` when none).

    >>> next_visible("a.   Bình", 2)
    5
    """
    length = len(line)
    while index < length and line[index].isspace():
        index += 1
    return index


def opens_sentence(line: str, index: int) -> bool:
    """True when the text from ``index`` (just after a space) can begin a new sentence.

    Uppercase letters and digits begin sentences; so do opening quotes (quoted speech starts a
    sentence even in lowercase), a bracket followed by an uppercase letter, a leading ellipsis, and
    a dash that opens a new quoted turn (``- "Anh nộp rồi"``). A dash followed by anything else
    continues the sentence (``"Anh đi đâu?" - tôi hỏi``).

    >>> opens_sentence("Hôm nay", 0), opens_sentence("tôi hỏi", 0), opens_sentence('- "Chưa"', 0)
    (True, False, True)
    >>> opens_sentence("- tôi hỏi", 0), opens_sentence("(21 tuổi)", 0), opens_sentence("(TTXVN)", 0)
    (False, False, True)
    """
    if index >= len(line):
        return False
    first = line[index]
    if first.isupper() or first.isdigit():
        return True
    following = line[index + 1] if index + 1 < len(line) else ""
    if first in OPENING_QUOTES:
        return following.isalnum()
    if first in OPENING_BRACKETS:
        return following.isupper()
    if first in ".…":
        return True
    if first in DASHES and following.isspace():
        after_dash = next_visible(line, index + 1)
        return after_dash < len(line) and line[after_dash] in OPENING_QUOTES
    return False


def ends_before_space(line: str, start: int, end: int) -> bool:
    """Decide a candidate end ``line[start:end]`` that is followed by whitespace.

    >>> line = "Ông đến TP. Huế. Trời mưa... 30 phút sau thì tạnh."
    >>> ends_before_space(line, 10, 11), ends_before_space(line, 15, 16), ends_before_space(line, 25, 28)
    (False, True, False)
    """
    after = next_visible(line, end)
    if not opens_sentence(line, after):
        return False
    cluster = line[start:end]
    if cluster.startswith(("..", "…")) and line[after].isdigit():
        # an ellipsis before a number is a pause in an enumeration or a figure ("là... 98%")
        return False
    if cluster[0] != ".":
        return True
    if is_list_marker(line, start):
        return False
    word = word_before(line, start)
    if is_title_abbreviation(word):
        # "của TP.." is the abbreviation's own dot followed by the full stop
        return cluster == ".."
    if is_initial(word) or is_initials(word):
        return initial_ends_sentence(line, start, after, start - len(word))
    return True


def initial_ends_sentence(line: str, start: int, after: int, word_start: int | None = None) -> bool:
    """A full stop after a single letter, or after initials run together (``word_start``: where they
    begin), ends a sentence only outside a name (``phường K. Người ta``, but ``Lê T.T. Hà``).

    >>> line = "Ông Nguyễn V. A. Hôm qua"
    >>> initial_ends_sentence(line, 12, 14), initial_ends_sentence(line, 15, 17)
    (False, False)
    >>> line = "ở phường K. Người ta nói"
    >>> initial_ends_sentence(line, 10, 12)
    True
    """
    if not line[after].isalpha():
        return False
    next_word_end = after
    while next_word_end < len(line) and line[next_word_end].isalpha():
        next_word_end += 1
    if next_word_end - after == 1 and line[next_word_end : next_word_end + 1] == ".":
        return False
    return not is_name_context(line, start - 1 if word_start is None else word_start)


def ends_without_space(line: str, start: int, end: int) -> bool:
    """Decide a candidate end glued to the next word: only before a capitalized word.

    A run of dots or ``!``/``?`` before a capital ends a sentence (``phương,....Bên``); a single
    dot does so only between a lowercase word or number and a capitalized word (``ngày.Sáng``),
    so ``TP.HCM``, ``Th.S`` and ``VnExpress.net`` stay whole.

    >>> ends_without_space("địa phương,....Bên cạnh", 11, 15)
    True
    >>> ends_without_space("tại TP.HCM", 6, 7), ends_without_space("cả ngày.Sáng nay", 7, 8)
    (False, True)
    """
    if end >= len(line) or not line[end].isupper():
        return False
    if line[start:end] != ".":
        return True
    before = line[start - 1] if start else ""
    after = line[end + 1] if end + 1 < len(line) else ""
    return (before.islower() or before.isdigit()) and after.islower()


def inside_any(spans: list[tuple[int, int]], index: int) -> bool:
    """True when ``index`` falls inside one of ``spans`` (sorted, not overlapping).

    >>> inside_any([(0, 2), (4, 14)], 7), inside_any([(0, 2), (4, 14)], 14)
    (True, False)
    """
    position = bisect.bisect_right(spans, (index, float("inf"))) - 1
    return position >= 0 and spans[position][0] <= index < spans[position][1]


def inline_dateline_starts(line: str) -> list[int]:
    """Positions where a parenthesized place name in capitals opens the lead of an unpunctuated headline.

    The place has at least two words in capitals, follows a word with no punctuation, and is
    followed by a capitalized word or a number; one-word acronyms such as ``(BOT)`` never count.

    >>> line = "Người đầu tiên ghép gan qua đời (HÀ NỘI) Bà Nguyễn Thị Lan mất sáng qua."
    >>> [line[i:i + 8] for i in inline_dateline_starts(line)]
    ['(HÀ NỘI)']
    >>> inline_dateline_starts("Trạm thu phí (BOT) Pháp Vân thu phí trở lại.")
    []
    """
    if "(" not in line:
        return []
    starts: list[int] = []
    for match in _INLINE_DATELINE.finditer(line):
        place = match.group(1)
        following = line[next_visible(line, match.end() + len(place) + 2)]
        if place.isupper() and (following.isupper() or following.isdigit()):
            starts.append(match.end())
    return starts


def sentence_ends(line: str) -> list[int]:
    """Positions just after each sentence end inside one line (the line's own end excluded).

    >>> sentence_ends("Mưa to. Đường ngập.")
    [7]
    """
    ends: list[int] = []
    spans: list[tuple[int, int]] | None = None
    for match in _END_CLUSTER.finditer(line):
        start, end = match.span()
        if start == 0 or line[start - 1].isspace() or end >= len(line):
            continue
        if line[end].isspace():
            accepted = ends_before_space(line, start, end)
        else:
            accepted = ends_without_space(line, start, end)
            if accepted:
                if spans is None:
                    spans = web_address_spans(line)
                accepted = not inside_any(spans, start)
        if accepted:
            ends.append(end)
    dateline_starts = inline_dateline_starts(line)
    if dateline_starts:
        ends = sorted(set(ends).union(dateline_starts))
    return ends


def split_line(line: str) -> list[str]:
    """Split one line into sentences.

    >>> split_line("“Anh đi đâu?” - tôi hỏi. Anh không đáp.")
    ['“Anh đi đâu?” - tôi hỏi.', 'Anh không đáp.']
    """
    sentences: list[str] = []
    start = 0
    for end in sentence_ends(line):
        piece = line[start:end].strip()
        if piece:
            sentences.append(piece)
        start = end
    rest = line[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def split_sentences(text: str) -> list[str]:
    """Split text into sentences: every line first, then sentence ends inside each line.

    >>> split_sentences("Bão số 1 đổ bộ\\nThứ hai, 15/01/2018 - 21:03\\nGió giật cấp 10. Mưa rất to.")
    ['Bão số 1 đổ bộ', 'Thứ hai, 15/01/2018 - 21:03', 'Gió giật cấp 10.', 'Mưa rất to.']
    """
    sentences: list[str] = []
    for line in split_lines(text):
        sentences.extend(split_line(line))
    return sentences

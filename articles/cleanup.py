"""Page clean-up: turn pasted page text or a saved HTML page into a :class:`Page`.

A news page carries much more than the article: menus, breadcrumbs, share bars,
comment boxes, polls, TV schedules, related-article lists and footers. Clean-up
keeps the headline and tags every kept paragraph with its role (dateline, lead,
body, caption, byline); everything else is dropped.

Every rule is a small function on one line of text. :func:`clean_text` and
:func:`clean_html` both end in the same pipeline, :func:`_build_page`.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from articles.errors import IngestError
from articles.model import Block, Page

STATION_TIMEZONE = "Asia/Ho_Chi_Minh"

# ---------------------------------------------------------------------------
# Line normalisation
# ---------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def normalize_line(line: str) -> str:
    """One line as Unicode NFC with single spaces and no invisible characters or bold marks.

    >>> normalize_line("  Ti\u00eau \u0111\u1ec1\\u00a0 **b\u00e0i** ")
    'Tiêu đề bài'
    """
    line = unicodedata.normalize("NFC", line).translate(_INVISIBLE)
    line = line.replace("**", "")
    return " ".join(line.split())


def split_lines(text: str) -> list[str]:
    """Non-empty normalised lines of ``text``; each line is one paragraph.

    >>> split_lines("A\\n\\n  B  \\r\\n")
    ['A', 'B']
    """
    lines = (normalize_line(raw) for raw in text.splitlines())
    return [line for line in lines if line]


def _key(line: str) -> str:
    """Lower-case form of a line without edge punctuation, for comparing with phrase lists.

    >>> _key("  Tin liên quan: ")
    'tin liên quan'
    """
    return normalize_line(line).casefold().strip(" :.-–—|»>*()[]")


def _only_phrases(line: str, phrases: tuple[str, ...]) -> bool:
    """True when ``line`` is made of nothing but ``phrases``, separators and counters.

    >>> _only_phrases("Facebook | Zalo (12)", ("facebook", "zalo"))
    True
    >>> _only_phrases("Facebook ra mắt tính năng mới", ("facebook",))
    False
    """
    rest = normalize_line(line).casefold()
    found = False
    for phrase in sorted(phrases, key=len, reverse=True):
        rest, count = re.subn(rf"(?<!\w){re.escape(phrase)}(?!\w)", " ", rest)
        found = found or count > 0
    return found and not re.sub(r"[\s\d|/,·•:;()\[\]*+\-–—_.]+", "", rest)


# ---------------------------------------------------------------------------
# Dateline
# ---------------------------------------------------------------------------

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
    tzinfo = ZoneInfo(tz)
    if zone is not None:
        tzinfo = timezone(timedelta(hours=int(zone.group("offset").replace(" ", ""))))
    try:
        return datetime(int(date.group("year")), int(date.group("month")), int(date.group("day")),
                        hour, minute, second, tzinfo=tzinfo)
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


# ---------------------------------------------------------------------------
# Junk rules: each says whether one line is page furniture
# ---------------------------------------------------------------------------

_SHARE_PHRASES = (
    "chia sẻ", "share", "facebook", "zalo", "tweet", "twitter", "like", "thích", "messenger",
    "linkedin", "pinterest", "copy link", "sao chép liên kết", "gửi email", "email", "lưu tin",
    "lưu bài", "bài viết qua", "qua",
)


def is_share_bar(line: str) -> bool:
    """Share and like buttons.

    >>> is_share_bar("Thích và chia sẻ bài viết qua")
    True
    >>> is_share_bar("Facebook | Zalo | Tweet")
    True
    >>> is_share_bar("Người dân chia sẻ niềm vui được mùa.")
    False
    """
    key = _key(line)
    return key.startswith(("thích và chia sẻ", "chia sẻ bài viết")) or _only_phrases(line, _SHARE_PHRASES)


_COMMENT_HEADINGS = (
    "ý kiến bạn đọc", "bình luận", "gửi bình luận", "viết bình luận", "nhập bình luận",
    "ý kiến của bạn", "bạn đọc bình luận", "gửi ý kiến",
)
_COMMENT_PHRASES = _COMMENT_HEADINGS + (
    "nhập bình luận của bạn", "họ tên", "họ và tên", "email", "e-mail", "số điện thoại",
    "điện thoại", "mã xác nhận", "mã bảo mật", "gửi", "hủy", "huỷ", "trả lời", "xem thêm bình luận",
)


def is_comment_box(line: str) -> bool:
    """Comment form headings, field labels and buttons.

    >>> is_comment_box("Nhập bình luận của bạn")
    True
    >>> is_comment_box("Họ tên (*)")
    True
    >>> is_comment_box("Đại biểu cho ý kiến về dự thảo nghị quyết.")
    False
    """
    key = _key(line)
    if key.startswith(("vui lòng nhập", "bình luận của bạn", "ý kiến của bạn sẽ", "bạn còn")):
        return True
    return _only_phrases(line, _COMMENT_PHRASES)


_POLL_PHRASES = ("thăm dò ý kiến", "bình chọn", "xem kết quả", "kết quả bình chọn", "biểu quyết trực tuyến")


def is_poll(line: str) -> bool:
    """Poll heading and buttons (the options follow the heading and go with it, see :func:`is_section_end`).

    >>> is_poll("Thăm dò ý kiến")
    True
    >>> is_poll("Bình chọn   Xem kết quả")
    True
    >>> is_poll("Cử tri bình chọn 10 sự kiện nổi bật của tỉnh trong năm.")
    False
    """
    return _only_phrases(line, _POLL_PHRASES)


_SCHEDULE_ENTRY = re.compile(r"^\d{1,2}:\d{2}\s*[-–:]?\s*\S")


def is_tv_schedule(line: str) -> bool:
    """The TV schedule heading and its entries ("06:00 Chào buổi sáng").

    >>> is_tv_schedule("Lịch phát sóng")
    True
    >>> is_tv_schedule("06:00 Chào buổi sáng")
    True
    >>> is_tv_schedule("06:00 sáng nay, mực nước sông Thạch Hãn đã lên mức báo động 2, vượt 0,3 m.")
    False
    """
    key = _key(line)
    if key.startswith(("lịch phát sóng", "xem lịch phát sóng")):
        return True
    stripped = normalize_line(line)
    return bool(_SCHEDULE_ENTRY.match(stripped)) and len(stripped) <= 70 and not stripped.endswith((".", ","))


_LIST_HEADINGS = frozenset({
    "tin mới nhất", "tin mới", "tin liên quan", "các tin liên quan", "đọc nhiều", "đọc nhiều nhất",
    "xem nhiều", "xem nhiều nhất", "tin khác", "các tin khác", "tin cùng chuyên mục",
    "bài viết liên quan", "tin nổi bật", "tin tiêu điểm", "tiêu điểm", "tin đã đưa", "các tin đã đưa",
    "xem thêm",
})
_SIDEBAR_LABELS = _LIST_HEADINGS | {
    "video", "podcast", "emagazine", "infographics", "quảng cáo", "liên kết website",
    "chuyên mục", "tin ảnh", "phóng sự ảnh",
}


def is_sidebar_label(line: str) -> bool:
    """A sidebar or box label on a line of its own.

    >>> is_sidebar_label("Tin liên quan")
    True
    >>> is_sidebar_label("VIDEO")
    True
    >>> is_sidebar_label("Video clip ghi lại cảnh nước lũ dâng cao được lan truyền.")
    False
    """
    return _key(line) in _SIDEBAR_LABELS


_BREADCRUMB_SEPARATORS = re.compile(r"\s*[>»›]\s*")


def is_breadcrumb(line: str) -> bool:
    """A breadcrumb trail ("Trang chủ > Thời sự") or the bare "Trang chủ" link.

    >>> is_breadcrumb("Trang chủ > Thời sự > Chính trị")
    True
    >>> is_breadcrumb("Trang chủ / Kinh tế")
    True
    >>> is_breadcrumb("Giá trị sản xuất > 1.200 tỷ đồng, tăng 8% so với cùng kỳ năm trước.")
    False
    """
    key = _key(line)
    if key in ("trang chủ", "home"):
        return True
    if key.startswith("trang chủ /"):
        return all(len(part.split()) <= 4 for part in key.split("/"))
    parts = [part for part in _BREADCRUMB_SEPARATORS.split(normalize_line(line)) if part]
    return len(parts) >= 2 and all(len(part.split()) <= 4 for part in parts)


_TAG_LABEL = re.compile(r"^(?:từ khóa|từ khoá|tags?|chủ đề|keywords?)\s*(?::|$)", re.IGNORECASE)


def is_tag_line(line: str) -> bool:
    """The tag list under an article: a "Từ khóa:" / "Tags:" label, alone or with its tags.

    >>> is_tag_line("Từ khóa: HĐND tỉnh, kỳ họp, ngân sách")
    True
    >>> is_tag_line("Tags")
    True
    >>> is_tag_line("Từ khóa của phong trào năm nay là đoàn kết.")
    False
    """
    return bool(_TAG_LABEL.match(normalize_line(line)))


_PRINT_PHRASES = (
    "in bài viết", "in bài", "bản in", "cỡ chữ", "phóng to", "thu nhỏ", "print", "font", "a-", "a+",
    "a", "gửi bài viết", "gửi cho bạn bè", "lên đầu trang", "về đầu trang", "quay lại", "trở về",
    "nghe đọc bài", "nghe bài viết", "nghe đọc", "lưu", "in",
)


def is_print_control(line: str) -> bool:
    """Print, font size and page controls.

    >>> is_print_control("In bài viết")
    True
    >>> is_print_control("Cỡ chữ: A- A A+")
    True
    >>> is_print_control("In ấn tài liệu tuyên truyền được thực hiện sớm.")
    False
    """
    return _only_phrases(line, _PRINT_PHRASES)


_FOOTER_PREFIXES = (
    "bản quyền thuộc", "bản quyền ©", "giấy phép số", "giấy phép hoạt động", "®", "ghi rõ nguồn",
    "©", "copyright", "chịu trách nhiệm nội dung", "chịu trách nhiệm xuất bản", "tổng biên tập:",
    "phó tổng biên tập:", "thiết kế bởi", "phát triển bởi",
)


def is_footer(line: str) -> bool:
    """Footer lines: copyright, licence, editor-in-chief, address.

    >>> is_footer("® Ghi rõ nguồn khi phát hành lại thông tin từ website này")
    True
    >>> is_footer("Giấy phép số 45/GP-BTTTT cấp ngày 02/3/2022")
    True
    """
    stripped = normalize_line(line).casefold()
    return stripped.startswith(_FOOTER_PREFIXES)


def is_nav_menu(line: str) -> bool:
    """A menu bar pasted as one line: three or more short items between bars.

    >>> is_nav_menu("Thời sự | Kinh tế | Xã hội | Văn hóa")
    True
    >>> is_nav_menu("Tổng thu ngân sách đạt 3.450 tỷ đồng")
    False
    """
    items = [item.strip() for item in normalize_line(line).split("|")]
    return len(items) >= 3 and all(0 < len(item.split()) <= 4 for item in items)


JUNK_RULES = (
    is_share_bar, is_comment_box, is_poll, is_tv_schedule, is_sidebar_label, is_breadcrumb,
    is_tag_line, is_print_control, is_footer, is_nav_menu,
)


def is_junk(line: str) -> bool:
    """True when any junk rule recognises the line.

    >>> is_junk("Zalo")
    True
    >>> is_junk("Tỉnh có 1.250 hộ dân bị ảnh hưởng.")
    False
    """
    return any(rule(line) for rule in JUNK_RULES)


def is_section_end(line: str) -> bool:
    """A line after which the article is over: related lists, comments, polls, tags, footer.

    A bare "Video" label is only dropped (see :func:`is_sidebar_label`):
    pages also use them inside the article body.

    >>> is_section_end("Các tin khác")
    True
    >>> is_section_end("Ý kiến bạn đọc")
    True
    >>> is_section_end("Facebook")
    False
    """
    key = _key(line)
    return (
        key in _LIST_HEADINGS
        or key in _COMMENT_HEADINGS
        or key.startswith(("thăm dò ý kiến", "lịch phát sóng", "ý kiến bạn đọc", "bình luận ("))
        or is_tag_line(line)
        or is_footer(line)
    )


# ---------------------------------------------------------------------------
# Captions and photo credits
# ---------------------------------------------------------------------------

_CREDIT_TAIL = re.compile(
    r"(?:^|\s*[-–—|]\s*|(?<=[.!?…])\s*|\s+)"
    r"\(?\s*(?P<label>Ảnh minh h(?:ọa|oạ)|Ảnh tư liệu|Ảnh|Nguồn ảnh|Ảnh và clip|Ảnh/clip)"
    r"(?:\s*:\s*(?P<who>[^():]{1,40}?))?\s*\)?\s*\.?$"
)
_LEADING_PHOTO_LABEL = re.compile(r"^\(?\s*(?:Ảnh|Nguồn ảnh)\s*:\s*")
_KNOWN_PHOTO_SOURCES = frozenset({"internet", "tư liệu", "tl", "st", "sưu tầm", "nguồn internet", "minh họa", "minh hoạ"})


def _looks_like_credit(who: str | None) -> bool:
    """True for a photographer or source name ("Hoàng Anh", "T.L", "QTV", "internet").

    >>> _looks_like_credit("Hoàng Anh")
    True
    >>> _looks_like_credit("Lãnh đạo tỉnh thăm hỏi bà con")
    False
    """
    if who is None:
        return True
    who = who.strip(" .")
    if who.casefold() in _KNOWN_PHOTO_SOURCES:
        return True
    return _looks_like_names(who)


def _credit_match(line: str) -> re.Match[str] | None:
    """The photo credit at the end of ``line``, if it is one (a name, not a description)."""
    match = _CREDIT_TAIL.search(normalize_line(line))
    if match is None:
        return None
    label = match.group("label")
    if label == "Ảnh" and match.group("who") is None:
        return None
    if label in ("Ảnh", "Nguồn ảnh") and not _looks_like_credit(match.group("who")):
        return None
    return match


def strip_photo_credit(line: str) -> str:
    """The line without its photo credit; empty when the line was nothing but a credit.

    >>> strip_photo_credit("Đồng chí Trần Văn Tâm phát biểu tại hội nghị - Ảnh: T.L")
    'Đồng chí Trần Văn Tâm phát biểu tại hội nghị'
    >>> strip_photo_credit("Ảnh: Hoàng Anh")
    ''
    >>> strip_photo_credit("Ảnh minh họa")
    ''
    >>> strip_photo_credit("Ảnh: Lực lượng xung kích giúp dân chằng chống nhà cửa")
    'Lực lượng xung kích giúp dân chằng chống nhà cửa'
    """
    text = normalize_line(line)
    match = _credit_match(text)
    if match is not None:
        text = text[: match.start()]
    text = _LEADING_PHOTO_LABEL.sub("", text)
    return text.strip(" -–—|")


def is_photo_credit(line: str) -> bool:
    """A line that is only a photo credit, dropped from the page.

    >>> is_photo_credit("Ảnh: Hoàng Anh")
    True
    >>> is_photo_credit("(Ảnh minh họa)")
    True
    >>> is_photo_credit("Đồng chí Trần Văn Tâm phát biểu - Ảnh: T.L")
    False
    """
    return bool(normalize_line(line)) and not strip_photo_credit(line)


def is_caption(line: str) -> bool:
    """A photo caption: text with a photo credit, or text under an "Ảnh:" label.

    >>> is_caption("Đồng chí Trần Văn Tâm phát biểu tại hội nghị - Ảnh: T.L")
    True
    >>> is_caption("Nông dân thu hoạch lúa hè thu (Ảnh minh họa)")
    True
    >>> is_caption("Ảnh: Hoàng Anh")
    False
    >>> is_caption("Kỳ họp diễn ra trong 3 ngày.")
    False
    """
    text = normalize_line(line)
    has_marker = _credit_match(text) is not None or _LEADING_PHOTO_LABEL.match(text) is not None
    return has_marker and bool(strip_photo_credit(text))


# ---------------------------------------------------------------------------
# Byline
# ---------------------------------------------------------------------------

_BYLINE_LABEL = re.compile(
    r"^(?:(?:Bài|Tin|Clip)(?:\s*(?:,|và|/)\s*(?:ảnh|clip|video))*|Tác giả|Phóng viên|Thực hiện|Nhóm thực hiện)\s*:\s*",
    re.IGNORECASE,
)
_ROLE_TAG = re.compile(r"\s*\((?:CTV|PV|QTV|TTXVN|[A-ZĐ]{2,6})\)")
_NAME_SEPARATORS = re.compile(r"\s*[-–—,;&/]\s*|\s+và\s+")
_INITIALS = re.compile(r"^(?:[A-ZĐ]\.)+[A-ZĐ]?[\wÀ-ỹ]*$")
_REPORTERS = re.compile(r"^(?:Nhóm\s+)?(?:PV|CTV|phóng viên|PV-BTV|BTV)(?:\s+[\wÀ-ỹ]+){0,3}$", re.IGNORECASE)


def _looks_like_names(text: str) -> bool:
    """Person names or agency marks separated by "-", "," or "và"; every word capitalised.

    >>> _looks_like_names("Hồng Nhung - Văn Phúc")
    True
    >>> _looks_like_names("T.L")
    True
    >>> _looks_like_names("Kỳ họp thứ 28")
    False
    """
    people = [p for p in _NAME_SEPARATORS.split(_ROLE_TAG.sub("", text).strip()) if p]
    if not people:
        return False
    words = 0
    for person in people:
        tokens = person.split()
        if not 1 <= len(tokens) <= 4:
            return False
        for token in tokens:
            if not (token[0].isupper() and (token.isalpha() or _INITIALS.match(token))):
                return False
        words += len(tokens)
    return words >= 2 or any(_INITIALS.match(t) or (t.isupper() and len(t) >= 2) for t in text.split())


def is_byline(line: str) -> bool:
    """An author line: names, "Theo <source>", "Nhóm PV", or "Bài, ảnh: <names>".

    >>> is_byline("Hồng Nhung - Văn Phúc")
    True
    >>> is_byline("Theo TTXVN")
    True
    >>> is_byline("Nhóm PV")
    True
    >>> is_byline("Theo kế hoạch, công trình hoàn thành trong quý III/2024.")
    False
    """
    text = normalize_line(line)
    if not text or len(text) > 60 or text.endswith((":", "?", "!", ";", ",")):
        return False
    text = text.rstrip(".")
    if _REPORTERS.match(text):
        return True
    theo = re.match(r"^Theo\s+(?P<source>.+)$", text)
    if theo:
        source = theo.group("source")
        return "," not in source and len(source.split()) <= 6 and (source[0].isupper() or "." in source)
    return _looks_like_names(_BYLINE_LABEL.sub("", text))


def author_from_byline(line: str) -> str:
    """The author named by a byline, without labels or role tags.

    >>> author_from_byline("Bài, ảnh: Minh Hoàng (CTV)")
    'Minh Hoàng'
    >>> author_from_byline("Theo TTXVN")
    'TTXVN'
    """
    text = _BYLINE_LABEL.sub("", normalize_line(line).rstrip("."))
    text = re.sub(r"^Theo\s+", "", text)
    return _ROLE_TAG.sub("", text).strip()


# ---------------------------------------------------------------------------
# Pipeline
# ---------------------------------------------------------------------------


def _headline_index(lines: list[str], dateline_at: int | None) -> int | None:
    """Where the headline is: the last real line above the dateline, else the first real line."""
    if dateline_at is not None:
        for i in range(dateline_at - 1, -1, -1):
            if not is_junk(lines[i]) and not is_photo_credit(lines[i]):
                return i
        start = dateline_at + 1
    else:
        start = 0
    for i in range(start, len(lines)):
        if not is_junk(lines[i]) and not is_photo_credit(lines[i]) and not is_dateline(lines[i]):
            return i
    return None


def _article_lines(lines: list[str]) -> list[str]:
    """The lines up to the first section end, without junk, credits or repeated datelines."""
    kept = []
    for line in lines:
        if is_section_end(line):
            break
        if is_junk(line) or is_photo_credit(line) or is_dateline(line):
            continue
        kept.append(line)
    return kept


def _role_blocks(lines: list[str], captions: frozenset[str] = frozenset()) -> list[Block]:
    """Blocks for the article lines after the headline and dateline: lead, body, captions, byline."""
    blocks: list[Block] = []
    byline = lines.pop() if lines and is_byline(lines[-1]) else None
    has_lead = False
    for line in lines:
        if line in captions or is_caption(line):
            blocks.append(Block("caption", strip_photo_credit(line) or line))
        elif not has_lead:
            blocks.append(Block("lead", line))
            has_lead = True
        else:
            blocks.append(Block("body", line))
    if byline is not None:
        blocks.append(Block("byline", byline))
    return blocks


def clean_paragraphs(paragraphs: list[str]) -> tuple[Block, ...]:
    """Role-tagged blocks for article paragraphs that come without headline or dateline
    (a JSON body, say): junk and bare photo credits dropped, captions and byline recognised.

    >>> [b.role for b in clean_paragraphs(["(QTV) - Mở đầu.", "Cây cầu mới - Ảnh: T.L", "Chia sẻ", "Minh Hoàng"])]
    ['lead', 'caption', 'byline']
    """
    return tuple(_role_blocks(_article_lines(split_lines("\n".join(paragraphs)))))


def _build_page(
    lines: list[str],
    *,
    title: str | None = None,
    captions: frozenset[str] = frozenset(),
    published: datetime | None = None,
    author: str | None = None,
    tz: str = STATION_TIMEZONE,
) -> Page:
    """The shared pipeline: find headline and dateline, cut the page furniture, tag the roles."""
    lines = [normalize_line(line) for line in lines]
    lines = [line for line in lines if line]
    if not lines:
        raise IngestError("empty page: there is no text to clean")
    dateline_at = next((i for i, line in enumerate(lines) if is_dateline(line)), None)
    if title is not None:
        title = normalize_line(title)
        headline_at = next((i for i, line in enumerate(lines) if line.casefold() == title.casefold()), None)
    else:
        headline_at = _headline_index(lines, dateline_at)
        if headline_at is None:
            raise IngestError("no article text: the page has only menus, buttons and lists")
        title = lines[headline_at]
    start = max(i for i in (headline_at, dateline_at, -1) if i is not None) + 1
    blocks = _role_blocks(_article_lines(lines[start:]), captions)
    if not any(block.role == "lead" for block in blocks):
        raise IngestError(f"no article text below the headline {title[:60]!r}")
    if dateline_at is not None:
        blocks.insert(0, Block("dateline", lines[dateline_at]))
        published = published or parse_dateline(lines[dateline_at], tz)
    byline = next((block.text for block in blocks if block.role == "byline"), None)
    if byline is not None:
        author = author_from_byline(byline)
    return Page(title=title, blocks=tuple(blocks), published=published, author=author or None)


def clean_text(text: str) -> Page:
    """Clean plain text pasted from a news page into a Page.

    >>> page = clean_text("Trang chủ > Thời sự\\nMưa lớn ở miền núi\\nThứ năm, 26/11/2026 - 08:15\\n"
    ...                   "(QTV) - Mưa lớn kéo dài.\\nChia sẻ\\nMinh Hoàng")
    >>> page.title, [b.role for b in page.blocks], page.author
    ('Mưa lớn ở miền núi', ['dateline', 'lead', 'byline'], 'Minh Hoàng')
    """
    if not isinstance(text, str) or not text.strip():
        raise IngestError("empty text: there is nothing to clean")
    return _build_page(split_lines(text))


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------


def _parse_html(html: str):
    """The lxml tree of ``html``; an IngestError when it holds no markup at all."""
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as err:
        raise IngestError(f"unreadable HTML: {err}") from None
    return tree


def _caption_elements(tree) -> list:
    """Caption elements: ``<figcaption>`` and elements whose class names a caption."""
    return tree.xpath(
        "//figcaption | //*[contains(concat(' ', normalize-space(@class), ' '), ' caption ')"
        " or contains(@class, 'image_desc') or contains(@class, 'img-caption')]"
    )


def _lift_captions(tree) -> frozenset[str]:
    """Turn every figure into a plain paragraph of its caption so the extractor keeps it.

    Trafilatura drops ``<figure>`` content; captions are part of the article Loa reads.
    Returns the caption texts so the pipeline can tag them even without an "Ảnh:" mark.
    """
    from lxml import html as lxml_html

    texts = set()
    for element in _caption_elements(tree):
        text = normalize_line(element.text_content())
        if not text:
            continue
        texts.add(text)
        figure = next((a for a in element.iterancestors() if a.tag == "figure"), None)
        target = figure if figure is not None else element
        paragraph = lxml_html.Element("p")
        paragraph.text = text
        paragraph.tail = target.tail
        if target.getparent() is not None:
            target.getparent().replace(target, paragraph)
    return frozenset(texts)


def _html_headline(tree) -> str | None:
    """Text of the first ``<h1>``, if any."""
    for heading in tree.iter("h1"):
        text = normalize_line(heading.text_content())
        if text:
            return text
    return None


def _html_dateline(tree, limit: int = 200) -> str | None:
    """The first short text after the ``<h1>`` (or anywhere, without one) that is a dateline."""
    headings = tree.xpath("//h1")
    elements = headings[0].xpath("following::*") if headings else list(tree.iter())
    for element in elements[:limit]:
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        text = normalize_line(element.text_content())
        if text and len(text) <= 80 and is_dateline(text):
            return text
    return None


_LEAD_CLASSES = ("sapo", "lead", "summary", "chapeau", "description", "excerpt")
_BYLINE_CLASSES = ("author", "byline", "tacgia", "tac-gia")


def _elements_with_class(tree, names: tuple[str, ...]) -> list:
    """Elements in the page body whose class attribute contains one of ``names``."""
    condition = " or ".join(f"contains(translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
                            f"'abcdefghijklmnopqrstuvwxyz'), '{name}')" for name in names)
    return tree.xpath(f"//body//*[{condition}]")


def _html_lead(tree) -> str | None:
    """The lead paragraph marked by its class ("sapo", "lead", "summary"...), if any.

    Many CMS templates put the lead outside the article body, where the extractor misses it.
    """
    for element in _elements_with_class(tree, _LEAD_CLASSES):
        text = normalize_line(element.text_content())
        if len(text) >= 40 and not is_junk(text):
            return text
    return None


def _html_byline(tree) -> str | None:
    """The last author line marked by its class ("author", "byline"), if it reads as a byline."""
    for element in reversed(_elements_with_class(tree, _BYLINE_CLASSES)):
        text = normalize_line(element.text_content())
        if is_byline(text):
            return text
    return None


def _with_html_parts(lines: list[str], title: str, dateline: str | None, lead: str | None,
                     byline: str | None) -> list[str]:
    """The extracted lines with headline, dateline, lead and byline put back where missing."""
    lines = list(lines)
    folded = {line.casefold() for line in lines}
    if title.casefold() not in folded:
        lines.insert(0, title)
    at = next(i for i, line in enumerate(lines) if line.casefold() == title.casefold()) + 1
    if dateline and not any(is_dateline(line) for line in lines):
        lines.insert(at, dateline)
    if dateline:
        at = next((i + 1 for i, line in enumerate(lines) if is_dateline(line)), at)
    if lead and lead.casefold() not in folded:
        lines.insert(at, lead)
    if byline and byline.casefold() not in folded:
        lines.append(byline)
    return lines


def _metadata_published(value: str | None, tz: str) -> datetime | None:
    """The publication time from page metadata, when it carries a time of day or an offset.

    A bare date (the extractor reports it as midnight without an offset) says less than
    the dateline, so it only counts as a last resort in :func:`clean_html`.
    """
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        if parsed.time() == datetime.min.time():
            return None
        parsed = parsed.replace(tzinfo=ZoneInfo(tz))
    return parsed


def _metadata_date(value: str | None, tz: str) -> datetime | None:
    """Midnight of the date in page metadata, in ``tz``, or None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value[:10]).replace(tzinfo=ZoneInfo(tz))
    except ValueError:
        return None


def clean_html(html: str, url: str | None = None) -> Page:
    """Clean a saved HTML news page into a Page.

    The main text comes from trafilatura; title, author and date from the page metadata
    (the visible ``<h1>``, dateline and byline win when present). The paragraphs then go
    through the same rules as :func:`clean_text`.
    """
    import trafilatura
    from lxml import html as lxml_html

    if not isinstance(html, str) or not html.strip():
        raise IngestError("empty HTML: there is nothing to clean")
    tree = _parse_html(html)
    captions = _lift_captions(tree)
    headline = _html_headline(tree)
    dateline = _html_dateline(tree)
    document = trafilatura.bare_extraction(
        lxml_html.tostring(tree, encoding="unicode"),
        url=url,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        date_extraction_params={"extensive_search": True, "original_date": True,
                                "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
    )
    if document is None or not (document.text or "").strip():
        raise IngestError("no article text found in the HTML page")
    title = headline or normalize_line(document.title or "")
    lines = split_lines(document.text)
    lines = _with_html_parts(lines, title or lines[0], dateline, _html_lead(tree), _html_byline(tree))
    page = _build_page(
        lines,
        title=title or lines[0],
        captions=captions,
        published=_metadata_published(document.date, STATION_TIMEZONE),
        author=normalize_line(document.author or "") or None,
    )
    if page.published is None:
        page = Page(page.title, page.blocks, _metadata_date(document.date, STATION_TIMEZONE), page.author)
    return page

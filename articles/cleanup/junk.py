"""Junk rules: each says whether one line is page furniture (share bars, comment boxes, menus...)."""
from __future__ import annotations

import re

from articles.cleanup.lines import line_key, normalize_line, only_phrases

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
    key = line_key(line)
    return key.startswith(("thích và chia sẻ", "chia sẻ bài viết")) or only_phrases(line, _SHARE_PHRASES)


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
    key = line_key(line)
    if key.startswith(("vui lòng nhập", "bình luận của bạn", "ý kiến của bạn sẽ", "bạn còn")):
        return True
    return only_phrases(line, _COMMENT_PHRASES)


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
    return only_phrases(line, _POLL_PHRASES)


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
    key = line_key(line)
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
    return line_key(line) in _SIDEBAR_LABELS


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
    key = line_key(line)
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
    return only_phrases(line, _PRINT_PHRASES)


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
    key = line_key(line)
    return (
        key in _LIST_HEADINGS
        or key in _COMMENT_HEADINGS
        or key.startswith(("thăm dò ý kiến", "lịch phát sóng", "ý kiến bạn đọc", "bình luận ("))
        or is_tag_line(line)
        or is_footer(line)
    )

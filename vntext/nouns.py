"""The words after a number that tell what it measures or counts.

Several rules decide what "6/7", "2-3" or "15/1" is by the word that follows it:

* a counted noun ("6/7 thành viên", "2/5 đối tượng", "53/53 phiếu") makes a slash a count out of a
  total, read "trên", and rules out a date;
* a portion word ("3/4 số hộ", "1/3 lượng mưa", "2/3 diện tích") makes it a true fraction, read
  "phần", and rules out a date;
* a word of frequency or duration ("mỗi ngày 2-3 lần", "tối 7-8 giờ") makes a dash a range, not a
  date.

Every test is a pure look at the text right after a position; matching is on whole words, in any
letter case.
"""
from __future__ import annotations

import re

__all__ = ["counted_noun_at", "duration_word_at", "portion_word_at"]

# People, things and units that are counted. Longer words first where one starts another.
_COUNTED_NOUNS = (
    "người dân", "người", "hộ dân", "hộ", "nhân khẩu", "khẩu", "thành viên", "đại biểu", "ủy viên",
    "uỷ viên", "đối tượng", "bị can", "bị cáo", "nghi phạm", "phạm nhân", "học sinh", "sinh viên",
    "thí sinh", "học viên", "giáo viên", "giảng viên", "bác sĩ", "y bác sĩ", "cán bộ", "công chức",
    "viên chức", "công nhân", "lao động", "bệnh nhân", "ca bệnh", "ca", "trường hợp", "vụ", "vụ án",
    "phiếu", "ghế", "chữ ký", "ý kiến", "câu hỏi", "câu", "bài", "môn", "điểm", "trận", "bàn",
    "cầu thủ", "vận động viên", "đối thủ", "đội bóng", "câu lạc bộ", "vòng", "đội", "tỉnh", "thành phố",
    "thành", "huyện", "quận", "xã", "phường",
    "thôn", "bản", "làng", "ấp", "tổ", "trường", "lớp", "khoa", "đơn vị", "doanh nghiệp", "công ty",
    "ngân hàng", "dự án", "công trình", "hồ sơ", "văn bản", "thủ tục", "chỉ tiêu", "tiêu chí",
    "quốc gia", "nước", "xe máy", "xe", "ô tô", "chiếc", "cái", "con", "tàu", "chuyến",
    "căn hộ", "căn", "ngôi nhà", "nhà", "phòng", "tầng", "mẫu", "sản phẩm", "tác phẩm", "giải",
    "huy chương", "lượt", "lần", "cây", "tấn", "kg", "km", "ha",
)  # fmt: skip
_PORTION_WORDS = (
    "số", "lượng", "tổng", "phần", "diện tích", "dân số", "thời gian", "quãng đường", "chặng",
    "khối lượng", "giá trị", "công suất", "nhiệm kỳ", "đoạn", "chiều dài", "độ dài", "quãng",
    "trong số", "trên tổng số", "ngân sách", "kinh phí", "vốn",
)  # fmt: skip
_DURATION_WORDS = (
    "lần", "lượt", "giờ", "tiếng", "phút", "giây", "ngày", "tuần", "tháng", "buổi", "bữa", "cữ", "ca",
    "đêm", "tuổi", "km", "ki lô mét", "cây số", "người", "viên", "cốc", "ly", "chén",
)  # fmt: skip


def _after(words: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"[ \t]*(?i:{alternation})(?![^\W_])")


_COUNTED = _after(_COUNTED_NOUNS)
_PORTION = _after(_PORTION_WORDS)
_DURATION = _after(_DURATION_WORDS)


def counted_noun_at(text: str, position: int) -> bool:
    """True when a counted noun follows ``position``.

    >>> counted_noun_at("6/7 thành viên", 3), counted_noun_at("3/4 số hộ", 3)
    (True, False)
    """
    return _COUNTED.match(text, position) is not None


def portion_word_at(text: str, position: int) -> bool:
    """True when a portion word ("số", "lượng", "diện tích"…) follows ``position``.

    >>> portion_word_at("3/4 số hộ", 3), portion_word_at("3/4 thành viên", 3)
    (True, False)
    """
    return _PORTION.match(text, position) is not None


def duration_word_at(text: str, position: int) -> bool:
    """True when a word of frequency or duration follows ``position``.

    >>> duration_word_at("2-3 lần mỗi ngày", 3), duration_word_at("20-7 tại Huế", 4)
    (True, False)
    """
    return _DURATION.match(text, position) is not None

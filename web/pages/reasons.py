"""Why an article failed, told to the newsroom in Vietnamese with what to do about it.

Workers record failures in English for operators (``synthesize: no speech engine left: …``,
``page not read: …: timed out after 15 s``); the staff pages show the matching explanation and
keep the recorded reason, without URL credentials, for whoever fixes it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from articles.urls import without_credentials

TRY_AGAIN = "Bấm «Đọc lại bài này» sau vài phút; nếu vẫn lỗi, báo bộ phận kỹ thuật kèm chi tiết bên dưới."
PASTE = "Kiểm tra lại địa chỉ, hoặc dán nội dung bài vào ô «Thêm bài»."


@dataclass(frozen=True)
class Explanation:
    message: str  # what went wrong, in the newsroom's words
    advice: str  # what to do now
    detail: str  # the recorded reason


# (pattern searched in the recorded reason, message, advice); the first that matches is shown.
RULES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple((re.compile(p, re.IGNORECASE), m, a) for p, m, a in (
    (r"^not queued", "Chưa gửi được bài tới hàng đợi đọc: máy chủ hàng đợi (Redis) không trả lời.",
     "Báo bộ phận kỹ thuật kiểm tra Redis, rồi bấm «Đọc lại bài này»."),
    (r"no space left|ENOSPC|quota", "Máy chủ đã hết chỗ trên đĩa nên không ghi được tệp âm thanh.",
     "Báo bộ phận kỹ thuật giải phóng dung lượng, rồi đọc lại bài."),
    (r"permission denied|read-only|EACCES|EROFS", "Máy chủ không được phép ghi tệp âm thanh.",
     "Báo bộ phận kỹ thuật kiểm tra quyền ghi của thư mục dữ liệu, rồi đọc lại bài."),
    (r"^page not read.*(timed out|stalled)", "Trang bài gốc không trả lời kịp.", PASTE),
    (r"^page not read.*(refused|not fetched|only http)",
     "Địa chỉ bài gốc không được phép tải (địa chỉ nội bộ, đặc biệt hoặc có mật khẩu).", PASTE),
    (r"^page not read.*cannot resolve", "Không tìm thấy tên miền của bài gốc.", PASTE),
    (r"^page not read.*(HTTP \d+|cannot connect)", "Máy chủ của bài gốc không trả được trang.", PASTE),
    (r"^page not read.*(content type|not HTML)", "Địa chỉ này không phải một trang web (HTML).", PASTE),
    (r"^page not read.*larger than", "Trang bài gốc quá lớn.", PASTE),
    (r"^page not read.*(no article text|nothing to read)", "Không tìm thấy nội dung bài trên trang gốc.",
     "Dán nội dung bài vào ô «Thêm bài»."),
    (r"^page not read", "Không tải được trang bài gốc.", PASTE),
    (r"stalled", "Bài bị treo: không có máy nào tiếp tục đọc bài.",
     "Báo bộ phận kỹ thuật kiểm tra các worker đang chạy cho mọi hàng đợi, rồi bấm «Đọc lại bài này»."),
    (r"RateLimited|HTTP 429|rate limit", "Dịch vụ giọng đọc đang giới hạn số yêu cầu.", TRY_AGAIN),
    (r"NoNetwork|ConnectionError|cannot connect|network",
     "Mất kết nối tới dịch vụ giọng đọc.", TRY_AGAIN),
    (r"no speech engine left|circuit open|ServiceError|EngineFailed",
     "Dịch vụ giọng đọc đang lỗi nên chưa đọc được bài.", TRY_AGAIN),
    (r"nothing to read|no body text|article is empty|no sentences", "Bài không có nội dung để đọc.",
     "Sửa bài trong hệ thống biên tập (thêm nội dung) rồi gửi lại."),
    (r"^(publish|feed):", "Đã đọc xong nhưng chưa cập nhật được kênh podcast.", TRY_AGAIN),
    (r"^broadcast:", "Đã đọc xong nhưng chưa làm được bản phát sóng (WAV).", TRY_AGAIN),
))
FALLBACK = ("Đọc bài không thành công.", TRY_AGAIN)


def explain(error: str) -> Explanation:
    """The newsroom's explanation of a recorded failure.

    >>> explain("synthesize: no speech engine left: gtts: circuit open").message
    'Dịch vụ giọng đọc đang lỗi nên chưa đọc được bài.'
    >>> explain("page not read: https://u:p@radio.vn/x: timed out after 15 s").detail
    'page not read: https://radio.vn/x: timed out after 15 s'
    """
    detail = without_credentials(error)
    for pattern, message, advice in RULES:
        if pattern.search(detail):
            return Explanation(message, advice, detail)
    return Explanation(*FALLBACK, detail)

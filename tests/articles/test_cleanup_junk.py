"""Junk rules one by one, and the lines after which the article is over."""
from __future__ import annotations

import pytest

from articles.cleanup import (
    is_breadcrumb,
    is_comment_box,
    is_footer,
    is_junk,
    is_nav_menu,
    is_poll,
    is_print_control,
    is_section_end,
    is_share_bar,
    is_sidebar_label,
    is_tag_line,
    is_tv_schedule,
)


@pytest.mark.parametrize(
    ("rule", "line", "expected"),
    [
        (is_share_bar, "Thích và chia sẻ bài viết qua", True),
        (is_share_bar, "Chia sẻ: Facebook Zalo", True),
        (is_share_bar, "Like 12 | Share", True),
        (is_share_bar, "Nhiều hộ dân chia sẻ kinh nghiệm trồng dược liệu.", False),
        (is_comment_box, "Gửi bình luận", True),
        (is_comment_box, "Họ và tên:", True),
        (is_comment_box, "Vui lòng nhập tiếng Việt có dấu", True),
        (is_comment_box, "Các ý kiến đóng góp được tiếp thu đầy đủ.", False),
        (is_poll, "Xem kết quả", True),
        (is_poll, "Thăm dò ý kiến", True),
        (is_poll, "Kết quả bình chọn 10 sự kiện tiêu biểu sẽ được công bố vào cuối năm.", False),
        (is_tv_schedule, "Lịch phát sóng QTV", True),
        (is_tv_schedule, "19:45 - Thời sự tối", True),
        (is_tv_schedule, "06:00 sáng 28/10, mực nước sông Hiếu lên nhanh.", False),
        (is_sidebar_label, "Đọc nhiều", True),
        (is_sidebar_label, "Tin khác:", True),
        (is_sidebar_label, "Tin liên quan đến dự án được công bố rộng rãi.", False),
        (is_breadcrumb, "Trang chủ > Thời sự", True),
        (is_breadcrumb, "Thời sự » Chính trị", True),
        (is_breadcrumb, "Tỷ lệ giải ngân > 90% ở 5 huyện, trong khi các huyện còn lại vẫn chậm.", False),
        (is_tag_line, "Từ khoá: nông thôn mới", True),
        (is_tag_line, "Tags", True),
        (is_tag_line, "Từ khóa của phong trào là đoàn kết.", False),
        (is_tag_line, "Tỉnh đã hoàn thành kế hoạch.", False),
        (is_print_control, "A- A A+", True),
        (is_print_control, "Bản in", True),
        (is_print_control, "In ấn tài liệu", False),
        (is_footer, "Bản quyền thuộc Đài Phát thanh - Truyền hình Quảng Trị", True),
        (is_footer, "© 2024 QTV", True),
        (is_footer, "Người dân được cấp giấy phép số lượng lớn.", False),
        (is_footer, "Bản quyền tác giả đối với các ca khúc dân ca được bảo hộ.", False),
        (is_footer, "Điện thoại: 0233.3852.114", False),
        (is_nav_menu, "Trang chủ | Thời sự | Video", True),
        (is_nav_menu, "Lượng mưa | 250 – 400 mm", False),
    ],
)
def test_junk_rules(rule, line, expected):
    assert rule(line) is expected


def test_is_junk_composes_the_rules():
    assert is_junk("Tweet")
    assert is_junk("Ý kiến bạn đọc")
    assert not is_junk("(QTV) - Sáng nay, tỉnh tổ chức hội nghị tổng kết năm 2024.")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Tin liên quan", True),
        ("Các tin khác", True),
        ("Bình luận (3)", True),
        ("Tags: lũ lụt", True),
        ("® Ghi rõ nguồn", True),
        ("Zalo", False),
        ("Tin tức về lũ lụt được cập nhật liên tục.", False),
    ],
)
def test_is_section_end(line, expected):
    assert is_section_end(line) is expected

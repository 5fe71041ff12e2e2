"""Saved HTML pages: metadata as fallback, captions from their markup or right after a picture, bad input."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from articles.cleanup import clean_html
from articles.errors import IngestError

PAGES = Path(__file__).resolve().parent / "pages"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def texts(page, role):
    """Texts of the blocks with ``role``."""
    return [block.text for block in page.blocks if block.role == role]


def test_html_without_h1_or_dateline_uses_metadata():
    page = clean_html((PAGES / "no-h1-no-dateline.html").read_text(encoding="utf-8"))
    assert page.title == "Ra mắt hợp tác xã dược liệu ở Hướng Hóa"
    assert page.published == datetime(2024, 11, 5, tzinfo=HANOI)
    assert texts(page, "caption") == ["Thành viên hợp tác xã chăm sóc vườn đinh lăng"]
    assert texts(page, "byline") == ["Bài, ảnh: Hồ Nguyên"]
    assert page.author == "Hồ Nguyên"


def test_metadata_time_wins_over_dateline_in_html():
    html = (
        "<html><head><meta property='article:published_time' content='2024-10-28T16:25:00+07:00'></head>"
        "<body><article><h1>Tin thử</h1><p>Thứ hai, 28/10/2024 - 16:20</p>"
        "<p>(QTV) - Nội dung đầu tiên của bài viết đủ dài để được giữ lại trong phần chính của trang.</p>"
        "<p>Nội dung thứ hai của bài viết cũng đủ dài để được giữ lại trong phần chính của trang.</p>"
        "</article></body></html>"
    )
    page = clean_html(html)
    assert page.published == datetime(2024, 10, 28, 16, 25, tzinfo=HANOI)
    assert texts(page, "dateline") == ["Thứ hai, 28/10/2024 - 16:20"]


@pytest.mark.parametrize("html", ["", "  \n "])
def test_clean_html_rejects_empty_input(html):
    with pytest.raises(IngestError, match="empty HTML"):
        clean_html(html)


def test_clean_html_rejects_page_without_article_text():
    with pytest.raises(IngestError, match="no article text"):
        clean_html("<html><body><nav><a href='/'>Trang chủ</a></nav></body></html>")

def assert_blocks(page, expected):
    """Every kept block has the expected role, and its text begins as expected."""
    assert [block.role for block in page.blocks] == [role for role, _ in expected]
    for block, (role, start) in zip(page.blocks, expected, strict=True):
        assert block.text.startswith(start), (role, block.text)


def test_html_figcaption_and_caption_class_without_credit():
    page = clean_html((PAGES / "captions-figure.html").read_text(encoding="utf-8"))
    assert page.title == "Thông xe cầu dân sinh bản Ka Tăng"
    assert_blocks(page, [
        ("dateline", "Thứ ba, 12/08/2025 - 15:10"),
        ("lead", "(QTV) - Chiều 12/8"),
        ("caption", "Các đại biểu cắt băng thông xe cầu bản Ka Tăng"),
        ("body", "Cây cầu dài 42 m"),
        ("body", "Niềm vui của bà con vùng cao"),
        ("body", "Trước đây, mỗi khi nước suối dâng cao"),
        ("caption", "Học sinh bản Ka Tăng vui mừng đi qua cây cầu mới"),
        ("body", "Ông Hồ Văn Thiện, trưởng bản Ka Tăng"),
        ("body", "Công trình được khởi công"),
        ("byline", "Quốc Việt"),
    ])


def test_html_paragraph_right_after_a_picture_is_its_caption():
    page = clean_html((PAGES / "captions-after-pictures.html").read_text(encoding="utf-8"))
    assert page.title == "Cháy xưởng chế biến gỗ ở Cam Lộ"
    assert_blocks(page, [
        ("dateline", "Thứ sáu, 19/09/2025 - 21:35"),
        ("lead", "(QTV) - Khoảng 18 giờ chiều 19/9"),
        ("caption", "Lực lượng chức năng kiểm tra hiện trường vụ cháy"),  # italic, under a picture
        ("body", "Nhận tin báo, Phòng Cảnh sát"),
        ("body", "Ngọn lửa được khống chế sau 2 giờ."),  # a short sentence under a picture
        ("body", "Vụ cháy không gây thiệt hại về người"),
        ("body", "Hiện cơ quan chức năng đang phong tỏa hiện trường"),
        ("body", "Khuyến cáo an toàn cho các cơ sở sản xuất"),  # bold subheading under a picture
        ("body", "Công an tỉnh đề nghị các doanh nghiệp"),
        ("caption", "Xe chữa cháy được huy động đến khu công nghiệp Nam Đông Hà"),  # plain, under a linked picture
        ("body", "Đây là vụ cháy thứ ba"),
        ("byline", "Lê Trường"),
    ])

"""The text pipeline: pasted pages from headline to byline, the cut at a section end, bad input."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from articles.cleanup import clean_text
from articles.errors import IngestError

PAGES = Path(__file__).resolve().parent / "pages"


def texts(page, role):
    """Texts of the blocks with ``role``."""
    return [block.text for block in page.blocks if block.role == role]


def test_wire_story_with_dateline_above_headline():
    page = clean_text((PAGES / "wire-story.txt").read_text(encoding="utf-8"))
    assert page.title == "Xuất khẩu gạo tháng đầu năm tăng mạnh"
    assert page.published == datetime(2018, 1, 15, 21, 3, tzinfo=timezone(timedelta(hours=7)))
    assert [b.role for b in page.blocks] == ["dateline", "lead", "body", "caption", "body", "byline"]
    assert texts(page, "caption") == ["Tàu nhận gạo xuất khẩu tại cảng Sài Gòn"]
    assert page.author == "TTXVN"
    assert not any("Giá cà phê" in b.text or "Ảnh minh họa" in b.text for b in page.blocks)


def test_text_without_dateline_has_no_published_time():
    page = clean_text("Mở lớp dạy nghề cho phụ nữ vùng cao\n\n(QTV) - Hơn 30 học viên tham gia lớp học.\n")
    assert page.published is None
    assert [b.role for b in page.blocks] == ["lead"]


def test_related_list_is_cut_to_the_end():
    page = clean_text(
        "Khai trương chợ phiên vùng cao\nThứ bảy, 07/12/2024 - 09:00\n"
        "(QTV) - Chợ phiên đầu tiên thu hút hàng nghìn lượt khách.\n"
        "Các tin khác\nNgười dân vui mừng\nHà Phương\n"
    )
    assert [b.text for b in page.blocks] == [
        "Thứ bảy, 07/12/2024 - 09:00",
        "(QTV) - Chợ phiên đầu tiên thu hút hàng nghìn lượt khách.",
    ]
    assert page.author is None


def test_caption_before_lead_keeps_its_place():
    page = clean_text(
        "Mùa lúa mới\nThứ bảy, 07/12/2024 - 09:00\nĐồng lúa chín vàng - Ảnh: Hồ Cầu\n"
        "(QTV) - Nông dân bước vào vụ thu hoạch.\nLan Anh\n"
    )
    assert [b.role for b in page.blocks] == ["dateline", "caption", "lead", "byline"]


def test_video_label_inside_body_is_dropped_without_ending_the_article():
    page = clean_text(
        "Lễ hội đua thuyền trên sông Thạch Hãn\nChủ nhật, 01/09/2024 - 10:00\n"
        "(QTV) - Sáng 1/9, hơn 20 đội thuyền tham gia tranh tài.\nVideo\n"
        "Đội thuyền xã Triệu Độ giành giải nhất.\nQuốc Việt\n"
    )
    assert [b.role for b in page.blocks] == ["dateline", "lead", "body", "byline"]
    assert "Video" not in [b.text for b in page.blocks]


@pytest.mark.parametrize("text", ["", "   \n\t\n  "])
def test_clean_text_rejects_empty_input(text):
    with pytest.raises(IngestError, match="empty"):
        clean_text(text)


def test_clean_text_rejects_page_without_article():
    with pytest.raises(IngestError, match="no article text") as error:
        clean_text((PAGES / "only-furniture.txt").read_text(encoding="utf-8"))
    assert "\n" not in str(error.value)


def test_clean_text_rejects_headline_without_body():
    with pytest.raises(IngestError, match="no article text below the headline"):
        clean_text("Chỉ có tiêu đề\nThứ hai, 15/01/2018 - 21:03\nFacebook\nZalo\n")


def test_ingest_error_is_a_value_error():
    with pytest.raises(ValueError):
        clean_text("")

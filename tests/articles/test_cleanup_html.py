"""Saved HTML pages: metadata as fallback, captions from their markup, bad input."""
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

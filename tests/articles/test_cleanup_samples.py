"""The bundled example pages end to end: headline, dateline, roles, byline, and no furniture left."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from articles.cleanup import clean_html, clean_paragraphs, clean_text

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "examples" / "articles"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

# Everything each sample page carries around its article, line by line as it appears there.
TEXT_SAMPLE_JUNK = [
    "ĐÀI PHÁT THANH - TRUYỀN HÌNH QUẢNG TRỊ",
    "Thời sự | Kinh tế | Xã hội",
    "Trang chủ > Thời sự > Chính trị",
    "Thích và chia sẻ bài viết qua",
    "Facebook",
    "Zalo",
    "Tweet",
    "In bài viết",
    "Cỡ chữ",
    "Ảnh: Thanh Hải",
    "Ảnh: Văn Phúc",
    "Từ khóa",
    "Chia sẻ",
    "Tin liên quan",
    "Khai mạc Kỳ họp thứ 29 HĐND tỉnh khóa VIII",
    "Cử tri kiến nghị sớm hoàn thành đường ven biển",
    "UBND tỉnh báo cáo tình hình kinh tế - xã hội năm 2024",
    "Ý kiến bạn đọc",
    "Nhập bình luận của bạn",
    "Họ tên",
    "Email",
    "Gửi bình luận",
    "Tin mới nhất",
    "Ra quân cao điểm tấn công trấn áp tội phạm dịp Tết",
    "Khánh thành cầu dân sinh ở xã vùng cao",
    "Đọc nhiều",
    "Giá lúa tăng, nông dân phấn khởi",
    "Thăm dò ý kiến",
    "Bạn đánh giá thế nào về chất lượng chương trình thời sự của QTV?",
    "Rất hài lòng",
    "Chưa hài lòng",
    "Bình chọn",
    "Xem kết quả",
    "Lịch phát sóng",
    "Chào buổi sáng",
    "Thời sự sáng",
    "Thời sự trưa",
    "Bản quyền thuộc",
    "Giấy phép số",
    "Ghi rõ nguồn",
]
HTML_SAMPLE_JUNK = [
    "Đài PT-TH Quảng Trị",
    "Trang chủ",
    "Văn hóa - Thể thao",
    "Phát thanh",
    "Phòng chống thiên tai >",
    "In bài viết",
    "Cỡ chữ",
    "Thích và chia sẻ bài viết qua",
    "Facebook",
    "Zalo",
    "Tweet",
    "Ảnh: Đức Việt",
    "Từ khóa",
    "phòng chống thiên tai,",
    "Chia sẻ",
    "Tin liên quan",
    "Cảnh báo lũ quét, sạt lở đất ở các huyện miền núi",
    "Kiểm tra công tác phòng chống lụt bão tại huyện Triệu Phong",
    "Ngư dân khẩn trương đưa tàu thuyền vào nơi neo đậu",
    "Ý kiến bạn đọc",
    "Trần Thị Lan",
    "Mong bà con vùng trũng giữ an toàn",
    "Nhập bình luận của bạn",
    "Họ tên",
    "Email",
    "Gửi bình luận",
    "Tin mới nhất",
    "Hỗ trợ khẩn cấp cho các hộ dân bị sạt lở nhà cửa",
    "Giá cao su phục hồi, nông dân Cam Lộ phấn khởi",
    "Đọc nhiều",
    "Khai giảng lớp học tình thương cho trẻ em vùng cao",
    "Thăm dò ý kiến",
    "Bạn theo dõi tin tức mưa lũ chủ yếu qua kênh nào?",
    "Truyền hình QTV",
    "Mạng xã hội",
    "Bình chọn",
    "Xem kết quả",
    "Lịch phát sóng",
    "Chào buổi sáng",
    "Thời sự trưa",
    "Thời sự tối",
    "Bản quyền thuộc",
    "Giấy phép số",
    "Ghi rõ nguồn",
]

EXPECTED = {
    "01-ky-hop-hdnd-tinh.txt": dict(
        title="Bế mạc Kỳ họp thứ 29 HĐND tỉnh khóa VIII: Thông qua 27 nghị quyết quan trọng",
        dateline="Thứ năm, 12/12/2024 - 17:45",
        published=datetime(2024, 12, 12, 17, 45, tzinfo=HANOI),
        lead_start="(QTV) - Chiều 12/12/2024, sau 3 ngày làm việc",
        body_count=9,
        captions=[
            "Đồng chí Lê Quang Thịnh, Chủ tịch HĐND tỉnh phát biểu bế mạc kỳ họp",
            "Các đại biểu biểu quyết thông qua các nghị quyết tại phiên bế mạc.",
        ],
        byline="Hồng Nhung - Văn Phúc",
        author="Hồng Nhung - Văn Phúc",
        junk=TEXT_SAMPLE_JUNK,
    ),
    "02-ung-pho-mua-lu.html": dict(
        title="Quảng Trị: Di dời hơn 3.100 hộ dân vùng thấp trũng trước đợt mưa lớn",
        dateline="Thứ hai, 28/10/2024 - 16:20",
        published=datetime(2024, 10, 28, 16, 20, tzinfo=HANOI),
        lead_start="QTV - Trước diễn biến phức tạp của đợt mưa lớn",
        body_count=8,
        captions=[
            "Lực lượng vũ trang huyện Hải Lăng giúp người dân xã Hải Phong di dời tài sản đến nơi an toàn",
            "Mực nước sông Hiếu đoạn qua TP. Đông Hà dâng cao chiều 28/10",
        ],
        byline="Minh Hoàng",
        author="Minh Hoàng",
        junk=HTML_SAMPLE_JUNK,
    ),
}


def load_sample(name: str):
    """The Page clean-up makes of one bundled sample."""
    source = (SAMPLES / name).read_text(encoding="utf-8")
    return clean_html(source) if name.endswith(".html") else clean_text(source)


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def sample(request):
    """(expected values, cleaned page) for each text and HTML sample."""
    return EXPECTED[request.param], load_sample(request.param)


def texts(page, role):
    """Texts of the blocks with ``role``."""
    return [block.text for block in page.blocks if block.role == role]


def test_sample_headline(sample):
    expected, page = sample
    assert page.title == expected["title"]


def test_sample_dateline_is_parsed_to_aware_time(sample):
    expected, page = sample
    assert texts(page, "dateline") == [expected["dateline"]]
    assert page.published == expected["published"]
    assert page.published.utcoffset() == timedelta(hours=7)


def test_sample_lead(sample):
    expected, page = sample
    (lead,) = texts(page, "lead")
    assert lead.startswith(expected["lead_start"])


def test_sample_body_paragraph_count(sample):
    expected, page = sample
    assert len(texts(page, "body")) == expected["body_count"]


def test_sample_captions_keep_text_and_lose_credit(sample):
    expected, page = sample
    captions = texts(page, "caption")
    assert captions == expected["captions"]
    assert not any("Ảnh:" in caption for caption in captions)


def test_sample_byline_and_author(sample):
    expected, page = sample
    assert page.blocks[-1].role == "byline"
    assert page.blocks[-1].text == expected["byline"]
    assert page.author == expected["author"]


def test_sample_block_order(sample):
    _, page = sample
    roles = [block.role for block in page.blocks]
    assert roles[:2] == ["dateline", "lead"]
    assert set(roles[2:-1]) == {"body", "caption"}


def test_sample_no_junk_survives(sample):
    expected, page = sample
    kept = [page.title, *(block.text for block in page.blocks)]
    survivors = [junk for junk in expected["junk"] if any(junk in text for text in kept)]
    assert survivors == []


def article_text(name: str) -> str:
    """Headline, dateline, lead, body, captions and byline of a sample, one per line."""
    if name.endswith(".json"):
        doc = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
        return "\n".join([doc["title"], doc["body"], doc["author"]])
    page = load_sample(name)
    return "\n".join([page.title, *(block.text for block in page.blocks)])


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.iterdir()))
def test_sample_article_length_is_within_bounds(name):
    assert 1500 <= len(article_text(name)) <= 6000


def test_json_sample_has_the_ingest_fields():
    doc = json.loads((SAMPLES / "03-duong-ket-noi-ql1a.json").read_text(encoding="utf-8"))
    assert set(doc) == {"id", "title", "body", "published", "author", "url"}
    assert datetime.fromisoformat(doc["published"]) == datetime(2024, 9, 26, 9, 30, tzinfo=HANOI)
    assert doc["url"].startswith("https://")


def test_json_sample_body_through_clean_paragraphs():
    doc = json.loads((SAMPLES / "03-duong-ket-noi-ql1a.json").read_text(encoding="utf-8"))
    blocks = clean_paragraphs(doc["body"].split("\n\n") + [doc["author"]])
    roles = [block.role for block in blocks]
    assert roles[0] == "lead" and roles[-1] == "byline"
    assert roles.count("body") == 8
    assert [b.text for b in blocks if b.role == "caption"] == [
        "Lực lượng đoàn viên thanh niên ra quân trồng cây xanh dọc tuyến đường mới"
    ]

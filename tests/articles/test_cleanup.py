"""Page clean-up: the bundled samples end to end, each rule on its own, dateline parsing, bad input."""
from __future__ import annotations

import json
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from articles.cleanup import (
    author_from_byline,
    clean_html,
    clean_paragraphs,
    clean_text,
    is_breadcrumb,
    is_byline,
    is_caption,
    is_comment_box,
    is_footer,
    is_junk,
    is_nav_menu,
    is_photo_credit,
    is_poll,
    is_print_control,
    is_section_end,
    is_share_bar,
    is_sidebar_label,
    is_tag_line,
    is_tv_schedule,
    normalize_line,
    parse_dateline,
    strip_photo_credit,
)
from articles.errors import IngestError

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "examples" / "articles"
PAGES = Path(__file__).resolve().parent / "pages"
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


# --- the samples, end to end -------------------------------------------------


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


# --- small pages under tests/articles/pages ---------------------------------


def test_wire_story_with_dateline_above_headline():
    page = clean_text((PAGES / "wire-story.txt").read_text(encoding="utf-8"))
    assert page.title == "Xuất khẩu gạo tháng đầu năm tăng mạnh"
    assert page.published == datetime(2018, 1, 15, 21, 3, tzinfo=timezone(timedelta(hours=7)))
    assert [b.role for b in page.blocks] == ["dateline", "lead", "body", "caption", "body", "byline"]
    assert texts(page, "caption") == ["Tàu nhận gạo xuất khẩu tại cảng Sài Gòn"]
    assert page.author == "TTXVN"
    assert not any("Giá cà phê" in b.text or "Ảnh minh họa" in b.text for b in page.blocks)


def test_html_without_h1_or_dateline_uses_metadata():
    page = clean_html((PAGES / "no-h1-no-dateline.html").read_text(encoding="utf-8"))
    assert page.title == "Ra mắt hợp tác xã dược liệu ở Hướng Hóa"
    assert page.published == datetime(2024, 11, 5, tzinfo=HANOI)
    assert texts(page, "caption") == ["Thành viên hợp tác xã chăm sóc vườn đinh lăng"]
    assert texts(page, "byline") == ["Bài, ảnh: Hồ Nguyên"]
    assert page.author == "Hồ Nguyên"


def test_text_without_dateline_has_no_published_time():
    page = clean_text("Mở lớp dạy nghề cho phụ nữ vùng cao\n\n(QTV) - Hơn 30 học viên tham gia lớp học.\n")
    assert page.published is None
    assert [b.role for b in page.blocks] == ["lead"]


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


# --- parse_dateline ------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thứ hai, 15/01/2018 - 21:03", datetime(2018, 1, 15, 21, 3, tzinfo=HANOI)),
        ("Thứ Hai, 15/1/2018 | 21:03", datetime(2018, 1, 15, 21, 3, tzinfo=HANOI)),
        ("Cập nhật: 08:15 - 03/11/2026", datetime(2026, 11, 3, 8, 15, tzinfo=HANOI)),
        ("Chủ nhật, 01-11-2026, 07:30", datetime(2026, 11, 1, 7, 30, tzinfo=HANOI)),
        ("Thứ năm, 26/11/2026 - 08:15", datetime(2026, 11, 26, 8, 15, tzinfo=HANOI)),
        ("THỨ BẢY, 07/12/2024 - 6:05", datetime(2024, 12, 7, 6, 5, tzinfo=HANOI)),
        ("Thứ 6, 06/12/2024 14h30", datetime(2024, 12, 6, 14, 30, tzinfo=HANOI)),
        ("Cập nhật lúc 08:15:42 ngày 03/11/2026", datetime(2026, 11, 3, 8, 15, 42, tzinfo=HANOI)),
        ("Ngày đăng: 03.11.2026", datetime(2026, 11, 3, tzinfo=HANOI)),
        ("2026-11-03T08:15:00+07:00", datetime(2026, 11, 3, 8, 15, tzinfo=HANOI)),
        ("  Thứ hai,\u00a015/01/2018 - 21:03  ", datetime(2018, 1, 15, 21, 3, tzinfo=HANOI)),
    ],
)
def test_parse_dateline_variants(line, expected):
    parsed = parse_dateline(line)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(hours=7)


def test_parse_dateline_with_explicit_offset():
    parsed = parse_dateline("15/01/2018 21:03 GMT+7")
    assert parsed == datetime(2018, 1, 15, 21, 3, tzinfo=HANOI)
    assert parsed.tzinfo == timezone(timedelta(hours=7))


def test_parse_dateline_uses_given_timezone():
    parsed = parse_dateline("Thứ hai, 15/01/2018 - 21:03", tz="Europe/Berlin")
    assert parsed == datetime(2018, 1, 15, 21, 3, tzinfo=ZoneInfo("Europe/Berlin"))
    assert parsed.utcoffset() == timedelta(hours=1)


def test_parse_dateline_decomposed_unicode():
    decomposed = unicodedata.normalize("NFD", "Thứ năm, 26/11/2026 - 08:15")
    assert parse_dateline(decomposed) == datetime(2026, 11, 26, 8, 15, tzinfo=HANOI)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "Ngày 15/01/2018, tỉnh tổ chức hội nghị tổng kết",
        "Từ 19h ngày 26/10 đến 13h ngày 28/10",
        "31/02/2024 - 08:00",
        "15/01/2018 - 25:10",
        "Thứ hai, 15/01/2018 - 21:03 đến 16/01/2018",
        "Minh Hoàng",
    ],
)
def test_parse_dateline_rejects_non_datelines(line):
    assert parse_dateline(line) is None


# --- the rules, one by one --------------------------------------------------------


def test_normalize_line_composes_and_collapses():
    assert normalize_line(" \ufeffTin \u200bmới\u00a0 **nhất** ") == "Tin mới nhất"
    assert normalize_line("Ho\u0300a") == "Hòa"


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


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Đồng chí Trần Văn Tâm phát biểu tại hội nghị - Ảnh: T.L", "Đồng chí Trần Văn Tâm phát biểu tại hội nghị"),
        ("Quang cảnh hội nghị. Ảnh: Văn Phúc", "Quang cảnh hội nghị."),
        ("Quang cảnh hội nghị (Ảnh: QTV)", "Quang cảnh hội nghị"),
        ("Quang cảnh hội nghị | Ảnh: internet", "Quang cảnh hội nghị"),
        ("Nông dân thu hoạch lúa - Ảnh minh họa", "Nông dân thu hoạch lúa"),
        ("Ảnh: Lực lượng xung kích giúp dân chằng chống nhà cửa", "Lực lượng xung kích giúp dân chằng chống nhà cửa"),
        ("Ảnh: Hoàng Anh", ""),
        ("Ảnh minh hoạ", ""),
        ("Cuộc thi Ảnh đẹp quê hương thu hút 300 tác phẩm.", "Cuộc thi Ảnh đẹp quê hương thu hút 300 tác phẩm."),
    ],
)
def test_strip_photo_credit(line, expected):
    assert strip_photo_credit(line) == expected


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        ("Đồng chí Trần Văn Tâm phát biểu - Ảnh: T.L", True, False),
        ("Ảnh: Lãnh đạo tỉnh thăm hỏi bà con vùng lũ", True, False),
        ("Ảnh: Hoàng Anh", False, True),
        ("(Ảnh minh họa)", False, True),
        ("Kỳ họp diễn ra trong 3 ngày, từ 10 – 12/12/2024.", False, False),
        ("Bài, ảnh: Minh Hoàng", False, False),
    ],
)
def test_caption_and_credit_recognition(line, caption, credit):
    assert is_caption(line) is caption
    assert is_photo_credit(line) is credit


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Minh Hoàng", True),
        ("Hồng Nhung - Văn Phúc", True),
        ("Theo TTXVN", True),
        ("Theo baoquangtri.vn", True),
        ("Nhóm PV", True),
        ("Bài, ảnh: Minh Hoàng (CTV)", True),
        ("H.Nhung", True),
        ("Theo kế hoạch, công trình hoàn thành trong quý III/2024.", False),
        ("Kỳ họp thứ 29", False),
        ("Người dân cần hỗ trợ khẩn cấp có thể gọi đường dây nóng.", False),
        ("Ai chịu trách nhiệm?", False),
    ],
)
def test_is_byline(line, expected):
    assert is_byline(line) is expected


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Hồng Nhung - Văn Phúc", "Hồng Nhung - Văn Phúc"),
        ("Theo TTXVN", "TTXVN"),
        ("Bài và ảnh: Thanh Trúc", "Thanh Trúc"),
        ("Minh Hoàng (CTV)", "Minh Hoàng"),
    ],
)
def test_author_from_byline(line, author):
    assert author_from_byline(line) == author


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


# --- bad input -------------------------------------------------------------------


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


@pytest.mark.parametrize("html", ["", "  \n "])
def test_clean_html_rejects_empty_input(html):
    with pytest.raises(IngestError, match="empty HTML"):
        clean_html(html)


def test_clean_html_rejects_page_without_article_text():
    with pytest.raises(IngestError, match="no article text"):
        clean_html("<html><body><nav><a href='/'>Trang chủ</a></nav></body></html>")


def test_ingest_error_is_a_value_error():
    with pytest.raises(ValueError):
        clean_text("")


def test_docstring_examples_hold():
    import doctest

    import articles.cleanup

    result = doctest.testmod(articles.cleanup)
    assert result.attempted > 40
    assert result.failed == 0


def test_video_label_inside_body_is_dropped_without_ending_the_article():
    page = clean_text(
        "Lễ hội đua thuyền trên sông Thạch Hãn\nChủ nhật, 01/09/2024 - 10:00\n"
        "(QTV) - Sáng 1/9, hơn 20 đội thuyền tham gia tranh tài.\nVideo\n"
        "Đội thuyền xã Triệu Độ giành giải nhất.\nQuốc Việt\n"
    )
    assert [b.role for b in page.blocks] == ["dateline", "lead", "body", "byline"]
    assert "Video" not in [b.text for b in page.blocks]

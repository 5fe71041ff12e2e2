"""Web addresses, e-mail addresses, phone numbers and symbols read aloud."""
from __future__ import annotations

import pytest

from vntext.web import read_phone_numbers, read_symbols, read_urls_and_emails, split_syllables


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Bạn đọc xem chi tiết tại baoquangtri.vn.",
            "Bạn đọc xem chi tiết tại bao quang tri chấm vn.",
        ),
        (
            "Video đăng trên https://www.qtv.vn/tin-tuc hôm qua.",
            "Video đăng trên qtv chấm vn gạch chéo tin gạch ngang tuc hôm qua.",
        ),
        (
            "Nộp hồ sơ qua http://dichvucong.quangtri.gov.vn/ trước ngày 30.",
            "Nộp hồ sơ qua dich vu cong chấm quang tri chấm gov chấm vn trước ngày 30.",
        ),
        (
            "Góp ý gửi về hòm thư toasoan@baoquangtri.vn, ghi rõ họ tên.",
            "Góp ý gửi về hòm thư toa soan a còng bao quang tri chấm vn, ghi rõ họ tên.",
        ),
        (
            "Liên hệ qua địa chỉ ubnd_giolinh@quangtri.gov.vn",
            "Liên hệ qua địa chỉ ubnd gạch dưới gio linh a còng quang tri chấm gov chấm vn",
        ),
        ("Truy cập www.covid19.gov.vn để khai báo.", "Truy cập covid 19 chấm gov chấm vn để khai báo."),
        (
            "Tra cứu tại https://tracuu.example.com/ket-qua?ma=123&nam=2024.",
            "Tra cứu tại tra cuu chấm example chấm com gạch chéo ket gạch ngang qua chấm hỏi ma bằng 123 và nam bằng 2024.",
        ),
        ("(Nguồn: thanhnien.vn)", "(Nguồn: thanh nien chấm vn)"),
    ],
)
def test_web_and_email_addresses_are_read(written: str, spoken: str) -> None:
    assert read_urls_and_emails(written) == spoken


@pytest.mark.parametrize(
    "text",
    [
        "Đoàn công tác vào TP.HCM làm việc.",
        "GS.TS. Lê Văn A phát biểu; trồng lúa, ngô, v.v.",
        "Tăng trưởng đạt 7.5 điểm, giá 1.500.000 đồng.",
        "Hội nghị tại Q.1 và TT.HĐND tỉnh.",
        "Câu hỏi cuối bài.Câu trả lời đầu bài.",
    ],
)
def test_text_without_addresses_is_left_alone(text: str) -> None:
    assert read_urls_and_emails(text) == text


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Đường dây nóng: 0233.3852.123.",
            "Đường dây nóng: không hai ba ba, ba tám năm hai, một hai ba.",
        ),
        (
            "Người dân phản ánh qua số 0912 345 678.",
            "Người dân phản ánh qua số không chín một hai, ba bốn năm, sáu bảy tám.",
        ),
        (
            "Liên hệ chị Hoa, số điện thoại 0912345678, để được hỗ trợ.",
            "Liên hệ chị Hoa, số điện thoại không chín một hai, ba bốn năm, sáu bảy tám, để được hỗ trợ.",
        ),
        (
            "Văn phòng trực ban: (0233) 3852123.",
            "Văn phòng trực ban: không hai ba ba, ba tám năm, hai một hai ba.",
        ),
        (
            "Tổng đài hỗ trợ 1900 1234 hoạt động 24/7.",
            "Tổng đài hỗ trợ một chín không không, một hai ba bốn hoạt động 24/7.",
        ),
        ("Gọi miễn phí 1800.1091.", "Gọi miễn phí một tám không không, một không chín một."),
        (
            "Hotline 1900 545 454 luôn sẵn sàng.",
            "Hotline một chín không không, năm bốn năm, bốn năm bốn luôn sẵn sàng.",
        ),
        (
            "Kiều bào gọi +84 912 345 678.",
            "Kiều bào gọi cộng tám bốn, chín một hai, ba bốn năm, sáu bảy tám.",
        ),
        (
            "Gọi 0912 345 678 2 lần không ai nghe.",
            "Gọi không chín một hai, ba bốn năm, sáu bảy tám 2 lần không ai nghe.",
        ),
        ("Máy bàn 0233-3852-123.", "Máy bàn không hai ba ba, ba tám năm hai, một hai ba."),
    ],
)
def test_phone_numbers_are_read_digit_by_digit_in_groups(written: str, spoken: str) -> None:
    assert read_phone_numbers(written) == spoken


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 01.01.2024 khai trương.",
        "Hỗ trợ 1.500.000 đồng mỗi hộ.",
        "Năm 1900 1 trận lụt lớn xảy ra.",
        "Công văn số 0123/UBND-KT ngày 5/3.",
        "Tỷ lệ tăng 0,5 điểm.",
        "Mã hồ sơ 09123.",
        "Gọi 113 khi có sự cố.",
    ],
)
def test_numbers_that_are_not_phone_numbers_are_left_alone(text: str) -> None:
    assert read_phone_numbers(text) == text


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Lễ hội Biển Cửa Tùng & Cửa Việt thu hút du khách.",
            "Lễ hội Biển Cửa Tùng và Cửa Việt thu hút du khách.",
        ),
        ("Phim dán nhãn 18+ không dành cho trẻ em.", "Phim dán nhãn 18 cộng không dành cho trẻ em."),
        ("Lúa đạt ~60 tạ mỗi héc ta.", "Lúa đạt khoảng 60 tạ mỗi héc ta."),
        ("Độ tuổi ≥ 60 được ưu tiên.", "Độ tuổi lớn hơn hoặc bằng 60 được ưu tiên."),
        (
            "Cán bộ cấp xã/phường/thị trấn dự tập huấn.",
            "Cán bộ cấp xã, phường, thị trấn dự tập huấn.",
        ),
        ("Bếp ăn phục vụ 500 suất/ngày.", "Bếp ăn phục vụ 500 suất trên ngày."),
        ("Mức hỗ trợ 1 triệu đồng/người/tháng.", "Mức hỗ trợ 1 triệu đồng trên người trên tháng."),
    ],
)
def test_symbols_are_read(written: str, spoken: str) -> None:
    assert read_symbols(written) == spoken


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định số 123/QĐ-UBND ngày 12/3/2024.",
        "Tốc độ tối đa 60 km/h.",
        "Tỷ lệ hộ nghèo giảm 1,2%.",
        "Giai đoạn 2021 - 2025 và 2026–2030.",
    ],
)
def test_symbols_left_to_other_rules_are_untouched(text: str) -> None:
    assert read_symbols(text) == text


@pytest.mark.parametrize(
    ("written", "split"),
    [("quangtri", "quang tri"), ("nguoilaodong", "nguoi lao dong"), ("hanoimoi", "ha noi moi"), ("vnexpress", "vnexpress")],
)
def test_split_syllables(written: str, split: str) -> None:
    assert split_syllables(written) == split


def test_rules_are_idempotent() -> None:
    text = "Gọi 0912 345 678 hoặc xem baoquangtri.vn; xã/phường & thị trấn đón ~500 lượt/ngày, 18+."
    once = read_symbols(read_phone_numbers(read_urls_and_emails(text)))
    assert once != text
    assert read_symbols(read_phone_numbers(read_urls_and_emails(once))) == once

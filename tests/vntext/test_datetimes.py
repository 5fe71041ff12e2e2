"""Dates, months, quarters and times."""
from __future__ import annotations

import doctest

import pytest

from vntext import datetimes
from vntext.datetimes import (
    read_clock_times,
    read_dates,
    read_document_numbers,
    read_hour_marks,
    read_minutes_seconds,
    read_month_years,
    read_months,
    read_quarters,
)

DATES = [
    ("Ngày 15/1, Bộ Y tế công bố ca bệnh mới.", "Ngày mười lăm tháng một, Bộ Y tế công bố ca bệnh mới."),
    ("Sáng 20/11, học sinh cả nước tri ân thầy cô.", "Sáng ngày hai mươi tháng mười một, học sinh cả nước tri ân thầy cô."),
    ("Hôm nay 7.4, trời Hà Nội nắng nóng.", "Hôm nay ngày bảy tháng tư, trời Hà Nội nắng nóng."),
    ("Tối 31/12, người dân đổ ra đường đón năm mới.", "Tối ngày ba mươi mốt tháng mười hai, người dân đổ ra đường đón năm mới."),
    ("Sáng nay (15/1), Quốc hội khai mạc kỳ họp bất thường.", "Sáng nay (ngày mười lăm tháng một), Quốc hội khai mạc kỳ họp bất thường."),
    ("Thứ hai, 15/01/2018 - 21:03", "Thứ hai, ngày mười lăm tháng một năm hai nghìn không trăm mười tám - 21:03"),
    ("Luật có hiệu lực từ 01/07/2025.", "Luật có hiệu lực từ ngày một tháng bảy năm hai nghìn không trăm hai mươi lăm."),
    ("Ông sinh ngày 19-05-1890 tại Nghệ An.", "Ông sinh ngày mười chín tháng năm năm một nghìn tám trăm chín mươi tại Nghệ An."),
    ("Hạn chót nộp hồ sơ là 30.06.2024.", "Hạn chót nộp hồ sơ là ngày ba mươi tháng sáu năm hai nghìn không trăm hai mươi tư."),
    ("Chiều 14/1 đến 16/1, đoàn công tác làm việc tại tỉnh.", "Chiều ngày mười bốn tháng một đến ngày mười sáu tháng một, đoàn công tác làm việc tại tỉnh."),
    ("Từ 1/3 - 15/3, siêu thị giảm giá.", "Từ ngày một tháng ba đến ngày mười lăm tháng ba, siêu thị giảm giá."),
    ("Lễ hội diễn ra ngày 15-20/1 tại Huế.", "Lễ hội diễn ra ngày mười lăm đến hai mươi tháng một tại Huế."),
    ("Vào mùng 2/9, cả nước treo cờ.", "Vào mùng hai tháng chín, cả nước treo cờ."),
    ("Bão đổ bộ đêm 7/9 vừa qua.", "Bão đổ bộ đêm ngày bảy tháng chín vừa qua."),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_read_dates(text, expected):
    assert read_dates(text) == expected


NOT_DATES = [
    "Khoảng 3/4 số hộ dân đã được hỗ trợ.",
    "Tỷ lệ 1/2 số phiếu tán thành.",
    "Phiên bản 2.0 ra mắt năm nay.",
    "Giá 1.900 đồng mỗi kWh.",
    "Số hiệu chuyến bay 15-1 bị hoãn.",
    "Ngày 35/13 không tồn tại.",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_fractions_codes_and_impossible_dates_are_not_dates(text):
    assert read_dates(text) == text


MONTH_YEARS = [
    ("Trong tháng 1/2024, xuất khẩu tăng mạnh.", "Trong tháng một năm 2024, xuất khẩu tăng mạnh."),
    ("Đến tháng 04/1975, miền Nam hoàn toàn giải phóng.", "Đến tháng tư năm 1975, miền Nam hoàn toàn giải phóng."),
    ("Số liệu tháng 3 2023 cho thấy lạm phát giảm.", "Số liệu tháng ba năm 2023 cho thấy lạm phát giảm."),
    ("Dự án khởi công từ 12/2025.", "Dự án khởi công từ tháng mười hai năm 2025."),
]


@pytest.mark.parametrize(("text", "expected"), MONTH_YEARS)
def test_read_month_years(text, expected):
    assert read_month_years(text) == expected


def test_a_ratio_with_a_big_denominator_is_not_a_month():
    assert read_month_years("Tỷ lệ 1/5000 trên bản đồ") == "Tỷ lệ 1/5000 trên bản đồ"


MONTHS = [
    ("Tháng 4 là mùa hoa ban.", "Tháng tư là mùa hoa ban."),
    ("Đầu tháng 12, rét đậm bao trùm miền Bắc.", "Đầu tháng mười hai, rét đậm bao trùm miền Bắc."),
    ("Cuối tháng 1 có Tết Nguyên đán.", "Cuối tháng một có Tết Nguyên đán."),
    ("Sau 14 tháng thi công, cầu thông xe.", "Sau 14 tháng thi công, cầu thông xe."),
]


@pytest.mark.parametrize(("text", "expected"), MONTHS)
def test_read_months(text, expected):
    assert read_months(text) == expected


QUARTERS = [
    ("GDP quý III/2024 tăng 7,4%.", "GDP quý ba năm 2024 tăng 7,4%."),
    ("Doanh thu quý IV tăng trưởng hai con số.", "Doanh thu quý bốn tăng trưởng hai con số."),
    ("Kế hoạch quý 1/2025 đã được duyệt.", "Kế hoạch quý một năm 2025 đã được duyệt."),
]


@pytest.mark.parametrize(("text", "expected"), QUARTERS)
def test_read_quarters(text, expected):
    assert read_quarters(text) == expected


CLOCK_TIMES = [
    ("Cập nhật lúc 21:03.", "Cập nhật lúc hai mươi mốt giờ ba phút."),
    ("Phiên giao dịch mở cửa lúc 9:00.", "Phiên giao dịch mở cửa lúc chín giờ."),
    ("Thời điểm 00:30 sáng.", "Thời điểm không giờ ba mươi phút sáng."),
    ("Về đích sau 2:05:09.", "Về đích sau hai giờ năm phút chín giây."),
    ("Phóng tàu lúc 14:30 UTC.", "Phóng tàu lúc mười bốn giờ ba mươi phút UTC."),
    ("Tỷ lệ 25:61 không phải giờ.", "Tỷ lệ 25:61 không phải giờ."),
]


@pytest.mark.parametrize(("text", "expected"), CLOCK_TIMES)
def test_read_clock_times(text, expected):
    assert read_clock_times(text) == expected


HOUR_MARKS = [
    ("Trận đấu diễn ra lúc 19h30.", "Trận đấu diễn ra lúc mười chín giờ ba mươi phút."),
    ("Từ 8h sáng mai, đường sẽ bị cấm.", "Từ tám giờ sáng mai, đường sẽ bị cấm."),
    ("Cuộc họp lúc 8g30.", "Cuộc họp lúc tám giờ ba mươi phút."),
    ("Chuyến bay cất cánh 09h05.", "Chuyến bay cất cánh chín giờ năm phút."),
    ("Trong 24h qua, cả nước ghi nhận 5 ca.", "Trong hai mươi tư giờ qua, cả nước ghi nhận 5 ca."),
    ("Kết thúc lúc 14h30'.", "Kết thúc lúc mười bốn giờ ba mươi phút."),
]


@pytest.mark.parametrize(("text", "expected"), HOUR_MARKS)
def test_read_hour_marks(text, expected):
    assert read_hour_marks(text) == expected


def test_minutes_and_seconds():
    assert read_minutes_seconds("Anh về nhất với 42p05s, hơn người về nhì 3p.") == (
        "Anh về nhất với bốn mươi hai phút năm giây, hơn người về nhì ba phút."
    )


def test_document_numbers_keep_the_year_out_of_dates():
    text = read_document_numbers("Theo Nghị định 15/2020/NĐ-CP, mức phạt tăng.")
    assert text == "Theo Nghị định 15 năm 2020 NĐ-CP, mức phạt tăng."
    assert read_month_years(text) == text


def test_docstring_examples():
    assert doctest.testmod(datetimes).failed == 0

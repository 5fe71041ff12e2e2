"""Dates, months, quarters and times."""
from __future__ import annotations

import doctest

import pytest

from vntext import datetimes
from vntext.datetimes import (
    read_clock_times,
    read_dates,
    read_day_lists,
    read_hour_marks,
    read_match_minutes,
    read_minutes_seconds,
    read_month_years,
    read_months,
    read_quarters,
    read_spaced_dates,
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
    # "hôm" already says which day: no "hôm ngày"; "hôm qua" is a day word like "sáng nay".
    ("Phát biểu hôm 5.11, ông cho biết.", "Phát biểu hôm năm tháng mười một, ông cho biết."),
    ("Hôm 20/11, trường mở cửa đón phụ huynh.", "Hôm hai mươi tháng mười một, trường mở cửa đón phụ huynh."),
    ("Vụ việc xảy ra hôm 3-9-2024 tại xã.", "Vụ việc xảy ra hôm ba tháng chín năm hai nghìn không trăm hai mươi tư tại xã."),
    ("Hôm qua 5/11, trời mưa to.", "Hôm qua ngày năm tháng mười một, trời mưa to."),
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


DASH_DATES = [
    ("Sáng 14-2, đoàn công tác đến Vĩnh Linh.", "Sáng ngày mười bốn tháng hai, đoàn công tác đến Vĩnh Linh."),
    ("Đến 17h ngày 3-8, nước sông Thạch Hãn lên.", "Đến 17h ngày ba tháng tám, nước sông Thạch Hãn lên."),
    ("Rạng sáng 21-10, lũ về nhanh.", "Rạng sáng ngày hai mươi mốt tháng mười, lũ về nhanh."),
    ("Tối qua 9-6, trận đấu kết thúc muộn.", "Tối qua ngày chín tháng sáu, trận đấu kết thúc muộn."),
    ("Phiên hôm nay (18-7), giá cà phê tăng.", "Phiên hôm nay (ngày mười tám tháng bảy), giá cà phê tăng."),
    ("Hôm nay, 11-4, trường khai giảng.", "Hôm nay, ngày mười một tháng tư, trường khai giảng."),
    ("Kết thúc phiên 23-5, chỉ số giảm nhẹ.", "Kết thúc phiên ngày hai mươi ba tháng năm, chỉ số giảm nhẹ."),
    ("Sáng sớm 20-5, sương mù dày đặc.", "Sáng sớm ngày hai mươi tháng năm, sương mù dày đặc."),
    (
        "Chương trình chạy từ 28-3 đến 5-4-2020.",
        "Chương trình chạy từ ngày hai mươi tám tháng ba đến ngày năm tháng tư năm hai nghìn không trăm hai mươi.",
    ),
    ("Từ chiều 2 đến chiều 4-9, trời mưa.", "Từ chiều 2 đến chiều ngày bốn tháng chín, trời mưa."),
    ("Quy định có hiệu lực từ 1-7.", "Quy định có hiệu lực từ ngày một tháng bảy."),
    ("Lễ hội tổ chức vào 2-9 hằng năm.", "Lễ hội tổ chức vào ngày hai tháng chín hằng năm."),
]


@pytest.mark.parametrize(("text", "expected"), DASH_DATES)
def test_day_and_month_with_a_dash_after_a_day_word(text, expected):
    assert read_dates(text) == expected


SHORT_DATES_IN_CONTEXT = [
    ("Kỳ nghỉ lễ 30/4-1/5 kéo dài năm ngày.", "Kỳ nghỉ lễ ba mươi tháng tư đến một tháng năm kéo dài năm ngày."),
    ("Cả nước kỷ niệm Quốc khánh 2/9.", "Cả nước kỷ niệm Quốc khánh hai tháng chín."),
    ("Các trường tổ chức mít tinh chào mừng 20/11.", "Các trường tổ chức mít tinh chào mừng hai mươi tháng mười một."),
    ("Hội diễn tổ chức 12-16/8 tại Đông Hà.", "Hội diễn tổ chức ngày mười hai đến mười sáu tháng tám tại Đông Hà."),
    ("Rằm tháng Giêng (15/1 âm lịch) chùa đông khách.", "Rằm tháng Giêng (ngày mười lăm tháng một âm lịch) chùa đông khách."),
    ("Ngày mai 6/3 trời rét.", "Ngày mai sáu tháng ba trời rét."),
    ("Xe cấm lưu thông trên đường 3/2 và quanh quảng trường 2/9.", "Xe cấm lưu thông trên đường ba tháng hai và quanh quảng trường hai tháng chín."),
    ("Đến 30/6, tỉnh giải ngân được một nửa.", "Đến ngày ba mươi tháng sáu, tỉnh giải ngân được một nửa."),
    ("Các trường khai giảng 5/9 như mọi năm.", "Các trường khai giảng ngày năm tháng chín như mọi năm."),
    ("Trường THPT 19/5 đạt chuẩn quốc gia.", "Trường THPT mười chín tháng năm đạt chuẩn quốc gia."),
    ("Sau 30/4, giá tour giảm.", "Sau ngày ba mươi tháng tư, giá tour giảm."),
]


@pytest.mark.parametrize(("text", "expected"), SHORT_DATES_IN_CONTEXT)
def test_short_dates_in_date_context(text, expected):
    assert read_dates(text) == expected


NOT_DATES_IN_CONTEXT = [
    "Mỗi ngày uống 2-3 lần sau bữa ăn.",
    "Trẻ từ 2-6 tuổi được tiêm miễn phí.",
    "Giá tăng từ 2-3 triệu đồng mỗi tấn.",
    "Hội thảo diễn ra 2-3 ngày mỗi đợt.",
    "Trận đấu kết thúc với tỷ số 2-1.",
    "Có tới 1/4 số cử tri chưa chọn.",
    "Khoảng 2/3 diện tích bị ngập.",
    "Đội được (5/7 thành viên) ủng hộ.",
    "Đến 2/3 số xã đạt chuẩn.",
    "Thua Lào (1-2) ở lượt đi.",
    "Hoạt động 24/7 kể cả ngày lễ.",
    "Con số 9/4 được nêu trong báo cáo.",
]


@pytest.mark.parametrize("text", NOT_DATES_IN_CONTEXT)
def test_ranges_fractions_and_scores_near_date_words_are_not_dates(text):
    assert read_dates(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Giải đấu diễn ra hai ngày 21, 22/9.", "Giải đấu diễn ra hai ngày hai mươi mốt, hai mươi hai tháng chín."),
        ("Chiều 3 và 4-6, mưa dông.", "Chiều ngày ba và bốn tháng sáu, mưa dông."),
        ("Tối 8, 9/10/2022, sân khấu sáng đèn.", "Tối ngày tám, chín tháng mười năm hai nghìn không trăm hai mươi hai, sân khấu sáng đèn."),
        ("Có 3, 4/5 hộ dân ủng hộ.", "Có 3, 4/5 hộ dân ủng hộ."),
        ("Các ngày 9, 5/3 không hợp lệ.", "Các ngày 9, 5/3 không hợp lệ."),
    ],
)
def test_a_list_of_days_before_one_month(text, expected):
    assert read_day_lists(text) == expected


def test_a_list_of_months_before_one_year():
    assert read_month_years("Hạn nộp kéo dài trong tháng 3, 4/2021.") == "Hạn nộp kéo dài trong tháng ba, tư năm 2021."
    assert read_month_years("Thu hoạch vào tháng 7 và 8/2022.") == "Thu hoạch vào tháng bảy và tám năm 2022."


def test_a_quarter_in_digits_or_a_scale_is_not_a_month():
    assert read_month_years("Lợi nhuận quý 2/2023 tăng.") == "Lợi nhuận quý 2/2023 tăng."
    assert read_month_years("Bản đồ tỷ lệ 1/2000 được duyệt.") == "Bản đồ tỷ lệ 1/2000 được duyệt."


TIMES_IN_RUNNING_TEXT = [
    ("Pháo hoa bắn đúng 00:00:00 ngày 1/1.", "Pháo hoa bắn đúng không giờ không phút không giây ngày 1/1."),
    ("Hệ thống ghi nhận lúc 14:05:00.", "Hệ thống ghi nhận lúc mười bốn giờ năm phút không giây."),
    ("Buổi lễ bắt đầu lúc 8:30 phút.", "Buổi lễ bắt đầu lúc tám giờ ba mươi phút."),
    ("Cô về đích sau 52:14 phút.", "Cô về đích sau năm mươi hai phút mười bốn giây."),
]


@pytest.mark.parametrize(("text", "expected"), TIMES_IN_RUNNING_TEXT)
def test_clock_times_in_running_text(text, expected):
    assert read_clock_times(text) == expected


def test_a_bare_time_drops_zero_parts():
    assert read_clock_times("08:00:00") == "tám giờ"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Khoảng 13g chiều, đám cháy bùng lên.", "Khoảng mười ba giờ chiều, đám cháy bùng lên."),
        ("Tàu rời ga lúc 6g.", "Tàu rời ga lúc sáu giờ."),
        ("Mỗi gói chứa 15g đường.", "Mỗi gói chứa 15g đường."),
    ],
)
def test_hours_written_with_g(text, expected):
    assert read_hour_marks(text) == expected


SPACED_DATES = [
    ("Ngày 17 - 3 – 2004, anh ra trình diện.", "Ngày mười bảy tháng ba năm hai nghìn không trăm linh bốn, anh ra trình diện."),
    ("Tối 21 - 3, chúng tôi tìm đến nhà anh.", "Tối ngày hai mươi mốt tháng ba, chúng tôi tìm đến nhà anh."),
    ("Hôm qua, 18 - 8, hội nghị diễn ra.", "Hôm qua, ngày mười tám tháng tám, hội nghị diễn ra."),
    ("Lễ kỷ niệm ngày nước thế giới (22 - 3).", "Lễ kỷ niệm ngày nước thế giới (ngày hai mươi hai tháng ba)."),
]


@pytest.mark.parametrize("text, expected", SPACED_DATES)
def test_dates_written_with_spaced_dashes(text, expected):
    assert read_spaced_dates(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mỗi ngày uống 2 - 3 lần.",  # a day word of frequency
        "Ngày 2 - 3 giờ đồng hồ.",  # a word of duration after the pair
        "Từ 20 - 27 tết chạy bàn.",  # no word of the day
        "Mồng 1 - 6 giữ xe.",  # days of a lunar month
        "Việt Nam thắng (3 - 1).",  # a score in parentheses
        "Tỷ lệ 35 - 40 người.",
    ],
)
def test_spaced_pairs_that_are_not_dates(text):
    assert read_spaced_dates(text) == text


DATES_BY_THEIR_NEIGHBOURS = [
    ("Ngày Quốc tế Phụ nữ (8-3) năm nay vui.", "Ngày Quốc tế Phụ nữ (tám tháng ba) năm nay vui."),
    ("Ngày Thầy thuốc Việt Nam (27-2) năm nay.", "Ngày Thầy thuốc Việt Nam (ngày hai mươi bảy tháng hai) năm nay."),
    ("Dịp lễ 30-4 và 1-5, khách tăng.", "Dịp lễ ba mươi tháng tư và ngày một tháng năm, khách tăng."),
    ("Quý 1 - 2004 và quí 2/2005 tăng trưởng.", "Quý một năm 2004 và quí hai năm 2005 tăng trưởng."),
    # a word of time before the pair says date, though a result was told before it
    (
        "Việt Nam thắng Lào và sẽ đá trận tiếp theo vào 15-12.",
        "Việt Nam thắng Lào và sẽ đá trận tiếp theo vào ngày mười lăm tháng mười hai.",
    ),
]


@pytest.mark.parametrize("text, expected", DATES_BY_THEIR_NEIGHBOURS)
def test_dates_known_by_their_neighbours(text, expected):
    assert read_quarters(read_dates(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Chủ nhà dẫn trước 2-1 đến hết hiệp một.",  # a score after "dẫn trước", though "trước" is a time word
        "Hàn Quốc thắng (3-1).",  # a score in parentheses
        "Tỷ số (3-1) nghiêng về đội khách.",
        "Hai đội hòa 2-2 và 3-3,",
    ],
)
def test_scores_are_not_dates(text):
    assert read_dates(text) == text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hợp đồng ký từ tháng 8 – 2003.", "Hợp đồng ký từ tháng tám năm 2003."),
        ("Tháng 12 - 2003, đơn vị được giao nhiệm vụ.", "Tháng mười hai năm 2003, đơn vị được giao nhiệm vụ."),
    ],
)
def test_month_and_year_with_a_spaced_or_long_dash(text, expected):
    assert read_month_years(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mở cửa từ 7g-11g hằng ngày.", "Mở cửa từ bảy giờ đến mười một giờ hằng ngày."),
        ("Chiều từ 13g30-17g.", "Chiều từ mười ba giờ ba mươi phút đến mười bảy giờ."),
        ("Tới gần 5 g sáng thì về.", "Tới gần năm giờ sáng thì về."),
        ("Mỗi ngày ăn 5g-10g muối.", "Mỗi ngày ăn 5g-10g muối."),  # grams: no time word, no minutes
        ("Khoảng 5g-10g đường.", "Khoảng 5g-10g đường."),
    ],
)
def test_spans_of_hours_written_with_g(text, expected):
    assert read_hour_marks(text) == expected


def test_docstring_examples():
    assert doctest.testmod(datetimes).failed == 0


MATCH_MINUTES = [
    ("Phút 89', Tiến Linh ghi bàn.", "Phút tám mươi chín, Tiến Linh ghi bàn."),
    ("Đến phút 90+4’, đội khách gỡ hòa.", "Đến phút chín mươi cộng bốn, đội khách gỡ hòa."),
    ("Ghi bàn: Văn Toàn (7', 45+1′), Hùng Dũng (60').",
     "Ghi bàn: Văn Toàn (phút bảy, phút bốn mươi lăm cộng một), Hùng Dũng (phút sáu mươi)."),
]


@pytest.mark.parametrize(("text", "expected"), MATCH_MINUTES)
def test_minutes_of_a_match_written_with_a_prime(text, expected):
    assert read_match_minutes(text) == expected


@pytest.mark.parametrize("text", ["Bộ phim ‘Top 10’ ra mắt.", "Chương trình 'Gặp nhau 20' hấp dẫn.", "Tập 45' của phim"])
def test_a_closing_quote_after_a_number_is_no_minute(text):
    assert read_match_minutes(text) == text


@pytest.mark.parametrize(("written", "spoken"), [
    ("Lực lượng cứu hộ trực 24/24h.", "Lực lượng cứu hộ trực hai mươi tư trên hai mươi tư giờ."),
    ("Máy bơm chạy 18/24 h mỗi ngày.", "Máy bơm chạy mười tám trên hai mươi tư giờ mỗi ngày."),
])
def test_hours_out_of_the_day(written, spoken):
    assert read_hour_marks(written) == spoken

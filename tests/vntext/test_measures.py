"""Percentages, money and units of measure."""
from __future__ import annotations

import doctest

import pytest

from vntext import measures
from vntext.measures import (
    read_currencies,
    read_currency_before_amount,
    read_money_shorthand,
    read_per_units,
    read_percentages,
    read_units,
    read_units_after_number_words,
)

UNITS = [
    ("Đoạn đường dài 5km.", "Đoạn đường dài 5 ki lô mét."),
    ("Cầu dài 1.200 m.", "Cầu dài 1.200 mét."),
    ("Cây cao 15m, đường kính 80cm.", "Cây cao 15 mét, đường kính 80 xăng ti mét."),
    ("Lượng mưa 120 mm.", "Lượng mưa 120 mi li mét."),
    ("Rừng bị cháy 30 ha.", "Rừng bị cháy 30 héc ta."),
    ("Căn hộ rộng 75m2.", "Căn hộ rộng 75 mét vuông."),
    ("Phòng khách 20 m².", "Phòng khách 20 mét vuông."),
    ("Hồ chứa 500 m³ nước.", "Hồ chứa 500 mét khối nước."),
    ("Diện tích tự nhiên 331.000 km2.", "Diện tích tự nhiên 331.000 ki lô mét vuông."),
    ("Bé nặng 3,2kg khi sinh.", "Bé nặng 3,2 ki lô gam khi sinh."),
    ("Mỗi gói 500g.", "Mỗi gói 500 gam."),
    ("Liều dùng 250mg mỗi ngày.", "Liều dùng 250 mi li gam mỗi ngày."),
    ("Chai nước 500ml.", "Chai nước 500 mi li lít."),
    ("Bình xăng 40l.", "Bình xăng 40 lít."),
    ("Nhiệt độ 38°C.", "Nhiệt độ 38 độ C."),
    ("Nhiệt độ 25oC.", "Nhiệt độ 25 độ C."),
    ("Gió giật 120km/h.", "Gió giật 120 ki lô mét trên giờ."),
    ("Tốc độ 30 m/s.", "Tốc độ 30 mét trên giây."),
    ("Nhà máy 1.200 MW.", "Nhà máy 1.200 mê ga oát."),
    ("Đường dây 500kV.", "Đường dây 500 ki lô vôn."),
    ("Ổ cứng 512GB.", "Ổ cứng 512 gi ga bai."),
    ("Xe có công suất 150 hp.", "Xe có công suất 150 mã lực."),
]


@pytest.mark.parametrize(("text", "expected"), UNITS)
def test_read_units(text, expected):
    assert read_units(text) == expected


NOT_UNITS = [
    "Học sinh lớp 12A1 đạt giải.",
    "Mạng 5G đã phủ sóng.",
    "Xe 7 chỗ.",
    "Số 2 l là sai chính tả.",
]


@pytest.mark.parametrize("text", NOT_UNITS)
def test_letters_that_are_not_units_stay(text):
    assert read_units(text) == text


def test_per_units_after_words():
    assert read_per_units("Mật độ 300 người/km2, năng suất 60 tạ/ha.") == (
        "Mật độ 300 người trên ki lô mét vuông, năng suất 60 tạ trên héc ta."
    )


CURRENCIES = [
    ("Giá 25.000đ.", "Giá 25.000 đồng."),
    ("Vé 50.000 ₫.", "Vé 50.000 đồng."),
    ("Thu nhập 8 triệu VND.", "Thu nhập 8 triệu đồng."),
    ("Vốn 2 tỷ USD.", "Vốn 2 tỷ đô la Mỹ."),
    ("Giá 99$.", "Giá 99 đô la."),
    ("Vé 20€.", "Vé 20 ơ rô."),
    ("Thịt lợn 120.000đ/kg.", "Thịt lợn 120.000 đồng một ki lô gam."),
    ("Xăng 23.500 đồng/lít.", "Xăng 23.500 đồng một lít."),
    ("Thuê xe 500.000đ/ngày.", "Thuê xe 500.000 đồng trên ngày."),
    ("Phòng 1.500.000 đồng/người/đêm.", "Phòng 1.500.000 đồng một người một đêm."),  # a chain reads "một" throughout
    ("Gạo xuất khẩu 650 USD/tấn.", "Gạo xuất khẩu 650 đô la Mỹ một tấn."),
]


@pytest.mark.parametrize(("text", "expected"), CURRENCIES)
def test_read_currencies(text, expected):
    assert read_currencies(text) == expected


def test_a_word_starting_with_d_is_not_dong():
    assert read_currencies("Có 2 đội bóng.") == "Có 2 đội bóng."


def test_currency_sign_before_the_amount():
    assert read_currency_before_amount("Thương vụ trị giá $3,5 tỷ và €200.") == (
        "Thương vụ trị giá 3,5 tỷ đô la và 200 ơ rô."
    )
    assert read_currency_before_amount("Giá US$40.") == "Giá 40 đô la Mỹ."


SHORTHAND = [
    ("Lương 15tr một tháng.", "Lương 15 triệu một tháng."),
    ("Vé 50k.", "Vé 50 nghìn."),
    ("Thưởng 2tr5.", "Thưởng hai triệu năm trăm nghìn."),
    ("Giá 1tr25.", "Giá một triệu hai trăm năm mươi nghìn."),
    ("Vốn 2t3.", "Vốn hai tỷ ba trăm triệu."),
    ("Đội 4K và 10T không đổi.", "Đội 4K và 10T không đổi."),
]


@pytest.mark.parametrize(("text", "expected"), SHORTHAND)
def test_read_money_shorthand(text, expected):
    assert read_money_shorthand(text) == expected


PERCENTAGES = [
    ("Tăng 12,5%.", "Tăng 12,5 phần trăm."),
    ("Đạt 100 %.", "Đạt 100 phần trăm."),
    ("Lãi suất 6%/năm.", "Lãi suất 6 phần trăm một năm."),
    ("Tỷ suất 15‰.", "Tỷ suất 15 phần nghìn."),
]


@pytest.mark.parametrize(("text", "expected"), PERCENTAGES)
def test_read_percentages(text, expected):
    assert read_percentages(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tàu đã bay hơn 2 triệu km.", "Tàu đã bay hơn 2 triệu ki lô mét."),
        ("Hàng trăm ha lúa bị ngập.", "Hàng trăm héc ta lúa bị ngập."),
        ("Mỗi hộ được cấp vài chục kg gạo.", "Mỗi hộ được cấp vài chục ki lô gam gạo."),
        ("Dư lượng 3 µg một kg mẫu.", "Dư lượng 3 µg một ki lô gam mẫu."),
        ("Ông ta nói ha ha rồi đi.", "Ông ta nói ha ha rồi đi."),
    ],
)
def test_units_after_number_words(text, expected):
    assert read_units_after_number_words(text) == expected


def test_a_height_in_metres_and_centimetres():
    assert read_units("Thí sinh cao 1m72, nặng 55 kg.") == "Thí sinh cao 1 mét 72, nặng 55 ki lô gam."


def test_a_price_per_share():
    assert read_currencies("Giá chào bán 25.000 đồng/cp.") == "Giá chào bán 25.000 đồng một cổ phần."


def test_docstring_examples():
    assert doctest.testmod(measures).failed == 0


@pytest.mark.parametrize(
    "written, spoken",
    [
        ("Xe tốn 1,8 lít/100 km.", "Xe tốn 1,8 lít trên 100 km."),
        ("Mưa 70-150 mm/24 giờ.", "Mưa 70-150 mm trên 24 giờ."),
        ("Mật độ 137 người/km2.", "Mật độ 137 người trên ki lô mét vuông."),
        ("Bán 50 kg bánh / kg.", "Bán 50 kg bánh trên ki lô gam."),
        # a slash before a word, not an amount, is left to the symbol rule
        ("Mỗi xã/phường có 2 tổ.", "Mỗi xã/phường có 2 tổ."),
    ],
)
def test_a_slash_before_an_amount_or_a_unit_reads_tren(written, spoken):
    assert read_per_units(written) == spoken


@pytest.mark.parametrize(
    "written, spoken",
    [
        ("Xe máy 110cc và 1 cc mật gấu.", "Xe máy 110 phân khối và 1 phân khối mật gấu."),
        ("Bạch cầu 12 G/L.", "Bạch cầu 12 giga trên lít."),
        ("Khách sạn 5* và sản phẩm OCOP 4*.", "Khách sạn 5 sao và sản phẩm OCOP 4 sao."),
        ("Giá 400.000 đ / tháng.", "Giá 400.000 đ / tháng."),  # money: the currency rule reads it
    ],
)
def test_displacement_blood_counts_and_stars(written, spoken):
    assert read_units(written) == spoken


def test_a_price_with_a_spaced_slash():
    assert read_currencies("Giá 160.000 đ / kg và 400.000 đồng / tháng.") == (
        "Giá 160.000 đồng một ki lô gam và 400.000 đồng trên tháng."
    )


@pytest.mark.parametrize(("written", "spoken"), [
    ("Vé xem phim giá 75K một suất.", "Vé xem phim giá 75 nghìn một suất."),
    ("Phí gửi xe 10K mỗi lượt, vé tháng 150K.", "Phí gửi xe 10 nghìn mỗi lượt, vé tháng 150 nghìn."),
    ("Giải chạy 21K và 42K thu hút 5.000 vận động viên.", "Giải chạy 21K và 42K thu hút 5.000 vận động viên."),
    ("Tivi 4K được bán với giá tốt.", "Tivi 4K được bán với giá tốt."),
])
def test_a_capital_k_is_thousands_only_after_a_word_of_price(written, spoken):
    assert read_money_shorthand(written) == spoken

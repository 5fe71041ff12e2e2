"""Licence plates, letter and digit codes, gold purity, aircraft models and numbered plans."""
from __future__ import annotations

import doctest

import pytest

from vntext import codes, normalize
from vntext.codes import (
    read_aircraft_models,
    read_fishing_boat_numbers,
    read_fuel_grades,
    read_gold_purity,
    read_identifiers,
    read_letter_digit_codes,
    read_licence_plates,
    read_numbered_plans,
    spell_code,
)

PLATES = [
    (
        "Xe tải 37C-125.46 lao vào nhà dân.",
        "Xe tải ba mươi bảy xê, một trăm hai mươi lăm bốn mươi sáu lao vào nhà dân.",
    ),
    ("Ô tô biển số 51G-012.34 bỏ chạy.", "Ô tô biển số năm mươi mốt giê, không một hai ba mươi tư bỏ chạy."),
    ("Xe máy BKS 74K1-0352 bị giữ.", "Xe máy BKS bảy mươi tư ca một, không ba năm hai bị giữ."),
    ("Xe biển kiểm soát 43A 12345 va chạm.", "Xe biển kiểm soát bốn mươi ba a, một trăm hai mươi ba bốn mươi lăm va chạm."),
]


@pytest.mark.parametrize(("written", "spoken"), PLATES)
def test_licence_plates(written: str, spoken: str) -> None:
    assert read_licence_plates(written) == spoken


@pytest.mark.parametrize("text", ["Chiều cao 15A 1234 mét.", "Lớp 12A-2 được khen.", "Tỷ số 12-3 nghiêng về chủ nhà."])
def test_a_loose_plate_shape_needs_a_plate_word(text: str) -> None:
    assert read_licence_plates(text) == text


CODES = [
    ("Dịch cúm H5N1 quay lại.", "Dịch cúm hát năm en một quay lại."),
    ("Tàu SE3 khởi hành đúng giờ.", "Tàu ét e ba khởi hành đúng giờ."),
    ("Chuyến bay VN254 bị hoãn.", "Chuyến bay vê en hai trăm năm mươi tư bị hoãn."),
    ("Phòng PC03 vào cuộc.", "Phòng pê xê không ba vào cuộc."),
    ("Mẫu súng QSZ092 được trưng bày.", "Mẫu súng quy ét dét không chín hai được trưng bày."),
    ("Nhẫn vàng 18K giá tăng.", "Nhẫn vàng mười tám ca giá tăng."),
    ("Chuyên án 227T được phá.", "Chuyên án hai trăm hai mươi bảy tê được phá."),
    ("Mạng 5G phủ sóng toàn tỉnh.", "Mạng năm giê phủ sóng toàn tỉnh."),
    ("Máy bay tiêm kích F-35 hạ cánh.", "Máy bay tiêm kích ép ba mươi lăm hạ cánh."),
    ("Trực thăng Mi-8 cất cánh.", "Trực thăng Mi tám cất cánh."),
    ("Đôi tàu SE 3/4 chạy thêm.", "Đôi tàu ét e ba trên bốn chạy thêm."),
]


@pytest.mark.parametrize(("written", "spoken"), CODES)
def test_letter_digit_codes(written: str, spoken: str) -> None:
    assert read_letter_digit_codes(written) == spoken


@pytest.mark.parametrize(
    "text",
    [
        "Sửa chữa QL1A và ĐT741.",
        "Học sinh lớp A1-2 được khen.",
        "Thế hệ 9x năng động.",
        "Tổng cộng 1.200 người.",
    ],
)
def test_roads_and_plain_numbers_are_not_codes(text: str) -> None:
    assert read_letter_digit_codes(text) == text


def test_abbreviations_read_with_their_number_are_left_to_the_abbreviation_rule() -> None:
    assert read_letter_digit_codes("Bộ Tư lệnh QK4 và mức BĐ2") == "Bộ Tư lệnh QK 4 và mức BĐ 2"
    assert normalize("Nước trên mức BĐ3, Bộ Tư lệnh QK4 họp.") == (
        "Nước trên mức báo động ba, Bộ Tư lệnh quân khu bốn họp."
    )


def test_spell_code() -> None:
    assert spell_code("MH370") == "em hát ba trăm bảy mươi"
    assert spell_code("A0123456") == "a không một hai ba bốn năm sáu"


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Giá vàng 9999 tăng mạnh.", "Giá vàng chín chín chín chín tăng mạnh."),
        ("Vàng nhẫn tròn trơn 9999 giữ giá.", "Vàng nhẫn tròn trơn chín chín chín chín giữ giá."),
        ("Có 9999 người tham gia.", "Có 9999 người tham gia."),
    ],
)
def test_gold_purity(written: str, spoken: str) -> None:
    assert read_gold_purity(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Hãng mua 10 chiếc Boeing 787.", "Hãng mua 10 chiếc Boeing bảy tám bảy."),
        ("Dòng 737 MAX bị dừng bay.", "Dòng bảy ba bảy mác bị dừng bay."),
        ("Có 737 hộ dân được hỗ trợ.", "Có 737 hộ dân được hỗ trợ."),
    ],
)
def test_aircraft_models(written: str, spoken: str) -> None:
    assert read_aircraft_models(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Tỉnh triển khai Đề án 06 về dữ liệu dân cư.", "Tỉnh triển khai Đề án không sáu về dữ liệu dân cư."),
        ("Thực hiện Chỉ thị 04 của Ban Bí thư.", "Thực hiện Chỉ thị không bốn của Ban Bí thư."),
        ("Bắt giữ 04 đối tượng.", "Bắt giữ 04 đối tượng."),
    ],
)
def test_numbered_plans_keep_their_zero(written: str, spoken: str) -> None:
    assert read_numbered_plans(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Doanh nghiệp có mã số thuế 0101234567.", "Doanh nghiệp có mã số thuế không một không một hai ba bốn năm sáu bảy."),
        ("Chuyển vào STK: 1903 4567 8910.", "Chuyển vào STK: một chín không ba, bốn năm sáu bảy, tám chín một không."),
        ("Người này xuất trình CCCD số 045090001234.", "Người này xuất trình CCCD số không bốn năm không chín không không không một hai ba bốn."),
        ("Trong tài khoản còn 25.000 đồng.", "Trong tài khoản còn 25.000 đồng."),
        ("Mã 12 được cấp lại.", "Mã 12 được cấp lại."),
    ],
)
def test_identifiers_are_read_digit_by_digit(written: str, spoken: str) -> None:
    assert read_identifiers(written) == spoken


def test_codes_end_to_end() -> None:
    spoken = normalize("Xe khách 75B-003.21 chở 40 người, dương tính với H5N1 ở xã.")
    assert "bảy mươi lăm bê, không không ba hai mươi mốt" in spoken
    assert "hát năm en một" in spoken
    assert normalize(spoken) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Xăng RON 95-III giảm 300 đồng.", "Xăng RON chín mươi lăm ba giảm 300 đồng."),
        ("Xăng E5 RON 92-II tăng nhẹ.", "Xăng E5 RON chín mươi hai hai tăng nhẹ."),
        ("Chỉ số RON 95 cao hơn.", "Chỉ số RON chín mươi lăm cao hơn."),
        ("Dầu diesel 0,05S-II giảm 290 đồng.", "Dầu diesel 0,05S hai giảm 290 đồng."),
        # no RON: a class and a score keep their dash
        ("Lớp 12-A1 và tỷ số 95-90.", "Lớp 12-A1 và tỷ số 95-90."),
    ],
)
def test_fuel_grades(written: str, spoken: str) -> None:
    assert read_fuel_grades(written) == spoken


def test_fuel_grades_end_to_end() -> None:
    assert normalize("Giá xăng RON 95-III giảm 300 đồng/lít.") == (
        "Giá xăng rôn chín mươi lăm ba giảm ba trăm đồng một lít."
    )


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Tàu cá QT 90279 TS bị nạn.", "Tàu cá quy tê chín không hai bảy chín tê ét bị nạn."),
        ("Tàu QB-91234-TS cập cảng.", "Tàu quy bê chín một hai ba bốn tê ét cập cảng."),
        ("Tàu ĐNa 90456 TS bị chìm.", "Tàu đê en a chín không bốn năm sáu tê ét bị chìm."),
        # TS before a name is a doctor's title, left to the abbreviation list
        ("Theo TS Nguyễn Văn An, năm 2024 có 12345 TS.", "Theo TS Nguyễn Văn An, năm 2024 có 12345 TS."),
    ],
)
def test_fishing_boat_numbers(written: str, spoken: str) -> None:
    assert read_fishing_boat_numbers(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Dịch cúm A/H5N1 tái phát.", "Dịch cúm A hát năm en một tái phát."),
        ("Cúm gia cầm A/H5N6 xuất hiện.", "Cúm gia cầm A hát năm en sáu xuất hiện."),
        ("Bụi mịn PM2.5 và PM10 tăng.", "Bụi mịn pê em hai chấm năm và pê em mười tăng."),
        ("Biến thể XBB.1.5 lây nhanh.", "Biến thể ích bê bê chấm một chấm năm lây nhanh."),
        ("Chỉ số HbA1c và SpO2 ổn định.", "Chỉ số hát bê a một xê và ét pê o hai ổn định."),
        # a listed abbreviation with its stop, a word with small letters and a list stay
        ("Trụ sở ở TP.1 và mẫu iPhone15; xã/phường A/B.", "Trụ sở ở TP.1 và mẫu iPhone15; xã/phường A/B."),
    ],
)
def test_subtypes_dotted_and_mixed_case_codes(written: str, spoken: str) -> None:
    assert read_letter_digit_codes(written) == spoken


def test_hidden_digits_of_a_plate_are_not_said() -> None:
    assert read_licence_plates("Xe BKS 74A-016.xx chở gỗ lậu.") == "Xe BKS bảy mươi tư a, không một sáu chở gỗ lậu."


def test_an_identifier_may_open_with_letters_and_follow_a_few_words() -> None:
    assert read_identifiers("Mã hồ sơ của bạn là H12.34-240315.") == (
        "Mã hồ sơ của bạn là hát, một hai, ba bốn, hai bốn không ba một năm."
    )


def test_docstring_examples() -> None:
    assert doctest.testmod(codes).failed == 0

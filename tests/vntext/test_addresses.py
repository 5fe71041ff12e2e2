"""House and alley numbers with slashes, and road chainages."""
from __future__ import annotations

import doctest

import pytest

from vntext import addresses, normalize
from vntext.addresses import read_chainages, read_house_numbers

HOUSE_NUMBERS = [
    (
        "Cửa hàng ở số 105/122 Trần Phú bị cháy.",
        "Cửa hàng ở số một trăm linh năm trên một trăm hai mươi hai Trần Phú bị cháy.",
    ),
    ("Nạn nhân sống trong ngõ 47/12 phố Chùa Láng.", "Nạn nhân sống trong ngõ bốn mươi bảy trên mười hai phố Chùa Láng."),
    ("Nước ngập sâu ở kiệt 82/4 Hùng Vương.", "Nước ngập sâu ở kiệt tám mươi hai trên bốn Hùng Vương."),
    ("Căn nhà trong hẻm 12/3/5 đường Lê Văn Sỹ.", "Căn nhà trong hẻm mười hai trên ba trên năm đường Lê Văn Sỹ."),
    ("Anh tìm đến số nhà 36/2/1/9 để giao hàng.", "Anh tìm đến số nhà ba mươi sáu trên hai trên một trên chín để giao hàng."),
    ("Trụ sở mới tại số 12A/4 đường Nguyễn Huệ.", "Trụ sở mới tại số mười hai A trên bốn đường Nguyễn Huệ."),
    ("Quán cà phê ở ngách 3/15 ngõ Văn Chương.", "Quán cà phê ở ngách ba trên mười lăm ngõ Văn Chương."),
    ("Ông Tâm trú tại 21/4 Phan Bội Châu.", "Ông Tâm trú tại hai mươi mốt trên bốn Phan Bội Châu."),
    ("Cơ sở có địa chỉ: 9/2 đường Ngô Quyền.", "Cơ sở có địa chỉ: chín trên hai đường Ngô Quyền."),
    ("Căn hộ 27/5 Lý Thường Kiệt bị cháy.", "Căn hộ hai mươi bảy trên năm Lý Thường Kiệt bị cháy."),
    ("Căn nhà 8/14 đường Trần Hưng Đạo được sửa.", "Căn nhà tám trên mười bốn đường Trần Hưng Đạo được sửa."),
    # A part with a letter on it is never a fraction or a date, whatever comes before.
    ("Đám cháy bùng lên ở căn hộ 45/2B Nguyễn Trãi.", "Đám cháy bùng lên ở căn hộ bốn mươi lăm trên hai B Nguyễn Trãi."),
    ("Lớp 12A/3 giành giải nhất.", "Lớp mười hai A trên ba giành giải nhất."),
    ("Cửa hàng 156/7C bán đồ cũ.", "Cửa hàng một trăm năm mươi sáu trên bảy C bán đồ cũ."),
]


@pytest.mark.parametrize(("written", "spoken"), HOUSE_NUMBERS)
def test_house_and_alley_numbers_read_with_tren(written: str, spoken: str) -> None:
    assert read_house_numbers(written) == spoken


NOT_HOUSE_NUMBERS = [
    "Theo Quyết định số 1234/2019 của UBND tỉnh.",
    "Công văn số 45/UBND-KT gửi các sở.",
    "Tổng số 2/3 đại biểu tán thành.",
    "Đa số 3/4 hộ dân đồng ý.",
    "Ngày 12/5 trời mưa.",
    "Ở 2/3 số xã đã có nước sạch.",
    "Tại 3/4 số trường, học sinh được ăn bán trú.",
    "Căn hộ 3/4 diện tích bị cháy.",
    "Căn hộ 10/2 vừa qua được bàn giao.",
    "Đội cứu hộ trực 24/24h.",  # a small letter is a unit or an hour mark, not a house number's
    "Trộn thêm 1/2kg đường.",
]


@pytest.mark.parametrize("text", NOT_HOUSE_NUMBERS)
def test_document_numbers_fractions_and_dates_are_not_house_numbers(text: str) -> None:
    assert read_house_numbers(text) == text


CHAINAGES = [
    ("Sạt lở tại Km 125+300 quốc lộ 9.", "Sạt lở tại ki lô mét một trăm hai mươi lăm cộng ba trăm quốc lộ 9."),
    ("Điểm đầu tuyến ở km0 +000.", "Điểm đầu tuyến ở ki lô mét không cộng không."),
    ("Trạm thu phí đặt tại Km 15.", "Trạm thu phí đặt tại ki lô mét mười lăm."),
]


@pytest.mark.parametrize(("written", "spoken"), CHAINAGES)
def test_chainages(written: str, spoken: str) -> None:
    assert read_chainages(written) == spoken


@pytest.mark.parametrize("text", ["Đoạn đường dài 5 km 300 m.", "Xe chạy 60km mỗi giờ.", "Tốc độ 80 km/h."])
def test_a_distance_after_a_number_is_not_a_chainage(text: str) -> None:
    assert read_chainages(text) == text


def test_house_number_end_to_end() -> None:
    spoken = normalize("Bà cụ sống ở số 7/10/16 phố Hàng Bông, ngõ 279/31 đường Giải Phóng.")
    assert spoken == (
        "Bà cụ sống ở số bảy trên mười trên mười sáu phố Hàng Bông, "
        "ngõ hai trăm bảy mươi chín trên ba mươi mốt đường Giải Phóng."
    )


def test_docstring_examples() -> None:
    assert doctest.testmod(addresses).failed == 0


@pytest.mark.parametrize(
    "written, spoken",
    [
        ("Mật độ 137 người/km2.", "Mật độ 137 người/km2."),  # a unit of area after a slash
        ("Diện tích 1.289 km2, thể tích 3 km3.", "Diện tích 1.289 km2, thể tích 3 km3."),
        ("Cầu ở km3 +100 và tại Km2+300.", "Cầu ở ki lô mét ba cộng một trăm và tại ki lô mét hai cộng ba trăm."),
        ("Sạt lở tại Km 17+500 đường tỉnh.", "Sạt lở tại ki lô mét mười bảy cộng năm trăm đường tỉnh."),
    ],
)
def test_square_kilometres_are_not_chainages(written, spoken):
    assert read_chainages(written) == spoken

"""Numbers of documents and standards: the number, its year, then the parts of the code, the
slashes and dashes between them silent."""
from __future__ import annotations

import doctest

import pytest

from vntext import documents, normalize
from vntext.documents import read_code_part, read_document_codes, read_document_numbers, read_standard_numbers

DOCUMENT_NUMBERS = [
    (
        "UBND tỉnh ban hành Quyết định số 1520/QĐ-UBND về phòng, chống thiên tai.",
        "UBND tỉnh ban hành Quyết định số một nghìn năm trăm hai mươi quyết định ủy ban nhân dân về phòng, chống thiên tai.",
    ),
    (
        "Thực hiện Công văn số 245/UBND-KT của UBND huyện.",
        "Thực hiện Công văn số hai trăm bốn mươi lăm ủy ban nhân dân ca tê của UBND huyện.",
    ),
    (
        "Nghị quyết số 57-NQ/TW của Bộ Chính trị được triển khai sâu rộng.",
        "Nghị quyết số năm mươi bảy nghị quyết trung ương của Bộ Chính trị được triển khai sâu rộng.",
    ),
    (
        "Ban Thường vụ Tỉnh ủy ban hành Kết luận số 12-KL/TU về công tác cán bộ.",
        "Ban Thường vụ Tỉnh ủy ban hành Kết luận số mười hai kết luận tỉnh ủy về công tác cán bộ.",
    ),
    (
        "Thông tư 22/2023/TT-BGDĐT quy định về đánh giá học sinh.",
        "Thông tư hai mươi hai năm hai nghìn không trăm hai mươi ba thông tư Bộ Giáo dục và Đào tạo quy định về đánh giá học sinh.",
    ),
    (
        "Theo Nghị định 100/2019/NĐ-CP, mức phạt tăng.",
        "Theo Nghị định một trăm năm hai nghìn không trăm mười chín nghị định Chính phủ, mức phạt tăng.",
    ),
    (
        "Thủ tướng ban hành Chỉ thị 16/CT-TTg về phòng, chống dịch.",
        "Thủ tướng ban hành Chỉ thị mười sáu chỉ thị Thủ tướng về phòng, chống dịch.",
    ),
    (
        "Luật Đất đai số 31/2024/QH15 được thông qua.",
        "Luật Đất đai số ba mươi mốt năm hai nghìn không trăm hai mươi tư Quốc hội mười lăm được thông qua.",
    ),
    (
        "Công điện số 01/CĐ-TTg yêu cầu bảo đảm an toàn giao thông.",
        "Công điện số không một công điện Thủ tướng yêu cầu bảo đảm an toàn giao thông.",
    ),
    (
        "Theo Thông tư liên tịch 01/2014/TTLT-BNV-BTC, các địa phương báo cáo.",
        "Theo Thông tư liên tịch không một năm hai nghìn không trăm mười bốn thông tư liên tịch Bộ Nội vụ Bộ Tài chính, các địa phương báo cáo.",
    ),
    (
        "Sở Y tế có Văn bản số 1234/SYT-NVY gửi các bệnh viện.",
        "Sở Y tế có Văn bản số một nghìn hai trăm ba mươi tư Sở y tế en vê i dài gửi các bệnh viện.",
    ),
    (
        "Hướng dẫn số 01-HD/BTGTU nêu rõ nội dung tuyên truyền.",
        "Hướng dẫn số không một hướng dẫn ban tuyên giáo tỉnh ủy nêu rõ nội dung tuyên truyền.",
    ),
    (
        "Quyết định 2554 / QĐ - UB ngày 5/10/2000 bị hủy bỏ.",
        "Quyết định hai nghìn năm trăm năm mươi tư quyết định ủy ban ngày 5/10/2000 bị hủy bỏ.",
    ),
    ("Giấy phép số 115/GP-BTTTT đã hết hạn.", "Giấy phép số một trăm mười lăm giấy phép Bộ Thông tin và Truyền thông đã hết hạn."),
    ("Theo Nghị định 15/2020, mức phạt tăng.", "Theo Nghị định mười lăm năm hai nghìn không trăm hai mươi, mức phạt tăng."),
]

# Numbers that are not document numbers keep their writing for the rules that read them.
NOT_DOCUMENT_NUMBERS = [
    "Giá xăng RON 95-III giảm 300 đồng.",  # a fuel grade and its emission standard
    "Học sinh lớp 12-A1 đạt giải.",  # a class: one letter
    "Ngày 12/8/2023, trời mưa.",  # a date
    "Có 15/18 chỉ tiêu đạt.",  # a count
    "Năm 2024, tỉnh thu hút 12 dự án.",
    "Tỷ giá 24.250 VND/USD.",
    "Đội 3-PC08 tham gia tuần tra.",  # one code part, no document word
]


@pytest.mark.parametrize("written, spoken", DOCUMENT_NUMBERS)
def test_document_numbers_are_read_with_their_code(written: str, spoken: str) -> None:
    assert read_document_numbers(written) == spoken


@pytest.mark.parametrize("written", NOT_DOCUMENT_NUMBERS)
def test_other_numbers_are_left_alone(written: str) -> None:
    assert read_document_numbers(written) == written


@pytest.mark.parametrize(
    "part, spoken",
    [
        ("QĐ", "quyết định"), ("NQ", "nghị quyết"), ("TW", "trung ương"), ("TƯ", "trung ương"),
        ("TU", "tỉnh ủy"), ("CP", "Chính phủ"), ("TTg", "Thủ tướng"), ("BTC", "Bộ Tài chính"),
        ("BCT", "Bộ Công Thương"), ("UBND", "ủy ban nhân dân"), ("HĐND", "hội đồng nhân dân"),
        ("QH14", "Quốc hội mười bốn"), ("UBTVQH15", "Ủy ban Thường vụ Quốc hội mười lăm"),
        ("STC", "Sở tài chính"), ("KT", "ca tê"), ("BGD&ĐT", "Bộ Giáo dục và Đào tạo"),
    ],
)  # fmt: skip
def test_each_part_of_a_code(part: str, spoken: str) -> None:
    assert read_code_part(part) == spoken


def test_one_reading_everywhere_in_a_sentence() -> None:
    spoken = normalize("Kết luận 01-KL/TW về tiếp tục thực hiện Chỉ thị 05-CT/TW.")
    assert spoken == "Kết luận không một kết luận trung ương về tiếp tục thực hiện Chỉ thị không năm chỉ thị trung ương."


def test_a_unit_after_a_slash_is_not_read_in_a_code() -> None:
    spoken = normalize("Nghị quyết 18-NQ/TW và Nghị quyết số 01/NQ-HĐND.")
    assert "tê ra oát" not in spoken
    assert spoken == (
        "Nghị quyết mười tám nghị quyết trung ương và Nghị quyết số không một nghị quyết hội đồng nhân dân."
    )


@pytest.mark.parametrize(
    "written, spoken",
    [
        ("Đạt chuẩn ISO 9001:2015.", "Đạt chuẩn ISO chín nghìn không trăm linh một năm hai nghìn không trăm mười lăm."),
        (
            "Theo QCVN 41:2019/BGTVT, biển báo phải đúng vị trí.",
            "Theo QCVN bốn mươi mốt năm hai nghìn không trăm mười chín Bộ Giao thông vận tải, biển báo phải đúng vị trí.",
        ),
        ("Họp lúc 10:30 sáng.", "Họp lúc 10:30 sáng."),
    ],
)
def test_standards_read_their_year(written: str, spoken: str) -> None:
    assert read_standard_numbers(written) == spoken


@pytest.mark.parametrize(
    "written, spoken",
    [
        ("Quán triệt tinh thần NQ/TW đến đảng viên.", "Quán triệt tinh thần nghị quyết trung ương đến đảng viên."),
        ("Thực hiện KL/TU và HD/BTGTU.", "Thực hiện kết luận tỉnh ủy và hướng dẫn ban tuyên giáo tỉnh ủy."),
        ("Các QĐ-UBND về giá đất.", "Các quyết định ủy ban nhân dân về giá đất."),
        # listed pairs, a place and unknown parts keep their writing
        ("Sở KH-CN, tỉnh TT-Huế, CT-XH.", "Sở KH-CN, tỉnh TT-Huế, CT-XH."),
        ("Mã CT-ZQX và USD/VND.", "Mã CT-ZQX và USD/VND."),
    ],
)
def test_codes_named_without_their_number(written: str, spoken: str) -> None:
    assert read_document_codes(written) == spoken


def test_a_code_after_a_slash_is_not_a_unit() -> None:
    assert normalize("Quán triệt NQ/TW.") == "Quán triệt nghị quyết trung ương."


def test_doctests_pass() -> None:
    result = doctest.testmod(documents)
    assert result.attempted > 0 and result.failed == 0

"""Roman numerals after trigger words, read as a newsreader says them."""
from __future__ import annotations

import doctest

import pytest

from vntext import normalize
from vntext import roman as roman_module
from vntext.roman import read_roman_numerals, roman_to_int


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Đồng chí Lê Quang Tùng, Ủy viên Trung ương Đảng khóa XIII, dự hội nghị.",
            "Đồng chí Lê Quang Tùng, Ủy viên Trung ương Đảng khóa mười ba, dự hội nghị.",
        ),
        (
            "Đại hội Đảng bộ tỉnh Quảng Trị lần thứ XVII thành công tốt đẹp.",
            "Đại hội Đảng bộ tỉnh Quảng Trị lần thứ mười bảy thành công tốt đẹp.",
        ),
        (
            "Quán triệt Nghị quyết Đại hội XIII của Đảng đến toàn thể đảng viên.",
            "Quán triệt Nghị quyết Đại hội mười ba của Đảng đến toàn thể đảng viên.",
        ),
        (
            "Thành cổ Quảng Trị là chứng tích của thế kỷ XX.",
            "Thành cổ Quảng Trị là chứng tích của thế kỷ hai mươi.",
        ),
        ("Bước sang thế kỉ XXI, tỉnh đổi mới.", "Bước sang thế kỉ hai mươi mốt, tỉnh đổi mới."),
        (
            "Hội nghị Trung ương IV bàn về xây dựng Đảng.",
            "Hội nghị Trung ương bốn bàn về xây dựng Đảng.",
        ),
        ("Xem phần ix của báo cáo.", "Xem phần chín của báo cáo."),
        ("Chương II quy định về quyền hạn.", "Chương hai quy định về quyền hạn."),
        (
            "HĐND tỉnh khai mạc kỳ họp thứ VII, khóa VIII.",
            "HĐND tỉnh khai mạc kỳ họp thứ bảy, khóa tám.",
        ),
        ("Bộ Tư lệnh Quân khu IV kiểm tra.", "Bộ Tư lệnh Quân khu bốn kiểm tra."),
        ("Quốc hội khoá XV thông qua luật.", "Quốc hội khoá mười lăm thông qua luật."),
        ("Đây là lần thứ IV giải được tổ chức.", "Đây là lần thứ tư giải được tổ chức."),
        ("Cuộc thi lần thứ I thu hút 200 bài.", "Cuộc thi lần thứ nhất thu hút 200 bài."),
        (
            "Ông được tặng Huân chương Lao động hạng II.",
            "Ông được tặng Huân chương Lao động hạng nhì.",
        ),
        ("Tác phẩm đoạt giải I cấp tỉnh.", "Tác phẩm đoạt giải nhất cấp tỉnh."),
        ("Đội bóng giành giải IV chung cuộc.", "Đội bóng giành giải tư chung cuộc."),
        ("Dự án giai đoạn II khởi công.", "Dự án giai đoạn hai khởi công."),
        ("Trường THCS đạt chuẩn cấp II.", "Trường THCS đạt chuẩn cấp hai."),
        ("Lương tối thiểu vùng IV tăng.", "Lương tối thiểu vùng bốn tăng."),
        ("ĐẠI HỘI LẦN THỨ XVII", "ĐẠI HỘI LẦN THỨ mười bảy"),
        (
            "Nhiệm kỳ khóa XIV và XV đều đạt chỉ tiêu.",
            "Nhiệm kỳ khóa mười bốn và mười lăm đều đạt chỉ tiêu.",
        ),
        ("Kết quả ĐH XIII được quán triệt.", "Kết quả ĐH mười ba được quán triệt."),
    ],
)
def test_roman_numeral_after_trigger_is_read(written: str, spoken: str) -> None:
    assert read_roman_numerals(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Tăng trưởng GRDP quý III/2024 đạt 6,2%.",
            "Tăng trưởng GRDP quý ba năm hai nghìn không trăm hai mươi tư đạt 6,2%.",
        ),
        (
            "Thu ngân sách quý 3/2024 vượt dự toán.",
            "Thu ngân sách quý ba năm hai nghìn không trăm hai mươi tư vượt dự toán.",
        ),
        ("Dự kiến hoàn thành trong quý IV/2025.", "Dự kiến hoàn thành trong quý bốn năm hai nghìn không trăm hai mươi lăm."),
        ("Quý I, giá lúa tăng nhẹ.", "Quý một, giá lúa tăng nhẹ."),
        (
            "Giải ngân quý I và II/2025 còn chậm.",
            "Giải ngân quý một và hai năm hai nghìn không trăm hai mươi lăm còn chậm.",
        ),
    ],
)
def test_quarter_with_year_is_read_whole(written: str, spoken: str) -> None:
    assert read_roman_numerals(written) == spoken


@pytest.mark.parametrize(
    "text",
    [
        "HÀNH VI VI PHẠM PHÁP LUẬT BỊ XỬ LÝ NGHIÊM",
        "Ông Nguyễn Văn VI trú tại xã Vĩnh Tú.",
        "Tài xế xe loại C chở quá tải.",
        "Khách sạn hạng A tại Đông Hà.",
        "Giải đấu có sự tham gia của CLB XI Quảng Trị.",
        "Kính thưa quý vị đại biểu.",
        "Đảng bộ huyện khóa mới ra mắt.",
        "Mẫu xe MIX được bán ra.",
    ],
)
def test_roman_looking_words_without_trigger_are_left_alone(text: str) -> None:
    assert read_roman_numerals(text) == text


def test_quarter_with_a_month_like_number_outside_one_to_four_is_left_alone() -> None:
    assert read_roman_numerals("tháng 5/2024") == "tháng 5/2024"
    assert read_roman_numerals("quý 5/2024") == "quý 5/2024"


@pytest.mark.parametrize(("numeral", "value"), [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XL", 40), ("xvi", 16)])
def test_roman_to_int(numeral: str, value: int) -> None:
    assert roman_to_int(numeral) == value


def test_reading_is_idempotent() -> None:
    text = "Quốc hội khóa XV, kỳ họp thứ VIII; quý III/2024 tăng trưởng."
    once = read_roman_numerals(text)
    assert once != text
    assert read_roman_numerals(once) == once


def test_list_after_a_trigger_stops_at_the_first_word_that_is_not_a_numeral() -> None:
    assert read_roman_numerals("Xem phần I - II của đề án") == "Xem phần một - hai của đề án"
    assert read_roman_numerals("khóa XV - Đảng bộ") == "khóa mười lăm - Đảng bộ"
    assert read_roman_numerals("khóa XV/2024") == "khóa mười lăm/2024"


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Theo khoản III Điều 12, chủ đầu tư phải hoàn trả mặt bằng.",
            "Theo khoản ba Điều 12, chủ đầu tư phải hoàn trả mặt bằng.",
        ),
        (
            "Nội dung này được nêu tại đoạn IV mục II của tờ trình.",
            "Nội dung này được nêu tại đoạn bốn mục hai của tờ trình.",
        ),
        (
            "Danh sách các xã được hỗ trợ kèm theo phụ lục XII.",
            "Danh sách các xã được hỗ trợ kèm theo phụ lục mười hai.",
        ),
        ("Tổ máy số II phát điện trở lại.", "Tổ máy số hai phát điện trở lại."),
        ("Lò số X ngừng hoạt động.", "Lò số mười ngừng hoạt động."),
        ("Báo cáo có bảy mục, xem mục vii.", "Báo cáo có bảy mục, xem mục bảy."),
        (
            "Sửa đổi khoản xxv, bổ sung khoản xxvi.",
            "Sửa đổi khoản hai mươi lăm, bổ sung khoản hai mươi sáu.",
        ),
        ("Văn bia khắc năm MDCCCLXXX.", "Văn bia khắc năm một nghìn tám trăm tám mươi."),
        ("Bộ luật có chương CCCXLV.", "Bộ luật có chương ba trăm bốn mươi lăm."),
        ("Tra cứu mục xc, mục cd và mục cm.", "Tra cứu mục chín mươi, mục bốn trăm và mục chín trăm."),
        ("Xem phần MMMCMXCIX.", "Xem phần ba nghìn chín trăm chín mươi chín."),
        ("Chương XC quy định điều khoản thi hành.", "Chương chín mươi quy định điều khoản thi hành."),
        ("Khóa XL tốt nghiệp.", "Khóa bốn mươi tốt nghiệp."),
        ("Nghị quyết nêu rõ khoản vi.", "Nghị quyết nêu rõ khoản sáu."),
        ("Căn cứ khoản vi và vii của quy chế.", "Căn cứ khoản sáu và bảy của quy chế."),
        ("Cột mốc số l", "Cột mốc số năm mươi"),
    ],
)
def test_new_triggers_lower_case_and_numerals_up_to_3999(written: str, spoken: str) -> None:
    assert read_roman_numerals(written) == spoken


@pytest.mark.parametrize(
    "text",
    [
        "Số vi phạm nồng độ cồn giảm so với cùng kỳ.",
        "Các khoản vi phạm đã được nộp phạt.",
        "CÁC KHOẢN VI PHẠM BỊ XỬ LÝ NGHIÊM",
        "SỐ VI PHẠM GIAO THÔNG GIẢM MẠNH",
        "Số xi măng tồn kho còn lớn.",
        "Người dân gọi vào số di động của cán bộ xã.",
        "Nhóm MC dẫn chương trình tập dượt.",
        "Phần MC dẫn dắt được khán giả khen.",
        "Tập MV mới ra mắt tối qua.",
        "Số CV nộp về tăng mạnh.",
        "Ông có năm MC hỗ trợ.",
        "Sinh viên năm I được miễn học phí.",
        "Cả năm V.League hoãn nhiều trận.",
        "Đo số mm mưa tại trạm Đông Hà.",
        "Cạnh này dài hơn số m còn lại.",
        "Giấy phép lái xe hạng D.",
        "Xe tải loại C chở quá tải.",
        "Giải C dành cho học sinh.",
        "Điền vào số D trên phiếu.",
        "Ông Lê Văn M cho biết.",
        "Xem phần i của báo cáo.",
    ],
)
def test_words_letters_units_and_acronyms_after_triggers_are_left_alone(text: str) -> None:
    assert read_roman_numerals(text) == text


@pytest.mark.parametrize("text", ["chương IIII", "mục VX", "khoản Xi", "phần IC", "số MMMM", "mục lc"])
def test_words_outside_the_strict_grammar_are_not_numerals(text: str) -> None:
    assert read_roman_numerals(text) == text


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("XC", 90), ("cd", 400), ("CM", 900), ("MMXXIII", 2023), ("MDCCCLXXX", 1880), ("MMMCMXCIX", 3999)],
)
def test_roman_to_int_up_to_3999(numeral: str, value: int) -> None:
    assert roman_to_int(numeral) == value


def test_new_readings_are_idempotent_through_normalize() -> None:
    text = "Theo khoản vi, đoạn IX mục III và phụ lục XII ban hành năm MMXXIII, số vi phạm giảm."
    once = normalize(text)
    assert once == (
        "Theo khoản sáu, đoạn chín mục ba và phụ lục mười hai ban hành năm hai nghìn không trăm "
        "hai mươi ba, số vi phạm giảm."
    )
    assert normalize(once) == once


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Nhật Bản đầu hàng, Thế chiến II kết thúc.", "Nhật Bản đầu hàng, Thế chiến thứ hai kết thúc."),
        ("Hậu quả của chiến tranh thế giới I còn lại.", "Hậu quả của chiến tranh thế giới thứ nhất còn lại."),
        ("Vua Louis XVI bị xử tử.", "Vua Louis thứ mười sáu bị xử tử."),
        ("Tàu Apollo XIII gặp sự cố.", "Tàu Apollo mười ba gặp sự cố."),
        ("Nhà máy đặt tại KCN Nam Cấm II.", "Nhà máy đặt tại KCN Nam Cấm hai."),
        ("Cục Thuế khu vực IV làm việc.", "Cục Thuế khu vực bốn làm việc."),
        ("Hồi XII của vở diễn rất xúc động.", "Hồi mười hai của vở diễn rất xúc động."),
    ],
)
def test_roman_numeral_after_a_name(written: str, spoken: str) -> None:
    assert read_roman_numerals(written) == spoken


@pytest.mark.parametrize(
    "text",
    [
        "Bị can Trần Văn X khai nhận.",
        "Nghi phạm Lê Thị V bỏ trốn.",
        "Áo cỡ XL và XXL bán chạy.",
        "BÁO ĐỘNG HÀNH VI XÂM HẠI TRẺ EM",
        "Giải đấu có CLB XI Quảng Trị.",
    ],
)
def test_initials_sizes_headlines_and_longer_names_are_left(text: str) -> None:
    assert read_roman_numerals(text) == text


def test_roman_docstring_examples() -> None:
    assert doctest.testmod(roman_module).failed == 0


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Mực nước trên báo động II 0,2 m.", "Mực nước trên báo động hai 0,2 m."),
        ("Lũ dưới mức báo động III.", "Lũ dưới mức báo động ba."),
    ],
)
def test_flood_alarm_levels(written: str, spoken: str) -> None:
    assert read_roman_numerals(written) == spoken

"""Abbreviations of provincial news and unknown acronyms."""
from __future__ import annotations

import re
from importlib.resources import files

import pytest

from vntext import normalize
from vntext.abbreviations import (
    ABBREVIATIONS,
    FIELDS,
    LETTER_NAMES,
    expand_abbreviations,
    expand_listed_abbreviations,
    is_vietnamese_syllable,
    spell_letters,
)


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Chủ tịch UBND tỉnh Võ Văn Hưng chủ trì cuộc họp.",
            "Chủ tịch ủy ban nhân dân tỉnh Võ Văn Hưng chủ trì cuộc họp.",
        ),
        ("UBND huyện Gio Linh ban hành kế hoạch.", "Ủy ban nhân dân huyện Gio Linh ban hành kế hoạch."),
        (
            "Kỳ họp thứ 25 HĐND tỉnh khóa VIII bế mạc.",
            "Kỳ họp thứ 25 hội đồng nhân dân tỉnh khóa VIII bế mạc.",
        ),
        (
            "Ủy ban MTTQ Việt Nam tỉnh phát động ủng hộ đồng bào bị lũ.",
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh phát động ủng hộ đồng bào bị lũ.",
        ),
        (
            "UBMTTQVN huyện Hải Lăng trao 50 suất quà.",
            "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Hải Lăng trao 50 suất quà.",
        ),
        (
            "Đoàn ĐBQH tỉnh tiếp xúc cử tri xã Vĩnh Thủy.",
            "Đoàn đại biểu Quốc hội tỉnh tiếp xúc cử tri xã Vĩnh Thủy.",
        ),
        (
            "Hội nghị BCH Đảng bộ tỉnh lần thứ 20 thảo luận về KT-XH.",
            "Hội nghị ban chấp hành Đảng bộ tỉnh lần thứ 20 thảo luận về kinh tế - xã hội.",
        ),
        (
            "Đồng chí Nguyễn Long Hải, UVTW, Bí thư Tỉnh ủy, phát biểu.",
            "Đồng chí Nguyễn Long Hải, ủy viên trung ương, Bí thư Tỉnh ủy, phát biểu.",
        ),
        (
            "BTVTU vừa ban hành kết luận về công tác cán bộ.",
            "Ban thường vụ tỉnh ủy vừa ban hành kết luận về công tác cán bộ.",
        ),
        (
            "Kỷ luật khiển trách đồng chí UVBTV Huyện ủy.",
            "Kỷ luật khiển trách đồng chí ủy viên ban thường vụ Huyện ủy.",
        ),
        ("BTV Huyện ủy Triệu Phong họp.", "Ban thường vụ Huyện ủy Triệu Phong họp."),
        (
            "Xã Triệu Độ đạt chuẩn NTM nâng cao năm 2024.",
            "Xã Triệu Độ đạt chuẩn nông thôn mới nâng cao năm 2024.",
        ),
        (
            "Các HTX nông nghiệp đều đạt và vượt KH đề ra.",
            "Các hợp tác xã nông nghiệp đều đạt và vượt kế hoạch đề ra.",
        ),
        (
            "Công tác GPMB dự án đường ven biển còn vướng mắc.",
            "Công tác giải phóng mặt bằng dự án đường ven biển còn vướng mắc.",
        ),
        (
            "Học sinh Trường THPT Chuyên Lê Quý Đôn đạt giải cao; THCS Thành Cổ xếp thứ hai.",
            "Học sinh Trường trung học phổ thông Chuyên Lê Quý Đôn đạt giải cao; trung học cơ sở Thành Cổ xếp thứ hai.",
        ),
        (
            "Lực lượng CSGT tăng cường tuần tra bảo đảm ATGT dịp Tết.",
            "Lực lượng cảnh sát giao thông tăng cường tuần tra bảo đảm an toàn giao thông dịp Tết.",
        ),
        (
            "Tỷ lệ người dân tham gia BHYT đạt 94%, BHXH tự nguyện tăng.",
            "Tỷ lệ người dân tham gia bảo hiểm y tế đạt 94%, bảo hiểm xã hội tự nguyện tăng.",
        ),
        (
            "Thực hiện Nghị quyết của BCH TW về CNH-HĐH nông nghiệp.",
            "Thực hiện Nghị quyết của ban chấp hành trung ương về công nghiệp hóa - hiện đại hóa nông nghiệp.",
        ),
        ("Ban Chấp hành T.Ư Đảng họp.", "Ban Chấp hành trung ương Đảng họp."),
        ("Ủy viên Ban Chấp hành TƯ Đảng dự.", "Ủy viên Ban Chấp hành trung ương Đảng dự."),
        (
            "Hội nghị diễn ra tại TP. Đông Hà, sau đó đoàn vào TP.HCM.",
            "Hội nghị diễn ra tại thành phố Đông Hà, sau đó đoàn vào Thành phố Hồ Chí Minh.",
        ),
        ("Đoàn công tác đến TP. Huế.", "Đoàn công tác đến thành phố Huế."),
        ("Du khách từ Tp.Huế ra Quảng Trị.", "Du khách từ thành phố Huế ra Quảng Trị."),
        (
            "UBKT Tỉnh ủy đề nghị thi hành kỷ luật.",
            "Ủy ban kiểm tra Tỉnh ủy đề nghị thi hành kỷ luật.",
        ),
        (
            "Tình hình SXKD của các DN trên địa bàn phục hồi.",
            "Tình hình sản xuất, kinh doanh của các doanh nghiệp trên địa bàn phục hồi.",
        ),
        (
            "Sở GD&ĐT phối hợp Sở KH&CN tổ chức cuộc thi.",
            "Sở giáo dục và đào tạo phối hợp Sở khoa học và công nghệ tổ chức cuộc thi.",
        ),
        (
            "Sở NN&PTNT khuyến cáo nông dân xuống giống vụ Đông Xuân.",
            "Sở nông nghiệp và phát triển nông thôn khuyến cáo nông dân xuống giống vụ Đông Xuân.",
        ),
        (
            "Đ/c Bí thư Huyện ủy thăm hỏi gia đình chính sách; đ/c Chủ tịch cùng dự.",
            "Đồng chí Bí thư Huyện ủy thăm hỏi gia đình chính sách; đồng chí Chủ tịch cùng dự.",
        ),
        (
            "Tỉnh trồng lúa, sắn, cao su, v.v. trên diện tích lớn.",
            "Tỉnh trồng lúa, sắn, cao su, vân vân trên diện tích lớn.",
        ),
        ("Tỉnh trồng lúa, sắn, cao su, v.v.", "Tỉnh trồng lúa, sắn, cao su, vân vân."),
        (
            "Sản phẩm gồm ớt, tiêu, v.v. Năm nay giá đều tăng.",
            "Sản phẩm gồm ớt, tiêu, vân vân. Năm nay giá đều tăng.",
        ),
        (
            "WHO khuyến cáo tiêm vắc xin phòng COVID-19 cho người cao tuổi.",
            "Vê kép hát o khuyến cáo tiêm vắc xin phòng cô vít-19 cho người cao tuổi.",
        ),
        (
            "Quảng Trị tham dự diễn đàn ASEAN và APEC.",
            "Quảng Trị tham dự diễn đàn a sê an và a pếch.",
        ),
        ("Tỉnh có 120 sản phẩm OCOP đạt 3 sao.", "Tỉnh có 120 sản phẩm ô cốp đạt 3 sao."),
    ],
)
def test_listed_abbreviation_is_expanded(written: str, spoken: str) -> None:
    assert expand_abbreviations(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "GS.TS. Nguyễn Văn Minh trình bày tham luận.",
            "Giáo sư tiến sĩ Nguyễn Văn Minh trình bày tham luận.",
        ),
        (
            "Đoàn do PGS.TS. Trần Thị Lan dẫn đầu; TS. Lê Hữu Phước cùng tham gia.",
            "Đoàn do phó giáo sư tiến sĩ Trần Thị Lan dẫn đầu; tiến sĩ Lê Hữu Phước cùng tham gia.",
        ),
        (
            "Theo ThS. Hoàng Minh Đức, Giám đốc Trung tâm, và Th.S Lê Thị Hà.",
            "Theo thạc sĩ Hoàng Minh Đức, Giám đốc Trung tâm, và thạc sĩ Lê Thị Hà.",
        ),
        ("Ca mổ do TS.BS Phạm Văn Sơn thực hiện.", "Ca mổ do tiến sĩ bác sĩ Phạm Văn Sơn thực hiện."),
        (
            "Ca mổ do PGS.TS.BS Lê Văn An thực hiện.",
            "Ca mổ do phó giáo sư tiến sĩ bác sĩ Lê Văn An thực hiện.",
        ),
    ],
)
def test_titles_before_a_name(written: str, spoken: str) -> None:
    assert expand_abbreviations(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Mưa lớn gây sạt lở nhiều điểm trên QL9 và QL1A.",
            "Mưa lớn gây sạt lở nhiều điểm trên quốc lộ chín và quốc lộ một A.",
        ),
        (
            "Cầu trên ĐT 585 bị ngập sâu, giao thông chia cắt.",
            "Cầu trên đường tỉnh năm trăm tám mươi lăm bị ngập sâu, giao thông chia cắt.",
        ),
        ("Tuyến QL.15D đã thông xe.", "Tuyến quốc lộ mười lăm D đã thông xe."),
        ("Các tuyến QL qua tỉnh được sửa chữa.", "Các tuyến quốc lộ qua tỉnh được sửa chữa."),
        (
            "Giám đốc CA tỉnh chỉ đạo CA huyện Hướng Hóa truy bắt đối tượng.",
            "Giám đốc công an tỉnh chỉ đạo công an huyện Hướng Hóa truy bắt đối tượng.",
        ),
        ("CA TP Đông Hà ra quân.", "Công an thành phố Đông Hà ra quân."),
        ("Đơn hàng gửi đến bang CA của Mỹ.", "Đơn hàng gửi đến bang xê a của Mỹ."),
        (
            "ĐH Đảng bộ huyện Cam Lộ nhiệm kỳ 2025 - 2030 thành công.",
            "Đại hội Đảng bộ huyện Cam Lộ nhiệm kỳ 2025 - 2030 thành công.",
        ),
        ("Tân sinh viên ĐH Huế nhập học.", "Tân sinh viên đại học Huế nhập học."),
        ("Thí sinh đăng ký xét tuyển vào ĐH.", "Thí sinh đăng ký xét tuyển vào đại học."),
        ("Mọi ý kiến xin gửi về ĐT: 0233 3852 123.", "Mọi ý kiến xin gửi về điện thoại: 0233 3852 123."),
        ("ĐT Việt Nam tập huấn tại Đông Hà.", "Đội tuyển Việt Nam tập huấn tại Đông Hà."),
        (
            "Công ty CP Môi trường và Công trình đô thị nhận nhiệm vụ theo chỉ đạo của CP.",
            "Công ty cổ phần Môi trường và Công trình đô thị nhận nhiệm vụ theo chỉ đạo của Chính phủ.",
        ),
        (
            "Đối tượng Hồ Văn T. (SN 1995, trú xã Hướng Lập) bị bắt.",
            "Đối tượng Hồ Văn T. (sinh năm 1995, trú xã Hướng Lập) bị bắt.",
        ),
        (
            "Trụ sở mới đặt tại P. Đông Lương, cách Q.1 không xa.",
            "Trụ sở mới đặt tại phường Đông Lương, cách quận 1 không xa.",
        ),
        (
            "Anh Lê Văn P. Đông Hà hôm nay nắng.",
            "Anh Lê Văn P. Đông Hà hôm nay nắng.",
        ),
    ],
)
def test_ambiguous_abbreviation_is_read_by_context(written: str, spoken: str) -> None:
    assert expand_abbreviations(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Ngân hàng BIDV chi nhánh Quảng Trị giải ngân vốn.",
            "Ngân hàng bê i dê vê chi nhánh Quảng Trị giải ngân vốn.",
        ),
        ("Chương trình phát trên VTV1 và QTV.", "Chương trình phát trên VTV1 và quy tê vê."),
        ("Trạm thu phí BOT tạm dừng thu.", "Trạm thu phí bê o tê tạm dừng thu."),
        ("Vốn FDI vào KKT Đông Nam tăng.", "Vốn ép dê i vào khu kinh tế Đông Nam tăng."),
        ("Dự án JICA tài trợ.", "Dự án gi i xê a tài trợ."),
        ("XYZ công bố.", "Ích i dài dét công bố."),
    ],
)
def test_unknown_acronym_is_spelled_with_vietnamese_letter_names(written: str, spoken: str) -> None:
    assert expand_abbreviations(written) == spoken


@pytest.mark.parametrize(
    "text",
    [
        "HÀNH VI VI PHẠM PHÁP LUẬT BỊ XỬ LÝ NGHIÊM",
        "VIỆT NAM VÔ ĐỊCH",
        "KINH TẾ TƯ NHÂN LÀ ĐỘNG LỰC QUAN TRỌNG",
        "TIN NÓNG: MƯA LỚN Ở HÀ NỘI",
        "TU BỔ ĐÊ ĐIỀU TRƯỚC MÙA MƯA BÃO",
        "Thế kỷ XX đầy biến động.",
        "Cầu thủ Nguyễn Văn Toàn ghi bàn.",
        "U23 Việt Nam thắng 3-0.",
    ],
)
def test_capitalised_vietnamese_and_plain_text_are_left_alone(text: str) -> None:
    assert expand_abbreviations(text) == text


def test_acronym_in_an_all_caps_headline_is_still_expanded_or_spelled() -> None:
    assert expand_abbreviations("UBND TỈNH LÀM VIỆC VỚI BIDV") == (
        "Ủy ban nhân dân TỈNH LÀM VIỆC VỚI bê i dê vê"
    )


def test_sentence_opening_expansion_is_capitalised_only_at_a_sentence_start() -> None:
    text = "Kết quả được báo cáo lên UBND. UBND tỉnh ghi nhận.\nHĐND huyện họp.\n“UBND xã đã vào cuộc”"
    assert expand_abbreviations(text) == (
        "Kết quả được báo cáo lên ủy ban nhân dân. Ủy ban nhân dân tỉnh ghi nhận.\n"
        "Hội đồng nhân dân huyện họp.\n“Ủy ban nhân dân xã đã vào cuộc”"
    )


def test_dot_of_an_abbreviation_does_not_start_a_new_sentence() -> None:
    assert expand_abbreviations("Đoàn do GS. TS. Lê Văn Hòa dẫn đầu.") == (
        "Đoàn do giáo sư tiến sĩ Lê Văn Hòa dẫn đầu."
    )


def test_longest_abbreviation_wins() -> None:
    assert expand_abbreviations("UBMTTQVN tỉnh") == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"
    assert expand_abbreviations("Ban TT.HĐND tỉnh") == "Ban thường trực hội đồng nhân dân tỉnh"
    assert expand_abbreviations("Sở LĐ-TB&XH") == "Sở lao động - thương binh và xã hội"


def test_matching_is_case_sensitive_and_on_whole_words() -> None:
    text = "Nông dân ubnd ở Khe Sanh, Tp Đông Hà và XUBND"
    assert expand_abbreviations(text) == "Nông dân ubnd ở Khe Sanh, thành phố Đông Hà và ích u bê en dê"


def test_spell_letters_covers_every_latin_letter() -> None:
    assert spell_letters("ABCDĐFGHIJKLMNOPQRSTUVWXYZ") == (
        "a bê xê dê đê ép giê hát i gi ca e lờ em en o pê quy e rờ ét tê u vê vê kép ích i dài dét"
    )
    assert set("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ") <= set(LETTER_NAMES)


def test_is_vietnamese_syllable() -> None:
    assert is_vietnamese_syllable("NGHIÊNG") and is_vietnamese_syllable("VI") and is_vietnamese_syllable("TƯ")
    assert not is_vietnamese_syllable("UBND") and not is_vietnamese_syllable("BIDV")


def test_shipped_lists_are_large_well_formed_and_organised_by_field() -> None:
    data = files("vntext").joinpath("data")
    names = sorted(item.name for item in data.iterdir() if item.name.startswith("abbreviations-"))
    assert len(names) == len(FIELDS) >= 10
    total = 0
    for name in names:
        content = data.joinpath(name).read_text(encoding="utf-8")
        assert content.startswith("# "), f"{name} starts with a comment header"
        assert "\n# --- " in content or name == "abbreviations-titles.tsv", f"{name} has sections"
        entries = [line for line in content.splitlines() if line and not line.startswith("#")]
        assert all(line.count("\t") == 1 for line in entries), name
        total += len(entries)
    assert len(ABBREVIATIONS) == total >= 800
    for spoken in ABBREVIATIONS.values():
        # Expansions hold no capitalised acronym that a later rule would spell out.
        assert not re.search(r"\b[A-ZĐ]{2,}\b", spoken), spoken
        # ... and no listed abbreviation that a second pass would expand again.
        assert expand_listed_abbreviations(spoken) in (spoken, spoken[0].upper() + spoken[1:]), spoken


def test_expansion_is_idempotent() -> None:
    text = (
        "UBND tỉnh chỉ đạo CA huyện và BQLDA đẩy nhanh GPMB trên QL9. "
        "GS.TS. Trần Văn A cùng BIDV, WHO làm việc; HÀNH VI VI PHẠM bị xử lý, v.v."
    )
    once = expand_abbreviations(text)
    assert once != text
    assert expand_abbreviations(once) == once


def test_ministry_codes_in_document_numbers() -> None:
    assert expand_abbreviations("Giấy phép số 115/GP-BTTTT của BYT") == (
        "Giấy phép số 115/giấy phép-Bộ Thông tin và Truyền thông của Bộ Y tế"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Theo UBND tỉnh, các DN trên QL9 và ĐT 585 đạt và vượt KH; CA TP Đông Hà hỗ trợ.",
        "PGS.TS.BS Lê Văn An, GS. TS. Trần B và đ/c Bí thư TU; SN 1990; P. Đông Lương; Q.3.",
        "ĐH Đảng bộ huyện; thi vào ĐH; Công ty CP Cấp nước; NĐ-CP; BOT, BIDV, WHO, COVID-19.",
        "KINH TẾ TƯ NHÂN; HÀNH VI VI PHẠM; UBND TỈNH QUẢNG TRỊ LÀM VIỆC VỚI VTV.",
    ],
)
def test_every_rule_is_idempotent(text: str) -> None:
    once = expand_abbreviations(text)
    assert expand_abbreviations(once) == once


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Tên lửa rời bệ phóng lúc 14:30 UTC.",
            "Tên lửa rời bệ phóng lúc mười bốn giờ ba mươi phút u tê xê.",
        ),
        ("Trận chung kết bắt đầu lúc 20h GMT.", "Trận chung kết bắt đầu lúc hai mươi giờ giê em tê."),
        ("Động đất xảy ra lúc 9:15 jst.", "Động đất xảy ra lúc chín giờ mười lăm phút gi ét tê."),
    ],
)
def test_time_zone_after_a_clock_time_is_spelled_with_letter_names(written: str, spoken: str) -> None:
    once = normalize(written)
    assert once == spoken
    assert normalize(once) == once


@pytest.mark.parametrize(("written", "spoken"), [
    ("Bệnh nhân N.V.A (45 tuổi) đã xuất viện.", "Bệnh nhân en vê a (bốn mươi lăm tuổi) đã xuất viện."),
    ("Bà Trần T.T. Mai, trú xã Hải Lăng, cho biết.", "Bà Trần tê tê Mai, trú xã Hải Lăng, cho biết."),
    ("Đối tượng L.V.Đ. bị tạm giữ.", "Đối tượng e lờ vê đê bị tạm giữ."),
    ("Hàng hóa được chuyển sang U.S.A.", "Hàng hóa được chuyển sang u ét a."),  # the sentence's full stop stays
    ("Ông J. Smith và TP.HCM", "Ông J. Smith và Thành phố Hồ Chí Minh"),  # one initial, a listed abbreviation
])
def test_initials_run_together_are_spelled(written, spoken):
    assert normalize(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("Ủy ban nhân dân (UBND) tỉnh Quảng Trị họp phiên thường kỳ.", "Ủy ban nhân dân tỉnh Quảng Trị họp phiên thường kỳ."),
    ("Bảo hiểm xã hội (BHXH) huyện đã chi trả.", "Bảo hiểm xã hội huyện đã chi trả."),
    ("Khoản vay 2 tỷ đồng (2.000.000.000 đồng) đã được giải ngân.", "Khoản vay hai tỷ đồng đã được giải ngân."),
    # A bracket that says something else is read.
    ("Tổ chức Y tế Thế giới (WHO) khuyến cáo.", "Tổ chức Y tế Thế giới (vê kép hát o) khuyến cáo."),
    ("Hội nghị (lần thứ 2) diễn ra tại tỉnh.", "Hội nghị (lần thứ hai) diễn ra tại tỉnh."),
    ("Ông Hùng (Hùng) cười.", "Ông Hùng cười."),
    ("Công ty Hà (Hà Nội) đạt giải.", "Công ty Hà (Hà Nội) đạt giải."),
])
def test_a_bracket_that_only_repeats_the_words_before_it_is_read_once(written, spoken):
    assert normalize(written) == spoken

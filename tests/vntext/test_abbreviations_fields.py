"""The abbreviation lexicon field by field, its separators, and foreign acronyms."""
from __future__ import annotations

import pytest

from vntext import normalize
from vntext.abbreviations import ABBREVIATIONS, FIELDS, expand_abbreviations, load_fields


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        # administration, the Party and mass organisations
        (
            "UBTVQH cho ý kiến về dự án luật; BCHTW họp hội nghị lần thứ tám.",
            "Ủy ban Thường vụ Quốc hội cho ý kiến về dự án luật; ban chấp hành trung ương họp hội nghị lần thứ tám.",
        ),
        (
            "Tổng LĐLĐ tỉnh trao quà cho đoàn viên CĐCS có hoàn cảnh khó khăn.",
            "Tổng liên đoàn lao động tỉnh trao quà cho đoàn viên công đoàn cơ sở có hoàn cảnh khó khăn.",
        ),
        (
            "Ông được tặng danh hiệu CSTĐ và HTXSNV năm qua.",
            "Ông được tặng danh hiệu chiến sĩ thi đua và hoàn thành xuất sắc nhiệm vụ năm qua.",
        ),
        # courts and prosecution
        (
            "HĐXX TAND tỉnh tuyên phạt bị cáo 9 năm tù theo khoản 2 điều 174 BLHS.",
            "Hội đồng xét xử tòa án nhân dân tỉnh tuyên phạt bị cáo 9 năm tù theo khoản 2 điều 174 Bộ luật Hình sự.",
        ),
        (
            "VKSND huyện đã phê chuẩn quyết định khởi tố; bị can chưa đến tuổi chịu TNHS.",
            "Viện kiểm sát nhân dân huyện đã phê chuẩn quyết định khởi tố; bị can chưa đến tuổi chịu trách nhiệm hình sự.",
        ),
        (
            "Tỉnh tăng cường công tác PCTN, tiêu cực và giải quyết KNTC của công dân.",
            "Tỉnh tăng cường công tác phòng, chống tham nhũng, tiêu cực và giải quyết khiếu nại, tố cáo của công dân.",
        ),
        # police, army, traffic and fire
        (
            "Tổ CSGT phối hợp lực lượng CSCĐ và TTGT kiểm tra xe quá tải.",
            "Tổ cảnh sát giao thông phối hợp lực lượng cảnh sát cơ động và thanh tra giao thông kiểm tra xe quá tải.",
        ),
        (
            "Phòng CSHS phối hợp Phòng CS PCCC và CNCH diễn tập phương án.",
            "Phòng cảnh sát hình sự phối hợp Phòng cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ diễn tập phương án.",
        ),
        (
            "Thanh niên lên đường thực hiện NVQS; BCHQS huyện tổ chức lễ giao quân.",
            "Thanh niên lên đường thực hiện nghĩa vụ quân sự; bộ chỉ huy quân sự huyện tổ chức lễ giao quân.",
        ),
        # economy, finance and markets
        (
            "ĐHĐCĐ thường niên của CTCP Cảng biển thông qua kế hoạch LNST tăng 15%.",
            "Đại hội đồng cổ đông thường niên của công ty cổ phần Cảng biển thông qua kế hoạch lợi nhuận sau thuế tăng 15%.",
        ),
        (
            "Khối ngoại bán ròng trên TTCK; NHNN giữ nguyên lãi suất điều hành.",
            "Khối ngoại bán ròng trên thị trường chứng khoán; Ngân hàng Nhà nước giữ nguyên lãi suất điều hành.",
        ),
        (
            "Doanh nghiệp được giảm 2% thuế GTGT và gia hạn nộp thuế TNDN.",
            "Doanh nghiệp được giảm 2% thuế giá trị gia tăng và gia hạn nộp thuế thu nhập doanh nghiệp.",
        ),
        (
            "Chỉ số VN-Index giảm nhẹ trong khi HNX-Index tăng.",
            "Chỉ số vê en in đếch giảm nhẹ trong khi hát en ích in đếch tăng.",
        ),
        # education
        (
            "Sở GD-ĐT tổ chức kỳ thi tốt nghiệp THPT an toàn; học sinh THCS được miễn học phí.",
            "Sở giáo dục và đào tạo tổ chức kỳ thi tốt nghiệp trung học phổ thông an toàn; học sinh trung học cơ sở được miễn học phí.",
        ),
        (
            "Các trường ĐHQGHN công bố điểm chuẩn; KTX mở cửa đón tân sinh viên.",
            "Các trường Đại học Quốc gia Hà Nội công bố điểm chuẩn; ký túc xá mở cửa đón tân sinh viên.",
        ),
        # health
        (
            "Bệnh nhân được chuyển từ TTYT huyện lên BVĐK tỉnh, chi phí do BHYT chi trả.",
            "Bệnh nhân được chuyển từ trung tâm y tế huyện lên bệnh viện đa khoa tỉnh, chi phí do bảo hiểm y tế chi trả.",
        ),
        (
            "Số ca SXH tăng mạnh; ngành y tế cảnh báo nguy cơ NĐTP mùa hè.",
            "Số ca sốt xuất huyết tăng mạnh; ngành y tế cảnh báo nguy cơ ngộ độc thực phẩm mùa hè.",
        ),
        # sport
        (
            "VĐV giành HCV, HLV trưởng nhận thưởng; CLB chủ nhà thắng trên SVĐ Thống Nhất.",
            "Vận động viên giành huy chương vàng, huấn luyện viên trưởng nhận thưởng; câu lạc bộ chủ nhà thắng trên sân vận động Thống Nhất.",
        ),
        (
            "Đội giành hai HCB và ba HCĐ; ĐTQG hội quân chuẩn bị vòng loại.",
            "Đội giành hai huy chương bạc và ba huy chương đồng; đội tuyển quốc gia hội quân chuẩn bị vòng loại.",
        ),
        # weather and disasters
        (
            "ATNĐ đã mạnh lên thành bão; Ban chỉ huy PCTT&TKCN tỉnh họp khẩn.",
            "Áp thấp nhiệt đới đã mạnh lên thành bão; Ban chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn tỉnh họp khẩn.",
        ),
        (
            "Một đợt KKL mạnh tràn về; ĐBSCL đối mặt với XNM.",
            "Một đợt không khí lạnh mạnh tràn về; đồng bằng sông Cửu Long đối mặt với xâm nhập mặn.",
        ),
        # agriculture
        (
            "Tỉnh khống chế ổ dịch DTLCP; Chi cục CN&TY tiêu hủy đàn lợn bệnh.",
            "Tỉnh khống chế ổ dịch dịch tả lợn châu Phi; Chi cục chăn nuôi và thú y tiêu hủy đàn lợn bệnh.",
        ),
        # transport and places
        (
            "Dự án đường sắt đô thị ở TP. HCM cần thêm vốn; ĐSVN tăng chuyến dịp hè.",
            "Dự án đường sắt đô thị ở Thành phố Hồ Chí Minh cần thêm vốn; Đường sắt Việt Nam tăng chuyến dịp hè.",
        ),
        ("Mưa lớn ở TT-Huế và BR-VT.", "Mưa lớn ở Thừa Thiên Huế và Bà Rịa - Vũng Tàu."),
        # everyday news
        (
            "Theo PV, CTV của báo có mặt tại hiện trường; NXB Trẻ ra mắt sách mới.",
            "Theo phóng viên, cộng tác viên của báo có mặt tại hiện trường; nhà xuất bản Trẻ ra mắt sách mới.",
        ),
    ],
)
def test_field_lexicon(written: str, spoken: str) -> None:
    assert expand_abbreviations(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Sở GD-ĐT", "Sở giáo dục và đào tạo"),
        ("Sở GD - ĐT", "Sở giáo dục và đào tạo"),
        ("Sở GD–ĐT", "Sở giáo dục và đào tạo"),
        ("Sở GD&ĐT", "Sở giáo dục và đào tạo"),
        ("Sở GD & ĐT", "Sở giáo dục và đào tạo"),
        ("Bộ VH - TT&DL", "Bộ văn hóa, thể thao và du lịch"),
        ("Bộ VH, TT&DL", "Bộ văn hóa, thể thao và du lịch"),
        ("Bộ LĐ - TB&XH", "Bộ lao động - thương binh và xã hội"),
        ("phát triển KT - XH", "phát triển kinh tế - xã hội"),
        ("giá vàng (MV – BR)", "giá vàng (mua vào - bán ra)"),
        ("giá vàng MV/BR", "giá vàng mua vào - bán ra"),
    ],
)
def test_hyphen_and_ampersand_forms(written: str, spoken: str) -> None:
    assert expand_abbreviations(written) == spoken


def test_a_dash_between_clauses_joins_nothing() -> None:
    text = "Ông Trần Văn Bình - Phó Chủ tịch UBND - cho biết"
    assert expand_abbreviations(text) == "Ông Trần Văn Bình - Phó Chủ tịch ủy ban nhân dân - cho biết"


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        # read as a word
        ("Hội nghị thượng đỉnh NATO và ASEAN", "Hội nghị thượng đỉnh na tô và a sê an"),
        ("Di sản được UNESCO công nhận", "Di sản được u nét xcô công nhận"),
        ("UNICEF hỗ trợ trẻ em; OPEC cắt giảm sản lượng", "U ni xép hỗ trợ trẻ em; ô pếch cắt giảm sản lượng"),
        ("Tuần lễ cấp cao APEC", "Tuần lễ cấp cao a pếch"),
        ("FIFA và UEFA công bố lịch thi đấu", "Phi pha và u ê pha công bố lịch thi đấu"),
        ("Đoàn thể thao dự SEA Games và ASIAD", "Đoàn thể thao dự xi ghêm và a xi át"),
        ("Vòng bảng AFF Cup và World Cup", "Vòng bảng a ép ép cúp và uơ cúp"),
        ("Đội tuyển dự AFF Suzuki Cup", "Đội tuyển dự a ép ép Su du ki cúp"),
        ("Dịch Covid và COVID-19", "Dịch cô vít và cô vít-19"),
        ("Interpol phát lệnh truy nã", "In tơ pôn phát lệnh truy nã"),
        # never "hu": WHO is spelled
        ("WHO khuyến cáo", "Vê kép hát o khuyến cáo"),
        ("theo WHO.", "theo vê kép hát o."),
        # an established Vietnamese name
        ("Hàng xuất khẩu sang EU tăng", "Hàng xuất khẩu sang Liên minh châu Âu tăng"),
        # spelled with Vietnamese letter names by default
        ("FBI điều tra vụ việc", "Ép bê i điều tra vụ việc"),
        ("Theo hãng tin AFP và CNN", "Theo hãng tin a ép pê và xê en en"),
        ("CEO của tập đoàn", "Xê e o của tập đoàn"),
        ("Quỹ IMF dự báo", "Quỹ i em ép dự báo"),
    ],
)
def test_foreign_acronyms(written: str, spoken: str) -> None:
    assert expand_abbreviations(written) == spoken


def test_foreign_acronyms_end_to_end() -> None:
    assert normalize("Tại SEA Games 31, đoàn giành 205 HCV.") == (
        "Tại xi ghêm ba mươi mốt, đoàn giành hai trăm linh năm huy chương vàng."
    )


def test_every_field_is_loaded_and_none_is_small() -> None:
    assert set(FIELDS) >= {
        "state", "justice", "security", "economy", "education", "health", "sport-culture",
        "nature", "transport-places", "titles", "international",
    }  # fmt: skip
    for field, entries in FIELDS.items():
        assert len(entries) >= 25, field
    assert load_fields() == FIELDS


def test_the_same_abbreviation_is_never_listed_in_two_fields() -> None:
    counted = sum(len(entries) for entries in FIELDS.values())
    assert counted == len(ABBREVIATIONS)


@pytest.mark.parametrize(
    "text",
    [
        "HÀNH VI VI PHẠM BỊ XỬ LÝ",
        "VIỆT NAM VÔ ĐỊCH",
        "THA THỨ CHO NHAU",
        "TU BỔ DI TÍCH",
        "MỞ CỬA THỊ TRƯỜNG",
        "Tuyển Việt Nam thắng Thái Lan.",
        "Hà Nội mưa to, Huế nắng nóng.",
        "Công ty đã nộp đủ thuế trong năm.",
        "Ông Nguyễn Văn Thân nói.",
    ],
)
def test_capitalised_vietnamese_words_and_plain_text_stay_as_written(text: str) -> None:
    assert expand_abbreviations(text) == text


def test_listed_syllable_in_a_headline_stays_but_is_read_in_running_text() -> None:
    assert expand_abbreviations("THA THỨ") == "THA THỨ"
    assert expand_abbreviations("Cục THA dân sự tỉnh") == "Cục thi hành án dân sự tỉnh"

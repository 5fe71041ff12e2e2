"""Ambiguous abbreviations: each context rule with both (or all) of its readings."""
from __future__ import annotations

import pytest

from vntext import normalize
from vntext.abbreviations import expand_abbreviations


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        # CP: a company, a count or price of shares, otherwise the Government
        ("Công ty CP Xây lắp điện trúng thầu.", "Công ty cổ phần Xây lắp điện trúng thầu."),
        ("Quỹ mua thêm 2 triệu CP của ngân hàng.", "Quỹ mua thêm 2 triệu cổ phiếu của ngân hàng."),
        ("Giá chào bán 12.000 đồng/cp.", "Giá chào bán 12.000 đồng/cổ phần."),
        ("Giá chào bán 12.000 đồng một cp.", "Giá chào bán 12.000 đồng một cổ phần."),
        ("Văn phòng CP vừa có thông báo.", "Văn phòng Chính phủ vừa có thông báo."),
        ("Thực hiện Nghị quyết của CP về phục hồi kinh tế.", "Thực hiện Nghị quyết của Chính phủ về phục hồi kinh tế."),
        ("Máy tính có cp 8 nhân.", "Máy tính có cp 8 nhân."),
        # tickers after "mã" / "cổ phiếu" are spelled, even when listed or a currency
        ("Cổ phiếu VND tăng trần.", "Cổ phiếu vê en dê tăng trần."),
        ("Các mã VIC, VHM và VRE đồng loạt giảm.", "Các mã vê i xê, vê hát em và vê e rờ e đồng loạt giảm."),
        ("Cổ phiếu KDC của Kido tăng.", "Cổ phiếu ca dê xê của Kido tăng."),
        ("Tập đoàn Vingroup (HOSE: VIC) báo lãi.", "Tập đoàn Vingroup (hát o ét e: vê i xê) báo lãi."),
        ("Dự án nằm trong KDC mới.", "Dự án nằm trong khu dân cư mới."),
        ("Khách hàng nhập mã PIN để rút tiền.", "Khách hàng nhập mã pin để rút tiền."),
        # flight numbers
        ("Chuyến bay VN 266 hạ cánh an toàn.", "Chuyến bay vê en 266 hạ cánh an toàn."),
        ("Chuyến bay QH 1523 bị hoãn.", "Chuyến bay quy hát 1523 bị hoãn."),
        ("Xuất khẩu của VN tăng mạnh.", "Xuất khẩu của Việt Nam tăng mạnh."),
        ("EU dành cho VN 80.000 tấn gạo.", "Liên minh châu Âu dành cho Việt Nam 80.000 tấn gạo."),
        ("QH thông qua luật mới.", "Quốc hội thông qua luật mới."),
        # ministers (ministry codes inside document numbers: test_documents.py)
        ("Bộ trưởng BTC trả lời chất vấn về thuế.", "Bộ trưởng Bộ Tài chính trả lời chất vấn về thuế."),
        ("BTC giải chạy trao thưởng cho vận động viên.", "Ban tổ chức giải chạy trao thưởng cho vận động viên."),
        ("BCT đề xuất điều chỉnh giá điện.", "Bộ Công Thương đề xuất điều chỉnh giá điện."),
        ("BCT, BBT chỉ đạo tổng kết nghị quyết.", "Bộ Chính trị, Ban Bí thư chỉ đạo tổng kết nghị quyết."),
        # BBT: the Party's secretariat, or the editors of a paper
        ("Bạn đọc gửi thư về BBT.", "Bạn đọc gửi thư về ban biên tập."),
        # BKS: a company's supervisory board, or a licence plate
        ("Trưởng BKS công ty từ nhiệm.", "Trưởng ban kiểm soát công ty từ nhiệm."),
        ("HĐQT và BKS nhiệm kỳ mới ra mắt.", "Hội đồng quản trị và ban kiểm soát nhiệm kỳ mới ra mắt."),
        ("Xe tải mang BKS tỉnh khác.", "Xe tải mang biển kiểm soát tỉnh khác."),
        # KS, LS, BS: titles before a surname, a hotel, a plate
        ("KS Lê Văn Tâm thiết kế cây cầu.", "Kỹ sư Lê Văn Tâm thiết kế cây cầu."),
        ("Đoàn nghỉ tại KS Sài Gòn Morin.", "Đoàn nghỉ tại khách sạn Sài Gòn Morin."),
        ("LS Phạm Quang Hưng bào chữa cho bị cáo.", "Luật sư Phạm Quang Hưng bào chữa cho bị cáo."),
        ("BS Nguyễn Thị Mai khám cho bệnh nhân.", "Bác sĩ Nguyễn Thị Mai khám cho bệnh nhân."),
        ("Chiếc xe máy mang BS 75B1 bị thu giữ.", "Chiếc xe máy mang biển số 75B1 bị thu giữ."),
        ("Ông là BS. CKII về tim mạch.", "Ông là bác sĩ chuyên khoa hai về tim mạch."),
        # BTV: standing committee, or a television presenter
        ("BTV Tỉnh ủy họp phiên thường kỳ.", "Ban thường vụ Tỉnh ủy họp phiên thường kỳ."),
        ("BTV Thu Hà dẫn bản tin thời sự.", "Biên tập viên Thu Hà dẫn bản tin thời sự."),
        ("Nữ BTV của VTV chia sẻ.", "Nữ biên tập viên của vê tê vê chia sẻ."),
        # QH: Quốc hội, or a plan
        ("Tỉnh phê duyệt QH chi tiết khu đô thị.", "Tỉnh phê duyệt quy hoạch chi tiết khu đô thị."),
        # PV: a reporter, or a PetroVietnam company
        ("PV Power tăng công suất phát điện.", "Pê vê Power tăng công suất phát điện."),
        ("PV Thanh Hà ghi nhận tại hiện trường.", "Phóng viên Thanh Hà ghi nhận tại hiện trường."),
        ("PV GAS báo lãi lớn.", "Pê vê ga báo lãi lớn."),
        # CĐ: college or trade union
        ("Thí sinh xét tuyển vào các trường ĐH, CĐ.", "Thí sinh xét tuyển vào các trường đại học, cao đẳng."),
        ("Trường CĐ Y tế tuyển sinh.", "Trường cao đẳng Y tế tuyển sinh."),
        ("Chủ tịch CĐ ngành Giáo dục thăm giáo viên.", "Chủ tịch công đoàn ngành Giáo dục thăm giáo viên."),
        ("Đoàn viên CĐ được hỗ trợ.", "Đoàn viên công đoàn được hỗ trợ."),
        ("Nhà mạng ra mắt gói CĐ mới.", "Nhà mạng ra mắt gói xê đê mới."),
        # CN: Sunday, the common era, or spelled
        ("Bảo tàng mở cửa cả thứ Bảy và CN.", "Bảo tàng mở cửa cả thứ Bảy và Chủ nhật."),
        ("Sáng CN, hàng nghìn người đổ về quảng trường.", "Sáng Chủ nhật, hàng nghìn người đổ về quảng trường."),
        ("Thành cổ được xây từ năm 257 TCN.", "Thành cổ được xây từ năm 257 trước Công nguyên."),
        ("Đồ gốm có niên đại thế kỷ 3 sau CN.", "Đồ gốm có niên đại thế kỷ 3 sau Công nguyên."),
        ("Ngân hàng mở thêm CN tại Đà Nẵng.", "Ngân hàng mở thêm xê en tại Đà Nẵng."),
        # CK: securities or a medical speciality
        ("Công ty CK khuyến nghị mua vào.", "Công ty chứng khoán khuyến nghị mua vào."),
        ("Ông là bác sĩ CK I nội khoa.", "Ông là bác sĩ chuyên khoa I nội khoa."),
        ("Khách được CK 5% khi mua online.", "Khách được xê ca 5% khi mua online."),
        # KL: forest rangers or a Party conclusion
        ("Hạt KL huyện phát hiện vụ phá rừng.", "Hạt kiểm lâm huyện phát hiện vụ phá rừng."),
        ("Thực hiện Kết luận số 14-KL/TW.", "Thực hiện Kết luận số 14-kết luận/trung ương."),
        ("Hàng có KL tịnh 500 gam.", "Hàng có ca e lờ tịnh 500 gam."),
        # CS: police before a branch or after a unit
        ("Cục CS giao thông ra quân.", "Cục cảnh sát giao thông ra quân."),
        ("Phòng CS PCCC&CNCH cứu người.", "Phòng cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ cứu người."),
        # letters after "biển số" are a plate's series, not a listed word
        ("Sà lan mang biển số BV 478 bị tạm giữ.", "Sà lan mang biển số bê vê 478 bị tạm giữ."),
        ("Bệnh nhân được đưa vào BV tỉnh.", "Bệnh nhân được đưa vào bệnh viện tỉnh."),
        # "TP." ends its sentence before a sentence, not before a city
        (
            "Đây là dự án lớn nhất của TP. Xây dựng xong, tuyến đường sẽ giảm ùn tắc.",
            "Đây là dự án lớn nhất của thành phố. Xây dựng xong, tuyến đường sẽ giảm ùn tắc.",
        ),
        ("Đoàn đến TP. Huế chiều nay.", "Đoàn đến thành phố Huế chiều nay."),
        ("Đoàn đến TP. Đông Hà chiều nay.", "Đoàn đến thành phố Đông Hà chiều nay."),
        # unlisted words read next to the words that settle them
        ("CT UBND tỉnh chủ trì cuộc họp.", "Chủ tịch ủy ban nhân dân tỉnh chủ trì cuộc họp."),
        ("CT TNHH Minh Phát bị xử phạt.", "Công ty trách nhiệm hữu hạn Minh Phát bị xử phạt."),
        ("BT Huyện ủy thăm gia đình chính sách.", "Bí thư Huyện ủy thăm gia đình chính sách."),
        ("Kỳ thi TN THPT diễn ra an toàn.", "Kỳ thi tốt nghiệp trung học phổ thông diễn ra an toàn."),
        ("Mực nước sông Cả trên BĐ 3.", "Mực nước sông Cả trên báo động 3."),
        ("ĐC: thôn Tân Lập, xã Cam Tuyền.", "Địa chỉ: thôn Tân Lập, xã Cam Tuyền."),
        ("Các tuyến đường BT nhựa hóa.", "Các tuyến đường bê tê nhựa hóa."),
        # TBT: the Party's general secretary, or a paper's editor-in-chief
        ("TBT Nguyễn Phú Trọng dự hội nghị.", "Tổng Bí thư Nguyễn Phú Trọng dự hội nghị."),
        ("Phó TBT báo Thanh Niên phát biểu.", "Phó tổng biên tập báo Thanh Niên phát biểu."),
        # THA: enforcement of judgments, or high blood pressure
        ("Chi cục THA dân sự huyện cưỡng chế.", "Chi cục thi hành án dân sự huyện cưỡng chế."),
        ("Người bệnh THA cần uống thuốc đều đặn.", "Người bệnh tăng huyết áp cần uống thuốc đều đặn."),
        # H. before a place is a district
        ("Trường đóng tại xã Gio An, H. Gio Linh.", "Trường đóng tại xã Gio An, huyện Gio Linh."),
        ("Bà Nguyễn Thị H. cho biết.", "Bà Nguyễn Thị H. cho biết."),
    ],
)
def test_reading_decided_by_context(written: str, spoken: str) -> None:
    assert expand_abbreviations(written) == spoken


@pytest.mark.parametrize(
    "text",
    [
        "Cổ phiếu VND tăng; các mã VIC, HPG giảm; Chuyến bay VN 266; Thông tư 78/2014/TT-BTC.",
        "Trưởng BKS; xe mang BKS; KS Lê Văn Tâm; KS Mường Thanh; BS 75B1; BTV Thu Hà; BTV Tỉnh ủy.",
        "Trường CĐ; Chủ tịch CĐ ngành; thứ Bảy và CN; năm 257 TCN; Công ty CK; bác sĩ CK I; Hạt KL.",
        "2 triệu CP; 12.000 đồng/cp; Văn phòng CP; Bạn đọc gửi BBT; BCT, BBT; Phòng CS PCCC.",
    ],
)
def test_context_rules_are_idempotent(text: str) -> None:
    once = expand_abbreviations(text)
    assert once != text
    assert expand_abbreviations(once) == once


def test_shares_end_to_end() -> None:
    assert normalize("Giá khởi điểm 144.000 đồng/cp.") == (
        "Giá khởi điểm một trăm bốn mươi tư nghìn đồng một cổ phần."
    )


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Sở TC thẩm định, Sở XD cấp phép.", "Sở tài chính thẩm định, Sở xây dựng cấp phép."),
        ("Lãnh đạo sở TP và Sở YT dự họp.", "Lãnh đạo sở tư pháp và Sở y tế dự họp."),
        ("TP Đông Hà và TC của dự án.", "Thành phố Đông Hà và tê xê của dự án."),
        ("Sở GD&ĐT và Sở NN&PTNT.", "Sở giáo dục và đào tạo và Sở nông nghiệp và phát triển nông thôn."),
        ("Bệnh viện ĐK tỉnh và Phòng khám ĐK khu vực.", "Bệnh viện đa khoa tỉnh và Phòng khám đa khoa khu vực."),
        ("Thủ tục ĐK xe máy.", "Thủ tục đê ca xe máy."),
        ("ThS. BS Trần Thị Lan cho biết.", "Thạc sĩ bác sĩ Trần Thị Lan cho biết."),
        ("Xét nghiệm RT-PCR và HIV/AIDS.", "Xét nghiệm e rờ tê pê xê e rờ và hát i vê ết."),
        ("QUẢNG TRỊ: HƠN 2.000 HỘ DÂN BỊ NGẬP", "QUẢNG TRỊ: HƠN 2.000 HỘ DÂN BỊ NGẬP"),
        ("Bí thư TU, HĐND tỉnh dự họp.", "Bí thư tỉnh ủy, hội đồng nhân dân tỉnh dự họp."),
        # next to an acronym a syllable-like abbreviation is read; next to a capitalised word it is not
        ("Hội nghị BCH TƯ Đảng bế mạc.", "Hội nghị ban chấp hành trung ương Đảng bế mạc."),
        ("THA THỨ CHO NGƯỜI LẦM LỠ", "THA THỨ CHO NGƯỜI LẦM LỠ"),
        ("Phòng CSGT CA TP.HCM ra quân.", "Phòng cảnh sát giao thông công an Thành phố Hồ Chí Minh ra quân."),
    ],
)
def test_departments_titles_dashes_and_headlines(written: str, spoken: str) -> None:
    assert expand_abbreviations(written) == spoken


@pytest.mark.parametrize(("written", "spoken"), [
    ("Ông Hưng, Phó Bí thư TT Tỉnh ủy, dự họp.", "Ông Hưng, Phó Bí thư thường trực Tỉnh ủy, dự họp."),
    ("Bà Lan là Phó Chủ tịch TT UBND huyện.", "Bà Lan là Phó Chủ tịch thường trực ủy ban nhân dân huyện."),
    ("TT HĐND tỉnh giám sát việc giải quyết kiến nghị.", "Thường trực hội đồng nhân dân tỉnh giám sát việc giải quyết kiến nghị."),
    ("TT Y tế huyện Hải Lăng tiêm vắc xin cho trẻ.", "Trung tâm Y tế huyện Hải Lăng tiêm vắc xin cho trẻ."),
])
def test_tt_reads_as_its_neighbours_say(written, spoken):
    assert normalize(written) == spoken

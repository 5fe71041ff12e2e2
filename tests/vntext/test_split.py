"""Sentence splitting on Vietnamese news text: page structure, sentence ends, and the places a
full stop or other end mark must not cut a sentence."""
from __future__ import annotations

import doctest
import json
import subprocess
import sys
from pathlib import Path

import pytest

import vntext.split
from vntext import split_sentences

# --- page structure: every line is a unit of its own -------------------------------------------

def test_headline_dateline_and_lead_are_separate_units():
    page = (
        "Hà Nội ra quân xử lý vi phạm trật tự đô thị\n"
        "Thứ hai, 15/01/2018 - 21:03\n"
        "Sáng 15/1, UBND quận Hoàn Kiếm ra quân dọn dẹp vỉa hè. Hơn 200 cán bộ tham gia."
    )
    assert split_sentences(page) == [
        "Hà Nội ra quân xử lý vi phạm trật tự đô thị",
        "Thứ hai, 15/01/2018 - 21:03",
        "Sáng 15/1, UBND quận Hoàn Kiếm ra quân dọn dẹp vỉa hè.",
        "Hơn 200 cán bộ tham gia.",
    ]


def test_line_without_end_mark_never_merges_with_the_next_line():
    text = "Lực lượng cứu hộ tìm kiếm nạn nhân tại hiện trường\nẢnh: Nguyễn Hà"
    assert split_sentences(text) == [
        "Lực lượng cứu hộ tìm kiếm nạn nhân tại hiện trường",
        "Ảnh: Nguyễn Hà",
    ]


def test_lowercase_continuation_on_next_line_stays_a_separate_unit():
    text = "Đoàn công tác đã kiểm tra\nhiện trường vụ sạt lở."
    assert split_sentences(text) == ["Đoàn công tác đã kiểm tra", "hiện trường vụ sạt lở."]


def test_blank_and_whitespace_only_lines_are_skipped():
    text = "\n  \nGiá xăng giảm 500 đồng mỗi lít.\n\n\t\nGiá dầu giữ nguyên.\n"
    assert split_sentences(text) == ["Giá xăng giảm 500 đồng mỗi lít.", "Giá dầu giữ nguyên."]


def test_windows_line_endings_split_like_newlines():
    text = "Bão số 2 suy yếu\r\nChiều nay, bão đi vào vịnh Bắc Bộ."
    assert split_sentences(text) == ["Bão số 2 suy yếu", "Chiều nay, bão đi vào vịnh Bắc Bộ."]


def test_dash_list_items_are_separate_units():
    text = (
        "Nghị định quy định ba nhóm hành vi bị cấm:\n"
        "- Lấn chiếm vỉa hè để kinh doanh.\n"
        "- Đổ phế thải xây dựng ra lòng đường."
    )
    assert split_sentences(text) == [
        "Nghị định quy định ba nhóm hành vi bị cấm:",
        "- Lấn chiếm vỉa hè để kinh doanh.",
        "- Đổ phế thải xây dựng ra lòng đường.",
    ]


def test_numbered_list_marker_does_not_end_a_sentence():
    text = "1. Giảm 30% lệ phí trước bạ. Áp dụng đến hết năm.\n2. Gia hạn nộp thuế giá trị gia tăng."
    assert split_sentences(text) == [
        "1. Giảm 30% lệ phí trước bạ.",
        "Áp dụng đến hết năm.",
        "2. Gia hạn nộp thuế giá trị gia tăng.",
    ]


def test_roman_numeral_section_marker_does_not_end_a_sentence():
    assert split_sentences("II. Tình hình kinh tế - xã hội quý I") == ["II. Tình hình kinh tế - xã hội quý I"]


def test_empty_text_gives_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []


# --- sentence ends ------------------------------------------------------------------------------

def test_full_stop_followed_by_space_and_capital():
    text = "Giá vàng tăng mạnh. Nhiều người xếp hàng mua."
    assert split_sentences(text) == ["Giá vàng tăng mạnh.", "Nhiều người xếp hàng mua."]


def test_question_and_exclamation_marks_end_sentences():
    text = "Vì sao giá điện tăng? Bộ Công Thương đã giải thích! Người dân vẫn băn khoăn."
    assert split_sentences(text) == [
        "Vì sao giá điện tăng?",
        "Bộ Công Thương đã giải thích!",
        "Người dân vẫn băn khoăn.",
    ]


def test_three_dots_and_ellipsis_character_end_sentences_before_a_capital():
    text = "Nước lên rất nhanh... Cả xóm phải sơ tán. Đêm ấy không ai ngủ… Sáng ra mới biết thiệt hại."
    assert split_sentences(text) == [
        "Nước lên rất nhanh...",
        "Cả xóm phải sơ tán.",
        "Đêm ấy không ai ngủ…",
        "Sáng ra mới biết thiệt hại.",
    ]


def test_sentence_may_begin_with_a_number():
    text = "Đội tuyển đã về nước. 23 cầu thủ được nghỉ một tuần."
    assert split_sentences(text) == ["Đội tuyển đã về nước.", "23 cầu thủ được nghỉ một tuần."]


def test_sentence_ending_in_a_number_splits():
    text = "Em đang học lớp 5. Năm nay em được học sinh giỏi."
    assert split_sentences(text) == ["Em đang học lớp 5.", "Năm nay em được học sinh giỏi."]


def test_dots_glued_to_the_next_capitalized_word_split():
    text = "Nhiều hộ dân đã được hỗ trợ tại địa phương,....Bên cạnh đó, tỉnh còn cấp gạo."
    assert split_sentences(text) == [
        "Nhiều hộ dân đã được hỗ trợ tại địa phương,....",
        "Bên cạnh đó, tỉnh còn cấp gạo.",
    ]


def test_single_full_stop_glued_between_words_splits():
    text = "Mưa kéo dài cả ngày.Sáng nay nước bắt đầu rút."
    assert split_sentences(text) == ["Mưa kéo dài cả ngày.", "Sáng nay nước bắt đầu rút."]


def test_question_mark_glued_to_next_sentence_splits():
    assert split_sentences("Ai chịu trách nhiệm?Đến nay chưa rõ.") == ["Ai chịu trách nhiệm?", "Đến nay chưa rõ."]


def test_sentence_followed_by_a_spaced_ellipsis_keeps_the_ellipsis_with_the_next_sentence():
    text = "Con sông ấy chảy qua làng tôi. ... Rồi một ngày con sông cạn nước."
    assert split_sentences(text) == [
        "Con sông ấy chảy qua làng tôi.",
        "... Rồi một ngày con sông cạn nước.",
    ]


def test_extra_spaces_between_sentences_are_not_kept():
    assert split_sentences("Trời rét đậm.    Học sinh được nghỉ.") == ["Trời rét đậm.", "Học sinh được nghỉ."]


def test_bracketed_news_agency_after_a_sentence_starts_a_new_one():
    text = "Hội nghị bế mạc chiều 20/5. (TTXVN) Các đại biểu đã thông qua nghị quyết."
    assert split_sentences(text) == [
        "Hội nghị bế mạc chiều 20/5.",
        "(TTXVN) Các đại biểu đã thông qua nghị quyết.",
    ]


# --- quotes -------------------------------------------------------------------------------------

def test_closing_quote_stays_with_the_sentence_it_closes():
    text = "Ông Minh nói: “Chúng tôi sẽ hoàn thành trong tháng này.” Dự án đã chậm hai năm."
    assert split_sentences(text) == [
        "Ông Minh nói: “Chúng tôi sẽ hoàn thành trong tháng này.”",
        "Dự án đã chậm hai năm.",
    ]


def test_closing_straight_quote_stays_with_its_sentence():
    text = 'Bà Lan kể: "Nước ngập tới ngực." Sau đó bà được đưa lên xe cứu hộ.'
    assert split_sentences(text) == [
        'Bà Lan kể: "Nước ngập tới ngực."',
        "Sau đó bà được đưa lên xe cứu hộ.",
    ]


def test_question_in_quotes_followed_by_dash_and_lowercase_is_one_sentence():
    assert split_sentences("“Anh đi đâu?” - tôi hỏi.") == ["“Anh đi đâu?” - tôi hỏi."]


def test_quoted_question_followed_by_lowercase_attribution_is_one_sentence():
    text = '"Bao giờ mới có nước sạch?" một người dân hỏi. Chính quyền chưa trả lời.'
    assert split_sentences(text) == [
        '"Bao giờ mới có nước sạch?" một người dân hỏi.',
        "Chính quyền chưa trả lời.",
    ]


def test_quote_followed_by_comma_does_not_end_the_sentence():
    text = "“Chúng tôi chưa nhận được hồ sơ!”, đại diện sở cho biết."
    assert split_sentences(text) == [text]


def test_quotation_opening_after_a_full_stop_starts_a_sentence_even_in_lowercase():
    text = 'Anh Tâm lắc đầu. "mấy năm nay không ai đến hỏi thăm" - anh nói.'
    assert split_sentences(text) == ['Anh Tâm lắc đầu.', '"mấy năm nay không ai đến hỏi thăm" - anh nói.']


def test_dialogue_turns_after_a_closed_quote_start_new_sentences():
    text = '- "Anh đã nộp đủ tiền chưa?". - "Tôi nộp từ tháng trước rồi."'
    assert split_sentences(text) == ['- "Anh đã nộp đủ tiền chưa?".', '- "Tôi nộp từ tháng trước rồi."']


def test_end_mark_then_closing_bracket_stays_with_its_sentence():
    text = "Dự án bị đình chỉ (lần thứ hai trong năm.) Nhà đầu tư đã khiếu nại."
    assert split_sentences(text) == [
        "Dự án bị đình chỉ (lần thứ hai trong năm.)",
        "Nhà đầu tư đã khiếu nại.",
    ]


def test_bracket_opening_with_a_number_continues_the_sentence():
    text = "Nạn nhân là chị Trần Thị M. (32 tuổi) ở xã Tân Phú."
    assert split_sentences(text) == [text]


# --- abbreviations, initials ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "sentence",
    [
        "Giá nhà đất tại TP. Hồ Chí Minh tiếp tục tăng trong quý III.",
        "Ông Lê Văn Hùng, Phó chủ tịch UBND TP.HCM, chủ trì cuộc họp.",
        "Khách sạn nằm trên đường Trần Hưng Đạo, Tp. Nha Trang.",
        "Bài giảng do Th.S Nguyễn Thị Hoa phụ trách.",
        "Hội thảo có sự tham gia của ThS. Phạm Minh Đức.",
        "Báo cáo được PGS.TS. Trần Văn Nam trình bày.",
        "Theo GS. Vũ Đình Khôi, dịch bệnh đã được kiểm soát.",
        "Nhóm nghiên cứu do TS. Hoàng Lan dẫn đầu.",
        "Cửa hàng ở số 12 Lý Tự Trọng, P. Bến Nghé, Q. 1.",
        "Vụ cháy xảy ra tại Q. Bình Thạnh vào rạng sáng.",
        "Trạm y tế TT. Phong Điền đã tiếp nhận bệnh nhân.",
        "Đoàn đã thăm hỏi đ/c Bí thư huyện ủy và gia đình.",
        "Chợ bán đủ thứ rau, củ, quả, thịt, cá v.v... với giá rẻ.",
        "Các ngành dệt may, da giày, v.v. đều tăng trưởng.",
    ],
)
def test_abbreviations_do_not_end_sentences(sentence):
    assert split_sentences(sentence) == [sentence]


def test_sentence_ending_in_a_dotted_place_name_splits():
    text = "Đoàn đã đến TP.HCM. Chiều nay đoàn làm việc với sở Y tế."
    assert split_sentences(text) == ["Đoàn đã đến TP.HCM.", "Chiều nay đoàn làm việc với sở Y tế."]


def test_abbreviation_dot_followed_by_a_full_stop_ends_the_sentence():
    text = "Đây là vấn đề bức xúc nhất của TP.. Người dân mong sớm được giải quyết."
    assert split_sentences(text) == [
        "Đây là vấn đề bức xúc nhất của TP..",
        "Người dân mong sớm được giải quyết.",
    ]


def test_uppercase_acronym_at_sentence_end_splits():
    text = "Hồ sơ đã được gửi lên UBND. Dự kiến tuần sau có kết quả."
    assert split_sentences(text) == ["Hồ sơ đã được gửi lên UBND.", "Dự kiến tuần sau có kết quả."]


def test_name_initials_do_not_end_sentences():
    text = "Ông Nguyễn V. A. cho biết sẽ khiếu nại quyết định này."
    assert split_sentences(text) == [text]


def test_initials_followed_by_a_capitalized_word_stay_in_the_name():
    text = "Đơn tố cáo do ông Trần V. Bình ký tên."
    assert split_sentences(text) == [text]


def test_chain_of_initials_before_a_capital_stays_together():
    text = "Chủ máy nói: xin gặp V. H. khó quá."
    assert split_sentences(text) == [text]


def test_initial_after_a_lowercase_word_can_end_a_sentence():
    text = "Ông không sống ở phường K. Người ta chỉ biết ông bán hàng ở chợ."
    assert split_sentences(text) == ["Ông không sống ở phường K.", "Người ta chỉ biết ông bán hàng ở chợ."]


def test_initials_run_together_stay_in_the_name():
    text = "Bà Lê T.T. Hà, trú tại thôn 4, đã nộp đơn. Ông Phạm V.A. Tuấn cũng đến."
    assert split_sentences(text) == ["Bà Lê T.T. Hà, trú tại thôn 4, đã nộp đơn.", "Ông Phạm V.A. Tuấn cũng đến."]


def test_initials_run_together_after_a_lowercase_word_can_end_a_sentence():
    text = "Hàng được nhập từ công ty A.B.C. Hôm sau, lô hàng bị thu giữ."
    assert split_sentences(text) == ["Hàng được nhập từ công ty A.B.C.", "Hôm sau, lô hàng bị thu giữ."]


def test_one_letter_vietnamese_word_ends_a_sentence():
    text = "Không ai biết cô ấy đang ở. Hàng xóm cũng không rõ."
    assert split_sentences(text) == ["Không ai biết cô ấy đang ở.", "Hàng xóm cũng không rõ."]


# --- numbers, times, web addresses ---------------------------------------------------------------

@pytest.mark.parametrize(
    "sentence",
    [
        "Tổng đài hỗ trợ 1.900 cuộc gọi mỗi ngày.",
        "Lạm phát tháng này là 12,5% so với cùng kỳ.",
        "Quyết định có hiệu lực từ ngày 15.1.2018 trên toàn quốc.",
        "Trận đấu bắt đầu lúc 21.03 tối qua, muộn hơn dự kiến.",
        "Xe khởi hành lúc 7.30 sáng mỗi ngày.",
        "Bạn đọc có thể xem chi tiết tại baoquangtri.vn trong ngày.",
        "Chương trình phát lại trên www.qtv.vn vào buổi tối.",
        "Mọi ý kiến xin gửi về hộp thư toasoan@baoquangtri.vn để được giải đáp.",
        "Thông báo đăng tại https://chinhphu.vn/Tin-tuc.Moi?id=12 từ sáng nay.",
        "Tài liệu có tại VnExpress.net và Thanhnien.vn từ hôm qua.",
    ],
)
def test_numbers_times_and_web_addresses_do_not_end_sentences(sentence):
    assert split_sentences(sentence) == [sentence]


def test_domain_at_sentence_end_splits_after_its_final_full_stop():
    text = "Thông tin chi tiết được đăng trên baoquangtri.vn. Bạn đọc có thể góp ý."
    assert split_sentences(text) == [
        "Thông tin chi tiết được đăng trên baoquangtri.vn.",
        "Bạn đọc có thể góp ý.",
    ]


def test_glued_capital_inside_an_email_address_does_not_split():
    text = "Liên hệ ông Hải qua địa chỉ hai.Nguyen@sokhdt.gov.vn để đăng ký."
    assert split_sentences(text) == [text]


def test_ellipsis_inside_a_sentence_followed_by_lowercase_does_not_split():
    text = "Chúng tôi đi kiểm tra bằng xe máy, còn vào rừng thì... đi bộ."
    assert split_sentences(text) == [text]


def test_ellipsis_character_followed_by_lowercase_does_not_split():
    text = "Giá cà phê cứ tăng rồi lại giảm… khiến nông dân lo lắng."
    assert split_sentences(text) == [text]


def test_ellipsis_before_a_number_does_not_split():
    text = "Tỷ lệ cai nghiện thành công sau ba năm là... 95%, theo báo cáo."
    assert split_sentences(text) == [text]


# --- headline run into its lead -------------------------------------------------------------------

def test_capitalized_place_in_brackets_after_an_unpunctuated_headline_starts_the_lead():
    text = "Cụ bà 90 tuổi tìm lại người thân sau 40 năm (QUẢNG NGÃI) Bà Nguyễn Thị Lành vừa về quê."
    assert split_sentences(text) == [
        "Cụ bà 90 tuổi tìm lại người thân sau 40 năm",
        "(QUẢNG NGÃI) Bà Nguyễn Thị Lành vừa về quê.",
    ]


def test_one_word_acronym_in_brackets_does_not_start_a_new_sentence():
    text = "Trạm thu phí (BOT) Cầu Giẽ tạm dừng thu phí từ hôm nay."
    assert split_sentences(text) == [text]


def test_place_in_brackets_followed_by_lowercase_stays_in_the_sentence():
    text = "Công trình đường vành đai (TP HCM) vừa khởi công."
    assert split_sentences(text) == [text]


# --- properties ----------------------------------------------------------------------------------

ARTICLE = (
    "Giá xăng tăng lần thứ ba liên tiếp\n"
    "Thứ năm, 21/03/2024 - 15:00\n"
    "Từ 15h chiều nay, giá xăng RON 95 tăng 330 đồng/lít. Theo liên bộ Công Thương - Tài chính, "
    "giá thế giới biến động mạnh… Quỹ bình ổn giá không được sử dụng. “Giá sẽ còn tăng?” - nhiều "
    "người đặt câu hỏi. Ông Nguyễn V. A., chủ một cây xăng ở TP. Thủ Đức, cho biết lượng khách "
    "tăng 20%. Chi tiết xem tại petrolimex.com.vn.\n"
    "Người dân đổ xăng tại một cửa hàng ở Hà Nội. Ảnh: Ngọc Thành\n"
)


def test_sentences_keep_every_non_space_character_in_order():
    assert "".join("".join(split_sentences(ARTICLE)).split()) == "".join(ARTICLE.split())


def test_no_sentence_is_empty_or_has_outer_whitespace():
    for sentence in split_sentences(ARTICLE):
        assert sentence and sentence == sentence.strip()
        assert "\n" not in sentence


def test_article_sentences():
    assert split_sentences(ARTICLE) == [
        "Giá xăng tăng lần thứ ba liên tiếp",
        "Thứ năm, 21/03/2024 - 15:00",
        "Từ 15h chiều nay, giá xăng RON 95 tăng 330 đồng/lít.",
        "Theo liên bộ Công Thương - Tài chính, giá thế giới biến động mạnh…",
        "Quỹ bình ổn giá không được sử dụng.",
        "“Giá sẽ còn tăng?” - nhiều người đặt câu hỏi.",
        "Ông Nguyễn V. A., chủ một cây xăng ở TP. Thủ Đức, cho biết lượng khách tăng 20%.",
        "Chi tiết xem tại petrolimex.com.vn.",
        "Người dân đổ xăng tại một cửa hàng ở Hà Nội.",
        "Ảnh: Ngọc Thành",
    ]


def test_doctests_pass():
    result = doctest.testmod(vntext.split)
    assert result.attempted > 0 and result.failed == 0


def test_text_glued_without_spaces_is_still_split():
    # how long this takes is measured by bench/text_speed.py (its "glued" corpus)
    sentences = split_sentences("ngày.Sáng " * 2_000 + "x.Xy" * 2_000)
    assert len(sentences) > 2_000


# --- the VTB benchmark script ----------------------------------------------------------------------

BENCH = Path(__file__).resolve().parents[2] / "bench" / "split_f1.py"


def test_benchmark_says_so_and_fails_when_the_data_folder_is_absent(tmp_path):
    result = subprocess.run(
        [sys.executable, str(BENCH), str(tmp_path / "missing"), "--output", str(tmp_path / "out.json")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode != 0
    assert "missing" in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_benchmark_scores_internal_boundaries(tmp_path):
    paragraphs = [
        {"id": "dev-a", "sentences": ["Trời mưa to.", "Đường ngập sâu.", "Xe chết máy."]},
        # a headline run into its first sentence with no mark between them: one boundary is missed
        {"id": "dev-b", "sentences": ["Tin vắn buổi sáng", "Giá vàng giảm.", "Giá xăng tăng."]},
    ]
    with (tmp_path / "vtb-dev.jsonl").open("w", encoding="utf-8") as handle:
        for record in paragraphs:
            record["text"] = " ".join(record["sentences"])
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    output = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, str(BENCH), str(tmp_path), "--output", str(output)],
        capture_output=True, text=True, check=True,
    )
    assert "vtb-dev.jsonl" in result.stdout
    (row,) = json.loads(output.read_text(encoding="utf-8"))["results"]
    assert (row["paragraphs"], row["boundaries"], row["true_positives"]) == (2, 4, 3)
    assert (row["false_positives"], row["false_negatives"]) == (0, 1)
    assert row["precision"] == 1.0 and row["recall"] == 0.75 and row["f1"] == pytest.approx(0.8571, abs=1e-4)

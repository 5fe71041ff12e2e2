"""The whole normalization: rule order, house style end to end, idempotence, lexicon."""
from __future__ import annotations

import doctest
import importlib.util
import re
import unicodedata
from pathlib import Path

import pytest

from vntext import normalization, normalize
from vntext.normalization import RULES, RuleStep, compose_unicode, explain, rule_for, tidy_spaces

HERE = Path(__file__).resolve().parent

SENTENCES = [
    (
        "Thứ hai, 15/01/2018 - 21:03",
        "Thứ hai, ngày mười lăm tháng một năm hai nghìn không trăm mười tám - hai mươi mốt giờ ba phút",
    ),
    (
        "Sáng 15/1, giá xăng giảm 1.200 đồng/lít, còn 21.500đ (giảm 5,3%).",
        "Sáng ngày mười lăm tháng một, giá xăng giảm một nghìn hai trăm đồng một lít, "
        "còn hai mươi mốt nghìn năm trăm đồng (giảm năm phẩy ba phần trăm).",
    ),
    (
        "Trong quý III/2024, tăng trưởng kinh tế đạt 7,4%.",
        "Trong quý ba năm hai nghìn không trăm hai mươi tư, tăng trưởng kinh tế đạt bảy phẩy bốn phần trăm.",
    ),
    (
        "Từ ngày 1/7/2024, lương cơ sở tăng lên 2,34 triệu đồng/tháng.",
        "Từ ngày một tháng bảy năm hai nghìn không trăm hai mươi tư, lương cơ sở tăng lên "
        "hai phẩy ba mươi tư triệu đồng trên tháng.",
    ),
    ("Khoảng 3/4 số hộ dân ở xã đã có nước sạch.", "Khoảng ba phần tư số hộ dân ở xã đã có nước sạch."),
    (
        "Việt Nam thắng Indonesia 3-0 lúc 19h30 tối qua.",
        "Việt Nam thắng Indonesia ba không lúc mười chín giờ ba mươi phút tối qua.",
    ),
    (
        "Giai đoạn 2021 – 2025, tỉnh trồng mới 12.000 ha rừng.",
        "Giai đoạn hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm, "
        "tỉnh trồng mới mười hai nghìn héc ta rừng.",
    ),
    (
        "Gió giật cấp 10, tốc độ 100 km/h, lượng mưa 200-300mm.",
        "Gió giật cấp mười, tốc độ một trăm ki lô mét trên giờ, lượng mưa hai trăm đến ba trăm mi li mét.",
    ),
    ("Nhiệt độ thấp nhất -3°C tại Mẫu Sơn.", "Nhiệt độ thấp nhất âm ba độ C tại Mẫu Sơn."),
    ("Lần thứ 4 liên tiếp, đội bóng vô địch.", "Lần thứ tư liên tiếp, đội bóng vô địch."),
    (
        "Cuộc họp bắt đầu lúc 8g30 ngày 20/11/2023.",
        "Cuộc họp bắt đầu lúc tám giờ ba mươi phút ngày hai mươi tháng mười một năm hai nghìn không trăm hai mươi ba.",
    ),
    (
        "Nhà thơ Tố Hữu (1920-2002) quê ở Thừa Thiên Huế.",
        "Nhà thơ Tố Hữu (một nghìn chín trăm hai mươi đến hai nghìn không trăm linh hai) quê ở Thừa Thiên Huế.",
    ),
    (
        "Doanh thu tháng 4/2024 đạt 1000000 đồng.",
        "Doanh thu tháng tư năm hai nghìn không trăm hai mươi tư đạt một triệu đồng.",
    ),
    (
        "Theo Nghị định 100/2019, mức phạt tăng gấp đôi.",
        "Theo Nghị định một trăm năm hai nghìn không trăm mười chín, mức phạt tăng gấp đôi.",
    ),
    ("Trong 24h qua, vận động viên chạy 12p03s.", "Trong hai mươi tư giờ qua, vận động viên chạy mười hai phút ba giây."),
    ("Lãi suất 6%/năm, kỳ hạn 12 tháng.", "Lãi suất sáu phần trăm một năm, kỳ hạn mười hai tháng."),
    (
        "Năm 2024, có 1.001 học sinh đạt điểm 10.",
        "Năm hai nghìn không trăm hai mươi tư, có một nghìn không trăm linh một học sinh đạt điểm mười.",
    ),
    ("Giá vé từ 50.000đ-100.000đ.", "Giá vé từ năm mươi nghìn đồng đến một trăm nghìn đồng."),
    ("Thưởng Tết bình quân 2tr5 mỗi người.", "Thưởng Tết bình quân hai triệu năm trăm nghìn mỗi người."),
    ("Căn hộ 75m2 được rao bán $120.000.", "Căn hộ bảy mươi lăm mét vuông được rao bán một trăm hai mươi nghìn đô la."),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_news_sentences(text, expected):
    assert normalize(text) == expected


def test_output_of_news_sentences_has_no_digits_left():
    for text, _ in SENTENCES:
        assert not re.search(r"\d", normalize(text)), text


def test_case_and_punctuation_are_kept():
    assert normalize("Hôm nay, Hà Nội có 3 ca mắc mới!") == "Hôm nay, Hà Nội có ba ca mắc mới!"


def test_decomposed_unicode_is_read_like_composed():
    decomposed = unicodedata.normalize("NFD", "Ngày 15/1, nhiệt độ 18°C ở Hoà Bình.")
    assert normalize(decomposed) == "Ngày mười lăm tháng một, nhiệt độ mười tám độ C ở Hoà Bình."


def test_newlines_between_headline_and_lead_are_kept():
    text = "Giá xăng giảm 500 đồng\nChiều 15/1, liên bộ điều chỉnh giá."
    assert normalize(text) == (
        "Giá xăng giảm năm trăm đồng\nChiều ngày mười lăm tháng một, liên bộ điều chỉnh giá."
    )


def test_lexicon_overrides_the_number_rules():
    spoken = normalize("Xe VF8 giá 1,2 tỷ đồng.", {"VF8": "vê ép tám"})
    assert spoken == "Xe vê ép tám giá một phẩy hai tỷ đồng."


def test_phone_numbers_are_not_read_as_quantities_or_ranges():
    spoken = normalize("Đường dây nóng 0912-345-678 hoạt động 24/7.")
    assert "chín trăm" not in spoken and "đến" not in spoken.split("hoạt động")[0]


def test_an_acronym_glued_to_a_number_is_read_in_one_pass():
    once = normalize("Cầu BT2 nối với QL1A.")
    assert "BT" not in once and "2" not in once
    assert normalize(once) == once


def test_dates_are_read_before_ranges_and_fractions():
    assert normalize("Ngày 15-01-2018") == "Ngày mười lăm tháng một năm hai nghìn không trăm mười tám"
    assert normalize("(15/1)") == "(ngày mười lăm tháng một)"
    assert normalize("15/1 số hộ") == "mười lăm phần một số hộ"


def test_rules_are_named_functions_in_order():
    names = [rule.__name__ for rule in RULES]
    assert names.index("read_urls_and_emails") < names.index("read_phone_numbers") < names.index("read_dates")
    assert names.index("read_dates") < names.index("read_ranges") < names.index("read_fractions")
    assert names.index("read_units") < names.index("read_numbers")
    assert names.index("expand_abbreviations") < names.index("read_numbers") < names.index("read_symbols")
    assert names[-1] == "tidy_spaces"
    assert all(rule.__doc__ and ">>>" in rule.__doc__ for rule in RULES)


def test_explain_lists_the_rules_that_changed_the_text_in_order():
    steps = explain("Sáng 15/1, xe 38A-049.84 chạy 60 km/h.")
    assert [step.rule for step in steps] == ["read_licence_plates", "read_dates", "read_units", "read_numbers"]
    assert all(isinstance(step, RuleStep) for step in steps)
    assert all(earlier.after == later.before for earlier, later in zip(steps, steps[1:], strict=False))
    assert steps[-1].after == normalize("Sáng 15/1, xe 38A-049.84 chạy 60 km/h.")


def test_explain_names_the_lexicon_and_is_empty_when_nothing_changes():
    assert [step.rule for step in explain("QTV đưa tin", {"QTV": "Quảng Trị ti vi"})] == ["lexicon"]
    assert explain("Trời hôm nay đẹp.") == []


def test_a_rule_step_is_frozen():
    step = RuleStep("read_dates", "15/1", "ngày mười lăm tháng một")
    with pytest.raises(AttributeError):
        step.rule = "read_numbers"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "written", "rule"),
    [
        ("Ngày 20/11, trường tổ chức lễ.", "20/11", "read_dates"),
        ("Ngày 20/11, trường tổ chức lễ.", "trường", None),
        ("Xe ô tô BKS 38A-049.84 bỏ chạy.", "38A-049.84", "read_licence_plates"),
        ("UBND tỉnh họp lúc 8h.", "UBND", "expand_abbreviations"),
        ("UBND tỉnh họp lúc 8h.", "8h", "read_hour_marks"),
        ("Ông có 53/53 phiếu.", "53/53", "read_fractions"),
        ("Nhà ở số 5/7 Lê Lợi.", "5/7", "read_house_numbers"),
        ("Có 1.500 người.", "1.500", "read_numbers"),
    ],
)
def test_rule_for_names_the_rule_that_read_a_span(text, written, rule):
    start = text.index(written)
    assert rule_for(text, (start, start + len(written))) == rule


def test_rule_for_a_lexicon_term():
    assert rule_for("QTV đưa tin", (0, 3), {"QTV": "Quảng Trị ti vi"}) == "lexicon"


def test_compose_unicode_and_tidy_spaces():
    assert compose_unicode("Ho\u0300a\u00a0Bi\u0300nh") == "Hòa Bình"
    assert tidy_spaces("  mười  hai  , rồi ( ba ) ") == "mười hai, rồi ( ba)"


def _case_inputs() -> list[str]:
    """Every written input from the test case lists of the vntext rule modules and this file."""
    inputs = [text for text, _ in SENTENCES]
    for name in ("test_numbers", "test_datetimes", "test_measures", "test_ranges"):
        spec = importlib.util.spec_from_file_location(f"_cases_{name}", HERE / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for attribute, value in vars(module).items():
            if attribute.isupper() and isinstance(value, list):
                for case in value:
                    first = case[0] if isinstance(case, tuple) else case
                    if isinstance(first, str):
                        inputs.append(first)
    return inputs


CASE_INPUTS = _case_inputs()


def test_there_are_many_idempotence_cases():
    assert len(CASE_INPUTS) > 100


@pytest.mark.parametrize("text", CASE_INPUTS)
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


def test_docstring_examples():
    assert doctest.testmod(normalization).failed == 0

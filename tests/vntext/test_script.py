"""build_script: the headline and the article's blocks become the sentences the engines read,
each with its written text, its spoken form, its role and its paragraph."""
from __future__ import annotations

import doctest

import pytest

from vntext import Sentence, build_script
from vntext import script as script_module

TITLE = "Hà Nội: Giá xăng tăng lần thứ ba liên tiếp"
BLOCKS = [
    ("dateline", "Thứ năm, 21/03/2024 - 15:00"),
    ("lead", "Từ 15h chiều nay, giá xăng RON 95 tăng 330 đồng/lít. Giá dầu giữ nguyên."),
    ("body", "Ông Trần V. B., chủ một cây xăng ở TP. Thủ Đức, cho biết lượng khách tăng."),
    ("caption", "Người dân đổ xăng tại Hà Nội. Ảnh: Ngọc Thành"),
    ("byline", "Minh Anh"),
]


def test_headline_is_paragraph_zero_with_role_headline():
    script = build_script(TITLE, BLOCKS)
    assert script[0].text == TITLE
    assert (script[0].role, script[0].paragraph) == ("headline", 0)
    assert sum(1 for s in script if s.role == "headline") == 1


def test_blocks_are_numbered_from_one_and_keep_their_roles():
    script = build_script(TITLE, BLOCKS)
    assert [(s.role, s.paragraph, s.text) for s in script[1:]] == [
        ("dateline", 1, "Thứ năm, 21/03/2024 - 15:00"),
        ("lead", 2, "Từ 15h chiều nay, giá xăng RON 95 tăng 330 đồng/lít."),
        ("lead", 2, "Giá dầu giữ nguyên."),
        ("body", 3, "Ông Trần V. B., chủ một cây xăng ở TP. Thủ Đức, cho biết lượng khách tăng."),
        ("caption", 4, "Người dân đổ xăng tại Hà Nội."),
        ("caption", 4, "Ảnh: Ngọc Thành"),
        ("byline", 5, "Minh Anh"),
    ]


def test_spoken_forms_are_what_a_newsreader_says():
    assert [s.spoken for s in build_script(TITLE, BLOCKS)] == [
        "Hà Nội: Giá xăng tăng lần thứ ba liên tiếp",
        "Thứ năm, ngày hai mươi mốt tháng ba năm hai nghìn không trăm hai mươi tư - mười lăm giờ",
        "Từ mười lăm giờ chiều nay, giá xăng rôn chín mươi lăm tăng ba trăm ba mươi đồng một lít.",
        "Giá dầu giữ nguyên.",
        "Ông Trần V. B., chủ một cây xăng ở thành phố Thủ Đức, cho biết lượng khách tăng.",
        "Người dân đổ xăng tại Hà Nội.",
        "Ảnh: Ngọc Thành",
        "Minh Anh",
    ]


def test_the_station_lexicon_reaches_every_sentence():
    blocks = [("body", "Kênh QTV phát sóng từ 1/1. Khán giả hào hứng.")]
    with_lexicon = build_script("QTV ra mắt kênh mới", blocks, {"QTV": "Quảng Trị ti vi"})
    assert [s.spoken for s in with_lexicon] == [
        "Quảng Trị ti vi ra mắt kênh mới",
        "Kênh Quảng Trị ti vi phát sóng từ ngày một tháng một.",
        "Khán giả hào hứng.",
    ]
    without = build_script("QTV ra mắt kênh mới", blocks)
    assert [s.spoken for s in without][:2] == [
        "Quy tê vê ra mắt kênh mới",
        "Kênh quy tê vê phát sóng từ ngày một tháng một.",
    ]


def test_sentences_with_nothing_to_say_are_dropped():
    script = build_script(TITLE, [("body", "Giá dầu giữ nguyên.\n* * *\n…"), ("body", "---")])
    assert [s.text for s in script] == [TITLE, "Giá dầu giữ nguyên."]


def test_a_caption_with_nothing_to_say_keeps_the_numbering_of_later_blocks():
    script = build_script(TITLE, [("caption", "* * *"), ("body", "Mưa lớn kéo dài.")])
    assert [(s.role, s.paragraph) for s in script] == [("headline", 0), ("body", 2)]


def test_paragraph_numbers_count_blocks_even_when_a_block_is_dropped():
    script = build_script(TITLE, [("body", "  "), ("body", "Mưa lớn kéo dài.")])
    assert [(s.paragraph, s.text) for s in script] == [(0, TITLE), (2, "Mưa lớn kéo dài.")]


def test_empty_title_gives_no_headline_sentence():
    script = build_script("", [("lead", "Sáng nay trời rét đậm.")])
    assert [(s.role, s.paragraph) for s in script] == [("lead", 1)]


def test_blocks_can_be_any_iterable():
    blocks = ((role, text) for role, text in BLOCKS[:2])
    script = build_script(TITLE, blocks)
    assert [s.paragraph for s in script] == [0, 1, 2, 2]


def test_sentence_is_an_immutable_record():
    sentence = build_script(TITLE, [])[0]
    assert isinstance(sentence, Sentence)
    with pytest.raises(AttributeError):
        sentence.text = "khác"


def test_doctests_pass():
    result = doctest.testmod(script_module)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("lead, expected", [
    ("(QTV) - Chiều 12/12, kỳ họp bế mạc.", "Chiều 12/12, kỳ họp bế mạc."),
    ("(TTXVN) – Sáng nay, Thủ tướng chủ trì hội nghị.", "Sáng nay, Thủ tướng chủ trì hội nghị."),
    ("QTV - Sáng nay, trời mưa to.", "Sáng nay, trời mưa to."),
    ("(Báo Quảng Trị) -Người dân phấn khởi.", "Người dân phấn khởi."),
    ("Đông Hà - Sáng nay, trời mưa to.", "Đông Hà - Sáng nay, trời mưa to."),
    ("UBND tỉnh vừa ban hành kế hoạch.", "UBND tỉnh vừa ban hành kế hoạch."),
    ("(Ảnh minh họa) Người dân thu hoạch lúa.", "(Ảnh minh họa) Người dân thu hoạch lúa."),
])
def test_agency_mark_is_not_read(lead, expected):
    from vntext.script import strip_agency_mark

    assert strip_agency_mark(lead) == expected


def test_agency_mark_is_dropped_from_the_lead_only():
    script = build_script("Tiêu đề", [("lead", "(QTV) - Chiều nay, trời mưa."), ("body", "(QTV) - Trích dẫn.")])
    assert [s.text for s in script][1:] == ["Chiều nay, trời mưa.", "(QTV) - Trích dẫn."]

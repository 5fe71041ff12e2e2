"""The layout of pasted text: paragraphs, image slots (extra empty lines, invisible lines,
placeholders) measured against the page's ordinary gap, credits and bold marks."""
from __future__ import annotations

import pytest

from articles.cleanup.layout import Gap, is_image_placeholder, is_image_slot, ordinary_gap, read_lines

LONG = "Đoạn văn đầy đủ có hơn mười chữ để được tính là một đoạn của bài báo."


def flags(text):
    """(first word, image above, image below, credit below, bold) of every line read."""
    return [(line.text.split()[0], line.image_above, line.image_below, line.credit_below, line.bold)
            for line in read_lines(text)]


def test_single_spaced_page_one_empty_line_is_a_slot():
    text = f"{LONG}\n{LONG}\n\nChú thích\n{LONG}\n"
    assert flags(text) == [
        ("Đoạn", False, False, False, False),
        ("Đoạn", False, True, False, False),
        ("Chú", True, False, False, False),
        ("Đoạn", False, False, False, False),
    ]


def test_double_spaced_page_needs_a_second_empty_line():
    text = f"{LONG}\n\n{LONG}\n\n\n\nChú thích\n\n{LONG}\n\nPhụ đề\n\n{LONG}\n"
    assert [(word, above) for word, above, *_ in flags(text)] == [
        ("Đoạn", False), ("Đoạn", False), ("Chú", True), ("Đoạn", False), ("Phụ", False), ("Đoạn", False),
    ]


@pytest.mark.parametrize("mark", ["\u00a0", "\u200b", " \u00a0 ", "\ufeff", "&nbsp;"])
def test_invisible_line_is_a_slot_where_gaps_have_none(mark):
    text = f"{LONG}\n\n{LONG}\n{mark}\nChú thích\n\n{LONG}\n"
    assert [above for _, above, *_ in flags(text)] == [False, False, True, False]


def test_invisible_lines_between_all_paragraphs_are_no_slot():
    text = "\n\u00a0\n".join([LONG, LONG, "Phụ đề", LONG, LONG])
    assert not any(above or below for _, above, below, *_ in flags(text))


@pytest.mark.parametrize("placeholder", ["[ảnh]", "(Ảnh)", "[Hình ảnh]", "[image]", "(Ảnh minh họa)",
                                         "![ảnh](https://example.vn/a.jpg)", "https://example.vn/anh/a.png"])
def test_placeholder_is_a_slot_and_is_not_kept(placeholder):
    text = f"{LONG}\n{placeholder}\nChú thích\n{LONG}\n"
    assert flags(text) == [
        ("Đoạn", False, True, False, False),
        ("Chú", True, False, False, False),
        ("Đoạn", False, False, False, False),
    ]


def test_bare_credit_belongs_to_the_line_above_unless_a_slot_parts_them():
    tight = read_lines(f"{LONG}\n\nChú thích\nẢnh: Văn Phúc\nPhụ đề\n{LONG}\n")
    assert [(line.text, line.credit_below) for line in tight] == [
        (LONG, False), ("Chú thích", True), ("Ảnh: Văn Phúc", False), ("Phụ đề", False), (LONG, False),
    ]
    assert not tight[3].image_above  # the credit closes the caption; the next line is not under a picture
    parted = read_lines(f"{LONG}\nPhụ đề\n\nẢnh: Văn Phúc\n{LONG}\n")
    assert not parted[1].credit_below


def test_bold_marks_are_kept_as_a_flag():
    (line,) = read_lines("  **Nhiều giải pháp đồng bộ**  ")
    assert line.text == "Nhiều giải pháp đồng bộ" and line.bold


@pytest.mark.parametrize("raw", ["*Quang cảnh hội nghị*", "_Quang cảnh hội nghị_", "***Quang cảnh hội nghị***"])
def test_italic_marks_are_kept_as_a_flag_and_dropped_from_the_text(raw):
    (line,) = read_lines(raw)
    assert line.text == "Quang cảnh hội nghị" and line.italic


@pytest.mark.parametrize("raw", ["* Mục một", "Giá *tăng* mạnh", "*Mở đầu* và kết"])
def test_partly_marked_lines_are_not_italic(raw):
    (line,) = read_lines(raw)
    assert line.text == raw and not line.italic


def test_leading_empty_lines_are_no_slot():
    assert not read_lines(f"\n\n\n{LONG}")[0].image_above


@pytest.mark.parametrize(
    ("gaps", "expected"),
    [
        ([Gap(1)] * 5 + [Gap(3)], Gap(1)),
        ([Gap(0)] * 3 + [Gap(1)] * 3, Gap(0)),
        ([Gap(1, invisible=True)] * 3 + [Gap(1)], Gap(1, invisible=True)),
        ([], Gap(1)),
    ],
)
def test_ordinary_gap(gaps, expected):
    assert ordinary_gap(gaps) == expected


def test_is_image_slot_against_the_ordinary_gap():
    assert is_image_slot(Gap(0, placeholder=True), Gap(0))
    assert is_image_slot(Gap(1), Gap(0))
    assert not is_image_slot(Gap(0), Gap(1))


@pytest.mark.parametrize("line", ["Video", "Ảnh: Hoàng Anh", "Ảnh đẹp quê hương", "[1]"])
def test_lines_that_are_not_placeholders(line):
    assert not is_image_placeholder(line)

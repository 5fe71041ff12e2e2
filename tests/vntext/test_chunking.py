"""Chunking for engines with a length limit: clause boundaries first, then words, never inside a word
unless the word alone is longer than the limit."""
from __future__ import annotations

import doctest

import pytest

from vntext import chunk, chunking

LONG_SENTENCE = (
    "Theo báo cáo của Bộ Nông nghiệp và Phát triển nông thôn, trong 10 tháng đầu năm, kim ngạch "
    "xuất khẩu nông lâm thủy sản đạt 43,7 tỷ USD, tăng 8,1% so với cùng kỳ năm trước; trong đó, "
    "gạo, cà phê và hạt điều là những mặt hàng có mức tăng trưởng cao nhất - đặc biệt là gạo, "
    "với sản lượng kỷ lục."
)


def _words(text: str) -> list[str]:
    return text.split()


def test_short_sentence_is_one_chunk():
    assert chunk("Hà Nội mưa rét kéo dài.") == ["Hà Nội mưa rét kéo dài."]


def test_text_of_exactly_the_limit_is_one_chunk():
    text = "Giá vàng miếng tăng mạnh phiên sáng nay."
    assert chunk(text, limit=len(text)) == [text]


def test_one_character_over_the_limit_is_two_pieces_of_even_length():
    text = "Giá vàng miếng tăng mạnh phiên sáng nay."
    assert chunk(text, limit=len(text) - 1) == ["Giá vàng miếng tăng", "mạnh phiên sáng nay."]


def test_default_limit_is_100_characters():
    pieces = chunk(LONG_SENTENCE)
    assert len(pieces) > 1
    assert all(len(piece) <= 100 for piece in pieces)


@pytest.mark.parametrize("limit", [12, 20, 35, 50, 80, 100, 200])
def test_every_chunk_fits_and_words_come_back_in_order(limit):
    pieces = chunk(LONG_SENTENCE, limit=limit)
    assert all(0 < len(piece) <= limit for piece in pieces)
    assert _words(" ".join(pieces)) == _words(LONG_SENTENCE)


def test_the_fewest_pieces_then_commas_then_a_word_that_opens_a_phrase():
    text = "Sáng nay, tại trụ sở Bộ Tài chính, đoàn công tác đã làm việc với các doanh nghiệp."
    # 84 characters need three pieces of 40: one seam at the comma, one before "với", not inside
    # "doanh nghiệp".
    assert chunk(text, limit=40) == [
        "Sáng nay, tại trụ sở Bộ Tài chính,",
        "đoàn công tác đã làm việc",
        "với các doanh nghiệp.",
    ]


def test_no_more_pieces_than_the_words_need_even_if_a_clause_is_cut():
    text = "Sáng nay, trời mưa to, đường ngập."
    # Clause by clause would take three requests; the words fit in two.
    assert chunk(text, limit=20) == ["Sáng nay, trời", "mưa to, đường ngập."]


@pytest.mark.parametrize("limit", [40, 60, 100])
def test_a_long_sentence_takes_the_fewest_requests_its_words_allow(limit):
    pieces = chunk(LONG_SENTENCE, limit=limit)
    words = LONG_SENTENCE.split()
    greedy, current = 0, ""  # packing words greedily gives the fewest pieces words can make
    for word in words:
        if current and len(current) + 1 + len(word) > limit:
            greedy, current = greedy + 1, word
        else:
            current = f"{current} {word}" if current else word
    assert len(pieces) == greedy + 1


def test_packs_as_many_short_clauses_as_fit():
    text = "Gạo, cà phê, hạt điều, hồ tiêu, cao su, chè và rau quả đều tăng."
    assert chunk(text, limit=30) == ["Gạo, cà phê, hạt điều,", "hồ tiêu, cao su,", "chè và rau quả đều tăng."]
    assert chunk(text, limit=45) == ["Gạo, cà phê, hạt điều, hồ tiêu,", "cao su, chè và rau quả đều tăng."]  # even


def test_cuts_after_semicolon_and_colon():
    text = "Kết quả như sau: 12 xã đạt chuẩn nông thôn mới; 5 xã chưa đạt vì thiếu tiêu chí."
    assert chunk(text, limit=35) == [
        "Kết quả như sau:",
        "12 xã đạt chuẩn nông thôn mới;",
        "5 xã chưa đạt vì thiếu tiêu chí.",
    ]


def test_cuts_at_a_dash_with_spaces_and_keeps_the_dash():
    text = "Tuyến cao tốc Bắc - Nam đoạn qua Nghệ An - công trình trọng điểm quốc gia - đã thông xe."
    pieces = chunk(text, limit=45)
    assert pieces == [
        "Tuyến cao tốc Bắc - Nam đoạn qua Nghệ An -",
        "công trình trọng điểm quốc gia - đã thông xe.",
    ]


def test_hyphen_inside_a_word_is_not_a_clause_boundary():
    text = "Hội nghị Việt-Lào về hợp tác giáo dục diễn ra tại Viêng Chăn."
    pieces = chunk(text, limit=20)
    assert "Việt-Lào" in " ".join(pieces).split()
    assert all(len(piece) <= 20 for piece in pieces)


def test_a_clause_longer_than_the_limit_is_cut_between_words_never_inside():
    text = "Lực lượng chức năng đã kịp thời sơ tán toàn bộ người dân sống ven sông ra khỏi vùng nguy hiểm."
    pieces = chunk(text, limit=25)
    assert all(len(piece) <= 25 for piece in pieces)
    assert _words(" ".join(pieces)) == _words(text)
    original_words = set(_words(text))
    assert all(word in original_words for piece in pieces for word in piece.split())


def test_a_single_word_longer_than_the_limit_is_the_only_hard_cut():
    url = "https://baochinhphu.vn/chinh-sach-moi-ve-thue-thu-nhap-ca-nhan.htm"
    text = f"Chi tiết xem tại {url} từ hôm nay."
    pieces = chunk(text, limit=30)
    assert all(len(piece) <= 30 for piece in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())
    assert pieces[0] == "Chi tiết xem tại"
    assert pieces[1] == url[:30]


def test_stray_punctuation_token_stays_with_the_word_before():
    text = "Giá thịt lợn hơi giảm mạnh , nhiều trang trại thua lỗ ."
    pieces = chunk(text, limit=28)
    assert pieces == ["Giá thịt lợn hơi giảm mạnh ,", "nhiều trang trại thua lỗ ."]


def test_never_yields_a_punctuation_only_chunk():
    text = "Người dân phấn khởi đón nhận tin vui !!! ... — ?"
    for limit in (5, 10, 15, 40, 100):
        for piece in chunk(text, limit=limit):
            assert any(ch.isalnum() for ch in piece)
            assert len(piece) <= limit


def test_leading_dash_stays_with_the_first_word():
    assert chunk("- Giảm 30% lệ phí trước bạ cho ô tô sản xuất trong nước.", limit=20) == [
        "- Giảm 30% lệ phí",
        "trước bạ cho ô tô",
        "sản xuất trong nước.",
    ]


def test_empty_or_punctuation_only_text_gives_no_chunks():
    assert chunk("") == []
    assert chunk("   ") == []
    assert chunk("... – !") == []


def test_extra_whitespace_is_collapsed_between_words():
    assert chunk("Trời   rét\tđậm,\n học sinh nghỉ học.") == ["Trời rét đậm, học sinh nghỉ học."]


def test_limit_below_one_is_rejected():
    with pytest.raises(ValueError):
        chunk("Mưa to.", limit=0)


def test_doctests_pass():
    result = doctest.testmod(chunking)
    assert result.attempted > 0 and result.failed == 0


SENTENCES = [
    LONG_SENTENCE,
    "Ông Nguyễn Văn Hải (SN 1975, trú tại xã Tân Phú) cho biết: “Nước lên nhanh quá, chúng tôi không kịp trở tay!”",
    "Giá vàng SJC sáng nay niêm yết ở mức 79,5 - 81,5 triệu đồng/lượng , tăng 300.000 đồng so với hôm qua .",
    "- Xem chi tiết tại https://vnexpress.net/kinh-te/gia-vang-hom-nay-tang-manh-4712345.html …",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_invariants_hold_for_every_limit(text):
    longest_word = max(len(word) for word in text.split())
    for limit in range(1, 130):
        pieces = chunk(text, limit=limit)
        assert pieces, limit
        for piece in pieces:
            assert 0 < len(piece) <= limit
            assert piece == piece.strip()
            assert any(ch.isalnum() for ch in piece)
        if limit >= longest_word + 2:
            assert _words(" ".join(pieces)) == _words(text), limit
        else:
            letters = "".join(ch for ch in text if ch.isalnum())
            assert "".join(ch for piece in pieces for ch in piece if ch.isalnum()) == letters, limit


def _utf8(text: str) -> int:
    return len(text.encode("utf-8"))


@pytest.mark.parametrize("limit", [40, 60, 100, 250])
def test_a_byte_measure_packs_within_bytes_into_the_fewest_pieces(limit):
    text = " ".join(SENTENCES[:3])
    pieces = chunk(text, limit, _utf8)

    assert all(0 < _utf8(piece) <= limit for piece in pieces)
    assert _words(" ".join(pieces)) == _words(text)
    # greedy filling by bytes is a lower bound no packing can beat
    greedy, current = 0, ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if _utf8(candidate) > limit and current:
            greedy, current = greedy + 1, word
        else:
            current = candidate
    assert len(pieces) <= greedy + 1


def test_a_sentence_that_fits_by_characters_but_not_by_bytes_is_cut():
    text = "Người dân phường Điện Biên được hướng dẫn chuyển đồ đạc lên cao, tránh ngập."
    assert len(text) <= 100 < _utf8(text)

    pieces = chunk(text, 100, _utf8)

    assert len(pieces) == 2 and all(_utf8(piece) <= 100 for piece in pieces)
    assert pieces[0].endswith(",")

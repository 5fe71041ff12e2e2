import html
import io
import re
import unicodedata
from itertools import pairwise

import pytest
import srt as srt_parser
import webvtt as webvtt_parser

import loa.storage
from articles.model import SentenceTiming
from feeds.transcripts import Cue, cues_from_timeline, frames_to_ms, publish_transcripts, srt, webvtt

RATE = 24_000

LONG_SENTENCE = (
    "Theo Bộ Giao thông vận tải, tuyến cao tốc Bắc – Nam phía Đông đoạn qua tỉnh Nghệ An "
    "sẽ được thông xe vào cuối năm nay, rút ngắn thời gian đi lại giữa Hà Nội và Vinh "
    "xuống còn khoảng ba giờ đồng hồ."
)


def sentence(index: int, start: int, end: int, text: str, *, role: str = "body",
             paragraph: int = 1, spoken: str | None = None) -> SentenceTiming:
    return SentenceTiming(index, start, end, role, paragraph, text, spoken or text.lower())


def parse_vtt(document: str):
    return list(webvtt_parser.from_buffer(io.StringIO(document)))


def parse_srt(document: str):
    return list(srt_parser.parse(document, ignore_errors=False))


SRT_BLOCK = re.compile(
    r"(?P<number>\d+)\r\n"
    r"(?P<start>\d{2,}:\d{2}:\d{2},\d{3}) --> (?P<end>\d{2,}:\d{2}:\d{2},\d{3})\r\n"
    r"(?P<text>(?:[^\r\n]+\r\n)+)"
)


def strict_srt_blocks(document: str) -> list[re.Match]:
    """Every byte of ``document`` must belong to a well-formed cue block."""
    blocks = []
    position = 0
    while position < len(document):
        if blocks:
            assert document.startswith("\r\n", position), f"no blank line at {position}"
            position += 2
        match = SRT_BLOCK.match(document, position)
        assert match, f"malformed SubRip at {position}: {document[position:position + 40]!r}"
        blocks.append(match)
        position = match.end()
    return blocks


# --- times from frames --------------------------------------------------------------

def test_frames_convert_to_exact_milliseconds():
    assert frames_to_ms(36_000, 24_000) == 1_500
    assert frames_to_ms(0, 24_000) == 0
    assert frames_to_ms(44_100 * 3600 * 5 + 22_050, 44_100) == 18_000_500


def test_frames_round_half_a_millisecond_up_and_less_down():
    assert frames_to_ms(12, 24_000) == 1       # 0.5 ms
    assert frames_to_ms(11, 24_000) == 0       # 0.458 ms
    assert frames_to_ms(35, 24_000) == 1       # 1.458 ms


def test_cue_times_come_from_frames_exactly_in_the_vtt_file():
    timeline = [
        sentence(0, 0, 36_000, "Mưa lớn ở miền Trung.", role="headline", paragraph=0),
        sentence(1, 36_000, 60_012, "Nước sông Hương lên nhanh."),
    ]
    captions = parse_vtt(webvtt(cues_from_timeline(timeline, RATE)))
    assert [(c.start, c.end) for c in captions] == [
        ("00:00:00.000", "00:00:01.500"),
        ("00:00:01.500", "00:00:02.501"),
    ]


def test_times_late_in_a_long_episode_do_not_drift():
    # Ten thousand sentences of 1/3 s each: summing float seconds would drift, frames do not.
    timeline = [sentence(i, i * 8_000, (i + 1) * 8_000, f"Câu {i}.") for i in range(10_000)]
    cues = cues_from_timeline(timeline, RATE)
    last = parse_vtt(webvtt(cues))[-1]
    assert last.start == "00:55:33.000"    # 9999 / 3 s
    assert last.end == "00:55:33.333"
    assert parse_vtt(webvtt(cues))[3].start == "00:00:01.000"


def test_hours_are_written_past_one_hour():
    cues = [Cue(3 * 3600 + 62.25, 3 * 3600 + 63.0, "Kết thúc.")]
    assert "03:01:02.250 --> 03:01:03.000" in webvtt(cues)
    assert "03:01:02,250 --> 03:01:03,000" in srt(cues)


def test_adjacent_sentences_round_to_touching_not_overlapping_cues():
    # 24001 frames end the first sentence and start the second: both round to 1000 ms.
    timeline = [sentence(0, 11, 24_001, "Một."), sentence(1, 24_001, 48_013, "Hai.")]
    cues = cues_from_timeline(timeline, RATE)
    assert [(c.start_ms, c.end_ms) for c in cues] == [(0, 1_000), (1_000, 2_001)]
    for before, after in pairwise(cues):
        assert before.end_ms <= after.start_ms


def test_a_sentence_shorter_than_a_millisecond_is_left_out():
    timeline = [
        sentence(0, 0, 24_000, "Một."),
        sentence(1, 24_000, 24_005, "Tích."),
        sentence(2, 24_005, 48_000, "Hai."),
    ]
    captions = parse_vtt(webvtt(cues_from_timeline(timeline, RATE)))
    assert [c.text for c in captions] == ["Một.", "Hai."]
    assert all(c.start < c.end for c in captions)


# --- cue text -------------------------------------------------------------------------

def test_cues_carry_the_written_text_not_the_spoken_form():
    timeline = [sentence(0, 0, 48_000, "Giá xăng tăng 1.500 đồng/lít từ 15h hôm nay.",
                         spoken="giá xăng tăng một nghìn năm trăm đồng một lít từ mười lăm giờ hôm nay.")]
    captions = parse_vtt(webvtt(cues_from_timeline(timeline, RATE)))
    assert captions[0].text == "Giá xăng tăng 1.500 đồng/lít từ 15h hôm nay."


def test_one_cue_per_sentence_with_headline_first():
    timeline = [
        sentence(0, 0, 30_000, "Khai mạc kỳ họp Quốc hội", role="headline", paragraph=0),
        sentence(1, 40_000, 90_000, "HÀ NỘI", role="dateline", paragraph=1),
        sentence(2, 95_000, 140_000, "Sáng nay, kỳ họp thứ tám khai mạc.", role="lead", paragraph=2),
        sentence(3, 150_000, 200_000, "Các đại biểu thảo luận về ngân sách.", paragraph=3),
    ]
    captions = parse_vtt(webvtt(cues_from_timeline(timeline, RATE)))
    assert [c.text for c in captions] == [s.text for s in timeline]


def test_vietnamese_diacritics_survive_both_formats_byte_for_byte():
    text = "Người dân Đắk Lắk đón mưa vàng sau đợt nắng hạn kỷ lục."
    cues = [Cue(0.0, 2.0, text)]
    assert parse_vtt(webvtt(cues))[0].text == text
    assert parse_srt(srt(cues))[0].content == text


def test_decomposed_diacritics_are_written_composed():
    decomposed = unicodedata.normalize("NFD", "Hội nghị Trung ương")
    document = webvtt([Cue(0.0, 1.0, decomposed)])
    assert "Hội nghị Trung ương" in document
    assert unicodedata.is_normalized("NFC", document)


def test_long_text_wraps_at_word_boundaries_within_65_characters():
    cues = [Cue(0.0, 8.0, LONG_SENTENCE)]
    for lines in (parse_vtt(webvtt(cues))[0].lines, parse_srt(srt(cues))[0].content.split("\n")):
        assert len(lines) > 1
        assert all(len(line) <= 65 for line in lines)
        assert " ".join(lines) == LONG_SENTENCE
        assert all(line == line.strip() and line for line in lines)


def test_every_line_of_both_files_is_at_most_65_characters():
    words = "Chính phủ yêu cầu các bộ ngành khẩn trương hoàn thiện hồ sơ dự án".split()
    timeline = [sentence(i, i * 48_000, (i + 1) * 48_000, " ".join(words[: 3 + i * 2] * 3))
                for i in range(8)]
    cues = cues_from_timeline(timeline, RATE)
    for document in (webvtt(cues), srt(cues)):
        assert max(len(line) for line in document.splitlines()) <= 65


def test_a_word_longer_than_a_line_stays_whole_on_its_own_line():
    url = "https://baochinhphu.vn/" + "thong-bao-ket-luan-cua-thu-tuong-chinh-phu" * 2 + ".htm"
    captions = parse_vtt(webvtt([Cue(0.0, 3.0, f"Xem chi tiết tại {url} nhé.")]))
    assert captions[0].lines == ["Xem chi tiết tại", url, "nhé."]


def test_line_breaks_in_the_text_never_make_a_blank_line_inside_a_cue():
    cues = [Cue(0.0, 2.0, "Dòng một.\n\n\nDòng   hai.\r\n"), Cue(2.0, 4.0, "Tiếp theo.")]
    captions = parse_vtt(webvtt(cues))
    assert [c.text for c in captions] == ["Dòng một. Dòng hai.", "Tiếp theo."]
    assert [c.content for c in parse_srt(srt(cues))] == ["Dòng một. Dòng hai.", "Tiếp theo."]


def test_no_break_spaces_are_kept_and_not_wrapped_at():
    text = "Nhiệt độ cao nhất trong ngày ở Hà Nội và các tỉnh lân cận lên tới 39\u00a0°C."
    lines = parse_vtt(webvtt([Cue(0.0, 1.0, text)]))[0].lines
    assert lines[-1].endswith("39\u00a0°C.")
    assert "".join(lines).count("\u00a0") == 1


def test_vtt_escapes_markup_characters_and_a_parser_reads_them_back():
    text = "Cổ phiếu A&B tăng <5% sau tin --> đáng chú ý <b>"
    document = webvtt([Cue(0.0, 2.0, text)])
    cue_text = parse_vtt(document)[0].text
    assert cue_text == "Cổ phiếu A&amp;B tăng &lt;5% sau tin --&gt; đáng chú ý &lt;b&gt;"
    assert html.unescape(cue_text) == text
    text_lines = document.split("\n")[4:]
    assert not any("-->" in line for line in text_lines)


def test_vtt_width_counts_what_the_viewer_sees_not_the_escapes():
    text = " ".join(["A&B"] * 16)       # 63 visible characters, 127 once escaped
    lines = parse_vtt(webvtt([Cue(0.0, 1.0, text)]))[0].lines
    assert len(lines) == 1
    assert html.unescape(lines[0]) == text


def test_srt_keeps_markup_characters_as_written():
    text = "Chỉ số VN-Index <1.300 điểm & thanh khoản thấp"
    assert parse_srt(srt([Cue(0.0, 1.0, text)]))[0].content == text


# --- document shape -------------------------------------------------------------------

def test_vtt_document_layout():
    document = webvtt([Cue(0.0, 1.5, "Xin chào."), Cue(2.0, 3.25, "Tạm biệt.")])
    assert document == (
        "WEBVTT\n\n"
        "1\n00:00:00.000 --> 00:00:01.500\nXin chào.\n\n"
        "2\n00:00:02.000 --> 00:00:03.250\nTạm biệt.\n"
    )
    assert [c.identifier for c in parse_vtt(document)] == ["1", "2"]


def test_srt_is_numbered_from_one_with_crlf_and_blank_lines_between_cues():
    cues = [Cue(0.0, 1.5, "Xin chào."), Cue(2.0, 3.25, LONG_SENTENCE), Cue(4.0, 5.0, "Hết.")]
    document = srt(cues)
    assert "\n" not in document.replace("\r\n", "")
    blocks = strict_srt_blocks(document)
    assert [int(b["number"]) for b in blocks] == [1, 2, 3]
    assert [(b["start"], b["end"]) for b in blocks] == [
        ("00:00:00,000", "00:00:01,500"),
        ("00:00:02,000", "00:00:03,250"),
        ("00:00:04,000", "00:00:05,000"),
    ]
    parsed = parse_srt(document)
    assert [s.index for s in parsed] == [1, 2, 3]
    assert parsed[1].start.total_seconds() == 2.0
    assert parsed[1].end.total_seconds() == 3.25
    assert parsed[1].content.replace("\n", " ") == LONG_SENTENCE


def test_cue_count_matches_sentence_count_in_both_formats():
    timeline = [sentence(i, i * 30_000, i * 30_000 + 25_000, f"Câu thứ {i + 1}.") for i in range(12)]
    cues = cues_from_timeline(timeline, RATE)
    assert len(parse_vtt(webvtt(cues))) == 12
    assert len(parse_srt(srt(cues))) == 12


# --- invalid input --------------------------------------------------------------------

def test_empty_timeline_is_an_error():
    with pytest.raises(ValueError, match="no sentences"):
        cues_from_timeline([], RATE)


def test_a_timeline_with_only_blank_text_is_an_error():
    with pytest.raises(ValueError, match="no sentence to show"):
        cues_from_timeline([sentence(0, 0, 1000, "  ")], RATE)


def test_overlapping_timeline_is_an_error():
    timeline = [sentence(0, 0, 30_000, "Một."), sentence(1, 29_999, 50_000, "Hai.")]
    with pytest.raises(ValueError, match="before the previous one ends"):
        cues_from_timeline(timeline, RATE)


def test_a_sentence_that_does_not_end_after_it_starts_is_an_error():
    with pytest.raises(ValueError, match="does not end after it starts"):
        cues_from_timeline([sentence(0, 500, 500, "Một.")], RATE)


@pytest.mark.parametrize("rate", [0, -24_000])
def test_sample_rate_must_be_positive(rate):
    with pytest.raises(ValueError, match="sample rate"):
        cues_from_timeline([sentence(0, 0, 1000, "Một.")], rate)


@pytest.mark.parametrize("start, end", [(1.0, 1.0), (2.0, 1.0), (1.0, 1.0004), (-0.5, 1.0),
                                        (0.0, float("nan")), (0.0, float("inf"))])
def test_cue_must_end_at_least_a_millisecond_after_a_non_negative_start(start, end):
    with pytest.raises(ValueError):
        Cue(start, end, "Một.")


def test_cue_text_must_not_be_blank():
    with pytest.raises(ValueError, match="empty"):
        Cue(0.0, 1.0, " \n ")


def test_no_cues_is_an_error_for_both_formats():
    with pytest.raises(ValueError, match="at least one cue"):
        webvtt([])
    with pytest.raises(ValueError, match="at least one cue"):
        srt([])


def test_overlapping_cues_are_an_error():
    cues = [Cue(0.0, 2.0, "Một."), Cue(1.999, 3.0, "Hai.")]
    with pytest.raises(ValueError, match="overlap"):
        webvtt(cues)
    with pytest.raises(ValueError, match="overlap"):
        srt(cues)


# --- publishing -----------------------------------------------------------------------

def test_publish_writes_both_files_that_parsers_read(tmp_path):
    cues = [Cue(0.0, 1.5, "Bản tin sáng."), Cue(1.5, 4.0, LONG_SENTENCE)]
    vtt_path, srt_path = publish_transcripts(tmp_path / "ep" / "ep.vtt", tmp_path / "ep" / "ep.srt", cues)
    assert (vtt_path, srt_path) == (tmp_path / "ep" / "ep.vtt", tmp_path / "ep" / "ep.srt")
    captions = list(webvtt_parser.read(str(vtt_path)))
    assert [c.text.replace("\n", " ") for c in captions] == ["Bản tin sáng.", LONG_SENTENCE]
    subtitles = parse_srt(srt_path.read_bytes().decode("utf-8"))
    assert [s.content.replace("\n", " ") for s in subtitles] == ["Bản tin sáng.", LONG_SENTENCE]
    assert not srt_path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert sorted(p.name for p in vtt_path.parent.iterdir()) == ["ep.srt", "ep.vtt"]


def test_publish_with_invalid_cues_leaves_existing_files_untouched(tmp_path):
    vtt_path, srt_path = tmp_path / "ep.vtt", tmp_path / "ep.srt"
    publish_transcripts(vtt_path, srt_path, [Cue(0.0, 1.0, "Bản cũ.")])
    before = (vtt_path.read_bytes(), srt_path.read_bytes())
    with pytest.raises(ValueError):
        publish_transcripts(vtt_path, srt_path, [Cue(0.0, 2.0, "Một."), Cue(1.0, 3.0, "Hai.")])
    assert (vtt_path.read_bytes(), srt_path.read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ep.srt", "ep.vtt"]


def test_publish_failure_mid_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    vtt_path, srt_path = tmp_path / "ep.vtt", tmp_path / "ep.srt"
    publish_transcripts(vtt_path, srt_path, [Cue(0.0, 1.0, "Bản cũ.")])

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(loa.storage.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        publish_transcripts(vtt_path, srt_path, [Cue(0.0, 1.0, "Bản mới.")])
    assert "Bản cũ." in vtt_path.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ep.srt", "ep.vtt"]

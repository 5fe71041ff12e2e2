import json
from itertools import pairwise

import jsonschema
import pytest

import loa.storage
from articles.model import SentenceTiming
from feeds.chapters import (
    ChapterMark,
    chapter_title,
    chapters_for_article,
    chapters_for_bulletin,
    chapters_json,
    possible_chapters,
    publish_chapters,
)

RATE = 24_000

# Podcasting 2.0 JSON chapters 1.2 (podcast-namespace/chapters/jsonChapters.md), with
# what Loa promises on top: a title on every chapter and no other chapter properties.
CHAPTERS_SCHEMA = {
    "type": "object",
    "required": ["version", "chapters"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": "1.2.0"},
        "author": {"type": "string", "minLength": 1},
        "title": {"type": "string", "minLength": 1},
        "podcastName": {"type": "string", "minLength": 1},
        "description": {"type": "string"},
        "fileName": {"type": "string"},
        "waypoints": {"type": "boolean"},
        "chapters": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["startTime", "title"],
                "additionalProperties": False,
                "properties": {
                    "startTime": {"type": "number", "minimum": 0},
                    "endTime": {"type": "number", "minimum": 0},
                    "title": {"type": "string", "minLength": 1, "pattern": r"\S"},
                    "img": {"type": "string"},
                    "url": {"type": "string", "minLength": 1},
                    "toc": {"type": "boolean"},
                },
            },
        },
    },
}


def read(document: bytes) -> dict:
    parsed = json.loads(document.decode("utf-8"))
    jsonschema.validate(parsed, CHAPTERS_SCHEMA)
    starts = [c["startTime"] for c in parsed["chapters"]]
    assert starts == sorted(set(starts)), "startTime must strictly increase"
    return parsed


def seconds(value: float) -> int:
    return round(value * RATE)


def sentence(index, start_s, end_s, text, role="body", paragraph=1):
    return SentenceTiming(index, seconds(start_s), seconds(end_s), role, paragraph, text, text.lower())


def long_article(paragraph_seconds: float = 20.0, paragraphs: int = 12) -> list[SentenceTiming]:
    """Headline, dateline, lead, then body paragraphs of two sentences each."""
    timeline = [
        sentence(0, 0.0, 4.0, "Quốc hội thông qua Luật Đất đai sửa đổi", "headline", 0),
        sentence(1, 5.0, 6.0, "HÀ NỘI", "dateline", 1),
        sentence(2, 6.5, 18.0, "Sáng nay, Quốc hội biểu quyết thông qua luật.", "lead", 2),
    ]
    t = 20.0
    for p in range(3, 3 + paragraphs):
        half = paragraph_seconds / 2
        timeline.append(sentence(len(timeline), t, t + half - 0.5,
                                 f"Đoạn {p} nói về quyền sử dụng đất của người dân ở nông thôn và đô thị.",
                                 paragraph=p))
        timeline.append(sentence(len(timeline), t + half, t + paragraph_seconds - 0.5,
                                 f"Câu thứ hai của đoạn {p}.", paragraph=p))
        t += paragraph_seconds
    return timeline


# --- chapters_json ------------------------------------------------------------------

def test_document_follows_the_spec_and_round_trips():
    marks = [
        ChapterMark(0.0, 95.25, "Giá vàng lập đỉnh mới", "https://vnexpress.net/gia-vang-1.html"),
        ChapterMark(95.25, 190.0, "Mưa lớn ở Thừa Thiên Huế"),
    ]
    parsed = read(chapters_json(marks, title="Bản tin sáng 1/5", podcast_name="Loa – Thời sự"))
    assert parsed == {
        "version": "1.2.0",
        "title": "Bản tin sáng 1/5",
        "podcastName": "Loa – Thời sự",
        "chapters": [
            {"startTime": 0, "endTime": 95.25, "title": "Giá vàng lập đỉnh mới",
             "url": "https://vnexpress.net/gia-vang-1.html"},
            {"startTime": 95.25, "endTime": 190, "title": "Mưa lớn ở Thừa Thiên Huế"},
        ],
    }
    again = [ChapterMark(c["startTime"], c.get("endTime"), c["title"], c.get("url"))
             for c in parsed["chapters"]]
    assert again == marks


def test_vietnamese_is_written_as_utf8_not_escaped():
    document = chapters_json([ChapterMark(0.0, None, "Đồng bằng sông Cửu Long")], author="Ban Thời sự")
    assert "Đồng bằng sông Cửu Long".encode() in document
    assert b"\\u" not in document
    assert read(document)["author"] == "Ban Thời sự"


def test_chapters_come_out_in_order_of_start_time():
    marks = [ChapterMark(120.0, None, "Ba"), ChapterMark(0.0, None, "Một"), ChapterMark(60.5, None, "Hai")]
    parsed = read(chapters_json(marks))
    assert [(c["startTime"], c["title"]) for c in parsed["chapters"]] == [(0, "Một"), (60.5, "Hai"), (120, "Ba")]


def test_optional_fields_are_left_out_when_absent():
    parsed = read(chapters_json([ChapterMark(0.0, None, "Mở đầu")]))
    assert parsed == {"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Mở đầu"}]}


def test_times_are_written_to_the_millisecond():
    parsed = read(chapters_json([ChapterMark(1 / 3, 2 / 3, "Một phần ba")]))
    assert parsed["chapters"][0] == {"startTime": 0.333, "endTime": 0.667, "title": "Một phần ba"}


def test_no_chapters_is_an_error():
    with pytest.raises(ValueError, match="at least one chapter"):
        chapters_json([])


def test_two_chapters_starting_together_are_an_error():
    with pytest.raises(ValueError, match="start together"):
        chapters_json([ChapterMark(10.0, None, "Một"), ChapterMark(10.0004, None, "Hai")])


def test_a_chapter_running_into_the_next_is_an_error():
    with pytest.raises(ValueError, match="runs into"):
        chapters_json([ChapterMark(0.0, 30.0, "Một"), ChapterMark(29.0, None, "Hai")])


def test_empty_metadata_is_an_error():
    with pytest.raises(ValueError, match="podcastName"):
        chapters_json([ChapterMark(0.0, None, "Một")], podcast_name="  ")


@pytest.mark.parametrize("start, end, title, url", [
    (-1.0, None, "Một", None),
    (float("nan"), None, "Một", None),
    (5.0, 5.0, "Một", None),
    (5.0, 4.0, "Một", None),
    (5.0, float("inf"), "Một", None),
    (0.0, None, "   ", None),
    (0.0, None, "", None),
    (0.0, None, "Một", ""),
])
def test_invalid_chapter_marks_are_refused(start, end, title, url):
    with pytest.raises(ValueError):
        ChapterMark(start, end, title, url)


# --- publishing ---------------------------------------------------------------------

def test_publish_writes_a_valid_file_and_nothing_else(tmp_path):
    path = tmp_path / "chapters" / "ban-tin.json"
    assert publish_chapters(path, [ChapterMark(0.0, 10.0, "Mở đầu")], title="Bản tin") == path
    assert read(path.read_bytes())["title"] == "Bản tin"
    assert [p.name for p in path.parent.iterdir()] == ["ban-tin.json"]


def test_publish_with_invalid_chapters_leaves_the_old_file(tmp_path):
    path = tmp_path / "chapters.json"
    publish_chapters(path, [ChapterMark(0.0, None, "Bản cũ")])
    before = path.read_bytes()
    with pytest.raises(ValueError):
        publish_chapters(path, [ChapterMark(0.0, None, "Một"), ChapterMark(0.0, None, "Hai")])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["chapters.json"]


def test_publish_failing_to_rename_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "chapters.json"
    publish_chapters(path, [ChapterMark(0.0, None, "Bản cũ")])

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(loa.storage.os, "replace", failing_replace)
    with pytest.raises(OSError):
        publish_chapters(path, [ChapterMark(0.0, None, "Bản mới")])
    assert read(path.read_bytes())["chapters"][0]["title"] == "Bản cũ"
    assert [p.name for p in tmp_path.iterdir()] == ["chapters.json"]


# --- bulletins ----------------------------------------------------------------------

def test_bulletin_has_one_linked_chapter_per_article():
    segments = [
        ("Giá xăng giảm lần thứ ba", "https://tuoitre.vn/gia-xang.htm", 0.0, 62.5),
        ("Đội tuyển Việt Nam thắng Thái Lan", "https://thanhnien.vn/bong-da.htm", 63.0, 150.0),
        ("Thời tiết cuối tuần", None, 151.0, 200.0),
    ]
    parsed = read(chapters_json(chapters_for_bulletin(segments)))
    assert parsed["chapters"] == [
        {"startTime": 0, "endTime": 62.5, "title": "Giá xăng giảm lần thứ ba",
         "url": "https://tuoitre.vn/gia-xang.htm"},
        {"startTime": 63, "endTime": 150, "title": "Đội tuyển Việt Nam thắng Thái Lan",
         "url": "https://thanhnien.vn/bong-da.htm"},
        {"startTime": 151, "endTime": 200, "title": "Thời tiết cuối tuần"},
    ]


def test_bulletin_without_articles_is_an_error():
    with pytest.raises(ValueError, match="at least one article"):
        chapters_for_bulletin([])


def test_bulletin_articles_that_overlap_are_an_error():
    with pytest.raises(ValueError, match="starts before"):
        chapters_for_bulletin([("Một", None, 0.0, 60.0), ("Hai", None, 59.0, 90.0)])


# --- single articles ----------------------------------------------------------------

def test_a_short_article_gets_no_chapters():
    timeline = long_article(paragraph_seconds=10.0, paragraphs=10)    # ends at 119.5 s
    assert chapters_for_article(timeline, RATE, "Quốc hội thông qua Luật Đất đai sửa đổi") == []


def test_a_long_article_opens_with_the_headline_then_groups_body_paragraphs():
    timeline = long_article(paragraph_seconds=20.0, paragraphs=12)    # ends at 259.5 s
    marks = chapters_for_article(timeline, RATE, "Quốc hội thông qua Luật Đất đai sửa đổi",
                                 url="https://vnexpress.net/luat-dat-dai.html")
    parsed = read(chapters_json(marks))["chapters"]
    assert parsed[0] == {"startTime": 0, "endTime": 40, "title": "Quốc hội thông qua Luật Đất đai sửa đổi",
                         "url": "https://vnexpress.net/luat-dat-dai.html"}
    # Body paragraphs start every 20 s from 20 s; a chapter opens once 30 s have passed.
    assert [c["startTime"] for c in parsed] == [0, 40, 80, 120, 160, 200]
    assert all("url" not in c for c in parsed[1:])
    assert parsed[-1]["endTime"] == 259.5
    for before, after in pairwise(parsed):
        assert before["endTime"] == after["startTime"]


def test_body_chapters_are_titled_with_the_first_sentence_cut_at_a_word():
    marks = chapters_for_article(long_article(), RATE, "Quốc hội thông qua Luật Đất đai sửa đổi")
    full = "Đoạn 4 nói về quyền sử dụng đất của người dân ở nông thôn và đô thị."
    # "và" would end at the 60th character, leaving no room for "…".
    assert marks[1].title == "Đoạn 4 nói về quyền sử dụng đất của người dân ở nông thôn…"
    assert full.startswith(marks[1].title.removesuffix("…"))
    assert all(len(m.title) <= 60 for m in marks)


def test_a_short_last_group_joins_the_chapter_before():
    # Body paragraphs at 20, 40, ... 200 s; the episode ends at 219.5 s. A chapter at
    # 200 s would last under 30 s, so the one from 160 s runs to the end instead.
    marks = chapters_for_article(long_article(paragraphs=10), RATE, "Tiêu đề")
    assert [m.start for m in marks] == [0.0, 40.0, 80.0, 120.0, 160.0]
    assert marks[-1].end == 219.5


def test_captions_and_bylines_never_open_a_chapter():
    timeline = long_article(paragraphs=12)
    timeline[5] = SentenceTiming(5, timeline[5].start, timeline[5].end, "caption", 4,
                                 "Ảnh: Quang Huy", "ảnh quang huy")
    timeline[6] = SentenceTiming(6, timeline[6].start, timeline[6].end, "caption", 4,
                                 "Đại biểu bấm nút.", "đại biểu bấm nút")
    last = timeline[-1]
    timeline.append(SentenceTiming(last.index + 1, last.end + seconds(1), last.end + seconds(3),
                                   "byline", 99, "Minh Hoàng", "minh hoàng"))
    marks = chapters_for_article(timeline, RATE, "Tiêu đề")
    titles = [m.title for m in marks]
    assert "Ảnh: Quang Huy" not in titles and "Minh Hoàng" not in titles
    # The caption paragraph at 40 s is passed over; the next body paragraph opens at 60 s.
    assert [m.start for m in marks][:2] == [0.0, 60.0]
    assert marks[-1].end == last.end / RATE + 3


def test_an_article_with_no_body_gets_no_chapters_however_long():
    timeline = [
        sentence(0, 0.0, 5.0, "Tiêu đề", "headline", 0),
        sentence(1, 6.0, 250.0, "Một đoạn mở đầu rất dài.", "lead", 1),
    ]
    assert chapters_for_article(timeline, RATE, "Tiêu đề") == []


def test_article_chapters_need_a_timeline_and_a_title():
    with pytest.raises(ValueError, match="no sentences"):
        chapters_for_article([], RATE, "Tiêu đề")
    with pytest.raises(ValueError, match="title"):
        chapters_for_article(long_article(), RATE, "  ")
    with pytest.raises(ValueError, match="sample rate"):
        chapters_for_article(long_article(), 0, "Tiêu đề")


# --- titles -------------------------------------------------------------------------

@pytest.mark.parametrize("sentence_text, title", [
    ("Giá vàng tăng mạnh.", "Giá vàng tăng mạnh"),
    ("Ai sẽ thắng?", "Ai sẽ thắng?"),
    ("Chờ xem...", "Chờ xem..."),
    ("  Nhiều   khoảng\ntrắng  ", "Nhiều khoảng trắng"),
    ("Theo Tổng cục Thống kê, chỉ số giá tiêu dùng tháng Tư tăng 0,07% so với tháng trước.",
     "Theo Tổng cục Thống kê, chỉ số giá tiêu dùng tháng Tư tăng…"),
    # "Hải Phòng" would end at the 61st character once "…" is added, so it is left out.
    ("Ngày 30/4, Thành phố Hồ Chí Minh, Hà Nội, Đà Nẵng, Hải Phòng, Cần Thơ tổ chức diễu hành.",
     "Ngày 30/4, Thành phố Hồ Chí Minh, Hà Nội, Đà Nẵng, Hải…"),
    # The comma before the cut goes: "Hà Nội…", not "Hà Nội,…".
    ("Sáng 30/4, các đoàn diễu binh đi qua Hồ Chí Minh, Hà Nội, Huế, Cần Thơ và Đà Nẵng.",
     "Sáng 30/4, các đoàn diễu binh đi qua Hồ Chí Minh, Hà Nội…"),
    ("Tỉnh" + "Quảng" * 20, "Tỉnh" + ("Quảng" * 20)[:55] + "…"),
])
def test_chapter_titles(sentence_text, title):
    assert chapter_title(sentence_text) == title
    assert len(title) <= 60


@pytest.mark.parametrize("paragraph_seconds", [8.0, 17.5, 20.0, 31.0, 64.0])
@pytest.mark.parametrize("paragraphs", [3, 12, 25])
def test_possible_chapters_hold_every_chapter_an_article_can_get(paragraph_seconds, paragraphs):
    """Whatever the paragraphs' lengths turn out to be, the chapters given are among the possible ones,
    in the same order and with the same titles and links, and an ID3 tag of the possible ones is
    at least as large (it is the room an episode still being synthesized keeps)."""
    from datetime import datetime

    from audio.tags import Chapter, EpisodeTags, id3_tag

    timeline = long_article(paragraph_seconds, paragraphs)
    end = timeline[-1].end / RATE
    timeline.append(sentence(len(timeline), end + 1.0, end + 3.0, "Minh Hoàng", "byline", 99))
    title, url = "Quốc hội thông qua Luật Đất đai sửa đổi", "https://vnexpress.net/luat-dat-dai.html"
    possible = possible_chapters(timeline, title, url=url)
    given = chapters_for_article(timeline, RATE, title, url=url)
    assert [(m.title, m.url) for m in possible][0] == (title, url)
    keyed = [(m.title, m.url) for m in possible]
    positions = [keyed.index((m.title, m.url)) for m in given]
    assert positions == sorted(positions)
    tags = EpisodeTags(title, "Đài", "Loa", datetime(2026, 1, 1), "")

    def tag_of(marks):
        return id3_tag(tags, [Chapter(m.title, n, n + 1, m.url) for n, m in enumerate(marks)])

    assert len(tag_of(given)) <= len(tag_of(possible))
    assert "Minh Hoàng" not in [m.title for m in possible]

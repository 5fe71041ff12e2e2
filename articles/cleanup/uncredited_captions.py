"""Photo captions that carry no credit, told apart from body text by layout and wording.

A caption without "Ảnh: ..." still reads like one: a short line, usually without a final
full stop, standing alone under the slot where its picture was, describing the picture
("Chủ tịch UBND tỉnh Nguyễn Văn A (thứ hai từ trái sang) trao quà cho các hộ dân",
"Quang cảnh hội nghị"). The rule, in :func:`is_uncredited_caption`, first asks for that
shape, no subheading marks and a line shorter than the paragraphs around it; then for
evidence, the stronger the less the layout says:

- a "Nguồn: ..." line, or a bare credit right below (a sentence with body-text signs aside);
- an image slot right above, or italic marks around the line: no final full stop is enough,
  unless the line argues or reports speech; with a full stop, or when empty lines under
  another caption lead the line into a paragraph (a subheading after a figure), only
  wording that describes a picture;
- an image slot only below: only wording that names a place in the picture, a scene,
  or people with what they do;
- no layout at all (HTML, JSON, a paste without slots): the same wording, and the line
  must stand between two full paragraphs.

Subheadings, quotes, list items and short paragraphs are kept out by the shape and by
:func:`looks_like_subheading` and :func:`tells_more_than_a_picture`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from articles.cleanup.captions import is_caption
from articles.cleanup.layout import Line
from articles.cleanup.lines import ends_with_stop, normalize_line

MIN_CAPTION_WORDS = 3  # Vietnamese words are syllables: "Hội nghị" is one word, no caption
MAX_CAPTION_WORDS = 50
MAX_CAPTION_SENTENCE_WORDS = 30

_LIST_MARK = re.compile(r"^(?:[-–—+•·*●○▪►✓]\s*|\d{1,2}[.)]\s|[a-zđ]\)\s|[IVX]{1,4}[.)]\s)")
_QUOTE_OPENERS = ("“", '"', "‘", "'", "«", "„")
_AGENCY_LEAD = re.compile(r"^(?:[^()]{0,30}\([A-ZĐ][\w.&/ -]{1,15}\)|[A-ZĐ]{2,10})\s*[-–—]\s")
_SENTENCE_BREAK = re.compile(r"\w[.!?…]+[\"”’)]?\s+[\"“‘(]?\w")


def _is_one_sentence(text: str) -> bool:
    """True when ``text`` holds a single sentence; an abbreviation such as "TP." does not end one.

    >>> _is_one_sentence("Mực nước sông Hiếu đoạn qua TP. Đông Hà dâng cao.")
    True
    >>> _is_one_sentence("Quang cảnh hội nghị. Các đại biểu biểu quyết.")
    False
    """
    for match in _SENTENCE_BREAK.finditer(text):
        before, after = match.group()[0], match.group()[-1]
        if before.islower() or before.isdigit():
            if after.isupper():
                return False
    return True


def is_caption_shaped(text: str) -> bool:
    """A line that could be a caption: short, not a list item, a quote or an agency lead,
    and ending either without punctuation or with the full stop of one short sentence.

    >>> is_caption_shaped("Quang cảnh hội nghị")
    True
    >>> is_caption_shaped("Các đại biểu biểu quyết thông qua các nghị quyết tại phiên bế mạc.")
    True
    >>> is_caption_shaped("Các chỉ tiêu chủ yếu năm 2025 gồm:")
    False
    >>> is_caption_shaped("- Tăng trưởng GRDP từ 7 – 7,5%")
    False
    >>> is_caption_shaped("“Chúng tôi rất phấn khởi”")
    False
    >>> is_caption_shaped("Vì sao dự án chậm tiến độ?")
    False
    """
    words = text.split()
    if not MIN_CAPTION_WORDS <= len(words) <= MAX_CAPTION_WORDS:
        return False
    if text.rstrip("\"'”’»)").endswith((":", ";", ",", "?", "!", "-", "–")):
        return False
    if _LIST_MARK.match(text) or text.startswith(_QUOTE_OPENERS) or _AGENCY_LEAD.match(text):
        return False
    if ends_with_stop(text):
        return len(words) <= MAX_CAPTION_SENTENCE_WORDS and _is_one_sentence(text)
    return True


_KICKER = re.compile(r"^[^:]{1,60}:\s+\S")
_NUMBERED = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})[.)]\s|^(?:phần|kỳ|bài|chương)\s+\d", re.IGNORECASE)


def looks_like_subheading(line: Line) -> bool:
    """A subheading rather than a caption: bold, numbered, in capitals, in Title Case,
    or a kicker before a colon ("Bài 2: ...", "Ông A: ...").

    >>> looks_like_subheading(Line("Nhiều giải pháp đồng bộ", bold=True))
    True
    >>> looks_like_subheading(Line("NÔNG DÂN PHẤN KHỞI"))
    True
    >>> looks_like_subheading(Line("Bí thư Tỉnh ủy Lê Văn B: Không để ai bị bỏ lại phía sau"))
    True
    >>> looks_like_subheading(Line("Nguồn: Sở Y tế tỉnh"))
    False
    >>> looks_like_subheading(Line("Quang cảnh hội nghị"))
    False
    """
    text = line.text
    if line.bold or _NUMBERED.match(text):
        return True
    if _KICKER.match(text) and not is_source_line(text):
        return True
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 6 and all(c.isupper() for c in letters):
        return True
    words = [word for word in text.split() if word[0].isalpha()]
    return len(words) >= 3 and all(word[0].isupper() for word in words)


_POSITION = re.compile(
    r"(?:thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|\d{1,2})\s+)?từ\s+(?:trái|phải)\s+(?:sang|qua)"
    r"|\((?:[^()]{0,20}\s)?(?:trái|phải|giữa)\)"
    r"|\(áo\s[^()]{1,20}\)"
    r"|\b(?:đứng|ngồi)\s+giữa\b|\bbìa\s+(?:trái|phải)\b|\bngoài\s+cùng\s+bên\s+(?:trái|phải)\b|\btrong\s+ảnh\b",
    re.IGNORECASE,
)


def names_a_place_in_picture(text: str) -> bool:
    """Words that point into a photo: "(thứ hai từ trái sang)", "(bên phải)", "đứng giữa", "(áo xanh)".

    >>> names_a_place_in_picture("Chủ tịch UBND tỉnh Nguyễn Văn A (thứ hai từ trái sang) trao quà")
    True
    >>> names_a_place_in_picture("Bà Hoa (bìa phải) hướng dẫn học viên")
    True
    >>> names_a_place_in_picture("Xe rẽ vào làn đường bên phải")
    False
    """
    return bool(_POSITION.search(text))


_SCENE_OPENERS = (
    "quang cảnh", "toàn cảnh", "cận cảnh", "khung cảnh", "một góc", "hình ảnh", "ảnh minh họa", "ảnh minh hoạ",
    "ảnh tư liệu", "các đại biểu", "đại biểu", "tiết mục", "màn trình diễn",
)
_SCENE_PHRASES = ("chụp ảnh lưu niệm", "cắt băng khánh thành", "bấm nút khởi công", "tặng hoa chúc mừng")


def names_a_scene(text: str) -> bool:
    """Words captions open with or use for what a photo shows: "Quang cảnh", "Toàn cảnh",
    "Một góc", "Các đại biểu", "chụp ảnh lưu niệm".

    >>> names_a_scene("Quang cảnh hội nghị")
    True
    >>> names_a_scene("Các đại biểu chụp ảnh lưu niệm")
    True
    >>> names_a_scene("Một góc nhìn khác về nông thôn mới")
    False
    """
    key = normalize_line(text).casefold()
    if key.startswith("một góc nhìn"):
        return False
    return key.startswith(_SCENE_OPENERS) or any(phrase in key for phrase in _SCENE_PHRASES)


def is_source_line(text: str) -> bool:
    """A "Nguồn: ..." line naming where a picture, chart or table comes from.

    >>> is_source_line("Nguồn: Cục Thống kê tỉnh")
    True
    >>> is_source_line("Nguồn vốn được bố trí đủ.")
    False
    """
    return bool(re.match(r"^\(?\s*nguồn\s*:", normalize_line(text), re.IGNORECASE))


_PERSON_TITLES = (
    "đồng chí", "ông", "bà", "anh", "chị", "em", "cháu", "cụ", "chủ tịch", "phó chủ tịch", "bí thư", "phó bí thư",
    "tổng bí thư", "thủ tướng", "phó thủ tướng", "bộ trưởng", "thứ trưởng", "giám đốc", "phó giám đốc",
    "tổng giám đốc", "chủ nhiệm", "trưởng ban", "phó trưởng ban", "trưởng phòng", "trưởng đoàn", "hiệu trưởng",
    "đại tướng", "thượng tướng", "trung tướng", "thiếu tướng", "đại tá", "thượng tá", "trung tá", "thiếu tá",
    "đại úy", "thượng úy", "trung úy", "đại sứ", "bác sĩ", "gs", "pgs", "ts", "ths", "nghệ nhân", "nghệ sĩ",
    "thầy", "cô", "lãnh đạo", "đoàn công tác", "đoàn đại biểu",
)
_PEOPLE = (
    "lực lượng", "người dân", "bà con", "nông dân", "ngư dân", "học sinh", "sinh viên", "các em", "trẻ em",
    "du khách", "công nhân", "người lao động", "cán bộ", "chiến sĩ", "bộ đội", "công an", "cảnh sát",
    "y bác sĩ", "nhân viên", "thí sinh", "vận động viên", "các đội", "thành viên", "hội viên", "đoàn viên",
    "tình nguyện viên", "phụ nữ", "giáo viên", "thầy và trò", "thầy trò", "người bệnh", "bệnh nhân", "khách mời",
    "đại diện", "các đơn vị", "các đồng chí", "các vị",
)


def _opens_with(text: str, phrases: tuple[str, ...]) -> bool:
    """True when ``text`` opens with one of ``phrases`` as whole words (any case), after
    "các", "những" or "nhiều" if any ("Các vận động viên" opens with "vận động viên")."""
    key = normalize_line(text).casefold()
    keys = (key, re.sub(r"^(?:các|những|nhiều)\s+", "", key))
    return any(k == phrase or k.startswith((phrase + " ", phrase + ",")) for k in keys for phrase in phrases)


_CONNECTORS = frozenset({"và", "với", "của", "cùng", "những", "-", "–", "—", ":"})
_PLACE_NAMED = re.compile(
    r"\b(?:xã|phường|thị trấn|thôn|bản|làng|huyện|thị xã|tỉnh|thành phố|tp\.|trường|khu phố)\s+[A-ZĐÀ-Ỹ]",
    re.IGNORECASE,
)


def _words_after_name(text: str) -> list[str] | None:
    """The words after the first name in ``text`` (two or more capitalised words in a row
    after the first word: "Nguyễn Văn A", or a place), or None when it names nobody."""
    words = normalize_line(text).split()
    run = 0
    for i, word in enumerate(words[1:], start=1):
        bare = word.strip(",.;()\"“”")
        if bare[:1].isupper() and (bare[1:].islower() or len(bare) == 1):
            run += 1
            continue
        if run >= 2:
            return words[i:]
        run = 0
    return [] if run >= 2 else None


def shows_people(text: str) -> bool:
    """A line that opens with the people a photo would show: a title or a group ("Lực lượng chức năng").

    >>> shows_people("Lực lượng chức năng kiểm tra hiện trường vụ cháy")
    True
    >>> shows_people("Ông Hùng chăm sóc vườn cam")
    True
    >>> shows_people("Tổng thu ngân sách tăng 9,6%")
    False
    """
    return _opens_with(text, _PERSON_TITLES) or _opens_with(text, _PEOPLE)


def names_who_is_shown(text: str) -> bool:
    """A line naming who a photo shows and going on with what they do (or ending at the name):
    a title with a name ("Đồng chí Lê Quang Thịnh, Chủ tịch HĐND tỉnh phát biểu") or a group
    with the place it comes from ("Người dân xã Hải Phong di dời tài sản").

    A subheading joins the name to a phrase instead ("Ông Lê Văn Sáu và khát vọng làm giàu").

    >>> names_who_is_shown("Chủ tịch UBND tỉnh Nguyễn Văn A (thứ hai từ trái sang) trao quà cho các hộ dân")
    True
    >>> names_who_is_shown("Học sinh Trường THCS Triệu Phước trong giờ học")
    True
    >>> names_who_is_shown("Ông Lê Văn Sáu và khát vọng làm giàu")
    False
    >>> names_who_is_shown("Người dân Hướng Hóa làm giàu từ cây cà phê")
    False
    """
    titled = _opens_with(text, _PERSON_TITLES)
    placed_group = _opens_with(text, _PEOPLE) and bool(_PLACE_NAMED.search(normalize_line(text)))
    if not (titled or placed_group):
        return False
    after = _words_after_name(text)
    if after is None:
        return False
    return not after or after[0].startswith((",", "(")) or after[0].casefold() not in _CONNECTORS


_SPEECH = re.compile(
    r"\b(?:cho biết|cho rằng|chia sẻ|khẳng định|nhấn mạnh|thông tin|bày tỏ|tâm sự|giải thích|thừa nhận|"
    r"nhận định|kể lại|kể rằng|nói|đề nghị|yêu cầu)\b",
    re.IGNORECASE,
)
_DENIAL = re.compile(r"\b(?:không|chẳng|cần|hãy)\b", re.IGNORECASE)
_TENSE = re.compile(r"\b(?:đã|sẽ|từng)\b", re.IGNORECASE)
_FIGURES = re.compile(r"\d[\d.,]*\s*(?:%|tỷ|triệu|nghìn|ngàn|tấn|ha\b|km\b|usd|đồng\b)", re.IGNORECASE)


def argues_or_reports(text: str) -> bool:
    """Reported speech, a denial or a call to act: what a subheading or body says, not a photo.

    >>> argues_or_reports("Người dân không phải đi xa")
    True
    >>> argues_or_reports("Ông Nguyễn Văn Hùng cho biết năm nay vụ mùa bội thu.")
    True
    >>> argues_or_reports("Niềm vui của gia đình bà Hồ Thị Mai trong ngày nhận nhà mới")
    False
    """
    return bool(_SPEECH.search(text) or _DENIAL.search(text))


def tells_more_than_a_picture(text: str) -> bool:
    """Body-text signs a photo cannot show: speech, denial, past or future, statistics.

    >>> tells_more_than_a_picture("Bà Trần Thị Lan đã có 20 năm gắn bó với nghề.")
    True
    >>> tells_more_than_a_picture("Giá gạo xuất khẩu bình quân đạt 505 USD/tấn.")
    True
    >>> tells_more_than_a_picture("Đồng chí Lê Quang Thịnh phát biểu bế mạc kỳ họp")
    False
    """
    return argues_or_reports(text) or bool(_TENSE.search(text) or _FIGURES.search(text))


def describes_picture(text: str) -> bool:
    """Wording that describes a photo: a place in it, a scene, a source, or the people shown.

    >>> describes_picture("Lực lượng chức năng kiểm tra hiện trường vụ cháy.")
    True
    >>> describes_picture("Dự án hoàn thành trong quý III.")
    False
    """
    return names_a_place_in_picture(text) or names_a_scene(text) or is_source_line(text) or shows_people(text)


def names_only_what_captions_name(text: str) -> bool:
    """Wording few body lines share with captions: a place in the photo, a scene, a source,
    or people named with what they do.

    >>> names_only_what_captions_name("Đồng chí Lê Quang Thịnh, Chủ tịch HĐND tỉnh phát biểu bế mạc kỳ họp")
    True
    >>> names_only_what_captions_name("Người dân hưởng lợi từ chính sách mới")
    False
    """
    return names_a_place_in_picture(text) or names_a_scene(text) or is_source_line(text) or names_who_is_shown(text)


def _shorter_than_paragraphs_around(lines: Sequence[Line], i: int) -> bool:
    """True unless a neighbour that ends with a full stop is no longer than line ``i``."""
    around = [lines[j].text for j in (i - 1, i + 1) if 0 <= j < len(lines) and ends_with_stop(lines[j].text)]
    return not around or len(lines[i].text) < max(len(text) for text in around)


def _between_two_paragraphs(lines: Sequence[Line], i: int) -> bool:
    """True when line ``i`` has a line on each side and both end with a full stop."""
    return 0 < i < len(lines) - 1 and ends_with_stop(lines[i - 1].text) and ends_with_stop(lines[i + 1].text)


def _follows_an_introduction(lines: Sequence[Line], i: int) -> bool:
    """True when the line above ends with a colon: line ``i`` is what it introduces (a quote, a list)."""
    return i > 0 and normalize_line(lines[i - 1].text).endswith(":")


def _right_under_a_caption(lines: Sequence[Line], i: int) -> bool:
    """True when the line above is a caption by its credit, or by its own layout and shape."""
    if i == 0:
        return False
    above = lines[i - 1]
    if is_caption(above.text):
        return True
    by_layout = above.image_above or above.italic or above.credit_below
    return by_layout and is_caption_shaped(above.text) and not ends_with_stop(above.text)


def _opens_a_section_after_a_figure(lines: Sequence[Line], i: int) -> bool:
    """True when line ``i`` sits between a caption and a full paragraph with only empty lines
    above it: those end the figure, and the line is more likely the subheading of what follows.
    """
    line = lines[i]
    leads_into_paragraph = i + 1 < len(lines) and not line.image_below and ends_with_stop(lines[i + 1].text)
    return leads_into_paragraph and not line.placeholder_above and _right_under_a_caption(lines, i)


def is_uncredited_caption(lines: Sequence[Line], i: int) -> bool:
    """True when ``lines[i]``, among the article's lines, is a photo caption without a credit.

    >>> page = [Line("Đoạn mở đầu kể lại diễn biến chính của hội nghị sáng nay ở tỉnh.", image_below=True),
    ...         Line("Quang cảnh hội nghị", image_above=True),
    ...         Line("Đoạn tiếp theo nói về các chỉ tiêu được thông qua tại hội nghị lần này.")]
    >>> [is_uncredited_caption(page, i) for i in range(3)]
    [False, True, False]
    >>> page[1] = Line("Nhiều giải pháp đồng bộ")
    >>> is_uncredited_caption(page, 1)
    False
    """
    line = lines[i]
    text = line.text
    if not is_caption_shaped(text) or looks_like_subheading(line):
        return False
    if not _shorter_than_paragraphs_around(lines, i):
        return False
    if is_source_line(text):
        return True
    stop = ends_with_stop(text)
    if line.credit_below:
        return not stop or not tells_more_than_a_picture(text)
    if line.image_above or line.italic:
        if stop:
            return describes_picture(text) and not tells_more_than_a_picture(text)
        if _opens_a_section_after_a_figure(lines, i):
            return describes_picture(text) and not argues_or_reports(text)
        return not argues_or_reports(text)
    if stop or _follows_an_introduction(lines, i) or tells_more_than_a_picture(text):
        return names_a_place_in_picture(text) and _between_two_paragraphs(lines, i)
    if line.image_below:
        return names_only_what_captions_name(text)
    return _between_two_paragraphs(lines, i) and names_only_what_captions_name(text)

"""The layout of pasted page text: its paragraphs, and the image slots between them.

Pasting a news page drops its pictures but not their traces: an extra empty line, a line
holding only a non-breaking or zero-width space, or a placeholder such as "[ảnh]" stands
where an image was. A photo caption sits right under such a slot, so :func:`read_lines`
keeps, for every paragraph, whether a slot lies just above or below it. What counts as an
extra empty line depends on the page: the gap most paragraphs are separated by is ordinary.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from articles.cleanup.captions import is_photo_credit
from articles.cleanup.lines import ends_with_stop, normalize_line


@dataclass(frozen=True)
class Line:
    """One paragraph of a page, with what the page showed around it.

    Lines from HTML or a JSON body only have ``text``; pasted text also tells the rest.
    """

    text: str
    image_above: bool = False  # an image slot between this line and the one above
    placeholder_above: bool = False  # that slot held a placeholder such as "[ảnh]": surely a picture
    image_below: bool = False  # an image slot between this line and the one below
    credit_below: bool = False  # the next line is a bare photo credit ("Ảnh: T.L")
    bold: bool = False  # the whole line was wrapped in ** bold marks
    italic: bool = False  # the whole line was wrapped in * or _ italic marks, as captions often are


@dataclass(frozen=True)
class Gap:
    """What separates two paragraphs: empty lines, and whether any marked an image."""

    empty_lines: int = 0
    invisible: bool = False  # an "empty" line held a non-breaking or zero-width space
    placeholder: bool = False  # a line such as "[ảnh]" stood for the picture


_PLACEHOLDER = re.compile(
    r"^[\[(<{]?\s*(?:ảnh|hình|hình ảnh|image|img|photo|picture|video|clip)(?:\s*\d{1,2})?\s*[\])>}]$"
    r"|^[\[(<{]?\s*ảnh (?:minh h(?:ọa|oạ)|tư liệu)\s*[\])>}]?$"
    r"|^!\[[^\]]*\]\([^)]*\)$"
    r"|^\S+\.(?:jpe?g|png|gif|webp)(?:\?\S*)?$",
    re.IGNORECASE,
)


def is_image_placeholder(line: str) -> bool:
    """A line that only stands where a picture was: "[ảnh]", "(Ảnh minh họa)", a markdown image.

    >>> is_image_placeholder("[Ảnh]")
    True
    >>> is_image_placeholder("(Ảnh minh họa)")
    True
    >>> is_image_placeholder("![](https://example.vn/anh/cau-moi.jpg)")
    True
    >>> is_image_placeholder("Ảnh: Hoàng Anh")
    False
    >>> is_image_placeholder("Video")
    False
    """
    return bool(_PLACEHOLDER.match(normalize_line(line)))


def is_invisible_line(raw: str) -> bool:
    """A raw line that looks empty but holds a non-breaking space, a zero-width space or ``&nbsp;``.

    >>> is_invisible_line("\\u00a0")
    True
    >>> is_invisible_line("\\u200b ")
    True
    >>> is_invisible_line("   ")
    False
    """
    if raw.strip() == "&nbsp;":
        return True
    return not normalize_line(raw) and bool(raw.strip(" \t\r\n"))


def is_bold_line(raw: str) -> bool:
    """A raw line wrapped whole in ``**`` bold marks, as subheadings often are.

    >>> is_bold_line("**Nhiều giải pháp đồng bộ**")
    True
    >>> is_bold_line("**Ông Hùng** cho biết thêm.")
    False
    """
    text = raw.strip()
    return len(text) > 4 and text.startswith("**") and text.endswith("**") and "**" not in text[2:-2]


_ITALIC = re.compile(r"^([*_])(?![\s*_])(?P<text>[^*_]+?)(?<![\s*_])\1$")


def without_italic_marks(line: str) -> tuple[str, bool]:
    """The line without the ``*`` or ``_`` italic marks around it, and whether it had them.

    >>> without_italic_marks("*Quang cảnh hội nghị*")
    ('Quang cảnh hội nghị', True)
    >>> without_italic_marks("* Mục một")
    ('* Mục một', False)
    """
    match = _ITALIC.match(line)
    return (match.group("text"), True) if match else (line, False)


def is_paragraph(text: str) -> bool:
    """A full paragraph: at least ten words and a final full stop.

    >>> is_paragraph("Hợp tác xã trồng cà gai leo và đinh lăng trên diện tích 15 ha ở xã vùng cao.")
    True
    >>> is_paragraph("Quang cảnh hội nghị")
    False
    """
    return len(text.split()) >= 10 and ends_with_stop(text)


@dataclass(frozen=True)
class _Entry:
    """A non-empty line as read, with the gap above it."""

    text: str
    gap_above: Gap
    bold: bool
    italic: bool
    credit: bool


def _entries(text: str) -> list[_Entry]:
    """The non-empty lines of ``text`` with the gap above each; placeholders become part of gaps."""
    entries: list[_Entry] = []
    empty_lines, invisible, placeholder = 0, False, False
    for raw in text.splitlines():
        line = normalize_line(raw)
        if not line or raw.strip() == "&nbsp;":
            empty_lines += 1
            invisible = invisible or is_invisible_line(raw)
            continue
        if is_image_placeholder(line):
            placeholder = True
            continue
        gap = Gap(empty_lines, invisible, placeholder)
        line, italic = without_italic_marks(line)
        entries.append(_Entry(line, gap, is_bold_line(raw), italic, is_photo_credit(line)))
        empty_lines, invisible, placeholder = 0, False, False
    return entries


def ordinary_gap(gaps_by_paragraphs: Sequence[Gap]) -> Gap:
    """The gap a page puts between its paragraphs: the most common count of empty lines
    (the smaller on a tie), with invisible lines only if more than half the gaps hold one.

    >>> ordinary_gap([Gap(1), Gap(1), Gap(3), Gap(1, invisible=True)])
    Gap(empty_lines=1, invisible=False, placeholder=False)
    >>> ordinary_gap([Gap(0), Gap(1)])
    Gap(empty_lines=0, invisible=False, placeholder=False)
    >>> ordinary_gap([])
    Gap(empty_lines=1, invisible=False, placeholder=False)
    """
    if not gaps_by_paragraphs:
        return Gap(1)
    counts = Counter(gap.empty_lines for gap in gaps_by_paragraphs)
    empty_lines = min(counts, key=lambda n: (-counts[n], n))
    invisible = 2 * sum(gap.invisible for gap in gaps_by_paragraphs) > len(gaps_by_paragraphs)
    return Gap(empty_lines, invisible)


def is_image_slot(gap: Gap, ordinary: Gap) -> bool:
    """True when ``gap`` held a picture: a placeholder, more empty lines than the page's
    ordinary gap, or an invisible line where ordinary gaps have none.

    >>> is_image_slot(Gap(2), ordinary=Gap(1))
    True
    >>> is_image_slot(Gap(1, invisible=True), ordinary=Gap(1))
    True
    >>> is_image_slot(Gap(1, invisible=True), ordinary=Gap(1, invisible=True))
    False
    >>> is_image_slot(Gap(1), ordinary=Gap(1))
    False
    """
    return gap.placeholder or gap.empty_lines > ordinary.empty_lines or (gap.invisible and not ordinary.invisible)


def read_lines(text: str) -> list[Line]:
    """The paragraphs of pasted page text, each with the image slots and credit around it.

    Bare photo credits stay in the list (the pipeline drops them); placeholders and the italic
    marks around a whole line do not.

    >>> lines = read_lines("Mở đầu bài viết có đủ mười chữ để thành một đoạn văn.\\n\\n\\n"
    ...                    "Quang cảnh hội nghị\\n\\nĐoạn tiếp theo cũng có đủ mười chữ để thành một đoạn.")
    >>> [(line.text.split()[0], line.image_above, line.image_below) for line in lines]
    [('Mở', False, True), ('Quang', True, False), ('Đoạn', False, False)]
    """
    entries = _entries(text)
    gaps_by_paragraphs = [
        entry.gap_above
        for before, entry in zip(entries, entries[1:], strict=False)
        if is_paragraph(before.text) or is_paragraph(entry.text)
    ]
    ordinary = ordinary_gap(gaps_by_paragraphs)
    lines = []
    for i, entry in enumerate(entries):
        below = entries[i + 1] if i + 1 < len(entries) else None
        slot_below = below is not None and is_image_slot(below.gap_above, ordinary)
        lines.append(Line(
            entry.text,
            image_above=i > 0 and is_image_slot(entry.gap_above, ordinary),
            placeholder_above=i > 0 and entry.gap_above.placeholder,
            image_below=slot_below,
            credit_below=below is not None and below.credit and not slot_below,
            bold=entry.bold,
            italic=entry.italic,
        ))
    return lines


def with_text(line: Line, text: str) -> Line:
    """The same line with other text (its normal form, say).

    >>> with_text(Line("  Tin  mới ", bold=True), "Tin mới")
    Line(text='Tin mới', image_above=False, placeholder_above=False, image_below=False, credit_below=False, bold=True, italic=False)
    """
    return replace(line, text=text)

"""The text pipeline: find headline and dateline in a list of lines, cut the furniture, tag the roles."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from articles.cleanup.byline import author_from_byline, is_byline
from articles.cleanup.captions import is_caption, is_photo_credit, strip_photo_credit
from articles.cleanup.dateline import STATION_TIMEZONE, is_dateline, parse_dateline
from articles.cleanup.junk import is_junk, is_section_end
from articles.cleanup.layout import Line, is_image_placeholder, read_lines, with_text
from articles.cleanup.lines import normalize_line, split_lines
from articles.cleanup.uncredited_captions import is_uncredited_caption
from articles.errors import IngestError
from articles.model import Block, Page


def _headline_index(lines: list[str], dateline_at: int | None) -> int | None:
    """Where the headline is: the last real line above the dateline, else the first real line."""
    if dateline_at is not None:
        for i in range(dateline_at - 1, -1, -1):
            if not is_junk(lines[i]) and not is_photo_credit(lines[i]):
                return i
        start = dateline_at + 1
    else:
        start = 0
    for i in range(start, len(lines)):
        if not is_junk(lines[i]) and not is_photo_credit(lines[i]) and not is_dateline(lines[i]):
            return i
    return None


def _is_dropped(line: str) -> bool:
    """Lines that never reach the article: junk, bare credits, image placeholders, repeated datelines."""
    return is_junk(line) or is_photo_credit(line) or is_image_placeholder(line) or is_dateline(line)


def _article_lines(lines: Sequence[Line]) -> list[Line]:
    """The lines up to the first section end, without the lines :func:`_is_dropped` names."""
    kept = []
    for line in lines:
        if is_section_end(line.text):
            break
        if not _is_dropped(line.text):
            kept.append(line)
    return kept


def _caption_flags(lines: Sequence[Line], captions: frozenset[str]) -> list[bool]:
    """Which article lines are captions: marked by a photo credit, by the HTML they came from
    (``captions``) or, without either, by the layout and wording :func:`is_uncredited_caption` reads.

    An article always has a lead: when every other line is a caption, the first caption found
    only by layout and wording is taken as the lead instead.
    """
    marked = [line.text in captions or is_caption(line.text) for line in lines]
    unmarked = [not marked[i] and is_uncredited_caption(lines, i) for i in range(len(lines))]
    if all(marked[i] or unmarked[i] for i in range(len(lines))) and any(unmarked):
        unmarked[unmarked.index(True)] = False
    return [a or b for a, b in zip(marked, unmarked, strict=True)]


def _role_blocks(lines: list[Line], captions: frozenset[str] = frozenset()) -> list[Block]:
    """Blocks for the article lines after the headline and dateline: lead, body, captions, byline."""
    blocks: list[Block] = []
    byline = lines.pop().text if lines and is_byline(lines[-1].text) else None
    has_lead = False
    for line, is_a_caption in zip(lines, _caption_flags(lines, captions), strict=True):
        text = line.text
        if is_a_caption:
            blocks.append(Block("caption", strip_photo_credit(text) or text))
        elif not has_lead:
            blocks.append(Block("lead", text))
            has_lead = True
        else:
            blocks.append(Block("body", text))
    if byline is not None:
        blocks.append(Block("byline", byline))
    return blocks


def clean_paragraphs(paragraphs: list[str]) -> tuple[Block, ...]:
    """Role-tagged blocks for article paragraphs that come without headline or dateline
    (a JSON body, say): junk and bare photo credits dropped, captions and byline recognised.

    >>> [b.role for b in clean_paragraphs(["(QTV) - Mở đầu.", "Cây cầu mới - Ảnh: T.L", "Chia sẻ", "Minh Hoàng"])]
    ['lead', 'caption', 'byline']
    """
    lines = [Line(text) for text in split_lines("\n".join(paragraphs))]
    return tuple(_role_blocks(_article_lines(lines)))


def build_page(
    lines: Sequence[Line],
    *,
    title: str | None = None,
    captions: frozenset[str] = frozenset(),
    published: datetime | None = None,
    author: str | None = None,
    tz: str = STATION_TIMEZONE,
) -> Page:
    """The pipeline :func:`clean_text` and :func:`articles.cleanup.html.clean_html` share:
    find headline and dateline, cut the page furniture, tag the roles."""
    lines = [with_text(line, normalize_line(line.text)) for line in lines]
    lines = [line for line in lines if line.text]
    if not lines:
        raise IngestError("empty page: there is no text to clean")
    texts = [line.text for line in lines]
    dateline_at = next((i for i, text in enumerate(texts) if is_dateline(text)), None)
    if title is not None:
        title = normalize_line(title)
        headline_at = next((i for i, text in enumerate(texts) if text.casefold() == title.casefold()), None)
    else:
        headline_at = _headline_index(texts, dateline_at)
        if headline_at is None:
            raise IngestError("no article text: the page has only menus, buttons and lists")
        title = texts[headline_at]
    start = max(i for i in (headline_at, dateline_at, -1) if i is not None) + 1
    blocks = _role_blocks(_article_lines(lines[start:]), captions)
    if not any(block.role == "lead" for block in blocks):
        raise IngestError(f"no article text below the headline {title[:60]!r}")
    if dateline_at is not None:
        blocks.insert(0, Block("dateline", texts[dateline_at]))
        published = published or parse_dateline(texts[dateline_at], tz)
    byline = next((block.text for block in blocks if block.role == "byline"), None)
    if byline is not None:
        author = author_from_byline(byline)
    return Page(title=title, blocks=tuple(blocks), published=published, author=author or None)


def clean_text(text: str) -> Page:
    """Clean plain text pasted from a news page into a Page.

    >>> page = clean_text("Trang chủ > Thời sự\\nMưa lớn ở miền núi\\nThứ năm, 26/11/2026 - 08:15\\n"
    ...                   "(QTV) - Mưa lớn kéo dài.\\nChia sẻ\\nMinh Hoàng")
    >>> page.title, [b.role for b in page.blocks], page.author
    ('Mưa lớn ở miền núi', ['dateline', 'lead', 'byline'], 'Minh Hoàng')
    """
    if not isinstance(text, str) or not text.strip():
        raise IngestError("empty text: there is nothing to clean")
    return build_page(read_lines(text))

"""Page clean-up: turn pasted page text or a saved HTML page into a :class:`~articles.model.Page`.

A news page carries much more than the article: menus, breadcrumbs, share bars,
comment boxes, polls, TV schedules, related-article lists and footers. Clean-up
keeps the headline and tags every kept paragraph with its role (dateline, lead,
body, caption, byline); everything else is dropped.

Every rule is a small function on one line of text, in the module of its job:

- :mod:`~articles.cleanup.lines`: the one normal form every rule compares lines in
- :mod:`~articles.cleanup.dateline`: the "Thứ hai, 15/01/2018 - 21:03" line and the time it gives
- :mod:`~articles.cleanup.junk`: page furniture, and the lines after which the article is over
- :mod:`~articles.cleanup.captions`: captions marked by a photo credit, and bare credits
- :mod:`~articles.cleanup.layout`: pasted text read as paragraphs with the image slots between them
- :mod:`~articles.cleanup.uncredited_captions`: captions without a credit, told by layout and wording
- :mod:`~articles.cleanup.byline`: the author line
- :mod:`~articles.cleanup.page`: the pipeline from lines to a Page; pasted text enters here
- :mod:`~articles.cleanup.html`: saved HTML pages, which end in the same pipeline
"""
from __future__ import annotations

from articles.cleanup.byline import author_from_byline, is_byline
from articles.cleanup.captions import is_caption, is_photo_credit, strip_photo_credit
from articles.cleanup.dateline import STATION_TIMEZONE, is_dateline, parse_dateline
from articles.cleanup.html import clean_html
from articles.cleanup.junk import (
    JUNK_RULES,
    is_breadcrumb,
    is_comment_box,
    is_footer,
    is_junk,
    is_nav_menu,
    is_poll,
    is_print_control,
    is_section_end,
    is_share_bar,
    is_sidebar_label,
    is_tag_line,
    is_tv_schedule,
)
from articles.cleanup.lines import normalize_line, split_lines
from articles.cleanup.page import clean_paragraphs, clean_text

__all__ = [
    "JUNK_RULES",
    "STATION_TIMEZONE",
    "author_from_byline",
    "clean_html",
    "clean_paragraphs",
    "clean_text",
    "is_breadcrumb",
    "is_byline",
    "is_caption",
    "is_comment_box",
    "is_dateline",
    "is_footer",
    "is_junk",
    "is_nav_menu",
    "is_photo_credit",
    "is_poll",
    "is_print_control",
    "is_section_end",
    "is_share_bar",
    "is_sidebar_label",
    "is_tag_line",
    "is_tv_schedule",
    "normalize_line",
    "parse_dateline",
    "split_lines",
    "strip_photo_credit",
]

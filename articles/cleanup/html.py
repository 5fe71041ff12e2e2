"""Saved HTML pages: extract the article with trafilatura, put back what it misses, then the text pipeline."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from articles.categories import from_html as categories_from_html
from articles.cleanup.byline import is_byline
from articles.cleanup.dateline import STATION_TIMEZONE, is_dateline
from articles.cleanup.junk import is_junk
from articles.cleanup.layout import Line
from articles.cleanup.lines import normalize_line, split_lines
from articles.cleanup.page import build_page
from articles.cleanup.uncredited_captions import is_uncredited_caption
from articles.errors import IngestError
from articles.model import Page


def _parse_html(html: str):
    """The lxml tree of ``html``; an IngestError when it holds no markup at all."""
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as err:
        raise IngestError(f"unreadable HTML: {err}") from None
    return tree


def _caption_elements(tree) -> list:
    """Caption elements: ``<figcaption>`` and elements whose class names a caption."""
    return tree.xpath(
        "//figcaption | //*[contains(concat(' ', normalize-space(@class), ' '), ' caption ')"
        " or contains(@class, 'image_desc') or contains(@class, 'img-caption')]"
    )


def _shows_only_pictures(element) -> bool:
    """An ``<img>``, or a block that holds pictures and no text."""
    if element.tag == "img":
        return True
    return bool(element.xpath(".//img")) and not normalize_line(element.text_content())


def _wholly_in(element, tags: tuple[str, ...]) -> bool:
    """A paragraph whose whole text sits in one child element with one of ``tags`` ("em", "strong")."""
    return (len(element) == 1 and element[0].tag in tags and not (element.text or "").strip()
            and not (element[0].tail or "").strip())


def _captions_after_pictures(tree) -> list:
    """Paragraphs right after a picture that read as its caption, for pages without ``<figcaption>``.

    The paragraph is judged as a pasted line under an image slot (see
    :func:`~articles.cleanup.uncredited_captions.is_uncredited_caption`): italics count for it,
    bold marks a subheading.

    >>> from lxml import html
    >>> tree = html.fromstring("<div><p><img src='a.jpg'></p><p><em>Quang cảnh hội nghị</em></p>"
    ...                        "<p><img src='b.jpg'></p><p>Hội nghị kéo dài một ngày.</p></div>")
    >>> [normalize_line(p.text_content()) for p in _captions_after_pictures(tree)]
    ['Quang cảnh hội nghị']
    """
    found = []
    for paragraph in tree.iter("p"):
        before = paragraph.getprevious()
        text = normalize_line(paragraph.text_content())
        if before is None or not text or not _shows_only_pictures(before):
            continue
        line = Line(text, image_above=True, bold=_wholly_in(paragraph, ("strong", "b")),
                    italic=_wholly_in(paragraph, ("em", "i")))
        if is_uncredited_caption([line], 0):
            found.append(paragraph)
    return found


def _lift_captions(tree) -> frozenset[str]:
    """Turn every figure into a plain paragraph of its caption so the extractor keeps it.

    Trafilatura drops ``<figure>`` content; captions are part of the article Loa reads.
    Captions without markup are the paragraphs :func:`_captions_after_pictures` finds.
    Returns the caption texts so the pipeline can tag them even without an "Ảnh:" mark.
    """
    from lxml import html as lxml_html

    texts = set()
    marked = _caption_elements(tree)
    for element in marked + [p for p in _captions_after_pictures(tree) if p not in marked]:
        text = normalize_line(element.text_content())
        if not text:
            continue
        texts.add(text)
        figure = next((a for a in element.iterancestors() if a.tag == "figure"), None)
        target = figure if figure is not None else element
        paragraph = lxml_html.Element("p")
        paragraph.text = text
        paragraph.tail = target.tail
        if target.getparent() is not None:
            target.getparent().replace(target, paragraph)
    return frozenset(texts)


def _html_headline(tree) -> str | None:
    """Text of the first ``<h1>``, if any."""
    for heading in tree.iter("h1"):
        text = normalize_line(heading.text_content())
        if text:
            return text
    return None


def _html_dateline(tree, limit: int = 200) -> str | None:
    """The first short text after the ``<h1>`` (or anywhere, without one) that is a dateline."""
    headings = tree.xpath("//h1")
    elements = headings[0].xpath("following::*") if headings else list(tree.iter())
    for element in elements[:limit]:
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        text = normalize_line(element.text_content())
        if text and len(text) <= 80 and is_dateline(text):
            return text
    return None


_LEAD_CLASSES = ("sapo", "lead", "summary", "chapeau", "description", "excerpt")
_BYLINE_CLASSES = ("author", "byline", "tacgia", "tac-gia")


def _elements_with_class(tree, names: tuple[str, ...]) -> list:
    """Elements in the page body whose class attribute contains one of ``names``."""
    condition = " or ".join(f"contains(translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
                            f"'abcdefghijklmnopqrstuvwxyz'), '{name}')" for name in names)
    return tree.xpath(f"//body//*[{condition}]")


def _html_lead(tree) -> str | None:
    """The lead paragraph marked by its class ("sapo", "lead", "summary"...), if any.

    Many CMS templates put the lead outside the article body, where the extractor misses it.
    """
    for element in _elements_with_class(tree, _LEAD_CLASSES):
        text = normalize_line(element.text_content())
        if len(text) >= 40 and not is_junk(text):
            return text
    return None


def _html_byline(tree) -> str | None:
    """The last author line marked by its class ("author", "byline"), if it reads as a byline."""
    for element in reversed(_elements_with_class(tree, _BYLINE_CLASSES)):
        text = normalize_line(element.text_content())
        if is_byline(text):
            return text
    return None


def _with_html_parts(lines: list[str], title: str, dateline: str | None, lead: str | None,
                     byline: str | None) -> list[str]:
    """The extracted lines with headline, dateline, lead and byline put back where missing.

    >>> _with_html_parts(["Thân bài."], "Tiêu đề", "Thứ hai, 28/10/2024 - 16:20", "Mở đầu.", "Minh Hoàng")
    ['Tiêu đề', 'Thứ hai, 28/10/2024 - 16:20', 'Mở đầu.', 'Thân bài.', 'Minh Hoàng']
    """
    lines = list(lines)
    folded = {line.casefold() for line in lines}
    if title.casefold() not in folded:
        lines.insert(0, title)
    at = next(i for i, line in enumerate(lines) if line.casefold() == title.casefold()) + 1
    if dateline and not any(is_dateline(line) for line in lines):
        lines.insert(at, dateline)
    if dateline:
        at = next((i + 1 for i, line in enumerate(lines) if is_dateline(line)), at)
    if lead and lead.casefold() not in folded:
        lines.insert(at, lead)
    if byline and byline.casefold() not in folded:
        lines.append(byline)
    return lines


def _metadata_published(value: str | None, tz: str) -> datetime | None:
    """The publication time from page metadata, when it carries a time of day or an offset.

    A bare date (the extractor reports it as midnight without an offset) says less than
    the dateline, so it only counts as a last resort in :func:`clean_html`.

    >>> _metadata_published("2024-10-28T16:25:00+07:00", "Asia/Ho_Chi_Minh")
    datetime.datetime(2024, 10, 28, 16, 25, tzinfo=datetime.timezone(datetime.timedelta(seconds=25200)))
    >>> _metadata_published("2024-10-28T00:00:00", "Asia/Ho_Chi_Minh") is None
    True
    """
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        if parsed.time() == datetime.min.time():
            return None
        parsed = parsed.replace(tzinfo=ZoneInfo(tz))
    return parsed


def _metadata_date(value: str | None, tz: str) -> datetime | None:
    """Midnight of the date in page metadata, in ``tz``, or None.

    >>> _metadata_date("2024-11-05", "Asia/Ho_Chi_Minh")
    datetime.datetime(2024, 11, 5, 0, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Ho_Chi_Minh'))
    """
    if not value:
        return None
    try:
        return datetime.fromisoformat(value[:10]).replace(tzinfo=ZoneInfo(tz))
    except ValueError:
        return None


def clean_html(html: str, url: str | None = None) -> Page:
    """Clean a saved HTML news page into a Page.

    The main text comes from trafilatura; title, author and date from the page metadata
    (the visible ``<h1>``, dateline and byline win when present), section and tags from its
    meta tags or JSON-LD (``articles.categories``). The paragraphs then go through the same
    rules as :func:`articles.cleanup.page.clean_text`.
    """
    import trafilatura
    from lxml import html as lxml_html
    from trafilatura.settings import Document

    if not isinstance(html, str) or not html.strip():
        raise IngestError("empty HTML: there is nothing to clean")
    tree = _parse_html(html)
    categories = categories_from_html(tree)
    captions = _lift_captions(tree)
    headline = _html_headline(tree)
    dateline = _html_dateline(tree)
    document = trafilatura.bare_extraction(
        lxml_html.tostring(tree, encoding="unicode"),
        url=url,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        date_extraction_params={"extensive_search": True, "original_date": True,
                                "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
    )
    if not isinstance(document, Document) or not document.text or not document.text.strip():
        raise IngestError("no article text found in the HTML page")
    title = headline or normalize_line(document.title or "")
    lines = split_lines(document.text)
    lines = _with_html_parts(lines, title or lines[0], dateline, _html_lead(tree), _html_byline(tree))
    page = build_page(
        [Line(line) for line in lines],
        title=title or lines[0],
        captions=captions,
        published=_metadata_published(document.date, STATION_TIMEZONE),
        author=normalize_line(document.author or "") or None,
    )
    if page.published is None:
        page = Page(page.title, page.blocks, _metadata_date(document.date, STATION_TIMEZONE), page.author)
    return replace(page, section=categories.section, tags=categories.tags)

"""An article's section and tags, as each kind of source gives them: HTML meta tags and JSON-LD, the
webhook's JSON fields, RSS and Atom categories; kept as written, matched without case or diacritics."""
from __future__ import annotations

import json

import feedparser
import pytest

from articles.categories import Categories, match_key
from articles.errors import IngestError
from articles.ingest import parse_article
from articles.sources import entry_categories

BODY = ("<p>Chiều 28/11, giá vàng miếng trong nước tăng thêm 300.000 đồng mỗi lượng so với đầu tuần.</p>"
        "<p>Các doanh nghiệp cho biết lượng người mua tăng nhẹ, chủ yếu là mua tích trữ cuối năm.</p>"
        "<p>Ngân hàng Nhà nước tiếp tục theo dõi sát diễn biến của thị trường vàng.</p>")


def page(head: str) -> bytes:
    return (f"<html><head><title>Giá vàng tăng nhẹ cuối tuần</title>{head}</head><body><article>"
            f"<h1>Giá vàng tăng nhẹ cuối tuần</h1>{BODY}</article></body></html>").encode()


def test_html_meta_tags_give_the_section_and_tags_as_written():
    article = parse_article(page(
        '<meta property="article:section" content="Kinh tế">'
        '<meta property="article:tag" content="Giá vàng"><meta property="article:tag" content="giá  VÀNG">'
        '<meta property="article:tag" content="Ngân hàng">'), "html")
    assert (article.section, article.tags) == ("Kinh tế", ("Giá vàng", "Ngân hàng"))


def test_json_ld_gives_them_when_the_meta_tags_do_not():
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "Trang"},
        {"@type": "NewsArticle", "articleSection": ["Kinh tế", "Thị trường"], "keywords": "giá vàng, tích trữ"}]}
    article = parse_article(page(f'<script type="application/ld+json">{json.dumps(ld)}</script>'
                                 '<script type="application/ld+json">{ không phải JSON</script>'), "html")
    assert (article.section, article.tags) == ("Kinh tế", ("giá vàng", "tích trữ"))


def test_a_page_that_says_nothing_has_no_section_and_no_tags():
    article = parse_article(page(""), "html")
    assert (article.section, article.tags) == (None, ())


def json_article(**fields) -> bytes:
    doc = {"title": "Đội tuyển bóng đá nữ giành huy chương vàng",
           "body": "Tối 28/11, đội tuyển bóng đá nữ Việt Nam thắng 2-0 trong trận chung kết.\n\n"
                   "Đây là lần thứ năm liên tiếp đội giành huy chương vàng.", **fields}
    return json.dumps(doc, ensure_ascii=False).encode()


def test_the_webhook_json_category_and_tags():
    article = parse_article(json_article(category=" Thể  thao ", tags=["SEA Games", "Bóng đá nữ", "sea games"]),
                            "json")
    assert (article.section, article.tags) == ("Thể thao", ("SEA Games", "Bóng đá nữ"))


@pytest.mark.parametrize("fields, message", [
    ({"category": ["Thể thao"]}, "'category' must be text, not a list"),
    ({"category": "x" * 101}, "'category' is longer than 100 characters"),
    ({"tags": "Thể thao"}, "'tags' must be a list of texts like [\"Thể thao\"], not text"),
    ({"tags": ["Thể thao", 7]}, "'tags' must be a list of texts, and holds a number"),
    ({"tags": ["tin"] * 31}, "'tags' has 31 entries, more than the 30 kept"),
    ({"tags": ["Thể \x00thao"]}, "'tags' contains a NUL character"),
])
def test_bad_categories_are_one_line_errors_naming_the_field(fields, message):
    with pytest.raises(IngestError) as caught:
        parse_article(json_article(**fields), "json", name="bai.json")
    assert str(caught.value).startswith("bai.json: " + message)


def test_rss_and_atom_categories_in_order():
    rss = feedparser.parse("""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Đài</title>
        <item><title>Tin</title><link>https://radio.example.vn/tin/1</link>
        <category>Thời sự</category><category>Quốc hội</category><category>thời sự</category></item>
        </channel></rss>""")
    atom = feedparser.parse("""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
        <title>Đài</title><entry><title>Tin</title><id>tag:radio.example.vn,2026:1</id>
        <category term="kinh-te" label="Kinh tế"/><category term="Nông nghiệp"/></entry></feed>""")
    assert entry_categories(rss.entries[0]) == ("Thời sự", "Quốc hội")
    assert entry_categories(atom.entries[0]) == ("Kinh tế", "Nông nghiệp")


def test_matching_ignores_case_diacritics_and_spacing():
    assert match_key("THỜI  SỰ") == match_key("thoi su") == match_key("Thời sự")
    assert match_key("Đô thị") == "do thi"
    filed = Categories("Kinh Tế", ("Giá vàng", "LÃI SUẤT"))
    assert (filed.section_key, filed.tag_keys) == ("kinh te", {"gia vang", "lai suat"})
    assert Categories().section_key is None

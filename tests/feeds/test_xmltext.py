import doctest

import pytest
from lxml import etree

import feeds.xmltext
from feeds.xmltext import strip_xml_invalid


def _lxml_accepts(text: str) -> bool:
    element = etree.Element("t")
    try:
        element.text = text
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    "bad",
    ["\x00", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff", "\ud800", "\udfff"],
)
def test_removes_characters_xml_cannot_hold(bad):
    dirty = f"Hà{bad}Nội"
    assert not _lxml_accepts(dirty)
    cleaned = strip_xml_invalid(dirty)
    assert cleaned == "HàNội"
    assert _lxml_accepts(cleaned)


def test_keeps_whitespace_vietnamese_and_astral_characters():
    text = "Tiêu đề\tcột 1\ncột 2\r\nĐường Trường Sơn \u00a0 \ufffd \U0001f4fb"
    assert strip_xml_invalid(text) == text


def test_every_code_point_outside_xml_chars_is_removed():
    invalid = [c for c in range(0x20) if c not in (0x9, 0xA, 0xD)] + [0xFFFE, 0xFFFF]
    invalid += list(range(0xD800, 0xE000))
    text = "".join(chr(c) for c in invalid)
    assert strip_xml_invalid("a" + text + "b") == "ab"


def test_docstring_example_holds():
    result = doctest.testmod(feeds.xmltext)
    assert result.attempted >= 1
    assert result.failed == 0

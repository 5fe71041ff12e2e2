"""Make arbitrary text safe to place in an XML 1.0 document."""
from __future__ import annotations

import re

# XML 1.0 (section 2.2) allows tab, newline, carriage return, U+0020..U+D7FF,
# U+E000..U+FFFD and U+10000..U+10FFFF. Everything else -- the other C0 controls,
# lone surrogates, U+FFFE and U+FFFF -- makes the document malformed.
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def strip_xml_invalid(text: str) -> str:
    """Return ``text`` without the characters an XML 1.0 document cannot hold.

    Scraped article text sometimes carries vertical tabs or other control
    characters, which make XML serialisers raise and feed readers fail.

    >>> strip_xml_invalid("Tin\\x0b nóng\\x00 hôm nay\\ufffe")
    'Tin nóng hôm nay'
    """
    return _NOT_XML_CHAR.sub("", text)

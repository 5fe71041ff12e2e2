"""An RDXML sidecar: the cart and cut metadata Rivendell's ``rdimport --xml`` reads from
``<basename>.xml`` beside each audio file it imports.

rdimport's reader is line-based, not a real XML parser: it looks for ``<cart>``, ``<cutList>``,
``<cut>`` and their closing tags alone on a line, and for each field as ``<name>value</name>`` on
one line; it reads lines of at most 1023 bytes and takes the metadata of the first cut. So every
element stands on its own line, values have no line breaks and are cut (at a character boundary,
after escaping) to keep a line under that limit, and there is always one cut. The file is UTF-8
(Vietnamese is kept: Rivendell stores titles as UTF-8). Dates carry the station's UTC offset,
as Rivendell writes them itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_GROUP = re.compile(r"^[A-Za-z0-9_-]{1,10}$")  # Rivendell group names: at most 10 characters
MAX_LINE = 1000  # bytes, below rdimport's 1023-byte line buffer


@dataclass(frozen=True)
class RdxmlCart:
    title: str
    group: str  # Rivendell group, e.g. NEWS
    start: datetime  # timezone-aware: the cut may air from then
    end: datetime  # timezone-aware: the kill date
    artist: str = ""
    album: str = ""
    user_defined: str = ""
    description: str = ""  # the cut's description
    outcue: str = ""

    def __post_init__(self) -> None:
        if not _GROUP.match(self.group):
            raise ValueError(f"not a Rivendell group name (letters, digits, - or _, at most 10): {self.group!r}")
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("RDXML dates must be timezone-aware")
        if self.end < self.start:
            raise ValueError("a cut cannot end before it starts")


def _field(indent: str, name: str, value: str) -> str:
    text = _CONTROL.sub(" ", value).strip()
    room = MAX_LINE - len(f"{indent}<{name}></{name}>\n".encode())
    escaped = escape(text)
    while len(escaped.encode("utf-8")) > room:  # cut the text, never an entity or a character
        text = text[:-max(1, (len(escaped.encode("utf-8")) - room) // 6)]
        escaped = escape(text)
    return f"{indent}<{name}>{escaped}</{name}>\n"


def _datetime(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def rdxml(cart: RdxmlCart) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>\n', "<cart>\n",
             "  <type>audio</type>\n",
             _field("  ", "groupName", cart.group),
             _field("  ", "title", cart.title),
             _field("  ", "artist", cart.artist),
             _field("  ", "album", cart.album),
             _field("  ", "userDefined", cart.user_defined),
             "  <cutList>\n",
             "    <cut>\n",
             _field("      ", "description", cart.description or cart.title),
             _field("      ", "outcue", cart.outcue),
             _field("      ", "startDatetime", _datetime(cart.start)),
             _field("      ", "endDatetime", _datetime(cart.end)),
             "    </cut>\n",
             "  </cutList>\n",
             "</cart>\n"]
    return "".join(lines).encode("utf-8")

"""An article's section and tags as its source gives them, and the one form they are matched in.

Sources say where an article belongs in several ways: HTML ``<meta property="article:section">``
and ``article:tag``, JSON-LD ``articleSection`` and ``keywords``, the webhook's ``category`` and
``tags``, RSS/Atom ``<category>``. Each label is kept as the source writes it (whitespace
collapsed), for display; ``match_key`` is what shows compare: case-folded, without diacritics
(đ as d), so "Thời sự", "THỜI SỰ" and "thoi su" select the same show.

An article keeps at most ``MAX_TAGS`` tags of at most ``MAX_LABEL_CHARS`` characters each; the
same tag twice (as ``match_key`` sees it) is kept once, in the first spelling given.
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

log = logging.getLogger("loa.articles.categories")

MAX_TAGS = 30
MAX_LABEL_CHARS = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class Categories:
    """Where the source files an article: its section (one, or none) and its tags."""

    section: str | None = None
    tags: tuple[str, ...] = ()

    @cached_property
    def section_key(self) -> str | None:
        """The section's ``match_key`` (None without a section)."""
        return match_key(self.section) if self.section else None

    @cached_property
    def tag_keys(self) -> frozenset[str]:
        """Every tag's ``match_key``."""
        return frozenset(match_key(tag) for tag in self.tags)


def label_keys(section: str | None, tags: Iterable[str]) -> set[tuple[str, str]]:
    """What the database indexes an article under: ``("section", key)`` and ``("tag", key)`` pairs
    of ``match_key`` forms, so a show finds its articles without reading every article.

    >>> sorted(label_keys("Thời sự", ["Giá vàng", "GIÁ VÀNG"]))
    [('section', 'thoi su'), ('tag', 'gia vang')]
    """
    keys = {("section", match_key(section))} if section else set()
    keys |= {("tag", match_key(tag)) for tag in tags}
    return {(kind, key) for kind, key in keys if key}


def match_key(label: str) -> str:
    """The form labels are compared in: case-folded, no diacritics, single spaces.

    >>> match_key("  Thời   SỰ "), match_key("Đời sống"), match_key("thoi su")
    ('thoi su', 'doi song', 'thoi su')
    """
    folded = unicodedata.normalize("NFD", label.replace("Đ", "D").replace("đ", "d")).casefold()
    return " ".join("".join(ch for ch in folded if not unicodedata.combining(ch)).split())


def label(value: object) -> str | None:
    """A label as it is kept: text with whitespace collapsed, control characters dropped, at most
    ``MAX_LABEL_CHARS`` characters; None when nothing is left or ``value`` is not text.

    >>> label("  Kinh\\n tế "), label(""), label(12)
    ('Kinh tế', None, None)
    """
    if not isinstance(value, str):
        return None
    text = " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", value)).split())
    return text[:MAX_LABEL_CHARS].rstrip() or None


def labels(values: Iterable[object]) -> tuple[str, ...]:
    """The labels of ``values``, each once (by ``match_key``), in order, at most ``MAX_TAGS``.

    >>> labels(["Bóng đá", "bong da", " ", "V-League", None])
    ('Bóng đá', 'V-League')
    """
    kept: dict[str, str] = {}
    for value in values:
        text = label(value)
        if text and match_key(text) not in kept:
            kept[match_key(text)] = text
        if len(kept) == MAX_TAGS:
            break
    return tuple(kept.values())


def keywords(value: object) -> tuple[str, ...]:
    """JSON-LD ``keywords``: a list of labels, or one text of labels separated by commas.

    >>> keywords("giá vàng, lãi suất,ngân hàng"), keywords(["Hà Nội", 3])
    (('giá vàng', 'lãi suất', 'ngân hàng'), ('Hà Nội',))
    """
    if isinstance(value, str):
        return labels(value.split(","))
    if isinstance(value, list):
        return labels(value)
    return ()


def from_html(tree) -> Categories:
    """The section and tags an HTML page (an lxml tree) declares: ``article:section`` and
    ``article:tag`` meta tags, else JSON-LD ``articleSection`` and ``keywords``."""
    section = label(next(iter(tree.xpath("//meta[@property='article:section']/@content")), None))
    tags = labels(tree.xpath("//meta[@property='article:tag']/@content"))
    for item in _json_ld_items(tree):
        if section is None:
            found = item.get("articleSection")
            section = label(found[0] if isinstance(found, list) and found else found)
        if not tags:
            tags = keywords(item.get("keywords"))
    return Categories(section, tags)


def _json_ld_items(tree) -> list[dict]:
    """The JSON-LD objects of the page that describe an article, ``@graph`` entries included."""
    found: list[dict] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            log.info("unreadable JSON-LD block skipped")
            continue
        pending = data if isinstance(data, list) else [data]
        while pending:
            item = pending.pop(0)
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("@graph"), list):
                pending.extend(item["@graph"])
            if "articleSection" in item or "keywords" in item:
                found.append(item)
    return found

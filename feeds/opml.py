"""OPML 2.0 subscription lists (http://opml.org/spec2.opml): every feed of the installation in one
file that podcast apps and directories import."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from feeds.xmltext import strip_xml_invalid


@dataclass(frozen=True)
class Subscription:
    """One feed: ``<outline type="rss" text title xmlUrl htmlUrl description language>``."""

    title: str
    feed_url: str
    page_url: str
    description: str = ""
    language: str = "vi"


def opml_document(title: str, owner: str, subscriptions: Sequence[Subscription]) -> bytes:
    """The OPML 2.0 document listing ``subscriptions`` in order: UTF-8 with its declaration, one
    ``outline`` per feed under ``body``."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = strip_xml_invalid(title)
    etree.SubElement(head, "ownerName").text = strip_xml_invalid(owner)
    body = etree.SubElement(root, "body")
    for feed in subscriptions:
        outline = etree.SubElement(body, "outline", type="rss", text=strip_xml_invalid(feed.title),
                                   title=strip_xml_invalid(feed.title), xmlUrl=feed.feed_url, htmlUrl=feed.page_url)
        if feed.description:
            outline.set("description", strip_xml_invalid(feed.description))
        outline.set("language", feed.language)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

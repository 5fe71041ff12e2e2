"""A podcast channel for feed tests; each test changes only what it is about."""
from __future__ import annotations

from typing import Any

from feeds.podcast import Channel


def make_channel(**changes: Any) -> Channel:
    fields: dict[str, Any] = dict(
        title="Loa – Tin tức mỗi ngày",
        description="Tin tức tiếng Việt đọc thành tiếng.",
        link="https://loa.example.vn/",
        feed_url="https://loa.example.vn/feeds/tin-tuc.xml",
        image_url="https://loa.example.vn/cover.png",
        author="Loa",
        email="bientap@loa.example.vn",
        category="News",
    )
    fields.update(changes)
    return Channel(**fields)

"""Write the podcast feed to disk so that subscribers never read a half-written file."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from feeds.podcast import Channel, FeedItem, build_feed, format_duration
from loa.storage import atomic_write_bytes

__all__ = ["format_duration", "publish_feed"]


def publish_feed(
    path: Path,
    channel: Channel,
    items: Sequence[FeedItem],
    last_build: datetime | None = None,
) -> Path:
    """Build the feed and replace ``path`` with it in one rename; return ``path``.

    The whole document is built in memory first, so when building fails (duplicate
    GUIDs, a naive ``last_build``) the feed already on disk is left exactly as it was.
    """
    path = Path(path)
    document = build_feed(channel, items, last_build)
    atomic_write_bytes(path, document)
    return path

"""Each show's feed (``shows/<slug>/feed.xml``) and cover, rebuilt with ``feed.xml``.

``Pipeline.rebuild_feed`` calls ``rebuild_show_feeds`` under the feed lock whenever it rebuilds the
all-news feed (an article published, edited, retracted, its embargo over; ``loa feed``), so an
article that moved from one show to another leaves the first and enters the second at once. Items
are made as ``feed.xml``'s are; a show's channel has its own title, description, cover, page and
``podcast:guid`` (derived from its own feed URL).
"""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from feeds.podcast import Channel, FeedItem
from feeds.publish import feed_document
from feeds.shows import Show

if TYPE_CHECKING:
    from worker.pipeline import Pipeline

log = logging.getLogger("loa.shows")


def rebuild_show_feeds(pipeline: Pipeline, now: datetime, limit: int) -> list[str]:
    """Every show's feed from the database: its newest ``limit`` published articles whose time has
    come by ``now``. Call it holding the feed lock."""
    shows = pipeline.shows
    if not shows:
        return []
    chosen = {show.slug: pipeline.store.published_in(show.section_keys, show.tag_keys, as_of=now, limit=limit)
              for show in shows}
    wanted = {article_id for ids in chosen.values() for article_id in ids}
    found = {a.id: (a, e) for a, e in pipeline.store.published(as_of=now, ids=wanted)} if wanted else {}
    numbers = pipeline.store.article_numbers()
    stored = pipeline.stored_files("episodes")
    written = []
    for show in shows:
        publish_cover(pipeline, show)
        items: list[FeedItem] = []
        for article_id in chosen[show.slug]:
            if article_id not in found:
                continue  # taken out between the two reads
            article, episode = found[article_id]
            try:
                items.append(pipeline.feed_item(article, episode, numbers.get(article_id), stored))
            except ValueError as err:  # already logged, and the article failed, by the all-news feed
                log.error("article %s left out of show %s: %s", article_id, show.slug, err)
        pipeline.storage.write_bytes(show.feed_key, feed_document(show_channel(pipeline, show), items,
                                                                  None if items else now))
        written.append(pipeline.storage.location(show.feed_key))
    return written


def show_channel(pipeline: Pipeline, show: Show) -> Channel:
    """The all-news channel with the show's own title, description, page, feed, cover and GUID."""
    settings = pipeline.settings
    return replace(pipeline.channel(), title=show.title, description=show.description,
                   link=settings.public_url(show.page_path), feed_url=settings.public_url(show.feed_key),
                   image_url=settings.file_url(show.cover_key), podcast_guid="")


def publish_cover(pipeline: Pipeline, show: Show) -> None:
    """The show's cover in place: a copy of its file when it names one (replaced when the file
    changes), else one drawn from the station's name and the show's title, once."""
    storage = pipeline.storage
    if show.cover is None:
        if not storage.exists(show.cover_key):
            from feeds.cover import default_cover_png

            storage.write_bytes(show.cover_key, default_cover_png(pipeline.settings.station_name, show.title))
        return
    try:
        data = show.cover.read_bytes()
    except OSError as err:  # moved since the start: the cover published before stays
        log.error("show %s: cover file %s cannot be read: %s", show.slug, show.cover, err.strerror)
        return
    if not storage.exists(show.cover_key) or storage.read_bytes(show.cover_key) != data:
        storage.write_bytes(show.cover_key, data)

"""The files published for one stitched programme (an article episode or a bulletin).

Beside ``<stem>.mp3`` (the podcast master: -19 LUFS mono / -16 LUFS stereo, ID3v2.4 with
chapters and cover) go ``<stem>.wav`` (the broadcast master: 48 kHz BWF, -23 LUFS, bext v2),
``<stem>.vtt`` and ``<stem>.srt`` (transcripts, articles only) and ``<stem>.chapters.json``
(Podcasting 2.0 chapters, when there are any). Every file is written under a temporary name and
renamed into place; the broadcast WAV is copied to the radio drop folder when one is set.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from audio.bwf import BextInfo
from audio.clip import Clip
from audio.masters import broadcast_master, podcast_master
from audio.tags import Chapter, EpisodeTags
from feeds import dropfolder
from feeds.chapters import ChapterMark, publish_chapters
from feeds.transcripts import Cue, publish_transcripts
from loa.settings import Settings
from loa.storage import Storage

COVER_KEY = "cover.png"


@dataclass(frozen=True)
class Programme:
    """What the files describe: one article or one bulletin."""

    ident: str  # article or bulletin id: names the drop-folder files
    title: str
    published: datetime
    url: str | None
    kind: str  # "segment" or "bulletin"


def sidecar_key(mp3_key: str, suffix: str) -> str:
    """``episodes/a/a-1f.mp3`` → ``episodes/a/a-1f<suffix>``."""
    return mp3_key.removesuffix(".mp3") + suffix


def cover_png(settings: Settings, storage: Storage) -> bytes:
    """The station's cover (``cover.png`` in the data directory), made once from the station name."""
    if storage.exists(COVER_KEY):
        return storage.read_bytes(COVER_KEY)
    from feeds.cover import default_cover_png

    data = default_cover_png(settings.station_name, settings.feed_title)
    storage.write_bytes(COVER_KEY, data)
    return data


def write_podcast_outputs(
    settings: Settings,
    storage: Storage,
    audio: Clip,
    mp3_key: str,
    programme: Programme,
    chapters: Sequence[ChapterMark] = (),
    cues: Sequence[Cue] = (),
) -> int:
    """What the podcast feed links to: the MP3 master, transcripts and chapters. Returns the MP3's
    size in bytes (the feed's enclosure length)."""
    local = programme.published.astimezone(ZoneInfo(settings.timezone))
    id3_chapters = [Chapter(c.title, c.start, c.end if c.end is not None else audio.duration, c.url)
                    for c in chapters]
    podcast = podcast_master(
        audio, storage.path(mp3_key), stereo=settings.podcast_stereo, bitrate=settings.mp3_bitrate,
        tags=EpisodeTags(title=programme.title, artist=settings.station_name, album=settings.feed_title,
                         date=local, comment=programme.url or ""),
        chapters=id3_chapters, cover_png=cover_png(settings, storage),
    )
    if cues:
        publish_transcripts(storage.path(sidecar_key(mp3_key, ".vtt")), storage.path(sidecar_key(mp3_key, ".srt")),
                            cues)
    if chapters:
        publish_chapters(storage.path(sidecar_key(mp3_key, ".chapters.json")), chapters,
                         title=programme.title, podcast_name=settings.feed_title)
    return podcast.bytes


def write_broadcast_outputs(settings: Settings, storage: Storage, audio: Clip, mp3_key: str,
                            programme: Programme) -> str:
    """The broadcast WAV beside the MP3, copied to the radio drop folder when one is set."""
    local = programme.published.astimezone(ZoneInfo(settings.timezone))
    wav_key = sidecar_key(mp3_key, ".wav")
    broadcast_master(audio, storage.path(wav_key), stereo=settings.broadcast_stereo, bext=BextInfo(
        description=programme.title, originator=settings.station_name, originator_reference=programme.ident,
        origination=local.replace(tzinfo=None),
    ))
    if settings.drop_folder:
        dropfolder.export(Path(settings.drop_folder), programme.ident, storage.path(wav_key), dropfolder.Sidecar(
            title=programme.title, duration=audio.duration, published=local,
            kill_date=local + timedelta(hours=settings.drop_kill_hours), source_url=programme.url,
            kind=programme.kind,
        ))
    return wav_key


def remove_outputs(storage: Storage, mp3_key: str) -> None:
    for suffix in (".mp3", ".wav", ".vtt", ".srt", ".chapters.json"):
        storage.delete(sidecar_key(mp3_key, suffix))

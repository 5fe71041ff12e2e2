"""The files published for one stitched programme (an article episode or a bulletin).

Beside ``<stem>.mp3`` (the podcast master: -19 LUFS mono / -16 LUFS stereo, ID3v2.4 with
chapters and cover) go ``<stem>.wav`` (the broadcast master: 48 kHz BWF, -23 LUFS, bext v2),
``<stem>.vtt`` and ``<stem>.srt`` (transcripts, articles only) and ``<stem>.chapters.json``
(Podcasting 2.0 chapters, when there are any). ffmpeg writes the masters to local paths that the
storage gives (``Storage.writing``): beside the target in the data directory, renamed into place; in a
local scratch folder for an object store, put in one upload. A failed master replaces nothing.

When a radio drop folder is set, the broadcast WAV goes there too (``feeds.dropfolder`` names the
files and keeps versions), with an AES46 ``cart`` chunk (title, artist = station / voice, category
= ``LOA_DROP_GROUP``, cut id = the programme's id, start = publication, end = the kill date, out cue,
``AUDs``/``AUDe`` timers at the start and end of sound) and a ``LIST``/``INFO`` chunk (UTF-8) beside
its ``bext``, an RDXML sidecar for Rivendell's ``rdimport --xml`` and the JSON sidecar.
"""
from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import metadata
from pathlib import Path
from zoneinfo import ZoneInfo

from audio.bwf import BextInfo
from audio.cart import CartInfo, CartTimer, cart_chunk
from audio.masters import BroadcastOutput, LateChapters, Masters, PodcastOutput, make_masters
from audio.programme import ArrivingProgramme, Programme
from audio.riffinfo import info_chunk
from audio.tags import Chapter, EpisodeTags
from audio.wavchunks import SoundBounds, copy_with_chunks, sound_bounds
from feeds import dropfolder
from feeds.chapters import ChapterMark, chapters_json
from feeds.rdxml import RdxmlCart, rdxml
from feeds.transcripts import Cue, srt, webvtt
from loa.settings import Settings
from loa.storage import Storage
from vntext.ascii import slug

COVER_KEY = "cover.png"
COMPENSATIONS_KEY = "masters/compensations.json"  # what the masters learned of each voice (not public)


@dataclass(frozen=True)
class ProgrammeInfo:
    """What the files describe: one article or one bulletin."""

    ident: str  # article or bulletin id: names the drop-folder files
    title: str
    published: datetime
    url: str | None
    kind: str  # "segment" or "bulletin"
    outcue: str = ""  # the last words heard (the cart's out cue), when known


@dataclass(frozen=True)
class LateDocuments:
    """The chapters and cues of a programme still arriving: ``of`` gives them from the whole programme,
    ``possible_chapters`` (any times) every chapter it could give, for the room the MP3's tag keeps."""

    possible_chapters: Sequence[ChapterMark]
    of: Callable[[Programme], tuple[Sequence[ChapterMark], Sequence[Cue]]]


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


class StoredCompensations:
    """The masters' learned loudness compensations, kept in storage so every worker and every later
    render of a voice knows them (``audio.masters.Compensations``). Writers replace the whole small
    file; two workers learning at once may lose one of their values, which is learned again."""

    def __init__(self, storage: Storage):
        self.storage = storage

    def _all(self) -> dict[str, float]:
        if not self.storage.exists(COMPENSATIONS_KEY):
            return {}
        try:
            values = json.loads(self.storage.read_bytes(COMPENSATIONS_KEY))
        except (ValueError, UnicodeDecodeError):
            return {}
        return {k: float(v) for k, v in values.items()} if isinstance(values, dict) else {}

    def get(self, key: str) -> float | None:
        return self._all().get(key)

    def put(self, key: str, value: float) -> None:
        values = self._all()
        if values.get(key) != value:
            values[key] = value
            self.storage.write_bytes(COMPENSATIONS_KEY, json.dumps(values, ensure_ascii=False, indent=1).encode())


def _tags(settings: Settings, info: ProgrammeInfo) -> EpisodeTags:
    return EpisodeTags(title=info.title, artist=settings.station_name, album=settings.feed_title,
                       date=info.published.astimezone(ZoneInfo(settings.timezone)), comment=info.url or "")


def _bext(settings: Settings, info: ProgrammeInfo) -> BextInfo:
    local = info.published.astimezone(ZoneInfo(settings.timezone))
    return BextInfo(description=info.title, originator=settings.station_name, originator_reference=info.ident,
                    origination=local.replace(tzinfo=None))


def _documents(settings: Settings, info: ProgrammeInfo, chapters: Sequence[ChapterMark],
               cues: Sequence[Cue]) -> dict[str, bytes]:
    """The podcast MP3's sidecars by suffix: transcripts and chapters."""
    documents: dict[str, bytes] = {}
    if cues:
        documents[".vtt"] = webvtt(cues).encode("utf-8")
        documents[".srt"] = srt(cues).encode("utf-8")
    if chapters:
        documents[".chapters.json"] = chapters_json(chapters, title=info.title, podcast_name=settings.feed_title)
    return documents


def _id3_chapters(chapters: Sequence[ChapterMark], duration: float) -> list[Chapter]:
    return [Chapter(c.title, c.start, c.end if c.end is not None else duration, c.url) for c in chapters]


def write_outputs(
    settings: Settings,
    storage: Storage,
    programme: Programme | ArrivingProgramme,
    mp3_key: str,
    info: ProgrammeInfo,
    *,
    voice: str,
    podcast: bool = True,
    broadcast: bool = True,
    chapters: Sequence[ChapterMark] | LateDocuments = (),
    cues: Sequence[Cue] = (),
) -> Masters:
    """The masters of ``programme`` (from one read of it), and beside the podcast MP3 its transcripts
    and chapters. ``voice`` names what speaks in it, for what the masters learn of it. A programme
    still arriving is mastered as it comes; its chapters and cues (``LateDocuments``) are then
    made from where its clips fell, before anything is replaced."""
    # Everything that can be refused (chapters, cues) is built before any file is touched, or, for a
    # programme still arriving, before the files written are put in place.
    late, marks = (chapters, ()) if isinstance(chapters, LateDocuments) else (None, chapters)
    if isinstance(programme, ArrivingProgramme) and (marks or cues):
        raise ValueError("where a programme still arriving falls is known at its end: its chapters and cues "
                         "come as LateDocuments")
    documents: dict[str, bytes] = {}
    if podcast and late is None:
        documents = _documents(settings, info, marks, cues)
    describe = functools.cache(late.of) if late is not None else None  # the tag's chapters and the sidecars: once

    with ExitStack() as stack:
        podcast_output = None
        if podcast:
            id3_chapters: Sequence[Chapter] | LateChapters
            if late is None:
                id3_chapters = _id3_chapters(marks, programme.duration if isinstance(programme, Programme) else 0.0)
            else:
                possible = [Chapter(c.title, n, n + 1, c.url) for n, c in enumerate(late.possible_chapters)]
                assert describe is not None
                id3_chapters = LateChapters(possible, lambda whole: _id3_chapters(describe(whole)[0], whole.duration))
            podcast_output = PodcastOutput(stack.enter_context(storage.writing(mp3_key)), _tags(settings, info),
                                           settings.podcast_stereo, settings.mp3_bitrate, id3_chapters,
                                           cover_png(settings, storage))
        broadcast_output = None
        if broadcast:
            broadcast_output = BroadcastOutput(stack.enter_context(storage.writing(sidecar_key(mp3_key, ".wav"))),
                                               _bext(settings, info), settings.broadcast_stereo)
        masters = make_masters(programme, podcast_output, broadcast_output, voice=voice,
                               compensations=StoredCompensations(storage))
        if podcast and describe is not None:
            whole = programme.whole() if isinstance(programme, ArrivingProgramme) else programme
            documents = _documents(settings, info, *describe(whole))
    for suffix, document in documents.items():
        storage.write_bytes(sidecar_key(mp3_key, suffix), document)
    return masters


def _version() -> str:
    try:
        return metadata.version("loa")
    except metadata.PackageNotFoundError:
        return ""


def outcue_of(text: str, words: int = 6, sentence_words: int = 8) -> str:
    """The out cue of ``text``: its last sentence when that is short (at most ``sentence_words``
    words), else its last ``words`` words after "..." ("...đón đợt rét đậm.")."""
    sentences = re.split(r"(?<=[.!?…])\s+", text.strip())
    last = sentences[-1].split() if sentences else []
    if 0 < len(last) <= sentence_words:
        return " ".join(last)
    parts = text.split()
    if not parts:
        return ""
    return ("..." if len(parts) > words else "") + " ".join(parts[-words:])


def _drop_files(settings: Settings, info: ProgrammeInfo, voice: str, duration: float,
                bounds: SoundBounds, version: int) -> tuple[list[bytes], dict[str, bytes]]:
    """The chunks added to the drop-folder WAV and the sidecars of one version."""
    tz = ZoneInfo(settings.timezone)
    published = info.published.astimezone(tz)
    kill = published + timedelta(hours=settings.drop_kill_hours)
    artist = f"{settings.station_name} / {voice}" if voice else settings.station_name
    title = info.title if version == 1 else f"{info.title} (v{version})"
    user_defined = f"loa:{info.ident}"
    timers = (CartTimer("AUDs", bounds.start), CartTimer("AUDe", bounds.end)) if bounds.end > bounds.start else ()
    cart = CartInfo(
        title=title, start=published.replace(tzinfo=None), end=kill.replace(tzinfo=None), artist=artist,
        cut_id=info.ident, category=settings.drop_group, classification=info.kind, out_cue=info.outcue,
        producer_app="Loa", producer_version=_version(), user_defined=user_defined,
        timers=timers, url=info.url or "",
    )
    comment = " ".join(part for part in (info.url or "", user_defined) if part)
    chunks = [cart_chunk(cart), info_chunk([
        ("INAM", title), ("IART", artist), ("IPRD", settings.feed_title), ("IGNR", settings.drop_group),
        ("ICMT", comment), ("ICRD", published.strftime("%Y-%m-%d")), ("ISFT", f"Loa {_version()}".strip()),
    ])]
    rate = bounds.sample_rate
    sidecar = dropfolder.Sidecar(
        title=info.title, duration=duration, published=published, kill_date=kill, source_url=info.url,
        kind=info.kind, id=info.ident, version=version,
        speech_start=bounds.start / rate if bounds.end > bounds.start else None,
        speech_end=bounds.end / rate if bounds.end > bounds.start else None,
    )
    xml = rdxml(RdxmlCart(title=title, group=settings.drop_group, start=published, end=kill, artist=artist,
                          album=settings.feed_title, user_defined=user_defined, description=title,
                          outcue=info.outcue))
    return chunks, {".json": sidecar.to_json(), ".xml": xml}


def to_drop_folder(settings: Settings, storage: Storage, mp3_key: str, info: ProgrammeInfo,
                   duration: float, voice: str = "") -> str:
    """Put the broadcast WAV beside ``mp3_key`` into the radio drop folder, when one is set, with its
    metadata chunks and sidecars (see the module); its key. ``voice`` names what speaks in it."""
    wav_key = sidecar_key(mp3_key, ".wav")
    if settings.drop_folder:
        with storage.local_copy(wav_key) as source:
            _export(settings, info, voice, duration, wav_key, source)
    return wav_key


def _export(settings: Settings, info: ProgrammeInfo, voice: str, duration: float, wav_key: str,
            source: Path) -> None:
    """The drop-folder files of the broadcast WAV ``source`` (a local file holding ``wav_key``)."""
    bounds = sound_bounds(source)
    local = info.published.astimezone(ZoneInfo(settings.timezone))

    @functools.cache
    def files(version: int) -> tuple[list[bytes], dict[str, bytes]]:
        return _drop_files(settings, info, voice, duration, bounds, version)

    fallback = "ban-tin" if info.kind == "bulletin" else "tin"
    dropfolder.export(Path(settings.drop_folder), info.ident, slug(info.title, dropfolder.MAX_SLUG, fallback),
                      local, wav_key, lambda path, version: copy_with_chunks(source, path, files(version)[0]),
                      lambda version: files(version)[1])


def remove_outputs(storage: Storage, mp3_key: str) -> None:
    for suffix in (".mp3", ".wav", ".vtt", ".srt", ".chapters.json"):
        storage.delete(sidecar_key(mp3_key, suffix))
